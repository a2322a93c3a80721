"""Who intervened for whom: the advocacy record of a person of concern, and of an advocate.

An intervention is a document presenting the person as a person of concern: a letter, a
resolution, a press release... with its advocates (authors, signatories), its addressees and
the demands it makes for the person. It is dated by its document; a document without a date
(a news item reporting an act of advocacy) by the earliest date its text gives for an act of
demanding for the person, and says so. An advocate's record is the persons of concern of the
documents they took part in: "who could co-sign our next letter about X?".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rigour.territories import lookup_territory

from casetrail.derive.dates import sort_key
from casetrail.domain import PartialDate
from casetrail.languages import pack
from casetrail.store import Store, read_model
from casetrail.store.read_model import Appearance, DemandFact, DocumentRef

_PARTY_WORDS = ("party", "partei", "parti", "partido", "partito", "partia", "партия")


@dataclass(frozen=True, slots=True)
class Profile:
    """A person's descriptors, sorted into what they say."""

    groups: tuple[str, ...]  # political groups (S&D, GUE/NGL)
    parties: tuple[str, ...]
    countries: tuple[str, ...]
    roles: tuple[str, ...]  # everything else: MEP, lawyer, chair of the committee


@dataclass(frozen=True, slots=True)
class Participant:
    """A person taking part in one document (an advocate or an addressee)."""

    person_id: str | None
    name: str
    profile: Profile


@dataclass(frozen=True, slots=True)
class Intervention:
    document: DocumentRef
    advocates: tuple[Participant, ...]
    addressees: tuple[Participant, ...]
    demands: tuple[DemandFact, ...]  # those made for the person
    # When it was made: the document's date, else the earliest date the text gives for an act
    # of demanding for the person (`date_source` says which demand's); None if neither.
    date: PartialDate | None = None
    date_from_document: bool = False
    date_source: DemandFact | None = None

    @property
    def date_note(self) -> str:
        """Where the date comes from, for a reader: the document or its text."""
        if self.date is None:
            return "undated"
        return "document date" if self.date_from_document else "from the text"


def _intervention(
    document: DocumentRef,
    appearances: Sequence[Appearance],
    demands: tuple[DemandFact, ...],
) -> Intervention:
    """The intervention of one document for a person, with its date and where it came from."""
    advocates = _participants(appearances, "advocate")
    addressees = _participants(appearances, "addressee")
    if document.date is not None:
        return Intervention(document, advocates, addressees, demands, document.date, True)
    dated = sorted(
        (d for d in demands if d.date is not None), key=lambda d: (sort_key(d.date), d.id)
    )
    source = dated[0] if dated else None
    return Intervention(
        document, advocates, addressees, demands, source.date if source else None, False, source
    )


@dataclass(frozen=True, slots=True)
class AdvocacyRecord:
    """The documents that intervened for a person of concern, oldest first (by the
    interventions' dates; undated ones last)."""

    person_id: str
    name: str
    interventions: tuple[Intervention, ...]

    @property
    def advocates(self) -> list[tuple[Participant, int]]:
        """Each advocate (by id, else name) with the number of interventions, most first."""
        return _counted(intervention.advocates for intervention in self.interventions)


def _counted(
    advocates: Iterable[tuple[Participant, ...]],
) -> list[tuple[Participant, int]]:
    """Each advocate of these interventions (by id, else name, as the last intervention
    names them) with the number of interventions, most first."""
    counted: dict[str, tuple[Participant, int]] = {}
    for found in advocates:
        for advocate in found:
            key = advocate.person_id or advocate.name
            previous = counted.get(key)
            counted[key] = (advocate, previous[1] + 1 if previous else 1)
    return sorted(counted.values(), key=lambda item: (-item[1], item[0].name))


@dataclass(frozen=True, slots=True)
class Concern:
    """A person an advocate has written about, and in which documents."""

    person_id: str | None
    name: str
    documents: tuple[DocumentRef, ...]


@dataclass(frozen=True, slots=True)
class AdvocateRecord:
    person_id: str
    name: str
    profile: Profile
    concerns: tuple[Concern, ...]  # most documents first


@cache
def _groups() -> frozenset[str]:
    return pack("en").political_groups


def profile(descriptors: Iterable[str]) -> Profile:
    """Sort descriptors: a political group, a party, a country, or another role word."""
    return _profile(tuple(dict.fromkeys(descriptors)))


