"""Splits an agreement or law text into clauses with exact character offsets, each under its article's heading.

A clause is a numbered paragraph, a list item or otherwise a paragraph; a paragraph longer than `LONG_CLAUSE`
characters is split at sentence ends so that evidence stays short. Headings ("Article 5", "ARTICLE V", "Pasal 3",
"§ 4", "Articolo 2", "Article premier", ...) open an article; division headings ("Chapter II", "Annex") close one.
Offsets index the text as given: `text[c.start:c.end] == c.text` for every clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from grmg.core.screening import Clause

LONG_CLAUSE = 1200  # characters; a longer paragraph is split at sentence ends
TITLE_MAX = 100  # characters; text longer than this after a heading is the article's body, not its title
UNWRAPPED_LINE = 120  # characters; a longer line is a whole paragraph, not a line of wrapped text

_BREAK = re.compile(r"\r\n|[\n\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
_KEYWORD = (r"Article|Art\.?|Artikel|Articolo|Art[ií]culo|Artigo|Pasal|Section|Sect?\.|Paragraph|Para\.|Clause|§")
_NUMBER = (r"(?-i:\d{1,3}(?:\.\d{1,3})*(?:[ \t]?(?:bis|ter|quater)|[a-z])?|[IVXLC]{1,7})(?!\w)"
           r"|premier|premi[eè]re|unique")
_HEADING = re.compile(rf"(?P<keyword>{_KEYWORD})[ \t\xa0]*(?P<number>{_NUMBER})", re.IGNORECASE)
_DIVISION_KEYWORD = (r"Chapter|Part|Title|Kapitel|Abschnitt|Teil|Titel|Capo|Capitolo|Titolo|Chapitre|Titre"
                     r"|Cap[ií]tulo|Bab|Bagian")
_ANNEX_KEYWORD = r"Annexe?|Anlage|Anhang|Lampiran|Schedule|Appendix|Allegato"
_DIVISION = re.compile(
    rf"(?P<keyword>{_DIVISION_KEYWORD})[ \t\xa0]+(?P<number>(?-i:\d{{1,3}}|[IVXLC]{{1,7}}|[A-Z])(?!\w))"
    rf"|(?P<annex>{_ANNEX_KEYWORD})(?:[ \t\xa0]+(?P<annex_number>(?-i:\d{{1,3}}|[IVXLC]{{1,7}}|[A-Z])(?!\w)))?",
    re.IGNORECASE)
# A mid-line heading follows the end of a sentence: flattened texts run "... as follows: Article 1 For the ..."
_HEADING_AFTER_SENTENCE = re.compile(rf"[.:][\"”’)]?[ \t]+(?=(?:{_KEYWORD})[ \t\xa0]*(?:{_NUMBER}))", re.IGNORECASE)
_HEADING_PUNCTUATION = re.compile(r"[ \t]*(?:\.-|[.:)\-–—]+)")
# Words that make "Article 5 Absatz 2" or "Article 5 and 6" a reference rather than a heading.
_REFERENCE_WORDS = frozenset({
    "abs", "absatz", "satz", "ziff", "ziffer", "nr", "no", "lit", "buchst", "paragraph", "para", "section", "clause",
    "article", "artikel", "art", "and", "und", "or", "of", "ayat", "huruf", "angka", "al", "alinéa", "lett",
    "lettera", "sub", "subsection",
})
_STRONG_MARKER = re.compile(r"\((?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})\)(?=\s|$)|[-•*–—·▪◦●■➢✓](?=\s|$)")
_WEAK_MARKER = re.compile(r"(?:\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)]|[a-zA-Z][.)]|[ivx]{1,5}[.)]|[IVX]{1,5}[.)])"
                          r"(?=\s|$)")
# A numbered item inside a line, after the end of a sentence or a colon: "... as follows: (a) ...; (b) ..."
_INLINE_MARKER = re.compile(
    r"(?<=[.:;])[\"”’)]?[ \t]+(?P<item>[\"“„']?)(?:\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)|\d{1,3}[.)]|[a-z]\))"
    r"(?=\s+[\"“„'(]?[^\W\d_])")
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“„'(]?[^\W\d_a-zß-ÿ])")
_FIRST_ITEM = re.compile(r"\s(?:\(?1[.)]|\(a\))\s")
# Where a long paragraph may be split, best first; the flag lets "Art. 5. The ..." end a sentence after a number.
_SPLITS = ((_SENTENCE_END, False), (re.compile(r";\s+"), False), (_SENTENCE_END, True), (re.compile(r",\s+"), False),
           (re.compile(r"\s+"), False))
_LINE_END_TERMINAL = re.compile(r"[.!?;:][\"”’')\]»]*$")
_ABBREVIATIONS = frozenset({
    "art", "arts", "no", "nos", "nr", "para", "paras", "par", "sec", "sect", "cl", "ch", "chap", "vol", "p", "pp",
    "e.g", "i.e", "etc", "cf", "viz", "vs", "al", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd",
    "co", "corp", "gov", "govt", "dept", "abs", "ziff", "lit", "bzw", "vgl", "usw", "z.b", "u.a", "d.h", "ca",
    "bd", "n", "pag", "cfr", "ecc", "sig", "lett", "jo", "tgl", "approx", "incl", "fig", "op", "cit", "ibid",
    "supp", "cum", "stat", "rev", "reg", "regs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "botsch", "türk", "hon", "excl", "min", "max", "resp",
})


@dataclass(frozen=True)
class _Line:
    """One line of the text: where its characters start and end, whitespace trimmed."""

    start: int
    end: int
    blank_before: bool  # a blank line (or the start of the text) comes before it


def segment(text: str) -> tuple[Clause, ...]:
    """The clauses of a text in order, with offsets into it and the heading of the article each belongs to."""
    lines = list(_lines(text))
    cuts: dict[int, str | None] = {}  # offset where a clause starts -> the article label it opens (None: unchanged)
    _cut_lines(text, lines, cuts)
    _cut_inline(text, cuts)
    return _clauses(text, cuts)


def starts_unit(line: str) -> bool:
    """Whether a line opens a clause of its own: a heading, a numbered paragraph or a list item."""
    stripped = line.lstrip()
    return bool(_heading_at(stripped, 0) or _division_at(stripped, 0) or _STRONG_MARKER.match(stripped)
                or _WEAK_MARKER.match(stripped))


def _lines(text: str) -> Iterator[_Line]:
    """The text's non-blank lines, noting which follow a blank line; any line or page break ends a line."""
    start = 0
    blank_before = True
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        content = text[start:end]
        stripped = content.strip()
        if stripped:
            left = start + len(content) - len(content.lstrip())
            yield _Line(left, left + len(stripped), blank_before)
            blank_before = False
        else:
            blank_before = True
        start = match.end() if match else len(text)


