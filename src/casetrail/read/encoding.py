"""Bytes to text: byte-order mark, then strict UTF-8, then a declared charset, then detection."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from casetrail.read.base import ReadError

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never occur in real text (tab, newlines and form feed do).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f]")
MAX_CONTROL_SHARE = 0.01


def looks_like_text(text: str) -> bool:
    """False for the result of decoding binary data (NULs and other control characters)."""
    return len(_CONTROL_CHARS.findall(text)) <= MAX_CONTROL_SHARE * len(text)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def _try(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, ValueError):
        return None
    return text if looks_like_text(text) else None


def decode_text(data: bytes, name: str, declared: str | None = None) -> tuple[str, str]:
    """The text of `data` and the encoding used; ReadError when no encoding gives text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _try(data, encoding)
            if text is not None:
                return text, encoding
            break
    for encoding in dict.fromkeys(e for e in ("utf-8", _codec(declared)) if e):
        text = _try(data, encoding)
        if text is not None:
            return text, encoding
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        text = str(best)
        if looks_like_text(text):
            return text, best.encoding
    if len(_CONTROL_BYTES.findall(data[:65536])) > MAX_CONTROL_SHARE * min(len(data), 65536):
        raise ReadError(name, "binary data, not text")
    raise ReadError(name, "undecodable bytes: no text encoding fits")
