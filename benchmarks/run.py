"""The benchmark: fundtrack beside plain SQLite (or PostgreSQL), ledger and hledger.

    python benchmarks/run.py --rows 1000000 [--repeat 3] [--backend sqlite|postgresql]
                             [--ci] [--profile]

Everything is a whole process, timed side by side in one run, several times; the table shows
medians and peak memory (see ``measure.py``). The results are kept in
``benchmarks/results/BACKEND.json`` and ``docs/benchmarks.md`` is written from every backend's
results there plus ``benchmarks/analysis.md``. With ``--ci`` the run is short, the page goes
to a temporary file, nothing in the repository changes, and a missed target is reported but
never fails the run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import measure
import workload
from measure import Figure, ProcessFailed, machine, run_process

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
PAGE = ROOT / "docs" / "benchmarks.md"
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
COMPARED_IMPORT = 100_000  # the import is always measured at this size too
HLEDGER_ROWS = 100_000
REPORT_TARGET_ROWS = 1_000_000  # hledger is timed on a journal of at most this many disbursements
FISCAL_YEAR = 2020
STARTUP_FLOOR = "python -c 'import sqlalchemy, typer' (start-up floor of a database command)"


def plain_url(location: str) -> str:
    """A fundtrack location as the DB-API driver takes it."""
    return location.replace("postgresql+psycopg://", "postgresql://")


class Books:
    """Databases for one backend: SQLite files in the work folder, or PostgreSQL databases."""

    def __init__(self, backend: str, work: Path) -> None:
        self.backend, self.work = backend, work
        self.made: list[str] = []

    def location(self, name: str) -> str:
        if self.backend == "sqlite":
            return str(self.work / f"{name}.db")
        return f"{POSTGRES}/{self._pg(name)}"

    def plain(self, name: str) -> str:
        """The location for the baseline's DB-API connection."""
        return plain_url(self.location(name))

    def _pg(self, name: str) -> str:
        return f"fundtrack_bench_{os.getpid()}_{name}".lower().replace("-", "_")

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{POSTGRES.replace('+psycopg', '')}/postgres", autocommit=True) as c:
            c.execute(sql.encode())

    def create(self, name: str) -> str:
        if self.backend == "postgresql":
            self._admin(f"DROP DATABASE IF EXISTS {self._pg(name)}")
            self._admin(f"CREATE DATABASE {self._pg(name)}")
            self.made.append(name)
        return self.location(name)

    def copy(self, source: str, name: str) -> str:
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                if Path(self.location(source) + suffix).exists():
                    shutil.copyfile(self.location(source) + suffix, self.location(name) + suffix)
            os.chmod(self.location(name), 0o600)
        else:
            self._admin(f"DROP DATABASE IF EXISTS {self._pg(name)}")
            self._admin(f"CREATE DATABASE {self._pg(name)} TEMPLATE {self._pg(source)}")
            self.made.append(name)
        return self.location(name)

    def drop_all(self) -> None:
        for name in self.made:
            self._admin(f"DROP DATABASE IF EXISTS {self._pg(name)} WITH (FORCE)")