def _cut_lines(text: str, lines: list[_Line], cuts: dict[int, str | None]) -> None:
    """Cut where a line opens a heading, a numbered item or a paragraph; keep a heading's title with it."""
    title_of_heading = -1  # index of the line taken as the title under a heading
    force_cut_at = -1  # index of the line that must open a clause (the first after a heading and its title)
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        if i == title_of_heading:
            continue
        label = _line_heading(text, lines, i)
        if label is not None:
            cuts[line.start] = label
            _cut_before_first_item(text, line.start, line.end, cuts)
            title_of_heading, force_cut_at = _after_heading(text, lines, i)
            continue
        if i == force_cut_at or previous is None or _opens_clause(text, line, previous):
            cuts.setdefault(line.start, None)


def _line_heading(text: str, lines: list[_Line], i: int) -> str | None:
    """The article label line i opens ("" for a division such as a chapter), or None when it opens none."""
    line = lines[i]
    heading = _heading_at(text, line.start, line.end)
    if heading is None:
        division = _division_at(text, line.start, line.end)
        return "" if division is not None else None
    previous = lines[i - 1] if i else None
    if previous is None or line.blank_before or not _unfinished(text[previous.start:previous.end]):
        return heading
    # After an unfinished line, "Article 5" is a wrapped reference unless it stands alone as a heading does.
    rest = text[_heading_end(text, line.start, line.end):line.end].strip()
    following = lines[i + 1] if i + 1 < len(lines) else None
    alone = not rest and text[line.end - 1] != "." and (following is None or not _continues(text, following))
    return heading if alone else None


def _after_heading(text: str, lines: list[_Line], i: int) -> tuple[int, int]:
    """The index of the heading's title line (-1 if none) and of the line that must open the next clause."""
    line = lines[i]
    rest = text[_heading_end(text, line.start, line.end):line.end].strip()
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if rest or nxt is None:
        # A short title on the heading's line; a long rest is the article's body, which goes on as usual.
        is_title = len(rest) <= TITLE_MAX and not _SENTENCE_END.search(rest) and not rest.endswith((",", ";"))
        return -1, (i + 1 if is_title and nxt is not None and not _continues(text, nxt) else -1)
    after = lines[i + 2] if i + 2 < len(lines) else None
    if _is_title(text, nxt) and (after is None or after.blank_before or not _continues(text, after)):
        return i + 1, i + 2
    return -1, i + 1


