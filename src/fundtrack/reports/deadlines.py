"""The reporting deadlines the books owe their funders, from a day forward.

Which deadlines an award has follows from how its source is classified
(``fundtrack.source_rules``); their dates follow from the award's and its subgrants' periods
and amounts, read in one place (``recorded_terms``). Each deadline is one of:

* ``sf425`` — a federal award's quarterly SF-425, for every quarter its period touches (the
  quarter in which it ends too), due 30 days after the quarter ends;
* ``performance`` — its performance report on the same dates: every quarter for a formula
  grant (VOCA), every half-year (due Jan 30 and Jul 30) for a discretionary one (DOJ);
* ``final-report`` and ``closeout`` — 120 days after the award's period ends;
* ``closeout`` of a subgrant of a federal award — 90 days after the subgrant's period ends;
* ``ffata`` — a subgrant of a federal award of $30,000 or more: by the end of the month after
  it is made, where "made" is the subgrant's start, the date of its ``subgrant`` entry;
* ``sar`` — the Subgrant Award Report of a formula grant's subgrant, 90 days after its start;
* ``reversion`` — a state award's last day: what is unspent then reverts;
* ``retention`` — a federal award's records may be let go 3 years after its final report.

An award or subgrant whose amount was voided (it nets to zero) owes nothing. Deadlines are
listed by date, then kind (in the order above), award and subgrant (the award's own first).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from fundtrack import source_rules as due
from fundtrack.fiscal import Calendar, quarter_of
from fundtrack.ledger import terms
from fundtrack.ledger.queries import sums_by_figure
from fundtrack.models import entries as _e
from fundtrack.models import subgrantees as _t
from fundtrack.money import format_money, from_cents
from fundtrack.source_rules import ReportingRules

#: The kinds of deadline, in the order a day's deadlines are listed.
KINDS = (
    "sf425",
    "performance",
    "final-report",
    "closeout",
    "sar",
    "ffata",
    "reversion",
    "retention",
)


@dataclass(frozen=True)
class SubgrantTerms:
    """A subgrant's period and amount, as the deadlines read them."""

    code: str
    subgrantee: str
    start: date
    end: date
    amount: Decimal


@dataclass(frozen=True)
class AwardTerms:
    """An award's source, period and amount, and its subgrants', as the deadlines read them."""

    code: str
    source: str
    calendar: Calendar
    start: date
    end: date
    amount: Decimal
    subgrants: tuple[SubgrantTerms, ...]

    @property
    def rules(self) -> ReportingRules:
        return due.rules_for(self.source, self.calendar)


@dataclass(frozen=True)
class Deadline:
    """One thing due on a day.

    Attributes:
      kind: one of ``KINDS``.
      award: the award's code; subgrant: the subgrant's code, or None for the award's own.
      what: the deadline in words, as a calendar's summary.
    """

    date: date
    kind: str
    award: str
    subgrant: str | None
    what: str

    def sort_key(self) -> tuple[Any, ...]:
        return (self.date, KINDS.index(self.kind), self.award, self.subgrant or "")


@dataclass(frozen=True)
class Deadlines:
    """The deadlines from ``first`` to ``last`` (both included), by date."""

    first: date
    last: date
    deadlines: tuple[Deadline, ...]


def deadlines(session: Session, *, first: date, within: int) -> Deadlines:
    """Every deadline from ``first`` to ``within`` days after it."""
    last = first + timedelta(days=within)
    found = [
        deadline
        for award in recorded_terms(session)
        for deadline in award_deadlines(award)
        if first <= deadline.date <= last
    ]
    return Deadlines(first, last, tuple(sorted(found, key=Deadline.sort_key)))