# Advocates sign letter after letter with the same words: an advocacy record of 280 letters
# sorted the same few descriptors 2,600 times, each a lookup of territories.
@lru_cache(maxsize=4096)
def _profile(descriptors: tuple[str, ...]) -> Profile:
    groups, parties, countries, roles = [], [], [], []
    for descriptor in descriptors:
        lowered = descriptor.casefold()
        if lowered in _groups():
            groups.append(descriptor)
        elif any(word in lowered.split() for word in _PARTY_WORDS):
            parties.append(descriptor)
        # Codes of two or three letters are too often something else (ID, NI are groups).
        elif len(descriptor) > 3 and (territory := lookup_territory(descriptor)) is not None:
            countries.append(territory.name)
        else:
            roles.append(descriptor)
    return Profile(tuple(groups), tuple(parties), tuple(countries), tuple(roles))


def _merged(appearances: Sequence[Appearance]) -> Profile:
    return profile(d for appearance in appearances for d in appearance.descriptors)


def _participants(appearances: Iterable[Appearance], role: str) -> tuple[Participant, ...]:
    by_person: dict[str, list[Appearance]] = {}
    for appearance in appearances:
        if appearance.role == role:
            by_person.setdefault(appearance.person_id or appearance.name, []).append(appearance)
    return tuple(
        Participant(group[0].person_id, group[0].name, _merged(group))
        for group in by_person.values()
    )


def _in_documents(
    store: Store, documents: Mapping[int, DocumentRef]
) -> tuple[defaultdict[int, list[Appearance]], defaultdict[int, list[DemandFact]]]:
    """The advocates and addressees and the demands of these documents, by document (the
    documents themselves are not read again)."""
    by_document: defaultdict[int, list[Appearance]] = defaultdict(list)
    # Not the persons of concern: a letter for a dozen prisoners would read them all again.
    for appearance in read_model.appearances(
        store, document_ids=documents, roles=("advocate", "addressee"), known=documents
    ):
        by_document[appearance.document.id].append(appearance)
    demands_in: defaultdict[int, list[DemandFact]] = defaultdict(list)
    for demand in read_model.demands(store, document_ids=documents, known=documents):
        demands_in[demand.document.id].append(demand)
    return by_document, demands_in


def _for(demands: Iterable[DemandFact], records: set[int]) -> tuple[DemandFact, ...]:
    """The demands made for one of these records."""
    return tuple(d for d in demands if records.intersection(d.target_record_ids))


def advocacy_records(
    store: Store, person_ids: Sequence[str], own: Sequence[Appearance] | None = None
) -> list[AdvocacyRecord]:
    """The advocacy record of each person, in the order asked; `own`: their appearances,
    when the caller has them."""
    if own is None:
        own = read_model.appearances(store, person_ids=person_ids)
    concern = [a for a in own if a.role == "concern"]
    by_document, demands_in = _in_documents(store, {a.document.id: a.document for a in concern})
    records_of: defaultdict[str, set[int]] = defaultdict(set)
    for appearance in own:
        records_of[appearance.person_id or ""].add(appearance.record_id)
    names = read_model.person_names(store, person_ids)

    found = []
    for pid in person_ids:
        documents = {a.document.id: a.document for a in concern if a.person_id == pid}
        interventions = [
            _intervention(
                document,
                by_document[document.id],
                _for(demands_in[document.id], records_of[pid]),
            )
            for document in documents.values()
        ]
        interventions.sort(key=lambda i: (sort_key(i.date), i.document.id))
        found.append(AdvocacyRecord(pid, names.get(pid, pid), tuple(interventions)))
    return found


@dataclass(frozen=True, slots=True)
class AdvocacyPage:
    """A page of a person's advocacy record, and what the whole record says."""

    record: AdvocacyRecord  # with the interventions of the page alone
    total: int  # interventions in the whole record
    advocates: list[tuple[Participant, int]]  # `AdvocacyRecord.advocates` of the whole record


def advocacy_page(
    store: Store,
    person_id: str,
    offset: int = 0,
    limit: int | None = None,
    own: Sequence[Appearance] | None = None,
) -> AdvocacyPage:
    """The interventions of `advocacy_records` for one person from `offset` (at most
    `limit`): every record of the page's documents is read, of the others only the
    advocates (and the demands of the undated ones, which date them). `own`: the person's
    appearances, when the caller has them."""
    if own is None:
        own = read_model.appearances(store, person_ids=[person_id])
    records = {a.record_id for a in own}
    documents = {a.document.id: a.document for a in own if a.role == "concern"}
    undated = [a.record_id for a in own if a.document.date is None]
    # An undated document is placed by the first date its demands for the person give.
    dated_by: dict[int, PartialDate] = {}
    for demand in read_model.demands(store, target_record_ids=undated):
        if demand.date is not None and records.intersection(demand.target_record_ids):
            earlier = dated_by.get(demand.document.id)
            if earlier is None or sort_key(demand.date) < sort_key(earlier):
                dated_by[demand.document.id] = demand.date
    order = sorted(
        documents.values(),
        key=lambda d: (sort_key(d.date if d.date else dated_by.get(d.id)), d.id),
    )
    shown = order[offset : None if limit is None else offset + limit]
    by_document, demands_in = _in_documents(store, {d.id: d for d in shown})
    interventions = [
        _intervention(d, by_document[d.id], _for(demands_in[d.id], records)) for d in shown
    ]
    advocates = _advocates_counted(store, [d.id for d in order])
    name = read_model.person_names(store, [person_id]).get(person_id, person_id)
    record = AdvocacyRecord(person_id, name, tuple(interventions))
    return AdvocacyPage(record, len(order), advocates)


