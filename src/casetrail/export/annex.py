"""The annex a letter attaches: the list of individual cases, one row per person, every fact
cited to numbered documents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from casetrail.derive.case_record import CaseRecord
from casetrail.derive.status import PersonStatus
from casetrail.derive.summary import CaseSummary, KeyDate, Sourced, case_summaries
from casetrail.export.report import Citations, Heading, Paragraph, Report, Table
from casetrail.store import Store

_READING = (
    "Status as of {as_of}, from the dated facts of the documents listed under Sources. "
    "Numbers in brackets cite those documents. “by <date>” marks a fact whose text gives no "
    "date: it is held as of the date of the document stating it."
)


def status_text(status: PersonStatus, citations: Citations) -> str:
    """ "imprisoned since 2019-05-14, last confirmed 2020-02-12 [1, 2]" and any dispute."""
    if status.status == "unknown":
        return "unknown (no dated fact)"
    text = f"{status.status.replace('_', ' ')} since {status.since}"
    if status.last_confirmed != status.since:
        text += f", last confirmed {status.last_confirmed}"
    text += f" {citations.cite(o.event.source for o in status.evidence)}"
    if status.disputed:
        text += f"\ndisputed by {citations.cite(o.event.source for o in status.disputed)}"
    return text


def sourced_lines(values: Sequence[Sourced], citations: Citations) -> str:
    return "\n".join(f"{v.value} {citations.cite(v.sources)}" for v in values)


def record_lines(record: CaseRecord, citations: Citations) -> str:
    """Where the person is held, their restrictions and the expected end of the sentence."""
    lines = [
        f"held in {f.value.place} {citations.cite([f.source])}"  # type: ignore[union-attr]
        for f in record.detention
    ]
    lines += [
        f"{f.value.restriction.replace('_', ' ')}: {f.value.text} {citations.cite([f.source])}"  # type: ignore[union-attr]
        for f in record.restrictions
    ]
    expected = record.expected_release
    if expected is not None:
        lines.append(
            f"expected end {expected.date} ({expected.explanation})"
            f" {citations.cite([expected.sentence.source])}"
        )
    return "\n".join(lines)


def key_date_text(key: KeyDate, citations: Citations) -> str:
    when = f"by {key.date}" if key.date_from_document else str(key.date)
    return f"{key.type.replace('_', ' ')} {when} {citations.cite(key.sources)}"


def _row(number: int, case: CaseSummary, citations: Citations) -> tuple[str, ...]:
    name = case.name + (f"\n(also: {'; '.join(case.spellings)})" if case.spellings else "")
    found = case.profile
    sentence = sourced_lines(case.sentences, citations)
    if any(conflict.kind == "term" for conflict in case.timeline.conflicts):
        sentence += "\n(the sources differ)"
    sentence = "\n".join(x for x in (sentence, record_lines(case.record, citations)) if x)
    cells = (
        str(number),
        name,
        ", ".join((*found.roles, *found.groups, *found.parties, *found.countries)),
        status_text(case.status, citations),
        sourced_lines(case.charges, citations),
        sentence,
        "\n".join(key_date_text(key, citations) for key in case.key_dates),
    )
    used = [e.event.source for e in case.timeline.entries]
    return (*cells, citations.cite(used))


def annex(store: Store, person_ids: Sequence[str], as_of: date) -> Report:
    """The annex of individual cases for these persons, in the order given."""
    citations = Citations()
    rows = tuple(
        _row(number, case, citations)
        for number, case in enumerate(case_summaries(store, person_ids, as_of), 1)
    )
    table = Table(
        (
            "#",
            "Name",
            "Role",
            f"Status as of {as_of}",
            "Charges",
            "Sentence",
            "Key dates",
            "Sources",
        ),
        rows,
        (4, 22, 16, 20, 22, 12, 22, 9),
    )
    return Report(
        "Annex: list of individual cases",
        (Paragraph(_READING.format(as_of=as_of)), table, Heading("Sources"), citations.listing()),
    )
