"""The extraction stage: one document in, an Extraction (persons, roles, events, demands) out.

Components run in order over one segmented text: layout, names, roles, events, metadata.
Each fact is mapped back to original-text offsets through the cleaner's offset map.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from email.utils import parsedate_to_datetime

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
from casetrail.extract.case_facts import case_facts
from casetrail.extract.dates import DateMention, find_dates, month_words
from casetrail.extract.events import EventFinder, EventResult, asked_to_act, attribution_source
from casetrail.extract.metadata import (
    document_date,
    document_kind,
    lead_act_date,
    reported_period_end,
)
from casetrail.extract.morph import is_cyrillic, settle
from casetrail.extract.names import NameFinder, NameMention, fold, same_person
from casetrail.extract.ner import Analysis, analyse
from casetrail.extract.structure import Layout, analyse_layout
from casetrail.extract.text import Segmented, segment
from casetrail.languages import LanguagePack, detect_blocks, pack, pack_code, packs

# A newer version makes `ingest` extract stored documents again (0.2.0: case facts).
EXTRACTOR = Extractor("casetrail.rules", "0.2.0")
_ORG_KINDS = {
    "party": r"\bpart(?:y|ies)\b|partiyasy",
    "union": r"\bunions?\b|\bver\.di\b|\bmetal\b",
    "court": r"\bcourt\b|\btribunal\b",
    "political_group": r"^(?:S&D|EPP|ALDE|Renew|Greens/EFA|GUE/NGL|ECR|ID|NI)$",
    "ngo": r"\bfoundation\b|\bbureau\b|\bwatch\b|\bcommittee\b|\bcoalition\b|\bamnesty\b|\bngo\b",
    "state_body": r"\bministry\b|\bgovernment\b|\bsecurity\b|\bpolice\b|\bprosecutor|\bknb\b",
    "media": r"\bnewspaper\b|\bmagazine\b|\bradio\b|\btv\b|\bagency\b",
}

_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
# "Name (Other-script name)": the bracketed name is the same person's ("Yerlan Kaliyev
# (Ерлан Қалиев)").
_BRACKET_OPEN = re.compile(r"\s*[(\[]\s*$")
_BRACKET_CLOSE = re.compile(r"\s*[)\]]")
# What may open a line before its first name: a section mark or bullet and a short title.
_LINE_OPENING = re.compile(r"[§•*\s-]*(?:[^\W\d_]{1,4}\.?\s+)?")


def recognise(document: Document) -> Analysis:
    """The entities the document's language's recogniser (spaCy, natasha) finds in it: the
    larger part of extraction's work, and one that needs none of rigour's name tables."""
    return analyse(document.clean.text, pack(document.language).ner_model)


class RuleExtractor:
    """The rule-based extractor; `extract` is safe to call on any Document."""

    extractor = EXTRACTOR

    def extract(self, document: Document, entities: Analysis | None = None) -> Extraction:
        """The document's facts; `entities`: its `recognise(document)`, made beforehand (by
        another process, see `casetrail.workers`), else made here."""
        lang = pack(document.language)
        text = document.clean.text
        # A document may mix languages (a German letterhead over an English letter): the
        # layout is read with the knowledge of all of them, each paragraph's names and events
        # with its own language's too, and dates in any of them.
        detected = detect_blocks(text)
        blocks = [
            (start, end, code)
            for start, end, code in detected
            if pack_code(code) != lang.code and (pack_code(code) != "en" or code == "en")
        ]
        layout_lang = packs((lang.code, *(pack_code(code) for _, _, code in blocks)))
        languages = tuple(
            dict.fromkeys(
                [document.language or lang.code, *layout_lang.codes]
                + [code for _, _, code in detected]
                + ["en"]
            )
        )
        seg = segment(text, layout_lang.abbreviations, frozenset(month_words(languages)))
        analysis = recognise(document) if entities is None else entities
        ents = analysis.entities
        layout = analyse_layout(seg, layout_lang)
        finder = NameFinder(
            lang,
            analysis.features,
            [(start, end, packs((lang.code, pack_code(code)))) for start, end, code in blocks],
        )
        # A text that stops right after a letter may stop inside a word; a space after its
        # last word says that word is whole ("... Mikhail Baryshnikov ").
        ends_in_word = not document.raw.text.rstrip("\r\n")[-1:].isspace()
        mentions = finder.find(seg, ents, layout.listed - layout.header, ends_in_word)
        persons = self._group(seg, mentions, lang)
        taken = [(m.start, m.end) for m in mentions]
        surname_mentions = finder.surname_mentions(seg, persons, taken)
        for mention in surname_mentions:
            persons[mention.person].append(mention)
        all_mentions = sorted(mentions + surname_mentions, key=lambda m: m.start)
        lists = _name_lists(seg, all_mentions, lang)
        recipients = _recipients(seg, lists, lang)
        roles = self._structural_roles(seg, persons, lists, recipients, layout, lang)
        doc_date_mention = document_date(seg, languages, layout_lang)
        doc_date = doc_date_mention.resolve(None) if doc_date_mention else _sent_date(document)
        # A letterhead date or dateline is the document's, not an event's.
        dates = [
            d
            for d in find_dates(text, languages)
            if not (doc_date_mention and d.start == doc_date_mention.start)
        ]
        eligible = {i for i in range(len(persons)) if i not in roles}
        sentence_langs = self._sentence_langs(seg, blocks, lang)
        found = EventFinder(lang).find(seg, all_mentions, eligible, dates, sentence_langs)
        self._event_roles(seg, persons, lists, recipients, roles, found, lang)
        evidence = _EvidenceMaker(document, seg)
        cyrillic = len(_CYRILLIC_LETTER.findall(text)) > len(_LETTER.findall(text)) / 2
        # Without a date of its own, a news item may still date the act it reports.
        lead_date = None if doc_date else lead_act_date(seg, dates, layout_lang)
        # The year of an event's date that gives none: the document's, or a report's period.
        reference = doc_date or reported_period_end(seg, languages)
        records = [
            self._record(
                index, group, roles[index], found, reference, evidence, seg, lang, cyrillic
            )
            for index, group in enumerate(persons)
        ]
        facts = case_facts(
            seg,
            [e for e in found.events if records[e.person].role == "concern"],
            all_mentions,
            sentence_langs or [lang] * len(seg.sentences),
            evidence,
            doc_date,
        )
        for index, record in enumerate(records):
            record.case_facts = facts.get(index, [])
        # A person named only where the text breaks off may be someone else whose name was
        # cut ("... sentenced his colleague Pavel Dro"): not recorded, events and all.
        partial = {i for i, group in enumerate(persons) if all(m.cut_off for m in group)}
        # An office-holder named only by title and family name ("President Nazarbaev") is
        # recorded where the document addresses them or states events of them; in passing, a
        # bare family name is too little to tell them apart from others across documents.
        partial |= {
            i
            for i, group in enumerate(persons)
            if records[i].role not in ("addressee", "concern")
            and all("office title" in m.evidence for m in group)
        }
        return Extraction(
            date=doc_date,
            kind=document_kind(seg, lang),  # type: ignore[arg-type]
            language=document.language,
            extractor=EXTRACTOR,
            persons=[r for i, r in enumerate(records) if i not in partial],
            organisations=self._organisations(ents, evidence),
            demands=[
                Demand(
                    d.action,
                    [records[p].key for p in d.persons if p not in partial],
                    evidence(d.start, d.end),
                    demanders=[
                        r.key
                        for i, r in enumerate(records)
                        if r.role == "advocate" and i not in partial
                    ],
                    addressees=[
                        r.key
                        for i, r in enumerate(records)
                        if r.role == "addressee" and i not in partial
                    ],
                    date=_act_date(d.date, doc_date, lead_date),
                )
                for d in found.demands
                if set(d.persons) - partial
            ],
            date_evidence=(
                evidence(doc_date_mention.start, doc_date_mention.end) if doc_date_mention else None
            ),
        )

    def _sentence_langs(
        self, seg: Segmented, blocks: list[tuple[int, int, str]], lang: LanguagePack
    ) -> list[LanguagePack] | None:
        """The language pack of each sentence: its paragraph's, where that is another
        language than the document's."""
        if not blocks:
            return None
        langs = []
        for sentence in seg.sentences:
            code = next((c for s, e, c in blocks if s <= sentence.start < e), None)
            langs.append(pack(code) if code else lang)
        return langs

    def _group(
        self, seg: Segmented, mentions: list[NameMention], lang: LanguagePack
    ) -> list[list[NameMention]]:
        """Mentions of one person in this document, full names first. A name in another
        script in brackets right after a name is the same person's, and so is one the bracket
        calls another spelling ("also spelled Y"). Declined names are put
        in the nominative the mentions of the person agree on."""
        persons: list[list[NameMention]] = []
        ordered = sorted(mentions, key=lambda m: (m.surname_only, m.start))
        for mention in ordered:
            joined = [i for i, group in enumerate(persons) if self._joins(mention, group, lang)]
            if joined:
                index = self._closest(mention, joined, persons, lang)
                mention.person = index
                persons[index].append(mention)
            else:
                mention.person = len(persons)
                persons.append([mention])
        by_start = sorted(mentions, key=lambda m: m.start)
        for first, second in itertools.pairwise(by_start):
            if first.person == second.person:
                continue
            if (
                is_cyrillic(first.name) != is_cyrillic(second.name)
                and _BRACKET_OPEN.fullmatch(seg.text, first.end, second.start)
                and _BRACKET_CLOSE.match(seg.text, second.end)
            ) or self._alias_in_brackets(seg, first, second, lang):
                self._merge(persons, first.person, second.person)
        persons = [group for group in persons if group]
        for index, group in enumerate(persons):
            for mention in group:
                mention.person = index
            declined = [m for m in group if m.readings]
            for mention, reading in zip(
                declined, settle([m.readings for m in declined]), strict=True
            ):
                mention.parts = list(reading.parts)
                mention.gender = reading.gender if reading.gender in ("m", "f") else None
        return persons

    @staticmethod
    def _closest(
        mention: NameMention,
        joined: list[int],
        persons: list[list[NameMention]],
        lang: LanguagePack,
    ) -> int:
        """Of the persons a surname may name ("Mr Mamadshoev" beside Ulfathonim Mamadshoeva and
        Khursand Mamadshoev), the one whose family name it spells exactly and whose gender
        agrees with its title; the first named where nothing tells them apart."""
        if len(joined) == 1 or not mention.surname_only:
            return joined[0]
        exact = [
            i for i in joined if any(m.surname_key == mention.surname_key for m in persons[i])
        ] or joined
        gender = lang.honorific_genders.get((mention.honorific or "").rstrip("."))
        agreeing = [
            i
            for i in exact
            if all(m.family_gender in (None, gender) for m in persons[i] if not m.surname_only)
        ]
        return (agreeing or exact)[0] if gender else exact[0]

    @staticmethod
    def _joins(mention: NameMention, group: list[NameMention], lang: LanguagePack) -> bool:
        """Whether a mention names the person of a group: as a full name of the group does,
        or, in a group of bare surnames ("Baroness X" twice), by the same surname and a title
        of the same gender."""
        full = [other for other in group if not other.surname_only]
        if full:
            return any(same_person(mention, other) for other in full)
        genders = {lang.honorific_genders.get(m.honorific or "") for m in [mention, *group]}
        return (
            mention.surname_only
            and all(other.surname_key == mention.surname_key for other in group)
            and len(genders - {None}) < 2
        )

    @staticmethod
    def _answerers(seg: Segmented, persons: list[list[NameMention]], askers: set[int]) -> set[int]:
        """Who opens the line right after a written question ("§ Mr. SpringTo ask the
        Secretary of State ...", then "§ Mr. Mike O'BrienThe court decision ..."): the one
        who answers it, whom the question was put to."""
        answer_lines = {seg.line_at(m.start) + 1 for index in askers for m in persons[index]}
        return {
            index
            for index, group in enumerate(persons)
            if index not in askers
            and any(
                seg.line_at(m.start) in answer_lines
                and _LINE_OPENING.fullmatch(
                    seg.text, seg.lines[seg.line_at(m.start)].start, m.start
                )
                for m in group
            )
        }

    @staticmethod
    def _alias_in_brackets(
        seg: Segmented, first: NameMention, second: NameMention, lang: LanguagePack
    ) -> bool:
        """ "X (Y in Russian-language sources)", "X (also spelled Y)": the bracket says Y
        is another spelling of X (a bracket holding only a name in the same script may be
        someone else: "the lawyer (Y)")."""
        before = lang.alias_before.fullmatch(seg.text, first.end, second.start)
        after = lang.alias_after.match(seg.text, second.end)
        if not (before and after):
            return False
        return bool(before.group().strip(" \n([:") or after.group().strip(" \n,)]"))

    @staticmethod
    def _merge(persons: list[list[NameMention]], keep: int, other: int) -> None:
        for mention in persons[other]:
            mention.person = keep
        persons[keep].extend(persons[other])
        persons[other] = []

    def _structural_roles(
        self,
        seg: Segmented,
        persons: list[list[NameMention]],
        lists: list[list[NameMention]],
        recipients: dict[int, bool],
        layout: Layout,
        lang: LanguagePack,
    ) -> dict[int, str]:
        # Those a plural title names ("MEPs X and Y"): a list shares the title before its first
        # name.
        titled = {
            m.person
            for names in lists
            if self._advocate_noun(seg, names[0], lang)
            or self._advocate_after(seg, names[-1], lang)
            for m in names
        }
        signed = {
            m.person
            for names in lists
            if len(names) >= _SIGNATURE_RUN
            and all(
                _BRACKET_RUN.fullmatch(seg.text, a.end, b.start)
                for a, b in itertools.pairwise(names)
            )
            for m in names
        }
        # "The judges of the court of appeal A, B and C": a plural office is each one's.
        officed = {
            m.person
            for names in lists
            if lang.plural_offices.search(self._before_title(seg, names[0]))
            for m in names
        }
        starts = sorted(m.start for group in persons for m in group)
        askers = {
            index
            for index, group in enumerate(persons)
            if any(lang.question_openers.match(seg.text, m.end) for m in group)
        }
        answerers = self._answerers(seg, persons, askers)
        roles: dict[int, str] = {}
        for index, group in enumerate(persons):
            lines = {seg.line_at(m.start) for m in group}
            evidence = {e for m in group for e in m.evidence}
            if (
                lines & (layout.signatures | layout.authors)
                or "MEP or group after" in evidence
                or any(self._advocate_after(seg, m, lang) for m in group)
                or index in askers
                or index in signed
                or (lines & layout.sender and not lines & (layout.header - layout.sender))
            ):
                roles[index] = "advocate"
            elif (
                lines & layout.addressed
                or index in answerers
                or recipients.get(index)
                or any(_inside(m.start, layout.salutation) for m in group)
            ):
                # An office-holder a letter is addressed to ("a letter to Minister X").
                roles[index] = "addressee"
            elif lines & layout.others:
                roles[index] = "other"
            elif index in officed or any(self._official(seg, m, lang, starts) for m in group):
                roles[index] = "official"
            elif index in titled or any(self._advocate_noun(seg, m, lang) for m in group):
                roles[index] = "advocate"
        return roles

    def _official(
        self, seg: Segmented, mention: NameMention, lang: LanguagePack, starts: list[int]
    ) -> bool:
        """An office right before the name ("Prosecutor General X", "the head of the State
        Committee, X") or right after it ("X, Minister of Justice"); not one the person no
        longer holds ("former president X"), nor one a concern noun outweighs ("human rights
        defender X, Chair of ..."). `starts`: where the document's names begin."""
        official = lang.role_nouns["official"]
        before = self._before_title(seg, mention)
        words = before.split()
        if words and lang.role_nouns["concern"].fullmatch(words[-1].lower()):
            return False
        line_start = mention.start - len(before)

        def holds(at: int, office: re.Match[str]) -> bool:
            # `office` matched in `before[at:]`. It governs the first name after it ("Judge X
            # remanded Y" is not Y's), and it is still held.
            end = line_start + at + office.end()
            following = bisect.bisect_right(starts, end)
            return not (
                (following < len(starts) and starts[following] < mention.start)
                or lang.former_words.search(before, 0, at + office.start())
            )

        # The office stands right before the name: after it only words of the office itself
        # ("Prosecutor General X", "Minister of Justice X"), not a preposition the name is the
        # object of ("einem Schreiben an den Botschafter für X").
        at = len(before)
        for _ in range(min(4, len(words))):
            at = before.rfind(" ", 0, len(before[:at].rstrip())) + 1
        office = list(official.finditer(before, at))
        tail = [w.strip(",.") for w in before[office[-1].end() :].split()] if office else []
        titles = _title_words(lang, "official")
        if (
            office
            and not (tail and tail[-1].islower() and tail[-1] in lang.not_name_words)
            # Only words of the office ("Prosecutor General", "of the Republic"), not a verb
            # it is the subject of ("the judge sentenced X").
            and all(not w.islower() or len(w) <= 3 or w in titles for w in tail)
        ):
            return holds(0, office[-1])
        # Apposition: "<office>, Name" with the office phrase ending the clause before the name.
        if before.rstrip().endswith(","):
            clause = re.split(r"[.;:!?,]|\bwhereas\b", before.rstrip()[:-1])[-1]
            phrase = " ".join(clause.split()[-_APPOSED_OFFICE:])
            at = before.rfind(phrase)
            found = list(official.finditer(phrase))
            if found and not lang.civil_society_words.search(phrase):
                return holds(at, found[-1])
        after = seg.text[mention.end : mention.end + 60].split("\n", 1)[0]
        match = re.match(r"\s*,\s*(?:the\s+)?([^,]+)", after)
        return bool(
            match
            and official.match(match.group(1).strip())
            and not lang.civil_society_words.search(match.group(1))
        )

    @staticmethod
    def _before_title(seg: Segmented, mention: NameMention) -> str:
        """The line before a name, without the name's title ("Mr", "de heer")."""
        line_start = seg.text.rfind("\n", 0, mention.start) + 1
        before = seg.text[line_start : mention.start]
        for _ in (mention.honorific or "").split():
            before = before[: before.rstrip().rfind(" ") + 1] if " " in before.strip() else ""
        return before

    def _advocate_noun(self, seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        """An advocate's office right before the name, or as its title: "MEP X", "die
        Bundestagsabgeordnete Dr. X", "het lid X"."""
        line_start = seg.text.rfind("\n", 0, mention.start) + 1
        words = [w.strip(".,:;()") for w in seg.text[line_start : mention.start].split()]
        title = len(mention.honorific.split()) if mention.honorific else 0
        advocate = lang.role_nouns["advocate"]
        if title and advocate.fullmatch(words[-1]):
            return True  # the title itself: "het lid"
        words = words[: len(words) - title]
        return bool(words) and any(
            advocate.fullmatch(" ".join(words[-size:])) for size in (1, 2) if len(words) >= size
        )

    @staticmethod
    def _advocate_after(seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        """An advocate's office in brackets or apposition right after the name: "X (MP,
        Portugal)", "X (MdB)", "X, MP for Y", "X (SOC) et Y (PPE), corapporteurs de ..."."""
        after = seg.text[mention.end : mention.end + 120].split("\n", 1)[0]
        nouns = lang.role_nouns
        for lead in _ADVOCATE_AFTER:
            match = lead.match(after)
            rest = after[match.end() :] if match else ""
            office = nouns["advocate"].match(rest)
            # The office ends there ("MP for Y"), not a longer one it opens ("deputy head").
            if (
                office
                and re.match(r"\s*(?:[,;:)]|$|[^\W\d]{1,3}\b)", rest[office.end() :])
                and not nouns["official"].match(rest)
                and not nouns["concern"].match(rest)
            ):
                return True
        return False

    def _event_roles(
        self,
        seg: Segmented,
        persons: list[list[NameMention]],
        lists: list[list[NameMention]],
        recipients: dict[int, bool],
        roles: dict[int, str],
        found: EventResult,
        lang: LanguagePack,
    ) -> None:
        with_events = {e.person for e in found.events}
        demanded = {p for d in found.demands for p in d.persons}
        # Other recipients of a reported letter, speakers and authors of statements and letters
        # ("X and Y wrote to ...", "signed by X, Y and Z"), whole lists at once; after the
        # concern test, so that a person of concern stays one when quoted or written to
        # ("greetings addressed to X"). An official a letter is addressed to is its addressee.
        floors = [0] + [names[-1].end for names in lists]
        advocates = _title_words(lang, "advocate")
        speaking = {
            m.person
            for names, floor in zip(lists, floors, strict=False)
            if _cued(seg, names, floor, lang.advocate_list_cues, advocates, lang) is not None
            or any(self._quoted_speaker(seg, m, lang) for m in names)
            for m in names
        }
        for index, group in enumerate(persons):
            if index in roles:
                if roles[index] == "official" and index in recipients:
                    roles[index] = "addressee"
                continue
            if index in with_events or index in demanded:
                roles[index] = "concern"
            elif index in recipients or any(self._appealed_to(seg, m, lang) for m in group):
                roles[index] = "addressee"
            elif index in speaking:
                roles[index] = "advocate"
            elif any(self._concern_context(seg, m, lang) for m in group):
                roles[index] = "concern"
            else:
                roles[index] = "other"
        # A list shares its role: the other names in "the activists X, Y and Z" or in "X, Y
        # and Z were detained" are of concern when one of them is, or when it opens the
        # sentence after one about such a group ("Three defenders were fined. X, Y and Z ...").
        for names in lists:
            if any(roles.get(m.person) == "concern" for m in names) or (
                len(names) > 1 and self._group_named(seg, names[0], lang)
            ):
                for mention in names:
                    if roles.get(mention.person) == "other":
                        roles[mention.person] = "concern"

    @staticmethod
    def _appealed_to(seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        """The one an appeal asks to act: "call on X to release ...", or a declined name right
        before the appeal ("Каримова призвали освободить узников совести": Karimov was called
        on to free ...)."""
        declined = bool(mention.surface) and mention.surface != mention.name
        return asked_to_act(seg.text, mention, lang) or (
            declined
            and bool(
                lang.advocacy_verbs.match(seg.text[mention.end : mention.end + 40].lstrip(" ,"))
            )
        )

    def _quoted_speaker(self, seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        """ "said X of the Y Monitor", "X, director of Y, said", "according to X": a speaker
        for the cause."""
        before = seg.text[max(0, mention.start - 40) : mention.start]
        after = seg.text[mention.end : mention.end + 80]
        sentence = seg.sentences[seg.sentence_at(mention.start)]
        acts = rf"{lang.speech_verbs.pattern}|{lang.advocacy_verbs.pattern}"
        # A declined name before the verb is its object ("Каримова призвали ..."), not the one
        # who speaks or acts.
        subject = not mention.surface or mention.surface == mention.name
        return bool(
            attribution_source(seg.text, mention, lang, sentence.start)
            or re.search(rf"(?:{lang.speech_verbs.pattern})\s+(?:[\w-]+\s+){{0,3}}$", before)
            or (
                subject
                and (
                    lang.speech_verbs.match(after.lstrip(" ,"))
                    or lang.advocacy_verbs.match(after.lstrip(" ,"))
                    or re.match(rf"\s*,[^,.;]{{3,60}},\s*(?:{acts})", after)
                )
            )
        )

    @staticmethod
    def _group_named(seg: Segmented, mention: NameMention, lang: LanguagePack) -> bool:
        """The name opens its sentence, and the sentence before speaks of persons of concern
        and what was done to them."""
        index = seg.sentence_at(mention.start)
        sentence = seg.sentences[index]
        if index == 0 or seg.text[sentence.start : mention.start].strip(" \t\n•*-–"):
            return False
        previous = seg.sentences[index - 1]
        text = seg.text[previous.start : previous.end]
        return bool(lang.role_nouns["concern"].search(text)) and any(
            lang.event_cues[kind].search(text) for kind in _GROUP_EVENTS if kind in lang.event_cues
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
        cyrillic: bool = False,
    ) -> PersonRecord:
        """The person's record: the fullest name (in the document's script, where a name is
        given in two), other spellings and declined forms as aliases, and the events."""
        full = [m for m in group if not m.surname_only] or group
        # A name the text stops inside ("said Luca Visent") is no spelling of its own.
        full = [m for m in full if not m.cut_off] or full
        spellings = Counter(m.name for m in full)
        name = max(
            spellings,
            key=lambda n: (
                len(n.split()),
                is_cyrillic(n) == cyrillic,
                -sum(part.endswith(".") for part in n.split()),  # "Marat X", not "M. X"
                spellings[n],
                -len(n),
            ),
        )
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
            aliases=sorted(
                (set(spellings) | {m.surface for m in full if m.surface}).union(
                    *(m.aliases for m in full)
                )
                - {name}
            ),
            descriptors=self._descriptors(seg, group, lang),
            events=events,
        )

    def _descriptors(
        self, seg: Segmented, group: list[NameMention], lang: LanguagePack
    ) -> list[str]:
        found: list[str] = []
        near, described = _descriptor_pattern(lang)
        for mention in group:
            # Only the few words before the name can describe it; a short window keeps the
            # end-anchored search from scanning whole paragraphs.
            line_start = seg.text.rfind("\n", max(0, mention.start - 80), mention.start) + 1
            before = seg.text[max(line_start, mention.start - 80) : mention.start]
            near_end = max(0, len(before) - _DESCRIPTOR_REACH)
            match = near.search(before, near_end) and described.search(before)
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


# Between two names of one list: a bracketed group or country, a short apposition.
_BRACKETED = re.compile(r"\([^()]{0,40}\)")
_APPOSITION = re.compile(r",[^,.;:!?()\n]{1,60},")
# What may stand between a name and an office after it: an opening bracket, or a comma
# after a bracket or none ("X (MP)", "X (Austria, SOC), co-rapporteurs", "X, MP for Y").
_ADVOCATE_AFTER = (
    re.compile(r"\s*\(\s*"),
    re.compile(r"\s*(?:\([^()\n]{0,60}\))?\s*,\s*"),
)
# What, done to a group in one sentence, makes the list opening the next its members.
_GROUP_EVENTS = ("arrested", "charged", "tried", "sentenced", "imprisoned", "harassed")
# Words of a description between two names of a list ("the film director").
_DESCRIPTION_WORDS = 3
# Names each followed by a bracketed description and nothing else, several in a row on one
# line ("X (writer) Y (actor) Z (president of Y)"): a run of signatures.
_BRACKET_RUN = re.compile(r"[ \t]*\([^()\n]{1,80}\)[ \t]*")
_SIGNATURE_RUN = 3
# Words a recipient's or author's titles may take between a cue and the name, and what
# ends the clause of the cue before the name.
_TITLE_WORDS = 12
# Words of the clause before "<office>, Name" in which the office may stand.
_APPOSED_OFFICE = 12
_CLAUSE_END = re.compile(r"[:;!?]")


def _name_lists(
    seg: Segmented, mentions: list[NameMention], lang: LanguagePack
) -> list[list[NameMention]]:
    """Names that follow one another with only commas, "and", titles, a bracketed group or a
    short apposition between them ("X (S&D), MEP, and Mr Y"): one list, which shares a role."""
    lists: list[list[NameMention]] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        if lists and _list_gap(seg.text[lists[-1][-1].end : mention.start], lang):
            lists[-1].append(mention)
        else:
            lists.append([mention])
    return lists


def _list_gap(gap: str, lang: LanguagePack) -> bool:
    """Only separators between two names, or a bracket alone ("X (writer) Y (actor)")."""
    if _BRACKET_RUN.fullmatch(gap):
        return True
    # A peer's territorial designation ends the name: "Lord Alton of Liverpool, Baroness X".
    gap = lang.name_designations.sub("", gap, count=1)
    gap = _APPOSITION.sub(",", _BRACKETED.sub(" ", gap), count=1).replace(",", " , ")
    words = [
        w
        for w in gap.split()
        if w.lower().rstrip(".") not in lang.honorifics and w not in lang.name_suffixes
    ]
    # The next name's description may open it: "X, the writers Y and Z, the film director W".
    described = [i for i, w in enumerate(words) if not lang.coordination.fullmatch(w)]
    if described and described == list(range(described[0], len(words))):
        phrase = " ".join(words[described[0] :])
        if (
            len(described) <= _DESCRIPTION_WORDS
            and phrase.islower()
            and not any(lang.pronouns.fullmatch(w) for w in phrase.split())
            and _described(phrase, lang)
        ):
            words = words[: described[0]]
    return bool(words) and all(lang.coordination.fullmatch(w) for w in words)


def _described(phrase: str, lang: LanguagePack) -> bool:
    """A description of a person of concern or an advocate ending in its noun ("the writers",
    "the film director")."""
    return any(
        re.search(rf"(?:{lang.role_nouns[role].pattern})$", phrase, re.IGNORECASE)
        for role in ("concern", "advocate")
    )


def _inside(offset: int, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= offset < span[1]


def _title_words(lang: LanguagePack, role: str) -> frozenset[str]:
    """The words of a role's nouns ("prime", "minister"): what a title between a cue and a
    name may consist of."""
    return frozenset(w for noun in lang.role_noun_words[role] for w in noun.split())


def _recipients(
    seg: Segmented, lists: list[list[NameMention]], lang: LanguagePack
) -> dict[int, bool]:
    """The persons a reported letter is addressed to ("wrote to President X, Prosecutor
    General Y and Z"), each with whether an office names them."""
    officials = _title_words(lang, "official")
    found: dict[int, bool] = {}
    previous: list[NameMention] | None = None  # the list before, when it was of recipients
    floor = 0
    for names in lists:
        words = _cued(seg, names, floor, lang.addressee_cues, officials, lang)
        if words is None and previous is not None:
            gap = seg.text[previous[-1].end : names[0].start].lstrip()
            joined = lang.coordination.match(gap)
            # Each recipient's titles, also over a name the name finder missed ("Y, Chairman
            # of the Court Z, Minister W").
            parts = (
                [_titles(part, officials, lang) for part in gap[joined.end() :].split(",")]
                if joined
                else [None]
            )
            words = None if None in parts else [w for part in parts for w in part or []]
        previous = names if words is not None else None
        floor = names[-1].end
        if words is not None:
            office = any(w.lower() in officials for w in words)
            for mention in names:
                found[mention.person] = found.get(mention.person, False) or office
    return found


def _cued(
    seg: Segmented,
    names: list[NameMention],
    floor: int,
    cues: re.Pattern[str],
    titles: frozenset[str],
    lang: LanguagePack,
) -> list[str] | None:
    """The titles between a cue and a list's first name on its line, after the name before
    it: "wrote to the Minister of Justice, Mr X"; None without such a cue."""
    start = names[0].start
    line_start = seg.text.rfind("\n", 0, start) + 1
    before = seg.text[max(line_start, floor, start - 120) : start]
    given = re.search(r"(?<=\s)([^\W\d_][\w'’-]*)\s+$", before)
    if (
        names[0].surname_only
        and given
        and given.group(1)[0].isupper()
        and given.group(1).lower() not in titles | lang.honorifics
    ):
        # A given name the name finder did not take stands before a surname ("von Anna X").
        before = before[: given.start()]
    ends = [cue.end() for cue in cues.finditer(before)]
    return _titles(before[ends[-1] :], titles, lang) if ends else None


def _titles(text: str, titles: frozenset[str], lang: LanguagePack) -> list[str] | None:
    """The words of a name's titles ("the Minister of Justice, Mr"); None when other words
    stand there. In a language that capitalises its nouns a capitalised word must be a title
    too ("Brief an die Familie von X" is not to X), and lower-case words may be adjectives
    ("an den usbekischen Außenminister X")."""
    words = [w.strip(",.()«»\"'“”„") for w in text.split()]
    # A lower-case word right before the name makes it that word's object ("an den
    # Botschafter für X"), not a title-holder.
    if _CLAUSE_END.search(text) or len(words) > _TITLE_WORDS or (words and words[-1].islower()):
        return None
    if all(
        not w
        or w.lower() in lang.honorifics
        or w.lower().replace("ё", "е") in titles
        or (w.islower() and (len(w) <= 3 or lang.capitalised_nouns))
        or (w[:1].isupper() and not lang.capitalised_nouns)
        for w in words
    ):
        return [w for w in words if w]
    return None


_DESCRIPTOR_PATTERNS: dict[tuple[str, ...], tuple[re.Pattern[str], re.Pattern[str]]] = {}
# A role phrase ends this close to a name, at most (up to three words, the noun, one word).
_DESCRIPTOR_REACH = 40


def _descriptor_pattern(lang: LanguagePack) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A role phrase ending right before a name ("the trade union activist X"), per language,
    and a quick test for a role noun near the end: compiled once, as the union of every role
    noun is long and the full search is slow."""
    if lang.codes not in _DESCRIPTOR_PATTERNS:
        nouns = "|".join(p.pattern for p in lang.role_nouns.values())
        _DESCRIPTOR_PATTERNS[lang.codes] = (
            re.compile(rf"(?:{nouns})\s+(?:\w+\.?\s+)?$", re.IGNORECASE),
            re.compile(rf"((?:[\w'’-]+\s+){{0,3}}(?:{nouns}))\s+(?:\w+\.?\s+)?$", re.IGNORECASE),
        )
    return _DESCRIPTOR_PATTERNS[lang.codes]


def _act_date(
    own: DateMention | None, doc_date: PartialDate | None, lead: DateMention | None
) -> PartialDate | None:
    """A demand's date: its sentence's (or its list's), resolved like an event's (unknown
    when that needs a year the text does not give); a demand whose sentence gives no date
    takes the act date a news item without a date of its own opens with."""
    if own is not None:
        return own.resolve(doc_date)
    return lead.resolve(None) if lead is not None else None


def _sent_date(document: Document) -> PartialDate | None:
    """An e-mail's Date header, when its text gives no date of its own."""
    header = document.raw.metadata.get("date")
    try:
        sent = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        return None
    return PartialDate(sent.year, sent.month, sent.day) if sent else None


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
