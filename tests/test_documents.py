"""Reading agreement and law texts from real .txt, .pdf and .docx files made here, and refusing bad ones in one line."""

from __future__ import annotations

import base64
import copy
import io
import threading
import time
import zipfile
import zlib

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.constants import UserAccessPermissions
from weasyprint import HTML

from grmg import documents
from grmg.documents import DocumentError, DocumentText, extract_text, read_document

PAGE_CSS = "@page { size: A4; margin: 2cm } body { font: 11pt sans-serif } p { margin: 0 0 0.8em }"


def pdf_from_html(body: str, css: str = "") -> bytes:
    return HTML(string=f"<html><head><style>{PAGE_CSS} {css}</style></head><body>{body}</body></html>").write_pdf()


def words(prefix: str, count: int) -> str:
    return " ".join(f"{prefix}{i}" for i in range(count))


def png(width: int = 300, height: int = 200) -> bytes:
    stream = io.BytesIO()
    Image.new("L", (width, height), 180).save(stream, "PNG")
    return stream.getvalue()


def raw_pdf(content: bytes, resources: bytes, *objects: bytes) -> bytes:
    """A one-page PDF written by hand, as a scanner's OCR or an old word processor writes them."""
    bodies = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources " + resources + b" /Contents 4 0 R >>",
              b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream", *objects]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return bytes(out)


def turned(pdf: bytes, angle: int) -> bytes:
    """The PDF with its content drawn turned in its page and a /Rotate entry that shows it upright again, as a
    scanner's landscape pages or a portrait page printed on its side are."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        turn = {90: Transformation().rotate(90).translate(height, 0), 180: Transformation().rotate(180).translate(
            width, height), 270: Transformation().rotate(-90).translate(0, width)}[angle]
        page.add_transformation(turn)
        if angle != 180:
            page.mediabox.upper_right = (height, width)
        page.rotate(angle)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def encrypted(pdf: bytes, user_password: str, owner_password: str) -> bytes:
    """The PDF encrypted so that it may be printed but not copied from (unless one has the owner's password)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128",
                   permissions_flag=UserAccessPermissions.PRINT)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


