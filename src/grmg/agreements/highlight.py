"""A text cut into pieces at evidence spans and page starts, so a page can mark every span. Pure Python."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Mark:
    """One evidence span of one provision; `anchor` is the id its first piece carries on the page."""

    provision: str
    anchor: str
    start: int
    end: int


@dataclass(frozen=True)
class Piece:
    """A stretch of text with the provisions whose evidence covers it, the spans starting here and a page start."""

    text: str
    provisions: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()
    page: int | None = None


def page_of(offset: int, pages: Sequence[int]) -> int | None:
    """The 1-based page an offset falls on, or None for a text of one page or none."""
    if len(pages) < 2:
        return None
    return max(1, bisect_right(pages, offset))


def pieces(text: str, marks: Iterable[Mark], pages: Sequence[int] = ()) -> list[Piece]:
    """The text cut at every span boundary and page start; overlapping spans share the pieces they overlap."""
    spans = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = {0, len(text)}
    for mark in spans:
        cuts.update((mark.start, mark.end))
    page_starts = {start: n for n, start in enumerate(pages, start=1) if 0 <= start < len(text)} if len(pages) > 1 \
        else {}
    cuts.update(page_starts)
    ordered = sorted(cuts)
    starting: dict[int, list[str]] = {}
    for mark in spans:
        starting.setdefault(mark.start, []).append(mark.anchor)
    result = []
    for start, end in pairwise(ordered):
        covering = tuple(dict.fromkeys(m.provision for m in spans if m.start <= start and end <= m.end))
        # A form feed (a PDF page break) shows as a line break: one character for one, so offsets hold.
        result.append(Piece(text[start:end].replace("\f", "\n"), covering, tuple(starting.get(start, ())),
                            page_starts.get(start)))
    return result
