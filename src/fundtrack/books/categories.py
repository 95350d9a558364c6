"""Categories: what a disbursement paid for (rent, travel, civil legal help, ...)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.books.lookup import Named, by_code, name_of, require_new, require_reason
from fundtrack.clock import utc_now
from fundtrack.identifiers import normalize_category
from fundtrack.ledger import terms
from fundtrack.models import CATEGORY, Category
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
    """Record a category and its fact entry; ``service_area`` is one of the PMT's (None:
    "unspecified")."""
    named, category_id = _insert(session, code, name, service_area=service_area, by=by)
    terms.record(session, CATEGORY, {"category": [category_id]}, by=by)
    return named


def _insert(
    session: Session, code: str, name: str, *, service_area: str | None, by: str
) -> tuple[Named, int]:
    code = normalize_category(code)
    area = parse_service_area(service_area) if service_area is not None else None
    require_new(session, Category, Category.code, code, "category")
    category = Category(
        code=code,
        name=name_of(name, "category"),
        service_area=area,
        recorded_at=utc_now(),
        recorded_by=by,
    )
    session.add(category)
    session.flush()
    assert category.id is not None
    return Named(code, category.name, service_area=area), category.id


def list_categories(session: Session) -> list[Named]:
    c: Any = terms.now("category")
    rows = session.execute(select(c).order_by(c.c.code)).all()
    return [Named(r.code, r.name, service_area=r.service_area) for r in rows]


def get_category(session: Session, code: str) -> Category:
    """The category with this code as it stands now, or ``NotFound`` with a "did you mean"."""
    found = by_code(
        session,
        Category,
        normalize_category(code),
        what="category",
        listing="fundtrack category list",
    )
    return terms.current(session, Category, found.id)


def seed_categories(session: Session, *, by: str) -> int:
    """Record the seven seed categories where missing, in one fact entry; returns how many
    were added."""
    added = []
    for code, name in SEED_CATEGORIES:
        if (
            session.execute(select(col(Category.id)).where(col(Category.code) == code)).first()
            is None
        ):
            area = SEED_AREAS.get(code)
            added.append(_insert(session, code, name, service_area=area, by=by)[1])
    if added:
        terms.record(session, CATEGORY, {"category": added}, by=by)
    return len(added)


def amend_category(
    session: Session,
    code: str,
    *,
    name: str | None = None,
    service_area: str | None = None,
    reason: str,
    by: str,
) -> tuple[int, Named]:
    """Change a category's name or service area (never its code), with a reason; returns
    the entry's id and the category as it now stands."""
    category = get_category(session, code)
    why = require_reason(reason)
    changes = {
        "name": name_of(name, "category") if name is not None else None,
        "service_area": parse_service_area(service_area) if service_area is not None else None,
    }
    assert category.id is not None
    entry_id, _, after = terms.amend(
        session, CATEGORY, "category", category.id, changes, reason=why, by=by
    )
    return entry_id, Named(after["code"], after["name"], service_area=after["service_area"])