def docx_bytes(document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def refusal(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(data, name, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{name}: ")
    return message


# Plain text


def test_it_reads_utf8_text_with_or_without_a_byte_order_mark():
    text = "Artikel 1\r\nDie Gastarbeitnehmer … „Gesehen“ – Österreich"
    expected = "Artikel 1\nDie Gastarbeitnehmer … „Gesehen“ – Österreich"
    assert read_document(text.encode("utf-8"), "a.txt") == DocumentText(expected, (0,))
    assert read_document(b"\xef\xbb\xbf" + text.encode("utf-8"), "a.txt").text == expected
    assert read_document(text.encode("utf-16"), "a.txt").text == expected  # UTF-16 carries its byte-order mark
    assert read_document(b"BM 2019: Article 1", "a.txt").text == "BM 2019: Article 1"  # "BM" starts a bitmap too


def test_it_reads_windows_1252_text_when_that_is_clearly_what_it_is():
    text = "Die Gastarbeitnehmer sollen das 30. Lebensjahr nicht überschritten haben – „Gesehen“."
    assert read_document(text.encode("cp1252"), "alt.txt").text == text


def test_it_refuses_text_whose_encoding_it_cannot_tell():
    russian = "Статья 1. Трудящиеся-мигранты пользуются равным обращением.".encode("koi8-r")
    assert refusal(russian, "ru.txt") == ("ru.txt: not UTF-8 text, and not clearly Windows-1252 either; "
                                          "save it as UTF-8")
    assert "not a text file" in refusal(b"Article 1\x00\x01\x02", "bin.txt")


# PDF


def test_it_reads_a_pdf_page_by_page_and_says_where_each_page_starts():
    pdf = pdf_from_html("<p>Article 1 Scope.</p><p style='break-before: page'>Article 2 Wages.</p>"
                        "<p style='break-before: page'>Article 3 Leave.</p>")
    document = read_document(pdf, "three.pdf")
    assert document.text == "Article 1 Scope.\fArticle 2 Wages.\fArticle 3 Leave."
    assert document.pages == (0, 17, 34)
    assert [document.page_at(document.text.index(word)) for word in ("Scope", "Wages", "Leave")] == [1, 2, 3]
    assert extract_text(pdf, "pdf", "three.pdf") == "Article 1 Scope.\n\nArticle 2 Wages.\n\nArticle 3 Leave."


def test_it_reads_the_left_column_entirely_before_the_right_one():
    pdf = pdf_from_html(
        "<h1>Agreement on the recruitment of workers</h1><p>The Parties have agreed as follows across the whole "
        f"width of the page, before the columns start.</p><div class='cols'><h2>Article 1</h2><p>{words('one', 80)}"
        f"</p><h2>Article 2</h2><p>{words('two', 120)}</p><h2>Article 3</h2><p>{words('three', 30)}</p></div>"
        "<p>Done at Jakarta in two originals, again across the whole width of the page.</p>",
        ".cols { columns: 2; column-gap: 0.6cm }")
    text = read_document(pdf, "columns.pdf").text
    # Article 2 starts at the foot of the left column and goes on at the top of the right one.
    expected = ["Agreement", "The Parties", "Article 1", "one0", "one79", "Article 2", "two0", "two119",
                "Article 3", "three0", "three29", "Done at Jakarta"]
    positions = [text.index(marker) for marker in expected]
    assert positions == sorted(positions)
    assert words("two", 120) in text  # not a word of the right column in between


def test_it_reads_columns_that_the_pdf_draws_line_by_line_across_the_page():
    # Some writers draw row by row across both columns; pypdf and pdfplumber then read "left 0 right 0 left 1 ...".
    rows = "".join(f"<div style='position: absolute; top: {i * 15}pt; left: 0'>Left line {i} of the column.</div>"
                   f"<div style='position: absolute; top: {i * 15}pt; left: 9cm'>Right line {i} goes on.</div>"
                   for i in range(20))
    text = read_document(pdf_from_html(rows), "rows.pdf").text
    assert text == " ".join(f"Left line {i} of the column." for i in range(20)) + " " + " ".join(
        f"Right line {i} goes on." for i in range(20))


def test_it_reads_a_page_turned_by_its_rotate_entry_as_it_is_shown():
    pdf = pdf_from_html(f"<h1>Agreement</h1><div style='columns: 2'><p>{words('left', 150)}</p><p>{words('right', 150)}"
                        "</p></div>")
    upright = read_document(pdf, "upright.pdf").text
    assert upright.index("left149") < upright.index("right0")
    for angle in (90, 180, 270):
        assert read_document(turned(pdf, angle), "turned.pdf").text == upright


def test_it_joins_a_word_hyphenated_across_lines_and_keeps_its_hyphen():
    # PDFium marks a hyphen that ends a line before the rest of the word with U+FFFE and breaks no line there.
    pdf = pdf_from_html("<p>Workers receive an end-of-<br>service benefit, and the self-<br>employed too, for 5-<br>"
                        "10 days.</p>")
    assert read_document(pdf, "hyphens.pdf").text == ("Workers receive an end-of-service benefit, and the "
                                                      "self-employed too, for 5-\n10 days.")  # not a word


def test_it_reads_characters_beyond_the_basic_multilingual_plane():
    # A font whose map gives "$" as U+1D400 (a mathematical bold A), which PDFium counts as two characters.
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def 1 begincodespacerange "
            b"<00> <FF> endcodespacerange 1 beginbfchar <24> <D835DC00> endbfchar endcmap CMapName currentdict /CMap "
            b"defineresource pop end end")
    to_unicode = b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    content = b"BT /F1 12 Tf 72 700 Td (Article 1 $ is set bold) Tj 0 -14 Td (in the next line.) Tj ET"
    pdf = raw_pdf(content, b"<< /Font << /F1 5 0 R >> >>", font, to_unicode)
    assert read_document(pdf, "math.pdf").text == "Article 1 \U0001d400 is set bold in the next line."


def test_it_reads_the_invisible_text_that_ocr_lays_over_a_scanned_page():
    pixels = zlib.compress(bytes([200]) * 100 * 100)
    image = (b"<< /Type /XObject /Subtype /Image /Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8"
             b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels) + pixels + b"\nendstream")
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    # "3 Tr" draws the text invisibly: the page shows the scan, the text layer lets it be searched and read.
    content = (b"q 500 0 0 700 50 50 cm /Im1 Do Q BT /F1 12 Tf 3 Tr 72 700 Td (Article 7 Workers keep their) Tj "
               b"0 -14 Td (passports and identity documents.) Tj ET")
    pdf = raw_pdf(content, b"<< /XObject << /Im1 5 0 R >> /Font << /F1 6 0 R >> >>", image, font)
    assert read_document(pdf, "scan.pdf").text == "Article 7 Workers keep their passports and identity documents."


def test_it_says_a_pdf_without_a_text_layer_is_probably_a_scan():
    pdf = pdf_from_html(f"<img src='data:image/png;base64,{base64.b64encode(png()).decode()}'>")
    assert refusal(pdf, "scan.pdf") == ("scan.pdf: the PDF has no text layer (a scanned image?); run OCR on it or "
                                        "paste the text instead")


def test_it_says_when_a_pdf_draws_glyphs_that_map_to_no_characters():
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /Embedded /Encoding /Identity-H /DescendantFonts [6 0 R] >>"
    descendant = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Embedded /CIDSystemInfo << /Registry (Adobe) "
                  b"/Ordering (Identity) /Supplement 0 >> /DW 500 >>")
    pdf = raw_pdf(b"BT /F1 12 Tf 72 700 Td <0012003400560078009a00bc> Tj ET", b"<< /Font << /F1 5 0 R >> >>",
                  font, descendant)
    assert "the PDF's fonts do not say which characters they draw" in refusal(pdf, "glyphs.pdf")


