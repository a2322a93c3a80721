"""Full-text search over documents' titles and cleaned texts, one backend per dialect.

The structures a backend uses (the `document_search` table) are created by the migrations;
a backend only fills, empties and queries them, inside the caller's transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import snowballstemmer
from sqlalchemy import Connection, text

from casetrail.languages.pack import available_languages, pack

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


# A shorter stem would find unrelated words ("tri" for "tried").
_MIN_STEM = 4


@cache
def _stemmers() -> tuple[snowballstemmer.Stemmer, ...]:
    """The Snowball stemmers of the language packs."""
    names = dict.fromkeys(pack(code).search_stemmer for code in available_languages())
    return tuple(snowballstemmer.stemmer(name) for name in names)


def stem_prefix(word: str) -> str | None:
    """The shortest stem the language packs' stemmers give a word that is a beginning of
    it: the words starting with it are its other forms ("соколовой", "соколову" for
    "соколова"). None when no stem is shorter than the word (or long enough to be safe)."""
    lower = word.lower()
    stems = [stemmer.stemWord(lower) for stemmer in _stemmers()]
    prefixes = [s for s in stems if _MIN_STEM <= len(s) < len(lower) and lower.startswith(s)]
    return min(prefixes, key=len, default=None)


def fts5_query(query: str) -> str:
    """The words of a user's query as quoted FTS5 strings, all required, each also as the
    prefix of its stem (so that inflected forms match).

    Quoting every word keeps operators, quotes, `*`, `-`, `^`, `:` and brackets in the input
    away from FTS5's query syntax, so any input is a valid query.
    """
    terms = []
    for word in _WORD.findall(query):
        stem = stem_prefix(word)
        terms.append(f'("{word}" OR "{stem}"*)' if stem else f'"{word}"')
    return " AND ".join(terms)


_FTS5_INSERT = text(
    f"INSERT INTO {SEARCH_TABLE} (rowid, title, clean_text) VALUES (:id, :title, :text)"
)
# External-content FTS5 tables forget a row through this command, given its indexed values.
_FTS5_DELETE = text(
    f"INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, title, clean_text)"
    " VALUES ('delete', :id, :title, :text)"
)
# Ranking reads every match: a word in most documents would cost seconds at 100,000. Only
# the most recently stored RANKED documents holding the words are ranked (all, below that).
RANKED = 5000
# The rowid from which on the newest RANKED matches lie (none: fewer match).
_FTS5_BOUND = text(
    f"""
    SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :query
    ORDER BY rowid DESC LIMIT 1 OFFSET :ranked
    """
)
# bm25 is lower for better hits; a hit in the title weighs as much as five in the text. With
# ORDER BY rank, FTS5 sorts the matches itself and SQLite makes the snippets of the rows
# returned only (ORDER BY an expression would make one for every match); their titles are
# read from `documents` (the external content) with their texts.
_FTS5_SEARCH = text(
    f"""
    SELECT rowid, title, snippet({SEARCH_TABLE}, -1, :start, :end, '…', 24), -rank
    FROM {SEARCH_TABLE}
    WHERE {SEARCH_TABLE} MATCH :query AND rank MATCH 'bm25(5.0, 1.0)' AND rowid > :bound
    ORDER BY rank
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
        bound = conn.execute(_FTS5_BOUND, {"query": match, "ranked": RANKED}).scalar() or 0
        start, end = markers
        values = {"query": match, "start": start, "end": end, "bound": bound, "limit": limit}
        hits = [SearchHit(*row) for row in conn.execute(_FTS5_SEARCH, values)]
        return sorted(hits, key=lambda hit: (-hit.rank, hit.document_id))


