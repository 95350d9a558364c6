"""Funding sources: who the money comes from, and the calendar its fiscal years are read in."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.books.categories import seed_categories
from fundtrack.books.federal_terms import percent_text
from fundtrack.books.lookup import Named, find, name_of, require_new
from fundtrack.clock import utc_now
from fundtrack.errors import InvalidInput
from fundtrack.fiscal import Calendar
from fundtrack.identifiers import normalize_code
from fundtrack.models import Source

SEED_SOURCES = (
    (
        "CVRC-HT",
        "Human Trafficking special appropriations (state, administered by CVRC)",
        Calendar.STATE,
        0,
        None,
        None,
    ),
    (
        "VOCA",
        "Victims of Crime Act victim assistance (federal, passed through CVRC)",
        Calendar.FEDERAL,
        3,
        # 28 CFR 94.118: 20% of the total project cost; 34 U.S.C. 20103(b)(3): 5% for
        # administration.
        Decimal(20),
        Decimal(5),
    ),
    # OVC's human-trafficking grants: a federal share of at most 75% of the total cost.
    (
        "DOJ",
        "U.S. Department of Justice discretionary grants",
        Calendar.FEDERAL,
        0,
        Decimal(25),
        None,
    ),
)


def add_source(
    session: Session,
    code: str,
    name: str,
    calendar: Calendar,
    *,
    extra_years: int = 0,
    match_percent: Decimal | None = None,
    admin_cap_percent: Decimal | None = None,
    by: str,
) -> Named:
    """Record a source; ``match_percent`` is of the total project cost, ``admin_cap_percent``
    of each award's amount (None: no match, no cap)."""
    code = normalize_code(code, what="source code")
    if not 0 <= extra_years <= 10:
        raise InvalidInput(f"--extra-years {extra_years} is out of range; use 0 to 10")
    require_new(session, Source, Source.code, code, "source")
    source = Source(
        code=code,
        name=name_of(name, "source"),
        calendar=calendar.value,
        extra_years=extra_years,
        match_percent=None if match_percent is None else percent_text(match_percent),
        admin_cap_percent=None if admin_cap_percent is None else percent_text(admin_cap_percent),
        recorded_at=utc_now(),
        recorded_by=by,
    )
    session.add(source)
    session.flush()
    return Named(code, source.name, source.calendar, extra_years)


def get_source(session: Session, code: str) -> Source:
    """The source with this code (any case), or ``NotFound`` with a "did you mean"."""
    return find(session, Source, code, what="source")


def list_sources(session: Session) -> list[Named]:
    rows = session.execute(select(Source).order_by(col(Source.code))).scalars()
    return [Named(s.code, s.name, s.calendar, s.extra_years) for s in rows]


def seed(session: Session, *, by: str) -> tuple[int, int]:
    """Record the seeds' sources and the seven categories where missing.

    Returns how many sources and how many categories were added.
    """
    sources = 0
    for code, name, calendar, extra, match, cap in SEED_SOURCES:
        if session.execute(select(col(Source.id)).where(col(Source.code) == code)).first() is None:
            add_source(
                session,
                code,
                name,
                calendar,
                extra_years=extra,
                match_percent=match,
                admin_cap_percent=cap,
                by=by,
            )
            sources += 1
    categories = seed_categories(session, by=by)
    return sources, categories
