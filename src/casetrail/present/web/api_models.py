"""The JSON API's response models: what `casetrail.present.serialize` shapes, described for
validation and for the OpenAPI schema.

Dates of facts are strings as precise as the text says (`2021`, `2021-05`, `2021-05-06`), null
when unknown. Offsets (`start`, `end`) index the document's original text: `text[start:end]`
is the quote.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from casetrail.derive import AlertKind, Status
from casetrail.domain import EventType

T = TypeVar("T")

PartialDateText = str | None


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    message: str = Field(description="What went wrong, for a person to read.")


class ErrorOut(BaseModel):
    """Every error answer of the API."""

    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int = Field(description="The page number, from 1.")
    per_page: int
    total: int = Field(description="How many items match, on every page.")


# Documents


class ExtractorOut(BaseModel):
    name: str
    version: str


class EvidenceOut(BaseModel):
    """Where the document states a fact: `text[start:end] == quote`."""

    start: int
    end: int
    quote: str
    sentence: list[int] | None = Field(description="[start, end] of the sentence, if known.")
    extractor: ExtractorOut


class MentionOut(BaseModel):
    text: str = Field(description="The name as written.")
    evidence: EvidenceOut


class RecordEventOut(BaseModel):
    type: str
    date: PartialDateText
    date_from_document: bool = Field(description="The date is the document's: the text gives none.")
    detail: str
    evidence: EvidenceOut
    edited_by: str | None = Field(description="Who last edited the event by hand, if anyone.")
    state: str = Field(description="extracted, confirmed, corrected, rejected or manual.")


class ReviewStateOut(BaseModel):
    """A fact's verification state, and who last reviewed it."""

    state: str = Field(description="extracted, confirmed, corrected, rejected or manual.")
    reviewed_by: str | None


UNREVIEWED = ReviewStateOut(state="extracted", reviewed_by=None)


class RecordOut(BaseModel):
    """A person as one document presents them."""

    key: str = Field(description="Unique within the document.")
    person_id: str | None = Field(description="The resolved person, across documents.")
    name: str
    role: str
    role_review: ReviewStateOut = Field(default=UNREVIEWED, description="Of the role.")
    aliases: list[str]
    descriptors: list[str]
    mentions: list[MentionOut]
    events: list[RecordEventOut]


class OrganisationOut(BaseModel):
    name: str
    kind: str
    evidence: EvidenceOut


class DocumentDemandOut(BaseModel):
    action: str
    date: PartialDateText = Field(
        default=None, description="When the text says the demand was made; never the document's."
    )
    targets: list[str] = Field(description="Keys of the document's person records.")
    demanders: list[str]
    addressees: list[str]
    evidence: EvidenceOut
    review: ReviewStateOut = UNREVIEWED


class DocumentSummaryOut(BaseModel):
    id: int
    title: str | None
    date: PartialDateText
    kind: str | None
    language: str | None
    source: str
    words: int
    persons: int = Field(description="How many persons the document names.")


class DocumentPage(Page[DocumentSummaryOut]):
    pass


class ScanPageOut(BaseModel):
    number: int
    width: int = Field(description="Pixels of the page image the OCR boxes refer to.")
    height: int
    language: str = Field(description="The Tesseract language it was read in, e.g. eng, rus.")
    rotation: int = Field(description="Degrees it was turned counter-clockwise to be upright.")
    image: str = Field(description="The page image's address (PNG).")


class OcrOut(BaseModel):
    """The pages read by OCR, and the words read with low confidence."""

    pages: list[ScanPageOut]
    low_confidence: list[list[int]] = Field(
        description="[start, end] of every word read with low confidence: evidence that "
        "overlaps one is low-confidence OCR."
    )


class DocumentOut(BaseModel):
    id: int
    title: str | None
    date: PartialDateText
    date_evidence: EvidenceOut | None
    date_review: ReviewStateOut = Field(default=UNREVIEWED, description="Of the date.")
    kind: str | None
    kind_review: ReviewStateOut = Field(default=UNREVIEWED, description="Of the kind.")
    language: str | None
    source: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    encoding: str | None
    metadata: dict[str, str]
    ingested_at: datetime
    extractor: ExtractorOut | None = Field(description="Null when never extracted.")
    text: str = Field(description="The original text, the reference of every offset.")
    persons: list[RecordOut]
    organisations: list[OrganisationOut]
    demands: list[DocumentDemandOut]
    ocr: OcrOut | None = Field(description="Null unless some of the text was read by OCR.")


