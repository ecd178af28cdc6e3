"""Suggested levels: modules measure facts and suggest a level for the criteria they inform; a person confirms.

A suggester is a function registered here; it reads one country's records in a fixed number of queries and
yields suggestions for the criteria it knows. Suggestions are worked out when shown, never stored, so they
always reflect the records as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from grmg.core.framework import Framework
from grmg.countries.models import Country


@dataclass(frozen=True)
class Suggestion:
    """A level a module suggests for a criterion (or, with no level, a finding to weigh), and why."""

    criterion_id: str
    level: str | None
    rationale: str
    source: str
    citations: tuple[str, ...] = ()


T = TypeVar("T")


@dataclass
class Records:
    """One country's records as the suggesters read them; each look-up runs once however many ask for it."""

    country: Country
    framework: Framework
    _found: dict[Callable[..., Any], Any] = field(default_factory=dict)

    def get(self, lookup: Callable[[Country], T]) -> T:
        """The result of lookup(country), computed on first use."""
        if lookup not in self._found:
            self._found[lookup] = lookup(self.country)
        return self._found[lookup]


Suggester = Callable[[Records], Iterable[Suggestion]]
SUGGESTERS: list[tuple[frozenset[str], Suggester]] = []


def register(*criteria: str) -> Callable[[Suggester], Suggester]:
    """Add a suggester for the criteria it may suggest for; it is asked only when one of them is shown."""
    def decorator(suggester: Suggester) -> Suggester:
        SUGGESTERS.append((frozenset(criteria), suggester))
        return suggester
    return decorator


def suggestions_for(country: Country, framework: Framework,
                    criterion_ids: Iterable[str] | None = None) -> dict[str, list[Suggestion]]:
    """Every suggestion for the country's criteria (all, or those given) that the framework has."""
    wanted = set(criterion_ids) if criterion_ids is not None else {c.id for c in framework.criteria()}
    found: dict[str, list[Suggestion]] = {}
    records = Records(country, framework)
    for criteria, suggester in SUGGESTERS:
        if not criteria & wanted:
            continue
        for suggestion in suggester(records):
            if suggestion.criterion_id not in wanted:
                continue
            level = suggestion.level
            if level is not None and level not in framework.criterion(suggestion.criterion_id).levels:
                continue  # a variant framework may score the criterion differently: no level to suggest
            found.setdefault(suggestion.criterion_id, []).append(suggestion)
    return found
