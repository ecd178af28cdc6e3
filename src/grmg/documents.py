r"""Text out of documents: plain text, PDF (PDFium, in reading order) and DOCX (python-docx). No Django.

`read_document` is what the screener and the uploads use. It refuses a file that is too large, empty, of another
type or unreadable with a `DocumentError` whose message is one line naming the file, and returns the text with the
offset at which each page starts; PDF pages are separated by a form feed ("\f").
"""

from __future__ import annotations

import bisect
import codecs
import ctypes
import io
import itertools
import math
import re
import statistics
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import filetype
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from grmg.core.i18n import _
from grmg.core.screening.segment import starts_unit

TEXT_DOCUMENT_TYPES = ("txt", "pdf", "docx")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
PAGE_BREAK = "\f"
UNPACKED_PER_PACKED = 10  # a DOCX may unpack to this many times the size limit; more is a zip bomb, not a text
_LIST_LEVELS = 9  # Word's lists have levels 0 to 8

# Windows-1252 punctuation that text in that encoding holds besides letters: quotes, dashes, symbols.
_WINDOWS_PUNCTUATION = frozenset("€‚„…†‡ˆ‰‹›‘’“”•–—˜™¡¢£¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷\xa0\xad")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # a database or a spreadsheet refuses some of these


class DocumentError(ValueError):
    """A document whose text cannot be read; the message says why in one line that names the file."""


@dataclass(frozen=True)
class DocumentText:
    """A document's text and the offset in it at which each page starts."""

    text: str
    pages: tuple[int, ...] = (0,)

    def page_at(self, offset: int) -> int:
        """The number (from 1) of the page that holds the character at offset."""
        return max(1, bisect.bisect_right(self.pages, offset))


def read_document(data: bytes, name: str, max_bytes: int = MAX_DOCUMENT_BYTES) -> DocumentText:
    """The text of a .txt, .pdf or .docx file, or a DocumentError saying in one line why it cannot be read."""
    return _read(data, PurePath(name).suffix.lower().lstrip("."), name, max_bytes)


def extract_text(data: bytes, extension: str, name: str) -> str:
    """The text of a document of a known type, pages separated by a blank line (a law's text in the inventory)."""
    # The caller has checked the size against the upload limit, which a deployment may set above our default.
    limit = max(len(data), MAX_DOCUMENT_BYTES)
    return _read(data, extension, name, limit).text.replace(PAGE_BREAK, "\n\n").strip()


def _read(data: bytes, extension: str, name: str, max_bytes: int) -> DocumentText:
    """Check the type, size and content of a file before its reader gets it; refuse one that holds no text."""
    if extension not in TEXT_DOCUMENT_TYPES:
        raise DocumentError(_("%(name)s: only %(types)s documents are read") % {
            "name": name, "types": ", ".join(TEXT_DOCUMENT_TYPES)})
    # The size is checked before anything is parsed, so a huge file is refused at once.
    if len(data) > max_bytes:
        raise DocumentError(_("%(name)s: %(size)s is over the limit of %(limit)s") % {
            "name": name, "size": _size(len(data), places=1), "limit": _size(max_bytes)})
    if not data:
        raise DocumentError(_("%(name)s: the file is empty") % {"name": name})
    _check_content(data, extension, name)
    if extension == "pdf":
        document = _pdf_text(data, name)
    elif extension == "docx":
        document = _docx_text(data, name, max_bytes * UNPACKED_PER_PACKED)
    else:
        document = DocumentText(_plain_text(data, name))
    if not document.text.strip():
        raise DocumentError(_("%(name)s: the document holds no text") % {"name": name})
    return document


def _size(count: int, places: int = 0) -> str:
    """A number of bytes in MB or kB, rounded up so that a file just over a limit does not read as equal to it."""
    unit, name = (1024 * 1024, "MB") if count >= 1024 * 1024 else (1024, "kB")
    scale = 10 ** places
    return f"{math.ceil(count / unit * scale) / scale:.{places}f} {name}"