def _advocates_counted(store: Store, document_ids: Sequence[int]) -> list[tuple[Participant, int]]:
    """`_counted` of the advocates of these documents (in this order), from their names and
    descriptors alone, each advocate's profile made once, not once a document."""
    named: defaultdict[int, dict[str, list[tuple[str | None, str, tuple[str, ...]]]]]
    named = defaultdict(dict)
    for document_id, pid, name, descriptors in read_model.participants_in(
        store, document_ids, "advocate"
    ):
        named[document_id].setdefault(pid or name, []).append((pid, name, descriptors))
    counted: dict[str, tuple[list[tuple[str | None, str, tuple[str, ...]]], int]] = {}
    for document_id in document_ids:
        for key, group in named[document_id].items():
            previous = counted.get(key)
            counted[key] = (group, previous[1] + 1 if previous else 1)  # as the last names them
    found = [
        (Participant(group[0][0], group[0][1], profile(d for *_, ds in group for d in ds)), count)
        for group, count in counted.values()
    ]
    return sorted(found, key=lambda item: (-item[1], item[0].name))


def _by_documents(concern: Concern) -> tuple[int, str, str]:
    """Most documents first, then by name (and id): the order of an advocate's concerns."""
    return -len(concern.documents), concern.name, concern.person_id or ""


def _dated(documents: Iterable[DocumentRef]) -> tuple[DocumentRef, ...]:
    return tuple(sorted(documents, key=lambda d: (sort_key(d.date), d.id)))


def advocate_record(store: Store, person_id: str) -> AdvocateRecord:
    """Whom an advocate has written about, and in which documents, from every record of
    their documents (`advocate_concerns` reads a page of it from the counts kept on write).
    A resolved person of concern goes by their display name, an unresolved one by the
    record's name."""
    as_advocate = read_model.appearances(store, person_ids=[person_id], roles=["advocate"])
    documents = {a.document.id: a.document for a in as_advocate}
    # Their persons of concern, first named (by record) first; thousands for some advocates.
    concerns: dict[str, tuple[str | None, str, set[DocumentRef]]] = {}
    for document_id, pid, name in read_model.named_in(store, list(documents), "concern"):
        concerns.setdefault(pid or name, (pid, name, set()))[2].add(documents[document_id])
    resolved = [pid for pid, _, _ in concerns.values() if pid is not None]
    names = read_model.person_names(store, [person_id, *resolved])
    listed = [
        Concern(pid, names.get(pid, name) if pid else name, _dated(found))
        for pid, name, found in concerns.values()
    ]
    listed.sort(key=_by_documents)
    name = names.get(person_id, person_id)
    return AdvocateRecord(person_id, name, _merged(as_advocate), tuple(listed))


def advocate_concerns(
    store: Store, person_id: str, offset: int = 0, limit: int | None = None
) -> tuple[list[Concern], int]:
    """The resolved persons an advocate has written about, in the order of
    `advocate_record` (from `offset`, at most `limit`), with the documents of each; and how
    many there are. Read from the links kept on write and the records of the page's persons
    alone: an advocate of two thousand documents wrote about thousands of persons."""
    page, total = read_model.advocate_links(store, person_id, offset, limit)
    shared = read_model.shared_documents(store, person_id, [pid for pid, _, _ in page])
    refs = read_model.documents(store, {d for found in shared.values() for d in found})
    concerns = [Concern(pid, name, _dated(refs[d] for d in shared[pid])) for pid, name, _ in page]
    return concerns, total


def unresolved_concerns(store: Store, person_id: str) -> list[Concern]:
    """The persons of concern of an advocate's documents whose records are not resolved
    (yet), by the records' names, in the order of `advocate_record`."""
    found: dict[str, set[int]] = {}
    for document_id, name in read_model.unresolved_concerns_of(store, person_id):
        found.setdefault(name, set()).add(document_id)
    refs = read_model.documents(store, {d for ids in found.values() for d in ids})
    concerns = [Concern(None, name, _dated(refs[d] for d in ids)) for name, ids in found.items()]
    return sorted(concerns, key=_by_documents)
