"""Sources, categories, subgrantees and clients: the names the books are kept in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from fundtrack.books.lookup import require_new
from fundtrack.clock import utc_now
from fundtrack.errors import InvalidInput
from fundtrack.fiscal import Calendar
from fundtrack.identifiers import (
    generate_client_ref,
    normalize_category,
    normalize_client_ref,
    normalize_code,
)
from fundtrack.models import Category, Client, Entry, Source, Subgrantee
from fundtrack.service_areas import SEED_AREAS, parse_service_area

SEED_SOURCES = (
    (
        "CVRC-HT",
        "Human Trafficking special appropriations (state, administered by CVRC)",
        Calendar.STATE,
        0,
    ),
    (
        "VOCA",
        "Victims of Crime Act victim assistance (federal, passed through CVRC)",
        Calendar.FEDERAL,
        3,
    ),
    ("DOJ", "U.S. Department of Justice discretionary grants", Calendar.FEDERAL, 0),
)
SEED_CATEGORIES = (
    ("crisis-stabilization", "Crisis stabilization"),
    ("rent", "Rent"),
    ("relocation", "Relocation"),
    ("travel", "Travel"),
    ("pecuniary-loss", "Pecuniary loss"),
    ("lost-wages", "Loss of wages"),
    ("civil-legal", "Civil legal assistance (trafficking visas and related civil legal services)"),
)


@dataclass(frozen=True)
class Named:
    """A source, category or subgrantee as listed."""

    code: str
    name: str
    calendar: str | None = None
    extra_years: int | None = None
    service_area: str | None = None


@dataclass(frozen=True)
class ClientRow:
    ref: str
    disbursements: int
    recorded_at: datetime
    recorded_by: str


def _name(text: str, what: str) -> str:
    name = " ".join(str(text).split())
    if not name:
        raise InvalidInput(f"{what} name is empty; give it a name with --name")
    if len(name) > 200:
        raise InvalidInput(f"{what} name is {len(name)} characters; keep it under 200")
    if not name.isprintable():
        raise InvalidInput(f"{what} name contains control characters; type plain text")
    return name


def add_source(
    session: Session, code: str, name: str, calendar: Calendar, *, extra_years: int = 0, by: str
) -> Named:
    code = normalize_code(code, what="source code")
    if not 0 <= extra_years <= 10:
        raise InvalidInput(f"--extra-years {extra_years} is out of range; use 0 to 10")
    require_new(session, Source, Source.code, code, "source")
    source = Source(
        code=code,
        name=_name(name, "source"),
        calendar=calendar.value,
        extra_years=extra_years,
        recorded_at=utc_now(),
        recorded_by=by,
    )
    session.add(source)
    session.flush()
    return Named(code, source.name, source.calendar, extra_years)


def add_category(
    session: Session, code: str, name: str, *, service_area: str | None = None, by: str
) -> Named:
    """Record a category; ``service_area`` is one of the PMT's (None: "unspecified")."""
    code = normalize_category(code)
    area = parse_service_area(service_area) if service_area is not None else None
    require_new(session, Category, Category.code, code, "category")
    session.add(
        Category(
            code=code,
            name=_name(name, "category"),
            service_area=area,
            recorded_at=utc_now(),
            recorded_by=by,
        )
    )
    session.flush()
    return Named(code, _name(name, "category"), service_area=area)


def add_subgrantee(session: Session, code: str, name: str, *, by: str) -> Named:
    code = normalize_code(code, what="subgrantee code")
    require_new(session, Subgrantee, Subgrantee.code, code, "subgrantee")
    session.add(
        Subgrantee(code=code, name=_name(name, "subgrantee"), recorded_at=utc_now(), recorded_by=by)
    )
    session.flush()
    return Named(code, _name(name, "subgrantee"))


def add_client(session: Session, ref: str | None, *, by: str) -> str:
    """Register a client reference (a random one when ``ref`` is None); returns it."""
    if ref is None:
        ref = _unused_ref(session)
    ref = normalize_client_ref(ref)
    require_new(session, Client, Client.ref, ref, "client")
    session.add(Client(ref=ref, recorded_at=utc_now(), recorded_by=by))
    session.flush()
    return ref


def _unused_ref(session: Session) -> str:
    while True:
        ref = generate_client_ref()
        if session.execute(select(col(Client.id)).where(col(Client.ref) == ref)).first() is None:
            return ref


def list_sources(session: Session) -> list[Named]:
    rows = session.execute(select(Source).order_by(col(Source.code))).scalars()
    return [Named(s.code, s.name, s.calendar, s.extra_years) for s in rows]


def list_categories(session: Session) -> list[Named]:
    rows = session.execute(select(Category).order_by(col(Category.code))).scalars()
    return [Named(c.code, c.name, service_area=c.service_area) for c in rows]


def list_subgrantees(session: Session) -> list[Named]:
    rows = session.execute(select(Subgrantee).order_by(col(Subgrantee.code))).scalars()
    return [Named(s.code, s.name) for s in rows]


def list_clients(session: Session) -> list[ClientRow]:
    e: Any = Entry
    reversal: Any = aliased(Entry)
    voided = select(reversal.id).where(reversal.reverses_id == e.id).exists()
    count = (
        select(func.count())
        .where(e.client_id == Client.id, e.reverses_id.is_(None), ~voided)
        .correlate(Client)
        .scalar_subquery()
    )
    rows = session.execute(
        select(col(Client.ref), count, col(Client.recorded_at), col(Client.recorded_by)).order_by(
            Client.ref
        )
    ).all()
    return [ClientRow(r[0], int(r[1]), r[2], r[3]) for r in rows]


def seed(session: Session, *, by: str) -> tuple[int, int]:
    """Record the seeds' sources and the seven categories where missing.

    Returns how many sources and how many categories were added.
    """
    sources = categories = 0
    for code, name, calendar, extra in SEED_SOURCES:
        if session.execute(select(col(Source.id)).where(col(Source.code) == code)).first() is None:
            add_source(session, code, name, calendar, extra_years=extra, by=by)
            sources += 1
    for code, name in SEED_CATEGORIES:
        if (
            session.execute(select(col(Category.id)).where(col(Category.code) == code)).first()
            is None
        ):
            add_category(session, code, name, service_area=SEED_AREAS.get(code), by=by)
            categories += 1
    return sources, categories
