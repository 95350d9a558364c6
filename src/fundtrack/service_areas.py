"""The service areas of OVC's Performance Measurement Tool (PMT), and which category is which.

The PMT asks how many individuals received each kind of service. Every category maps to one
of the PMT's areas; a category without one counts under ``unspecified``. The seven seeded
categories are payments, so none of them is "information & referral":

* crisis stabilization, pecuniary loss and loss of wages are the PMT's *emergency financial
  assistance*, which it files under emotional support or safety services;
* rent and relocation are shelter/housing services (the PMT lists relocation assistance
  there);
* travel is *transportation assistance*, a personal advocacy/accompaniment service;
* civil legal assistance (trafficking visas and related civil legal services) is
  criminal/civil justice system assistance.
"""

from __future__ import annotations

from fundtrack.errors import InvalidInput

INFORMATION = "Information & referral"
ADVOCACY = "Personal advocacy/accompaniment"
EMOTIONAL_SUPPORT = "Emotional support or safety services"
SHELTER = "Shelter/housing services"
JUSTICE = "Criminal/civil justice system assistance"
#: Where a category without a service area counts.
UNSPECIFIED = "unspecified"

#: The PMT's areas in its own order.
SERVICE_AREAS = (INFORMATION, ADVOCACY, EMOTIONAL_SUPPORT, SHELTER, JUSTICE)

#: The seeded categories' areas; ``init`` records them, and migration 0004 sets them on books
#: made before categories had areas (from a frozen copy that a test keeps equal to this).
SEED_AREAS = {
    "crisis-stabilization": EMOTIONAL_SUPPORT,
    "rent": SHELTER,
    "relocation": SHELTER,
    "travel": ADVOCACY,
    "pecuniary-loss": EMOTIONAL_SUPPORT,
    "lost-wages": EMOTIONAL_SUPPORT,
    "civil-legal": JUSTICE,
}


def parse_service_area(text: str) -> str:
    """One of the PMT's areas, as written in any case (``shelter/housing services``)."""
    wanted = " ".join(str(text).split()).lower()
    for area in SERVICE_AREAS:
        if area.lower() == wanted:
            return area
    raise InvalidInput(
        f"service area {text!r} is not one of the PMT's; use one of: "
        + "; ".join(f"'{area}'" for area in SERVICE_AREAS)
    )


def area_order(area: str) -> int:
    """Where ``area`` comes in a report: the PMT's order, ``unspecified`` last."""
    return SERVICE_AREAS.index(area) if area in SERVICE_AREAS else len(SERVICE_AREAS)
