"""E-mail (.eml): the text/plain body, else the HTML body through the HTML extraction.

Attachments are not read; their names are listed in metadata["attachments"].
"""

from __future__ import annotations

import email
from dataclasses import dataclass
from email import policy

from casetrail.read.base import ReaderResult, ReadError, failures_as_read_error, one_line
from casetrail.read.encoding import decode_text
from casetrail.read.html import html_to_text

_METADATA_HEADERS = ("from", "to", "cc", "date", "message-id")


@dataclass(frozen=True, slots=True)
class EmailReader:
    suffixes: frozenset[str] = frozenset({".eml"})
    media_type: str = "message/rfc822"

    def read(self, data: bytes, file_name: str) -> ReaderResult:
        with failures_as_read_error(file_name, "unreadable e-mail"):
            message = email.message_from_bytes(data, policy=policy.default)
            if not message.keys():
                raise ReadError(file_name, "not an e-mail message: no headers")
            metadata = {
                header: one_line(str(message[header]))
                for header in _METADATA_HEADERS
                if message[header]
            }
            body = message.get_body(preferencelist=("plain", "html"))
            attachments = [
                part.get_filename() or part.get_content_type()
                for part in message.walk()
                if part is not body and part.is_attachment()
            ]
            if attachments:
                metadata["attachments"] = ", ".join(attachments)
            if body is None:
                raise ReadError(file_name, "e-mail has no text body")
            payload = body.get_payload(decode=True) or b""
            text, encoding = decode_text(payload, file_name, body.get_content_charset())
            if body.get_content_type() == "text/html":
                text = html_to_text(text, file_name).text
            title = one_line(str(message["subject"] or "")) or None
        return ReaderResult(text, title, encoding, metadata)


EML = EmailReader()