# Persons


class SourceOut(BaseModel):
    """A span of a document's original text stating a fact."""

    document: int
    start: int
    end: int
    quote: str
    low_confidence_ocr: bool = Field(
        description="The quote was read by OCR from a scan, some word with low confidence."
    )


class DocumentRefOut(BaseModel):
    id: int
    title: str | None
    date: PartialDateText
    kind: str | None
    source: str


class SpellingOut(BaseModel):
    spelling: str
    documents: list[int]


class PersonBase(BaseModel):
    id: str
    name: str
    spellings: list[SpellingOut] = Field(description="Every name and alias, with its documents.")
    roles: list[str] = Field(description="The roles documents give the person.")
    documents: int
    document_ids: list[int]


class PersonSummaryOut(PersonBase):
    status: Status = Field(description="As of the page's `as_of`.")
    since: PartialDateText


class PersonPage(Page[PersonSummaryOut]):
    as_of: date


class StatusOut(BaseModel):
    """As `casetrail status --format json` gives it."""

    id: str
    name: str
    status: Status
    since: PartialDateText
    last_confirmed: PartialDateText
    evidence: list[SourceOut] = Field(description="The fact entering the status, then others.")
    disputed_by: list[SourceOut] = Field(description="Restatements set aside as stale.")


class EventOut(BaseModel):
    id: int
    person_id: str
    document: DocumentRefOut
    type: str
    date: PartialDateText = Field(description="The text's date, or the document's (see below).")
    date_from_document: bool
    detail: str
    start: int
    end: int
    quote: str
    low_confidence_ocr: bool = Field(
        description="The quote was read by OCR from a scan, some word with low confidence."
    )
    extractor: ExtractorOut
    edited_by: str | None
    state: str = Field(description="extracted, confirmed, corrected or manual (see facts).")


class EventPage(Page[EventOut]):
    pass


class TimelineEntryOut(BaseModel):
    date: PartialDateText = Field(description="The event's date, else its document's.")
    date_from_document: bool
    term: str | None = Field(description="The sentence length stated, if any.")
    conflicting: bool = Field(description="A conflict names this event.")
    event: EventOut


class TimelinePage(Page[TimelineEntryOut]):
    pass


class ConflictOut(BaseModel):
    kind: str
    message: str
    events: list[int] = Field(description="The ids of the events that disagree.")


class ProfileOut(BaseModel):
    groups: list[str]
    parties: list[str]
    countries: list[str]
    roles: list[str]


class ChargeOut(BaseModel):
    date: PartialDateText = Field(description="The date the text gives for the charge.")
    article: str | None
    part: str | None
    code: str | None = Field(description="criminal or administrative, when stated.")
    country: str | None = Field(description="ISO 3166 code of the code's country, when stated.")
    text: str | None = Field(description="The charge in the text's own words.")
    evidence: SourceOut


class SentenceOut(BaseModel):
    date: PartialDateText = Field(description="The verdict's date, as the text gives it.")
    term_months: int | None
    term_days: int | None = Field(description="Short administrative terms, in days.")
    penalty: str | None = Field(description="imprisonment, restricted_freedom, fine, ...")
    regime: str | None = Field(description="general, strict, special, settlement, prison.")
    suspended: bool | None
    probation_months: int | None
    fine_amount: int | None
    fine_currency: str | None
    court: str | None
    judge: str | None
    custody_counts: bool = Field(description="The text says time in custody counts.")
    charges: list[str] = Field(description="The charges the same sentence names.")
    evidence: SourceOut


class DetentionOut(BaseModel):
    since: PartialDateText
    place: str
    evidence: SourceOut


class RestrictionOut(BaseModel):
    date: PartialDateText
    restriction: str = Field(description="travel_ban, profession_ban, activity_ban, ...")
    text: str
    evidence: SourceOut


