"""Statistical disclosure control for indicator tables: primary and secondary cell suppression with a hard guarantee.

A table is a set of cells (one unweighted unit count each) linked by additive relations: every margin equals the sum
of its children along any dimension of a `by` group (`relations`). A cell is *primary* when it counts fewer than
`min_units` units. Suppressing the primary cells alone is not enough: a suppressed cell whose value follows from the
published cells through the relations (by differencing, or by any linear combination of relations, including
relations of different groups that share a margin) is disclosed. `derivable` finds exactly those cells, and
`protect` adds *secondary* suppressions until there is none.

Exactness. A suppressed cell x_i is derivable iff the unit vector e_i lies in the row space of the relations' matrix
restricted to the suppressed cells, i.e. iff no vector of its null space has a non-zero i-th component. `derivable`
decides this per connected component of the suppressed cells with sparse fraction-free integer elimination (exact,
no floating point). Non-derivability is then shown by an exact null vector (computed modulo the prime 2**61 - 1 from
the exact integer factors: a non-zero residue proves a non-zero rational value); a cell whose residue is zero is
decided by reducing e_i against the exact factors with integer arithmetic. Known null vectors (such as the boxes
`protect` builds) may be offered as hints: each is verified exactly against every relation before it is trusted, and
a component whose every cell is covered by a verified hint needs no elimination at all.

`protect` first covers every primary cell by a *box*: the hypercube method generalised to overlapping groups. A box
is the marginal image of a detail perturbation y = product over dimensions of (delta(value) - delta(alternative)) on
the dimensions the cell sets, times delta(v) on the others; its non-zero cells (value +1 or -1) are the corners of
the hypercube in every group's cube, and it satisfies every relation of every group by construction. The cheapest box
is chosen (smallest units, detail cells before totals, the grand total only if nothing else works, cells already
suppressed are free). Each suppressed cell then lies on a null vector of the suppressed cells, so none is derivable;
the exact check confirms this, and if a cell is left derivable (no box was found), the cheapest non-suppressed cell
of its relations is suppressed and the check repeated until nothing is derivable anywhere.

Other quantities. The relations hold for any additive quantity of the cells, not only the unit counts: weighted sums
of a numerator or of a denominator obey the same margins = sum of children. The derivability of a pattern depends
only on the relations, not on the values, so a pattern that is safe for the counts is safe for every such sum, and
callers publish the sums of exactly the cells left unsuppressed. Ratios (rates, shares, means) are not additive; the
caller publishes a ratio only for a non-suppressed cell.

Limits. Protection is against exact (linear) disclosure; the interval a suppressed cell is confined to by
non-negativity is not controlled (no protection level).
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from itertools import product
from math import gcd
from typing import NamedTuple

from grmg.core.i18n import _

Key = tuple[str | None, ...]
"""One value per dimension, in `Table.dimensions` order; None is the total over that dimension."""

_PRIME = (1 << 61) - 1
_NODES = 300  # partial boxes tried at most for one cell
_SEED = 20240601


@dataclass(frozen=True)
class Table:
    """The unit counts of the cells of an indicator table: the cubes of its `by` groups."""

    dimensions: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    units: Mapping[Key, int]


@dataclass(frozen=True)
class Suppression:
    """The cells not to publish: primary (too few units) and secondary (would reveal a primary one)."""

    primary: frozenset[Key]
    secondary: frozenset[Key]

    @property
    def suppressed(self) -> frozenset[Key]:
        """Every cell not to publish."""
        return self.primary | self.secondary


def _replace(key: Key, d: int, value: str | None) -> Key:
    """The key with dimension d set to value."""
    return (*key[:d], value, *key[d + 1:])


def _sort_key(key: Key) -> tuple[tuple[bool, str], ...]:
    """Order keys with the totals (None) after the values."""
    return tuple((v is None, v or "") for v in key)


class _Index:
    """A table's cells numbered, with its deduplicated relations and each cell's memberships."""

    def __init__(self, table: Table) -> None:
        """Validate the table and index its cells and relations."""
        dims = table.dimensions
        n = len(dims)
        if len(set(dims)) != n:
            raise ValueError(_("The dimensions of a table must be distinct."))
        position = {d: i for i, d in enumerate(dims)}
        group_masks: list[int] = []
        for group in table.groups:
            if any(d not in position for d in group) or len(set(group)) != len(group):
                raise ValueError(_("Every group must be a set of the table's dimensions."))
            group_masks.append(sum(1 << position[d] for d in group))
        self.n = n
        self.keys: list[Key] = sorted(table.units, key=_sort_key)
        self.ids: dict[Key, int] = {k: i for i, k in enumerate(self.keys)}
        self.units: list[int] = []
        self.masks: list[int] = []
        for key in self.keys:
            count = table.units[key]
            if len(key) != n or not isinstance(count, int) or count < 1:
                raise ValueError(_("Every cell needs one value per dimension and at least one unit."))
            mask = sum(1 << i for i, v in enumerate(key) if v is not None)
            if not any(mask & g == mask for g in group_masks):
                raise ValueError(_("A cell sets dimensions that no group has."))
            self.units.append(count)
            self.masks.append(mask)
        for key, mask in zip(self.keys, self.masks, strict=True):
            for i in range(n):
                if mask >> i & 1 and _replace(key, i, None) not in self.ids:
                    raise ValueError(_("A table must hold every margin of every cell it holds."))
        self.group_masks = group_masks
        self.published_masks: list[int] = sorted({m for m in self.masks}, key=lambda m: (bin(m).count("1"), m))
        self.values: list[list[str]] = [sorted({v for k in self.keys if (v := k[i]) is not None}) for i in range(n)]
        self.total: int | None = self.ids.get((None,) * n)
        self._build_relations()

    def _build_relations(self) -> None:
        """Every relation parent = sum(children), once even where several groups share it."""
        pairs: set[tuple[int, int]] = set()
        for g in self.group_masks:
            sub = g
            while True:
                if sub != g:
                    for d in range(self.n):
                        if g >> d & 1 and not sub >> d & 1:
                            pairs.add((sub, d))
                if sub == 0:
                    break
                sub = (sub - 1) & g
        by_mask: dict[int, list[int]] = {}
        for i, m in enumerate(self.masks):
            by_mask.setdefault(m, []).append(i)
        self.relations: list[tuple[int, tuple[int, ...]]] = []
        self.children: dict[tuple[int, int], tuple[int, ...]] = {}
        for sub, d in sorted(pairs, key=lambda p: (bin(p[0]).count("1"), p[0], p[1])):
            kids: dict[int, list[int]] = {p: [] for p in by_mask.get(sub, [])}
            for c in by_mask.get(sub | 1 << d, []):
                key = self.keys[c]
                kids[self.ids[_replace(key, d, None)]].append(c)
            for parent, members in kids.items():
                self.children[parent, d] = tuple(members)
                self.relations.append((parent, self.children[parent, d]))
        self.memberships: list[list[tuple[int, int]]] = [[] for _k in self.keys]
        for r, (parent, row) in enumerate(self.relations):
            self.memberships[parent].append((r, 1))
            for c in row:
                self.memberships[c].append((r, -1))

        self.costs = [self._cost(c) for c in range(len(self.keys))]
        self._masks_with: dict[int, list[int]] = {}

    def masks_with(self, need: int) -> list[int]:
        """The published masks that set every dimension of need, fewest dimensions first."""
        if (found := self._masks_with.get(need)) is None:
            found = self._masks_with[need] = [m for m in self.published_masks if m & need == need]
        return found

    def _cost(self, cell: int) -> int:
        """What suppressing a cell loses: its units, then a totals' tie-break; the grand total almost never."""
        none = self.n - bin(self.masks[cell]).count("1")
        cost = self.units[cell] * (self.n + 1) + none + 1
        return cost + (1 << 48) if cell == self.total else cost


