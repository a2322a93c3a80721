"""OCR: the text of page images through Tesseract, keeping each word's page box and confidence.

Tesseract is Debian's `tesseract-ocr` with its language packs, driven through pytesseract: it
runs the `tesseract` program, so a page that takes too long is killed at its time limit (an
in-process binding could not be interrupted), and Debian's packaged Tesseract is used as is.

A page is read in the language of its text, found in two steps: Tesseract's script detection
(OSD, which also finds a page scanned sideways or upside down) picks the first pass's language
(Latin: English, Cyrillic: Russian); the language detector then reads that pass's text and,
when it names another language of the same script (French, Kazakh...), the page is read again
in it.

A page is read as one block of text (Tesseract's page segmentation mode 6): in automatic
layout analysis (mode 3) a speckled or blurred scan loses whole paragraphs, taken for
pictures, and a lost paragraph is a lost fact; a letter, statement or verdict is one column.
A page's words are joined by spaces, its lines by newlines and its paragraphs (told by the
space between lines) by a blank line, so the cleaner sees the layout it knows from PDF text.

Limits, so that no file hangs a run: a page image over MAX_PAGE_PIXELS is refused, a file with
more pages to read than `OcrSettings.max_pages` too, and a page that takes longer than
`OcrSettings.page_seconds` fails the file with a clear reason. Both settings come from the
environment (CASETRAIL_OCR_PAGE_SECONDS, CASETRAIL_OCR_MAX_PAGES; the command line's
--ocr-page-seconds and --ocr-max-pages set them), so that worker processes see them too.
"""

from __future__ import annotations

import io
import itertools
import math
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import pypdfium2
import pytesseract
from PIL import Image

from casetrail.domain import Box, OcrLayer, OcrPage, OcrWord
from casetrail.languages import detect_language
from casetrail.read.base import PAGE_BREAK, ReadError

# A4 at 600 dpi is 35 million pixels; beyond 60 million a "page" is a decompression bomb.
MAX_PAGE_PIXELS = 60_000_000
# PDF pages are rendered at 300 dpi, Tesseract's best resolution for printed text, and never
# below 150 dpi (a page too large for that within MAX_PAGE_PIXELS is refused).
RENDER_DPI = 300
MIN_RENDER_DPI = 150

# Tesseract's language for each language the detector knows, and the languages of each script.
TESSERACT_LANGUAGE = {
    "en": "eng",
    "ru": "rus",
    "kk": "kaz",
    "fr": "fra",
    "de": "deu",
    "nl": "nld",
    "pl": "pol",
}
_SCRIPTS = {
    "Latin": ("eng", frozenset({"eng", "fra", "deu", "nld", "pol"})),
    "Cyrillic": ("rus", frozenset({"rus", "kaz"})),
}
_UNKNOWN_SCRIPT = "eng+rus"  # too little text for OSD: read both alphabets
_MIN_OSD_CONFIDENCE = 2.0
PARAGRAPH_STEP = 1.4  # below it, OSD's orientation is a guess: keep the page as it is

# One thread per Tesseract run: the parallelism is across documents (ingest's workers), and
# Tesseract's OpenMP threads spin against each other and other work on a busy machine (a page
# takes four times as long on two shared cores). The `tesseract` processes inherit it.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

PAGE_SECONDS_VARIABLE = "CASETRAIL_OCR_PAGE_SECONDS"
MAX_PAGES_VARIABLE = "CASETRAIL_OCR_MAX_PAGES"


@dataclass(frozen=True, slots=True)
class OcrSettings:
    page_seconds: float = 60.0  # per page, all passes together
    max_pages: int = 100  # pages to OCR in one file

    @classmethod
    def from_environment(cls) -> OcrSettings:
        """The settings the environment gives, the defaults for those it does not."""
        default = cls()
        try:
            seconds = float(os.environ.get(PAGE_SECONDS_VARIABLE, default.page_seconds))
            pages = int(os.environ.get(MAX_PAGES_VARIABLE, default.max_pages))
        except ValueError as exc:
            raise ReadError("settings", f"bad OCR setting in the environment: {exc}") from exc
        return cls(seconds, pages)

    def to_environment(self) -> None:
        """Make these the settings of this process and of the processes it starts."""
        os.environ[PAGE_SECONDS_VARIABLE] = f"{self.page_seconds:g}"
        os.environ[MAX_PAGES_VARIABLE] = str(self.max_pages)


