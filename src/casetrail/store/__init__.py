"""The store stage: the case database, its schema migrations and its full-text search.

`Store.open(url)` connects to SQLite or PostgreSQL and migrates the schema to the newest;
`add_document` stores a document with its sourced facts; `search` finds documents by words;
`find` finds the persons a query names and the documents mentioning them;
`set_person_ids` stores resolution's person ids (retired ids redirect); `record_action`
records a human judgement, merge, split or undo, with its audit row, in one transaction.
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
    Judgement,
    MentionEvidence,
    NamedPerson,
    NewJudgement,
    OriginalFile,
    PersonAction,
    PersonSummary,
    ResolutionRecord,
    ResolvingSession,
    ReviewConflict,
    SearchAnswer,
    Store,
    StoredDocument,
    StoredJudgement,
    StoredRecord,
    StoreError,
)

__all__ = [
    "AddResult",
    "DocumentSummary",
    "EventChanges",
    "Judgement",
    "MentionEvidence",
    "NamedPerson",
    "NewJudgement",
    "OriginalFile",
    "PersonAction",
    "PersonSummary",
    "PostgresFullTextSearch",
    "ResolutionRecord",
    "ResolvingSession",
    "ReviewConflict",
    "SearchAnswer",
    "SearchBackend",
    "SearchHit",
    "SqliteFts5Search",
    "Store",
    "StoreError",
    "StoredDocument",
    "StoredJudgement",
    "StoredRecord",
]