class ExpectedReleaseOut(BaseModel):
    """The expected end of a sentence: always an estimate."""

    date: str = Field(description="YYYY-MM (or YYYY): no more precise than an estimate can be.")
    estimate: bool
    basis: str = Field(description="verdict, or arrest when the text says custody counts.")
    basis_date: str
    term_months: int | None
    term_days: int | None
    custodial: bool
    explanation: str
    evidence: SourceOut


class ParticipantOut(BaseModel):
    person_id: str | None
    name: str
    profile: ProfileOut


class AdvocateCountOut(ParticipantOut):
    interventions: int


class DemandOut(BaseModel):
    id: int
    action: str
    demanders: list[str]
    addressees: list[str]
    evidence: SourceOut


class InterventionOut(BaseModel):
    document: DocumentRefOut
    advocates: list[ParticipantOut]
    addressees: list[ParticipantOut]
    demands: list[DemandOut] = Field(description="Those made for this person.")


class AdvocacyOut(BaseModel):
    interventions: list[InterventionOut] = Field(description="Oldest first.")
    advocates: list[AdvocateCountOut] = Field(description="Most interventions first.")


class ConcernOut(BaseModel):
    person_id: str | None
    name: str
    documents: list[DocumentRefOut]


class AdvocateOut(BaseModel):
    profile: ProfileOut
    concerns: list[ConcernOut] = Field(description="Whom the person wrote about as an advocate.")


class AlertOut(BaseModel):
    """As `casetrail alerts --format json` gives it."""

    kind: AlertKind
    person: str | None
    message: str
    evidence: list[SourceOut] = Field(description="First the fact to act on.")


class PersonOut(PersonBase):
    as_of: date
    status: StatusOut
    profile: ProfileOut = Field(description="Role words of the documents naming them of concern.")
    charges: list[ChargeOut] = Field(description="Every charge stated, disagreeing ones too.")
    sentences: list[SentenceOut] = Field(description="Dated ones in order, then undated.")
    detention: list[DetentionOut] = Field(description="The latest known place last.")
    restrictions: list[RestrictionOut]
    expected_release: ExpectedReleaseOut | None = Field(
        description="From the latest verdict, the earliest end its sources give."
    )
    other_release_estimates: list[ExpectedReleaseOut]
    timeline: list[TimelineEntryOut] = Field(description="Dated entries in order, then undated.")
    conflicts: list[ConflictOut]
    advocacy: AdvocacyOut
    advocate: AdvocateOut
    alerts: list[AlertOut]


# Search and alerts


class SearchDocumentOut(BaseModel):
    id: int
    title: str | None
    date: PartialDateText
    kind: str | None
    snippet: str = Field(
        description="A passage of the cleaned text (or the title); in a search by person, "
        "the sentence of the document's first mention of the person."
    )
    highlights: list[list[int]] = Field(
        description="[start, end] of each hit in `snippet`: the query's words, or in a search "
        "by person the mentions of the person, in whatever spelling."
    )
    rank: float = Field(description="Higher is better, within one search.")


class MeantPersonOut(BaseModel):
    id: str
    name: str
    documents: int = Field(description="How many documents mention the person.")


class SearchOut(BaseModel):
    query: str
    literal: bool = Field(description="Whether the words were searched as written.")
    meant: list[MeantPersonOut] = Field(
        description="The persons the query was taken to name (in any spelling, script or "
        "case form); `documents` then lists the documents that mention them, newest first. "
        "Empty for a literal search or a query naming nobody known."
    )
    total: int | None = Field(
        description="How many documents mention the persons meant; null for a word search."
    )
    documents: list[SearchDocumentOut]
    persons: list[PersonBase] = Field(description="Persons with a spelling the query names.")


class AlertsOut(Page[AlertOut]):
    as_of: date
    months: int


# Writes: reviews of facts, facts and persons added by hand, judgements, uploads

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ChangeOut(BaseModel):
    field: str
    old: str | None
    new: str | None


class ReviewOut(BaseModel):
    """One review of a fact (append-only: every review is kept)."""

    user: str
    at: datetime
    state: str = Field(description="confirmed, corrected, rejected, or manual (added by hand).")
    reason: str | None
    changes: list[ChangeOut] = Field(description="What a correction changed.")
    text: str = Field(description='The review in words: "confirmed by amina on 2026-12-06".')


