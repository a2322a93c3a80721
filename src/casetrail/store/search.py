"""Full-text search over documents' titles and cleaned texts, one backend per dialect.

The structures a backend uses (the `document_search` table) are created by the migrations;
a backend only fills, empties and queries them, inside the caller's transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Connection, text

SEARCH_TABLE = "document_search"

Markers = tuple[str, str]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A matching document; `rank` is higher for better hits, comparable within one search."""

    document_id: int
    title: str | None
    snippet: str  # a passage of the cleaned text (or the title), hits between the markers
    rank: float


class SearchBackend(Protocol):
    def index(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        """Make a stored document findable."""

    def remove(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        """Forget a document; `title` and `text` must be those it was indexed with."""

    def search(self, conn: Connection, query: str, limit: int, markers: Markers) -> list[SearchHit]:
        """The best `limit` documents for a user's query; never raises on the query's text."""


_WORD = re.compile(r"[^\W_]+")


def fts5_query(query: str) -> str:
    """The words of a user's query as quoted FTS5 strings, all required.

    Quoting every word keeps operators, quotes, `*`, `-`, `^`, `:` and brackets in the input
    away from FTS5's query syntax, so any input is a valid query.
    """
    return " ".join(f'"{word}"' for word in _WORD.findall(query))


_FTS5_INSERT = text(
    f"INSERT INTO {SEARCH_TABLE} (rowid, title, clean_text) VALUES (:id, :title, :text)"
)
# External-content FTS5 tables forget a row through this command, given its indexed values.
_FTS5_DELETE = text(
    f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, title, clean_text)"
    " VALUES ('delete', :id, :title, :text)"
)
# bm25 is lower for better hits; a hit in the title weighs as much as five in the text.
_FTS5_SEARCH = text(
    f"""
    SELECT d.id, d.title,
           snippet({SEARCH_TABLE}, -1, :start, :end, '…', 24) AS snippet,
           -bm25({SEARCH_TABLE}, 5.0, 1.0) AS rank
    FROM {SEARCH_TABLE} JOIN documents AS d ON d.id = {SEARCH_TABLE}.rowid
    WHERE {SEARCH_TABLE} MATCH :query
    ORDER BY rank DESC, d.id
    LIMIT :limit
    """
)


class SqliteFts5Search:
    """SQLite FTS5 over `documents` as external content: the index holds no copy of the text."""

    def index(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        conn.execute(_FTS5_INSERT, {"id": document_id, "title": title, "text": text})

    def remove(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        conn.execute(_FTS5_DELETE, {"id": document_id, "title": title, "text": text})

    def search(self, conn: Connection, query: str, limit: int, markers: Markers) -> list[SearchHit]:
        match = fts5_query(query)
        if not match:
            return []
        start, end = markers
        rows = conn.execute(
            _FTS5_SEARCH, {"query": match, "start": start, "end": end, "limit": limit}
        )
        return [SearchHit(*row) for row in rows]


_PG_INDEX = text(
    f"""
    INSERT INTO {SEARCH_TABLE} (document_id, vector)
    VALUES (:id, setweight(to_tsvector('simple', coalesce(:title, '')), 'A')
                 || setweight(to_tsvector('simple', :text), 'B'))
    """
)
_PG_REMOVE = text(f"DELETE FROM {SEARCH_TABLE} WHERE document_id = :id")
# Headlines are costly: rank first, then build them for the returned rows only.
_PG_SEARCH = text(
    f"""
    WITH query AS (SELECT websearch_to_tsquery('simple', :query) AS q),
    hits AS (
        SELECT s.document_id, ts_rank(s.vector, query.q) AS rank
        FROM {SEARCH_TABLE} AS s, query
        WHERE s.vector @@ query.q
        ORDER BY rank DESC, s.document_id
        LIMIT :limit
    )
    SELECT d.id, d.title, ts_headline('simple', d.clean_text, query.q, :options), hits.rank
    FROM hits JOIN documents AS d ON d.id = hits.document_id CROSS JOIN query
    ORDER BY hits.rank DESC, d.id
    """
)


def _headline_option(value: str) -> str:
    # ts_headline's option parser reads single-quoted values with '' for a quote.
    return "'" + value.replace("'", "''") + "'"


class PostgresFullTextSearch:
    """PostgreSQL: a weighted tsvector (title A, text B) per document under a GIN index."""

    def index(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        conn.execute(_PG_INDEX, {"id": document_id, "title": title, "text": text})

    def remove(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        conn.execute(_PG_REMOVE, {"id": document_id})

    def search(self, conn: Connection, query: str, limit: int, markers: Markers) -> list[SearchHit]:
        # websearch_to_tsquery accepts any text, but PostgreSQL text cannot hold NUL, nor
        # UTF-8 lone surrogates (which Python lets undecodable command-line bytes become).
        query = query.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8")
        if not query.strip():
            return []
        start, end = markers
        options = f"StartSel={_headline_option(start)}, StopSel={_headline_option(end)}"
        rows = conn.execute(_PG_SEARCH, {"query": query, "limit": limit, "options": options})
        return [SearchHit(*row) for row in rows]


SEARCH_BACKENDS: dict[str, SearchBackend] = {
    "sqlite": SqliteFts5Search(),
    "postgresql": PostgresFullTextSearch(),
}
