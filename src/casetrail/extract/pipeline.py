"""The extraction stage: one document in, an Extraction (persons, roles, events, demands) out.

Components run in order over one segmented text: layout, names, roles, events, metadata.
Each fact is mapped back to original-text offsets through the cleaner's offset map.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import spacy
from spacy.language import Language

from casetrail.domain import (
    Demand,
    Document,
    Event,
    Evidence,
    Extraction,
    Extractor,
    Mention,
    Organisation,
    PartialDate,
    PersonRecord,
    Span,
)
from casetrail.extract.dates import find_dates
from casetrail.extract.events import EventFinder, EventResult
from casetrail.extract.metadata import document_date, document_kind
from casetrail.extract.names import NameFinder, NameMention, fold, same_person
from casetrail.extract.structure import Layout, analyse_layout
from casetrail.extract.text import Segmented, segment
from casetrail.languages import LanguagePack, pack

EXTRACTOR = Extractor("casetrail.rules", "0.1.0")
_ORG_KINDS = {
    "party": r"\bpart(?:y|ies)\b|partiyasy",
    "union": r"\bunions?\b|\bver\.di\b|\bmetal\b",
    "court": r"\bcourt\b|\btribunal\b",
    "political_group": r"^(?:S&D|EPP|ALDE|Renew|Greens/EFA|GUE/NGL|ECR|ID|NI)$",
    "ngo": r"\bfoundation\b|\bbureau\b|\bwatch\b|\bcommittee\b|\bcoalition\b|\bamnesty\b|\bngo\b",
    "state_body": r"\bministry\b|\bgovernment\b|\bsecurity\b|\bpolice\b|\bprosecutor|\bknb\b",
    "media": r"\bnewspaper\b|\bmagazine\b|\bradio\b|\btv\b|\bagency\b",
}


@cache
def _nlp(model: str) -> Language:
    # Only the entity recogniser: its entities are name candidates (see names.py).
    return spacy.load(
        model, exclude=["parser", "lemmatizer", "attribute_ruler", "tagger", "senter"]
    )


class RuleExtractor:
    """The rule-based extractor; `extract` is safe to call on any Document."""

    extractor = EXTRACTOR

    def extract(self, document: Document) -> Extraction:
        lang = pack(document.language)
        text = document.clean.text
        seg = segment(text)
        languages = tuple(dict.fromkeys((lang.code, "en")))
        ents = self._entities(text, lang)
        layout = analyse_layout(seg, lang)
        finder = NameFinder(lang)
        mentions = finder.find(seg, ents, layout.listed - layout.header)
        persons = self._group(mentions)
        taken = [(m.start, m.end) for m in mentions]
        surname_mentions = finder.surname_mentions(seg, persons, taken)
        for mention in surname_mentions:
            persons[mention.person].append(mention)
        all_mentions = sorted(mentions + surname_mentions, key=lambda m: m.start)
        roles = self._structural_roles(seg, persons, layout, lang)
        doc_date_mention = document_date(seg, languages)
        doc_date = doc_date_mention.resolve(None) if doc_date_mention else None
        # A letterhead date or dateline is the document's, not an event's.
        dates = [
            d
            for d in find_dates(text, languages)
            if not (doc_date_mention and d.start == doc_date_mention.start)
        ]
        eligible = {i for i in range(len(persons)) if i not in roles}
        found = EventFinder(lang, lang.backref_list_markers).find(
            seg, all_mentions, eligible, dates
        )
        self._event_roles(seg, persons, roles, found, lang)
        evidence = _EvidenceMaker(document, seg)
        records = [
            self._record(index, group, roles[index], found, doc_date, evidence, seg, lang)
            for index, group in enumerate(persons)
        ]
        return Extraction(
            date=doc_date,
            kind=document_kind(text, lang),  # type: ignore[arg-type]
            language=document.language,
            extractor=EXTRACTOR,
            persons=records,
            organisations=self._organisations(ents, evidence),
            demands=[
                Demand(
                    d.action,
                    [records[p].key for p in d.persons],
                    evidence(d.start, d.end),
                    demanders=[r.key for r in records if r.role == "advocate"],
                    addressees=[r.key for r in records if r.role == "addressee"],
                )
                for d in found.demands
            ],
            date_evidence=(
                evidence(doc_date_mention.start, doc_date_mention.end) if doc_date_mention else None
            ),
        )

    def _entities(self, text: str, lang: LanguagePack) -> list[tuple[int, int, str]]:
        if not lang.ner_model:
            return []
        doc = _nlp(lang.ner_model)(text)
        return [(e.start_char, e.end_char, e.label_) for e in doc.ents]

    def _group(self, mentions: list[NameMention]) -> list[list[NameMention]]:
        """Mentions of one person in this document, full names first."""
        persons: list[list[NameMention]] = []
        ordered = sorted(mentions, key=lambda m: (m.surname_only, m.start))
        for mention in ordered:
            for index, group in enumerate(persons):
                if any(same_person(mention, other) for other in group if not other.surname_only):
                    mention.person = index
                    group.append(mention)
                    break
            else:
                mention.person = len(persons)
                persons.append([mention])
        return persons

    def _structural_roles(
        self, seg: Segmented, persons: list[list[NameMention]], layout: Layout, lang: LanguagePack
    ) -> dict[int, str]:
        roles: dict[int, str] = {}
        for index, group in enumerate(persons):
            lines = {seg.line_at(m.start) for m in group}
            evidence = {e for m in group for e in m.evidence}
            if (
                lines & (layout.signatures | layout.authors)
                or "MEP or group after" in evidence
                or (lines & layout.sender and not lines & (layout.header - layout.sender))
            ):
                roles[index] = "advocate"
            elif lines & (layout.copies | layout.header):
                roles[index] = "addressee"
            elif lines & layout.others:
                roles[index] = "other"
            elif any(self._official(seg, m, lang) for m in group):
                roles[index] = "official"
            elif any(self._advocate_noun(seg, m, lang) for m in group):
                roles[index] = "advocate"
        return roles

    def _official(self, seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        """An office right before the name ("Prosecutor General X", "the head of the State
        Committee, X") or right after it ("X, Minister of Justice")."""
        official = lang.role_nouns["official"]
        line_start = seg.text.rfind("\n", 0, mention.start) + 1
        before = seg.text[line_start : mention.start]
        if mention.honorific:
            before = before[: before.rstrip().rfind(" ") + 1] if " " in before.strip() else ""
        words = before.split()
        if (
            words
            and official.search(" ".join(words[-4:]))
            and not lang.role_nouns["concern"].fullmatch(words[-1].lower())
        ):
            return True
        # Apposition: "<office>, Name" with the office phrase opening the clause.
        if before.rstrip().endswith(","):
            phrase = re.split(r"[.;:!?]|\bwhereas\b", before.rstrip()[:-1])[-1]
            if (
                len(phrase.split()) <= 14
                and official.search(phrase)
                and not lang.civil_society_words.search(phrase)
            ):
                return True
        after = seg.text[mention.end : mention.end + 60].split("\n", 1)[0]
        match = re.match(r"\s*,\s*(?:the\s+)?([^,]+)", after)
        return bool(match and official.match(match.group(1).strip()))

    def _advocate_noun(self, seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        before = seg.text[max(0, mention.start - 12) : mention.start]
        return bool(re.search(r"\b(?:MEPs?|MPs?)\s*$", before))

    def _event_roles(
        self,
        seg: Segmented,
        persons: list[list[NameMention]],
        roles: dict[int, str],
        found: EventResult,
        lang: LanguagePack,
    ) -> None:
        with_events = {e.person for e in found.events}
        demanded = {p for d in found.demands for p in d.persons}
        for index, group in enumerate(persons):
            if index in roles:
                continue
            if index in with_events or index in demanded:
                roles[index] = "concern"
            elif any(self._quoted_speaker(seg, m, lang) for m in group):
                roles[index] = "advocate"
            elif any(self._concern_context(seg, m, lang) for m in group):
                roles[index] = "concern"
            else:
                roles[index] = "other"

    def _quoted_speaker(self, seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        """ "said X of the Y Monitor", "X, director of Y, said": a speaker for the cause."""
        before = seg.text[max(0, mention.start - 40) : mention.start]
        after = seg.text[mention.end : mention.end + 80]
        return bool(
            re.search(rf"(?:{lang.speech_verbs.pattern})\s+(?:[\w-]+\s+){{0,3}}$", before)
            or lang.speech_verbs.match(after.lstrip(" ,"))
            or re.match(rf"\s*,[^,.;]{{3,60}},\s*(?:{lang.speech_verbs.pattern})", after)
        )

    def _concern_context(self, seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        sentence = seg.sentences[seg.sentence_at(mention.start)]
        before = seg.text[sentence.start : mention.start]
        near = " ".join(before.split()[-4:])
        return bool(
            lang.role_nouns["concern"].search(near) or lang.concern_list_markers.search(before)
        )

    def _record(
        self,
        index: int,
        group: list[NameMention],
        role: str,
        found: EventResult,
        doc_date: PartialDate | None,
        evidence: _EvidenceMaker,
        seg: Segmented,
        lang: LanguagePack,
    ) -> PersonRecord:
        full = [m for m in group if not m.surname_only] or group
        spellings = Counter(m.name for m in full)
        name = max(spellings, key=lambda n: (len(n.split()), spellings[n], -len(n)))
        events: list[Event] = []
        seen: set[tuple[str, str | None]] = set()
        for found_event in found.events:
            if found_event.person != index:
                continue
            date = found_event.date.resolve(doc_date) if found_event.date else None
            key = (found_event.type, date.iso() if date else None)
            if key in seen:
                continue
            seen.add(key)
            events.append(
                Event(
                    found_event.type,  # type: ignore[arg-type]
                    date,
                    found_event.detail,
                    evidence(found_event.cue.start, found_event.cue.end),
                )
            )
        dated_types = {e.type for e in events if e.date}
        events = [e for e in events if e.date or e.type not in dated_types]
        return PersonRecord(
            key=f"p{index}",
            name=name,
            role=role,  # type: ignore[arg-type]
            mentions=[Mention(seg.text[m.start : m.end], evidence(m.start, m.end)) for m in group],
            aliases=sorted(set(spellings) - {name}),
            descriptors=self._descriptors(seg, group, lang),
            events=events,
        )

    def _descriptors(
        self, seg: Segmented, group: list[NameMention], lang: LanguagePack
    ) -> list[str]:
        found: list[str] = []
        nouns = "|".join(p.pattern for p in lang.role_nouns.values())
        for mention in group:
            line_start = seg.text.rfind("\n", 0, mention.start) + 1
            before = seg.text[line_start : mention.start]
            match = re.search(
                rf"((?:[\w'’-]+\s+){{0,3}}(?:{nouns}))\s+(?:\w+\.?\s+)?$", before, re.IGNORECASE
            )
            if match:
                found.append(match.group(1).strip())
            after = seg.text[mention.end : mention.end + 80].split("\n", 1)[0]
            groups = re.findall(r"[\w&/]+", after[:30])
            found.extend(g for g in groups if g.lower() in lang.political_groups)
        return list(dict.fromkeys(found))

    def _organisations(
        self, ents: list[tuple[int, int, str]], evidence: _EvidenceMaker
    ) -> list[Organisation]:
        organisations = []
        seen = set()
        for start, end, label in ents:
            if label != "ORG":
                continue
            name = evidence.seg.text[start:end]
            kind = next(
                (k for k, p in _ORG_KINDS.items() if re.search(p, name, re.IGNORECASE)), None
            )
            if kind is None or fold(name) in seen:
                continue
            seen.add(fold(name))
            organisations.append(Organisation(name, kind, evidence(start, end)))
        return organisations


class _EvidenceMaker:
    """Turns cleaned-text spans into Evidence on the original text."""

    def __init__(self, document: Document, seg: Segmented) -> None:
        self.document = document
        self.seg = seg

    def __call__(self, start: int, end: int) -> Evidence:
        offsets = self.document.clean.offsets
        span = offsets.span_to_original(start, end)
        sentence = self.seg.sentences[self.seg.sentence_at(start)] if self.seg.sentences else None
        return Evidence(
            span=span,
            quote=self.document.raw.text[span.start : span.end],
            extractor=EXTRACTOR,
            sentence=(
                offsets.span_to_original(sentence.start, sentence.end)
                if sentence
                else Span(span.start, span.end)
            ),
        )
