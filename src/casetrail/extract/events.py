"""Status events: what a document states happened to each person of concern, and when.

Cue words (per language) mark an event; scope words turn it into something else: after a
demand ("calls for the release of") it is a demand, after a threat ("threatened to arrest") it
is `threatened`, after a negation it is nothing. An event attaches to the persons of its clause
who are not authors, addressees, officials or the agent after "by", following coordination
("X and Y were arrested") and relative clauses ("Z, who was found dead").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casetrail.extract.dates import DateMention
from casetrail.extract.names import NameMention, gendered_form
from casetrail.extract.text import Clause, Segmented, Sentence
from casetrail.languages import LanguagePack

_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|that)\b", re.IGNORECASE)
_GROUP_BREAK = re.compile(r"\b(?:in addition to|as well as|while|whereas|but)\b", re.IGNORECASE)
_SINGULAR_PRONOUN = re.compile(r"\b(?:he|she|him|her|his)\b", re.IGNORECASE)
_POSSESSOR = re.compile(
    r"\b(?:family(?: members)?|relatives|wife|husband|son|daughter|mother|father|brother|sister|"
    r"lawyers?|colleagues|supporters|friends|children|parents|tribute)\s+(?:of|to)\s+$",
    re.IGNORECASE,
)
# A cue followed by "of/against <name>" is about that name: "prosecution against X".
_OBJECT = re.compile(r"^\s*(?:of|against)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
_RELATION_AFTER = re.compile(
    r"['’]s\s+(?:\w+\s+)?(?:mother|father|brother|sister|wife|husband|son|daughter|family|relatives?|"
    r"lawyers?|colleagues?|friends?|supporters?|children|parents|co-defendants?|partner)\b",
    re.IGNORECASE,
)
_AGENT = re.compile(r"\bby\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_COORDINATION = re.compile(r",\s*(?:and|but|while)\b|;")
_PRONOUN_LOOKBACK = 3  # sentences
_DATE_AT_CLAUSE_START = 45  # characters


@dataclass(slots=True)
class Cue:
    type: str
    start: int
    end: int
    clause: Clause
    sentence: int


@dataclass(slots=True)
class FoundEvent:
    person: int
    type: str
    cue: Cue
    date: DateMention | None
    detail: str


@dataclass(slots=True)
class FoundDemand:
    action: str
    persons: list[int]
    start: int
    end: int


@dataclass(slots=True)
class EventResult:
    events: list[FoundEvent] = field(default_factory=list)
    demands: list[FoundDemand] = field(default_factory=list)


class EventFinder:
    def __init__(self, lang: LanguagePack, backref_markers: re.Pattern[str]) -> None:
        self.lang = lang
        self.backref = backref_markers

    def _cues(self, text: str, clause: Clause, sentence: int) -> list[Cue]:
        cues = []
        for kind, pattern in self.lang.event_cues.items():
            for match in pattern.finditer(text, clause.start, clause.end):
                # A capitalised cue inside a sentence belongs to a proper name
                # ("Relatives Against Torture").
                if match.group()[:1].isupper() and match.start() > clause.start:
                    continue
                cues.append(Cue(kind, match.start(), match.end(), clause, sentence))
        # Some cues hide others inside them ("house arrest" is no arrest).
        hides = self.lang.cue_hides
        kept = [
            c
            for c in cues
            if not any(
                c.type in hides.get(o.type, ()) and o.start <= c.start and c.end <= o.end
                for o in cues
            )
        ]
        return sorted(kept, key=lambda c: c.start)

    def find(
        self,
        seg: Segmented,
        mentions: list[NameMention],
        eligible: set[int],
        dates: list[DateMention],
    ) -> EventResult:
        """Events and demands; `eligible` holds the persons events may attach to."""
        text = seg.text
        result = EventResult()
        pending: list[Cue] = []  # cues of the previous sentence that found no person
        inherited_demand_line = -1
        recent: list[tuple[NameMention, int]] = []  # eligible subjects, latest last
        for s_index, sentence in enumerate(seg.sentences):
            in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
            demand_spans = self._demand_spans(text, sentence, inherited_demand_line, seg)
            demand_at = demand_spans[0][0] if demand_spans else None
            if text[sentence.start : sentence.end].rstrip().endswith(":") and (
                self.lang.demand_cues.search(text, sentence.start, sentence.end)
            ):
                inherited_demand_line = sentence.line
            unattached: list[Cue] = []
            for c_index, clause in enumerate(sentence.clauses):
                clause_mentions = [
                    m
                    for m in in_sentence
                    if clause.start <= m.start < clause.end and m.person in eligible
                ]
                cues = self._scoped_cues(text, clause, s_index, demand_spans)
                for cue in cues:
                    targets = self._targets(text, cue, clause_mentions, cues)
                    if not targets and not any(
                        clause.start <= m.start < clause.end for m in in_sentence
                    ):
                        targets = self._pronoun_target(text, clause, recent, s_index)
                    if not targets:
                        unattached.append(cue)
                        continue
                    others = [m for m in clause_mentions if m.person not in targets]
                    date = self._date(text, cue, sentence, c_index, dates, others)
                    for person in targets:
                        result.events.append(
                            FoundEvent(person, cue.type, cue, date, self._detail(text, cue))
                        )
            if demand_at is not None:
                result.demands.extend(
                    self._demands(text, sentence, demand_at, in_sentence, eligible)
                )
            if in_sentence and pending and self.backref.search(text, sentence.start, sentence.end):
                self._apply_pending(text, sentence, in_sentence, eligible, pending, result, dates)
            pending = unattached if not in_sentence else []
            recent.extend(
                (m, s_index)
                for m in in_sentence
                if not self._possessor(text, m) and m.person in eligible
            )
        return result

    def _demand_spans(
        self, text: str, sentence: Sentence, inherited_line: int, seg: Segmented
    ) -> list[tuple[int, int]]:
        """Where the sentence demands rather than states: from a demand cue to a scope break."""
        if inherited_line >= 0 and 0 < sentence.line - inherited_line <= 8:
            # List items right under "We call for:" stay in its scope.
            return [(sentence.start, sentence.end)]
        spans: list[tuple[int, int]] = []
        for match in self.lang.demand_cues.finditer(text, sentence.start, sentence.end):
            if spans and match.start() < spans[-1][1]:
                continue
            stop = self.lang.demand_scope_breaks.search(text, match.end(), sentence.end)
            spans.append((match.start(), stop.start() if stop else sentence.end))
        return spans

    def _scoped_cues(
        self, text: str, clause: Clause, s_index: int, demand_spans: list[tuple[int, int]]
    ) -> list[Cue]:
        """The clause's cues after scope: demanded, negated and threatened events turn."""
        cues = []
        for cue in self._cues(text, clause, s_index):
            demanded = any(start <= cue.start < end for start, end in demand_spans)
            if demanded and cue.type not in self.lang.presupposed_by_demands:
                continue
            if self._negated(text, cue):
                continue
            if cue.type != "threatened" and self.lang.threat_cues.search(
                text, clause.start, cue.start
            ):
                cue.type = "threatened"
            cues.append(cue)
        return cues

    def _demands(
        self,
        text: str,
        sentence: Sentence,
        demand_at: int,
        in_sentence: list[NameMention],
        eligible: set[int],
    ) -> list[FoundDemand]:
        persons = sorted(
            {m.person for m in in_sentence if m.start >= demand_at and m.person in eligible}
        )
        if not persons:
            return []
        return [
            FoundDemand(action, persons, demand_at, sentence.end)
            for action, pattern in self.lang.demand_actions.items()
            if pattern.search(text, demand_at, sentence.end)
        ]

    def _negated(self, text: str, cue: Cue) -> bool:
        window = text[max(cue.clause.start, cue.start - 30) : cue.start]
        # "was not arrested but was questioned": the negation ends at the conjunction.
        window = re.split(r"\b(?:but|and|or)\b|,", window)[-1]
        return bool(self.lang.negation_cues.search(window)) and not self.lang.negation_cues.search(
            text, cue.start, cue.end
        )

    def _groups(self, text: str, mentions: list[NameMention]) -> list[list[NameMention]]:
        groups: list[list[NameMention]] = []
        for mention in sorted(mentions, key=lambda m: m.start):
            if groups:
                between = text[groups[-1][-1].end : mention.start]
                linked = (
                    len(between) < 120
                    and re.search(r",|\band\b|&", between)
                    and not _RELATIVE.search(between)
                    and not _GROUP_BREAK.search(between)
                    and not any(p.search(between) for p in self.lang.event_cues.values())
                )
                if linked:
                    groups[-1].append(mention)
                    continue
            groups.append([mention])
        return groups

    def _targets(
        self, text: str, cue: Cue, mentions: list[NameMention], cues: list[Cue]
    ) -> list[int]:
        targets: set[int] = set()
        groups = self._groups(text, mentions)
        objects = [
            g for g in groups if g[0].start >= cue.end and _OBJECT.match(text[cue.end : g[0].start])
        ]
        if objects:
            groups = objects[:1]
        for index, group in enumerate(groups):
            first, last = group[0], group[-1]
            if cue.start >= last.end:
                # The cue follows the group: no other group may stand between them.
                if any(
                    g[0].start >= last.end and g[0].start < cue.start for g in groups[index + 1 :]
                ):
                    continue
                members = [
                    m
                    for m in group
                    if not self._possessor(text, m)
                    and not _AGENT.search(text[cue.clause.start : m.start])
                ]
            elif cue.end <= first.start:
                between = text[cue.end : first.start]
                relative = _RELATIVE.search(between) and not self.lang.concern_list_markers.search(
                    between[-25:]
                )
                if (
                    relative
                    or any(
                        g[-1].end <= first.start and g[0].start > cue.end for g in groups[:index]
                    )
                    or any(c.type != cue.type and cue.end <= c.start < first.start for c in cues)
                ):
                    continue
                members = [
                    m
                    for m in group
                    if not self._possessor(text, m)
                    and not _POSSESSOR.search(text[max(0, m.start - 40) : m.start])
                    and not _AGENT.search(text[max(0, m.start - 30) : m.start])
                ]
            else:
                continue
            targets.update(m.person for m in members)
        return sorted(targets)

    def _possessor(self, text: str, mention: NameMention) -> bool:
        """ "X's mother was summoned" is about the mother; "X's flat was searched" about X."""
        return mention.possessive and bool(_RELATION_AFTER.match(text, mention.end))

    def _pronoun_target(
        self, text: str, clause: Clause, recent: list[tuple[NameMention, int]], s_index: int
    ) -> list[int]:
        """He/she/him/her/his: the latest person of concern named in the last few sentences
        whose family-name form does not contradict the pronoun's gender."""
        match = _SINGULAR_PRONOUN.search(text, clause.start, clause.end)
        if not match:
            return []
        feminine = match.group().lower() in ("she", "her")
        for mention, sentence in reversed(recent):
            if s_index - sentence > _PRONOUN_LOOKBACK:
                break
            form = gendered_form(mention.parts[-1])
            if form is None or form == ("f" if feminine else "m"):
                return [mention.person]
        return []

    def _apply_pending(
        self,
        text: str,
        sentence: Sentence,
        in_sentence: list[NameMention],
        eligible: set[int],
        pending: list[Cue],
        result: EventResult,
        dates: list[DateMention],
    ) -> None:
        breaker = _GROUP_BREAK.search(text, sentence.start, sentence.end)
        limit = breaker.start() if breaker else sentence.end
        persons = [m.person for m in in_sentence if m.start < limit and m.person in eligible]
        for cue in pending:
            sentence_of_cue = cue.clause
            date = next(
                (d for d in dates if sentence_of_cue.start <= d.start < sentence_of_cue.end), None
            )
            for person in dict.fromkeys(persons):
                result.events.append(
                    FoundEvent(person, cue.type, cue, date, self._detail(text, cue))
                )

    def _date(
        self,
        text: str,
        cue: Cue,
        sentence: Sentence,
        c_index: int,
        dates: list[DateMention],
        others: list[NameMention],
    ) -> DateMention | None:
        """The date of an event: after its cue, opening its clause, before it in the clause,
        or opening an earlier clause of the sentence. `others` are persons it is not about."""
        clause = cue.clause
        in_clause = [d for d in dates if clause.start <= d.start < clause.end]
        for date in in_clause:
            if date.start < cue.end:
                continue
            # A date after ", and ..." belongs to the next coordinated statement.
            if not any(
                cue.end <= m.start < date.start for m in others
            ) and not _COORDINATION.search(text, cue.end, date.start):
                return date
            break
        for date in in_clause:
            if date.start - clause.start <= _DATE_AT_CLAUSE_START and date.end <= cue.start:
                return date
        before = [d for d in in_clause if d.end <= cue.start]
        if before:
            return before[-1]
        for earlier in reversed(sentence.clauses[:c_index]):
            opening = [
                d
                for d in dates
                if earlier.start <= d.start < earlier.end
                and d.start - earlier.start <= _DATE_AT_CLAUSE_START
            ]
            if opening:
                return opening[0]
        return None

    def _detail(self, text: str, cue: Cue) -> str:
        end = min(cue.clause.end, cue.end + 70)
        detail = text[cue.start : end]
        if end < cue.clause.end and " " in detail[cue.end - cue.start :]:
            detail = detail.rsplit(" ", 1)[0]
        return detail.strip(" ,;:.")
