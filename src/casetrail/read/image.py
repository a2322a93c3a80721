"""Images (PNG, JPEG, TIFF): scans and photographs of documents, read by OCR page by page.

A multi-page TIFF is a document of several pages. Pillow reads only the header before the
size check, so an image bomb (huge dimensions in a small file) is refused unread.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image

from casetrail.read.base import ReaderResult, ReadError, failures_as_read_error
from casetrail.read.ocr import OcrSettings, check_page_count, image_frames, join_pages, ocr_page


@dataclass(frozen=True, slots=True)
class ImageReader:
    suffixes: frozenset[str]
    media_type: str
    format: str  # Pillow's name of the format

    def read(self, data: bytes, file_name: str) -> ReaderResult:
        settings = OcrSettings.from_environment()
        try:
            with warnings.catch_warnings():  # our own, lower limit is checked below
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data), formats=[self.format])
        except Image.DecompressionBombError as exc:
            raise ReadError(file_name, f"image too large (an image bomb?): {exc}") from exc
        except Exception as exc:  # Pillow raises anything on damaged input
            raise ReadError(file_name, f"not a readable {self.format} image") from exc
        with image:
            check_page_count(file_name, getattr(image, "n_frames", 1), settings)
            pages = []
            for number, frame in enumerate(image_frames(image, file_name), 1):
                with failures_as_read_error(file_name, f"corrupt {self.format} image"):
                    frame.load()
                pages.append(ocr_page(file_name, frame, number, settings))
        text, layer = join_pages(pages)
        if not text.strip():
            raise ReadError(file_name, "OCR found no text in the image")
        return ReaderResult(text, None, None, {"pages": str(len(pages))}, ocr=layer)


PNG = ImageReader(frozenset({".png"}), "image/png", "PNG")
JPEG = ImageReader(frozenset({".jpg", ".jpeg"}), "image/jpeg", "JPEG")
TIFF = ImageReader(frozenset({".tif", ".tiff"}), "image/tiff", "TIFF")