def test_it_drops_the_odd_glyph_that_maps_to_no_character():
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    # \033 draws the glyph for code 27, which Helvetica's encoding maps to no character
    content = b"BT /F1 12 Tf 72 700 Td (\\033Article 1 Wages are paid monthly.) Tj ET"
    pdf = raw_pdf(content, b"<< /Font << /F1 5 0 R >> >>", font)
    assert read_document(pdf, "bullet.pdf").text == "Article 1 Wages are paid monthly."


def test_it_refuses_a_pdf_locked_with_a_password_and_reads_one_that_opens_without_one():
    pdf = pdf_from_html("<p>Article 1 Equal treatment.</p>")
    assert refusal(encrypted(pdf, "secret", "owner"), "locked.pdf") == (
        "locked.pdf: the PDF is protected by a password; upload a copy without one")
    assert read_document(encrypted(pdf, "", "owner"), "restricted.pdf").text == "Article 1 Equal treatment."


def test_it_refuses_a_pdf_encrypted_by_a_handler_it_does_not_know():
    pdf = encrypted(pdf_from_html("<p>Article 1 Equal treatment.</p>"), "", "owner").replace(b"/Standard", b"/Unknown")
    assert refusal(pdf, "custom.pdf") == ("custom.pdf: the PDF is encrypted in a way that cannot be read "
                                          "(unsupported security handler)")


def test_it_refuses_a_damaged_pdf():
    pdf = pdf_from_html("<p>Article 1 Equal treatment.</p>")
    assert refusal(pdf[:200], "cut.pdf") == "cut.pdf: not a readable PDF (damaged, or not in PDF format)"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    pageless = raw_pdf(b"BT /F1 12 Tf 72 700 Td (Article 1) Tj ET", b"<< /Font << /F1 5 0 R >> >>", font).replace(
        b"/Pages 2 0 R", b"/Other 2 0 R")
    # PDFium sets no error of its own for this one: it must not be taken for the last file's (a password)
    assert refusal(encrypted(pdf, "secret", "owner"), "locked.pdf").endswith("protected by a password; upload a copy "
                                                                             "without one")
    assert refusal(pageless, "pageless.pdf") == "pageless.pdf: not a readable PDF (damaged, or not in PDF format)"


def test_it_reads_one_pdf_at_a_time_whatever_the_thread():
    # PDFium must not be called from two threads at once, even on different files (a web server's threads): a read
    # waits for the one under way, and threads reading at once all get their texts.
    pdfs = [pdf_from_html(f"<p>Article {number} {words('w', 300)}</p>") for number in range(4)]
    expected = [read_document(pdf, "a.pdf").text for pdf in pdfs]
    results: dict[int, list[str]] = {}

    def read(number: int) -> None:
        results[number] = [read_document(pdfs[number], "a.pdf").text for _run in range(3)]
    threads = [threading.Thread(target=read, args=(number,)) for number in range(4)]
    with documents._PDFIUM:
        for thread in threads:
            thread.start()
        time.sleep(0.2)
        assert not results  # every thread waits for the lock held here
    for thread in threads:
        thread.join()
    assert [results[number] for number in range(4)] == [[text] * 3 for text in expected]


def test_it_reads_a_twenty_page_pdf_in_well_under_half_a_second():
    articles = "".join(f"<h2>Article {number}</h2><p>{words('clause', 90)}</p>" for number in range(110))
    pdf = pdf_from_html(f"<div style='columns: 2'>{articles}</div>")
    document = read_document(pdf, "long.pdf")
    assert len(document.pages) >= 20 and len(document.text) > 60_000
    timings = []
    for _run in range(3):
        started = time.perf_counter()
        read_document(pdf, "long.pdf")
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.5  # pdfminer.six took 1.3-2 s on one core


# DOCX