def _check_content(data: bytes, extension: str, name: str) -> None:
    """Refuse a file whose first bytes are not what its extension says (a PNG named .pdf)."""
    guessed = filetype.guess(data[:8192])
    if extension == "pdf":
        fits = b"%PDF-" in data[:1024]  # readers accept a PDF header after a little junk
    elif extension == "docx":
        fits = data.startswith(b"PK\x03\x04")
    else:
        # Text may start like a binary format ("BM 2019 ..." is a bitmap's signature): only text that is not UTF-8
        # is taken for the format it starts like.
        fits = guessed is None or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _utf8(data[:8192])
    if fits:
        return
    if guessed is not None and guessed.extension != extension:
        raise DocumentError(_("%(name)s: the content is not a .%(ext)s file (it looks like .%(kind)s)") % {
            "name": name, "ext": extension, "kind": guessed.extension})
    raise DocumentError(_("%(name)s: the content is not a .%(ext)s file") % {"name": name, "ext": extension})


def _utf8(head: bytes) -> bool:
    """Whether the first bytes of a file are UTF-8 (a character cut at their end is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _plain_text(data: bytes, name: str) -> str:
    """Text in UTF-8 (with or without a byte-order mark), UTF-16 with one, or unmistakable Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _newlines(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise DocumentError(_("%(name)s: not UTF-16 text, though it starts like it") % {"name": name}) from None
    if b"\x00" in data:
        raise DocumentError(_("%(name)s: not a text file (it holds binary data, or UTF-16 without a byte-order "
                              "mark); save it as UTF-8") % {"name": name})
    try:
        return _newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    try:
        legacy = data.decode("cp1252")
    except UnicodeDecodeError:
        legacy = ""
    if legacy and _is_western_text(legacy):
        return _newlines(legacy)
    raise DocumentError(_("%(name)s: not UTF-8 text, and not clearly Windows-1252 either; save it as UTF-8") % {
        "name": name})


def _is_western_text(text: str) -> bool:
    """Whether text decoded as Windows-1252 reads as such: a few accented letters and quotes, no control codes."""
    if any(char < " " and char not in _ALLOWED_CONTROLS for char in text):
        return False
    high = [char for char in text if ord(char) > 127]
    # Other encodings (Cyrillic, Greek, Asian) decoded this way turn most characters into accented noise.
    return len(high) <= 0.15 * len(text) and all(char.isalpha() or char in _WINDOWS_PUNCTUATION for char in high)


def _newlines(text: str) -> str:
    """Windows and old Mac line ends as Unix ones."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# PDF
#
# PDFium (through pypdfium2) opens the file and gives each page's characters in the order it drew them, with a line
# break wherever the text moves to another line. Its lines, with the boxes PDFium gives their end characters, are
# put in reading order below; PDFium's own order is that of the drawing, which for columns drawn row by row across
# the page (and for headers, footers and notes drawn last) is not the reading order.

_PDFIUM = threading.Lock()  # PDFium is not thread-safe: one call at a time in the whole process, whatever the file
# PDFium ends a line with "\r\n", except one that ends in a hyphenated word: it marks that hyphen with U+FFFE and
# goes on with the word's end, on the next line, without a break.
_PDFIUM_HYPHEN = "\ufffe"
_PDFIUM_BREAK = re.compile(f"\r\n|{_PDFIUM_HYPHEN}")
_NOT_A_PDF = b"%PDF-"
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\ue000-\uf8ff]")  # what a glyph's code read as a character mostly is
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a character beyond U+FFFF
_DESCENT = 0.25  # how far below its baseline a line's box starts, in ems
_GAP = 1.0  # a gap wider than a line's height between two characters on the same line parts it (columns, tabs)
# More glyphs that map to no character than this share of all, and the text is refused rather than read with holes
# (the share at which pdfminer's "(cid:12)" codes for them came to half of such a text, as this reader refused it).
_UNMAPPED_SHARE = 1 / 16


@dataclass(frozen=True)
class _PdfLine:
    """A line of text on a PDF page and its box, in points from the page's top left."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        """The line's height in points."""
        return self.bottom - self.top


@dataclass(frozen=True)
class _PdfPage:
    """A page's lines, its width as shown, and how many glyphs it draws and how many map to no character."""

    lines: list[_PdfLine]
    width: float
    glyphs: int
    unmapped: int


def _pdf_text(data: bytes, name: str) -> DocumentText:
    """The text of each page in reading order, pages separated by PAGE_BREAK; a scan or a locked PDF is refused."""
    with _PDFIUM:
        _reset_last_error()
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            raise _open_error(exc, name) from None
        try:
            pages = [_pdf_page(document, index) for index in range(len(document))]
        except pdfium.PdfiumError as exc:
            raise DocumentError(_("%(name)s: not a readable PDF (%(why)s)") % {"name": name, "why": _one_line(exc)}
                                ) from None
        finally:
            document.close()
    if not pages:
        raise DocumentError(_("%(name)s: not a readable PDF (%(why)s)") % {"name": name, "why": _("it has no pages")})
    glyphs = sum(page.glyphs for page in pages)
    if not glyphs:
        raise DocumentError(_("%(name)s: the PDF has no text layer (a scanned image?); run OCR on it or paste "
                              "the text instead") % {"name": name})
    if sum(page.unmapped for page in pages) > _UNMAPPED_SHARE * glyphs:
        raise DocumentError(_("%(name)s: the PDF's fonts do not say which characters they draw, so its text "
                              "cannot be read; run OCR on it or paste the text instead") % {"name": name})
    # A few glyphs that map to no character (a symbol font's bullet) were dropped; control characters are too.
    texts = [_CONTROL.sub("", _page_text(page)) for page in pages]
    starts = [0]
    for text in texts[:-1]:
        starts.append(starts[-1] + len(text) + len(PAGE_BREAK))
    return DocumentText(PAGE_BREAK.join(texts), tuple(starts))


def _reset_last_error() -> None:
    """Set PDFium's last error to "format" by opening a file that is not a PDF.

    PDFium keeps the error of the last file it failed to open, and fails on some damaged files (one whose catalogue
    names no pages) without setting another: such a file would be said to be locked by a password after a locked one.
    """
    handle = pdfium_c.FPDF_LoadMemDocument64(_NOT_A_PDF, len(_NOT_A_PDF), None)
    if handle:
        pdfium_c.FPDF_CloseDocument(handle)


def _open_error(exc: pdfium.PdfiumError, name: str) -> DocumentError:
    """Why PDFium could not open a file, in one line: a password, an unknown kind of encryption, or damage."""
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:  # an empty password (a file only locked against copying) is tried first
        return DocumentError(_("%(name)s: the PDF is protected by a password; upload a copy without one") % {
            "name": name})
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return DocumentError(_("%(name)s: the PDF is encrypted in a way that cannot be read (%(why)s)") % {
            "name": name, "why": _("unsupported security handler")})
    why = {pdfium_c.FPDF_ERR_FORMAT: _("damaged, or not in PDF format"), pdfium_c.FPDF_ERR_FILE: _("cannot be opened")}
    return DocumentError(_("%(name)s: not a readable PDF (%(why)s)") % {
        "name": name, "why": why.get(code, _one_line(exc))})


def _pdf_page(document: pdfium.PdfDocument, index: int) -> _PdfPage:
    """One page's lines as PDFium finds them, closed again at once (PDFium's objects hold memory outside Python)."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            return _PageReader(page, textpage).read()
        finally:
            textpage.close()
    finally:
        page.close()


class _PageReader:
    """The lines of one page from PDFium's characters, with boxes in points from the page's top left as shown."""

    def __init__(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> None:
        """Read the characters of the page and how it is turned when shown (/Rotate)."""
        self.raw = textpage.raw
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        self.rotation = page.get_rotation()
        self.box = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()
        self.chars = _characters(self.raw)

    def read(self) -> _PdfPage:
        """The page's lines: PDFium's lines, each parted where a wide gap runs through it, unmapped glyphs left out."""
        lines: list[_PdfLine] = []
        glyphs = unmapped = 0
        for start, end in self._spans():
            span = self.chars[start:end]
            stripped = span.strip()
            if stripped:
                first = start + len(span) - len(span.lstrip())
                last = start + len(span.rstrip()) - 1
                dropped = self._unmapped(first, last)
                glyphs += len("".join(stripped.split()))
                unmapped += len(dropped)
                lines += self._lines(first, last, dropped)
        width = self.right - self.left if self.rotation in (0, 180) else self.top - self.bottom
        return _PdfPage(lines, width, glyphs, unmapped)

    def _spans(self) -> Iterator[tuple[int, int]]:
        """The [start, end) of each of PDFium's lines: up to its line break, or up to and with a hyphen it marked."""
        start = 0
        for match in _PDFIUM_BREAK.finditer(self.chars):
            yield start, match.end() if match.group() == _PDFIUM_HYPHEN else match.start()
            start = match.end()
        yield start, len(self.chars)

    def _unmapped(self, first: int, last: int) -> set[int]:
        """The characters of a line whose glyphs map to no character (PDFium gives a glyph's code in its place).

        A font without a map draws whole lines of such glyphs, a symbol font's bullet starts a line, and a code taken
        for a character mostly reads as a control or private-use one: those glyphs are asked about, and when one is
        unmapped so is every glyph of the line. (Asking about every glyph would take a third of the reading time.)
        """
        raw, chars, has_error = self.raw, self.chars, pdfium_c.FPDFText_HasUnicodeMapError
        suspects = itertools.chain((first, last), (match.start() for match in _SUSPECT.finditer(chars, first, last)))
        if not any(has_error(raw, index) == 1 for index in suspects):
            return set()
        return {index for index in range(first, last + 1) if not chars[index].isspace() and has_error(raw, index) == 1}

    def _lines(self, first: int, last: int, dropped: set[int]) -> list[_PdfLine]:
        """A PDFium line as one line, or as several where it has wide gaps (two columns drawn row by row)."""
        if first in dropped or last in dropped:  # its box is that of the glyphs kept, each asked about
            return self._parts(first, last, dropped)
        start, end = self._char_box(first), self._char_box(last)
        x0, x1 = min(start[0], end[0]), max(start[1], end[1])
        top, bottom = min(start[2], end[2]), max(start[3], end[3])
        if self._gapped(first, last, bottom - top):
            return self._parts(first, last, dropped)
        text = self._text(first, last, dropped)
        return [_PdfLine(x0, x1, top, bottom, text)] if text else []

    def _gapped(self, first: int, last: int, height: float) -> bool:
        """Whether the line's runs of text (PDFium's rectangles, one for each piece drawn) have a wide gap between."""
        count = pdfium_c.FPDFText_CountRects(self.raw, first, last - first + 1)
        if count <= 1:
            return False
        left, top, right, bottom = (ctypes.c_double() for _side in range(4))
        spans = []
        for index in range(count):
            if pdfium_c.FPDFText_GetRect(self.raw, index, left, top, right, bottom):
                box = self._shown(left.value, bottom.value, right.value, top.value)
                spans.append((box[0], box[1]))
        spans.sort()
        return any(after[0] - before[1] > _GAP * height for before, after in itertools.pairwise(spans))

    def _parts(self, first: int, last: int, dropped: set[int]) -> list[_PdfLine]:
        """The line cut at each gap between two glyphs wider than the line's height, from each glyph's box."""
        parts: list[tuple[int, int, list[float]]] = []  # first and last character, box
        for index in range(first, last + 1):
            if self.chars[index].isspace() or index in dropped:
                continue
            x0, x1, top, bottom = self._char_box(index)
            if parts:
                _start, _end, box = parts[-1]
                if x0 - box[1] <= _GAP * max(box[3] - box[2], bottom - top):
                    parts[-1] = (_start, index, [box[0], max(box[1], x1), min(box[2], top), max(box[3], bottom)])
                    continue
            parts.append((index, index, [x0, x1, top, bottom]))
        lines = []
        for start, end, box in parts:
            text = self._text(start, end, dropped)
            if text:
                lines.append(_PdfLine(box[0], box[1], box[2], box[3], text))
        return lines

    def _text(self, first: int, last: int, dropped: set[int]) -> str:
        """The characters from first to last, unmapped ones left out, each run of spaces as one."""
        chars = self.chars[first:last + 1]
        if dropped:
            chars = "".join(char for index, char in enumerate(chars, first) if index not in dropped)
        chars = chars.replace(_PDFIUM_HYPHEN, "-")
        if _SURROGATE.search(chars):  # a character beyond U+FFFF, as its two halves
            chars = chars.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return " ".join(chars.split())

    def _char_box(self, index: int) -> tuple[float, float, float, float]:
        """A character's box on the page as shown: its advance across, and its font's size (an em) up and down.

        PDFium's "loose" box reaches from the font's descent to its ascent as the font declares them (a TeX font's
        span three quarters of an em, a subset font's may have none), stretched to the glyph's ink. Upright text is
        given an em from a quarter below its baseline instead, as pdfminer gave it, so that a gap between two lines
        means the same in every font and after every letter.
        """
        box, matrix = self.box, self.matrix
        pdfium_c.FPDFText_GetLooseCharBox(self.raw, index, box)
        left, bottom, right, top = box.left, box.bottom, box.right, box.top
        if pdfium_c.FPDFText_GetMatrix(self.raw, index, matrix) and matrix.b == matrix.c == 0 and matrix.d > 0:
            em = pdfium_c.FPDFText_GetFontSize(self.raw, index) * matrix.d
            bottom = matrix.f - _DESCENT * em
            top = bottom + em
        return self._shown(left, bottom, right, top)

    def _shown(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """A box in PDF space (y up, the page unturned) as x0, x1, top, bottom on the page as shown (y down)."""
        if self.rotation == 90:  # turned clockwise: the page's bottom edge is shown on the left
            return bottom - self.bottom, top - self.bottom, left - self.left, right - self.left
        if self.rotation == 180:
            return self.right - right, self.right - left, bottom - self.bottom, top - self.bottom
        if self.rotation == 270:
            return self.top - top, self.top - bottom, self.right - right, self.right - left
        return left - self.left, right - self.left, self.top - top, self.top - bottom


def _characters(raw: Any) -> str:
    """PDFium's characters of a page, one for each, at the same index (a character beyond U+FFFF counts as two)."""
    count = pdfium_c.FPDFText_CountChars(raw)
    if count < 0:
        raise pdfium.PdfiumError("Failed to read the page's characters.")
    if count == 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(raw, 0, count, buffer) - 1  # UTF-16 units, and the closing NUL
    if written != count:  # PDFium left some characters out of its text: each is asked for
        codes = [pdfium_c.FPDFText_GetUnicode(raw, index) for index in range(count)]
        return "".join(_PDFIUM_HYPHEN if code == 2 and pdfium_c.FPDFText_IsHyphen(raw, index) else chr(code)
                       for index, code in enumerate(codes))  # the hyphen its text gives as U+FFFE is 2 here
    text = bytes(buffer)[:2 * count].decode("utf-16-le", "surrogatepass")
    return text if len(text) == count else "".join(map(chr, buffer[:count]))


def _page_text(page: _PdfPage) -> str:
    """A page's lines in reading order, joined by spaces within a paragraph and by line breaks between."""
    lines = page.lines
    if not lines:
        return ""
    ordered = _reading_order(lines, max(line.x1 for line in lines), page.width)
    parts = [ordered[0][0].text]
    for (before, right), (line, _right) in itertools.pairwise(ordered):
        parts.append(_joint(before, right, line))
        parts.append(line.text)
    return "".join(parts)


def _reading_order(lines: list[_PdfLine], right: float, page_width: float) -> list[tuple[_PdfLine, float]]:
    """Lines in reading order, each with the right edge of its column (a recursive XY-cut).

    Where a gutter runs through the whole region, its left column is read before its right one. Where only a few
    lines cross a gutter (a title, a full-width paragraph or a page number above or below columns), the region is
    cut across at those lines. Otherwise it is cut across at its widest gaps, and a single row is read left to right.
    """
    if len(lines) <= 1:
        return [(line, right) for line in lines]
    columns = _columns(lines, page_width)
    if len(columns) > 1:
        return [pair for column in columns
                for pair in _reading_order(column, max(line.x1 for line in column), page_width)]
    across = _lines_across_gutter(lines, page_width)
    parts = _split_at(lines, across) if across else _bands(lines)
    if len(parts) > 1:
        return [pair for part in parts for pair in _reading_order(part, right, page_width)]
    return [(line, right) for line in sorted(lines, key=lambda line: (line.x0, line.top))]


def _columns(lines: list[_PdfLine], page_width: float) -> list[list[_PdfLine]]:
    """The region's lines split at gutters that no line crosses, each column at least a sixth of the page wide."""
    minimum_width = page_width / 6  # narrower "columns" are list numbers hanging left of their text
    gutter = 0.4 * statistics.median(line.height for line in lines)
    spans = sorted((line.x0, line.x1) for line in lines)
    cuts: list[float] = []
    column_start, reach, region_end = spans[0][0], spans[0][1], max(x1 for _x0, x1 in spans)
    for x0, x1 in spans[1:]:
        if x0 > reach + gutter and reach - column_start >= minimum_width and region_end - x0 >= minimum_width:
            cuts.append(x0)
            column_start = x0
        reach = max(reach, x1)
    columns: list[list[_PdfLine]] = [[] for _cut in range(len(cuts) + 1)]
    for line in lines:
        columns[bisect.bisect_right(cuts, line.x0)].append(line)
    return [column for column in columns if column]


def _lines_across_gutter(lines: list[_PdfLine], page_width: float) -> list[_PdfLine]:
    """The few lines that cross an otherwise empty gutter between columns, or [] when there is no such gutter."""
    left_edge = math.floor(min(line.x0 for line in lines))
    coverage = [0] * (math.ceil(max(line.x1 for line in lines)) - left_edge + 2)
    for line in lines:  # how many lines cover each point across the region, by a difference array
        coverage[math.floor(line.x0) - left_edge] += 1
        coverage[math.ceil(line.x1) - left_edge] -= 1
    coverage = list(itertools.accumulate(coverage))
    low = 0.25 * max(coverage)
    gutter = max(1.0, 0.4 * statistics.median(line.height for line in lines))
    for valley in _runs(coverage, low):
        start, end = _floor(coverage, *valley)
        x_start, x_end = left_edge + start, left_edge + end
        left = [line for line in lines if line.x1 <= x_start]
        right = [line for line in lines if line.x0 >= x_end]
        across = [line for line in lines if line.x0 < x_end and line.x1 > x_start]
        if (end - start >= gutter and min(len(left), len(right)) >= 2 and len(across) <= min(len(left), len(right)) / 2
                and x_start - left_edge >= page_width / 6 and left_edge + len(coverage) - x_end >= page_width / 6):
            return across
    return []


def _runs(values: list[int], ceiling: float) -> Iterator[tuple[int, int]]:
    """The [start, end) runs of values at or under ceiling that have higher values on both sides."""
    start = None
    seen_high = False
    for index, value in enumerate(values):
        if value <= ceiling:
            if start is None and seen_high:
                start = index
        else:
            if start is not None:
                yield start, index
            start, seen_high = None, True


def _floor(values: list[int], start: int, end: int) -> tuple[int, int]:
    """The widest [start, end) run of the lowest values within values[start:end]: a gutter without ragged edges."""
    lowest = min(values[start:end])
    best = (start, start)
    run_start = None
    for index in range(start, end + 1):
        if index < end and values[index] == lowest:
            run_start = index if run_start is None else run_start
        elif run_start is not None:
            best = max(best, (run_start, index), key=lambda run: run[1] - run[0])
            run_start = None
    return best


def _split_at(lines: list[_PdfLine], across: list[_PdfLine]) -> list[list[_PdfLine]]:
    """The region cut across at each of the given lines, top to bottom: those lines alone, the rest in runs."""
    crossing = {id(line) for line in across}
    parts: list[list[_PdfLine]] = []
    run: list[_PdfLine] = []
    for line in sorted(lines, key=lambda line: line.top):
        if id(line) in crossing:
            parts += [run, [line]] if run else [[line]]
            run = []
        else:
            run.append(line)
    return [*parts, run] if run else parts


def _bands(lines: list[_PdfLine]) -> list[list[_PdfLine]]:
    """The region's lines in bands cut across its widest horizontal gaps."""
    ordered = sorted(lines, key=lambda line: line.top)
    rows: list[list[_PdfLine]] = [[ordered[0]]]
    gaps: list[float] = []
    bottom = ordered[0].bottom
    for line in ordered[1:]:
        if line.top < bottom - 0.5 * line.height:  # overlaps the row above by half its height: the same row
            rows[-1].append(line)
            bottom = max(bottom, line.bottom)
        else:
            gaps.append(line.top - bottom)
            rows.append([line])
            bottom = line.bottom
    if not gaps:
        return rows
    threshold = max(gaps) - 0.25 * statistics.median(line.height for line in lines)
    bands: list[list[_PdfLine]] = [rows[0]]
    for gap, row in zip(gaps, rows[1:], strict=True):
        if gap >= threshold:
            bands.append(list(row))
        else:
            bands[-1].extend(row)
    return bands


def _joint(before: _PdfLine, right: float, line: _PdfLine) -> str:
    """What goes between two lines read one after the other: a space, a line break or a paragraph break."""
    if line.top < before.bottom - 0.5 * line.height and line.x0 >= before.x1:
        return " "  # the same row, further right
    if line.top - before.bottom > 0.5 * before.height:
        return "\n\n"
    if before.text.endswith("-") and before.text[-2:-1].isalpha() and line.text[:1].isalpha():
        return ""  # a word hyphenated across lines: keep the hyphen, drop the break
    char_width = (before.x1 - before.x0) / max(len(before.text), 1)
    first_word = line.text.split(None, 1)[0]
    # A line that stops short of its column's edge although the next word would have fitted was ended on purpose.
    if right - before.x1 > 1.5 * (len(first_word) + 1) * char_width or starts_unit(line.text):
        return "\n"
    return " "


def _one_line(exc: BaseException) -> str:
    """An exception's message on one short line (or its type, when it has none)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


# DOCX


def _docx_text(data: bytes, name: str, max_unpacked: int) -> DocumentText:
    """Paragraphs and tables in the order of the body, with Word's automatic list numbers put back."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DocumentError(_("%(name)s: not a readable DOCX (%(why)s)") % {"name": name, "why": _one_line(exc)}
                            ) from None
    if unpacked > max_unpacked:
        raise DocumentError(_("%(name)s: the DOCX unpacks to %(size)s, more than a document holds") % {
            "name": name, "size": _size(unpacked)})
    try:
        document = Document(io.BytesIO(data))
        numbering = _Numbering(document)
        parts = [_block_text(block, numbering) for block in _blocks(document.element.body, document._body)]
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise DocumentError(_("%(name)s: not a readable DOCX (%(why)s)") % {"name": name, "why": _one_line(exc)}
                            ) from None
    return DocumentText("\n".join(part for part in parts if part.strip()))


def _blocks(element: Any, parent: Any) -> Iterator[Paragraph | Table]:
    """The paragraphs and tables of a body in order, including those inside content controls (form fields)."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt") and child.find(qn("w:sdtContent")) is not None:
            yield from _blocks(child.find(qn("w:sdtContent")), parent)


def _block_text(block: Paragraph | Table, numbering: _Numbering) -> str:
    """A paragraph with its list number, or a table a row to a line with its cells between bars."""
    if isinstance(block, Paragraph):
        return numbering.label(block) + block.text
    rows = []
    for row in block.rows:
        cells: list[Any] = []
        for cell in row.cells:
            if not cells or cell._tc is not cells[-1]._tc:  # a merged cell repeats across the columns it spans
                cells.append(cell)
        rows.append(" | ".join(" ".join(numbering.label(p) + p.text for p in cell.paragraphs).strip()
                               for cell in cells))
    return "\n".join(row for row in rows if row.strip(" |"))


class _Numbering:
    """Word's automatic list numbers ("1.", "(a)", "Article 3"), which python-docx leaves out of a paragraph's text."""

    def __init__(self, document: Any) -> None:
        """Read the numbering definitions of a document."""
        self.levels: dict[tuple[str, int], tuple[int, str, str, str]] = {}
        self.counters: dict[str, list[int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstracts = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            abstract_id = num.find(qn("w:abstractNumId"))
            abstract = abstracts.get(abstract_id.get(qn("w:val")) if abstract_id is not None else None)
            if abstract is not None:
                self._read_levels(num, abstract)

    def _read_levels(self, num: Any, abstract: Any) -> None:
        """Each level's start, number format, text ("Article %1") and what follows it, for one list (numId)."""
        num_id = num.get(qn("w:numId"))
        overrides = {o.get(qn("w:ilvl")): o.find(qn("w:startOverride")) for o in num.findall(qn("w:lvlOverride"))}
        for level in abstract.findall(qn("w:lvl")):
            ilvl = level.get(qn("w:ilvl")) or "0"
            if not ilvl.isdigit() or int(ilvl) >= _LIST_LEVELS:
                continue
            start = overrides.get(ilvl)
            if start is None:
                start = level.find(qn("w:start"))
            self.levels[(num_id, int(ilvl))] = (
                int(_val(start, "1")), _val(level.find(qn("w:numFmt")), "decimal"),
                _val(level.find(qn("w:lvlText")), ""), _val(level.find(qn("w:suff")), "tab"))

    def label(self, paragraph: Paragraph) -> str:
        """The number Word shows before this paragraph, with the space after it; "" when it has none."""
        num_id, ilvl = _numbering_of(paragraph)
        if num_id is None or (num_id, ilvl) not in self.levels:
            return ""
        counters = self.counters.setdefault(num_id, [None] * _LIST_LEVELS)
        for level in range(ilvl):
            if counters[level] is None:
                counters[level] = self.levels.get((num_id, level), (1, "", "", ""))[0]
        current = counters[ilvl]
        counters[ilvl] = self.levels[(num_id, ilvl)][0] if current is None else current + 1
        counters[ilvl + 1:] = [None] * (_LIST_LEVELS - 1 - ilvl)
        _start, fmt, text, suffix = self.levels[(num_id, ilvl)]
        if fmt == "bullet":
            return "• "
        label = re.sub(r"%([1-9])", lambda m: self._formatted(num_id, int(m[1]) - 1, counters), text)
        return label + ("" if suffix == "nothing" or not label else " ")

    def _formatted(self, num_id: str, level: int, counters: list[int | None]) -> str:
        """The counter of one level in that level's format ("3", "c", "iii")."""
        value = counters[level] or 1
        fmt = self.levels.get((num_id, level), (1, "decimal", "", ""))[1]
        return _format_number(value, fmt)


def _numbering_of(paragraph: Paragraph) -> tuple[str | None, int]:
    """The list (numId) and level of a paragraph, from its own properties or else its style's (and its bases')."""
    sources = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        sources.append(style.element.pPr)
        style = style.base_style
    level = None
    for properties in sources:
        num_pr: Any = properties.numPr if properties is not None else None
        if num_pr is None:
            continue
        if level is None and num_pr.ilvl is not None:
            level = int(num_pr.ilvl.val)  # a paragraph may set only its level in a list its style names
        if num_pr.numId is not None:
            num_id = str(num_pr.numId.val)
            return (None if num_id == "0" else num_id), level or 0  # numId 0 switches numbering off
    return None, 0


def _val(element: Any, default: str) -> str:
    """An element's w:val attribute, or default when the element or the attribute is missing."""
    return element.get(qn("w:val"), default) if element is not None else default


def _format_number(value: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (decimal when the format is one we do not draw)."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return "" if fmt == "none" else str(value)


def _roman(value: int) -> str:
    """A positive number in upper-case Roman numerals."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
                (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for number, numeral in numerals:
        count, value = divmod(value, number)
        out.append(numeral * count)
    return "".join(out)