def relations(table: Table) -> list[tuple[Key, tuple[Key, ...]]]:
    """Every additive relation parent = sum(children) of the table, each once (groups may share relations)."""
    ix = _Index(table)
    return [(ix.keys[p], tuple(ix.keys[c] for c in kids)) for p, kids in ix.relations]


def derivable(table: Table, suppressed: AbstractSet[Key]) -> frozenset[Key]:
    """The suppressed cells whose value follows exactly from the published cells and the relations."""
    ix = _Index(table)
    if any(k not in ix.ids for k in suppressed):
        raise ValueError(_("A suppressed cell is not a cell of the table."))
    found = _derivable(ix, {ix.ids[k] for k in suppressed}, (), frozenset())
    return frozenset(ix.keys[i] for i in found)


def _verified(ix: _Index, hints: Iterable[Mapping[int, int]], suppressed: AbstractSet[int]) -> set[int]:
    """The cells covered by the hints that are exact null vectors of the relations on the suppressed cells."""
    covered: set[int] = set()
    for hint in hints:
        if not hint or any(c not in suppressed or v == 0 for c, v in hint.items()):
            continue
        sums: dict[int, int] = {}
        for c, v in hint.items():
            for r, sign in ix.memberships[c]:
                sums[r] = sums.get(r, 0) + sign * v
        if not any(sums.values()):
            covered.update(hint)
    return covered


