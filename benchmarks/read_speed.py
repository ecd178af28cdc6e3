"""Speed of reading a 20-page PDF agreement's text on one core (`grmg.documents.read_document`).

The agreement is composed from the articles of screening_speed.py (justified, hyphenated, a bold number opening
each paragraph) and printed with WeasyPrint twice: in one column (about 3,000 characters a page), and in two
columns under a full-width title (about 3,500 a page; the reading-order code then has columns to find). The
process is pinned to core 0; each figure is the median of --runs reads after one warm-up read.

    .venv/bin/python benchmarks/read_speed.py [--runs 5] [--pages 20]
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import time
from pathlib import Path

from screening_speed import ARTICLES, pdf_of  # the same agreement text, printed differently

from grmg.documents import read_document

PAGE = ("@page { size: A4; margin: 2cm } body { font: 10pt/1.35 serif; text-align: justify; hyphens: auto } "
        "p { margin: 0 0 0.4em } h2 { font-size: 10pt; margin: 0.6em 0 0.1em } "
        ".cols { columns: 2; column-gap: 0.6cm }")


def agreement_html(pages: int, columns: bool) -> str:
    """An agreement of about `pages` pages, its articles numbered in turn (two columns hold more on a page)."""
    parts = []
    size, number = 0, 0
    while size < pages * (3550 if columns else 3000):
        title, body = ARTICLES[number % len(ARTICLES)]
        number += 1
        parts.append(f"<h2>Article {number}. {html.escape(title)}</h2><p><b>{number}.</b> {html.escape(body)}</p>")
        size += len(title) + len(body) + 20
    title = ("<h1>Agreement between the Government of the Sending State and the Government of the Receiving State "
             "on the recruitment, placement and protection of migrant workers</h1>")
    body = f"<div class='cols'>{''.join(parts)}</div>" if columns else "".join(parts)
    return f"<html lang='en'><head><style>{PAGE}</style></head><body>{title}{body}</body></html>"


def median_read(data: bytes, runs: int) -> float:
    """The median time of `runs` reads of the PDF, after one warm-up read, in seconds."""
    read_document(data, "agreement.pdf")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_document(data, "agreement.pdf")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Build both PDFs, time reading them on core 0 and print the figures."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=20)
    options = parser.parse_args(argv)
    os.sched_setaffinity(0, {0})
    print(f"command: {Path(sys.executable).name} benchmarks/read_speed.py --runs {options.runs} "
          f"--pages {options.pages}")
    print(f"\n| one core | PDF pages | characters | median of {options.runs} reads (s) |\n|---|---:|---:|---:|")
    for label, columns in (("one column", False), ("two columns", True)):
        data = pdf_of(agreement_html(options.pages, columns))
        document = read_document(data, "agreement.pdf")
        seconds = median_read(data, options.runs)
        print(f"| {label} | {len(document.pages)} | {len(document.text):,} | {seconds:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
