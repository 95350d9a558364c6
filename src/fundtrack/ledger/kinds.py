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
An amendment records the signed change it makes and is never reversed. A fact (a source,
category, subgrantee or client, or the snapshot an upgrade takes) names no award, moves no
money and carries the terms it records by value (``fundtrack.ledger.terms``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from fundtrack.errors import InvalidInput
from fundtrack.models import (
    AWARD,
    AWARD_AMENDMENT,
    AWARD_CLOSE,
    CATEGORY,
    CLIENT,
    CLOSE,
    DISBURSEMENT,
    DRAWDOWN,
    MATCH_CASH,
    MATCH_IN_KIND,
    REOPEN,
    SERVICE,
    SNAPSHOT,
    SOURCE,
    SUBGRANT,
    SUBGRANT_AMENDMENT,
    SUBGRANTEE,
)

#: The names an entry's journal accounts are built from.
ACCOUNT_NAMES = ("source", "award", "subgrant", "category")

#: Columns an entry may name; each kind requires or forbids each of them.
LINKS = ("award_id", "subgrant_id", "category_id")


#: ``Kind.sign`` of a kind whose amount may take either sign (an amendment's change).
SIGNED = "signed"
#: ``Kind.sign`` of a kind whose amount may be zero or positive (an award's unspent
#: remainder at its close); its reversal's is zero or negative.
AT_LEAST_ZERO = "at-least-zero"

#: ``Kind.terms``: the entry must carry terms, may (an original award or subgrant since
#: canonical version 2; never its reversal), or must not.
REQUIRED, ON_ORIGINAL, NONE = "required", "on-original", "none"


@dataclass(frozen=True)
class Kind:
    """One kind of entry.

    Attributes:
      name: the value of ``entry.kind``.
      requires: columns that must hold a value.
      forbids: columns that must be empty.
      sign: ``+1`` when the amount is positive (a reversal's is then negative); ``0`` when
        it is always zero (a service, and its reversal; a fact); ``SIGNED`` when it is any
        amount, the change an amendment makes; ``AT_LEAST_ZERO`` when it may be zero too
        (an award's close).
      counts_as_served: whether a standing entry of this kind counts its client as served.
      postings: the journal's (account, sign) pairs; the account is a template over
        ``ACCOUNT_NAMES`` and the sign (1 or -1) is the amount's. Every posting is real and
        they sum to zero (``allocated`` is balanced by ``allocated-offset``), as ``hledger
        check --strict`` wants. A kind that moves no money has none.
      adds_to: the money figure its amounts add to (``awarded``, ``allocated``,
        ``disbursed``), or None.
      terms: whether it carries the facts it records by value (``REQUIRED``, ``ON_ORIGINAL``,
        ``NONE``).
      needs_reason: whether ``reason`` must be given (an amendment says why).
      voidable: whether ``fundtrack void`` may reverse it (a fact and an amendment are
        amended instead); ``refusal`` says what to do instead.
    """

    name: str
    requires: tuple[str, ...]
    forbids: tuple[str, ...]
    sign: int | str
    counts_as_served: bool
    postings: tuple[tuple[str, int], ...]
    adds_to: str | None = None
    terms: str = NONE
    needs_reason: bool = False
    voidable: bool = True
    refusal: str = ""


_AWARD_POSTINGS = (
    ("remaining:{award}:unallocated", 1),
    ("sources:{source}:{award}", -1),
)
_SUBGRANT_POSTINGS = (
    ("remaining:{award}:{subgrant}", 1),
    ("remaining:{award}:unallocated", -1),
    ("allocated:{award}:{subgrant}", 1),
    ("allocated-offset:{award}:{subgrant}", -1),
)
_NO_ACCOUNT = ("award_id", "subgrant_id", "category_id", "client_id")


def _fact(name: str, refusal: str, *, needs_reason: bool = False) -> Kind:
    """A kind that records terms by value: no award, no amount, never voided."""
    return Kind(
        name,
        requires=(),
        forbids=_NO_ACCOUNT,
        sign=0,
        counts_as_served=False,
        postings=(),
        terms=REQUIRED,
        needs_reason=needs_reason,
        voidable=False,
        refusal=refusal,
    )


def _on_holder(
    name: str,
    holder: str,
    postings: tuple[tuple[str, int], ...],
    adds_to: str,
    *,
    sign: int | str = 1,
    terms: str = NONE,
    needs_reason: bool = False,
    voidable: bool = True,
    refusal: str = "",
) -> Kind:
    """A kind that moves money on an award, or on one of its subgrants (``holder``), and
    serves no client: it names its holder's columns and no others."""
    names = ("award_id",) if holder == "award" else ("award_id", "subgrant_id")
    return Kind(
        name,
        requires=names,
        forbids=tuple(c for c in _NO_ACCOUNT if c not in names),
        sign=sign,
        counts_as_served=False,
        postings=postings,
        adds_to=adds_to,
        terms=terms,
        needs_reason=needs_reason,
        voidable=voidable,
        refusal=refusal,
    )


def _amendment(name: str, holder: str, postings: tuple[tuple[str, int], ...], adds_to: str) -> Kind:
    """A signed change of an award's or subgrant's amount and terms, with its reason; posts
    as the holder does and is never voided (amend again instead)."""
    return _on_holder(
        name, holder, postings, adds_to, sign=SIGNED, terms=REQUIRED, needs_reason=True,
        voidable=False, refusal=f"amend the {holder} again instead",
    )  # fmt: skip


_AMEND_IT = "amend it instead"


def _period(name: str, refusal: str) -> Kind:
    """A fiscal year closed or reopened: a fact with a reason, dated the day it is recorded."""
    return _fact(name, refusal, needs_reason=True)


def _match(name: str, what: str) -> Kind:
    """A subgrantee's match (cash or in kind): recorded against a subgrant, never counted as
    the award's spending, voidable. Cash and in-kind are two kinds, so the distinction is in
    ``kind``, which every canonical version hashes."""
    postings = ((f"match:{{award}}:{{subgrant}}:{what}", 1), ("match-offset:{award}", -1))
    return _on_holder(name, "subgrant", postings, name)


REGISTRY: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        _on_holder(AWARD, "award", _AWARD_POSTINGS, "awarded", terms=ON_ORIGINAL),
        _on_holder(SUBGRANT, "subgrant", _SUBGRANT_POSTINGS, "allocated", terms=ON_ORIGINAL),
        Kind(
            DISBURSEMENT,
            requires=("award_id", "subgrant_id", "category_id", "client_id"),
            forbids=(),
            sign=1,
            counts_as_served=True,
            postings=(
                ("disbursed:{award}:{subgrant}:{category}", 1),
                ("remaining:{award}:{subgrant}", -1),
            ),
            adds_to="disbursed",
        ),
        Kind(
            SERVICE,
            requires=("award_id", "subgrant_id", "client_id"),
            forbids=(),
            sign=0,
            counts_as_served=True,
            postings=(),
        ),
        _amendment(AWARD_AMENDMENT, "award", _AWARD_POSTINGS, "awarded"),
        _amendment(SUBGRANT_AMENDMENT, "subgrant", _SUBGRANT_POSTINGS, "allocated"),
        _fact(SOURCE, _AMEND_IT),
        _fact(CATEGORY, _AMEND_IT),
        _fact(SUBGRANTEE, _AMEND_IT),
        _fact(CLIENT, "a wrong client reference is corrected by voiding its entries"),
        _fact(SNAPSHOT, "it certifies the books as they were found at an upgrade"),
        _match(MATCH_CASH, "cash"),
        _match(MATCH_IN_KIND, "in-kind"),
        _on_holder(
            DRAWDOWN, "award", (("cash:{award}", 1), ("drawn:{source}:{award}", -1)), "drawn"
        ),
        _period(CLOSE, "reopen the year with `fundtrack reopen` instead"),
        _period(REOPEN, "close the year again with `fundtrack close` instead"),
        _on_holder(
            AWARD_CLOSE,
            "award",
            (("closed:{source}:{award}", 1), ("remaining:{award}:unallocated", -1)),
            "closed-out",
            sign=AT_LEAST_ZERO,
            needs_reason=True,
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
    return f"kind IN ({_listed(REGISTRY.values())})"


def sign_constraint() -> str:
    """The SQL CHECK that gives each kind's amount its sign, and a reversal the opposite one."""
    groups = {
        1: "((reverses_id IS NULL AND amount_cents > 0) OR "
        "(reverses_id IS NOT NULL AND amount_cents < 0))",
        0: "amount_cents = 0",
        SIGNED: "reverses_id IS NULL",
        AT_LEAST_ZERO: "((reverses_id IS NULL AND amount_cents >= 0) OR "
        "(reverses_id IS NOT NULL AND amount_cents <= 0))",
    }
    return " OR ".join(
        f"(kind IN ({_listed(k for k in REGISTRY.values() if k.sign == sign)}) AND {rule})"
        for sign, rule in groups.items()
    )


def shape_constraint() -> str:
    """The SQL CHECK that gives each kind its award, terms and reason, and keeps the kinds
    that are amended rather than voided from being reversed."""
    groups: dict[str, list[Kind]] = {}
    for k in REGISTRY.values():
        groups.setdefault(_shape(k), []).append(k)
    return " OR ".join(f"(kind IN ({_listed(ks)}) AND {rule})" for rule, ks in groups.items())


def _shape(k: Kind) -> str:
    rules = ["award_id IS NOT NULL" if "award_id" in k.requires else "award_id IS NULL"]
    if k.terms == REQUIRED:
        rules.append("terms IS NOT NULL")
    elif k.terms == NONE:
        rules.append("terms IS NULL")
    if k.needs_reason:
        rules.append("reason IS NOT NULL")
    if not k.voidable:
        rules.append("reverses_id IS NULL")
    return " AND ".join(rules)


def _listed(found: Iterable[Kind]) -> str:
    return ", ".join(f"'{k.name}'" for k in found)


def moves_money(name: str) -> bool:
    """Whether an entry of kind ``name`` changes a money figure (a service or a fact does not)."""
    return kind(name).sign != 0


def kinds_adding_to(figure: str) -> tuple[str, ...]:
    """The kinds whose amounts add up to ``figure``: ``awarded`` (an award's amount),
    ``allocated`` (a subgrant's amount, and what its award has allocated), ``disbursed``,
    ``drawn`` (federal cash received), ``match-cash`` or ``match-in-kind``."""
    found = tuple(k.name for k in REGISTRY.values() if k.adds_to == figure)
    if not found:
        raise ValueError(f"no kind adds to {figure!r}")
    return found


def fact_kinds() -> tuple[str, ...]:
    """The kinds that record terms only: no award, no money, never voided (a year's close
    and reopen among them)."""
    return tuple(k.name for k in REGISTRY.values() if k.terms == REQUIRED and k.sign == 0)


def with_terms() -> tuple[str, ...]:
    """The kinds whose entries may carry terms."""
    return tuple(k.name for k in REGISTRY.values() if k.terms != NONE)


def misfiled_condition(alias: str = "e") -> str:
    """SQL true for an entry that names columns its kind forbids or lacks ones it requires."""
    clauses = []
    for k in REGISTRY.values():
        wrong = [f"{alias}.{column} IS NULL" for column in k.requires if column in LINKS]
        wrong += [f"{alias}.{column} IS NOT NULL" for column in k.forbids if column in LINKS]
        if wrong:
            clauses.append(f"({alias}.kind = '{k.name}' AND ({' OR '.join(wrong)}))")
    return "\n   OR ".join(clauses)
