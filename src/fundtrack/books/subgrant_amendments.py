"""``subgrant amend``: a subgrant's amount, end date, category budgets or match changed.

A match waiver (``match_percent``, below its source's) takes the amendment's reason as the
waiver's reason; an administration subgrant carries no match, so has none to waive.

Budget revisions (2 CFR 200.308): each revision of a federal source's subgrant moves
min(sum of increases, sum of decreases) between its categories; the moves add up across
revisions, as a percent of the subgrant's amount in force (``budget_moved_percent``). Past
10% prior approval may be required, and the revision is recorded with a warning.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books import amendments as am
from fundtrack.books.federal_terms import waiver
from fundtrack.books.subgrants import (
    budget_cents,
    get_subgrant,
    require_budget_within,
    require_under_cap,
)
from fundtrack.ledger import locks, queries, rules, terms
from fundtrack.models import (
    ADMINISTRATION,
    SUBGRANT_AMENDMENT,
    Award,
    BudgetVersion,
    Category,
    Entry,
    Source,
    Subgrant,
    SubgrantBudget,
    SubgrantVersion,
)
from fundtrack.money import from_cents, to_cents

_e: Any = Entry
#: Past this percent of a federal subgrant's amount, budget moves may need prior approval.
PRIOR_APPROVAL_PERCENT = Decimal(10)


def amend_subgrant(
    session: Session,
    code: str,
    *,
    amount: Decimal | None = None,
    end: date | None = None,
    budgets: dict[str, Decimal] | None = None,
    match_percent: Decimal | None = None,
    effective: date | None = None,
    reason: str,
    by: str,
) -> am.Amended:
    """Amend a subgrant: ``amount`` is its new total, ``budgets`` the categories' new figures,
    ``match_percent`` a match waiver below its source's."""
    grant = get_subgrant(session, code)
    assert grant.id is not None
    holder = f"subgrant {grant.code}"
    reason = am.reason_given(reason)
    locks.lock_awards(session, [grant.award_id])
    locks.lock_subgrants(session, [grant.id])
    was = terms.current(session, Subgrant, grant.id)
    key = _e.subgrant_id
    on = am.effective_date(session, effective, SUBGRANT_AMENDMENT, key, was, was.start_date)
    old_cents = queries.subgrant_amount(session, grant.id)
    cents = old_cents if amount is None else to_cents(amount)
    old_budgets = terms.budgets_in_force(session, grant.id)
    with rules.concerning("budget"):
        given = budget_cents(session, budgets or {}, 10**15)
    revised = {cid: c for cid, c in given.items() if old_budgets.get(cid) != c}
    new_end = was.end_date if end is None else end
    waived = _waived(session, grant, was, match_percent, reason)
    changed = (["end_date"] if new_end != was.end_date else []) + (["budget"] if revised else [])
    changed += ["amount"] if cents != old_cents else []
    changed += ["match_percent"] if waived != (was.match_percent, was.waiver_reason) else []
    am.require_changed(changed, holder)
    _require_amount(session, grant, old_cents, cents, on)
    _require_budgets(session, grant, revised)
    require_budget_within(cents, sum({**old_budgets, **revised}.values()))
    if new_end != was.end_date:
        _require_period(session, grant, was.start_date, new_end)
    warnings = _approval_warning(session, grant, old_budgets, revised, cents)
    now = {"end_date": new_end, "match_percent": waived[0], "waiver_reason": waived[1]}
    entry_id = _record(session, grant, was, now, revised, cents - old_cents, on, reason, by)
    return am.Amended(
        entry_id,
        grant.code,
        from_cents(cents),
        from_cents(cents - old_cents),
        tuple(changed),
        warnings,
    )


def _waived(
    session: Session, grant: Subgrant, was: Subgrant, percent: Decimal | None, reason: str
) -> tuple[str | None, str | None]:
    """The match percent and waiver reason in force after the amendment."""
    if percent is None:
        return was.match_percent, was.waiver_reason
    if was.purpose == ADMINISTRATION:
        raise rules.Problem(
            f"subgrant {grant.code} is for administration, which carries no match; there is "
            "no match to waive — leave --match-percent out",
            "match_percent",
        )
    award = session.get(Award, grant.award_id)
    assert award is not None
    source = terms.current(session, Source, award.source_id)
    with rules.concerning("match_percent"):
        waived = waiver(source, percent, reason)
    if waived[0] == was.match_percent:  # the same percent again changes nothing
        return was.match_percent, was.waiver_reason
    return waived


