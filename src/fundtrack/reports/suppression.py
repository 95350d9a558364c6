"""Public copies: which counts to hide so that no small count can be read or worked out.

A count from 1 to ``below - 1`` (1 to 10 by default, CMS's rule) is hidden (shown ``<11``);
zeros are shown. Hiding one cell is not enough where a total is shown: the cell would follow
from the total and the other cells. So hiding is repeated until nothing changes:

* a **sum** (``total = part + part + ...``: served = new + continuing, the year's served =
  the sum of the quarters' new): where the hidden cells of a shown total could be narrowed to
  one value, or to a range inside 1..``below - 1`` (every hidden cell is at least 1, since
  zeros are shown), the smallest non-zero shown part is hidden too, or the total when no part
  is left;
* a **bound** (an unduplicated count: at least the largest of its parts, at most their sum,
  like the all-sources column): it is hidden whenever any of its parts is; when it is hidden
  and every part shown, the smallest non-zero part is hidden too if the parts would pin it
  down or keep it inside 1..``below - 1``.

The rule knows nothing of reports or databases: a ``Grid`` is cells by any key, and its sums
and bounds. ``Public`` says how a hidden cell is drawn, and ``public_sheets`` marks every
sheet of a public workbook.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from fundtrack.table import Sheet

#: The smallest count a public copy shows (CMS: no cell of 1 to 10).
PUBLIC_THRESHOLD = 11


@dataclass(frozen=True)
class Relation:
    """``total`` over ``parts``: their sum, or (``bound``) an unduplicated count of them."""

    total: Hashable
    parts: tuple[Hashable, ...]
    bound: bool = False


@dataclass
class Grid:
    """Counts by key, and the relations a reader could use to work a hidden one out."""

    values: dict[Hashable, int] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def add_sum(self, total: Hashable, parts: Sequence[Hashable]) -> None:
        self.relations.append(Relation(total, tuple(parts)))

    def add_bound(self, total: Hashable, parts: Sequence[Hashable]) -> None:
        self.relations.append(Relation(total, tuple(parts), bound=True))


def suppress(grid: Grid, below: int = PUBLIC_THRESHOLD) -> frozenset[Hashable]:
    """The keys of the cells a public copy hides."""
    hidden = {key for key, value in grid.values.items() if 0 < value < below}
    changed = True
    while changed:
        changed = False
        for relation in grid.relations:
            more = _also_hide(relation, grid.values, hidden, below)
            if more is not None:
                hidden.add(more)
                changed = True
    return frozenset(hidden)


def _also_hide(
    relation: Relation, values: Mapping[Hashable, int], hidden: set[Hashable], below: int
) -> Hashable | None:
    """One more cell this relation needs hidden, or None when it gives nothing away."""
    parts_hidden = [part for part in relation.parts if part in hidden]
    shown = [part for part in relation.parts if part not in hidden]
    total_hidden = relation.total in hidden
    if relation.bound:
        if parts_hidden and not total_hidden:
            return relation.total
        if total_hidden and not parts_hidden:
            figures = [values[part] for part in shown]
            if not figures or max(figures) == sum(figures) or sum(figures) < below:
                return _smallest(shown, values)
        return None
    if total_hidden:
        return _smallest(shown, values) if not parts_hidden else None
    if not parts_hidden:
        return None
    rest = values[relation.total] - sum(values[part] for part in shown)
    # One hidden part is the total less the rest; several share what is left, each at most
    # that less one for every other.
    if len(parts_hidden) == 1 or rest - (len(parts_hidden) - 1) < below:
        smallest = _smallest(shown, values)
        return relation.total if smallest is None else smallest
    return None


def _smallest(keys: Sequence[Hashable], values: Mapping[Hashable, int]) -> Hashable | None:
    """The key of the smallest non-zero count, or None when every count is zero."""
    nonzero = [key for key in keys if values[key] > 0]
    return min(nonzero, key=lambda key: values[key]) if nonzero else None


@dataclass(frozen=True)
class Public:
    """What a public copy hides: the keys of the hidden cells, and the threshold."""

    hidden: frozenset[Hashable]
    below: int = PUBLIC_THRESHOLD

    @property
    def mark(self) -> str:
        """How a hidden count is shown: ``<11``."""
        return f"<{self.below}"

    @property
    def note(self) -> str:
        """The line every sheet of a public copy starts with."""
        return (
            f"Public copy: counts from 1 to {self.below - 1} are shown as {self.mark}, and so "
            "is any count from which one of them could be worked out."
        )

    def shown(self, key: Hashable, value: int) -> int | str:
        """A table's cell: the count, or ``<11``."""
        return self.mark if key in self.hidden else value

    def json(self, key: Hashable, value: int) -> int | None:
        """A JSON figure: the count, or null."""
        return None if key in self.hidden else value


def make_public(grid: Grid, below: int = PUBLIC_THRESHOLD) -> Public:
    return Public(suppress(grid, below), below)


def public_sheets(sheets: list[Sheet], public: Public | None) -> list[Sheet]:
    """Each sheet, with the public copy's note first on it and no chart (a chart cannot
    draw ``<11``)."""
    if public is None:
        return sheets
    return [replace(s, heading=(public.note, *s.heading), chart=None) for s in sheets]
