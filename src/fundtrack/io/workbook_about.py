"""The "About" and "Definitions" sheets every fundtrack workbook ends with."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook

from fundtrack.io.workbook_common import key_values
from fundtrack.reports.about import REPORT_TIME_ENV, About

VICTIMS_DEFINITIONS = (
    (
        "Victim served",
        "A client counts once for a fiscal year and funding source when at least one "
        "disbursement funded by that source, dated in that fiscal year and not voided, went "
        "to or for them.",
    ),
    (
        "All sources (unduplicated)",
        "Each client counts once, however many sources served them, so this figure can be "
        "less than the sum of the sources' figures. It is a count of distinct clients, not "
        "a total of the columns.",
    ),
    (
        "Range row",
        "Over several fiscal years, the last row counts each client once per source (and once "
        "overall) for the whole range.",
    ),
    (
        "Voided disbursement",
        "A disbursement reversed with `fundtrack void` does not count; a client whose only "
        "disbursement was voided is not counted.",
    ),
    (
        "Fiscal year",
        "State FY: July 1 to June 30; federal FFY: October 1 to September 30; both named by "
        "the year they end. Disbursements are bucketed by their date in the report's calendar.",
    ),
    ("Clients", "Clients are opaque references; no report shows them except the register."),
)

BALANCE_DEFINITIONS = (
    ("As of", "Every figure sums the entries dated on or before the as-of date."),
    ("Amount", "What the award (or subgrant) holds."),
    ("Allocated", "Given to subgrants. Unallocated = Amount - Allocated."),
    ("Disbursed", "Paid to or for clients, net of voids. Remaining = Amount - Disbursed."),
    ("Spent", "Disbursed as a share of the amount."),
    ("Status: fully spent", "Nothing remains."),
    (
        "Status: reverts / lapses",
        "The period of performance ended before the as-of date with money unspent: a state "
        "appropriation reverts, a federal award lapses.",
    ),
    (
        "Status: ends within 90 days",
        "The period's last day is the as-of date or one of the 90 days after it.",
    ),
    ("Status: active", "The period ends more than 90 days after the as-of date."),
    ("Status: voided", "The award's own amount was voided."),
)


def definitions_sheet(workbook: Workbook, pairs: Sequence[tuple[str, str]]) -> None:
    key_values(workbook, "Definitions", pairs)


def about_sheet(workbook: Workbook, about: About) -> None:
    key_values(
        workbook,
        "About",
        [
            ("Report", about.report),
            ("Covers", about.scope),
            ("Made at (UTC)", about.made_at),
            ("Database", about.database),
            ("fundtrack version", about.version),
            ("Ledger: newest entry", about.newest_entry),
            ("Ledger fingerprint (SHA-256)", about.ledger_hash),
            (
                "Reproducing it",
                f"Run the same command on the same ledger with {REPORT_TIME_ENV} set to the "
                "time above: every cell comes out the same.",
            ),
        ],
    )
