"""The rules of the books: each broken rule says what is wrong and names its field."""

from __future__ import annotations

from datetime import date

import pytest

from fundtrack.errors import NotFound
from fundtrack.ledger import rules

GRANT = rules.Drawn(
    "LP-FY20",
    date(2019, 7, 1),
    date(2020, 6, 30),
    left_cents=100_00,
    budgets={1: 80_00},
    spent={1: 70_00},
)


def refusal(day: date, category_id: int, cents: int) -> tuple[str, str]:
    with pytest.raises(rules.Problem) as refused:
        rules.require_disbursement(
            GRANT, day, category_id, "rent" if category_id == 1 else "x", cents
        )
    return refused.value.field, str(refused.value)


def test_a_date_outside_the_period_concerns_the_date() -> None:
    assert refusal(date(2020, 7, 1), 1, 1) == (
        "date",
        "disbursement date 2020-07-01 is after subgrant LP-FY20's period of performance "
        "2019-07-01..2020-06-30; use a date inside it or a subgrant whose period covers it",
    )


def test_an_unbudgeted_category_concerns_the_category() -> None:
    assert refusal(date(2020, 1, 1), 2, 1) == (
        "category",
        "subgrant LP-FY20 has no budget for x; record it in a budgeted category or against "
        "another subgrant",
    )


def test_a_category_budget_overspent_concerns_the_amount() -> None:
    assert refusal(date(2020, 1, 1), 1, 10_01) == (
        "amount",
        "subgrant LP-FY20's rent budget has $10.00 left; this disbursement is $10.01 — record "
        "a smaller amount or draw on another subgrant",
    )


def test_what_passes_every_rule_raises_nothing() -> None:
    rules.require_disbursement(GRANT, date(2020, 6, 30), 1, "rent", 10_00)


def test_an_exact_repeat_names_what_it_repeats() -> None:
    rules.require_not_repeated(None)
    with pytest.raises(rules.Problem) as refused:
        rules.require_not_repeated("line 3")
    assert refused.value.field == "row"
    assert str(refused.value).startswith("this disbursement repeats line 3 (same subgrant,")


def test_concerning_names_the_field_of_an_error_that_names_none() -> None:
    with pytest.raises(NotFound) as raised, rules.concerning("source"):
        raise NotFound("no source 'NOPE'")
    assert rules.field_of(raised.value) == "source"
    with pytest.raises(rules.Problem) as kept, rules.concerning("source"):
        rules.require_funds("award A", 0, 1)
    assert rules.field_of(kept.value) == "amount"
    assert rules.field_of(NotFound("no entry 9")) == "row"