@dataclass(slots=True)
class PageText:
    """One page's OCR text, its words with offsets into that text, and the page."""

    text: str
    words: list[OcrWord]
    page: OcrPage


def check_page_count(source: str, pages: int, settings: OcrSettings) -> None:
    if pages > settings.max_pages:
        raise ReadError(
            source,
            f"{pages} pages to OCR, over the limit of {settings.max_pages}"
            f" (--ocr-max-pages or {MAX_PAGES_VARIABLE})",
        )


def check_pixels(source: str, width: int, height: int, page: int) -> None:
    if width * height > MAX_PAGE_PIXELS:
        raise ReadError(
            source,
            f"page {page} is {width}×{height} pixels, over the limit of"
            f" {MAX_PAGE_PIXELS // 1_000_000} million (an image bomb?)",
        )


@cache
def _installed_languages() -> frozenset[str]:
    return frozenset(pytesseract.get_languages(config=""))


@dataclass(frozen=True, slots=True)
class _Budget:
    """One page's time: every Tesseract call on it gets what is left."""

    source: str
    page: int
    seconds: float
    deadline: float

    def run(self, call, *args, **kwargs):
        """`call` within the time left; Tesseract's absence and timeout as ReadErrors."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.too_slow()
        try:
            return call(*args, timeout=left, **kwargs)
        except pytesseract.TesseractNotFoundError as exc:
            raise ReadError(
                self.source, "OCR needs Tesseract: install Debian's tesseract-ocr (see README)"
            ) from exc
        except RuntimeError as exc:  # pytesseract's timeout
            if "timeout" in str(exc).lower():
                raise self.too_slow() from exc
            raise

    def too_slow(self) -> ReadError:
        return ReadError(
            self.source,
            f"OCR of page {self.page} took longer than {self.seconds:g} s"
            f" (--ocr-page-seconds or {PAGE_SECONDS_VARIABLE})",
        )


def _orientation(image: Image.Image, budget: _Budget) -> tuple[str | None, int]:
    """(script, degrees to turn the page counter-clockwise to set it upright); (None, 0)
    when the page has too little text for OSD to tell."""
    try:
        osd = budget.run(pytesseract.image_to_osd, image, output_type=pytesseract.Output.DICT)
    except pytesseract.TesseractError:  # "Too few characters", an empty page
        return None, 0
    if osd["orientation_conf"] < _MIN_OSD_CONFIDENCE:
        return osd["script"], 0
    return osd["script"], (360 - osd["rotate"]) % 360  # OSD counts clockwise


def _recognise(image: Image.Image, page: OcrPage, budget: _Budget) -> tuple[str, list[OcrWord]]:
    data = budget.run(
        pytesseract.image_to_data,
        image,
        lang=page.language,
        config="--psm 6",
        output_type=pytesseract.Output.DICT,
    )
    lines: dict[tuple[int, int, int], list[tuple[str, Box, float]]] = {}
    for index, word in enumerate(data["text"]):
        if data["level"][index] == 5 and word.strip():
            line = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            box = tuple(data[key][index] for key in ("left", "top", "width", "height"))
            lines.setdefault(line, []).append((word.strip(), box, float(data["conf"][index])))
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    for separator, line in _with_separators(list(lines.values())):
        for position, (word, box, confidence) in enumerate(line):
            if position:
                separator = " "
            parts += [separator, word]
            length += len(separator)
            words.append(OcrWord(length, length + len(word), page.number, box, confidence))
            length += len(word)
    return "".join(parts), words


def _with_separators(lines: list[list[tuple[str, Box, float]]]):
    """Each line with what goes before it: nothing, a newline, or a blank line where the step
    down from the line above is over PARAGRAPH_STEP times the usual one. (Tesseract's own
    paragraphs split paragraphs and join a closing line to the one above too often.) Lines are
    measured at their first word's foot, which a slightly skewed scan does not move much."""
    feet = [line[0][1][1] + line[0][1][3] for line in lines]
    steps = sorted(b - a for a, b in itertools.pairwise(feet) if b > a)
    usual = steps[len(steps) // 3] if steps else 0  # most steps are within paragraphs
    for index, line in enumerate(lines):
        if not index:
            yield "", line
            continue
        step = feet[index] - feet[index - 1]
        yield "\n\n" if step <= 0 or step > PARAGRAPH_STEP * usual else "\n", line


def ocr_page(source: str, image: Image.Image, number: int, settings: OcrSettings) -> PageText:
    """Read one page image (`number` counts from 1) in its own language."""
    check_pixels(source, image.width, image.height, number)
    seconds = settings.page_seconds
    budget = _Budget(source, number, seconds, time.monotonic() + seconds)
    image = image.convert("L")
    script, rotate = _orientation(image, budget)
    if rotate:
        image = image.rotate(rotate, expand=True)
    first, candidates = _SCRIPTS.get(script, (_UNKNOWN_SCRIPT, frozenset()))
    installed = _installed_languages()
    if not set(first.split("+")) <= installed:
        raise ReadError(source, f"OCR needs Tesseract's {first} language data (see README)")
    page = OcrPage(number, image.width, image.height, first, rotate)
    text, words = _recognise(image, page, budget)
    better = TESSERACT_LANGUAGE.get(detect_language(text) or "")
    if better and better != first and better in candidates & installed:
        page = OcrPage(number, image.width, image.height, better, rotate)
        text, words = _recognise(image, page, budget)
    return PageText(text, words, page)


def join_pages(pages: Sequence[str | PageText]) -> tuple[str, OcrLayer | None]:
    """The pages' texts joined by PAGE_BREAK, and the OCR layer of those read by OCR (None if
    none was) with word offsets into the joined text."""
    parts: list[str] = []
    layer = OcrLayer()
    offset = 0
    for index, page in enumerate(pages):
        if index:
            parts.append(PAGE_BREAK)
            offset += len(PAGE_BREAK)
        if isinstance(page, PageText):
            layer.pages.append(page.page)
            layer.words.extend(
                OcrWord(w.start + offset, w.end + offset, w.page, w.box, w.confidence)
                for w in page.words
            )
            page = page.text
        parts.append(page)
        offset += len(page)
    return "".join(parts), layer if layer.pages else None


def pdf_page_image(pdf: pypdfium2.PdfDocument, source: str, index: int) -> Image.Image:
    """PDF page `index` (from 0) as a grayscale image at RENDER_DPI (less for a huge page)."""
    page = pdf[index]
    points_wide, points_high = page.get_size()
    scale = RENDER_DPI / 72
    if points_wide * points_high * scale * scale > MAX_PAGE_PIXELS:
        scale = math.sqrt(MAX_PAGE_PIXELS / (points_wide * points_high))
        if scale < MIN_RENDER_DPI / 72:
            inches = f"{points_wide / 72:.0f}×{points_high / 72:.0f} inches"
            raise ReadError(source, f"page {index + 1} is {inches}: too large to OCR")
    return page.render(scale=scale, grayscale=True).to_pil()


def image_frames(image: Image.Image, source: str) -> Iterable[Image.Image]:
    """Each frame of an image file (the pages of a multi-page TIFF), checked for size first."""
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        check_pixels(source, image.width, image.height, index + 1)
        yield image


def page_image(content: bytes, media_type: str, page: OcrPage) -> Image.Image:
    """The image a page was read from, upright as its boxes are (for showing evidence on it)."""
    source = "stored file"
    if media_type == "application/pdf":
        image = pdf_page_image(pypdfium2.PdfDocument(content), source, page.number - 1)
    else:
        frames = image_frames(Image.open(io.BytesIO(content)), source)
        image = next(f for n, f in enumerate(frames, 1) if n == page.number).convert("L")
    if page.rotation:
        image = image.rotate(page.rotation, expand=True)
    size = (page.width, page.height)
    return image if image.size == size else image.resize(size)
