"""Categories: what a disbursement paid for (rent, travel, civil legal help, ...)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.books.lookup import Named, by_code, name_of, require_new
from fundtrack.clock import utc_now
from fundtrack.identifiers import normalize_category
from fundtrack.models import Category
from fundtrack.service_areas import SEED_AREAS, parse_service_area

SEED_CATEGORIES = (
    ("crisis-stabilization", "Crisis stabilization"),
    ("rent", "Rent"),
    ("relocation", "Relocation"),
    ("travel", "Travel"),
    ("pecuniary-loss", "Pecuniary loss"),
    ("lost-wages", "Loss of wages"),
    ("civil-legal", "Civil legal assistance (trafficking visas and related civil legal services)"),
)


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
            name=name_of(name, "category"),
            service_area=area,
            recorded_at=utc_now(),
            recorded_by=by,
        )
    )
    session.flush()
    return Named(code, name_of(name, "category"), service_area=area)


def list_categories(session: Session) -> list[Named]:
    rows = session.execute(select(Category).order_by(col(Category.code))).scalars()
    return [Named(c.code, c.name, service_area=c.service_area) for c in rows]


def get_category(session: Session, code: str) -> Category:
    return by_code(
        session,
        Category,
        normalize_category(code),
        what="category",
        listing="fundtrack category list",
    )


def seed_categories(session: Session, *, by: str) -> int:
    """Record the seven seed categories where missing; returns how many were added."""
    added = 0
    for code, name in SEED_CATEGORIES:
        if (
            session.execute(select(col(Category.id)).where(col(Category.code) == code)).first()
            is None
        ):
            add_category(session, code, name, service_area=SEED_AREAS.get(code), by=by)
            added += 1
    return added