def _record(
    session: Session,
    grant: Subgrant,
    was: Subgrant,
    now: dict[str, Any],
    revised: dict[int, int],
    change: int,
    on: date,
    reason: str,
    by: str,
) -> int:
    """Append the amendment entry; a new end or waiver is a version row of the whole period
    and match terms (``now``: the end date, match percent and waiver reason in force)."""
    assert grant.id is not None
    [row] = terms.rows(session, "subgrant", [grant.id])
    in_force = {field: terms.plain(value) for field, value in now.items()}
    recorded: dict[str, list[dict]] = {"subgrant": [{**row, **in_force}]}
    codes = _category_codes(session)
    if revised:
        recorded["budget"] = [
            {"subgrant": grant.code, "category": codes[cid], "amount_cents": c}
            for cid, c in sorted(revised.items(), key=lambda item: codes[item[0]])
        ]
    version = {f: now.get(f, getattr(was, f)) for f in terms.TABLES["subgrant"].versioned}
    terms_changed = any(version[f] != getattr(was, f) for f in now)
    budget_rows = [
        {"subgrant_id": grant.id, "category_id": cid, "amount_cents": c}
        for cid, c in revised.items()
    ]
    entry = {"kind": SUBGRANT_AMENDMENT, "award_id": grant.award_id, "subgrant_id": grant.id}
    entry.update(amount_cents=change, entry_date=on, reason=reason, recorded_by=by)
    return am.record(
        session,
        entry,
        recorded,
        [
            (SubgrantVersion, [{"subgrant_id": grant.id, **version}] if terms_changed else []),
            (BudgetVersion, budget_rows),
        ],
    )


def _category_codes(session: Session) -> dict[int, str]:
    c: Any = Category
    return {int(i): str(code) for i, code in session.execute(select(c.id, c.code))}


def _require_amount(
    session: Session, grant: Subgrant, old_cents: int, cents: int, on: date
) -> None:
    """Not below what it has disbursed; an increase no more than its award has left."""
    assert grant.id is not None
    disbursed = queries.subgrant_disbursed(session, grant.id)
    if cents < disbursed:
        raise rules.Problem(
            f"subgrant {grant.code} has disbursed {am.money(disbursed)}; its amount cannot be "
            f"{am.money(cents)} — amend to at least {am.money(disbursed)}",
            "amount",
        )
    if cents <= old_cents:
        return
    award = session.get(Award, grant.award_id)
    assert award is not None and award.id is not None
    if grant.purpose == ADMINISTRATION:
        source = terms.current(session, Source, award.source_id)
        require_under_cap(session, award, source, cents - old_cents)
    amount = min(
        queries.award_amount(session, award.id), queries.award_amount(session, award.id, on)
    )
    allocated = queries.award_allocated(session, award.id)
    left = amount - allocated
    if cents - old_cents > left:
        raise rules.Problem(
            f"award {award.code} is {am.money(amount)} with {am.money(allocated)} allocated, "
            f"{am.money(left)} left; subgrant {grant.code} at {am.money(cents)} needs "
            f"{am.money(cents - old_cents)} more — amend the award first",
            "amount",
        )


def _require_budgets(session: Session, grant: Subgrant, revised: dict[int, int]) -> None:
    """A category's budget may not fall below what was disbursed in it."""
    assert grant.id is not None
    codes = _category_codes(session)
    for cid, cents in sorted(revised.items(), key=lambda item: codes[item[0]]):
        spent = queries.subgrant_disbursed(session, grant.id, cid)
        if cents < spent:
            raise rules.Problem(
                f"subgrant {grant.code} has disbursed {am.money(spent)} in {codes[cid]}; its "
                f"{codes[cid]} budget cannot be {am.money(cents)} — budget at least "
                f"{am.money(spent)}",
                "budget",
            )


def _require_period(session: Session, grant: Subgrant, start: date, end: date) -> None:
    assert grant.id is not None
    award = terms.current(session, Award, grant.award_id)
    with rules.concerning("end"):
        rules.require_period_inside(
            "subgrant", start, end, f"award {award.code}", award.start_date, award.end_date
        )
    holder = f"subgrant {grant.code}"
    am.require_covers(holder, start, end, *am.dated_entries(session, _e.subgrant_id, grant.id))


