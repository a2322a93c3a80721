"""FollowTheMoney entities, so that the case database loads into Aleph and OpenSanctions tools.

The mapping:

- each document: `Article` (news, press releases) or `Document` (letters, resolutions...), with
  its title, file name, type, language, date, text and the extractor as processing agent;
- each person: `Person` (name, other spellings as `alias`, role words as `position`, political
  groups and parties as `political`, countries as `country`, the date of a death);
- each organisation named: `Organization` (name, kind as `classification`);
- each person record and each organisation mention: `Documentation` linking the document to
  the person (role: concern, advocate, addressee, official, other) or the organisation;
- each status event: `Event` (name "<type>: <person>", date, detail as `summary`, the quote as
  `description`, the person as `involved`, the document as `proof`);
- each case fact (see docs/export.md for why): a sentence as `Sanction` (court as `authority`,
  charges as `reason`, penalty and regime as `provisions`, term in months as `duration`,
  verdict date as `startDate`); a restriction (travel ban...) as `Sanction` too (its kind as
  `program`); a charge as `Note` on the person (article and charge as `name`); a place of
  detention as `Event` ("held in: <place>", the place as `location`). Each has the quote as
  `summary`, the document as `proof`, and (but a Note) a `recordId`.

Entities are built with `model.make_entity` and `add` (which cleans values by their type: a
country name becomes its code), then validated: the schema's own checks, required
properties, and a round trip through `model.get_proxy`. Ids are stable hashes of the stored
identities (document SHA-256, person id, record key), so exporting twice gives the same ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from followthemoney import EntityProxy, model

from casetrail.derive.advocacy import profile
from casetrail.derive.case_record import term_text
from casetrail.derive.persons import normalise
from casetrail.derive.summary import charge_text
from casetrail.domain import CaseFact, Charge, CourtSentence, PersonRecord, Restriction
from casetrail.export.jsonl import stored_documents
from casetrail.store import Store, StoredDocument, read_model

_ARTICLE_KINDS = frozenset({"news", "press_release"})


class InvalidEntity(ValueError):
    """An entity that the FollowTheMoney model rejects (a bug here, not in the data)."""


def validated(entity: EntityProxy) -> EntityProxy:
    """The entity, once the model accepts it; InvalidEntity otherwise."""
    data = entity.to_dict()
    try:
        entity.schema.validate(data)
    except Exception as error:  # the library's InvalidData, with details in its args
        raise InvalidEntity(f"{entity.schema.name} {entity.id}: {error}") from error
    missing = [name for name in entity.schema.required if not entity.get(name)]
    if missing or entity.id is None:
        raise InvalidEntity(f"{entity.schema.name} {entity.id}: missing {missing or 'id'}")
    if model.get_proxy(data, cleaned=False).to_dict() != data:
        raise InvalidEntity(f"{entity.schema.name} {entity.id}: changes in a round trip")
    return entity


def _make(schema: str, *key: str) -> EntityProxy:
    entity = model.make_entity(schema)
    entity.make_id("casetrail", *key)
    return entity


@dataclass
class _Person:
    """What the documents say about one person, gathered while they are read."""

    entity: EntityProxy
    spellings: dict[str, None] = field(default_factory=dict)
    descriptors: dict[str, None] = field(default_factory=dict)
    deaths: dict[str, None] = field(default_factory=dict)

    def finished(self) -> EntityProxy:
        name = self.entity.first("name")
        self.entity.add("alias", [s for s in self.spellings if s != name])
        found = profile(self.descriptors)
        self.entity.add("position", found.roles)
        self.entity.add("political", [*found.groups, *found.parties])
        self.entity.add("country", found.countries)
        self.entity.add("deathDate", list(self.deaths))
        return validated(self.entity)


class _Builder:
    def __init__(self, store: Store) -> None:
        self.names = read_model.person_names(store)
        self.persons: dict[str, _Person] = {}
        self.organisations: dict[tuple[str, ...], EntityProxy] = {}

    def person(self, person_id: str | None, name: str, sha256: str, key: str) -> _Person:
        # A record no resolution reached is a person of its own.
        identity = person_id or f"{sha256}:{key}"
        found = self.persons.get(identity)
        if found is None:
            entity = _make("Person", "person", identity)
            entity.add("name", self.names.get(person_id or "", name))
            found = self.persons[identity] = _Person(entity)
        return found

    def document(self, stored: StoredDocument) -> Iterator[EntityProxy]:
        raw, extraction = stored.document.raw, stored.extraction
        kind = extraction.kind if extraction else None
        document = _make(
            "Article" if kind in _ARTICLE_KINDS else "Document", "document", raw.sha256
        )
        document.add("fileName", raw.file_name)
        document.add("title", raw.title)
        document.add("mimeType", raw.media_type)
        document.add("fileSize", raw.size)
        document.add("encoding", raw.encoding)
        document.add("bodyText", raw.text)
        document.add("author", raw.metadata.get("author") or raw.metadata.get("from"))
        document.add("messageId", raw.metadata.get("message-id"))
        document.add("language", (extraction and extraction.language) or stored.document.language)
        if extraction is not None:
            document.add("date", extraction.date and extraction.date.iso())
            document.add("keywords", extraction.kind)
            document.add(
                "processingAgent", f"{extraction.extractor.name} {extraction.extractor.version}"
            )
        yield validated(document)
        if extraction is None:
            return
        for stored_record in stored.records:
            yield from self.record(document, stored_record.record, raw.sha256)
        named = {normalise(o.name) or (o.name,): o for o in extraction.organisations}
        for identity, organisation in named.items():
            yield self.organisation(document, identity, organisation.name, organisation.kind)

    def record(
        self, document: EntityProxy, record: PersonRecord, sha256: str
    ) -> Iterator[EntityProxy]:
        person = self.person(record.person_id, record.name, sha256, record.key)
        person.spellings.update(dict.fromkeys([record.name, *record.aliases]))
        person.descriptors.update(dict.fromkeys(record.descriptors))
        link = _make("Documentation", "documentation", sha256, record.key)
        link.add("document", document)
        link.add("entity", person.entity)
        link.add("role", record.role)
        link.add("summary", ", ".join(record.descriptors) or None)
        link.add("date", document.get("date"))
        link.add("recordId", f"{sha256}:{record.key}")
        yield validated(link)
        for index, event in enumerate(record.events):
            date = event.date.iso() if event.date else None
            if event.type == "died" and date and not event.date_from_document:
                person.deaths[date] = None
            entity = _make("Event", "event", sha256, record.key, str(index))
            entity.add("name", f"{event.type}: {person.entity.first('name')}")
            entity.add("date", date)
            entity.add("summary", event.detail or None)
            entity.add("description", event.evidence.quote)
            entity.add("keywords", event.type)
            if event.date_from_document:
                entity.add("notes", "dated by its document: the text gives no date")
            entity.add("involved", person.entity)
            entity.add("proof", document)
            entity.add("recordId", f"{sha256}:{record.key}:{index}")
            yield validated(entity)
        for index, fact in enumerate(record.case_facts):
            entity = case_fact_entity(fact, person.entity)
            entity.make_id("casetrail", "case-fact", sha256, record.key, str(index))
            entity.add("summary", fact.evidence.quote)
            entity.add("proof", document)
            if "recordId" in entity.schema.properties:  # a Note has none
                entity.add("recordId", f"{sha256}:{record.key}:fact:{index}")
            yield validated(entity)

    def organisation(
        self, document: EntityProxy, identity: tuple[str, ...], name: str, kind: str
    ) -> EntityProxy:
        """The link of the document to an organisation, met here for the first time or not."""
        entity = self.organisations.get(identity)
        if entity is None:
            entity = self.organisations[identity] = _make("Organization", "organisation", *identity)
            entity.add("name", name)
        entity.add("classification", kind)
        link = _make("Documentation", "documentation", document.id or "", *identity)
        link.add("document", document)
        link.add("entity", entity)
        link.add("role", "organisation")
        return validated(link)


def case_fact_entity(fact: CaseFact, person: EntityProxy) -> EntityProxy:
    """The entity of a case fact, without id, quote and proof (see the module documentation)."""
    value, date = fact.value, fact.date.iso() if fact.date else None
    if isinstance(value, CourtSentence):
        entity = model.make_entity("Sanction")
        entity.add("entity", person)
        entity.add("authority", value.court)
        entity.add("reason", "; ".join(value.charges) or None)
        provisions = [value.penalty, value.regime and f"{value.regime} regime"]
        provisions += ["suspended" if value.suspended else None, term_text(value) or None]
        if value.fine_amount:
            provisions.append(f"fine {value.fine_amount} {value.fine_currency or ''}".strip())
        entity.add("provisions", ", ".join(p.replace("_", " ") for p in provisions if p) or None)
        entity.add("duration", value.term_months)
        entity.add("startDate", date)
        entity.add("program", "court sentence")
        entity.add("description", f"judge {value.judge}" if value.judge else None)
    elif isinstance(value, Restriction):
        entity = model.make_entity("Sanction")
        entity.add("entity", person)
        entity.add("program", value.restriction.replace("_", " "))
        entity.add("provisions", value.text)
        entity.add("startDate", date)
    elif isinstance(value, Charge):
        entity = model.make_entity("Note")
        entity.add("entity", person)
        entity.add("name", charge_text(value))
        entity.add("keywords", "charge")
        entity.add("country", value.country)
    else:
        entity = model.make_entity("Event")
        entity.add("name", f"held in: {value.place}")
        entity.add("location", value.place)
        entity.add("startDate", date)
        entity.add("involved", person)
        entity.add("keywords", "detention")
    return entity


def entities(store: Store) -> Iterator[EntityProxy]:
    """Every entity of the database: documents with their links and events, then persons and
    organisations (complete only once every document is read)."""
    builder = _Builder(store)
    for stored in stored_documents(store):
        yield from builder.document(stored)
    for person in builder.persons.values():
        yield person.finished()
    for organisation in builder.organisations.values():
        yield validated(organisation)


def export_ftm(store: Store, output: IO[str]) -> int:
    """Write the entities as JSON Lines (FtM's exchange format); returns how many."""
    count = 0
    for entity in entities(store):
        output.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
