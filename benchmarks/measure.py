"""Timing whole processes, and describing the machine they ran on.

Every figure is a whole process, started and waited for here: wall time from ``Popen`` to
``wait4``, and the child's own peak resident memory from the ``rusage`` that ``wait4``
returns for exactly that child. A figure is the median of several runs; its memory the
largest peak of those runs.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


class ProcessFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_mb: float


@dataclass
class Figure:
    """One line of the table: a piece of work, its runs, and what it is held to.

    ``limit`` is an absolute target in seconds; ``ratio`` a target as a multiple of the
    figure named ``baseline`` (``faster`` turns it round: this many times *faster* than the
    baseline); ``memory_mb`` a limit on peak memory.
    """

    name: str
    samples: list[Sample] = field(default_factory=list)
    limit: float | None = None
    baseline: str | None = None
    ratio: float | None = None
    faster: bool = False
    memory_mb: float | None = None
    note: str = ""

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in self.samples)

    def to_json(self) -> dict[str, object]:
        data = {k: v for k, v in self.__dict__.items() if k != "samples"}
        data["samples"] = [[s.seconds, s.peak_mb] for s in self.samples]
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Figure:
        samples = [Sample(float(a), float(b)) for a, b in data.pop("samples")]  # type: ignore[attr-defined]
        return cls(samples=samples, **data)  # type: ignore[arg-type]


def run_process(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
    ok_codes: tuple[int, ...] = (0,),
) -> Sample:
    """Run ``command`` to its end; its wall time and peak memory (its output to ``stdout``)."""
    with tempfile.TemporaryFile() as errors:
        out = stdout.open("wb") if stdout else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=errors)
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
        finally:
            if stdout:
                out.close()  # type: ignore[union-attr]
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in ok_codes:
            errors.seek(0)
            said = errors.read().decode(errors="replace")[-2000:]
            raise ProcessFailed(f"{' '.join(command)} exited {code}: {said}")
    return Sample(elapsed, usage.ru_maxrss / 1024)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def machine() -> dict[str, str]:
    """CPU model, cores, memory, Python and SQLite versions, date, and the load right now."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load at start": load_average(),
    }


def verdict(figure: Figure, figures: dict[str, Figure]) -> tuple[str, str, str]:
    """(target, ratio to the baseline, pass/miss) as text."""
    targets, ratio_text, met = [], "", True
    base = figures.get(figure.baseline or "")
    if base is not None and base.samples:
        ratio = figure.seconds / base.seconds
        if figure.faster:
            ratio_text = f"{1 / ratio:.1f}x faster than {base.name}"
        else:
            ratio_text = f"{ratio:.2f}x {base.name}"
        if figure.ratio is not None:
            if figure.faster:
                targets.append(f">= {figure.ratio:g}x faster")
                met &= 1 / ratio >= figure.ratio
            else:
                targets.append(f"<= {figure.ratio:g}x")
                met &= ratio <= figure.ratio
    if figure.limit is not None:
        targets.append(f"<= {figure.limit:g} s")
        met &= figure.seconds <= figure.limit
    if figure.memory_mb is not None:
        targets.append(f"<= {figure.memory_mb:g} MB")
        met &= figure.peak_mb <= figure.memory_mb
    if not targets:
        return "", ratio_text, ""
    return ", ".join(targets), ratio_text, "pass" if met else "MISS"


HEADER = ("Work", "Median", "Runs", "Target", "Ratio", "Result", "Peak MB")


def table_rows(figures: dict[str, Figure]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for figure in figures.values():
        if not figure.samples:
            continue
        target, ratio, result = verdict(figure, figures)
        name = f"{figure.name} ({figure.note})" if figure.note else figure.name
        rows.append(
            (
                name,
                f"{figure.seconds:.3f} s",
                str(len(figure.samples)),
                target,
                ratio,
                result,
                f"{figure.peak_mb:.0f}",
            )
        )
    return rows


def markdown_table(rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def print_table(title: str, rows: list[tuple[str, ...]]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # plain text when Rich is not installed
        print(title)
        for row in [HEADER, *rows]:
            print("  ".join(row))
        return
    table = Table(title=title, title_justify="left")
    for column in HEADER:
        table.add_column(
            column, justify="right" if column in ("Median", "Runs", "Peak MB") else "left"
        )
    for row in rows:
        table.add_row(*row, style="bold red" if row[5] == "MISS" else None)
    Console(width=200).print(table)
