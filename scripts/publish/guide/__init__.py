"""The print guide: Document -> HTML (the theme's Jinja2 templates) -> PDF (WeasyPrint).

    html.py               Document -> HTML, one template macro per block type
    pdf.py                HTML -> PDF: sandboxed fetching, one layout, findings read from it
    weasyprint_fixes/     guarded workarounds for WeasyPrint, pydyf and cffi, installed by write_pdf

Only pdf.py imports WeasyPrint, so an HTML build does not pay for it.
"""

from __future__ import annotations

from pathlib import Path

from publish.guide.html import render_html, render_parts, write_html
from publish.job import Job, WriteResult

__all__ = ["render_html", "write_html", "write_pdf"]


def write_pdf(job: Job, target: Path) -> WriteResult:
    """Render the guide's HTML once with WeasyPrint; units are pages."""
    from publish.guide import weasyprint_fixes

    weasyprint_fixes.install()
    from publish.guide.pdf import render_pdf

    html, css, diagnostics = render_parts(job, target.parent)
    pages, found = render_pdf(job, html, css, target)
    return WriteResult(pages, diagnostics + found)