def _is_title(text: str, line: _Line) -> bool:
    """Whether a line reads as the title under a heading: short, capitalised, not a sentence or a list item."""
    content = text[line.start:line.end]
    return (len(content) <= TITLE_MAX * 0.8 and content[0].isupper() and not content.endswith((".", ",", ";", ":"))
            and not starts_unit(content))


def _opens_clause(text: str, line: _Line, previous: _Line) -> bool:
    """Whether a line that is not a heading starts a new clause after the line before it."""
    if line.blank_before:
        return True
    content = text[line.start:line.end]
    before = text[previous.start:previous.end]
    if _STRONG_MARKER.match(content):
        return True
    if _WEAK_MARKER.match(content):
        return not _unfinished(before)
    if _continues(text, line) or _unfinished(before):
        return False
    if len(before) > UNWRAPPED_LINE or len(content) > UNWRAPPED_LINE:
        return True
    return bool(_LINE_END_TERMINAL.search(before)) and not _ends_in_abbreviation(before) and _capitalised(content)


def _capitalised(content: str) -> bool:
    """Whether text starts with a capital letter, perhaps after an opening quote or bracket ("Worker" means)."""
    return content.lstrip("\"“„'(«")[:1].isupper()


def _continues(text: str, line: _Line) -> bool:
    """Whether a line carries on the sentence of the line before it (it starts in lower case)."""
    return text[line.start].islower()


def _unfinished(line: str) -> bool:
    """Whether a line stops mid-sentence: no closing punctuation, and a lower-case last word, comma or hyphen."""
    if _LINE_END_TERMINAL.search(line) and not _ends_in_abbreviation(line):
        return False
    last_word = line.rsplit(None, 1)[-1]
    return last_word[0].islower() or line.endswith((",", "-", "–"))


def _heading_at(text: str, start: int, end: int | None = None) -> str | None:
    """The label of the article heading at start ("Article 5", "Pasal 3"), if the words there make one."""
    match = _HEADING.match(text, start, len(text) if end is None else end)
    if match is None or not (match["keyword"][0].isupper() or match["keyword"] == "§"):
        return None
    if not _heading_tail_fits(text, match.end(), len(text) if end is None else end):
        return None
    return f"{match['keyword']} {match['number']}"


def _division_at(text: str, start: int, end: int | None = None) -> str | None:
    """The label of a division heading at start ("Chapter II", "Annex"), which ends the article before it."""
    stop = len(text) if end is None else end
    match = _DIVISION.match(text, start, stop)
    if match is None or not match[0][0].isupper():
        return None
    tail = match.end()
    if match["annex"] and not match["annex_number"]:
        # "Annex" without a number is a heading only when punctuation or the end of the line follows it.
        punctuation = _HEADING_PUNCTUATION.match(text, tail, stop)
        if not (punctuation or not text[tail:stop].strip()):
            return None
    elif not _heading_tail_fits(text, tail, stop):
        return None
    return match[0]


def _heading_tail_fits(text: str, tail: int, end: int) -> bool:
    """Whether what follows a heading's number is a title, body or nothing, and not the rest of a reference."""
    punctuation = _HEADING_PUNCTUATION.match(text, tail, end)
    after = text[punctuation.end() if punctuation else tail:end].strip()
    if not after:
        return True
    if punctuation and after[0] not in ",;":
        return True
    if tail < end and not text[tail].isspace():
        return False  # "Article 5," or "Art. 1;": a list or a reference
    word = after.split(None, 1)[0].strip(".,;:()").lower()
    return (after[0].isupper() or after[0] in "\"“„'(") and word not in _REFERENCE_WORDS


def _heading_end(text: str, start: int, end: int) -> int:
    """Where a heading's keyword, number and trailing punctuation end."""
    match = _HEADING.match(text, start, end) or _DIVISION.match(text, start, end)
    tail = match.end() if match else start
    punctuation = _HEADING_PUNCTUATION.match(text, tail, end)
    return punctuation.end() if punctuation else tail