def test_it_reads_docx_paragraphs_and_tables_in_the_order_of_the_body():
    document = Document()
    document.add_paragraph("Article 4 Wages")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Occupation"
    table.cell(0, 2).text = "Monthly wage"
    for column, value in enumerate(("Nurse", "Care", "USD 900")):
        table.cell(1, column).text = value
    document.add_paragraph("Article 5 Rest days")
    # A content control (a form field of a ministry's template) around a paragraph of the body
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    control.append(content)
    content.append(document.add_paragraph("One day off each week.")._p)
    document.element.body.insert(len(document.element.body) - 1, control)
    text = read_document(docx_bytes(document), "wages.docx").text
    assert text == ("Article 4 Wages\nOccupation | Monthly wage\nNurse | Care | USD 900\nArticle 5 Rest days\n"
                    "One day off each week.")


def test_it_puts_back_the_list_numbers_that_word_draws():
    document = Document()
    article, item = _numbered_list(document, ("Article %1", "decimal"), ("(%2)", "lowerLetter"))
    document.add_paragraph("Preamble")
    for text, numbered in (("Scope", article), ("the worker;", item), ("the employer.", item), ("Wages", article),
                           ("paid monthly.", item)):
        numbered(document.add_paragraph(text))
    document.add_paragraph("First step", style="List Number")
    document.add_paragraph("Second step", style="List Number")
    document.add_paragraph("A point", style="List Bullet")
    assert read_document(docx_bytes(document), "numbered.docx").text == (
        "Preamble\nArticle 1 Scope\n(a) the worker;\n(b) the employer.\nArticle 2 Wages\n(a) paid monthly.\n"
        "1. First step\n2. Second step\n• A point")


def _numbered_list(document, *levels: tuple[str, str]):
    """A Word list of the given (text, format) levels, and a function that puts a paragraph at each level."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (text, fmt) in enumerate(levels):
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            level.append(child)
        abstract.append(level)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "90")
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), "90")
    num.append(abstract_id)
    numbering.append(num)

    def at(ilvl: int):
        def number(paragraph) -> None:
            properties = paragraph._p.get_or_add_pPr()
            num_pr = properties.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = 90
        return number

    return at(0), at(1)


def test_it_refuses_a_docx_it_cannot_open():
    assert refusal(b"PK\x03\x04 broken zip", "broken.docx").startswith("broken.docx: not a readable DOCX (")
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    assert refusal(stream.getvalue(), "zip.docx").startswith("zip.docx: not a readable DOCX (")


def test_it_refuses_a_docx_that_unpacks_to_far_more_than_a_document_holds():
    document = Document()
    document.add_paragraph("Article 1")
    packed = docx_bytes(document)
    stream = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(packed)) as source, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(copy.copy(info), source.read(info.filename), zipfile.ZIP_DEFLATED)
        bomb.writestr("word/media/padding.bin", b"\0" * 4_000_000, zipfile.ZIP_DEFLATED)
    data = stream.getvalue()
    assert len(data) < 100_000
    # 4 MB of zeros and python-docx's template (0.8 MB unpacked), from under 100 kB packed
    assert refusal(data, "bomb.docx", max_bytes=200_000) == (
        "bomb.docx: the DOCX unpacks to 5 MB, more than a document holds")


# Files refused before they are read


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx"])
def test_it_refuses_an_empty_file(name):
    assert refusal(b"", name) == f"{name}: the file is empty"


def test_it_refuses_a_file_with_no_text_at_all():
    assert refusal(b" \n\t\n", "blank.txt") == "blank.txt: the document holds no text"
    assert refusal(docx_bytes(Document()), "blank.docx") == "blank.docx: the document holds no text"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("photo.png", png(), "photo.png: only txt, pdf, docx documents are read"),
    ("agreement", b"Article 1", "agreement: only txt, pdf, docx documents are read"),
    ("photo.pdf", png(), "photo.pdf: the content is not a .pdf file (it looks like .png)"),
    ("report.docx", b"%PDF-1.7\n%binary", "report.docx: the content is not a .docx file (it looks like .pdf)"),
    ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "report.txt: the content is not a .txt file (it looks like .pdf)"),
    ("notes.pdf", b"Article 1 is plain text", "notes.pdf: the content is not a .pdf file"),
])
def test_it_refuses_a_file_of_another_type(name, data, message):
    assert refusal(data, name) == message


def test_it_refuses_a_file_over_the_size_limit_before_reading_it():
    huge = b"%PDF-1.7\n" + b"0" * (100 * 1024 * 1024)
    started = time.perf_counter()
    message = refusal(huge, "huge.pdf")
    assert time.perf_counter() - started < 0.5
    assert message == "huge.pdf: 100.1 MB is over the limit of 20 MB"
    assert refusal(b"Article 1 " * 200, "small.txt", max_bytes=1024) == "small.txt: 2.0 kB is over the limit of 1 kB"