class Bench:
    def __init__(self, rows: int, repeat: int, backend: str, work: Path) -> None:
        self.rows, self.repeat, self.backend, self.work = rows, repeat, backend, work
        self.books = Books(backend, work)
        self.figures: dict[str, Figure] = {}
        self.profiles: dict[str, Callable[[], list[str]]] = {}
        self.notes: list[str] = []
        self.python = sys.executable
        found = Path(sys.executable).with_name("fundtrack")
        self.fundtrack = (
            str(found) if found.exists() else (shutil.which("fundtrack") or "fundtrack")
        )
        # An installed program runs from its bytecode caches: allow them, and compile first.
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("FUNDTRACK_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        self.env.update(FUNDTRACK_USER="bench", FUNDTRACK_REPORT_TIME="2025-07-01T09:00:00Z")

    # -- running things -------------------------------------------------------------------
    def figure(self, name: str, **target: object) -> Figure:
        if name not in self.figures:
            self.figures[name] = Figure(name, **target)  # type: ignore[arg-type]
        return self.figures[name]

    def ft(self, db: str, *args: str) -> list[str]:
        return [self.fundtrack, "--db", db, *args]

    def time(self, name: str, command: list[str], **kwargs: object) -> None:
        sample = run_process(command, cwd=self.work, env=self.env, **kwargs)  # type: ignore[arg-type]
        self.figures[name].samples.append(sample)
        print(f"  {name}: {sample.seconds:.3f} s, {sample.peak_mb:.0f} MB", flush=True)

    def quiet(self, command: list[str]) -> None:
        run_process(command, cwd=self.work, env=self.env)

    def base(self, *args: str) -> list[str]:
        return [self.python, str(HERE / "baseline.py"), *args]

    # -- the steps --------------------------------------------------------------------------
    def structure(self, name: str, data: workload.Workload) -> str:
        """A database with the workload's awards, subgrantees and subgrants (not timed)."""
        db = self.books.create(name)
        self.quiet(self.ft(db, "init"))
        for kind in ("awards", "subgrantees", "subgrants"):
            self.quiet(self.ft(db, "import", kind, str(data.file(kind))))
        return db

    def imports(self, data: workload.Workload) -> str:
        """Import the disbursements into fresh copies, beside the plain load of the same file
        into a table of its own (what a user would do instead) and the bare insert of the
        same rows into fundtrack's schema (the storage floor)."""
        n = data.rows
        template = f"structure{n}"
        self.structure(template, data)
        plain_name, floor_name = f"plain load {n:,}", f"storage floor {n:,}"
        self.figure(plain_name, note="csv + executemany into a table with one index")
        self.figure(floor_name, note="bare insert into fundtrack's schema, no checks or hashing")
        name = f"fundtrack import {n:,}"
        self.figure(name, baseline=floor_name, ratio=1.5, memory_mb=250.0)
        csv_file = str(data.file("disbursements"))
        loaded = ""
        for i in range(self.repeat):
            loaded = self.books.copy(template, f"import{n}_{i}")
            self.time(name, self.ft(loaded, "import", "disbursements", csv_file, "--new-clients"))
            self.books.copy(template, f"base{n}_{i}")
            self.time(floor_name, self.base("insert", self.books.plain(f"base{n}_{i}"), csv_file))
            self.books.create(f"plain{n}_{i}")
            self.time(plain_name, self.base("plain", self.books.plain(f"plain{n}_{i}"), csv_file))
        self.figures[f"{name} vs plain load"] = Figure(
            f"{name} vs the plain load",
            samples=self.figures[name].samples,
            baseline=plain_name,
            ratio=4.0 if n >= 1_000_000 else 5.0,
        )
        self.profiles[name] = lambda: self.ft(
            self.books.copy(template, f"profile{n}"),
            "import",
            "disbursements",
            csv_file,
            "--new-clients",
        )
        return loaded

    def startup(self) -> None:
        self.figure("python -c pass")
        self.figure("fundtrack --help", limit=0.12, baseline="python -c pass", ratio=10.0)
        self.figure(STARTUP_FLOOR)
        for _ in range(max(self.repeat, 5)):
            self.time("python -c pass", [self.python, "-c", "pass"])
            self.time("fundtrack --help", [self.fundtrack, "--help"])
            self.floor()
        self.profiles["fundtrack --help"] = lambda: ["--help"]

    def floor(self) -> None:
        """One more sample of the start-up floor, taken beside the command it is compared
        with, so that both see the same load on a shared machine."""
        self.time(STARTUP_FLOOR, [self.python, "-c", "import sqlalchemy, typer"])

    def reports(self, db: str, data: workload.Workload) -> None:
        as_of = data.last_day.isoformat()
        n = f"{data.rows:,}"
        plain = "sqlite3" if self.backend == "sqlite" else "psycopg"
        pairs = (
            ("balances", ["report", "balances", "--as-of", as_of, "--json"], ["balances", as_of]),
            ("victims-served", ["report", "victims-served", "--json"], ["victims"]),
        )
        for label, args, base_args in pairs:
            base_name = f"{plain} {label} queries at {n}"
            name = f"report {label} --json at {n}"
            self.figure(base_name)
            self.figure(name, baseline=base_name, **self.report_target(2.0))
            self.profiles[name] = lambda args=args: self.ft(db, *args)  # type: ignore[misc]
            for _ in range(self.repeat):
                self.time(name, self.ft(db, *args), stdout=self.work / f"{label}.json")
                self.time(base_name, self.base(base_args[0], plain_url(db), *base_args[1:]))

    def report_target(self, ratio: float) -> dict[str, Any]:
        """The report targets are set at 1,000,000 disbursements, where the queries outweigh
        start-up; a smaller run shows its ratios without judging them."""
        if self.rows >= REPORT_TARGET_ROWS:
            return {"ratio": ratio}
        return {"note": f"target set at {REPORT_TARGET_ROWS:,}"}

    def journals(self, db: str, small_db: str, data: workload.Workload) -> None:
        n = f"{data.rows:,}"
        journal = self.work / "books.journal"
        self.figure(f"fundtrack export ledger at {n}")
        self.time(
            f"fundtrack export ledger at {n}", self.ft(db, "export", "ledger", "-o", str(journal))
        )
        if shutil.which("ledger"):
            name = f"ledger balance at {n}"
            self.figure(name)
            for _ in range(self.repeat):
                self.time(name, ["ledger", "-f", str(journal), "balance"])
            for label in ("balances", "victims-served"):
                report = self.figures[f"report {label} --json at {n}"]
                self.figures[f"{report.name} vs ledger"] = Figure(
                    f"report {label} --json vs ledger at {n}",
                    samples=report.samples,
                    baseline=name,
                    faster=True,
                    **self.report_target(10.0),
                )
        else:
            self.notes.append("ledger is not installed: its figures are missing.")
        if shutil.which("hledger"):
            small = journal
            rows = data.rows
            if data.rows > HLEDGER_ROWS:
                small = self.work / "small.journal"
                self.quiet(self.ft(small_db, "export", "ledger", "-o", str(small)))
                rows = HLEDGER_ROWS
            name = f"hledger balance at {rows:,}"
            self.figure(
                name, note="hledger is timed on the 100,000-row books" if rows != data.rows else ""
            )
            for _ in range(min(self.repeat, 2)):
                self.time(name, ["hledger", "-f", str(small), "balance"])
        else:
            self.notes.append("hledger is not installed: its figures are missing.")

    def workbooks(self, db: str, data: workload.Workload) -> None:
        n = f"{data.rows:,}"
        register = data.per_year.get(FISCAL_YEAR, 0)
        jobs: tuple[tuple[str, list[str], dict[str, object]], ...] = (
            (
                f"report balances -o at {n}",
                ["report", "balances", "--as-of", data.last_day.isoformat(), "-o", "balances.xlsx"],
                {},
            ),
            (
                f"report victims-served -o at {n}",
                ["report", "victims-served", "-o", "victims.xlsx"],
                {
                    "baseline": f"report victims-served --json at {n}",
                    **self.report_target(1.5),
                },
            ),
            (
                f"report fiscal-year FY{FISCAL_YEAR} -o, {register:,}-row register",
                ["report", "fiscal-year", f"FY{FISCAL_YEAR}", "-o", "fiscal-year.xlsx"],
                {"limit": 12.0, "memory_mb": 150.0},
            ),
        )
        for name, args, target in jobs:
            self.figure(name, **target)
            self.profiles[name] = lambda args=args: self.ft(db, *args)  # type: ignore[misc]
            for _ in range(self.repeat):
                self.time(name, self.ft(db, *args))

    def writes(self, db: str, data: workload.Workload) -> None:
        n = f"{data.rows:,}"
        check = f"fundtrack check at {n}"
        self.figure(check)
        floor = f"hash every entry at {n} (floor of check chain)"
        chain = f"fundtrack check chain at {n}"
        self.figure(floor)
        self.figure(chain, baseline=floor, **self.report_target(2.0))
        for _ in range(self.repeat):
            self.time(check, self.ft(db, "check"))
            self.time(chain, self.ft(db, "check", "chain"))
            self.time(floor, self.base("hashall", plain_url(db)))
        self.profiles[chain] = lambda: self.ft(db, "check", "chain")
        plan = data.open_subgrant()
        name = f"one disburse at {n}"
        self.figure(name, baseline=STARTUP_FLOOR, ratio=1.4)
        args = [
            "disburse", "--subgrant", plan.code, "--client", f"{plan.clients}-000001",
            "--category", plan.categories[0], "--amount", "12.34",
            "--date", data.last_day.isoformat(), "--new-client",
        ]  # fmt: skip
        # Each payment its own voucher: the same payment twice is refused as a repeat.
        for n in range(max(self.repeat, 5)):
            self.time(name, self.ft(db, *args, "--reference", f"BENCH-{n}"))
            self.floor()
        self.profiles[name] = lambda: self.ft(db, *args, "--reference", "BENCH-PROFILE")

    def demo(self) -> None:
        """The demo ledger from the seed figures (always SQLite), and ``check`` on it."""
        self.figure("fundtrack demo", limit=30.0)
        check = "fundtrack check on the demo ledger"
        self.figure(check, limit=1.0)
        balances = "report balances --json on the demo ledger"
        self.figure(balances, baseline=STARTUP_FLOOR, ratio=1.4)
        out = self.work / "demo"
        demo_db = str(out / "demo.db")
        for _ in range(self.repeat):
            self.time("fundtrack demo", [self.fundtrack, "demo", "--out", str(out)])
        for _ in range(max(self.repeat, 5)):
            self.time(check, self.ft(demo_db, "check"))
            self.time(balances, self.ft(demo_db, "report", "balances", "--json"))
            self.floor()
        self.profiles[check] = lambda: self.ft(demo_db, "check")
        self.profiles[balances] = lambda: self.ft(demo_db, "report", "balances", "--json")

    def compile(self) -> None:
        """Write fundtrack's bytecode caches, as installing it does."""
        where = "import fundtrack, os; print(os.path.dirname(fundtrack.__file__))"
        out = self.work / "package.txt"
        run_process([self.python, "-c", where], env=self.env, stdout=out)
        package = out.read_text().strip()
        run_process([self.python, "-m", "compileall", "-q", package], env=self.env)

    def run(self) -> None:
        self.compile()
        self.startup()
        if self.backend == "sqlite":
            self.demo()
        compared = min(self.rows, COMPARED_IMPORT)
        print(f"Writing a workload of {compared:,} disbursements", flush=True)
        small = workload.generate(self.work / f"w{compared}", compared)
        small_db = self.imports(small)
        data, db = small, small_db
        if self.rows > compared:
            print(f"Writing a workload of {self.rows:,} disbursements", flush=True)
            data = workload.generate(self.work / f"w{self.rows}", self.rows)
            db = self.imports(data)
        self.reports(db, data)
        self.journals(db, small_db, data)
        self.workbooks(db, data)
        self.writes(db, data)

    def profile(self) -> dict[str, str]:
        """cProfile of every fundtrack command that missed its target: where the time goes."""
        found = {}
        for name, make in self.profiles.items():
            figure = self.figures[name]
            if measure.verdict(figure, self.figures)[2] != "MISS":
                continue
            command = make()
            out = self.work / "profile.txt"
            args = command[1:] if command[0] == self.fundtrack else command
            profiler = [self.python, str(HERE / "profile_command.py"), str(out), *args]
            run_process(profiler, cwd=self.work, env=self.env, ok_codes=(0, 1))
            found[name] = out.read_text()
        return found


def render(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `python benchmarks/run.py` (see `benchmarks/`); every figure is a whole "
        "process, the median of the runs shown, with the largest peak resident memory of those "
        "runs. Targets are those of the performance issue. Baselines are separate Python "
        "processes using the database driver directly (`benchmarks/baseline.py`).",
    ]
    for backend, result in results.items():
        info: dict[str, str] = result["machine"]
        figures = {k: Figure.from_json(dict(v)) for k, v in result["figures"].items()}
        lines += [
            "",
            f"## {backend}: {int(result['rows']):,} disbursements, {result['repeat']} runs",
            "",
        ]
        lines += [f"- {key}: {value}" for key, value in info.items()]
        lines += [f"- load average at the end: {result['load at end']}", ""]
        lines.append(measure.markdown_table(measure.table_rows(figures)))
        lines += [f"\n{note}" for note in result.get("notes", [])]
        for name, text in dict(result.get("profiles", {})).items():
            lines += ["", f"### Where the time goes: {name}", "", "```", text.rstrip(), "```"]
    earlier = RESULTS / "earlier-release.md"
    if earlier.exists():
        lines += ["", earlier.read_text().rstrip()]
    analysis = HERE / "analysis.md"
    if analysis.exists():
        lines += ["", analysis.read_text().rstrip()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--ci", action="store_true", help="a short run; the page goes to a temp file"
    )
    parser.add_argument("--profile", action="store_true", help="profile every missed target")
    parser.add_argument(
        "--render", action="store_true", help="only rewrite docs/benchmarks.md from the results"
    )
    args = parser.parse_args(argv)
    if args.render:
        write_page()
        return 0
    repeat = args.repeat or (2 if args.ci else 3)
    work = Path(tempfile.mkdtemp(prefix="fundtrack-bench-"))
    os.chmod(work, 0o700)
    info = machine()
    bench = Bench(args.rows, repeat, args.backend, work)
    try:
        bench.run()
        profiles = bench.profile() if args.profile else {}
    except ProcessFailed as failed:
        print(f"benchmark could not run: {failed}", file=sys.stderr)
        return 1
    finally:
        if args.backend == "postgresql":
            bench.books.drop_all()
        shutil.rmtree(work, ignore_errors=True)
    rows = measure.table_rows(bench.figures)
    measure.print_table(f"fundtrack benchmark, {args.rows:,} disbursements, {args.backend}", rows)
    result = {
        "rows": args.rows,
        "repeat": repeat,
        "machine": info,
        "load at end": measure.load_average(),
        "figures": {k: f.to_json() for k, f in bench.figures.items()},
        "notes": bench.notes,
        "profiles": profiles,
    }
    if args.ci:
        page = Path(tempfile.mkdtemp(prefix="fundtrack-bench-page-")) / "benchmarks.md"
        page.write_text(render({args.backend: result}))
    else:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{args.backend}.json").write_text(json.dumps(result, indent=1) + "\n")
        page = write_page()
    print(f"Wrote {page}")
    return 0


def write_page() -> Path:
    """docs/benchmarks.md from every backend's stored results and the analysis."""
    stored = {p.stem: json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))}
    ordered: dict[str, dict[str, Any]] = {
        k: stored[k] for k in ("sqlite", "postgresql") if k in stored
    }
    PAGE.write_text(render(ordered))
    return PAGE


if __name__ == "__main__":
    sys.exit(main())
