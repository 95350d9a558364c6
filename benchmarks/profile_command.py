"""Run one fundtrack command under cProfile and print where its time goes.

    python benchmarks/profile_command.py PROFILE.txt --db books.db report balances --json

The whole process is profiled from the first import of fundtrack's command line (imports
included), and the functions taking the most time are printed, by cumulative and by own time.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import pstats
import sys
import time

LINES = 25


def main() -> None:
    out, arguments = sys.argv[1], sys.argv[2:]
    started = time.perf_counter()
    profiler = cProfile.Profile()
    profiler.enable()
    from fundtrack.cli.app import app

    with contextlib.suppress(SystemExit):
        app(args=arguments, prog_name="fundtrack")
    profiler.disable()
    elapsed = time.perf_counter() - started
    text = io.StringIO()
    text.write(f"fundtrack {' '.join(arguments)}: {elapsed:.2f} s under the profiler\n")
    stats = pstats.Stats(profiler, stream=text)
    stats.strip_dirs().sort_stats("cumulative").print_stats(LINES)
    stats.sort_stats("tottime").print_stats(LINES)
    lines = [line.rstrip() for line in text.getvalue().splitlines() if line.strip()]
    with open(out, "w", encoding="utf-8") as written:
        written.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
