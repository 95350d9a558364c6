"""Funding sources: who the money comes from, and the calendar its fiscal years are read in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from fundtrack.books.categories import seed_categories
from fundtrack.books.federal_terms import percent_text
from fundtrack.books.lookup import Named, find, name_of, require_new, require_reason
from fundtrack.clock import utc_now
from fundtrack.errors import InvalidInput, RuleViolation
from fundtrack.fiscal import Calendar
from fundtrack.identifiers import normalize_code
from fundtrack.ledger import terms
from fundtrack.models import SOURCE, Award, Source, SourceVersion

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
#: A seeded source's federal rules: (match percent, administration cap percent).
SEED_RULES = {code: (match, cap) for code, _, _, _, match, cap in SEED_SOURCES}


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
    """Record a source and its ``source`` fact entry; ``match_percent`` is of the total
    project cost, ``admin_cap_percent`` of each award's amount (None: no match, no cap)."""
    rules = (match_percent, admin_cap_percent)
    named, source_id = _insert(session, code, name, calendar, extra_years, rules, by=by)
    terms.record(session, SOURCE, {"source": [source_id]}, by=by)
    return named


def _insert(
    session: Session,
    code: str,
    name: str,
    calendar: Calendar,
    extra_years: int,
    rules: tuple[Decimal | None, Decimal | None],
    *,
    by: str,
) -> tuple[Named, int]:
    code = normalize_code(code, what="source code")
    _require_extra_years(extra_years)
    require_new(session, Source, Source.code, code, "source")
    source = Source(
        code=code,
        name=name_of(name, "source"),
        calendar=calendar.value,
        extra_years=extra_years,
        match_percent=_percent(rules[0]),
        admin_cap_percent=_percent(rules[1]),
        recorded_at=utc_now(),
        recorded_by=by,
    )
    session.add(source)
    session.flush()
    assert source.id is not None
    return Named(code, source.name, source.calendar, extra_years), source.id


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else percent_text(value)


def _require_extra_years(extra_years: int) -> None:
    if not 0 <= extra_years <= 10:
        raise InvalidInput(f"--extra-years {extra_years} is out of range; use 0 to 10")


def get_source(session: Session, code: str) -> Source:
    """The source with this code (any case) as it stands now, or ``NotFound`` with a "did
    you mean"."""
    found = find(session, Source, code, what="source")
    return terms.current(session, Source, found.id)


def list_sources(session: Session) -> list[Named]:
    s: Any = terms.now("source")
    rows = session.execute(select(s).order_by(s.c.code)).all()
    return [Named(r.code, r.name, r.calendar, r.extra_years) for r in rows]


def seed(session: Session, *, by: str) -> tuple[int, int]:
    """Record the seeds' sources and the seven categories where missing, each table's in
    one fact entry; books kept before schema 0006 first get their snapshot
    (``terms.snapshot_if_upgraded``).

    Returns how many sources and how many categories were added.
    """
    terms.snapshot_if_upgraded(session, by=by)
    added = []
    for code, name, calendar, extra, match, cap in SEED_SOURCES:
        if session.execute(select(col(Source.id)).where(col(Source.code) == code)).first() is None:
            added.append(_insert(session, code, name, calendar, extra, (match, cap), by=by)[1])
    if added:
        terms.record(session, SOURCE, {"source": added}, by=by)
    _seed_federal_rules(session, by=by)
    categories = seed_categories(session, by=by)
    return len(added), categories


#: Why an upgrade gives the seeded federal sources their rules.
SEED_RULES_REASON = (
    "federal rules from schema 0007: match of the total project cost (28 CFR 94.118) and "
    "the administration cap (34 U.S.C. 20103(b)(3))"
)


def _seed_federal_rules(session: Session, *, by: str) -> None:
    """Books kept before schema 0007 hold VOCA and DOJ without their match and cap: each
    gets them as a ``source`` entry with the reason, so the chain covers them. A source
    whose rules were ever set, or that was ever amended, is left as it is."""
    for code, (match, cap) in SEED_RULES.items():
        if match is None and cap is None:
            continue
        found = session.execute(select(Source).where(col(Source.code) == code)).scalar_one()
        s: Any = SourceVersion
        amended = session.execute(select(s.entry_id).where(s.source_id == found.id)).first()
        if found.match_percent is not None or found.admin_cap_percent is not None or amended:
            continue
        changes = {"match_percent": _percent(match), "admin_cap_percent": _percent(cap)}
        assert found.id is not None
        terms.amend(session, SOURCE, "source", found.id, changes, reason=SEED_RULES_REASON, by=by)


def amend_source(
    session: Session,
    code: str,
    *,
    name: str | None = None,
    calendar: Calendar | None = None,
    extra_years: int | None = None,
    match_percent: Decimal | None = None,
    admin_cap_percent: Decimal | None = None,
    reason: str,
    by: str,
) -> tuple[int, Named]:
    """Change a source's name, calendar or extra years (never its code), with a reason.

    Its calendar and extra years are refused once it has awards: every award's fiscal year
    and period were read in them. Returns the entry's id and the source as it now stands.
    """
    source = get_source(session, code)
    why = require_reason(reason)
    if name is not None:
        name = name_of(name, "source")
    if extra_years is not None:
        _require_extra_years(extra_years)
    if (calendar is not None and calendar.value != source.calendar) or (
        extra_years is not None and extra_years != source.extra_years
    ):
        _require_no_awards(session, source)
    changes = {
        "name": name,
        "calendar": calendar.value if calendar else None,
        "extra_years": extra_years,
        "match_percent": _percent(match_percent),
        "admin_cap_percent": _percent(admin_cap_percent),
    }
    assert source.id is not None
    entry_id, _, after = terms.amend(
        session, SOURCE, "source", source.id, changes, reason=why, by=by
    )
    return entry_id, Named(after["code"], after["name"], after["calendar"], after["extra_years"])


def _require_no_awards(session: Session, source: Source) -> None:
    a: Any = Award
    count = session.execute(select(func.count()).where(a.source_id == source.id)).scalar_one()
    if count:
        raise RuleViolation(
            f"source {source.code} has {count} award{'s' if count != 1 else ''}, whose fiscal "
            "years and periods were read in its calendar and extra years; those cannot change "
            "now (the name can)"
        )
