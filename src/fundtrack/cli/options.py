"""Option types shared by many commands, declared once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from decimal import Decimal

#: Where the books are; taken before the command (``fundtrack --db x.db log``) or after it.
Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH-OR-URL",
        help="SQLite file or SQLAlchemy URL (default: $FUNDTRACK_DB, else your data folder).",
    ),
]
#: Who is recording; taken before the command or after it, like ``--db``.
By = Annotated[
    str | None,
    typer.Option("--by", help="Who is recording (default: $FUNDTRACK_USER, else the login name)."),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of a table.")]
Amount = Annotated[str, typer.Option("--amount", help="Money, e.g. 1234.56 or '$1,234.56'.")]
FiscalYear = Annotated[str, typer.Option("--fy", help="Fiscal year: 2020, FY2020, FY20 or fy20.")]
OptionalFiscalYear = Annotated[
    str | None, typer.Option("--fy", help="Only this fiscal year (2020, FY2020, FY20).")
]
Start = Annotated[
    str | None,
    typer.Option("--start", help="First day of the period of performance (2019-07-01)."),
]
End = Annotated[
    str | None,
    typer.Option("--end", help="Last day of the period of performance."),
]
Name = Annotated[str, typer.Option("--name", help="The full name people know it by.")]
AwardCode = Annotated[str, typer.Argument(help="Award code.")]
SubgrantCode = Annotated[str, typer.Argument(help="Subgrant code.")]
#: Where a report is written; its extension picks the format.
Output = Annotated[
    str | None,
    typer.Option(
        "-o",
        "--output",
        help="Write FILE.xlsx (a workbook), FILE.csv (the finest table) or FILE.json.",
    ),
]


def given_percent(text: str | None, option: str) -> Decimal | None:
    """A percent option (``--match-percent``, ``--admin-cap-percent``), or None when it is
    left out or empty."""
    from fundtrack.books.federal_terms import parse_percent

    return parse_percent(text, what=option) if text else None
