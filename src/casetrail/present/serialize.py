"""The JSON shapes of stored and derived facts, one per kind of fact, for every program-facing
output: the command line's `--format json` and the web API give the same objects.

Dates are ISO strings as precise as the text (`2021`, `2021-05`, `2021-05-06`) or null when
unknown; every fact carries its source: a document id and offsets into its original text.
"""

from __future__ import annotations

from typing import Any

from casetrail.derive import (
    AdvocacyRecord,
    AdvocateRecord,
    Alert,
    CaseSummary,
    Conflict,
    Participant,
    PersonStatus,
    Profile,
    TimelineEntry,
)
from casetrail.derive.case_record import CaseRecord, ExpectedRelease
from casetrail.domain import PartialDate, fields_of
from casetrail.facts import OtherFact, PersonFact, QueueItem
from casetrail.store import DocumentSummary, PersonSummary
from casetrail.store.read_model import (
    DemandFact,
    DocumentRef,
    EventFact,
    FactReview,
    Source,
    StoredCaseFact,
)


def date_json(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def source_json(source: Source) -> dict[str, Any]:
    return {
        "document": source.document.id,
        "start": source.start,
        "end": source.end,
        "quote": source.quote,
        "low_confidence_ocr": source.low_confidence_ocr,
    }


def status_json(found: PersonStatus) -> dict[str, Any]:
    """A status as the JSON form of `casetrail status` gives it."""
    return {
        "id": found.person_id,
        "name": found.name,
        "status": found.status,
        "since": date_json(found.since),
        "last_confirmed": date_json(found.last_confirmed),
        "evidence": [source_json(o.event.source) for o in found.evidence],
        "disputed_by": [source_json(o.event.source) for o in found.disputed],
    }


def alert_json(alert: Alert) -> dict[str, Any]:
    """An alert as the JSON form of `casetrail alerts` gives it."""
    return {
        "kind": alert.kind,
        "person": alert.person_id,
        "message": alert.message,
        "evidence": [source_json(s) for s in alert.evidence],
    }


def person_json(person: PersonSummary) -> dict[str, Any]:
    """A person with every spelling and the documents using it (`casetrail persons`)."""
    return {
        "id": person.id,
        "name": person.name,
        "spellings": [
            {"spelling": spelling, "documents": list(documents)}
            for spelling, documents in person.spellings.items()
        ],
        "roles": list(person.roles),
        "documents": len(person.documents),
        "document_ids": list(person.documents),
    }


def document_summary_json(document: DocumentSummary) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "date": date_json(document.date),
        "kind": document.kind,
        "language": document.language,
        "source": document.source,
        "words": document.words,
        "persons": document.persons,
    }


def document_ref_json(document: DocumentRef) -> dict[str, Any]:
    return {
        "id": document.id,
        "title": document.title,
        "date": date_json(document.date),
        "kind": document.kind,
        "source": document.source,
    }


def event_json(event: EventFact) -> dict[str, Any]:
    """A stored event of a person; `date` is the text's, or its document's when
    `date_from_document` says so."""
    return {
        "id": event.id,
        "person_id": event.person_id,
        "document": document_ref_json(event.document),
        "type": event.type,
        "date": date_json(event.date),
        "date_from_document": event.date_from_document,
        "detail": event.detail,
        "start": event.start,
        "end": event.end,
        "quote": event.quote,
        "low_confidence_ocr": event.source.low_confidence_ocr,
        "extractor": {"name": event.extractor.name, "version": event.extractor.version},
        "edited_by": event.edited_by,
        "state": event.state,
    }


def review_json(review: FactReview) -> dict[str, Any]:
    return {
        "user": review.user,
        "at": review.at.isoformat(),
        "state": review.state,
        "reason": review.reason,
        "changes": [{"field": f, "old": old, "new": new} for f, old, new in review.changes],
        "text": review.describe(),
    }


def fact_json(found: PersonFact) -> dict[str, Any]:
    """An event with its verification state and every review of it (`casetrail facts`);
    `fact_id` is what `casetrail fact` takes."""
    return (
        event_json(found.event)
        | {"fact": "event", "fact_id": f"event:{found.event.id}"}
        | {"reviews": [review_json(r) for r in found.reviews]}
    )


def other_fact_json(found: OtherFact) -> dict[str, Any]:
    """A role, demand, document date or document kind with its verification state and every
    review of it: `value` is the role, the demand's action, the ISO date (null: unknown) or
    the kind; `evidence` where the text states it (null for a kind)."""
    return {
        "fact": found.ref.kind,
        "fact_id": str(found.ref),
        "document": document_ref_json(found.document),
        "value": found.value,
        "date": date_json(found.date),
        "state": found.state,
        "evidence": source_json(found.source) if found.source else None,
        "reviews": [review_json(r) for r in found.reviews],
    }


