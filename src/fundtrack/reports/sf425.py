"""The SF-425 Federal Financial Report worksheet for one federal award and quarter.

Every line is cumulative from the award's start to the quarter's end (entries dated on or
before it):

* 10a cash receipts: its drawdowns;
* 10b cash disbursements and 10e federal share of expenditures: what it has disbursed;
* 10c cash on hand = a - b;
* 10d federal funds authorized: its amount in force;
* 10f federal share of unliquidated obligations: what it has allocated to subgrants (each
  dated by its period's start) and not yet disbursed — the pass-through reading: a subaward
  is the state's obligation from the day its period starts;
* 10g total federal share = e + f; 10h unobligated balance = d - g;
* 10i recipient share required: the match its subgrants owe on their amounts;
* 10j recipient share of expenditures: the match recorded; 10k remaining = i - j.

The final report (after the award's end) shows 10f as 0 and the rest in 10h. Program
income (10l-10o) is not tracked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from fundtrack.books.awards import get_award
from fundtrack.errors import RuleViolation
from fundtrack.fiscal import Calendar, Quarter
from fundtrack.ledger import terms
from fundtrack.ledger.queries import sums_by_figure
from fundtrack.models import Source
from fundtrack.models import entries as _e
from fundtrack.money import from_cents
from fundtrack.reports.match import subgrant_matches

#: Each line and what it holds, in the form's order.
LINES = (
    ("10a", "Cash receipts: federal cash drawn down, from the award's start"),
    ("10b", "Cash disbursements: federal money disbursed, from the award's start"),
    ("10c", "Cash on hand: 10a - 10b"),
    ("10d", "Total federal funds authorized: the award's amount in force"),
    ("10e", "Federal share of expenditures: as 10b"),
    (
        "10f",
        "Federal share of unliquidated obligations: allocated to subgrants whose period has "
        "started, not yet disbursed (0 on the final report)",
    ),
    ("10g", "Total federal share: 10e + 10f"),
    ("10h", "Unobligated balance of federal funds: 10d - 10g"),
    ("10i", "Total recipient share required: the match the subgrants owe on their amounts"),
    ("10j", "Recipient share of expenditures: match recorded, cash and in kind"),
    ("10k", "Remaining recipient share to be provided: 10i - 10j"),
)
#: The lines that follow from others, as the workbook's formulas over the lines they name.
FORMULAS = {"10c": ("10a", "-", "10b"), "10g": ("10e", "+", "10f"), "10h": ("10d", "-", "10g")}
FORMULAS["10k"] = ("10i", "-", "10j")


@dataclass(frozen=True)
class Sf425:
    award: str
    quarter: str
    final: bool
    period_start: date
    period_end: date
    lines: dict[str, Decimal]


def sf425(session: Session, award: str, quarter: Quarter, *, final: bool = False) -> Sf425:
    found = get_award(session, award)
    assert found.id is not None
    award_id = found.id
    source = terms.current(session, Source, found.source_id)
    assert source is not None
    end = quarter.end
    _require_reportable(found.code, source, found.start_date, found.end_date, end, final)
    sums = sums_by_figure(session, _e.award_id, [award_id], end)

    def total(figure: str) -> int:
        return sums[(award_id, figure)]

    disbursed, allocated = total("disbursed"), total("allocated")
    matches = subgrant_matches(session, end, award_id)
    cents = {
        "10a": total("drawn"),
        "10b": disbursed,
        "10d": total("awarded"),
        "10e": disbursed,
        "10f": 0 if final else max(allocated - disbursed, 0),
    }
    lines = {k: from_cents(v) for k, v in cents.items()}
    lines["10i"] = sum((m.required for m in matches), Decimal("0.00"))
    lines["10j"] = sum((m.recorded for m in matches), Decimal("0.00"))
    for line, (left, sign, right) in FORMULAS.items():
        lines[line] = lines[left] + lines[right] if sign == "+" else lines[left] - lines[right]
    ordered = {line: lines[line] for line, _ in LINES}
    return Sf425(found.code, quarter.label, final, found.start_date, end, ordered)


def _require_reportable(
    code: str, source: Source, start: date, end: date, quarter_end: date, final: bool
) -> None:
    if source.calendar != Calendar.FEDERAL.value:
        raise RuleViolation(
            f"award {code} is from {source.code}, a state source; the SF-425 is for federal awards"
        )
    if quarter_end < start:
        raise RuleViolation(
            f"the quarter ends {quarter_end}, before award {code} starts ({start}); choose a "
            "quarter from its start on"
        )
    if final and quarter_end < end:
        raise RuleViolation(
            f"award {code} runs to {end}; the final report is for the quarter in which it ends "
            f"or later, not one ending {quarter_end} — leave out --final"
        )
