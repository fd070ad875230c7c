"""Wiring only: the settings, the state and the server; runs until SIGTERM or SIGINT."""

import os
import signal
import sys
import threading

from .config import parse_config
from .server import StandInServer
from .state import StandIn, State


def announce(url, ready_file):
    print(f"github-stand-in: listening on {url}", flush=True)
    if ready_file:
        temporary = f"{ready_file}.tmp"
        with open(temporary, "w") as file:
            file.write(url + "\n")
        os.replace(temporary, ready_file)  # whoever watches never reads half a URL


STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def main(argv):
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    config = parse_config(argv)
    state = State(config.code_ttl)
    url_host = f"[{config.host}]" if ":" in config.host else config.host

    def make_stand_in(port):
        return StandIn(config, state, f"http://{url_host}:{port}")

    try:
        server = StandInServer(config, make_stand_in)
    except OSError as error:
        print(f"github-stand-in: cannot listen on {config.host}:{config.port}: {error.strerror}", file=sys.stderr)
        return 1
    # The stop signals were blocked before any thread started (threads inherit the mask) and taken
    # with sigwait: a Python handler that sets an Event can deadlock on the Event's own lock when
    # the signal lands while the main thread is entering wait(), which a signal sent right after
    # the ready line does about once in 150 starts.
    # serve_forever runs in a thread so that this one can wait for a signal and call shutdown();
    # a short poll interval keeps that shutdown prompt.
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    announce(server.stand_in.base_url, config.ready_file)
    signal.sigwait(STOP_SIGNALS)
    state.stop()
    server.shutdown()
    server.server_close()
    return 0
