"""HTML to PDF with WeasyPrint, with a clear message where the system lacks the libraries it needs."""

from __future__ import annotations

from django.utils.translation import gettext as _


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here: the message says what to install."""


def html_to_pdf(html: str) -> bytes:
    """Render a standalone HTML document (inline styles and SVG) to PDF."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads Pango when imported
        raise PdfUnavailable(_("PDF output needs the Pango library (Debian: apt-get install libpango-1.0-0 "
                               "libpangoft2-1.0-0): %s") % exc) from None
    return bytes(HTML(string=html).write_pdf())
