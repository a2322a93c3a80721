"""Reading documents: files of each supported format to RawDocuments with their original text.

Readers are components registered by suffix (see `registry`); the built-ins are registered
like any other. A RawDocument's text is the file's decoded text (.txt, .md) or the text a
library extracted (HTML main content, the PDF text layer with pages joined by "\n\f\n",
.docx paragraphs and tables, an e-mail's body). Every failure is a ReadError with a reason a
person can act on.
"""

from casetrail.read.base import Reader, ReaderResult, ReadError
from casetrail.read.files import (
    DEFAULT_MAX_BYTES,
    file_bytes,
    iter_files,
    read_bytes,
    read_path,
)
from casetrail.read.registry import register, supported_suffixes

SUPPORTED_SUFFIXES: frozenset[str] = supported_suffixes()

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReadError",
    "Reader",
    "ReaderResult",
    "file_bytes",
    "iter_files",
    "read_bytes",
    "read_path",
    "register",
]
