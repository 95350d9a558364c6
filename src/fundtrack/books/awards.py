"""Awards: appropriations and grants by fiscal year, and what they hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from fundtrack.books.federal_terms import check_aln
from fundtrack.books.lookup import find, require_new
from fundtrack.books.sources import get_source
from fundtrack.clock import utc_now
from fundtrack.errors import RuleViolation
from fundtrack.fiscal import Calendar, fiscal_year_end, fiscal_year_start, label
from fundtrack.identifiers import check_free_text, normalize_code
from fundtrack.ledger import append, queries, rules, terms
from fundtrack.models import AWARD, Award, Entry, Source, Subgrant
from fundtrack.money import from_cents, to_cents

#: What each of an award's figures sums (the ``adds_to`` of ``ledger.kinds``).
AWARD_FIGURES = {"amount": "awarded", "allocated": "allocated", "disbursed": "disbursed"}
#: ``award show`` adds what the award's close recorded as reverted or lapsed.
SHOWN_FIGURES = {**AWARD_FIGURES, "closed_out": "closed-out"}
_e: Any = Entry

#: The award number column's width (a federal award number is about 20 characters).
NUMBER_LIMIT = 80


class Spending:
    """An amount and what has been disbursed from it: an award's or a subgrant's figures."""

    amount: Decimal
    disbursed: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.disbursed

    def figures(self) -> dict[str, Decimal]:
        """The figures by name, in the order every JSON form lists them."""
        return {"amount": self.amount, "disbursed": self.disbursed, "remaining": self.remaining}


class AwardFigures(Spending):
    """An award's figures: also what it has allocated to subgrants."""

    allocated: Decimal

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.allocated

    def figures(self) -> dict[str, Decimal]:
        return {
            "amount": self.amount,
            "allocated": self.allocated,
            "unallocated": self.unallocated,
            "disbursed": self.disbursed,
            "remaining": self.remaining,
        }


def figures_from_ledger(
    session: Session, key: Any, holder_id: int, figures: dict[str, str]
) -> dict[str, Decimal]:
    """One award's or subgrant's figures (``key``: ``Entry.award_id`` or ``subgrant_id``),
    each the sum of the entries adding to what ``figures`` names for it."""
    sums = queries.sums_by_figure(session, key, [holder_id])
    return {name: from_cents(sums[(holder_id, sums_to)]) for name, sums_to in figures.items()}


@dataclass(frozen=True)
class AwardView(AwardFigures):
    """An award with its figures to date."""

    code: str
    source: str
    calendar: str
    fiscal_year: int
    start: date
    end: date
    number: str | None
    name: str | None
    aln: str | None
    amount: Decimal
    allocated: Decimal
    disbursed: Decimal
    closed_out: Decimal = Decimal("0.00")
    subgrants: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> Decimal:
        """What is left to spend: nothing once the award is closed (the rest reverted or
        lapsed)."""
        return self.amount - self.disbursed - self.closed_out

    def figures(self) -> dict[str, Decimal]:
        """An award's figures; a closed award's remainder is ``reverted`` (state) or
        ``lapsed`` (federal)."""
        found = super().figures()
        if self.closed_out:
            found["lapsed" if self.calendar == "federal" else "reverted"] = self.closed_out
        return found


def default_period(fiscal_year: int, calendar: Calendar, extra_years: int) -> tuple[date, date]:
    """The award's fiscal year, plus the source's extra years of availability (VOCA: 3)."""
    return (
        fiscal_year_start(fiscal_year, calendar),
        fiscal_year_end(fiscal_year + extra_years, calendar),
    )


def require_calendar(src: Source, fiscal_year: int, named: Calendar | None) -> None:
    """Refuse a fiscal year named in another calendar than the source's (FFY on a state one)."""
    cal = Calendar(src.calendar)
    if named is not None and named is not cal:
        raise RuleViolation(
            f"{label(fiscal_year, named)} is a {named.value} fiscal year, but source "
            f"{src.code} keeps the {cal.value} calendar; write FY{fiscal_year} for its "
            f"{cal.value} fiscal year, or record the award under a {named.value} source"
        )