def recorded_terms(session: Session) -> list[AwardTerms]:
    """Every award and subgrant with its period and its amount (net of voids), as amended.

    The one place the deadlines read periods and amounts: the terms in force now
    (``ledger.terms``) and the amounts with their amendments (``sums_by_figure``).
    """
    amounts = sums_by_figure(session, _e.award_id)
    subgrant_amounts = sums_by_figure(session, _e.subgrant_id)
    g: Any = terms.now("subgrant")
    a: Any = terms.now("award")
    s: Any = terms.now("source")
    rows = session.execute(
        select(g.c.award_id, g.c.id, g.c.code, _t.code, g.c.start_date, g.c.end_date)
        .join(_t, _t.id == g.c.subgrantee_id)
        .order_by(g.c.code)
    ).all()
    subgrants: dict[int, list[SubgrantTerms]] = {}
    for award_id, sid, code, grantee, start, end in rows:
        amount = from_cents(subgrant_amounts[(int(sid), "allocated")])
        subgrants.setdefault(int(award_id), []).append(
            SubgrantTerms(code, grantee, start, end, amount)
        )
    awards = session.execute(
        select(a.c.id, a.c.code, s.c.code, s.c.calendar, a.c.start_date, a.c.end_date)
        .join(s, s.c.id == a.c.source_id)
        .order_by(a.c.code)
    ).all()
    return [
        AwardTerms(
            *(code, source, Calendar(calendar), start, end),
            from_cents(amounts[(int(aid), "awarded")]),
            tuple(subgrants.get(int(aid), ())),
        )
        for aid, code, source, calendar, start, end in awards
    ]


def award_deadlines(award: AwardTerms) -> Iterator[Deadline]:
    """Everything ``award`` and its subgrants owe, in no particular order."""
    if award.amount <= 0:
        return
    rules = award.rules
    if rules.reverts:
        yield Deadline(
            award.end, "reversion", award.code, None, f"{award.code}: unspent money reverts"
        )
    if not rules.federal:
        return
    yield from _periodic_reports(award, rules)
    final = due.final_report_due(award.end)
    ended = f"period ended {award.end.isoformat()}"
    yield Deadline(final, "final-report", award.code, None, f"{award.code}: final report ({ended})")
    yield Deadline(final, "closeout", award.code, None, f"{award.code}: closeout ({ended})")
    retention = due.retention_ends(final)
    kept = (
        f"{award.code}: record retention ends ({due.RETENTION_YEARS} years after the final report)"
    )
    yield Deadline(retention, "retention", award.code, None, kept)
    for subgrant in award.subgrants:
        if subgrant.amount > 0:
            yield from _subgrant_deadlines(award.code, subgrant, rules)


def _periodic_reports(award: AwardTerms, rules: ReportingRules) -> Iterator[Deadline]:
    for end in due.reporting_periods(award.start, award.end, due.FINANCIAL_REPORT_MONTHS):
        quarter = quarter_of(end, Calendar.FEDERAL).label
        yield Deadline(
            due.report_due(end), "sf425", award.code, None, f"{award.code}: SF-425 for {quarter}"
        )
    if rules.performance_months is None:
        return
    for end in due.reporting_periods(award.start, award.end, rules.performance_months):
        period = (
            quarter_of(end, Calendar.FEDERAL).label
            if rules.performance_months == 3
            else f"the half-year ended {end.isoformat()}"
        )
        what = f"{award.code}: performance report for {period}"
        yield Deadline(due.report_due(end), "performance", award.code, None, what)


def _subgrant_deadlines(
    award: str, subgrant: SubgrantTerms, rules: ReportingRules
) -> Iterator[Deadline]:
    code, name = subgrant.code, f"{subgrant.code} ({subgrant.subgrantee})"
    closeout = due.subrecipient_closeout_due(subgrant.end)
    ended = f"period ended {subgrant.end.isoformat()}"
    yield Deadline(closeout, "closeout", award, code, f"{name}: subgrant closeout ({ended})")
    if subgrant.amount >= due.FFATA_THRESHOLD:
        made = f"{format_money(subgrant.amount)}, made {subgrant.start.isoformat()}"
        what = f"{name}: FFATA subaward report ({made})"
        yield Deadline(due.ffata_due(subgrant.start), "ffata", award, code, what)
    if rules.award_report_days is not None:
        sar = subgrant.start + timedelta(days=rules.award_report_days)
        started = f"started {subgrant.start.isoformat()}"
        yield Deadline(sar, "sar", award, code, f"{name}: Subgrant Award Report ({started})")
