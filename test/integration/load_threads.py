"""Client threads that run while a test does something to the stack: a context manager."""

import threading


class LoadThreads:
    """Starts `targets` (callables, each run once on its own thread) on entry; on exit sets
    `stopping`, which each target polls, and waits up to `join_timeout` seconds for them."""

    def __init__(self, targets, join_timeout):
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=target) for target in targets]
        self.join_timeout = join_timeout

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=self.join_timeout)
