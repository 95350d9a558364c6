"""``award amend``: an award's amount, period, number or name changed by an amendment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack.books import amendments as am
from fundtrack.books.awards import NUMBER_LIMIT, get_award
from fundtrack.books.federal_terms import check_aln
from fundtrack.errors import RuleViolation
from fundtrack.identifiers import check_free_text
from fundtrack.ledger import locks, queries, rules, terms
from fundtrack.models import AWARD_AMENDMENT, Award, AwardVersion, Entry
from fundtrack.money import from_cents, to_cents

_e: Any = Entry
_TERMS = ("start_date", "end_date", "number", "name", "aln")


def amend_award(
    session: Session,
    code: str,
    *,
    amount: Decimal | None = None,
    start: date | None = None,
    end: date | None = None,
    number: str | None = None,
    name: str | None = None,
    aln: str | None = None,
    effective: date | None = None,
    reason: str,
    by: str,
) -> am.Amended:
    """Amend an award: ``amount`` is its new total; the others its new terms (None: keep)."""
    award = get_award(session, code)
    assert award.id is not None
    holder = f"award {award.code}"
    reason = am.reason_given(reason)
    locks.lock_awards(session, [award.id])
    was = terms.current(session, Award, award.id)
    on = am.effective_date(session, effective, AWARD_AMENDMENT, _e.award_id, was, was.start_date)
    given = {
        "start_date": start,
        "end_date": end,
        "number": check_free_text(number, what="award number", limit=NUMBER_LIMIT),
        "name": check_free_text(name, what="award name"),
        "aln": check_aln(aln),
    }
    new: dict[str, Any] = {f: getattr(was, f) if given[f] is None else given[f] for f in _TERMS}
    old_cents = queries.award_amount(session, award.id)
    cents = old_cents if amount is None else to_cents(amount)
    changed = [f for f in _TERMS if new[f] != getattr(was, f)]
    changed += ["amount"] if cents != old_cents else []
    am.require_changed(changed, holder)
    _require_allocated(session, award, cents)
    if "start_date" in changed or "end_date" in changed:
        _require_period(session, award, new["start_date"], new["end_date"])
    [row] = terms.rows(session, "award", [award.id])
    recorded = {"award": [{**row, **{f: terms.plain(new[f]) for f in _TERMS}}]}
    versions = [{"award_id": award.id, **new}] if set(changed) - {"amount"} else []
    entry = {"kind": AWARD_AMENDMENT, "award_id": award.id, "amount_cents": cents - old_cents}
    entry.update(entry_date=on, reason=reason, recorded_by=by)
    entry_id = am.record(session, entry, recorded, [(AwardVersion, versions)])
    return am.Amended(
        entry_id, award.code, from_cents(cents), from_cents(cents - old_cents), tuple(changed)
    )


def _require_allocated(session: Session, award: Award, cents: int) -> None:
    assert award.id is not None
    allocated = queries.award_allocated(session, award.id)
    if cents < allocated:
        raise rules.Problem(
            f"award {award.code} has allocated {am.money(allocated)} to subgrants; its amount "
            f"cannot be {am.money(cents)} — amend to at least {am.money(allocated)}, or reduce "
            "its subgrants first",
            "amount",
        )


def _require_period(session: Session, award: Award, start: date, end: date) -> None:
    """The new period must hold every entry recorded against the award, then every
    subgrant's period in force."""
    assert award.id is not None
    holder = f"award {award.code}"
    if start > end:
        rules.require_period_inside("award", start, end, "itself", start, end)
    am.require_covers(holder, start, end, *am.dated_entries(session, _e.award_id, award.id))
    g: Any = terms.now("subgrant").c
    for code, s_start, s_end in session.execute(
        select(g.code, g.start_date, g.end_date).where(g.award_id == award.id).order_by(g.code)
    ):
        if s_start < start or s_end > end:
            raise RuleViolation(
                f"{holder}'s period would be {rules.period_text(start, end)}, but subgrant "
                f"{code}'s period is {rules.period_text(s_start, s_end)}; amend the subgrant's "
                "period first"
            )


def award_amendments(session: Session, award: Award) -> list[am.Amendment]:
    """The award's amendments, oldest first, with what each changed."""
    assert award.id is not None
    v: Any = AwardVersion
    states: dict[int, dict[str, Any]] = {0: {f: getattr(award, f) for f in _TERMS}}
    for version in session.execute(
        select(v).where(v.award_id == award.id).order_by(v.entry_id)
    ).scalars():
        states[version.entry_id] = {f: getattr(version, f) for f in _TERMS}
    return am.history(session, AWARD_AMENDMENT, _e.award_id, award.id, states)