def _cut_inline(text: str, cuts: dict[int, str | None]) -> None:
    """Cut at headings and numbered items that run on inside a line, as in flattened or OCR'd texts."""
    line_ends = [m.start() for m in _BREAK.finditer(text)] + [len(text)]
    for match in _HEADING_AFTER_SENTENCE.finditer(text):
        start = match.end()
        line_end = line_ends[bisect.bisect_right(line_ends, start)]
        label = _heading_at(text, start, line_end)
        if label is not None and not _ends_in_abbreviation(text[max(0, match.start() - 40):match.start() + 1]):
            cuts[start] = label
            _cut_before_first_item(text, start, line_end, cuts)
    for match in _INLINE_MARKER.finditer(text):
        if not _ends_in_abbreviation(text[max(0, match.start() - 40):match.start()]):
            cuts.setdefault(match.start("item"), None)


def _cut_before_first_item(text: str, start: int, line_end: int, cuts: dict[int, str | None]) -> None:
    """Keep a heading's title on its line with the heading, and start its first item ("1.", "(1)") anew."""
    title_start = _heading_end(text, start, line_end) - 1  # the item pattern starts with the space before it
    first_item = _FIRST_ITEM.search(text, title_start, min(line_end, title_start + TITLE_MAX))
    if first_item and not _SENTENCE_END.search(text, title_start, first_item.start()):
        cuts.setdefault(first_item.start() + 1, None)


def _ends_in_abbreviation(before: str) -> bool:
    """Whether text ending in a full stop ends in an abbreviation ("Art.", "No.", "e.g."), a number or an initial."""
    words = before.rstrip("\"”’')]» \t").rsplit(None, 1)
    if not words or not words[-1].endswith("."):
        return False
    word = words[-1].lstrip("\"“„'([").rstrip(".").lower()
    # "30." in German is an ordinal ("das 30. Lebensjahr", "am 1. September"), "A." an initial or a list letter.
    return (word in _ABBREVIATIONS or len(word) <= 1 or (word.isdigit() and len(word) <= 2)
            or re.fullmatch(r"(?:\w\.)+\w", word) is not None)


def _clauses(text: str, cuts: dict[int, str | None]) -> tuple[Clause, ...]:
    """The text between consecutive cuts, trimmed and split when long, each under the last heading before it."""
    clauses: list[Clause] = []
    article = ""
    positions = sorted(cuts)
    starts = _merge_lone_markers(text, positions, cuts)
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        label = cuts.get(start)
        article = article if label is None else label
        for piece_start, piece_end in _pieces(text, start, end):
            clauses.append(Clause(len(clauses), piece_start, piece_end, text[piece_start:piece_end], article))
    return tuple(clauses)


def _merge_lone_markers(text: str, positions: list[int], cuts: dict[int, str | None]) -> list[int]:
    """Drop the cut after a clause that holds only its number or bullet ("1." on a line of its own)."""
    starts = [0] if not positions or positions[0] != 0 else []
    for position in positions:
        if starts and cuts.get(position) is None and _is_lone_marker(text[starts[-1]:position]):
            continue
        starts.append(position)
    return starts


def _is_lone_marker(segment: str) -> bool:
    """Whether a stretch of text is nothing but a number or bullet ("1.", "(a)", "-")."""
    stripped = segment.strip()
    return bool(stripped) and bool(_STRONG_MARKER.fullmatch(stripped) or _WEAK_MARKER.fullmatch(stripped))


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A segment's trimmed extent, split at sentence ends (or weaker breaks) when it is longer than LONG_CLAUSE."""
    segment = text[start:end]
    left = start + len(segment) - len(segment.lstrip())
    right = start + len(segment.rstrip())
    while right - left > LONG_CLAUSE:
        cut = _split_point(text, left, right)
        if cut is None:
            break
        piece = text[left:cut].rstrip()
        yield left, left + len(piece)
        left = cut
    if right > left:
        yield left, right


def _split_point(text: str, left: int, right: int) -> int | None:
    """Where to split a long stretch: its last sentence end (else semicolon, number's full stop, comma, space).

    Only a split that leaves a piece of a quarter to all of LONG_CLAUSE characters counts.
    """
    window = (left + LONG_CLAUSE // 4, min(left + LONG_CLAUSE, right))
    for pattern, numbers_end_sentences in _SPLITS:
        ends = [m.end() for m in pattern.finditer(text, *window)
                if _splits_sentence(text, m.start(), numbers_end_sentences)]
        if ends:
            return ends[-1]
    return None


def _splits_sentence(text: str, stop: int, numbers_end_sentences: bool) -> bool:
    """Whether a split at stop (punctuation or a space) leaves an abbreviation such as "Art." or "No." whole."""
    before = text[max(0, stop - 40):stop + 1 if text[stop] == "." else stop]
    if numbers_end_sentences and re.search(r"\d\.$", before):
        return True
    return not _ends_in_abbreviation(before)
