"""The kinds of ledger entry, declared once.

Each kind says which of an entry's columns it must name and which it must leave empty, what
sign its amount takes, whether it counts a client as served, and how it posts in the
plain-text journal. The commands that append entries, the audit that re-checks them and the
journal writer all read this registry, so a new kind is added here and nowhere else (the
table's CHECK constraints list the kinds and their signs too; ``tests/ledger/test_kinds.py``
holds them equal).

A reversal has the kind of the entry it voids, the opposite amount and ``reverses_id`` set,
so sums per kind already net out voided entries. A service moves no money: its amount, and
its reversal's, is zero, and it has no journal postings (the journal writes it as a comment).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from fundtrack.errors import InvalidInput
from fundtrack.models import AWARD, DISBURSEMENT, SERVICE, SUBGRANT

#: The names an entry's journal accounts are built from.
ACCOUNT_NAMES = ("source", "award", "subgrant", "category")

#: Columns an entry may name besides its award; each kind requires or forbids each of them.
LINKS = ("subgrant_id", "category_id")


@dataclass(frozen=True)
class Kind:
    """One kind of entry.

    Attributes:
      name: the value of ``entry.kind``.
      requires: columns that must hold a value.
      forbids: columns that must be empty.
      sign: ``+1`` when the amount is positive (a reversal's is then negative); ``0`` when
        it is always zero (a service, and its reversal).
      counts_as_served: whether a standing entry of this kind counts its client as served.
      postings: the journal's (account, sign) pairs; the account is a template over
        ``ACCOUNT_NAMES`` and the sign (1 or -1) is the amount's. Every posting is real and
        they sum to zero (``allocated`` is balanced by ``allocated-offset``), as ``hledger
        check --strict`` wants. A kind that moves no money has none.
    """

    name: str
    requires: tuple[str, ...]
    forbids: tuple[str, ...]
    sign: int
    counts_as_served: bool
    postings: tuple[tuple[str, int], ...]


REGISTRY: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            AWARD,
            requires=(),
            forbids=("subgrant_id", "category_id", "client_id"),
            sign=1,
            counts_as_served=False,
            postings=(
                ("remaining:{award}:unallocated", 1),
                ("sources:{source}:{award}", -1),
            ),
        ),
        Kind(
            SUBGRANT,
            requires=("subgrant_id",),
            forbids=("category_id", "client_id"),
            sign=1,
            counts_as_served=False,
            postings=(
                ("remaining:{award}:{subgrant}", 1),
                ("remaining:{award}:unallocated", -1),
                ("allocated:{award}:{subgrant}", 1),
                ("allocated-offset:{award}:{subgrant}", -1),
            ),
        ),
        Kind(
            DISBURSEMENT,
            requires=("subgrant_id", "category_id", "client_id"),
            forbids=(),
            sign=1,
            counts_as_served=True,
            postings=(
                ("disbursed:{award}:{subgrant}:{category}", 1),
                ("remaining:{award}:{subgrant}", -1),
            ),
        ),
        Kind(
            SERVICE,
            requires=("subgrant_id", "client_id"),
            forbids=(),
            sign=0,
            counts_as_served=True,
            postings=(),
        ),
    )
}

#: Every kind's name, in the order they were added.
NAMES = tuple(REGISTRY)


def kind(name: str) -> Kind:
    """The kind called ``name``; an unknown one is refused, never guessed."""
    found = REGISTRY.get(name)
    if found is None:
        raise InvalidInput(
            f"unknown entry kind {name!r}; the ledger knows {', '.join(NAMES)} — "
            "upgrade fundtrack to read these books"
        )
    return found


def served_kinds() -> tuple[str, ...]:
    """The kinds whose standing entries count a client as served."""
    return tuple(k.name for k in REGISTRY.values() if k.counts_as_served)


def postings(
    name: str, amount: Decimal, names: Mapping[str, str | None]
) -> list[tuple[str, Decimal]]:
    """An entry's journal postings: (account, amount) pairs that add up to zero."""
    negated = -amount
    return [
        (account.format_map(names), amount if share > 0 else negated)
        for account, share in kind(name).postings
    ]


def accounts(name: str, names: Mapping[str, str | None]) -> list[str]:
    """The accounts an entry of kind ``name`` naming ``names`` posts to."""
    return [account.format_map(names) for account, _ in kind(name).postings]


def check_constraint() -> str:
    """The SQL CHECK that keeps ``entry.kind`` to the registered kinds."""
    return "kind IN (" + ", ".join(f"'{name}'" for name in NAMES) + ")"


def sign_constraint() -> str:
    """The SQL CHECK that gives each kind's amount its sign, and a reversal the opposite one."""
    signed = ", ".join(f"'{k.name}'" for k in REGISTRY.values() if k.sign)
    unsigned = ", ".join(f"'{k.name}'" for k in REGISTRY.values() if not k.sign)
    return (
        f"(kind IN ({signed}) AND ((reverses_id IS NULL AND amount_cents > 0) OR "
        "(reverses_id IS NOT NULL AND amount_cents < 0))) OR "
        f"(kind IN ({unsigned}) AND amount_cents = 0)"
    )


def moves_money(name: str) -> bool:
    """Whether an entry of kind ``name`` changes a money figure (a service does not)."""
    return kind(name).sign != 0


def misfiled_condition(alias: str = "e") -> str:
    """SQL true for an entry that names columns its kind forbids or lacks ones it requires."""
    clauses = []
    for k in REGISTRY.values():
        wrong = [f"{alias}.{column} IS NULL" for column in k.requires if column in LINKS]
        wrong += [f"{alias}.{column} IS NOT NULL" for column in k.forbids if column in LINKS]
        if wrong:
            clauses.append(f"({alias}.kind = '{k.name}' AND ({' OR '.join(wrong)}))")
    return "\n   OR ".join(clauses)
