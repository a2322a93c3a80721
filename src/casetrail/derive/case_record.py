"""A person's case as fields: charges, sentences, places of detention, restrictions, and when
the sentence is expected to end.

Every fact keeps its source, and facts that disagree (two terms, two articles) are all kept.
The expected end is an estimate: the verdict's date (or the arrest's, when the text says the
time in custody counts) plus the term, at month precision (a day's precision would claim more
than a text that says nothing of amnesties, credit or early release can tell).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from casetrail.derive.dates import first_day, last_day, sort_key
from casetrail.domain import CourtSentence, PartialDate
from casetrail.store import Store, read_model
from casetrail.store.read_model import EventFact, StoredCaseFact

# Penalties served in custody: the end of their term is a release.
CUSTODIAL = frozenset({"imprisonment", "administrative_detention"})
# Events after which the person is no longer held for that sentence.
_ENDING = frozenset({"released", "acquitted", "died"})
Basis = Literal["verdict", "arrest"]


@dataclass(frozen=True, slots=True)
class ExpectedRelease:
    """When a sentence is expected to end, and from what."""

    date: PartialDate
    basis: Basis
    basis_date: PartialDate
    verdict: PartialDate
    sentence: StoredCaseFact
    custodial: bool  # the end of the term is a release from custody

    @property
    def term(self) -> str:
        return term_text(self.sentence.value)  # type: ignore[arg-type]  # a sentence's

    @property
    def explanation(self) -> str:
        """ "estimate: verdict of 2021-01-12 (document #3) + 4 years" """
        return (
            f"estimate: {self.basis} of {self.basis_date}"
            f" (document #{self.sentence.document.id}) + {self.term}"
        )


@dataclass(frozen=True, slots=True)
class CaseRecord:
    person_id: str
    charges: tuple[StoredCaseFact, ...]
    sentences: tuple[StoredCaseFact, ...]  # in the order of their dates, undated last
    detention: tuple[StoredCaseFact, ...]  # by document date: the latest known place last
    restrictions: tuple[StoredCaseFact, ...]
    # The earliest estimate from the latest verdict; the other estimates (sources that
    # disagree on the term or the date) beside it.
    expected_release: ExpectedRelease | None
    other_estimates: tuple[ExpectedRelease, ...]

    @property
    def articles(self) -> tuple[str, ...]:
        """Every article charged, "174.1" for article 174 part 1, once each."""
        return tuple(
            dict.fromkeys(
                article_text(f.value.article, f.value.part)  # type: ignore[union-attr]
                for f in self.charges
                if f.value.article  # type: ignore[union-attr]
            )
        )

    @property
    def latest_sentence(self) -> StoredCaseFact | None:
        if self.expected_release is not None:
            return self.expected_release.sentence
        return self.sentences[-1] if self.sentences else None

    @property
    def place(self) -> str | None:
        return self.detention[-1].value.place if self.detention else None  # type: ignore[union-attr]


def article_text(article: str, part: str | None) -> str:
    return f"{article}.{part}" if part else article


def term_text(sentence: CourtSentence) -> str:
    """ "4 years", "5 years 6 months", "15 days"; "" when the sentence states no term."""
    if sentence.term_days:
        return f"{sentence.term_days} day{'s' if sentence.term_days != 1 else ''}"
    if not sentence.term_months:
        return ""
    years, months = divmod(sentence.term_months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    parts += [f"{months} month{'s' if months != 1 else ''}"] if months else []
    return " ".join(parts)


def add_term(start: PartialDate, months: int | None, days: int | None) -> PartialDate:
    """The end of a term begun on `start`, no more precise than the month; a start known to
    the year gives the last year the term can end in."""
    if days:
        if start.day is None:
            return PartialDate(start.year, start.month) if start.month else PartialDate(start.year)
        end = first_day(start) + timedelta(days=days)
        return PartialDate(end.year, end.month, end.day)
    months = months or 0
    if start.month is None:
        return PartialDate(start.year + -(-months // 12))
    index = start.year * 12 + start.month - 1 + months
    return PartialDate(index // 12, index % 12 + 1)


def _arrest_before(events: Sequence[EventFact], verdict: PartialDate) -> PartialDate | None:
    """The latest arrest the texts date on or before the verdict."""
    arrests = [
        e.own_date
        for e in events
        if e.type == "arrested" and e.own_date and first_day(e.own_date) <= last_day(verdict)
    ]
    return max(arrests, key=first_day) if arrests else None


def _estimate(fact: StoredCaseFact, events: Sequence[EventFact]) -> ExpectedRelease | None:
    sentence = fact.value
    assert isinstance(sentence, CourtSentence)
    if fact.date is None or sentence.suspended or not (sentence.term_months or sentence.term_days):
        return None
    arrest = _arrest_before(events, fact.date) if sentence.custody_counts else None
    basis: Basis = "arrest" if arrest else "verdict"
    start = arrest or fact.date
    return ExpectedRelease(
        add_term(start, sentence.term_months, sentence.term_days),
        basis,
        start,
        fact.date,
        fact,
        sentence.penalty is None or sentence.penalty in CUSTODIAL,
    )


def build_case_record(
    person_id: str, facts: Sequence[StoredCaseFact], events: Sequence[EventFact]
) -> CaseRecord:
    def dated(fact: StoredCaseFact) -> tuple[str, str, int]:
        return (sort_key(fact.date), sort_key(fact.document.date), fact.id)

    by_kind: dict[str, list[StoredCaseFact]] = {}
    for fact in sorted(facts, key=dated):
        by_kind.setdefault(fact.kind, []).append(fact)
    sentences = by_kind.get("sentence", [])
    estimates = [e for e in (_estimate(f, events) for f in sentences) if e is not None]
    latest: list[ExpectedRelease] = []
    if estimates:
        last_verdict = max(first_day(e.verdict) for e in estimates)
        latest = sorted(
            (e for e in estimates if first_day(e.verdict) == last_verdict),
            key=lambda e: first_day(e.date),
        )
    chosen = latest[0] if latest else None
    others = {e.date: e for e in estimates if chosen is None or e.date != chosen.date}
    return CaseRecord(
        person_id,
        tuple(by_kind.get("charge", [])),
        tuple(sentences),
        # The place a later document names is the latest known, whatever dates the texts give.
        tuple(sorted(by_kind.get("detention", []), key=lambda f: dated(f)[1::-1])),
        tuple(by_kind.get("restriction", [])),
        chosen,
        tuple(others.values()),
    )


def case_records(store: Store, person_ids: Collection[str] | None) -> dict[str, CaseRecord]:
    """The case records of these persons (None: every person with a stored fact), by id."""
    facts = read_model.case_facts_by_person(store, person_ids)
    wanted = facts.keys() if person_ids is None else person_ids
    # Only a sentence's estimate reads events: none for the persons without one.
    sentenced = [pid for pid in wanted if any(f.kind == "sentence" for f in facts.get(pid, ()))]
    events = read_model.events_by_person(store, sentenced)
    return {pid: build_case_record(pid, facts.get(pid, []), events.get(pid, [])) for pid in wanted}


def release_recorded(expected: ExpectedRelease, events: Sequence[EventFact]) -> bool:
    """Whether the texts report a release (or an acquittal, a death) since the term began."""
    begun = first_day(expected.basis_date)
    for event in events:
        when = event.own_date or event.document.date
        if event.type in _ENDING and when is not None and last_day(when) >= begun:
            return True
    return False


# The persons table's columns from a case record, and its filters on them -------------------

CASE_COLUMNS = ("article", "term", "regime", "place", "expected_release")


def column_values(record: CaseRecord | None) -> dict[str, str]:
    """What the persons table shows of a case: the articles charged, the term, penalty and
    regime of the latest sentence, the latest place, the expected end ("" when unknown)."""
    if record is None:
        return dict.fromkeys(CASE_COLUMNS, "")
    sentence = record.latest_sentence
    value = sentence.value if sentence else None
    assert value is None or isinstance(value, CourtSentence)
    expected = record.expected_release
    return {
        "article": ", ".join(record.articles),
        "term": term_text(value) if value else "",
        "regime": (value.regime or value.penalty or "").replace("_", " ") if value else "",
        "place": record.place or "",
        "expected_release": str(expected.date) if expected else "",
    }


def sort_value(record: CaseRecord | None, column: str) -> tuple[bool, object]:
    """A key ordering the persons by a case column, the unknown last (in either order: see
    `sorted_by_case`)."""
    if record is None:
        return (True, "")
    if column == "term":
        sentence = record.latest_sentence
        value = sentence.value if sentence else None
        months = value.term_months if isinstance(value, CourtSentence) else None
        return (months is None, months or 0)
    if column == "expected_release":
        expected = record.expected_release
        return (expected is None, first_day(expected.date) if expected else "")
    shown = column_values(record)[column]
    return (not shown, shown.casefold())


def sorted_by_case(
    person_ids: Sequence[str], records: dict[str, CaseRecord], column: str, descending: bool
) -> list[str]:
    """The persons by a case column, those without a value last in either order."""
    keys = {pid: sort_value(records.get(pid), column) for pid in person_ids}
    known = sorted((p for p in person_ids if not keys[p][0]), key=lambda p: keys[p][1])
    return (known[::-1] if descending else known) + [p for p in person_ids if keys[p][0]]


def case_matches(record: CaseRecord | None, article: str = "", release: str = "") -> bool:
    """Whether a case is charged under `article` ("405": also 405 part 2, "405.2": only that
    part) and its sentence is expected to end in `release` (a year or YYYY-MM)."""
    if article:
        wanted = article.strip().lower().removeprefix("article").strip()
        found = record.articles if record else ()
        if not any(a == wanted or a.startswith(f"{wanted}.") for a in found):
            return False
    if release:
        expected = record.expected_release if record else None
        if expected is None or not str(expected.date).startswith(release.strip()):
            return False
    return True
