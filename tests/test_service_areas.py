"""``fundtrack.service_areas``: the PMT's five service areas and the seeded categories' areas."""

from __future__ import annotations

import pytest

from fundtrack.books.categories import SEED_CATEGORIES
from fundtrack.errors import InvalidInput
from fundtrack.service_areas import (
    SEED_AREAS,
    SERVICE_AREAS,
    SHELTER,
    UNSPECIFIED,
    area_order,
    parse_service_area,
)


@pytest.mark.parametrize(
    "typed",
    ["Shelter/housing services", "shelter/housing SERVICES", "  shelter/housing   services "],
)
def test_an_area_is_read_in_any_case_and_spacing(typed: str) -> None:
    assert parse_service_area(typed) == SHELTER


def test_an_unknown_area_is_refused_with_the_list() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_service_area("housing")
    message = str(refused.value)
    assert message.startswith("service area 'housing' is not one of the PMT's; use one of: ")
    assert all(f"'{area}'" in message for area in SERVICE_AREAS)


def test_every_seeded_category_has_an_area_of_the_pmt() -> None:
    assert set(SEED_AREAS) == {code for code, _ in SEED_CATEGORIES}
    assert set(SEED_AREAS.values()) <= set(SERVICE_AREAS)


def test_reports_list_areas_in_the_pmts_order_and_unspecified_last() -> None:
    shuffled = [UNSPECIFIED, *reversed(SERVICE_AREAS)]
    assert sorted(shuffled, key=area_order) == [*SERVICE_AREAS, UNSPECIFIED]
