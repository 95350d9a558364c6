"""SQL building blocks shared by the reports: fiscal years and counted disbursements.

Both are expressions for the database to evaluate, written once for SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, case, cast, func

from fundtrack.fiscal import Calendar
from fundtrack.ledger.kinds import served_kinds
from fundtrack.ledger.queries import standing
from fundtrack.models import entries as _e


def fiscal_year_sql(column: Any, calendar: Calendar, dialect: str) -> Any:
    """The fiscal year (in ``calendar``) of the date in ``column``, computed by the database.

    A fiscal year is named by the year it ends, so a date in or after the calendar's first
    month (July for the state, October for the federal calendar) belongs to next year's.
    """
    year, month = _year_month(column, dialect)
    return year + case((month >= calendar.first_month, 1), else_=0)


def fiscal_quarter_sql(column: Any, calendar: Calendar, dialect: str) -> Any:
    """The quarter (1 to 4) of its fiscal year that the date in ``column`` falls in:
    federal Q1 is October-December, state Q1 July-September (``fiscal.Quarter``)."""
    _, month = _year_month(column, dialect)
    first = calendar.first_month
    return case(
        *(
            (month.in_([(first + 3 * (q - 1) + m - 1) % 12 + 1 for m in range(3)]), q)
            for q in (1, 2, 3)
        ),
        else_=4,
    )


def _year_month(column: Any, dialect: str) -> tuple[Any, Any]:
    """The year and month of a date column. SQLite stores dates as ``YYYY-MM-DD`` text;
    PostgreSQL has a date type."""
    if dialect == "sqlite":
        return (
            cast(func.substr(column, 1, 4), Integer),
            cast(func.substr(column, 6, 2), Integer),
        )
    if dialect == "postgresql":
        return (
            cast(func.extract("year", column), Integer),
            cast(func.extract("month", column), Integer),
        )
    raise ValueError(f"no date expression for {dialect}")  # pragma: no cover


def counted(entry: Any = _e) -> Any:
    """The condition for an entry that counts its client as served: of a kind that counts
    (``ledger.kinds``) and standing (``ledger.queries``)."""
    return and_(entry.kind.in_(served_kinds()), standing(entry))


def dialect_of(session: Any) -> str:
    return str(session.get_bind().dialect.name)
