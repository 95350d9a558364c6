"""SQL building blocks shared by the reports: fiscal years and counted disbursements.

Both are expressions for the database to evaluate, written once for SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, case, cast, func

from fundtrack.fiscal import Calendar
from fundtrack.ledger.queries import standing
from fundtrack.models import DISBURSEMENT, Entry

_e: Any = Entry


def fiscal_year_sql(column: Any, calendar: Calendar, dialect: str) -> Any:
    """The fiscal year (in ``calendar``) of the date in ``column``, computed by the database.

    A fiscal year is named by the year it ends, so a date in or after the calendar's first
    month (July for the state, October for the federal calendar) belongs to next year's.
    SQLite stores dates as ``YYYY-MM-DD`` text; PostgreSQL has a date type.
    """
    if dialect == "sqlite":
        year = cast(func.substr(column, 1, 4), Integer)
        month = cast(func.substr(column, 6, 2), Integer)
    elif dialect == "postgresql":
        year = cast(func.extract("year", column), Integer)
        month = cast(func.extract("month", column), Integer)
    else:  # pragma: no cover - make_engine accepts only these two
        raise ValueError(f"no fiscal-year expression for {dialect}")
    return year + case((month >= calendar.first_month, 1), else_=0)


def counted(entry: Any = _e) -> Any:
    """The condition for a disbursement that counts: one that stands (see ``ledger.queries``)."""
    return and_(entry.kind == DISBURSEMENT, standing(entry))


def dialect_of(session: Any) -> str:
    return str(session.get_bind().dialect.name)
