"""Scanned pages made from a text, as a scanner or a phone camera would give them: the text
rendered on an A4 page at 300 dpi, turned slightly, speckled and blurred."""

from __future__ import annotations

import io
import random
import textwrap

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # Debian's fonts-dejavu-core
A4_300_DPI = (2480, 3508)


LINES_PER_PAGE = 64


def scan_pages(
    text: str, *, angle: float = 1.2, specks: int = 20_000, blur: float = 1.0, seed: int = 1
) -> list[Image.Image]:
    """The text as grayscale scanned pages, LINES_PER_PAGE lines a page."""
    lines = [
        line for paragraph in text.split("\n") for line in textwrap.wrap(paragraph, 95) or [""]
    ]
    rng = random.Random(seed)
    font = ImageFont.truetype(FONT, 34)
    pages = []
    for first in range(0, len(lines), LINES_PER_PAGE):
        page = Image.new("L", A4_300_DPI, 255)
        draw = ImageDraw.Draw(page)
        for row, line in enumerate(lines[first : first + LINES_PER_PAGE]):
            draw.text((200, 200 + 48 * row), line, font=font, fill=0)
        page = page.rotate(angle, fillcolor=255, resample=Image.Resampling.BICUBIC)
        pixels = page.load()
        for _ in range(specks):
            pixels[rng.randrange(page.width), rng.randrange(page.height)] = rng.choice((0, 128))
        pages.append(page.filter(ImageFilter.GaussianBlur(blur)))
    return pages


def scan(text: str, **noise: float) -> Image.Image:
    """A text of one page as a scanned page."""
    [page] = scan_pages(text, **noise)
    return page


def image_bytes(image: Image.Image, image_format: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, image_format)
    return out.getvalue()


def image_only_pdf(*pages: Image.Image | str) -> bytes:
    """A PDF of the pages: an image is a scanned page (no text layer), a string a page with
    a text layer."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=FONT)
    for page in pages:
        pdf.add_page()
        if isinstance(page, str):
            pdf.set_font("DejaVu", size=11)
            pdf.multi_cell(0, 6, page)
        else:
            pdf.image(io.BytesIO(image_bytes(page)), x=0, y=0, w=pdf.w, h=pdf.h)
    return bytes(pdf.output())
