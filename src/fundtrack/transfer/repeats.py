"""Finding disbursements an import would record twice, in little memory.

A row repeats another when it is the same payment: same subgrant, client, category, amount,
date and reference. A row that only shares its reference with an earlier payment of the
same subgrant is recorded, with a warning (one check can pay for two things).

Rows, and the standing disbursements of each subgrant the file names, are kept as 64-bit
hashes with the line (or entry) they came from: by reference where they have one (with the
hash of the whole payment beside it), by payment where they have none, or where a
reference is used for more than one payment. While the file is small the index is a dict;
past ``PaymentIndex.SMALL`` rows it moves to flat arrays of 16 bytes a slot, about 34 MB
for a million rows where a dict would take 150. Two different payments with the same hash
would be taken for a repeat; at 64 bits that is about one chance in ten million for a file
of a million rows.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from fundtrack.ledger import append, queries

if TYPE_CHECKING:
    from fundtrack.transfer.bulk import Row

_EMPTY = 0


class PaymentIndex:
    """A hash table from a hash to where it was first seen, and a number kept with it.

    ``first`` returns the place; the number stored with it (a 32-bit int) is then in
    ``payload``.
    """

    SMALL = 1 << 15

    def __init__(self, expect: Callable[[int], int] | None = None) -> None:
        #: How many keys to expect in all, given how many came so far (sizes the arrays
        #: once, instead of growing them through copies).
        self.expect = expect or (lambda so_far: so_far)
        self.small: dict[int, tuple[int, int]] | None = {}
        self.payload = 0
        self._empty(1)  # the arrays are made when the dict spills

    def first(self, key: int, place: int, payload: int = 0) -> int:
        """Where ``key`` was first seen; records ``place`` (and ``payload``) when it is new."""
        small = self.small
        if small is not None:
            found, self.payload = small.setdefault(key, (place, payload))
            if len(small) >= self.SMALL:
                self._spill(small)
            return found
        return self._probe(key or 1, place, payload)  # 0 marks an empty slot

    def _probe(self, key: int, place: int, payload: int) -> int:
        keys, mask = self.keys, self.mask
        i = key & mask
        while True:
            found = keys[i]
            if found == key:
                self.payload = self.payloads[i]
                return self.places[i]
            if found == _EMPTY:
                keys[i], self.places[i], self.payloads[i] = key, place, payload
                self.payload = payload
                self.count += 1
                if self.count * 2 > mask:
                    self._grow()
                return place
            i = (i + 1) & mask

    def _empty(self, slots: int) -> None:
        self.keys = array("q", bytes(8 * slots))
        self.payloads = array("i", bytes(4 * slots))
        self.places = array("i", bytes(4 * slots))
        self.mask = slots - 1
        self.count = 0

    def _spill(self, small: dict[int, tuple[int, int]]) -> None:
        self.small = None
        expected = max(len(small), self.expect(len(small)))
        self._empty(1 << (2 * expected).bit_length())
        for key, (place, payload) in small.items():
            self._probe(key or 1, place, payload)

    def _grow(self) -> None:
        keys, places, payloads = self.keys, self.places, self.payloads
        self._empty(2 * len(keys))
        for key, place, payload in zip(keys, places, payloads, strict=True):
            if key != _EMPTY:
                self._probe(key, place, payload)


def _where(place: int) -> str:
    return f"line {place}" if place > 0 else f"entry {-place}"


class Repeats:
    """Finds rows that repeat a payment exactly, or reuse a reference, as the file is read.

    A subgrant's standing disbursements are loaded when the file first names it, from the
    entries recorded before the import began (none to load in an empty ledger).
    """

    def __init__(
        self, session: Session, *, allow: bool, expect: Callable[[int], int] | None = None
    ) -> None:
        self.session, self.allow = session, allow
        self.ledger_end = append.fingerprint(session)[0]
        self.by_reference = PaymentIndex(expect)
        self.by_payment = PaymentIndex(expect)
        self.loaded: set[int] = set()
        self.allowed = 0
        #: (line, subgrant id, reference, where it was first used) of each row that reuses
        #: a reference for another payment.
        self.reused: list[tuple[int, int, str, str]] = []

    def earlier(self, row: Row, line: int) -> str | None:
        """``line N`` or ``entry N`` when the row repeats it (and repeats are not allowed)."""
        grant = row.grant
        if grant.id not in self.loaded:
            self._load(grant.id)
        payment = (grant.id, row.client, row.category_id, row.cents, row.day, row.reference)
        found = self._place(grant.id, payment, line)
        if found is None:
            return None
        if self.allow:
            self.allowed += 1
            return None
        return _where(found)

    def _place(self, subgrant_id: int, payment: tuple[Any, ...], place: int) -> int | None:
        """Where ``payment`` was recorded before ``place``; notes a reused reference."""
        key, reference = hash(payment), payment[-1]
        if reference is None:
            found = self.by_payment.first(key, place)
            return None if found == place else found
        index, tag = self.by_reference, key & 0x7FFFFFFF  # the payment, in 31 bits
        first = index.first(hash((subgrant_id, reference)), place, tag)
        if first == place:
            return None
        if index.payload == tag:
            return first
        found = self.by_payment.first(key, place)
        if found != place:
            return found
        if place > 0:
            self.reused.append((place, subgrant_id, reference, _where(first)))
        return None

    def _load(self, subgrant_id: int) -> None:
        self.loaded.add(subgrant_id)
        if not self.ledger_end:
            return
        for entry_id, *payment in queries.disbursement_keys(
            self.session, subgrant_id, self.ledger_end
        ):
            self._place(subgrant_id, (subgrant_id, *payment), -int(entry_id))
