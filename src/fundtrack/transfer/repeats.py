"""Finding disbursements an import would record twice, in little memory.

A row repeats another when it is the same payment: same subgrant, client, category, amount,
date and reference. The file's rows, and the standing disbursements of each subgrant the
file names, are kept as a 64-bit hash of that payment and the line (or entry) it came
from, in two flat arrays: 12 bytes a slot, about 25 MB for a million rows, where a dict
would take 150. Two different payments with the same hash would be taken for a repeat; at
64 bits that is about one chance in ten million for a file of a million rows.
"""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

from sqlmodel import Session

from fundtrack.ledger import append, queries

if TYPE_CHECKING:
    from fundtrack.transfer.bulk import Row

_EMPTY = 0


class PaymentIndex:
    """A hash table from payment hash to where it was first seen.

    Up to ``SMALL`` payments it is a dict (fastest); past that its entries move to two flat
    arrays with open addressing (smallest), so a large import stays within its memory bound.
    """

    SMALL = 1 << 17

    def __init__(self) -> None:
        self.small: dict[int, int] | None = {}
        self._empty(1)  # the arrays are made when the dict spills

    def first(self, key: int, place: int) -> int:
        """Where ``key`` was first seen; records ``place`` for it when it is new."""
        small = self.small
        if small is not None:
            found = small.setdefault(key, place)
            if len(small) >= self.SMALL:
                self._spill(small)
            return found
        return self._probe(key or 1, place)  # 0 marks an empty slot

    def _probe(self, key: int, place: int) -> int:
        keys, mask = self.keys, self.mask
        i = key & mask
        while True:
            found = keys[i]
            if found == key:
                return self.places[i]
            if found == _EMPTY:
                keys[i], self.places[i] = key, place
                self.count += 1
                if self.count * 2 > mask:
                    self._grow()
                return place
            i = (i + 1) & mask

    def _empty(self, slots: int) -> None:
        self.keys = array("q", bytes(8 * slots))
        self.places = array("i", bytes(4 * slots))
        self.mask = slots - 1
        self.count = 0

    def _spill(self, small: dict[int, int]) -> None:
        self.small = None
        self._empty(1 << (2 * len(small)).bit_length())
        for key, place in small.items():
            self._probe(key or 1, place)

    def _grow(self) -> None:
        keys, places = self.keys, self.places
        self._empty(2 * len(keys))
        for key, place in zip(keys, places, strict=True):
            if key != _EMPTY:
                self._probe(key, place)


class Repeats:
    """Finds a row that repeats another row of the file, or a standing disbursement, exactly.

    A subgrant's standing disbursements are loaded when the file first names it, from the
    entries recorded before the import began (none to load in an empty ledger).
    """

    def __init__(self, session: Session, *, allow: bool) -> None:
        self.session, self.allow = session, allow
        self.ledger_end = append.fingerprint(session)[0]
        self.seen = PaymentIndex()
        self.loaded: set[int] = set()
        self.allowed = 0

    def earlier(self, row: Row, line: int) -> str | None:
        """``line N`` or ``entry N`` when the row repeats it (and repeats are not allowed)."""
        grant = row.grant
        if grant.id not in self.loaded:
            self._load(grant.id)
        key = hash((grant.id, row.client, row.category_id, row.cents, row.day, row.reference))
        found = self.seen.first(key, line)
        if found == line:
            return None
        if self.allow:
            self.allowed += 1
            return None
        return f"line {found}" if found > 0 else f"entry {-found}"

    def _load(self, subgrant_id: int) -> None:
        self.loaded.add(subgrant_id)
        if not self.ledger_end:
            return
        keys = queries.disbursement_keys(self.session, subgrant_id, self.ledger_end)
        for entry_id, *payment in keys:
            self.seen.first(hash((subgrant_id, *payment)), -int(entry_id))
