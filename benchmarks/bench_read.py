"""Reading and cleaning throughput per format, beside a plain decode and split of the same texts;
OCR of scanned pages, beside Tesseract alone on the same pages.

    .venv/bin/python -m benchmarks.bench_read [--documents 300] [--ocr-pages 4]

Writes a synthetic corpus (fictional persons) of each format to a temporary folder, reads every
file with casetrail.read.read_path and cleans every text with casetrail.clean.clean_text, in
the same run on one core. Each row is timed once without tracemalloc (documents/s, MB/s) and
once with it (peak MB). MB/s counts file bytes for reading and UTF-8 text bytes for cleaning and
for the reference, `bytes.decode("utf-8")` + `str.split()` over the texts that were cleaned.

OCR: letters of the same corpus rendered as scanned A4 pages at 300 dpi (turned, speckled,
blurred: tests/ocr/scans.py), read as PNG images and as one image-only PDF (pages/s, peak MB of
Python allocations, and the peak resident memory of a `tesseract` process); the reference is
one plain `tesseract` pass in English over the same PNG pages, without casetrail's script
detection, second pass in the page's language, boxes and confidences. Asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import tempfile
import textwrap
import time
import tracemalloc
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from pathlib import Path

import docx
from fpdf import FPDF
from rich.console import Console
from rich.table import Table
from tests.ocr.scans import image_bytes, image_only_pdf, scan_pages

from casetrail.clean import clean_text
from casetrail.read import read_path

GIVEN = ["Aidar", "Gulnara", "Serik", "Aliya", "Timur", "Zhanna", "Bakyt", "Dinara", "Marat"]
FAMILY = ["Tokhtarov", "Bekova", "Sadykov", "Abenova", "Iskakov", "Ospanova", "Kassymov"]
MEPS = ["HALVORSEN Ingrid MEP", "DE VRIES Pieter MEP", "LINDQVIST Anna MEP", "RUIZ Mateo MEP"]
SENTENCES = [
    "On {date} the {noun} {name} was arrested by officers of the security committee.",
    "{name}, a {noun}, was sentenced to {n} years in prison by the {city} city court.",
    "We call on the authorities to release {name} and all political prisoners at once.",
    "According to the lawyer of {name}, the detainee was beaten in custody and denied "
    "medical care.",
    "The authorities threatened to prosecute {name} for taking part in a peaceful rally.",
]
NOUNS = ["journalist", "blogger", "lawyer", "trade union activist", "human rights defender"]
CITIES = ["Almaty", "Aktau", "Taraz", "Shymkent", "Oral"]
Writer = Callable[[Path, str, random.Random], None]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _paragraphs(rng: random.Random) -> list[str]:
    def sentence() -> str:
        return rng.choice(SENTENCES).format(
            date=f"{rng.randint(1, 28)} May {rng.randint(2010, 2023)}",
            noun=rng.choice(NOUNS),
            name=_name(rng),
            n=rng.randint(2, 12),
            city=rng.choice(CITIES),
        )

    return [" ".join(sentence() for _ in range(rng.randint(3, 7))) for _ in range(6)]


def _write_txt(path: Path, title: str, rng: random.Random) -> None:
    """A letter as PDF-to-text tools leave it: wrapped lines, page furniture, a note block."""
    body = [textwrap.fill(p, 80) for p in _paragraphs(rng)]
    body.insert(3, "Page 1 of 2\n\n\u00b9 https://example.org/report\n\u00b2 Ibid.")
    signatures = "\n\n".join(rng.sample(MEPS, 3))
    text = f"{title}\n\n" + "\n\n".join(body) + f"\n\nYours sincerely,\n\n{signatures}\n"
    path.write_text(text, "utf-8")


def _write_md(path: Path, title: str, rng: random.Random) -> None:
    body = "\n\n".join(p.replace("Tokhtarov", "**Tokhtarov**") for p in _paragraphs(rng))
    path.write_text(f"# {title}\n\n[en](#) | [fr](#)\n\n{body}\n\n- [Report](#)\n", "utf-8")


def _write_html(path: Path, title: str, rng: random.Random) -> None:
    body = "".join(f"<p>{p}</p>\n" for p in _paragraphs(rng))
    path.write_text(
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Fictional Helsinki Committee. Cookie settings.</footer></body></html>",
        "utf-8",
    )


def _write_pdf(path: Path, title: str, rng: random.Random) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.set_title(title)
    paragraphs = _paragraphs(rng)
    for number, half in enumerate((paragraphs[:3], paragraphs[3:]), start=1):
        pdf.add_page()
        pdf.cell(0, 10, "Fictional Helsinki Committee - Briefing", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, "\n\n".join(half))
        pdf.cell(0, 10, f"Page {number} of 2", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _write_docx(path: Path, title: str, rng: random.Random) -> None:
    document = docx.Document()
    document.core_properties.title = title
    for paragraph in _paragraphs(rng):
        document.add_paragraph(paragraph)
    table = document.add_table(rows=0, cols=2)
    for _ in range(3):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = _name(rng), rng.choice(["imprisoned", "released"])
    document.save(str(path))


def _write_eml(path: Path, title: str, rng: random.Random) -> None:
    message = EmailMessage()
    message["Subject"] = title
    message["From"] = "campaigns@example.org"
    message["To"] = "minister@example.org"
    message.set_content("\n\n".join(_paragraphs(rng)))
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
    path.write_bytes(message.as_bytes())


WRITERS: dict[str, Writer] = {
    ".txt": _write_txt,
    ".md": _write_md,
    ".html": _write_html,
    ".pdf": _write_pdf,
    ".docx": _write_docx,
    ".eml": _write_eml,
}


def generate(folder: Path, count: int, seed: int = 7) -> dict[str, list[Path]]:
    rng = random.Random(seed)
    corpus: dict[str, list[Path]] = {}
    for suffix, write in WRITERS.items():
        corpus[suffix] = []
        for number in range(count):
            path = folder / f"doc{number:05d}{suffix}"
            write(path, f"Appeal for {_name(rng)}", rng)
            corpus[suffix].append(path)
    return corpus


def _measure(label: str, items: Sequence[object], size: int, work: Callable) -> list[str]:
    started = time.perf_counter()
    for item in items:
        work(item)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    for item in items:
        work(item)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return [
        label,
        f"{len(items):,}",
        f"{len(items) / elapsed:,.1f}",
        f"{size / 1e6 / elapsed:,.2f}",
        f"{peak:,.2f}",
    ]


def _tesseract_peak_mb() -> float:
    """The peak resident memory of the largest child process so far (a tesseract run)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _ocr_rows(pages: int) -> list[list[str]]:
    rng = random.Random(11)
    text = "\n\n".join(_paragraphs(rng) * pages * 2)  # over a page's worth per page
    scans = scan_pages(text)[:pages]
    with tempfile.TemporaryDirectory() as folder:
        pngs = []
        for number, page in enumerate(scans):
            pngs.append(Path(folder, f"page{number}.png"))
            pngs[-1].write_bytes(image_bytes(page))
        pdf = Path(folder, "scan.pdf")
        pdf.write_bytes(image_only_pdf(*scans))
        rows = []
        for label, items, work in (
            ("reference: tesseract -l eng", pngs, _plain_tesseract),
            ("OCR .png pages", pngs, read_path),
            ("OCR image-only .pdf", [pdf], read_path),
        ):
            started = time.perf_counter()
            for item in items:
                work(item)
            elapsed = time.perf_counter() - started
            tracemalloc.start()
            work(items[0])
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            rate, tesseract = f"{len(scans) / elapsed:.2f}", f"{_tesseract_peak_mb():,.0f}"
            rows.append([label, str(len(scans)), rate, f"{peak:,.1f}", tesseract])
    return rows


