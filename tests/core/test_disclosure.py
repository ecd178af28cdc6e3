"""Cell suppression: known answers, an independent exact check of derivability, and the guarantee on random tables."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import combinations, product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grmg.core import disclosure
from grmg.core.disclosure import Key, Table, derivable, protect, relations

# --- building tables from detail counts, independently of the module -------------------------------------------------


def table_from(dimensions: Sequence[str], groups: Sequence[Sequence[str]], detail: Mapping[Key, int]) -> Table:
    """The cube of every group, each cell the sum of the detail counts (one value per dimension) it covers."""
    masks = {frozenset(sub) for g in groups for r in range(len(g) + 1) for sub in combinations(g, r)}
    units: dict[Key, int] = {}
    for values, count in detail.items():
        if count:
            for mask in masks:
                key = tuple(v if d in mask else None for d, v in zip(dimensions, values, strict=True))
                units[key] = units.get(key, 0) + count
    return Table(tuple(dimensions), tuple(tuple(g) for g in groups), units)


def grid(rows: Mapping[str, Sequence[int]], columns: Sequence[str]) -> Table:
    """A two-way table sex × destination with all margins."""
    detail = {(r, c): n for r, counts in rows.items() for c, n in zip(columns, counts, strict=True)}
    return table_from(("sex", "destination"), [("sex", "destination")], detail)


def one_way(counts: Mapping[str, int]) -> Table:
    """A one-way table with its total."""
    return table_from(("destination",), [("destination",)], {(v,): n for v, n in counts.items()})


# --- an independent exact method: the relations by brute force, then Gauss-Jordan over the rationals ----------------


def brute_relations(table: Table) -> list[tuple[Key, set[Key]]]:
    """Every relation parent = sum(children), found by comparing every pair of cells."""
    n = len(table.dimensions)
    groups = [{table.dimensions.index(d) for d in g} for g in table.groups]
    found: dict[tuple[Key, int], set[Key]] = {}
    for parent in table.units:
        set_dims = {i for i in range(n) if parent[i] is not None}
        for d in range(n):
            if parent[d] is None and any(set_dims | {d} <= g for g in groups):
                found[parent, d] = {c for c in table.units if c[d] is not None
                                    and all(c[i] == parent[i] for i in range(n) if i != d)}
    return [(p, kids) for (p, _d), kids in found.items()]


def brute_derivable(table: Table, suppressed: Iterable[Key]) -> frozenset[Key]:
    """The suppressed cells that are pivots with nothing else in their row of the reduced row echelon form."""
    columns = sorted(set(suppressed), key=repr)
    index = {c: i for i, c in enumerate(columns)}
    matrix = []
    for parent, kids in brute_relations(table):
        row = [Fraction(0)] * len(columns)
        for cell, sign in [(parent, 1), *((k, -1) for k in kids)]:
            if cell in index:
                row[index[cell]] += sign
        if any(row):
            matrix.append(row)
    pivots: list[int] = []
    for col in range(len(columns)):
        r = len(pivots)
        found = next((i for i in range(r, len(matrix)) if matrix[i][col]), None)
        if found is None:
            continue
        matrix[r], matrix[found] = matrix[found], matrix[r]
        matrix[r] = [v / matrix[r][col] for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][col]:
                f = matrix[i][col]
                matrix[i] = [a - f * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(col)
    return frozenset(columns[col] for r, col in enumerate(pivots) if sum(1 for v in matrix[r] if v) == 1)


def single_differencing(table: Table, suppressed: frozenset[Key]) -> list[Key]:
    """The suppressed cells alone in a relation (recoverable by one subtraction)."""
    alone = []
    for parent, kids in brute_relations(table):
        members = [c for c in (parent, *kids) if c in suppressed]
        if len(members) == 1:
            alone.append(members[0])
    return alone


# --- random tables --------------------------------------------------------------------------------------------------

COUNTS = st.sampled_from([0, 0, 1, 1, 2, 3, 4, 5, 7, 9, 12, 20, 40])


@st.composite
def tables(draw: st.DrawFn, max_values: int = 4) -> Table:
    """1–3 dimensions, 1–4 distinct (often overlapping) groups, detail counts with zeros and small ones."""
    dims = ("sex", "destination", "occupation")[: draw(st.integers(1, 3))]
    subsets = [s for r in range(1, len(dims) + 1) for s in combinations(dims, r)]
    groups = draw(st.lists(st.sampled_from(subsets), min_size=1, max_size=4, unique=True))
    values = [[f"{d[:3]}{i}" for i in range(draw(st.integers(1, max_values)))] for d in dims]
    detail = {combo: draw(COUNTS) for combo in product(*values)}
    if not any(detail.values()):
        detail[next(iter(detail))] = 1
    return table_from(dims, groups, detail)


# --- known answers --------------------------------------------------------------------------------------------------


def test_it_suppresses_the_cheapest_rectangle_in_a_2x3_table():
    table = grid({"f": [2, 10, 20], "m": [8, 30, 40]}, ["A", "B", "C"])
    result = protect(table, 5)
    assert result.primary == {("f", "A")}
    assert result.secondary == {("f", "B"), ("m", "A"), ("m", "B")}
    assert result.suppressed == result.primary | result.secondary


def test_it_protects_the_only_small_cell_of_a_one_way_table_by_one_sibling_not_the_total():
    result = protect(one_way({"A": 2, "B": 9, "C": 15}), 5)
    assert result.primary == {("A",)}
    assert result.secondary == {("B",)}


def test_it_keeps_the_grand_total_when_a_detail_cell_can_do():
    table = table_from(("sex", "destination"), [("sex",), ("destination",)],
                       {("f", "A"): 2, ("m", "B"): 30, ("m", "A"): 20, ("f", "B"): 1})
    result = protect(table, 5)
    assert result.primary == {("f", None)}
    assert result.secondary == {("m", None)}
    assert (None, None) not in result.suppressed


def test_it_goes_around_the_grand_total_when_structural_zeros_rule_out_a_rectangle():
    # (f, B) and (m, A) are absent: no 2x2 rectangle exists; the box through (f, A) would need the grand total.
    table = grid({"f": [2, 0], "m": [0, 20]}, ["A", "B"])
    result = protect(table, 5)
    assert result.primary == {("f", "A"), ("f", None), (None, "A")}
    assert (None, None) not in result.suppressed
    assert derivable(table, result.suppressed) == frozenset()
    assert brute_derivable(table, result.suppressed) == frozenset()


def test_it_suppresses_the_grand_total_when_it_is_small():
    result = protect(one_way({"A": 2, "B": 1}), 5)
    assert result.primary == {("A",), ("B",), (None,)}
    assert result.secondary == frozenset()


def test_it_suppresses_nothing_when_no_cell_is_small():
    table = table_from(("sex", "destination", "occupation"), [("sex", "destination"), ("sex", "occupation")],
                       {(s, d, o): 5 for s in "fm" for d in "ABC" for o in "xy"})
    result = protect(table, 5)
    assert result.suppressed == frozenset()


def test_it_costs_about_four_cells_for_one_small_cell_in_a_2xn_table():
    table = grid({"f": [3, *range(20, 29)], "m": list(range(30, 40))}, [f"d{i}" for i in range(10)])
    result = protect(table, 5)
    assert result.primary == {("f", "d0")}
    assert result.secondary == {("f", "d1"), ("m", "d0"), ("m", "d1")}


def test_it_protects_a_shared_margin_in_every_group_it_belongs_to():
    # The margin sex=f is in both (sex, destination) and (sex, occupation): each cube needs its own differencing.
    table = table_from(("sex", "destination", "occupation"), [("sex", "destination"), ("sex", "occupation")],
                       {("f", "A", "x"): 1, ("f", "B", "y"): 2, ("m", "A", "x"): 20, ("m", "B", "y"): 30,
                        ("m", "A", "y"): 25, ("m", "B", "x"): 15})
    result = protect(table, 4)
    assert ("f", None, None) in result.primary
    assert derivable(table, result.suppressed) == frozenset()
    assert brute_derivable(table, result.suppressed) == frozenset()
    assert {("m", None, None), ("f", "A", None), ("f", None, "x")} <= result.suppressed


def test_it_lists_the_relations_of_a_two_group_table_once_each():
    table = table_from(("sex", "destination"), [("sex", "destination"), ("sex",)],
                       {("f", "A"): 3, ("f", "B"): 4, ("m", "A"): 5})  # (m, B) is a structural zero
    expected = [
        ((None, None), (("f", None), ("m", None))),
        ((None, None), ((None, "A"), (None, "B"))),
        (("f", None), (("f", "A"), ("f", "B"))),
        (("m", None), (("m", "A"),)),
        ((None, "A"), (("f", "A"), ("m", "A"))),
        ((None, "B"), (("f", "B"),)),
    ]
    got = relations(table)
    assert len(got) == len(expected)
    assert {(p, frozenset(k)) for p, k in got} == {(p, frozenset(k)) for p, k in expected}


def test_it_finds_differencing_through_a_margin_shared_by_two_groups():
    table = table_from(("sex", "destination", "occupation"), [("sex", "destination"), ("sex", "occupation")],
                       {("f", "A", "x"): 6, ("f", "B", "y"): 7, ("m", "A", "x"): 8, ("m", "B", "y"): 9})
    # Safe in (sex, destination) alone: a 2x2 rectangle. But f = (f, x) + (f, y) with both published gives (f, *).
    rectangle = {("f", "A", None), ("f", "B", None), ("m", "A", None), ("m", "B", None)}
    assert derivable(table, rectangle) == frozenset()
    with_margin = rectangle | {("f", None, None), ("m", None, None)}
    assert derivable(table, with_margin) == {("f", None, None), ("m", None, None)}


def test_it_rejects_a_table_without_its_margins():
    with pytest.raises(ValueError):
        protect(Table(("sex",), (("sex",),), {("f",): 3}))
    with pytest.raises(ValueError):
        derivable(one_way({"A": 3}), {("B",)})


def test_it_protects_a_3x20x10_table_with_a_tenth_of_its_cells_small():
    rng = random.Random(7)
    dims = ("sex", "destination", "occupation")
    detail = {(s, f"d{d}", f"o{o}"): rng.choice([1, 2, 3, 4]) if rng.random() < 0.14 else rng.randint(5, 60)
              for s in ("f", "m", "x") for d in range(20) for o in range(10)}
    table = table_from(dims, [("sex",), ("sex", "destination"), ("sex", "occupation"), dims], detail)
    result = protect(table, 5)
    assert result.primary == {k for k, n in table.units.items() if n < 5}
    assert derivable(table, result.suppressed) == frozenset()
    assert single_differencing(table, result.suppressed) == []
    assert len(result.secondary) < 2 * len(result.primary)


def test_it_keeps_a_pattern_safe_for_any_additive_quantity_of_the_same_cells():
    counts = {("f", "A"): 2, ("f", "B"): 10, ("m", "A"): 8, ("m", "B"): 30, ("f", "C"): 6, ("m", "C"): 7}
    pattern = protect(grid({"f": [2, 10, 6], "m": [8, 30, 7]}, ["A", "B", "C"]), 5).suppressed
    weighted = table_from(("sex", "destination"), [("sex", "destination")],
                          {k: 1000 * n + 17 for k, n in counts.items()})
    assert derivable(weighted, pattern) == frozenset()  # the relations, not the values, decide


# --- properties -----------------------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(tables(max_values=3), st.data())
def test_it_finds_exactly_the_cells_an_exact_rational_method_finds(table, data):
    keys = sorted(table.units, key=repr)
    suppressed = frozenset(data.draw(st.lists(st.sampled_from(keys), unique=True)))
    assert derivable(table, suppressed) == brute_derivable(table, suppressed)


@settings(max_examples=60, deadline=None)
@given(tables(max_values=3), st.data())
def test_it_stays_exact_when_the_modular_shortcut_is_useless(table, data):
    # Modulo 2 most residues vanish and some pivots are even: the exact integer reduction then decides alone.
    keys = sorted(table.units, key=repr)
    suppressed = frozenset(data.draw(st.lists(st.sampled_from(keys), unique=True)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(disclosure, "_PRIME", 2)
        assert derivable(table, suppressed) == brute_derivable(table, suppressed)


@settings(max_examples=200, deadline=None)
@given(tables(), st.integers(2, 10))
def test_it_always_leaves_no_suppressed_cell_derivable(table, k):
    result = protect(table, k)
    assert result.primary == {key for key, n in table.units.items() if n < k}
    assert not result.primary & result.secondary
    assert derivable(table, result.suppressed) == frozenset()
    assert single_differencing(table, result.suppressed) == []
    if not result.primary:
        assert result.suppressed == frozenset()


@settings(max_examples=40, deadline=None)
@given(tables(max_values=3), st.integers(2, 10))
def test_it_is_safe_by_an_independent_rational_check(table, k):
    assert brute_derivable(table, protect(table, k).suppressed) == frozenset()


@settings(max_examples=60, deadline=None)
@given(tables(), st.integers(2, 10))
def test_it_stays_safe_without_boxes_by_the_exact_loop_alone(table, k):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(disclosure, "_cheapest_box", lambda *args: None)
        result = protect(table, k)
    assert result.primary == {key for key, n in table.units.items() if n < k}
    assert derivable(table, result.suppressed) == frozenset()
    assert single_differencing(table, result.suppressed) == []
