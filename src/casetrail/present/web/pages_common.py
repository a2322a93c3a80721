"""What the page modules share: the pager of a listing and the links to persons and to
the evidence in a document's text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request

from casetrail.present.web.highlight import EVIDENCE

PER_PAGE = 50
MAX_PER_PAGE = 500


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of a listing stands, with the links to its neighbours."""

    number: int
    per_page: int
    total: int
    previous: str | None
    next: str | None

    @property
    def first(self) -> int:
        return min((self.number - 1) * self.per_page + 1, self.total)

    @property
    def last(self) -> int:
        return min(self.number * self.per_page, self.total)


def pager(path: str, filters: dict[str, Any], number: int, per_page: int, total: int) -> Pager:
    """The pager of page `number`; its links keep the filters that are set."""

    def link(page: int) -> str:
        kept = {name: value for name, value in filters.items() if value not in (None, "")}
        return f"{path}?{urlencode(kept | {'page': page, 'per_page': per_page})}"

    return linked_pager(number, per_page, total, link)


def linked_pager(number: int, per_page: int, total: int, link: Callable[[int], str]) -> Pager:
    """The pager of page `number`, with `link(page)` to the pages before and after it."""
    has_next = number * per_page < total
    return Pager(
        number,
        per_page,
        total,
        link(number - 1) if number > 1 else None,
        link(number + 1) if has_next else None,
    )


def person_href(person_id: str | None) -> str | None:
    return None if person_id is None else f"/persons/{quote(person_id, safe='')}"


def evidence_href(document_id: int, start: int, end: int) -> str:
    """The link to a span of a document's text, highlighted and scrolled to."""
    return f"/documents/{document_id}?start={start}&end={end}#{EVIDENCE}"


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _quality(accept: str, wanted: tuple[str, ...]) -> float:
    """The highest weight the Accept header gives to any of the `wanted` media ranges."""
    best = 0.0
    for item in accept.split(","):
        media_range, *parameters = (part.strip() for part in item.split(";"))
        if media_range.lower() not in wanted:
            continue
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        best = max(best, weight)
    return best


def wants_json(request: Request) -> bool:
    """Under /api, or when the client prefers JSON to HTML (`*/*` alone means HTML)."""
    if is_api(request):
        return True
    accept = request.headers.get("accept", "")
    return _quality(accept, ("application/json", "application/*")) > _quality(
        accept, ("text/html", "text/*")
    )