# The words as written, without their diacritics: 'simple' behind 'unaccent' (migration 0010).
PG_SEARCH_CONFIG = "casetrail_search"
_PG_INDEX = text(
    f"""
    INSERT INTO {SEARCH_TABLE} (document_id, vector)
    VALUES (:id, setweight(to_tsvector('{PG_SEARCH_CONFIG}', coalesce(:title, '')), 'A')
                 || setweight(to_tsvector('{PG_SEARCH_CONFIG}', :text), 'B'))
    """
)
# Headlines are costly: rank first (the newest RANKED matches, as on SQLite), then build
# them for the returned rows only.
_PG_SEARCH = text(
    f"""
    WITH query AS (SELECT to_tsquery('{PG_SEARCH_CONFIG}', :query) AS q),
    recent AS (
        SELECT s.document_id FROM {SEARCH_TABLE} AS s, query
        WHERE s.vector @@ query.q
        ORDER BY s.document_id DESC
        LIMIT :ranked
    ),
    hits AS (
        SELECT s.document_id, ts_rank(s.vector, query.q) AS rank
        FROM {SEARCH_TABLE} AS s JOIN recent USING (document_id), query
        ORDER BY rank DESC, s.document_id
        LIMIT :limit
    )
    SELECT d.id, d.title, ts_headline('{PG_SEARCH_CONFIG}', d.clean_text, query.q, :options),
           hits.rank
    FROM hits JOIN documents AS d ON d.id = hits.document_id CROSS JOIN query
    ORDER BY hits.rank DESC, d.id
    """
)


def tsquery(query: str) -> str:
    """A user's query for to_tsquery, read as `fts5_query` reads it: every word required,
    as written or by the prefix of its stem. The words hold letters and digits only, so
    quoting them keeps any input away from tsquery's syntax."""
    terms = []
    for word in _WORD.findall(query):
        stem = stem_prefix(word)
        terms.append(f"('{word}' | '{stem}':*)" if stem else f"'{word}'")
    return " & ".join(terms)


_PG_REMOVE = text(f"DELETE FROM {SEARCH_TABLE} WHERE document_id = :id")


def _headline_option(value: str) -> str:
    # ts_headline's option parser reads single-quoted values with '' for a quote.
    return "'" + value.replace("'", "''") + "'"


class PostgresFullTextSearch:
    """PostgreSQL: a weighted tsvector (title A, text B) per document under a GIN index.

    The vectors hold the words as written, less their diacritics, not the stems of a language's text
    search configuration: Snowball stems a name differently by its case ("Святославов" to
    святослав, "Святославова" to святославов), where the prefix of the query word's stem
    finds both, as on SQLite."""

    def index(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        conn.execute(_PG_INDEX, {"id": document_id, "title": title, "text": text})

    def remove(self, conn: Connection, document_id: int, title: str | None, text: str) -> None:
        conn.execute(_PG_REMOVE, {"id": document_id})

    def search(self, conn: Connection, query: str, limit: int, markers: Markers) -> list[SearchHit]:
        # PostgreSQL text cannot hold UTF-8 lone surrogates (which Python lets undecodable
        # command-line bytes become).
        match = tsquery(query.encode("utf-8", "replace").decode("utf-8"))
        if not match:
            return []
        start, end = markers
        options = f"StartSel={_headline_option(start)}, StopSel={_headline_option(end)}"
        values = {"query": match, "limit": limit, "options": options, "ranked": RANKED}
        rows = conn.execute(_PG_SEARCH, values)
        return [SearchHit(*row) for row in rows]


SEARCH_BACKENDS: dict[str, SearchBackend] = {
    "sqlite": SqliteFts5Search(),
    "postgresql": PostgresFullTextSearch(),
}


# A snippet made from a sentence keeps this many characters around its first marked span.
_SNIPPET_CONTEXT = 120


def mark_spans(text: str, spans: list[tuple[int, int]], markers: Markers) -> str:
    """`text` with the (start, end) spans between the markers, cut to a passage around the
    first span when long (… where cut)."""
    start_mark, end_mark = markers
    spans = sorted((max(0, s), min(len(text), e)) for s, e in spans if s < e)
    low, high = 0, len(text)
    if spans and len(text) > 2 * _SNIPPET_CONTEXT:
        # Cut between words.
        low = max(0, spans[0][0] - _SNIPPET_CONTEXT)
        low = text.find(" ", low, spans[0][0]) + 1 if low else 0
        high = min(len(text), spans[0][1] + _SNIPPET_CONTEXT)
        cut = text.rfind(" ", spans[0][1], high)
        if high < len(text) and cut > 0:
            high = cut
    pieces = ["…" if low else ""]
    position = low
    for start, end in spans:
        if start < position or end > high:
            continue  # overlapping, or outside the passage
        pieces += [_one_line(text[position:start]), start_mark]
        pieces += [_one_line(text[start:end]), end_mark]
        position = end
    pieces += [_one_line(text[position:high]), "…" if high < len(text) else ""]
    return "".join(pieces).strip()


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)