def award_period(
    src: Source,
    fiscal_year: int,
    start: date | None,
    end: date | None,
) -> tuple[date, date]:
    """An award's period of performance: the default one, or ``start``..``end``.

    The fiscal year is in the source's calendar (``require_calendar`` refuses a year named in
    another). The period may not start before that fiscal year, nor more than a year after it
    ends: an appropriation is recorded ahead of its year, but not years ahead or behind.
    """
    cal = Calendar(src.calendar)
    default_start, default_end = default_period(fiscal_year, cal, src.extra_years)
    if (start is None) != (end is None) and (start or default_start) > (end or default_end):
        fiscal = f"{label(fiscal_year, cal)}, {rules.period_text(default_start, default_end)}"
        raise RuleViolation(
            f"{'--start' if start else '--end'} {start or end} is outside {fiscal}, the default "
            "period; give both --start and --end, or check the fiscal year"
        )
    start, end = start or default_start, end or default_end
    if start > end:
        rules.require_period_inside("award", start, end, "its fiscal year", start, end)
    year_end = fiscal_year_end(fiscal_year, cal)
    latest = _a_year_after(year_end)
    if not default_start <= start <= latest:
        when = "before" if start < default_start else "more than a year after"
        raise RuleViolation(
            f"the award's period cannot start on {start}, {when} {label(fiscal_year, cal)} "
            f"({rules.period_text(default_start, year_end)}); it may start from {default_start} "
            f"to {latest}; check --start or the fiscal year"
        )
    return start, end


def _a_year_after(day: date) -> date:
    return day.replace(year=day.year + 1)


def add_award(
    session: Session,
    code: str,
    *,
    source: str,
    fiscal_year: int,
    amount: Decimal,
    start: date | None = None,
    end: date | None = None,
    number: str | None = None,
    name: str | None = None,
    aln: str | None = None,
    by: str,
    batch_id: int | None = None,
    calendar: Calendar | None = None,
) -> AwardView:
    """Record an award; ``calendar``: the one its year's name implies (None: neutral)."""
    with rules.concerning("code"):
        code = normalize_code(code, what="award code")
    with rules.concerning("source"):
        src = get_source(session, source)
    with rules.concerning("code"):
        require_new(session, Award, col(Award.code), code, "award")
    with rules.concerning("fy"):
        require_calendar(src, fiscal_year, calendar)
    with rules.concerning("start"):
        start, end = award_period(src, fiscal_year, start, end)
    with rules.concerning("number"):
        number = check_free_text(number, what="award number", limit=NUMBER_LIMIT)
    with rules.concerning("name"):
        name = check_free_text(name, what="award name")
    with rules.concerning("aln"):
        aln = check_aln(aln)
    assert src.id is not None
    award = Award(
        code=code,
        source_id=src.id,
        fiscal_year=fiscal_year,
        start_date=start,
        end_date=end,
        number=number,
        name=name,
        aln=aln,
        recorded_at=utc_now(),
        recorded_by=by,
    )
    _record(session, award, to_cents(amount), batch_id)
    return view(session, award)


def _record(session: Session, award: Award, cents: int, batch_id: int | None) -> None:
    """Store the award and append its ``award`` entry, dated the start of its period, with
    the award's terms."""
    session.add(award)
    session.flush()
    assert award.id is not None
    names = {"award_id": award.id}
    entry = terms.original(session, AWARD, award, cents, names, {"award": [award.id]}, batch_id)
    append.append(session, [entry])


def view(session: Session, award: Award) -> AwardView:
    """The award with its terms in force and its figures."""
    assert award.id is not None
    award = terms.current(session, Award, award.id)
    assert award.id is not None
    source = terms.current(session, Source, award.source_id)
    assert source is not None
    subgrants: Any = Subgrant
    codes = session.execute(
        select(subgrants.code).where(subgrants.award_id == award.id).order_by(subgrants.code)
    ).scalars()
    return AwardView(
        code=award.code,
        source=source.code,
        calendar=source.calendar,
        fiscal_year=award.fiscal_year,
        start=award.start_date,
        end=award.end_date,
        number=award.number,
        name=award.name,
        aln=award.aln,
        subgrants=list(codes),
        **figures_from_ledger(session, _e.award_id, award.id, SHOWN_FIGURES),
    )


def get_award(session: Session, code: str) -> Award:
    return find(session, Award, code, what="award")


def show_award(session: Session, code: str) -> AwardView:
    return view(session, get_award(session, code))


def list_awards(
    session: Session, *, source: str | None = None, fiscal_year: int | None = None
) -> list[AwardView]:
    a: Any = Award
    query = (
        select(Award)
        .join(Source, a.source_id == Source.id)
        .order_by(a.fiscal_year, Source.code, a.code)
    )
    if source is not None:
        src = get_source(session, source)
        query = query.where(a.source_id == src.id)
    if fiscal_year is not None:
        query = query.where(a.fiscal_year == fiscal_year)
    return [view(session, award) for award in session.execute(query).scalars()]
