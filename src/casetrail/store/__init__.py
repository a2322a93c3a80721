"""The store stage: the case database, its schema migrations and its full-text search.

`Store.open(url)` connects to SQLite or PostgreSQL and migrates the schema to the newest;
`add_document` stores a document with its sourced facts; `search` finds documents by words.
"""

from casetrail.store.search import (
    PostgresFullTextSearch,
    SearchBackend,
    SearchHit,
    SqliteFts5Search,
)
from casetrail.store.store import (
    AddResult,
    DocumentSummary,
    EventChanges,
    Store,
    StoredDocument,
    StoredRecord,
    StoreError,
)

__all__ = [
    "AddResult",
    "DocumentSummary",
    "EventChanges",
    "PostgresFullTextSearch",
    "SearchBackend",
    "SearchHit",
    "SqliteFts5Search",
    "Store",
    "StoreError",
    "StoredDocument",
    "StoredRecord",
]
