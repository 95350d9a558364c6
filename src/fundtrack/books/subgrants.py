"""Subgrants: the part of an award given to one subgrantee, with optional category budgets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.books.awards import Spending, figures_from_ledger, get_award
from fundtrack.books.categories import get_category
from fundtrack.books.federal_terms import admin_cap_cents, check_purpose, waiver
from fundtrack.books.lookup import find, require_new
from fundtrack.books.subgrantees import get_subgrantee
from fundtrack.clock import utc_now
from fundtrack.errors import InvalidInput
from fundtrack.identifiers import normalize_code
from fundtrack.ledger import append, locks, queries, rules, terms
from fundtrack.models import (
    ADMINISTRATION,
    SERVICES,
    SUBGRANT,
    Award,
    Category,
    Entry,
    Source,
    Subgrant,
    SubgrantBudget,
    Subgrantee,
)
from fundtrack.money import format_money, from_cents, parse_money, to_cents

#: What each of a subgrant's figures sums (the ``adds_to`` of ``ledger.kinds``).
SUBGRANT_FIGURES = {"amount": "allocated", "disbursed": "disbursed"}


@dataclass(frozen=True)
class CategoryLine:
    """Disbursed in one category of a subgrant, against its budget when one is set."""

    category: str
    budget: Decimal | None
    disbursed: Decimal

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.disbursed


@dataclass(frozen=True)
class SubgrantView(Spending):
    code: str
    award: str
    subgrantee: str
    subgrantee_name: str
    start: date
    end: date
    amount: Decimal
    disbursed: Decimal
    categories: Sequence[CategoryLine] = ()
    purpose: str = SERVICES
    match_percent: str | None = None
    waiver_reason: str | None = None


def parse_budgets(items: list[str], *, option: str, example: str) -> dict[str, Decimal]:
    """``CATEGORY=MONEY`` items as {category: amount}: what ``--budget`` and an import's
    budget column both hold. A category named twice is refused, whatever its case.

    ``option`` and ``example`` say how the user wrote them (``--budget``, ``--budget
    rent=1200``; ``budget``, ``write e.g. rent=40000; travel=5000``).
    """
    budgets: dict[str, Decimal] = {}
    for item in items:
        category, sep, money = item.partition("=")
        category = category.strip()
        if not sep or not category:
            raise InvalidInput(f"{option} {item!r} is not CATEGORY=MONEY; {example}")
        if category.lower() in (known.lower() for known in budgets):
            raise InvalidInput(f"{option} names {category} twice; give each category once")
        budgets[category] = parse_money(money, what=f"budget for {category}", allow_zero=True)
    return budgets


def get_subgrant(session: Session, code: str) -> Subgrant:
    return find(session, Subgrant, code, what="subgrant")


def add_subgrant(
    session: Session,
    code: str,
    *,
    award: str,
    subgrantee: str,
    amount: Decimal,
    start: date | None = None,
    end: date | None = None,
    budgets: dict[str, Decimal] | None = None,
    purpose: str = SERVICES,
    match_percent: Decimal | None = None,
    reason: str | None = None,
    by: str,
    batch_id: int | None = None,
) -> SubgrantView:
    """Record a subgrant; ``match_percent`` with ``reason`` records a match waiver below the
    source's; an administration subgrant stays within the source's cap of the award."""
    with rules.concerning("code"):
        code = normalize_code(code, what="subgrant code")
    with rules.concerning("award"):
        parent = get_award(session, award)
    assert parent.id is not None
    parent = terms.current(session, Award, parent.id)
    with rules.concerning("subgrantee"):
        grantee = get_subgrantee(session, subgrantee)
    with rules.concerning("code"):
        require_new(session, Subgrant, col(Subgrant.code), code, "subgrant")
    grantee_id = grantee.id
    assert grantee_id is not None
    start, end = start or parent.start_date, end or parent.end_date
    rules.require_period_inside(
        "subgrant", start, end, f"award {parent.code}", parent.start_date, parent.end_date
    )
    cents = to_cents(amount)
    _require_unallocated(session, parent, cents)
    source = terms.current(session, Source, parent.source_id)
    assert source is not None
    with rules.concerning("purpose"):
        purpose = check_purpose(purpose)
        if purpose == ADMINISTRATION:
            require_under_cap(session, parent, source, cents)
    with rules.concerning("match_percent"):
        waived, why = waiver(source, match_percent, reason)
    with rules.concerning("budget"):
        limits = budget_cents(session, budgets or {}, cents)
    subgrant = Subgrant(
        code=code,
        award_id=parent.id,
        subgrantee_id=grantee_id,
        start_date=start,
        end_date=end,
        purpose=purpose,
        match_percent=waived,
        waiver_reason=why,
        recorded_at=utc_now(),
        recorded_by=by,
    )
    _record(session, subgrant, cents, limits, batch_id)
    return view(session, subgrant)


def _require_unallocated(session: Session, parent: Award, cents: int) -> None:
    """The award must have ``cents`` not yet given to other subgrants (checked under lock)."""
    assert parent.id is not None
    locks.lock_awards(session, [parent.id])
    unallocated = queries.award_amount(session, parent.id) - queries.award_allocated(
        session, parent.id
    )
    rules.require_funds(
        f"award {parent.code}",
        unallocated,
        cents,
        left_word="unallocated",
        noun="this subgrant",
        fix="reduce the subgrant or use another award",
    )


def require_under_cap(session: Session, parent: Award, source: Source, cents: int) -> None:
    """Administration subgrants of ``parent`` together stay within the source's cap."""
    assert parent.id is not None
    cap = admin_cap_cents(source, queries.award_amount(session, parent.id))
    if cap is None:
        return
    already = queries.award_allocated_to(session, parent.id, ADMINISTRATION)
    if already + cents <= cap:
        return
    raise rules.Problem(
        f"award {parent.code}'s administration cap is {_money(cap)} ({source.admin_cap_percent}% "
        f"of its amount, source {source.code}); {_money(already)} is allocated to administration "
        f"already, so this {_money(cents)} would bring it to {_money(already + cents)} — allocate "
        f"at most {_money(max(cap - already, 0))} to administration",
        "amount",
    )


