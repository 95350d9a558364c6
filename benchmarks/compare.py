"""This checkout beside an earlier release: the same import, timed in the same run.

    python benchmarks/compare.py --rev 3918268 --rows 100000 [--repeat 3] [--write]

A change that only moves code must not slow the import a clerk runs every month. The earlier
release is checked out with ``git worktree`` into a temporary folder and run from its own
source with this interpreter (the dependencies are the same); each side builds its own books
with its own code, then both import the same disbursements file into fresh copies, turn
about, ``--repeat`` times. With ``--write`` the result is kept in
``benchmarks/results/earlier-release.md`` and docs/benchmarks.md is written again with it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import run
import workload
from measure import Figure, machine, markdown_table, print_table, run_process, table_rows

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KEPT = HERE / "results" / "earlier-release.md"
HEADING = "## Against an earlier release"


class Side:
    """One version of fundtrack: its source folder and the books it builds."""

    def __init__(self, label: str, source: Path, work: Path) -> None:
        self.label, self.source, self.work = label, source, work
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FUNDTRACK_")}
        self.env.update(
            PYTHONPATH=str(source / "src"),
            FUNDTRACK_USER="bench",
            FUNDTRACK_REPORT_TIME="2025-07-01T09:00:00Z",
        )

    def command(self, db: Path, *args: str) -> list[str]:
        return [sys.executable, "-m", "fundtrack", "--db", str(db), *args]

    def structure(self, data: workload.Workload) -> Path:
        """Books with the workload's awards, subgrantees and subgrants (not timed)."""
        db = self.work / f"{self.label}-structure.db"
        run_process(self.command(db, "init"), cwd=self.work, env=self.env)
        for kind in ("awards", "subgrantees", "subgrants"):
            args = ("import", kind, str(data.file(kind)))
            run_process(self.command(db, *args), cwd=self.work, env=self.env)
        return db

    def fresh_copy(self, template: Path, run: int) -> Path:
        copy = self.work / f"{self.label}-import{run}.db"
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        shutil.copy(template, copy)
        return copy


def checkout(rev: str, folder: Path) -> Path:
    """The earlier release's tree, as a detached worktree of this repository."""
    target = folder / "earlier"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(target), rev], check=True
    )
    return target


def remove_checkout(target: Path) -> None:
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(target)], check=False
    )


def compare(rev: str, rows: int, repeat: int, work: Path) -> dict[str, Figure]:
    data = workload.generate(work / "workload", rows)
    earlier = Side("earlier", checkout(rev, work), work)
    try:
        now = Side("now", ROOT, work)
        templates = {side.label: side.structure(data) for side in (earlier, now)}
        names = {
            earlier.label: f"{rev} import {rows:,}",
            now.label: f"this checkout import {rows:,}",
        }
        figures = {
            names["earlier"]: Figure(names["earlier"]),
            names["now"]: Figure(names["now"], baseline=names["earlier"], ratio=1.10),
        }
        for run in range(repeat):
            for side in (earlier, now):
                db = side.fresh_copy(templates[side.label], run)
                args = ("import", "disbursements", str(data.file("disbursements")), "--new-clients")
                sample = run_process(side.command(db, *args), cwd=work, env=side.env)
                figures[names[side.label]].samples.append(sample)
                print(f"  {names[side.label]}: {sample.seconds:.3f} s", flush=True)
        return figures
    finally:
        remove_checkout(work / "earlier")


def section(rev: str, rows: int, figures: dict[str, Figure]) -> str:
    about = machine()
    facts = "\n".join(f"- {key}: {value}" for key, value in about.items())
    return (
        f"{HEADING}\n\n"
        f"`python benchmarks/compare.py --rev {rev} --rows {rows}`: the import of {rows:,} "
        "disbursements by the earlier release and by this checkout, turn about in one run, "
        "each into a fresh copy of books it built itself. Target: within 10% of the earlier "
        "release.\n\n"
        f"{facts}\n\n{markdown_table(table_rows(figures))}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", required=True, help="the earlier release (a git revision)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fundtrack-compare-") as folder:
        figures = compare(args.rev, args.rows, args.repeat, Path(folder))
    print_table(f"{args.rev} beside this checkout", table_rows(figures))
    if args.write:
        KEPT.write_text(section(args.rev, args.rows, figures), encoding="utf-8")
        print(f"Wrote {run.write_page()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
