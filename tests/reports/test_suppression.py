"""Public copies: no count from 1 to 10 shows, and none can be worked out from the rest.

The checker here reasons as a reader of the public table would, from the shown cells and the
totals of each row or column alone, independently of how ``suppress`` chooses its cells.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from fundtrack.reports.suppression import Grid, Relation, suppress

BELOW = 11
UNKNOWN = None  # no upper limit


def ranges(relation: Relation, values: dict[Hashable, int], hidden: frozenset[Hashable]) -> dict:
    """What a reader can tell about each hidden cell of ``relation``: (least, most or None).

    Every hidden cell is at least 1, since zeros are shown.
    """
    hidden_parts = [p for p in relation.parts if p in hidden]
    shown_sum = sum(values[p] for p in relation.parts if p not in hidden)
    shown_max = max([values[p] for p in relation.parts if p not in hidden], default=0)
    found: dict[Hashable, tuple[int, int | None]] = {}
    if relation.total in hidden:
        if relation.bound:
            most = UNKNOWN if hidden_parts else shown_sum
            found[relation.total] = (max(shown_max, 1), most)
        else:
            most = UNKNOWN if hidden_parts else shown_sum
            found[relation.total] = (shown_sum + len(hidden_parts), most)
        for part in hidden_parts:
            found[part] = (1, UNKNOWN)
        return found
    total = values[relation.total]
    for part in hidden_parts:
        if relation.bound:
            least = total - shown_sum if len(hidden_parts) == 1 else 1
            found[part] = (max(least, 1), total)
        else:
            rest = total - shown_sum
            alone = len(hidden_parts) == 1
            found[part] = (rest if alone else 1, rest - (len(hidden_parts) - 1))
    return found


def disclosures(grid: Grid, hidden: frozenset[Hashable], below: int = BELOW) -> list[str]:
    """Every shown small count, and every hidden count pinned down or kept under ``below``."""
    problems = [
        f"{key} = {value} is shown"
        for key, value in grid.values.items()
        if key not in hidden and 0 < value < below
    ]
    for relation in grid.relations:
        for key, (least, most) in ranges(relation, grid.values, hidden).items():
            if most is not None and (least == most or most < below):
                problems.append(f"{key} is narrowed to {least}..{most} by {relation}")
    return problems


@st.composite
def tables(draw: st.DrawFn) -> Grid:
    """A small table of counts with row and column totals and an unduplicated column."""
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    count = st.one_of(st.just(0), st.integers(1, 12), st.integers(0, 60))
    grid = Grid()
    for r in range(rows):
        for c in range(columns):
            grid.values[(r, c)] = draw(count)
    for r in range(rows):
        parts = [(r, c) for c in range(columns)]
        grid.values[(r, "total")] = sum(grid.values[p] for p in parts)
        grid.add_sum((r, "total"), parts)
        figures = [grid.values[p] for p in parts]
        grid.values[(r, "distinct")] = draw(st.integers(max(figures), sum(figures)))
        grid.add_bound((r, "distinct"), parts)
    for c in [*range(columns), "total"]:
        parts = [(r, c) for r in range(rows)]
        grid.values[("total", c)] = sum(grid.values[p] for p in parts)
        grid.add_sum(("total", c), parts)
    grid.add_sum(("total", "total"), [("total", c) for c in range(columns)])
    return grid


@settings(max_examples=400, deadline=None)
@given(tables())
def test_no_small_count_shows_and_none_can_be_worked_out(grid: Grid) -> None:
    hidden = suppress(grid, BELOW)
    assert disclosures(grid, hidden) == []
    assert all(grid.values[key] > 0 for key in hidden), "a zero was hidden"


def test_one_small_cell_in_a_row_with_a_total_hides_the_next_smallest_too() -> None:
    grid = Grid({"served": 40, "new": 3, "continuing": 37})
    grid.add_sum("served", ["new", "continuing"])
    assert suppress(grid) == {"new", "continuing"}


def test_the_checker_catches_a_cell_worked_out_from_its_total() -> None:
    grid = Grid({"served": 40, "new": 3, "continuing": 37})
    grid.add_sum("served", ["new", "continuing"])
    assert disclosures(grid, frozenset({"new"})) == [
        "new is narrowed to 3..3 by Relation(total='served', parts=('new', 'continuing'), "
        "bound=False)"
    ]


def test_two_hidden_cells_that_add_up_to_little_hide_a_third() -> None:
    grid = Grid({"all": 30, "a": 2, "b": 3, "c": 25})
    grid.add_sum("all", ["a", "b", "c"])
    # a + b = 5 would keep both inside 1..10: c goes too, then a + b + c = 30.
    assert suppress(grid) == {"a", "b", "c"}


def test_an_unduplicated_count_hides_with_any_of_its_parts_and_zeros_show() -> None:
    grid = Grid({"CVRC-HT": 40, "VOCA": 4, "DOJ": 0, "all": 42})
    grid.add_bound("all", ["CVRC-HT", "VOCA", "DOJ"])
    assert suppress(grid) == {"VOCA", "all"}


def test_a_hidden_unduplicated_count_of_one_part_hides_that_part() -> None:
    grid = Grid({"year": 30, "Q1": 30, "Q2": 0, "x": 5, "sum": 35})
    grid.add_bound("year", ["Q1", "Q2"])
    grid.add_sum("sum", ["year", "x"])  # hides year beside x
    assert suppress(grid) == {"x", "year", "Q1"}


def test_another_threshold() -> None:
    grid = Grid({"a": 4, "b": 20})
    assert suppress(grid, below=5) == {"a"}
    assert suppress(grid, below=21) == {"a", "b"}


# -- The reports' own tables: figures worked out from random small sets of clients ----------

SERVED = st.lists(
    st.tuples(
        st.integers(1, 4),  # quarter
        st.integers(1, 40),  # client
        st.integers(1, 3),  # subgrantee
        st.sampled_from([None, "Shelter/housing services", "Information & referral"]),
    ),
    max_size=120,
)


@settings(max_examples=150, deadline=None)
@given(SERVED, st.sampled_from([2, 5, 11]))
def test_a_public_pmt_report_gives_no_small_count_away(rows: list[Any], below: int) -> None:
    from fundtrack.fiscal import Calendar
    from fundtrack.reports.pmt import PmtReport, count_served, pmt_grid

    subgrantees = {1: ("AAA", "A"), 2: ("BBB", "B"), 3: ("CCC", "C")}
    total, each = count_served(set(rows), 2020, Calendar.FEDERAL, subgrantees)
    grid = pmt_grid(PmtReport(Calendar.FEDERAL, 2020, ("VOCA",), total, each))
    hidden = suppress(grid, below)
    assert disclosures(grid, hidden, below) == []


#: (fiscal year, source, client, subgrantee) of each payment.
PAID = st.lists(
    st.tuples(
        st.integers(2019, 2021),
        st.sampled_from(["VOCA", "DOJ"]),
        st.integers(1, 30),
        st.sampled_from(["LP", "LL"]),
    ),
    max_size=100,
)


@settings(max_examples=150, deadline=None)
@given(PAID)
def test_a_public_victims_served_report_gives_no_small_count_away(rows: list[Any]) -> None:
    from fundtrack.fiscal import Calendar, FiscalYearRange
    from fundtrack.reports.victims import SubgranteeCount, VictimCount, VictimsServed
    from fundtrack.reports.victims_tables import victims_grid

    def distinct(keep: Any) -> int:
        return len({client for row in rows if keep(row) for client in [row[2]]})

    years: list[int | None] = [2019, 2020, 2021, None]
    counts = [
        VictimCount(y, s, distinct(lambda r, y=y, s=s: y in (None, r[0]) and s in (None, r[1])))
        for y in years
        for s in ("DOJ", "VOCA", None)
    ]
    by = [
        SubgranteeCount(y, g, g, distinct(lambda r, y=y, g=g: y in (None, r[0]) and r[3] == g))
        for y in years
        for g in ("LL", "LP")
    ]
    report = VictimsServed(Calendar.STATE, FiscalYearRange(2019, 2021), ("DOJ", "VOCA"),
                           tuple(counts), tuple(by))  # fmt: skip
    grid = victims_grid(report)
    assert disclosures(grid, suppress(grid)) == []
