"""The indicator spec file of `grmg indicators compute`: what to compute from microdata, checked key by key.

A spec may come from an untrusted upload, so its shape is checked strictly here (unknown keys, types,
codes, disaggregations) and its SQL expressions are checked separately by `grmg.core.indicators.expressions`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from grmg.core.i18n import _
from grmg.core.problems import InputError, Problem

CODE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
COLUMN_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Output columns of the tidy CSV: a dimension may not take one of these names.
RESERVED_COLUMNS = frozenset({"indicator", "value", "units", "status"})
KEYS = ("code", "numerator", "denominator", "weight", "filter", "by", "min_units")
REQUIRED = ("code", "numerator")
# Guards against a spec that asks for too much work: the cube of a group of k dimensions has 2**k grouping sets.
MAX_INDICATORS = 200
MAX_GROUPS = 50
MAX_GROUP_DIMENSIONS = 6
MAX_EXPRESSION_LENGTH = 2000


@dataclass(frozen=True)
class IndicatorSpec:
    """How to compute one indicator: SQL expressions over the data's columns, weight, filter and disaggregations."""

    code: str
    numerator: str
    denominator: str | None = None
    weight: str | None = None
    filter: str | None = None
    by: tuple[tuple[str, ...], ...] = ()
    min_units: int = 5

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions of all `by` groups, in first-seen order."""
        return tuple(dict.fromkeys(d for group in self.by for d in group))


def read_spec(text: str, source: str) -> list[IndicatorSpec]:
    """Parse and check a spec file's text; InputError(source, ...) lists every problem found."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(source, [Problem("", _("not valid YAML: %s") % " ".join(str(exc).split()))]) from None
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise InputError(source, [Problem("", _("a spec is a mapping with an `indicators` list"))])
    problems += [Problem(str(key), _("unknown key")) for key in data if key != "indicators"]
    items = data.get("indicators")
    if not isinstance(items, list) or not items:
        problems.append(Problem("indicators", _("a non-empty list of indicators is required")))
        raise InputError(source, problems)
    if len(items) > MAX_INDICATORS:
        problems.append(Problem("indicators", _("at most %d indicators in one spec") % MAX_INDICATORS))
    specs: list[IndicatorSpec] = []
    seen: set[str] = set()
    for n, item in enumerate(items):
        where = f"indicators[{n}]"
        code = item.get("code") if isinstance(item, dict) else None
        if isinstance(code, str):
            if code in seen:
                problems.append(Problem(f"{where}.code", _("%r is already the code of another indicator") % code))
            seen.add(code)
        spec = _read_indicator(item, where, problems)
        if spec is not None:
            specs.append(spec)
    if problems:
        raise InputError(source, problems)
    return specs


def _read_indicator(item: Any, where: str, problems: list[Problem]) -> IndicatorSpec | None:
    """One indicator's mapping checked; None (with problems added) if it has any problem."""
    if not isinstance(item, dict):
        problems.append(Problem(where, _("an indicator is a mapping of %s") % ", ".join(KEYS)))
        return None
    before = len(problems)
    problems += [Problem(f"{where}.{key}", _("unknown key")) for key in item if key not in KEYS]
    problems += [Problem(f"{where}.{key}", _("required")) for key in REQUIRED if item.get(key) is None]
    code = item.get("code")
    if code is not None and not (isinstance(code, str) and CODE_PATTERN.match(code) and len(code) <= 64):
        problems.append(Problem(f"{where}.code", _("a letter then letters, digits or _ (at most 64), not %r") % code))
    numerator = _expression(item, "numerator", where, problems)
    denominator = _expression(item, "denominator", where, problems)
    filter_ = _expression(item, "filter", where, problems)
    weight = item.get("weight")
    if weight is not None and not (isinstance(weight, str) and COLUMN_PATTERN.match(weight)):
        problems.append(Problem(f"{where}.weight", _("a column name, not %r") % weight))
    by = _by(item.get("by", []), f"{where}.by", problems)
    min_units = item.get("min_units", 5)
    if isinstance(min_units, bool) or not isinstance(min_units, int) or min_units < 1:
        problems.append(Problem(f"{where}.min_units", _("a whole number of at least 1, not %r") % min_units))
    if len(problems) > before or not isinstance(code, str):
        return None
    return IndicatorSpec(code=code, numerator=numerator or "", denominator=denominator, weight=weight,
                         filter=filter_, by=by, min_units=min_units)


def _expression(item: dict[str, Any], key: str, where: str, problems: list[Problem]) -> str | None:
    """An expression field: a non-empty string (a number is taken as its text), or None if absent."""
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool) and key != "filter":
        return str(value)  # `denominator: 1` is as good as `denominator: "1"`
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(f"{where}.{key}", _("a SQL expression in a string, not %r") % value))
        return None
    if len(value) > MAX_EXPRESSION_LENGTH:
        problems.append(Problem(f"{where}.{key}", _("at most %d characters") % MAX_EXPRESSION_LENGTH))
        return None
    return value.strip()


def _by(value: Any, where: str, problems: list[Problem]) -> tuple[tuple[str, ...], ...]:
    """The `by` groups: a list of non-empty lists of distinct column names."""
    if not isinstance(value, list):
        problems.append(Problem(where, _("a list of lists of column names, such as [[sex], [sex, destination]]")))
        return ()
    if len(value) > MAX_GROUPS:
        problems.append(Problem(where, _("at most %d groups") % MAX_GROUPS))
    groups: list[tuple[str, ...]] = []
    for n, group in enumerate(value):
        here = f"{where}[{n}]"
        if not isinstance(group, list) or not group:
            problems.append(Problem(here, _("a non-empty list of column names (the total is always computed)")))
            continue
        bad = [d for d in group if not (isinstance(d, str) and COLUMN_PATTERN.match(d))]
        problems += [Problem(here, _("%r is not a column name") % d) for d in bad]
        problems += [Problem(here, _("%r is the name of an output column") % d)
                     for d in group if isinstance(d, str) and d.lower() in RESERVED_COLUMNS]
        if len(set(map(str, group))) < len(group):
            problems.append(Problem(here, _("a dimension appears twice in the group")))
        if len(group) > MAX_GROUP_DIMENSIONS:
            problems.append(Problem(here, _("at most %d dimensions in a group") % MAX_GROUP_DIMENSIONS))
        if tuple(group) in groups:
            problems.append(Problem(here, _("the same group appears twice")))
        groups.append(tuple(str(d) for d in group))
    return tuple(groups)