def _money(cents: int) -> str:
    return format_money(from_cents(cents))


def _record(
    session: Session, subgrant: Subgrant, cents: int, budgets: dict[int, int], batch_id: int | None
) -> None:
    """Store the subgrant and its budgets, and append its ``subgrant`` entry with their
    terms."""
    session.add(subgrant)
    session.flush()
    assert subgrant.id is not None
    for category_id, limit in budgets.items():
        session.add(
            SubgrantBudget(subgrant_id=subgrant.id, category_id=category_id, amount_cents=limit)
        )
    session.flush()
    recorded = {"subgrant": [subgrant.id], "budget": [subgrant.id]}
    names = {"award_id": subgrant.award_id, "subgrant_id": subgrant.id}
    entry = terms.original(session, SUBGRANT, subgrant, cents, names, recorded, batch_id)
    append.append(session, [entry])
    session.flush()


def budget_cents(session: Session, budgets: dict[str, Decimal], total: int) -> dict[int, int]:
    result: dict[int, int] = {}
    for code, amount in budgets.items():
        category = get_category(session, code)
        assert category.id is not None
        if category.id in result:
            raise InvalidInput(f"--budget names {category.code} twice; give each category once")
        result[category.id] = to_cents(amount)
    require_budget_within(total, sum(result.values()))
    return result


def require_budget_within(total: int, budgeted: int) -> None:
    """A subgrant's budgets may add up to no more than its amount (``subgrant add``, and a
    subgrant amendment's budgets and amount)."""
    rules.require_funds(
        "the subgrant",
        total,
        budgeted,
        left_word="in all",
        noun="its budget",
        fix="budget no more than the subgrant amount",
        field="budget",
    )


def view(session: Session, subgrant: Subgrant) -> SubgrantView:
    """The subgrant with its terms in force and its figures."""
    assert subgrant.id is not None
    subgrant = terms.current(session, Subgrant, subgrant.id)
    assert subgrant.id is not None
    award = session.get(Award, subgrant.award_id)
    grantee = terms.current(session, Subgrantee, subgrant.subgrantee_id)
    assert award is not None and grantee is not None
    budgets = terms.budgets_in_force(session, subgrant.id)
    spent = queries.disbursed_by_category(session, subgrant.id)
    categories: Any = Category
    names = dict(session.execute(select(categories.id, categories.code)).all())
    lines = [
        CategoryLine(
            category=names[category_id],
            budget=from_cents(budgets[category_id]) if category_id in budgets else None,
            disbursed=from_cents(spent.get(category_id, 0)),
        )
        for category_id in sorted(set(budgets) | set(spent), key=lambda i: names[i])
    ]
    return SubgrantView(
        code=subgrant.code,
        award=award.code,
        subgrantee=grantee.code,
        subgrantee_name=grantee.name,
        start=subgrant.start_date,
        end=subgrant.end_date,
        purpose=subgrant.purpose,
        match_percent=subgrant.match_percent,
        waiver_reason=subgrant.waiver_reason,
        categories=lines,
        **figures_from_ledger(session, Entry.subgrant_id, subgrant.id, SUBGRANT_FIGURES),
    )


def show_subgrant(session: Session, code: str) -> SubgrantView:
    return view(session, get_subgrant(session, code))


def list_subgrants(session: Session, *, award: str | None = None) -> list[SubgrantView]:
    s: Any = Subgrant
    query = select(Subgrant).order_by(s.code)
    if award is not None:
        query = query.where(s.award_id == get_award(session, award).id)
    return [view(session, subgrant) for subgrant in session.execute(query).scalars()]
