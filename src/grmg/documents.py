"""Text out of documents: plain text, PDF (pypdf) and DOCX (python-docx). Pure Python: no Django."""

from __future__ import annotations

import io

from docx import Document
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from grmg.core.i18n import _

TEXT_DOCUMENT_TYPES = ("txt", "pdf", "docx")


class DocumentError(ValueError):
    """A document whose text cannot be read; the message says why in one line."""


def extract_text(data: bytes, extension: str, name: str) -> str:
    """The text of a .txt, .pdf or .docx document."""
    if extension == "txt":
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentError(_("%s: not UTF-8 text") % name) from None
    if extension == "pdf":
        return _pdf_text(data, name)
    if extension == "docx":
        return _docx_text(data, name)
    raise DocumentError(_("%(name)s: only %(types)s documents are read") % {
        "name": name, "types": ", ".join(TEXT_DOCUMENT_TYPES)})


def _pdf_text(data: bytes, name: str) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(_("%s: the PDF is encrypted; upload an unprotected copy") % name)
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as exc:
        if isinstance(exc, DocumentError):
            raise
        raise DocumentError(_("%(name)s: not a readable PDF (%(why)s)") % {"name": name, "why": exc}) from None
    text = "\n\n".join(pages).strip()
    if not text:
        raise DocumentError(_("%s: the PDF has no text layer (a scan?); paste the text instead") % name)
    return text


def _docx_text(data: bytes, name: str) -> str:
    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a document
        raise DocumentError(_("%(name)s: not a readable DOCX (%(why)s)") % {"name": name, "why": exc}) from None
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part.strip())
