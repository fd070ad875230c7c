"""Runs the integration tests (test_*.py here) against a build; last line "N passed, N failed"."""

import argparse
import os
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent


class CountingResult(unittest.TextTestResult):
    """Counts successes directly: errors in setUpClass are not in testsRun."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.successes = 0

    def addSuccess(self, test):
        super().addSuccess(test)
        self.successes += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", required=True, help="build folder holding orggate")
    parser.add_argument("-k", dest="patterns", action="append", default=[],
                        help="only tests whose name contains PATTERN (repeatable, unittest -k)")
    args = parser.parse_args()

    build = Path(args.build).resolve()
    if not (build / "orggate").is_file():
        print(f"run.py: {build}/orggate is missing; run make first", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    os.environ["ORGGATE_BUILD"] = str(build)

    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = [p if "*" in p else f"*{p}*" for p in args.patterns]
    suite = loader.discover(str(HERE), pattern="test_*.py", top_level_dir=str(HERE))
    runner = unittest.TextTestRunner(verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    result = runner.run(suite)

    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    summary = f"{result.successes} passed, {failed} failed"
    if result.skipped:
        summary += f", {len(result.skipped)} skipped"
    sys.stdout.flush()
    print(summary)
    return 1 if failed or result.testsRun == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
