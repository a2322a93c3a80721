"""One person's full sourced history: identity, status, charges, timeline with every quote and
offset, conflicts, alerts and the advocacy record."""

from __future__ import annotations

from datetime import date

from casetrail.derive.advocacy import Intervention, Participant, advocacy_records
from casetrail.derive.alerts import person_alerts
from casetrail.derive.summary import case_summaries
from casetrail.derive.timeline import TimelineEntry
from casetrail.export.annex import key_date_text, sourced_lines, status_text
from casetrail.export.report import Block, Citations, Heading, Items, Paragraph, Report, Table
from casetrail.store import Store


def entry_date(entry: TimelineEntry) -> str:
    """The date column of a timeline: the document's date is marked as such."""
    if entry.date is None:
        return "unknown"
    return f"by {entry.date} (document date)" if entry.date_from_document else str(entry.date)


def intervention_date(item: Intervention) -> str:
    """The date column of interventions: a date the text gives (the document has none) is
    marked as such."""
    if item.date is None:
        return "undated"
    return str(item.date) if item.date_from_document else f"{item.date} (from the text)"


def participant_text(participant: Participant) -> str:
    found = participant.profile
    details = ", ".join((*found.groups, *found.parties, *found.countries, *found.roles))
    return f"{participant.name} ({details})" if details else participant.name


def _intervention_row(item: Intervention, citations: Citations) -> tuple[str, ...]:
    document = item.document
    return (
        intervention_date(item),
        document.kind or "",
        f"{document.title or document.source} [{citations.number(document)}]",
        "\n".join(participant_text(p) for p in item.advocates),
        "\n".join(participant_text(p) for p in item.addressees),
        "\n".join(f"{d.action}: “{d.quote}”" for d in item.demands),
    )


def dossier(store: Store, person_id: str, as_of: date) -> Report:
    """The dossier of one person, with facts as of `as_of`."""
    [case] = case_summaries(store, [person_id], as_of)
    [advocacy] = advocacy_records(store, [person_id])
    citations = Citations()
    timeline = case.timeline
    conflicting = timeline.conflicting_event_ids
    found = case.profile
    blocks: list[Block] = [
        Paragraph(f"Person id: {case.person_id}"),
        Paragraph("Also written: " + ("; ".join(case.spellings) or "—")),
        Paragraph(
            "Role words: "
            + (", ".join((*found.roles, *found.groups, *found.parties, *found.countries)) or "—")
        ),
        Heading(f"Status as of {as_of}"),
        Paragraph(status_text(case.status, citations)),
        Items(
            tuple(
                f"{o.date}: {o.event.type} “{o.event.quote}” {citations.cite([o.event.source])}"
                for o in case.status.evidence
            )
        ),
        Heading("Charges, sentence and key dates"),
        Paragraph("Charges: " + (sourced_lines(case.charges, citations) or "not stated")),
        Paragraph("Sentence: " + (sourced_lines(case.sentences, citations) or "not stated")),
        Items(tuple(key_date_text(key, citations) for key in case.key_dates)),
        Heading("Timeline"),
        Table(
            ("Date", "Event", "Detail", "Quote", "Source"),
            tuple(
                (
                    entry_date(e),
                    e.event.type + (" (in conflict)" if e.event.id in conflicting else ""),
                    e.event.detail,
                    f"“{e.event.quote}”",
                    f"[{citations.number(e.event.document)}] characters"
                    f" {e.event.start}–{e.event.end}",
                )
                for e in timeline.entries
            ),
            (16, 14, 38, 38, 14),
        ),
        Heading("Conflicts"),
        Items(tuple(c.message for c in timeline.conflicts) or ("none found",)),
        Heading("Alerts"),
        Items(tuple(a.message for a in person_alerts(store, [person_id], as_of)) or ("none",)),
        Heading("Advocacy"),
        Table(
            ("Date", "Kind", "Document", "Advocates", "Addressees", "Demands for the person"),
            tuple(_intervention_row(item, citations) for item in advocacy.interventions),
            (12, 10, 28, 28, 22, 30),
        ),
        Heading("Sources"),
        citations.listing(),
    ]
    return Report(f"Dossier: {case.name}", tuple(blocks))