def moved(before: dict[int, int], revised: dict[int, int]) -> int:
    """Cents one revision moves between categories: min(sum of increases, of decreases)."""
    deltas = [c - before.get(cid, 0) for cid, c in revised.items()]
    return min(sum(d for d in deltas if d > 0), -sum(d for d in deltas if d < 0))


def _revisions(session: Session, grant: Subgrant) -> list[tuple[dict[int, int], dict[int, int]]]:
    """Each budget revision of the subgrant, oldest first: (budgets before, what it set)."""
    b: Any = SubgrantBudget
    v: Any = BudgetVersion
    state = {
        int(cid): int(c)
        for cid, c in session.execute(
            select(b.category_id, b.amount_cents).where(b.subgrant_id == grant.id)
        )
    }
    by_entry: dict[int, dict[int, int]] = {}
    for entry_id, cid, c in session.execute(
        select(v.entry_id, v.category_id, v.amount_cents)
        .where(v.subgrant_id == grant.id)
        .order_by(v.entry_id)
    ):
        by_entry.setdefault(int(entry_id), {})[int(cid)] = int(c)
    found = []
    for revised in by_entry.values():
        found.append((dict(state), revised))
        state.update(revised)
    return found


def budget_moved_percent(session: Session, grant: Subgrant, amount_cents: int) -> Decimal | None:
    """The budget moved across all revisions, as a percent of ``amount_cents`` (2
    decimals); None when the subgrant's amount is zero."""
    total = sum(moved(before, revised) for before, revised in _revisions(session, grant))
    return _percent(total, amount_cents)


def _percent(cents: int, of: int) -> Decimal | None:
    if of <= 0:
        return None
    return (Decimal(cents) * 100 / Decimal(of)).quantize(Decimal("0.01"))


def _approval_warning(
    session: Session, grant: Subgrant, before: dict[int, int], revised: dict[int, int], cents: int
) -> tuple[str, ...]:
    """Past 10% moved between a federal subgrant's categories, prior approval may be needed."""
    award = session.get(Award, grant.award_id)
    assert award is not None
    source = session.get(Source, award.source_id)
    if not revised or source is None or source.calendar != "federal":
        return ()
    earlier = sum(moved(b, r) for b, r in _revisions(session, grant))
    share = _percent(earlier + moved(before, revised), cents)
    if share is None or share <= PRIOR_APPROVAL_PERCENT:
        return ()
    return (
        f"subgrant {grant.code}'s budget revisions have moved {share}% of its amount between "
        f"categories, past {PRIOR_APPROVAL_PERCENT}% (2 CFR 200.308): prior approval from "
        f"{source.code} may be required",
    )


def subgrant_amendments(session: Session, grant: Subgrant) -> list[am.Amendment]:
    """The subgrant's amendments, oldest first, with what each changed."""
    assert grant.id is not None
    codes = _category_codes(session)
    base: dict[str, Any] = {
        "end_date": grant.end_date,
        "match_percent": grant.match_percent,
        "waiver": grant.waiver_reason,
    }
    b: Any = SubgrantBudget
    for cid, c in session.execute(
        select(b.category_id, b.amount_cents).where(b.subgrant_id == grant.id)
    ):
        base[f"budget {codes[int(cid)]}"] = from_cents(int(c))
    states: dict[int, dict[str, Any]] = {0: base}
    state = dict(base)
    v: Any = SubgrantVersion
    periods = {
        int(entry_id): {"end_date": end, "match_percent": percent, "waiver": why}
        for entry_id, end, percent, why in session.execute(
            select(v.entry_id, v.end_date, v.match_percent, v.waiver_reason).where(
                v.subgrant_id == grant.id
            )
        )
    }
    bv: Any = BudgetVersion
    budget_rows = session.execute(
        select(bv.entry_id, bv.category_id, bv.amount_cents).where(bv.subgrant_id == grant.id)
    ).all()
    for entry_id in sorted(set(periods) | {int(r[0]) for r in budget_rows}):
        if entry_id in periods:
            state.update(periods[entry_id])
        for eid, cid, c in budget_rows:
            if eid == entry_id:
                state[f"budget {codes[int(cid)]}"] = from_cents(int(c))
        states[entry_id] = dict(state)
    return am.history(session, SUBGRANT_AMENDMENT, _e.subgrant_id, grant.id, states)