class FactOut(EventOut):
    """An event with its verification state and reviews."""

    fact: Literal["event"] = "event"
    fact_id: str = Field(description='"event:ID", as `casetrail fact` takes it.')
    state: str = Field(description="extracted, confirmed, corrected, rejected or manual.")
    reviews: list[ReviewOut]


class OtherFactOut(BaseModel):
    """A person's role in a document, a demand, or a document's date or kind, with its
    verification state and reviews."""

    fact: Literal["role", "demand", "document-date", "document-kind"]
    fact_id: str = Field(description='"role:ID", "demand:ID", "document-date:ID"...')
    document: DocumentRefOut
    value: str | None = Field(
        description="The role, the demand's action, the ISO date (null: unknown) or the kind."
    )
    date: PartialDateText = Field(description="A demand's own date, if the text gives one.")
    state: str = Field(description="extracted, confirmed, corrected, rejected or manual.")
    evidence: SourceOut | None = Field(description="Where the text states it (a kind: null).")
    reviews: list[ReviewOut]


class ReviewIn(BaseModel):
    """A verdict on a fact. A correction gives `type` and/or `date` (null: unchanged; the
    date "unknown" clears it) and a `reason`."""

    model_config = {"extra": "forbid"}

    verdict: Literal["confirmed", "corrected", "rejected"]
    reason: str | None = Field(default=None, max_length=2000)
    type: EventType | None = None
    date: str | None = Field(default=None, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$")


class PersonFactsOut(BaseModel):
    """A person's facts to check, as `casetrail facts NAME --format json` lists them."""

    events: list[FactOut]
    others: list[OtherFactOut] = Field(
        description="Their role in each document, the demands made for them, and the date"
        " and kind of each of their documents."
    )


class OtherReviewIn(BaseModel):
    """A verdict on a role, a demand, or a document's date or kind. A correction gives
    `type` (a role, a demand action or a document kind, as the fact has one) and/or `date`
    (a demand's or a document's; "unknown" clears it) and a `reason`. A rejected role becomes
    "other", a rejected document date unknown, a rejected kind "other"; a rejected demand
    counts nowhere."""

    model_config = {"extra": "forbid"}

    verdict: Literal["confirmed", "corrected", "rejected"]
    reason: str | None = Field(default=None, max_length=2000)
    type: str | None = Field(default=None, max_length=40, examples=["advocate"])
    date: str | None = Field(default=None, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?|unknown)$")


class SourceIn(BaseModel):
    """Where a person learnt a fact added by hand: a note and/or a link."""

    model_config = {"extra": "forbid"}

    source: str = Field(min_length=1, max_length=2000, examples=["court record"])
    url: str | None = Field(default=None, max_length=2000)


class ManualEventIn(SourceIn):
    type: EventType
    date: str | None = Field(default=None, pattern=DATE_PATTERN, examples=["2012-03-09"])
    detail: str = Field(default="", max_length=2000)


class ManualPersonIn(SourceIn):
    name: str = Field(min_length=1, max_length=200, examples=["Ilya Brask"])


class AddedOut(BaseModel):
    document_id: int = Field(description="The note document holding the source.")
    person_id: str
    fact: FactOut | None = Field(description="The event added, if any.")


class JudgeIn(BaseModel):
    model_config = {"extra": "forbid"}

    left: str = Field(min_length=1, max_length=200)
    right: str = Field(min_length=1, max_length=200)
    judgement: Literal["same", "different", "unsure"]


class MergeIn(BaseModel):
    model_config = {"extra": "forbid"}

    a: str = Field(min_length=1, max_length=200)
    b: str = Field(min_length=1, max_length=200)


class SplitIn(BaseModel):
    model_config = {"extra": "forbid"}

    person: str = Field(min_length=1, max_length=200)
    by: Literal["spelling", "document"] = "spelling"


class DoneOut(BaseModel):
    message: str = Field(description="What was done, in a line.")


class UploadedFileOut(BaseModel):
    name: str
    status: Literal["stored", "unchanged", "failed"]
    document_id: int | None
    reason: str | None


class UploadOut(BaseModel):
    files: list[UploadedFileOut]
    warning: str | None = Field(description="Stored, but persons were not resolved: why.")
