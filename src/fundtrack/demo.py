"""The demo ledger: the seed documents' published figures, built into a fresh database.

``build_demo`` makes a new SQLite database in a folder of its own, records the demo data
(``demo_data/``: awards, subgrantees, subgrants, clients, disbursements, services) through
``import_file`` — the path ``fundtrack import`` takes — and writes the three workbooks a grant
manager would send. It never touches any other database: it refuses a folder whose files it
did not make, and a folder that holds the database ``--db`` or ``FUNDTRACK_DB`` names.

What is real and what is synthetic in the data, and why, is in ``demo_data/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fundtrack.errors import InvalidInput
from fundtrack.io.atomic import write_atomically

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlmodel import Session

    from fundtrack.reports.balances import Balances
    from fundtrack.reports.victims import VictimsServed
    from fundtrack.transfer.importer import ImportSummary

#: The packaged data files, imported in this order (each needs the ones before it).
DATA = Path(__file__).resolve().parent / "demo_data"
KINDS = ("awards", "subgrantees", "subgrants", "clients", "disbursements", "services")

DATABASE = "demo.db"
MARKER = ".fundtrack-demo"
VICTIMS_SERVED = "victims-served.xlsx"
BALANCES = "balances.xlsx"
FISCAL_YEAR = 2020
FISCAL_YEAR_BOOK = f"fiscal-year-FY{FISCAL_YEAR}.xlsx"
WORKBOOKS = (VICTIMS_SERVED, BALANCES, FISCAL_YEAR_BOOK)
#: Everything the demo writes into its folder, and so all it ever removes there.
OWN_FILES = (
    MARKER,
    DATABASE,
    f"{DATABASE}-wal",
    f"{DATABASE}-shm",
    f"{DATABASE}-journal",
    *WORKBOOKS,
)

#: Balances are shown as of the end of the two years the NMHTTF partner fact sheet reports
#: on (its FY20 and August 2020 figures), so the statuses describe the books as the seeds
#: saw them, and the demo prints the same figures whatever day it is run.
AS_OF = date(2020, 9, 30)


@dataclass(frozen=True)
class DemoBooks:
    """What ``build_demo`` made: where, and what each data file added."""

    folder: Path
    database: Path
    imported: list[ImportSummary] = field(default_factory=list)

    @property
    def location(self) -> str:
        return str(self.database)

    def workbook(self, name: str) -> Path:
        return self.folder / name


def data_file(kind: str) -> Path:
    """The packaged CSV file of ``kind``."""
    return DATA / f"{kind}.csv"


def prepare_folder(folder: Path, *, protected_url: str) -> Path:
    """Make ``folder`` ready for a new demo: remove the demo's own earlier files, nothing else.

    Refuses a folder that holds files with the demo's names it did not write (no marker),
    and a folder where ``protected_url`` (the user's own database) lives.
    """
    from fundtrack.db.location import sqlite_path

    folder = folder.expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"--out {folder} is a file; name a folder for the demo")
    database = folder / DATABASE
    user_path = sqlite_path(protected_url)
    if user_path is not None and user_path.resolve().parent == folder:
        raise InvalidInput(
            f"{folder} holds your database {user_path.name} (from --db or FUNDTRACK_DB); "
            "the demo never touches it — choose another --out folder"
        )
    present = [name for name in OWN_FILES[1:] if (folder / name).exists()]
    if present and not (folder / MARKER).exists():
        raise InvalidInput(
            f"{folder} already has {', '.join(present)}, not made by `fundtrack demo`; "
            "choose another --out folder"
        )
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)  # private, like any fundtrack database's folder
    for name in OWN_FILES:
        (folder / name).unlink(missing_ok=True)
    write_atomically(
        folder / MARKER,
        b"Made by `fundtrack demo`, which removes and rebuilds this folder's demo files.\n",
        private=False,
    )
    return database


def create_database(location: str, *, by: str) -> None:
    """A new database with the seed sources and categories, as ``fundtrack init`` makes it."""
    from fundtrack.books.sources import seed
    from fundtrack.db import Database
    from fundtrack.db.migrate import upgrade

    def fill(session: Any) -> None:
        seed(session, by=by)

    db = Database(location)
    try:
        db.guard(lambda: upgrade(db, then=fill))
    finally:
        db.dispose()


def import_data(location: str, *, by: str) -> list[ImportSummary]:
    """Import each data file in order, each in its own unit of work, as a clerk would."""
    from fundtrack.db import Database
    from fundtrack.transfer.importer import import_file

    def importer(kind: str) -> Callable[[Session], ImportSummary]:
        return lambda session: import_file(session, kind, data_file(kind), by=by)

    db = Database(location)
    try:
        return [db.write(importer(kind)) for kind in KINDS]
    finally:
        db.dispose()


def build_demo(folder: Path, *, protected_url: str, by: str) -> DemoBooks:
    """A fresh demo database in ``folder`` holding the seeds' figures."""
    database = prepare_folder(folder, protected_url=protected_url)
    create_database(str(database), by=by)
    imported = import_data(str(database), by=by)
    return DemoBooks(database.parent, database, imported)


@dataclass(frozen=True)
class DemoReports:
    """The demo's reports, as values for the terminal, and the workbooks written from them."""

    victims: VictimsServed
    balances: Balances
    workbooks: tuple[Path, ...]


def write_reports(books: DemoBooks) -> DemoReports:
    """Compute victims served, balances and FY2020 once; write the three workbooks."""
    from fundtrack.db import Database
    from fundtrack.io.output import save_workbook
    from fundtrack.reports.balances_tables import balances_workbook
    from fundtrack.reports.fiscal_year_tables import fiscal_year_workbook
    from fundtrack.reports.victims_tables import victims_workbook

    def compute_and_write(session: Any) -> DemoReports:
        # Written inside the read transaction: the fiscal year's register streams from it.
        victims, balances, year, abouts = _compute(session, db.display)
        written = (
            save_workbook(victims_workbook(victims, abouts[0]), books.workbook(VICTIMS_SERVED)),
            save_workbook(balances_workbook(balances, abouts[1]), books.workbook(BALANCES)),
            save_workbook(fiscal_year_workbook(year, abouts[2]), books.workbook(FISCAL_YEAR_BOOK)),
        )
        return DemoReports(victims, balances, written)

    db = Database(books.location)
    try:
        return db.read(compute_and_write)
    finally:
        db.dispose()


def _compute(session: Any, where: str) -> tuple[Any, ...]:
    from fundtrack.fiscal import Calendar
    from fundtrack.reports.about import about
    from fundtrack.reports.balances import balances
    from fundtrack.reports.fiscal_year import fiscal_year_report
    from fundtrack.reports.fiscal_year_tables import fiscal_year_scope
    from fundtrack.reports.victims import victims_served

    victims = victims_served(session, calendar=Calendar.STATE, by_subgrantee=True)
    money = balances(session, as_of=AS_OF)
    year = fiscal_year_report(session, FISCAL_YEAR, Calendar.STATE)
    abouts = (
        about(
            session,
            report="Victims served",
            scope=f"{victims.range_label}, state calendar; sources: {', '.join(victims.sources)}",
            database=where,
        ),
        about(
            session,
            report="Balances",
            scope=f"as of {AS_OF.isoformat()}; sources: all",
            database=where,
        ),
        about(
            session,
            report=f"Fiscal year {year.label}",
            scope=fiscal_year_scope(year),
            database=where,
        ),
    )
    return victims, money, year, abouts