def _plain_tesseract(path: Path) -> None:
    subprocess.run(["tesseract", str(path), "-", "-l", "eng"], capture_output=True, check=True)


def _print_ocr(pages: int) -> None:
    table = Table(
        title=f"OCR of {pages} scanned A4 pages (300 dpi), one Tesseract thread",
        caption="peak MB: Python allocations while reading the first item (tracemalloc); "
        "tesseract MB: peak resident memory of a tesseract process so far",
    )
    table.add_column("stage", no_wrap=True)
    for column in ("pages", "pages/s", "peak MB", "tesseract MB"):
        table.add_column(column, justify="right")
    for row in _ocr_rows(pages):
        table.add_row(*row)
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300, help="documents per format")
    parser.add_argument("--ocr-pages", type=int, default=4, help="scanned pages to OCR (0: none)")
    args = parser.parse_args()
    rows = []
    texts: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        corpus = generate(Path(folder), args.documents)
        for suffix, paths in corpus.items():
            read_path(paths[0])  # warm up imports and caches before measuring
            size = sum(path.stat().st_size for path in paths)
            rows.append(_measure(f"read {suffix}", paths, size, read_path))
            texts.extend(read_path(path).text for path in paths)
    encoded = [text.encode() for text in texts]
    size = sum(map(len, encoded))
    clean_text(texts[0])
    rows.append(_measure("clean (the texts read)", texts, size, clean_text))
    rows.append(
        _measure(
            "reference: decode + split",
            encoded,
            size,
            lambda data: data.decode("utf-8").split(),
        )
    )
    table = Table(
        title=f"Reading and cleaning, {args.documents} documents per format, one core",
        caption="reference: bytes.decode('utf-8') + str.split() over the texts cleaned; "
        "peak MB: Python allocations (tracemalloc)",
    )
    table.add_column("stage", no_wrap=True)
    for column in ("documents", "documents/s", "MB/s", "peak MB"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    if args.ocr_pages:
        _print_ocr(args.ocr_pages)


if __name__ == "__main__":
    main()