def any_fact_json(found: PersonFact | OtherFact) -> dict[str, Any]:
    return fact_json(found) if isinstance(found, PersonFact) else other_fact_json(found)


def queue_item_json(item: QueueItem) -> dict[str, Any]:
    """A fact waiting for review (`casetrail queue`), with why it matters: an event
    (`event`) or another fact (`other_fact`)."""
    return {
        "priority": item.priority,
        "why": item.why,
        "person_name": item.person_name,
        "person_id": item.person_id,
        "fact_id": str(item.ref),
        "event": event_json(item.event) if item.event else None,
        "other_fact": other_fact_json(item.other) if item.other else None,
    }


def timeline_entry_json(entry: TimelineEntry, conflicting: frozenset[int]) -> dict[str, Any]:
    """A timeline entry; `conflicting`: the ids of the events some conflict names."""
    return {
        "date": date_json(entry.date),
        "date_from_document": entry.date_from_document,
        "term": str(entry.term) if entry.term else None,
        "conflicting": entry.event.id in conflicting,
        "event": event_json(entry.event),
    }


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "kind": conflict.kind,
        "message": conflict.message,
        "events": [event.id for event in conflict.events],
    }


def profile_json(profile: Profile) -> dict[str, Any]:
    return {
        "groups": list(profile.groups),
        "parties": list(profile.parties),
        "countries": list(profile.countries),
        "roles": list(profile.roles),
    }


def participant_json(participant: Participant) -> dict[str, Any]:
    return {
        "person_id": participant.person_id,
        "name": participant.name,
        "profile": profile_json(participant.profile),
    }


def demand_json(demand: DemandFact) -> dict[str, Any]:
    return {
        "id": demand.id,
        "action": demand.action,
        "demanders": list(demand.demanders),
        "addressees": list(demand.addressees),
        "evidence": source_json(demand.source),
    }


def advocacy_json(record: AdvocacyRecord) -> dict[str, Any]:
    """Who intervened for a person of concern (`casetrail advocacy`), oldest first."""
    return {
        "interventions": [
            {
                "document": document_ref_json(item.document),
                "advocates": [participant_json(p) for p in item.advocates],
                "addressees": [participant_json(p) for p in item.addressees],
                "demands": [demand_json(d) for d in item.demands],
            }
            for item in record.interventions
        ],
        "advocates": [
            participant_json(p) | {"interventions": count} for p, count in record.advocates
        ],
    }


def advocate_json(record: AdvocateRecord) -> dict[str, Any]:
    """Whom a person has written about as an advocate, most documents first."""
    return {
        "profile": profile_json(record.profile),
        "concerns": [
            {
                "person_id": concern.person_id,
                "name": concern.name,
                "documents": [document_ref_json(d) for d in concern.documents],
            }
            for concern in record.concerns
        ],
    }


def case_fact_json(fact: StoredCaseFact) -> dict[str, Any]:
    """A charge, sentence, place of detention or restriction: its date, its fields (see
    `domain.CaseFact`) and its evidence."""
    return {
        "since" if fact.kind == "detention" else "date": date_json(fact.date),
        **fields_of(fact.value),
        "evidence": source_json(fact.source),
    }


def expected_release_json(expected: ExpectedRelease) -> dict[str, Any]:
    return {
        "date": date_json(expected.date),
        "estimate": True,
        "basis": expected.basis,
        "basis_date": date_json(expected.basis_date),
        "term_months": expected.sentence.value.term_months,  # type: ignore[union-attr]
        "term_days": expected.sentence.value.term_days,  # type: ignore[union-attr]
        "custodial": expected.custodial,
        "explanation": expected.explanation,
        "evidence": source_json(expected.sentence.source),
    }


def case_record_json(record: CaseRecord) -> dict[str, Any]:
    """A person's case facts as fields, each with its source; disagreeing facts side by side."""
    expected = record.expected_release
    return {
        "charges": [case_fact_json(f) for f in record.charges],
        "sentences": [case_fact_json(f) for f in record.sentences],
        "detention": [case_fact_json(f) for f in record.detention],
        "restrictions": [case_fact_json(f) for f in record.restrictions],
        "expected_release": expected_release_json(expected) if expected else None,
        "other_release_estimates": [expected_release_json(e) for e in record.other_estimates],
    }


def case_json(case: CaseSummary) -> dict[str, Any]:
    """A case: status, role words, its facts as fields, its timeline and conflicts."""
    conflicting = case.timeline.conflicting_event_ids
    return {
        "status": status_json(case.status),
        "profile": profile_json(case.profile),
        **case_record_json(case.record),
        "timeline": [timeline_entry_json(e, conflicting) for e in case.timeline.entries],
        "conflicts": [conflict_json(c) for c in case.timeline.conflicts],
    }