def _derivable(ix: _Index, suppressed: set[int], hints: Iterable[Mapping[int, int]],
               safe: AbstractSet[int]) -> set[int]:
    """The derivable suppressed cells, per connected component, skipping those all of whose cells are shown safe.

    A cell is shown safe by a hint that proves an exact null vector, or by being in `safe` (known not derivable).
    """
    rows: list[dict[int, int]] = []
    parent: dict[int, int] = {c: c for c in suppressed}

    def find(c: int) -> int:
        """The root of c's component, halving the path."""
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for p, kids in ix.relations:
        row = {c: -1 for c in kids if c in suppressed}
        if p in suppressed:
            row[p] = 1
        if row:
            rows.append(row)
            first, *rest = row
            root = find(first)
            for c in rest:
                other = find(c)
                if other != root:
                    parent[other] = root
    components: dict[int, tuple[list[int], list[dict[int, int]]]] = {}
    for c in suppressed:
        components.setdefault(find(c), ([], []))[0].append(c)
    for row in rows:
        components[find(next(iter(row)))][1].append(row)
    covered = _verified(ix, hints, suppressed) | safe
    found: set[int] = set()
    for cells, comp_rows in components.values():
        if all(c in covered for c in cells):
            continue
        found |= _determined(comp_rows)
    return found


def _determined(rows: Sequence[Mapping[int, int]]) -> set[int]:
    """The columns x_i fixed by rows·x = 0 (e_i in the row space): exact sparse integer elimination."""
    active: dict[int, dict[int, int]] = {r: dict(row) for r, row in enumerate(rows)}
    col_rows: dict[int, set[int]] = {}
    for r, row in active.items():
        for c in row:
            col_rows.setdefault(c, set()).add(r)
    heap = [(len(rs), c) for c, rs in col_rows.items()]
    heapq.heapify(heap)
    singles = [r for r, row in active.items() if len(row) == 1]
    pivots: list[tuple[int, dict[int, int]]] = []
    while active:
        col = -1
        while singles and col < 0:
            r = singles.pop()
            if r in active and len(active[r]) == 1:
                col = next(iter(active[r]))
        if col < 0:
            while heap:
                count, c = heapq.heappop(heap)
                if count and c in col_rows and len(col_rows[c]) == count:
                    col = c
                    break
            if col < 0:  # cannot happen while the counts are tracked; stay correct if they were not
                r = next(iter(active))
                col = next(iter(active[r]))
            else:
                r = min(col_rows[col], key=lambda q: len(active[q]))
        prow = active.pop(r)
        for c in prow:
            col_rows[c].discard(r)
            if c != col:
                heapq.heappush(heap, (len(col_rows[c]), c))
        a = prow[col]
        for other in list(col_rows[col]):
            orow = active[other]
            b = orow[col]
            g = gcd(a, b)
            fa, fb = a // g, b // g
            if fa != 1:
                for c in orow:
                    orow[c] *= fa
            changed = []
            for c, v in prow.items():
                nv = orow.get(c, 0) - fb * v
                if nv:
                    if c not in orow:
                        col_rows[c].add(other)
                        changed.append(c)
                    orow[c] = nv
                elif c in orow:
                    del orow[c]
                    col_rows[c].discard(other)
                    changed.append(c)
            for c in changed:
                if c != col:
                    heapq.heappush(heap, (len(col_rows[c]), c))
            if not orow:
                del active[other]
                continue
            g = 0
            for v in orow.values():
                g = gcd(g, v)
                if g == 1:
                    break
            if g > 1:
                for c in orow:
                    orow[c] //= g
            if len(orow) == 1:
                singles.append(other)
        del col_rows[col]
        pivots.append((col, prow))
    order = {c: i for i, (c, _r) in enumerate(pivots)}
    rng = random.Random(_SEED)
    x = {c: rng.randrange(1, _PRIME) for c in col_rows}
    suspects: list[int] = []
    for col, prow in reversed(pivots):
        a = prow[col]
        if a % _PRIME == 0:
            return _determined_slowly(pivots, order, set(order))
        s = sum(v * x[c] for c, v in prow.items() if c != col)
        x[col] = -s * pow(a, -1, _PRIME) % _PRIME
        if x[col] == 0:
            suspects.append(col)
    if any(sum(v * x[c] for c, v in row.items()) % _PRIME for row in rows):
        raise AssertionError("the elimination lost a relation")  # an internal invariant, checked in O(size)
    return _determined_slowly(pivots, order, suspects)


