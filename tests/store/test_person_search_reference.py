"""The indexed name search (keys of spellings, persons counted from the kept spellings, the
documents ordered through the index of dates) answers as a straightforward reference does
from every stored record: the same persons in the same order, the same counts, the same
documents in the same order, after merges and a re-extraction. Fictional persons only."""

from __future__ import annotations

from collections import Counter

from casetrail.domain import Document, Extraction, Extractor, PartialDate, PersonRecord
from casetrail.resolve.search_keys import query_keys, spelling_keys
from casetrail.store import Store, read_model
from casetrail.store.store import NamedPerson
from tests.store.conftest import make_document
from tests.store.test_person_search import EXTRACTOR

# (name written, aliases) of each fictional person; they share given and family names.
SPELLINGS = {
    # The second spelling holds two keys of "Mira" ("mira", and "mir" of its alias): it
    # counts once, so that "Mir Orsk" with more records ranks first.
    "mira-kestrel": [("Mira Kestrel", []), ("KESTREL Mira", ["Mir Kestrel"])],
    "mira-vantor": [("Mira Vantor", ["Мира Вантор"])],
    "ivo-kestrel": [("Ivo Kestrel", []), ("Iwo Kestrel", ["Ivo"])],
    "ivo-vantor": [("Ivo Vantor", ["Mira"])],  # an alias with another's given name
    "lena-orsk": [("Lena Orsk", [])],
    "mir-orsk": [("Mir Orsk", [])],
}
DATES = [PartialDate(2021, 3, 2), None, PartialDate(2019), PartialDate(2021, 3, 2), None]
QUERIES = [
    "Mira",
    "Kestrel",
    "Mira Kestrel",
    "Mira Kestrelova",
    "Ivo Vantor",
    "Vantor Mira",
    "Мира",
    "Orsk",
    "Ivo",
]


def _letter(number: int, persons: list[str]) -> tuple[Document, list[PersonRecord]]:
    text = f"Letter {number}\n\n"
    records = []
    for index, person in enumerate(persons):
        name, aliases = SPELLINGS[person][number % len(SPELLINGS[person])]
        text += f"We write about {name}. "
        records.append(
            PersonRecord(f"p{index}", name, "concern", aliases=aliases, person_id=person)
        )
    return make_document(text, f"Letter {number}"), records


def _store(store: Store, number: int, document: Document, records: list[PersonRecord]) -> int:
    extraction = Extraction(DATES[number % len(DATES)], "letter", "en", EXTRACTOR, records)
    return store.add_document(document, extraction).document_id


def _reference(store: Store, query: str, limit: int) -> tuple[list[NamedPerson], bool]:
    """The persons with the most records of a spelling every word of `query` matches (by
    id on a tie), the `limit` first by documents, then name and id; and whether there are
    more: from every record, its keys computed here."""
    keys = query_keys(query)
    assert keys is not None
    matching: Counter[str] = Counter()
    documents: dict[str, set[int]] = {}
    for record in read_model.appearances(store):
        if record.person_id is None:
            continue
        documents.setdefault(record.person_id, set()).add(record.document.id)
        spelled = spelling_keys([record.name, *record.aliases])
        if all(word & spelled for word in keys):
            matching[record.person_id] += 1
    ranked = sorted(matching, key=lambda pid: (-matching[pid], pid))
    names = read_model.person_names(store, ranked[:limit])
    found = [NamedPerson(pid, names[pid], len(documents[pid])) for pid in ranked[:limit]]
    return sorted(found, key=lambda p: (-p.documents, p.name, p.id)), len(ranked) > limit


def _reference_documents(store: Store, persons: list[NamedPerson]) -> list[int]:
    """Their documents, newest first by date (undated last), then by id, newest first."""
    ids = {person.id for person in persons}
    of_persons = {a.document.id: a.document.date for a in read_model.appearances(store, ids)}

    def newest(document_id: int) -> tuple[bool, str, int]:
        date = of_persons[document_id]
        return (date is not None, date.iso() if date else "", document_id)

    return sorted(of_persons, key=newest, reverse=True)


def _check(store: Store) -> None:
    for query in QUERIES:
        for limit in (1, 2, 50):
            assert store.named_persons(query, limit) == _reference(store, query, limit), query
        answer = store.find(query, 4)
        expected, _ = _reference(store, query, 50)
        assert answer.persons == expected, query
        if not expected:  # not a name (yet): its words are searched
            assert answer.total is None, query
            continue
        of_persons = _reference_documents(store, expected)
        assert answer.total == len(of_persons), query
        assert [hit.document_id for hit in answer.hits] == of_persons[:4], query


def test_the_indexed_name_search_answers_as_the_reference(store: Store) -> None:
    letters = [
        ["mira-kestrel", "ivo-vantor"],
        ["mira-vantor", "mira-kestrel"],
        ["ivo-kestrel", "lena-orsk", "mir-orsk"],
        ["ivo-vantor", "mira-kestrel", "mir-orsk"],
        ["mir-orsk"],
        ["mira-vantor", "ivo-kestrel", "mira-kestrel"],
        ["ivo-vantor", "mira-vantor", "mir-orsk"],
        ["ivo-kestrel", "mir-orsk"],
    ]
    letters = [_letter(number, persons) for number, persons in enumerate(letters)]
    for number, (document, records) in enumerate(letters):
        _store(store, number, document, records)
    _check(store)
    # A merge moves records (and their spellings) to another person.
    moved = {
        rid: "mira-kestrel"
        for rid, pid in read_model.record_persons(store).items()
        if pid == "mira-vantor"
    }
    store.set_person_ids(moved)
    _check(store)
    # A re-extraction replaces a document's records: a new spelling, one fewer person.
    document, _ = letters[0]
    record = PersonRecord("p0", "Mira Kestrelova", "concern", person_id="mira-kestrel")
    extraction = Extraction(DATES[0], "letter", "en", Extractor("test-extractor", "2.0"), [record])
    store.add_document(document, extraction)
    assert "mira-kestrel" in {person.id for person in store.find("Mira Kestrelova").persons}
    _check(store)
