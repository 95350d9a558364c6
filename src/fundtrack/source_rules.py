"""What each kind of funding source requires after it is awarded: reports, closeout, retention.

The rules are keyed by how a source is classified, not by its code, so a new source falls
under the rules of its kind:

* a source on the **state** calendar is a state appropriation: unspent money reverts at the
  end of the award's period (the end of the state fiscal year it is appropriated for);
* a **federal** source coded ``VOCA`` is a formula grant the state passes through to
  subrecipients: quarterly SF-425 and quarterly performance reports, a Subgrant Award Report
  within 90 days of each subaward's start;
* any **other federal** source is a discretionary grant (the DOJ's): quarterly SF-425 and
  semiannual performance reports.

Every federal award also owes its final report and closeout 120 days after its period ends
(2 CFR 200.344), its subrecipients' closeouts 90 days after theirs, an FFATA report of each
subaward of $30,000 or more by the end of the month after it is made (2 CFR 170), and keeps
its records 3 years after the final report (2 CFR 200.334). Reports for a period are due 30
days after it ends (quarters end Dec 31, Mar 31, Jun 30, Sep 30: due Jan 30, Apr 30, Jul 30,
Oct 30).

These are constants today; they are the facts a source might one day carry itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from fundtrack.fiscal import Calendar

#: Federal sources that are formula grants passed through the state (the rest are discretionary).
FORMULA_GRANT_SOURCES = frozenset({"VOCA"})

#: The SF-425 covers this many months: a quarter.
FINANCIAL_REPORT_MONTHS = 3
#: A period's financial or performance report is due this many days after the period ends.
REPORT_DUE_DAYS = 30
#: The recipient's final report and closeout: days after the award's period ends.
FINAL_REPORT_DAYS = 120
#: A subrecipient's closeout: days after the subgrant's period ends.
SUBRECIPIENT_CLOSEOUT_DAYS = 90
#: Subawards of at least this much are reported under FFATA.
FFATA_THRESHOLD = Decimal("30000.00")
#: Years records are kept after the final report.
RETENTION_YEARS = 3


class Funding(StrEnum):
    """How a source is classified for its reporting rules."""

    STATE = "state appropriation"
    FORMULA = "federal formula grant, passed through"
    DISCRETIONARY = "federal discretionary grant"


@dataclass(frozen=True)
class ReportingRules:
    """What an award of one kind of source owes.

    Attributes:
      federal: owes the SF-425, a final report and closeout, FFATA reports, record retention.
      performance_months: performance reports cover this many months (3: quarterly, 6:
        semiannual; None: none).
      award_report_days: a Subgrant Award Report is due this many days after each subaward
        starts (None: none).
      reverts: unspent money returns to the state at the end of the award's period.
    """

    federal: bool
    performance_months: int | None
    award_report_days: int | None
    reverts: bool


RULES = {
    Funding.STATE: ReportingRules(
        federal=False, performance_months=None, award_report_days=None, reverts=True
    ),
    Funding.FORMULA: ReportingRules(
        federal=True, performance_months=3, award_report_days=90, reverts=False
    ),
    Funding.DISCRETIONARY: ReportingRules(
        federal=True, performance_months=6, award_report_days=None, reverts=False
    ),
}


def classify(code: str, calendar: Calendar) -> Funding:
    """The kind of source with ``code`` on ``calendar``."""
    if calendar is Calendar.STATE:
        return Funding.STATE
    return Funding.FORMULA if code.upper() in FORMULA_GRANT_SOURCES else Funding.DISCRETIONARY


def rules_for(code: str, calendar: Calendar) -> ReportingRules:
    """The reporting rules of the source with ``code`` on ``calendar``."""
    return RULES[classify(code, calendar)]


def report_due(period_end: date) -> date:
    """When the report for a period ending ``period_end`` is due."""
    return period_end + timedelta(days=REPORT_DUE_DAYS)


def final_report_due(award_end: date) -> date:
    """The final report and closeout of an award whose period ends ``award_end``."""
    return award_end + timedelta(days=FINAL_REPORT_DAYS)


def subrecipient_closeout_due(subgrant_end: date) -> date:
    return subgrant_end + timedelta(days=SUBRECIPIENT_CLOSEOUT_DAYS)


def ffata_due(made: date) -> date:
    """The last day of the month after the one a subaward is made in."""
    return _first_of_next_month(_first_of_next_month(made)) - timedelta(days=1)


def reporting_periods(start: date, end: date, months: int) -> list[date]:
    """The last days of the reporting periods of ``months`` months (3: the quarters ending
    Mar 31, Jun 30, Sep 30, Dec 31; 6: the halves ending Jun 30 and Dec 31) that overlap
    ``start``..``end``: the period in which it starts, the one in which it ends, and every
    one between."""
    first_month = (start.month - 1) // months * months + 1
    period = date(start.year, first_month, 1)
    ends = []
    while period <= end:
        following = period
        for _ in range(months):
            following = _first_of_next_month(following)
        ends.append(following - timedelta(days=1))
        period = following
    return ends


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def retention_ends(final_report: date) -> date:
    """``RETENTION_YEARS`` after the final report; from a February 29 to February 28."""
    year = final_report.year + RETENTION_YEARS
    if final_report.month == 2 and final_report.day == 29:
        return date(year, 2, 28)
    return final_report.replace(year=year)