def _determined_slowly(pivots: Sequence[tuple[int, Mapping[int, int]]], order: Mapping[int, int],
                       suspects: Iterable[int]) -> set[int]:
    """Of the suspect pivot columns, those whose unit vector reduces to zero against the pivot rows (exact)."""
    found: set[int] = set()
    for col in suspects:
        t: dict[int, int] = {col: 1}
        heap = [order[col]]
        while heap:
            i = heapq.heappop(heap)
            c, prow = pivots[i]
            b = t.get(c, 0)
            if not b:
                continue
            a = prow[c]
            g = gcd(a, b)
            fa, fb = a // g, b // g
            if fa != 1:
                for k in t:
                    t[k] *= fa
            for k, v in prow.items():
                nv = t.get(k, 0) - fb * v
                if nv:
                    if k not in t and k in order:
                        heapq.heappush(heap, order[k])
                    t[k] = nv
                else:
                    t.pop(k, None)
        if not t:
            found.add(col)
    return found


class _Option(NamedTuple):
    """One dimension of a box: its values (the cell's first) with their signs, and whether its total is in it."""

    cost: int  # of the cell's neighbour along the dimension: a lower bound on what the option adds
    tie: int
    values: tuple[str, ...]
    signs: tuple[int, ...]
    need: int  # the dimension's bit if the box's cells must set it (its total is not in the box), else 0


def _box(ix: _Index, spec: Sequence[_Option]) -> dict[int, int] | None:
    """The cells (with signs) of the box a per-dimension spec spans, or None if a corner is absent from the table."""
    need = sum(o.need for o in spec)
    cells: dict[int, int] = {}
    for mask in ix.published_masks:
        if mask & need == need:
            corners: list[tuple[Key, int]] = [((), 1)]
            for d, o in enumerate(spec):
                if mask >> d & 1:
                    corners = [((*k, v), s * t) for k, s in corners for v, t in zip(o.values, o.signs, strict=True)]
                else:
                    corners = [((*k, None), s) for k, s in corners]
            for k, s in corners:
                if (cell := ix.ids.get(k)) is None:
                    return None
                cells[cell] = s
    return cells


def _box_cost(ix: _Index, spec: Sequence[_Option], suppressed: AbstractSet[int], budget: int | None) -> int | None:
    """What a box adds to the suppressed cells, or None if a corner is absent or it would cost budget or more."""
    get, costs = ix.ids.get, ix.costs
    none = (None,)
    total = 0
    for mask in ix.masks_with(sum(o.need for o in spec)):  # the margins, which cost most, first: stops early
        for k in product(*[o.values if mask >> d & 1 else none for d, o in enumerate(spec)]):
            if (cell := get(k)) is None:
                return None
            if cell not in suppressed:
                total += costs[cell]
                if budget is not None and total >= budget:
                    return None
    return total


