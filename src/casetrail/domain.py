"""The typed domain model shared by every stage of the pipeline.

read -> clean -> extract -> resolve -> store -> derive -> present all speak in these types.
Offsets (`start`, `end`) are always character offsets into a document's *original* text, so a
fact can be shown at the exact place it came from, whatever cleaning did to the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import yaml


@cache
def vocabulary() -> dict[str, dict[str, str]]:
    """The codes of roles, event types, document kinds and demand actions (vocab/*.yaml)."""
    text = resources.files("casetrail.vocab").joinpath("vocabulary.yaml").read_text("utf-8")
    return yaml.safe_load(text)


Role = Literal["concern", "advocate", "addressee", "official", "other"]
EventType = Literal[
    "arrested",
    "charged",
    "threatened",
    "tried",
    "sentenced",
    "imprisoned",
    "house_arrest",
    "released",
    "acquitted",
    "died",
    "ill_treated",
    "harassed",
]
DocumentKind = Literal[
    "letter",
    "resolution",
    "press_release",
    "news",
    "report",
    "written_question",
    "statement",
    "other",
    "note",
]

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; never more precise than the text."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month out of range: {self.month}")
        if self.day is not None and not 1 <= self.day <= 31:
            raise ValueError(f"day out of range: {self.day}")

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _ISO_DATE.match(text.strip())
        if not match:
            raise ValueError(f"not a YYYY[-MM[-DD]] date: {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) into a document's original text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True, slots=True)
class Extractor:
    """Who produced a fact: a component name and its version."""

    name: str
    version: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact comes from: a span of one document's original text and the extractor."""

    span: Span
    quote: str
    extractor: Extractor
    sentence: Span | None = None


@dataclass(slots=True)
class OffsetMap:
    """Maps offsets in a cleaned text back to offsets in the original text.

    Stored as runs: cleaned text [clean_starts[i], clean_starts[i+1]) was copied (or replaced
    one-for-one) from original text starting at orig_starts[i]. A character the cleaner
    inserted (a joining space) maps to the original position it stands for.
    """

    clean_starts: list[int] = field(default_factory=list)
    orig_starts: list[int] = field(default_factory=list)
    clean_length: int = 0
    orig_length: int = 0

    def to_original(self, clean_offset: int) -> int:
        if not 0 <= clean_offset <= self.clean_length:
            raise IndexError(f"offset {clean_offset} outside 0..{self.clean_length}")
        if clean_offset == self.clean_length or not self.clean_starts:
            return self.orig_length
        run = bisect.bisect_right(self.clean_starts, clean_offset) - 1
        return min(self.orig_starts[run] + clean_offset - self.clean_starts[run], self.orig_length)

    def span_to_original(self, start: int, end: int) -> Span:
        """The original span covering cleaned [start, end)."""
        if end <= start:
            pos = self.to_original(start)
            return Span(pos, pos)
        return Span(self.to_original(start), self.to_original(end - 1) + 1)

    def to_json(self) -> dict[str, object]:
        return {
            "clean_starts": self.clean_starts,
            "orig_starts": self.orig_starts,
            "clean_length": self.clean_length,
            "orig_length": self.orig_length,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> OffsetMap:
        return cls(
            list(data["clean_starts"]),  # type: ignore[arg-type]
            list(data["orig_starts"]),  # type: ignore[arg-type]
            int(data["clean_length"]),  # type: ignore[arg-type]
            int(data["orig_length"]),  # type: ignore[arg-type]
        )


Box = tuple[int, int, int, int]  # left, top, width, height in the page image's pixels
# Tesseract's confidence (0-100) below which a word's reading is doubtful: clean print reads at
# 90 and more; a misread word under a speck or a fold mostly falls under 60.
LOW_CONFIDENCE = 60.0


def touches_doubtful(doubtful: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the span [start, end) overlaps a doubtful word's range (`OcrLayer.doubtful`);
    an empty span, when it stands at the start of one."""
    return any((s < end and start < e) or s == start for s, e in doubtful)


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word Tesseract read: its range in the original text, where it stands on which page,
    and how sure Tesseract was (0-100)."""

    start: int
    end: int
    page: int  # 1-based
    box: Box
    confidence: float


@dataclass(frozen=True, slots=True)
class OcrPage:
    """A page read by OCR: the size of the image the boxes refer to, and its language."""

    number: int  # 1-based, in the file's own page order
    width: int
    height: int
    language: str  # the Tesseract language it was read with, e.g. "eng", "rus"
    rotation: int = 0  # degrees the scan was turned counter-clockwise to set it upright


@dataclass(slots=True)
class OcrLayer:
    """The words and pages of the parts of a document's original text that came from OCR;
    pages of a mixed PDF read from their text layer have no words here."""

    pages: list[OcrPage] = field(default_factory=list)
    words: list[OcrWord] = field(default_factory=list)  # in text order

    def words_in(self, start: int, end: int) -> list[OcrWord]:
        """The words overlapping the original text's [start, end)."""
        first = bisect.bisect_right(self.words, start, key=lambda word: word.end)
        found = []
        for word in self.words[first:]:
            if word.start >= max(end, start + 1):
                break
            found.append(word)
        return found

    def doubtful(self) -> list[tuple[int, int]]:
        """The [start, end) ranges of the words read with LOW_CONFIDENCE or less."""
        return [(w.start, w.end) for w in self.words if w.confidence < LOW_CONFIDENCE]

    def page(self, number: int) -> OcrPage | None:
        return next((page for page in self.pages if page.number == number), None)

    def to_json(self) -> dict[str, object]:
        return {
            "pages": [[p.number, p.width, p.height, p.language, p.rotation] for p in self.pages],
            "words": [[w.start, w.end, w.page, *w.box, w.confidence] for w in self.words],
        }

    @classmethod
    def from_json(cls, data: dict[str, list[list]]) -> OcrLayer:
        return cls(
            [OcrPage(*page) for page in data["pages"]],
            [OcrWord(w[0], w[1], w[2], (w[3], w[4], w[5], w[6]), w[7]) for w in data["words"]],
        )


@dataclass(slots=True)
class RawDocument:
    """What a reader returns: the text of one file as it arrived, before cleaning."""

    source: str  # the path or address it was read from
    file_name: str
    media_type: str  # e.g. "text/plain", "application/pdf"
    sha256: str  # of the file's bytes: the identity of a document
    size: int
    text: str  # the original text, the reference for every offset
    title: str | None = None
    encoding: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    # The file's bytes, kept for download; None where only the text is known (an import).
    content: bytes | None = field(default=None, repr=False, compare=False)
    ocr: OcrLayer | None = field(default=None, repr=False)  # for text read by OCR


@dataclass(slots=True)
class CleanText:
    """A cleaned text with the map back to the original."""

    text: str
    offsets: OffsetMap


@dataclass(slots=True)
class Document:
    """A read and cleaned document, ready for extraction."""

    raw: RawDocument
    clean: CleanText
    language: str | None = None

    @property
    def words(self) -> int:
        return len(self.clean.text.split())


@dataclass(slots=True)
class Event:
    """Something a document states happened to a person (see vocabulary event_types)."""

    type: EventType
    date: PartialDate | None
    detail: str
    evidence: Evidence
    date_from_document: bool = False  # the date is the document's, the text gave none


@dataclass(frozen=True, slots=True)
class Charge:
    """A charge: the article of law (and its part, code and country) and the charge's words,
    as far as the text states them."""

    article: str | None = None  # "174", "405-1"; with `more`, the first of a list
    part: str | None = None
    code: str | None = None  # a vocabulary code: criminal, administrative
    country: str | None = None  # ISO 3166 alpha-2, when the code's country is stated
    text: str | None = None  # the charge in the text's own words ("inciting social discord")


@dataclass(frozen=True, slots=True)
class CourtSentence:
    """A sentence as a text states it: None wherever the text says nothing."""

    term_months: int | None = None
    term_days: int | None = None  # short administrative terms ("15 days")
    penalty: str | None = None  # imprisonment, restricted_freedom, fine... (lexicon penalties)
    regime: str | None = None  # general, strict, special, settlement, prison
    suspended: bool | None = None
    probation_months: int | None = None
    fine_amount: int | None = None
    fine_currency: str | None = None  # ISO 4217
    court: str | None = None
    judge: str | None = None
    custody_counts: bool = False  # the text says time in custody counts toward the term
    charges: tuple[str, ...] = ()  # the charges and articles the same sentence names


@dataclass(frozen=True, slots=True)
class Detention:
    place: str  # a colony, a pre-trial detention centre, a prison, as the text names it


@dataclass(frozen=True, slots=True)
class Restriction:
    restriction: str  # travel_ban, profession_ban, activity_ban, extremist_list
    text: str


CaseFactKind = Literal["charge", "sentence", "detention", "restriction"]
CaseFactValue = Charge | CourtSentence | Detention | Restriction
CASE_FACT_TYPES: dict[CaseFactKind, type] = {
    "charge": Charge,
    "sentence": CourtSentence,
    "detention": Detention,
    "restriction": Restriction,
}


def kind_of(value: CaseFactValue) -> CaseFactKind:
    return next(k for k, t in CASE_FACT_TYPES.items() if isinstance(value, t))


def fields_of(value: CaseFactValue) -> dict[str, object]:
    """A case fact's fields by name (lists for tuples): what is stored and exported."""
    return {
        name: list(v) if isinstance(v := getattr(value, name), tuple) else v
        for name in value.__dataclass_fields__
    }


@dataclass(slots=True)
class CaseFact:
    """A fact of a person's case as one sentence of a document states it."""

    value: CaseFactValue
    evidence: Evidence
    # The date the text gives: of the verdict (a sentence), of the charge, since when held.
    date: PartialDate | None = None

    @property
    def kind(self) -> CaseFactKind:
        return kind_of(self.value)

    def fields(self) -> dict[str, object]:
        return fields_of(self.value)

    @staticmethod
    def value_of(kind: str, fields: dict[str, object]) -> CaseFactValue:
        """The inverse of `fields`; unknown names (from a later version) are left out."""
        cls = CASE_FACT_TYPES[kind]  # type: ignore[index]
        known = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in fields.items()
            if name in cls.__dataclass_fields__
        }
        return cls(**known)


@dataclass(slots=True)
class Mention:
    """One place where a document names a person."""

    text: str  # the name as written
    evidence: Evidence


@dataclass(slots=True)
class PersonRecord:
    """A person as one document presents them: the unit extraction hands to resolution."""

    key: str  # unique within the document
    name: str  # the fullest form, natural order, no honorific
    role: Role
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    descriptors: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    person_id: str | None = None  # set by resolution
    case_facts: list[CaseFact] = field(default_factory=list)


@dataclass(slots=True)
class Organisation:
    name: str
    kind: str  # party, union, ngo, court, political_group, state_body, media, other
    evidence: Evidence


@dataclass(slots=True)
class Demand:
    """(who demands, from whom, what, for whom), as one sentence states it."""

    action: str  # a vocabulary demand_actions code
    targets: list[str]  # PersonRecord keys
    evidence: Evidence
    demanders: list[str] = field(default_factory=list)  # PersonRecord keys or organisation names
    addressees: list[str] = field(default_factory=list)
    # The date the text gives for the act of demanding: a date in the demand's sentence, in
    # the sentence that opens its list ("On 5 May we called for:"), or - in a document with
    # no date of its own - the full date opening the news item that reports the act. None
    # when the text gives none; never the document's date.
    date: PartialDate | None = None


@dataclass(slots=True)
class Extraction:
    """Everything extraction says about one document."""

    date: PartialDate | None
    kind: DocumentKind
    language: str | None
    extractor: Extractor
    persons: list[PersonRecord] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    date_evidence: Evidence | None = None
