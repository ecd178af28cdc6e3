"""Screening agreement and law texts against a provision checklist: the shared types of a pure pipeline.

text (grmg.documents) → clauses with offsets (`segment`) → per-provision findings (`engine.screen`, from the rule
files in `rules/`, optionally combined with `semantic`) → a `Screening`, whose `as_contract` is the JSON of
`grmg agreements screen`. Every offset is a character offset into the extracted text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["present", "partial", "absent", "contrary"]
STATUSES: tuple[Status, ...] = ("present", "partial", "absent", "contrary")


@dataclass(frozen=True)
class Span:
    """A stretch of the text: [start, end) and the characters it covers."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Clause:
    """A numbered unit of the text (an article, a paragraph of it, a list item) and the article it belongs to."""

    index: int
    start: int
    end: int
    text: str
    article: str = ""  # the heading of the enclosing article, e.g. "Article 5" or "Pasal 3"; blank before the first


@dataclass(frozen=True)
class ChecklistItem:
    """One provision of the checklist (from the framework data)."""

    id: str
    title: str
    present_when: str
    gender: bool = False


@dataclass(frozen=True)
class Finding:
    """The screener's suggestion for one provision: status, evidence spans, confidence in [0, 1] and why."""

    id: str
    status: Status
    evidence: tuple[Span, ...] = ()
    confidence: float = 0.0
    why: tuple[str, ...] = ()


@dataclass(frozen=True)
class Screening:
    """The findings for one text, one per checklist item, in checklist order."""

    file: str
    language: str
    findings: tuple[Finding, ...]
    clauses: tuple[Clause, ...] = field(default=(), compare=False)

    def as_contract(self) -> dict[str, Any]:
        """The object `grmg agreements screen --format json` prints for this file."""
        return {"file": self.file, "provisions": [
            {"id": f.id, "status": f.status, "evidence": [{"text": s.text, "start": s.start, "end": s.end}
                                                           for s in f.evidence],
             "confidence": round(f.confidence, 3)} for f in self.findings]}