def _cheapest_box(ix: _Index, cell: int, suppressed: AbstractSet[int]) -> dict[int, int] | None:
    """The box through a cell that adds the least to the suppressed cells (a few alternatives per dimension tried)."""
    key = ix.keys[cell]
    costs = ix.costs

    def price(c: int) -> int:
        """What suppressing c adds now."""
        return 0 if c in suppressed else costs[c]

    choices: list[list[_Option]] = []
    for d in range(ix.n):
        value = key[d]
        options: list[_Option] = []
        if value is not None:  # another value (the box differences the two) or the total (it sums over d)
            for other in ix.values[d]:
                sibling = ix.ids.get(_replace(key, d, other)) if other != value else None
                if sibling is not None:
                    options.append(_Option(price(sibling), 0, (value, other), (1, -1), 1 << d))
            options.append(_Option(price(ix.ids[_replace(key, d, None)]), 0, (value,), (1,), 0))
        elif (kids := ix.children.get((cell, d))) is not None:  # one of the values d takes under this cell
            for kid in kids:
                v = ix.keys[kid][d]
                assert v is not None
                options.append(_Option(price(kid), 0, (v,), (1,), 0))
        else:  # no group sets d with this cell's dimensions: any value, the commonest first
            for v in ix.values[d]:
                one = ix.ids.get(tuple(v if i == d else None for i in range(ix.n)))
                options.append(_Option(0, -ix.units[one] if one is not None else 0, (v,), (1,), 0))
        options.sort(key=lambda o: (o.cost, o.tie))
        choices.append(options)
    # Branch and bound over the dimensions. A partial box (the dimensions not yet chosen kept at the cell's own
    # coordinate) is part of every box that completes it: a partial box with an absent cell is dropped, and its cost
    # plus the cheapest neighbour along each dimension still to choose (distinct cells outside it) bounds theirs.
    rest = [0] * (ix.n + 1)
    for d in reversed(range(ix.n)):
        rest[d] = rest[d + 1] + (choices[d][0].cost if choices[d] else 0)
    spec = [_Option(0, 0, (v,), (1,), 1 << d) if v is not None else _Option(0, 0, (), (), 0) for d, v in enumerate(key)]
    best: tuple[int, tuple[_Option, ...]] | None = None
    nodes = 0

    def search(d: int) -> None:
        """Choose the options of dimensions d and after, keeping the cheapest complete box."""
        nonlocal best, nodes
        if d == ix.n:
            cost = _box_cost(ix, spec, suppressed, best[0] if best else None)
            if cost is not None:
                best = (cost, tuple(spec))
            return
        own = spec[d]
        for option in choices[d]:
            if nodes >= _NODES or (best is not None and option.cost + rest[d + 1] >= best[0]):
                break
            nodes += 1
            spec[d] = option
            if d + 1 == ix.n or _box_cost(ix, spec, suppressed, best[0] - rest[d + 1] if best else None) is not None:
                search(d + 1)
        spec[d] = own

    search(0)
    return _box(ix, best[1]) if best is not None else None


def protect(table: Table, min_units: int = 5) -> Suppression:
    """Suppress every cell with fewer than min_units units, and the fewest, smallest others so none is derivable."""
    ix = _Index(table)
    primary = {c for c in range(len(ix.keys)) if ix.units[c] < min_units}
    suppressed = set(primary)
    boxes: list[dict[int, int]] = []
    covered: set[int] = set()  # the cells of the boxes: each on a null vector of the suppressed cells
    tried: set[int] = set()  # the cells a box was sought for (whether a box exists does not change)

    def cover(cells: Iterable[int]) -> None:
        """Suppress the cheapest box through each cell not yet on one."""
        for cell in sorted(cells, key=lambda c: (ix.units[c], c)):
            if cell not in covered and cell not in tried:
                tried.add(cell)
                box = _cheapest_box(ix, cell, suppressed)
                if box is not None and (ix.total not in box or cell == ix.total):  # else try the loop below
                    boxes.append(box)
                    suppressed.update(box)
                    covered.update(box)

    cover(primary)
    safe: set[int] = set()  # cells shown not derivable stay so when more cells are suppressed
    while found := _derivable(ix, suppressed, boxes, safe):
        safe = suppressed - found
        cover(found)
        for cell in sorted(found - covered):  # no box: the cheapest published cell of its relations
            candidates = [m for r, _s in ix.memberships[cell] for m in (ix.relations[r][0], *ix.relations[r][1])
                          if m not in suppressed]
            if all(m == ix.total for m in candidates):  # look further before taking the grand total
                candidates += _component_candidates(ix, cell, suppressed)
            if candidates:  # none only if this round's additions closed the cell's component (then it is safe)
                suppressed.add(min(candidates, key=lambda m: (ix.costs[m], m)))
    if safe and _derivable(ix, suppressed, boxes, frozenset()):  # a final check that takes nothing on trust
        raise AssertionError("a suppressed cell is still derivable")
    return Suppression(
        primary=frozenset(ix.keys[c] for c in primary),
        secondary=frozenset(ix.keys[c] for c in suppressed - primary),
    )


def _component_candidates(ix: _Index, cell: int, suppressed: AbstractSet[int]) -> list[int]:
    """The non-suppressed cells of the relations around a cell's component (never empty while a cell is derivable)."""
    seen = {cell}
    todo = [cell]
    candidates: list[int] = []
    while todo:
        c = todo.pop()
        for r, _s in ix.memberships[c]:
            for m in (ix.relations[r][0], *ix.relations[r][1]):
                if m not in suppressed:
                    candidates.append(m)
                elif m not in seen:
                    seen.add(m)
                    todo.append(m)
    return candidates
