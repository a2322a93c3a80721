"""Status events: what a document states happened to each person of concern, and when.

Cue words (per language) mark an event; scope words turn it into something else: after a
demand ("calls for the release of") it is a demand, after a threat ("threatened to arrest") it
is `threatened`, after a negation it is nothing. An event attaches to the persons of its clause
who are not authors, addressees, officials or the agent after "by", following coordination
("X and Y were arrested") and relative clauses ("Z, who was found dead").

The words of these rules (pronouns, relative pronouns, prepositions, conjunctions) come from
the language pack of each sentence, so a document that mixes languages is read sentence by
sentence in the right one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from casetrail.extract.dates import DateMention, month_words
from casetrail.extract.names import NameMention, role_of
from casetrail.extract.text import Clause, Segmented, Sentence
from casetrail.languages import LanguagePack

_LIST_ITEM = re.compile(r"\s*(?:[-–—•*·▪]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
# How many sentences back "those detained" reaches, and what ends a detention for it.
_REFERENT_REACH = 15
_AFTER_DETENTION = frozenset({"sentenced", "released", "died", "acquitted"})
_PRONOUN_LOOKBACK = 3  # sentences
_DATE_AT_CLAUSE_START = 45  # characters
_EVENT_DATE_GAP = 25  # characters from an event cue to a date that is the event's
# Events that end a status: stated of a person only with that person as the subject of the
# verb or the possessor of the noun, never by proximity (a false death is worse than none).
STATUS_ENDING = frozenset({"died", "released", "acquitted"})
_QUOTE = re.compile(r"[\"”“»«„]")
# A group counted in one sentence ("detained 11 journalists", "all five were convicted") is
# the list of exactly that many names within this many sentences after it or before it.
_COUNT_LIST_AFTER = 4  # sentences
_COUNT_LIST_BEFORE = 3  # sentences
_COUNT_LIST_MIN = 3  # names: a list of two is too easily met by chance
_BRACKET = re.compile(r"\([^()]{0,40}\)")
_COUNT_SUBJECT_AT = 20  # characters from a clause's start to a count that is its subject
_OWN_NAME_AFTER = 50  # characters from a cue to a name it is stated of
# Words only, up to five, between an attributive cue and its name ("jailed Nobel prize winner").
_LETTERS = re.compile(r"[^\W\d_]+")
_TITLE_WORD_NEXT = re.compile(r"\s+[A-ZА-ЯЁ]")
_BODY_NAME_REACH = 80  # characters before a cue where a body's name may end in it
_STATE_OF = {"arrested": "imprisoned"}  # "jailed journalist X" is in prison now
# States hold as of the document, not at a narrative's date ("Her case was closed in
# February. She is under house arrest.").
_STATES = frozenset({"imprisoned", "house_arrest"})
_ATTRIBUTE_GAP = re.compile(r"\s+(?:[^\W\d_][\w'’-]*\s+){0,5}")
_WORD = re.compile(r"\S+")
_THREAT_REACH = 8  # words from a threat cue to the event it governs
_WHOLE_LIST = -1  # the count of "all of them": whatever the list just named holds


def _sentence_of(seg: Segmented, offset: int) -> Sentence:
    return next(s for s in seg.sentences if s.start <= offset < s.end)


def _before_title(text: str, mention: NameMention, width: int = 40) -> str:
    """The text right before a name and its title ("a friend of" before "Mr X")."""
    before = text[max(0, mention.start - width - len(mention.honorific or "")) : mention.start]
    for _ in (mention.honorific or "").split():
        before = before.rstrip().rsplit(None, 1)[0] + " " if before.strip() else ""
    return before


def attribution_source(text: str, mention: NameMention, lang: LanguagePack, floor: int = 0) -> bool:
    """ "According to (his lawyer,) X": X is where the facts of the clause come from, not
    what they are about. `floor` is where the clause starts."""
    before = text[max(floor, mention.start - 80) : mention.start]
    match = lang.attribution_before.search(before)
    if not match:
        return False
    # Between the marker and the name only the source's description, ending in a role noun:
    # "according to his lawyer (Ms) X", not a verb ("nach Angaben ihres Bruders wurde X").
    described = before[match.end("marker") :].replace(",", " ").split()
    described = described[: len(described) - len((mention.honorific or "").split())]
    if described and not role_of(described[-1], lang):
        return False
    if match.group("apposition"):
        # In apposition the name is closed by a comma: "selon sa femme, Shahnoza Rahimova,".
        return bool(re.match(r"\s*[,)]", text[mention.end : mention.end + 3]))
    return True


def asked_to_act(text: str, mention: NameMention, lang: LanguagePack) -> bool:
    """ "call on (President) X to release Y": X is who an appeal asks to act, not whom it is
    for. Nothing between the verb and the name may be what is asked ("urge the release of X")."""
    before = lang.asked_before.search(text, max(0, mention.start - 80), mention.start)
    return bool(
        before
        and lang.asked_after.match(text, mention.end)
        and not any(p.search(before.group()) for p in lang.demand_actions.values())
    )


@dataclass(slots=True)
class Cue:
    type: str
    start: int
    end: int
    clause: Clause
    sentence: int
    described: tuple[int, ...] = ()  # the persons a cue inside a demand describes


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
    date: DateMention | None = None  # the act's: see `EventFinder._act_date`


@dataclass(slots=True)
class CountedGroup:
    """Cues stated of a counted, unnamed group ("11 journalists"), waiting for its list."""

    count: int
    sentence: int
    cues: list[tuple[Cue, DateMention | None]]


@dataclass(slots=True)
class EventResult:
    events: list[FoundEvent] = field(default_factory=list)
    demands: list[FoundDemand] = field(default_factory=list)


class EventFinder:
    def __init__(self, lang: LanguagePack) -> None:
        self.lang = lang  # the pack of the sentence being read (see `find`)

    def _cues(self, text: str, clause: Clause, sentence: int) -> list[Cue]:
        cues = []
        for kind, pattern in self.lang.event_cues.items():
            for match in pattern.finditer(text, clause.start, clause.end):
                # A capitalised cue inside a sentence belongs to a proper name ("Relatives
                # Against Torture"; not one with a number: "Article 272 of the Criminal
                # Code"), as does one whose last word goes on in a run of capitalised words
                # ("Writers in Prison Committee", but not "under Article 174"), unless the
                # language capitalises its nouns.
                words = _LETTERS.findall(match.group()) or [""]
                if (
                    not self.lang.capitalised_nouns
                    and (
                        (
                            words[0][:1].isupper()
                            and match.start() > clause.start
                            and not any(c.isdigit() for c in match.group())
                        )
                        or (
                            len(words) > 1
                            and words[-1][:1].isupper()
                            and _TITLE_WORD_NEXT.match(text, match.end())
                        )
                    )
                ) or self.lang.body_name_before_cue.search(
                    text, max(clause.start, match.start() - _BODY_NAME_REACH), match.start()
                ):
                    continue
                after = self.lang.cue_not_after.get(kind)
                if after and after.search(text, clause.start, match.start()):
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
        sentence_langs: list[LanguagePack] | None = None,
    ) -> EventResult:
        """Events and demands; `eligible` holds the persons events may attach to and
        `sentence_langs` the language pack of each sentence (the finder's own by default)."""
        text = seg.text
        result = EventResult()
        pending: list[Cue] = []  # cues of the previous sentence that found no person
        inherited_demand_line = -1
        inherited_date: DateMention | None = None  # the act date of the list's demand
        listed = False  # whether list items have stood under the inherited demand
        recent: list[tuple[NameMention, int]] = []  # eligible subjects, latest last
        counted: list[CountedGroup] = []
        lists: list[tuple[int, list[int]]] = []  # (sentence, persons) of name lists
        document_lang = self.lang
        genders = self._honorific_genders(mentions)
        author = self._self_introduced(text, mentions, eligible)
        for s_index, sentence in enumerate(seg.sentences):
            self.lang = sentence_langs[s_index] if sentence_langs else document_lang
            in_sentence = [m for m in mentions if sentence.start <= m.start < sentence.end]
            if inherited_demand_line >= 0 and sentence.line > inherited_demand_line:
                # A line that is no list item after the items ends the list's demand.
                if _LIST_ITEM.match(seg.lines[sentence.line].text):
                    listed = True
                elif listed:
                    inherited_demand_line, listed = -1, False
            under_list = self._under_list(sentence, inherited_demand_line)
            demand_spans = self._demand_spans(text, sentence, inherited_demand_line, seg)
            demand_at = demand_spans[0][0] if demand_spans else None
            opens_list = text[sentence.start : sentence.end].rstrip().endswith(":") and bool(
                self.lang.demand_cues.search(text, sentence.start, sentence.end)
            )
            if opens_list:
                inherited_demand_line, listed = sentence.line, False
            events_before = len(result.events)
            unattached: list[Cue] = []
            previous: tuple[list[NameMention], int] = ([], len(result.events))
            narrative: DateMention | None = None
            narrated: set[int] = set()  # the persons the narrative's sentence names
            narrative_read = False
            for c_index, clause in enumerate(sentence.clauses):
                clause_events = len(result.events)
                # Persons a clause names as its source ("according to his lawyer, X") are
                # neither what it is about nor in the way of a pronoun.
                named = [
                    m
                    for m in in_sentence
                    if clause.start <= m.start < clause.end and not self._source(text, clause, m)
                ]
                clause_mentions = [m for m in named if m.person in eligible]
                cues = self._scoped_cues(text, clause, s_index, demand_spans, in_sentence)
                if text[sentence.start : sentence.end].rstrip().endswith("?"):
                    # A question states nothing that ends a status.
                    cues = [c for c in cues if c.type not in STATUS_ENDING]
                if not cues and clause_mentions:
                    result.events.extend(
                        self._gapped(text, clause, clause_mentions, previous, result)
                    )
                if cues and not narrative_read:  # read only where a cue may need it
                    narrative, narrative_read = (
                        self._narrative_date(text, seg, s_index, dates),
                        True,
                    )
                    told = _sentence_of(seg, narrative.start) if narrative else None
                    narrated = {
                        m.person
                        for m in mentions
                        if told and m.person in eligible and told.start <= m.start < told.end
                    }
                counted_subject = (
                    self._counted_subject(text, clause, clause_mentions, dates) if cues else None
                )
                for cue in cues:
                    # "All five ... were convicted, as organisations X and Y say": the counted
                    # group opening the clause is what the cues before any name are stated of,
                    # unless a name right after the cue is its own ("the jailed leader X").
                    if cue.described and not eligible.issuperset(cue.described):
                        continue  # a demand's description of the judge is no event
                    targets = (
                        list(cue.described)
                        if cue.described
                        else self._targets(text, cue, clause_mentions, cues, named)
                    )
                    subject = (
                        not cue.described
                        and counted_subject is not None
                        and counted_subject < cue.start
                        and not any(m.start < cue.start for m in clause_mentions)
                        and not any(
                            m.start - cue.end <= _OWN_NAME_AFTER
                            for m in clause_mentions
                            if m.person in targets
                        )
                    )
                    if subject:
                        targets = []
                    if not targets and not clause_mentions and not subject and author is not None:
                        # "My name is X … I was convicted": "I" is the appeal's author.
                        targets = self._first_person_target(text, cue, author)
                    present = [m for m in clause_mentions if not self._displaced(text, m, cue)]
                    # "Police detained X on 3 May and later released him": a pronoun object of
                    # the cue may stand for a name before it in the clause.
                    before_cue = [
                        (m, s_index)
                        for m in present
                        if m.end <= cue.start and self._object_pronoun(text, cue)
                    ]
                    if not targets and len(before_cue) == len(present) and not subject:
                        # Persons named but not eligible (the judge, the prosecutor) leave
                        # only a pronoun right at the cue: "the court, under Judge X,
                        # sentenced him".
                        # Those named in the sentence's earlier clauses come last, as the
                        # latest: "Y is still held; he was beaten" is of Y.
                        earlier = [
                            (m, s_index)
                            for m in in_sentence
                            if m.end <= clause.start
                            and m.person in eligible
                            and not self._possessor(text, m)
                            and not self._source(text, sentence.clauses[0], m)
                        ]
                        targets = self._pronoun_target(
                            text,
                            cue,
                            recent + earlier + before_cue,
                            s_index,
                            genders,
                            adjacent=bool(named),
                        )
                        stated = {e.person for e in result.events[previous[1] : clause_events]}
                        if not targets and len(stated) == 1 and self._opens_with(text, cue):
                            targets = list(stated)
                        if not targets:
                            targets = self._detained_group(text, cue, s_index, result)
                    if not targets:
                        unattached.append(cue)
                        self._count_cue(
                            text, cue, clause, s_index, counted, dates, sentence, c_index, narrative
                        )
                        continue
                    others = [m for m in clause_mentions if m.person not in targets]
                    own = self._date(text, cue, sentence, c_index, dates, others, cues, in_sentence)
                    for person in targets:
                        # The narrative's date goes on for the persons it was about, or for
                        # anyone when it named none ("On 12 August police raided …").
                        date = own or (
                            narrative
                            if (not narrated or person in narrated) and cue.type not in _STATES
                            else None
                        )
                        result.events.append(
                            FoundEvent(person, cue.type, cue, date, self._detail(text, cue))
                        )
                previous = (clause_mentions, clause_events)
            if demand_at is not None or opens_list:
                act_date = (
                    inherited_date
                    if under_list
                    else self._act_date(
                        text, sentence, s_index, demand_at, dates, result.events[events_before:]
                    )
                )
                if opens_list:
                    inherited_date = act_date
                if demand_at is not None:
                    result.demands.extend(
                        self._demands(text, sentence, demand_at, in_sentence, eligible, act_date)
                    )
            backref = self.lang.backref_list_markers
            if in_sentence and pending and backref.search(text, sentence.start, sentence.end):
                self._apply_pending(text, sentence, in_sentence, eligible, pending, result, dates)
            pending = unattached if not in_sentence else []
            lists.extend(
                (s_index, persons) for persons in self._name_lists(text, in_sentence, eligible)
            )
            # Those one sentence states events of are one list too ("sentenced A to 12 years;
            # B to 9 years; and C to 7 years").
            stated = list(dict.fromkeys(e.person for e in result.events[events_before:]))
            if len(stated) >= _COUNT_LIST_MIN:
                lists.append((s_index, stated))
            self._apply_counted(counted, lists, s_index, result, text)
            recent.extend(
                (m, s_index)
                for m in in_sentence
                if not self._possessor(text, m) and m.person in eligible
            )
        self.lang = document_lang
        return result

    def _narrative_date(
        self, text: str, seg: Segmented, s_index: int, dates: list[DateMention]
    ) -> DateMention | None:
        """The date a paragraph's narrative stands at: "On 12 August X was detained. He was
        charged ... and his flat was searched." A sentence without a date of its own goes on
        at the one date that opens one of the two sentences before it in its paragraph, when
        that sentence states an event; any other date on the way, or a word that moves the
        time ("later"), ends the narrative."""
        sentence = seg.sentences[s_index]
        if any(
            sentence.start <= d.start < sentence.end for d in dates
        ) or self.lang.time_shift_words.search(text, sentence.start, sentence.end):
            return None
        for earlier_index in range(s_index - 1, max(-1, s_index - 3), -1):
            earlier = seg.sentences[earlier_index]
            if earlier.line != sentence.line:
                return None
            inside = [d for d in dates if earlier.start <= d.start < earlier.end]
            if not inside:
                continue
            opening = inside[0].start - earlier.start <= _DATE_AT_CLAUSE_START
            if not opening or len(inside) > 1:
                return None
            stated = any(self._cues(text, c, earlier_index) for c in earlier.clauses)
            return inside[0] if stated else None
        return None

    def _gapped(
        self,
        text: str,
        clause: Clause,
        mentions: list[NameMention],
        previous: tuple[list[NameMention], int],
        result: EventResult,
    ) -> list[FoundEvent]:
        """A clause that repeats the previous clause's verb by leaving it out: "sentenced Ms A
        to 21 years; Mr B to 15 years; and Mr C to 30 years". It opens with a name and goes
        on with the same word as the previous clause's person did ("to"); that person's events
        of the previous clause are this one's too."""
        first = mentions[0]
        lead = text[clause.start : first.start].strip(" ;,")
        titles = len((first.honorific or "").split())
        lead = " ".join(lead.split()[: len(lead.split()) - titles])
        if lead and not self.lang.coordination.fullmatch(lead):
            return []
        word = re.match(r"\s+(\w+)", text[first.end : clause.end])
        if not word or not word.group(1).islower():
            return []
        before, since = previous
        for mention in before:
            after = re.match(r"\s+(\w+)", text[mention.end : mention.end + 40])
            if not after or after.group(1) != word.group(1):
                continue
            return [
                FoundEvent(first.person, e.type, e.cue, e.date, e.detail)
                for e in result.events[since:]
                if e.person == mention.person and e.type not in STATUS_ENDING
            ]
        return []

    def _count_cue(
        self,
        text: str,
        cue: Cue,
        clause: Clause,
        s_index: int,
        counted: list[CountedGroup],
        dates: list[DateMention],
        sentence: Sentence,
        c_index: int,
        narrative: DateMention | None,
    ) -> None:
        """Keep a cue that found no named person when its clause counts a group ("detained 11
        journalists", "Все пятеро ... осуждены"): the list of that many names nearby is who it
        happened to. Never a status-ending event (a group's release is not each one's)."""
        if cue.type in STATUS_ENDING:
            return
        count = self._group_count(text, clause, dates)
        if count is None:
            return
        date = self._date(text, cue, sentence, c_index, dates, [], [cue]) or narrative
        for group in counted:
            if group.sentence == s_index and group.count == count:
                group.cues.append((cue, date))
                return
        counted.append(CountedGroup(count, s_index, [(cue, date)]))

    def _counted_subject(
        self,
        text: str,
        clause: Clause,
        mentions: list[NameMention],
        dates: list[DateMention],
    ) -> int | None:
        """Where a counted group opening the clause ("All five", "Все пятеро") ends, when no
        name stands before it in the clause."""
        head = Clause(clause.start, min(clause.end, clause.start + _COUNT_SUBJECT_AT))
        if mentions and mentions[0].start < head.end:
            return None
        count = self._group_count(text, head, dates)
        return head.end if count is not None else None

    def _group_count(self, text: str, clause: Clause, dates: list[DateMention]) -> int | None:
        """The size of a group the clause counts ("11 journalists", "five Crimean Tatars",
        "пятерых"), not a quantity ("7 years", "2.5-hour trial", "part 3") nor a date."""
        for match in self.lang.group_count.finditer(text, clause.start, clause.end):
            if match.group("label") or any(d.start <= match.start("count") < d.end for d in dates):
                continue
            # A day of a date that is not among the event dates (the dateline's "14 March").
            months = month_words(self.lang.codes or (self.lang.code,))
            near = text[max(clause.start, match.start() - 12) : match.end() + 12].lower()
            if any(w.strip(".,") in months for w in near.split()):
                continue
            word = match.group("count").lower()
            count = int(word) if word.isdigit() else self.lang.count_words.get(word)
            if count and count >= _COUNT_LIST_MIN:
                return count
        if self.lang.whole_group.search(text, clause.start, clause.end):
            return _WHOLE_LIST
        return None

    def _name_lists(
        self, text: str, in_sentence: list[NameMention], eligible: set[int]
    ) -> list[list[int]]:
        """The persons of each list of names in the sentence with only separators, titles or a
        bracket between them ("A, Mr B (also C) and D")."""
        lists: list[list[int]] = []
        last: NameMention | None = None
        for mention in sorted(in_sentence, key=lambda m: m.start):
            if mention.person not in eligible or self._possessor(text, mention):
                last = None
                continue
            gap = _BRACKET.sub(" ", text[last.end : mention.start]) if last else None
            words = self.lang.coordination.sub(" ", gap or "").split()
            if gap is not None and all(
                w.lower().rstrip(".") in self.lang.honorifics for w in words
            ):
                if mention.person not in lists[-1]:
                    lists[-1].append(mention.person)
            else:
                lists.append([mention.person])
            last = mention
        return [p for p in lists if len(p) >= _COUNT_LIST_MIN]

    def _apply_counted(
        self,
        counted: list[CountedGroup],
        lists: list[tuple[int, list[int]]],
        s_index: int,
        result: EventResult,
        text: str,
    ) -> None:
        """Give a counted group's cues to the list of exactly that many names in the
        sentences around it, once both have been read."""
        for group in list(counted):
            if group.count == _WHOLE_LIST:  # the latest list named up to its sentence
                before = [
                    persons
                    for at, persons in lists
                    if -_COUNT_LIST_BEFORE <= at - group.sentence <= 0
                ]
                match = before[-1] if before else None
                if match is None:
                    counted.remove(group)
                    continue
            else:
                match = next(
                    (
                        persons
                        for at, persons in lists
                        if len(persons) == group.count
                        and -_COUNT_LIST_BEFORE <= at - group.sentence <= _COUNT_LIST_AFTER
                    ),
                    None,
                )
            if match is None:
                if s_index - group.sentence >= _COUNT_LIST_AFTER:
                    counted.remove(group)
                continue
            for cue, date in group.cues:
                for person in match:
                    result.events.append(
                        FoundEvent(person, cue.type, cue, date, self._detail(text, cue))
                    )
            counted.remove(group)

    @staticmethod
    def _under_list(sentence: Sentence, inherited_line: int) -> bool:
        """Whether the sentence is an item of the list a demand opened ("We call for:")."""
        return inherited_line >= 0 and 0 < sentence.line - inherited_line <= 8

    def _demand_spans(
        self, text: str, sentence: Sentence, inherited_line: int, seg: Segmented
    ) -> list[tuple[int, int]]:
        """Where the sentence demands rather than states: from a demand cue to a scope break."""
        if self._under_list(sentence, inherited_line):
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
        self,
        text: str,
        clause: Clause,
        s_index: int,
        demand_spans: list[tuple[int, int]],
        in_sentence: list[NameMention],
    ) -> list[Cue]:
        """The clause's cues after scope: demanded, negated and threatened events turn."""
        cues = []
        for cue in self._cues(text, clause, s_index):
            demanded = any(start <= cue.start < end for start, end in demand_spans)
            # "drop the charges against X" asks for what only a charged person can be given.
            withdrawn = cue.type == "charged" and self.lang.charge_withdrawals.search(
                text, clause.start, clause.end
            )
            if demanded and not withdrawn and cue.type not in self.lang.presupposed_by_demands:
                attributed = self._attributed(text, cue, in_sentence)
                if attributed:
                    cue.type = _STATE_OF.get(cue.type, cue.type)
                cue.described = attributed or self._described(text, cue, in_sentence)
                if not cue.described:
                    continue
            if (
                self._negated(text, cue)
                or self._still_to_come(text, cue)
                or self._former(text, cue)
            ):
                continue
            if cue.type in STATUS_ENDING and self.lang.threat_cues.search(
                text, clause.start, cue.start
            ):
                continue  # "at risk of death" is neither a death nor a threat of arrest
            if cue.type != "threatened" and self._threatened(text, clause, cue):
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
        date: DateMention | None = None,
    ) -> list[FoundDemand]:
        # A demand quoted ends with its quotation: the name after it is who said it.
        end = _quotation_end(text, sentence.start, demand_at, sentence.end)
        persons = sorted(
            {
                m.person
                for m in in_sentence
                if demand_at <= m.start < end
                and m.person in eligible
                and not asked_to_act(text, m, self.lang)
            }
        )
        if not persons:
            return []
        return [
            FoundDemand(action, persons, demand_at, sentence.end, date)
            for action, pattern in self.lang.demand_actions.items()
            if pattern.search(text, demand_at, sentence.end)
        ]

    def _act_date(
        self,
        text: str,
        sentence: Sentence,
        s_index: int,
        demand_at: int | None,
        dates: list[DateMention],
        events: list[FoundEvent],
    ) -> DateMention | None:
        """The date the sentence gives for its act of demanding: the last date before the
        demand cue or right after it ("MEPs, on 19 October, addressed letters ..., demanding
        the release of", "called on Thursday for"). Not a date of what is demanded (after the
        cue: "the release of X, detained since 3 May"), nor an event's ("X, arrested on 3 May
        2021, must be released")."""
        start = sentence.start if demand_at is None else demand_at
        cue = self.lang.demand_cues.search(text, start, sentence.end)
        if cue is None:
            return None
        taken = {id(e.date) for e in events if e.date is not None}
        event_cues = [c for clause in sentence.clauses for c in self._cues(text, clause, s_index)]
        found = None
        for date in dates:
            if not sentence.start <= date.start <= cue.end() + 1 or id(date) in taken:
                continue
            after_event = any(
                c.end <= date.start
                and date.start - c.end <= _EVENT_DATE_GAP
                and not re.search(r"[,;:]", text[c.end : date.start])
                for c in event_cues
            )
            if not after_event:
                found = date
        return found

    def _relative_of(self, text: str, mention: NameMention, cue: Cue) -> bool:
        """Whether the name follows "the relatives of (the detained poet)": the cue is of the
        relatives, unless it stands in the words that describe the name ("detained")."""
        before = _before_title(text, mention)
        found = self.lang.possessor_before.search(before)
        if not found:
            return False
        if found.group("described") is None:  # "in support of X"
            return True
        # `before` starts where _before_title's window does.
        window = max(0, mention.start - 40 - len(mention.honorific or ""))
        return not (window + found.start("described") <= cue.start and cue.end <= mention.start)

    def _attributed(self, text: str, cue: Cue, mentions: list[NameMention]) -> tuple[int, ...]:
        """The person a cue inside a demand stands before as an attribute, stating the state
        they are in: "the release of jailed Nobel prize winner X"."""
        after = [m for m in mentions if m.start >= cue.end]
        if not after or cue.type in STATUS_ENDING:
            return ()
        name = min(after, key=lambda m: m.start)
        if self.lang.attributive_events.match(text, cue.start) and _ATTRIBUTE_GAP.fullmatch(
            text, cue.end, name.start
        ):
            return (name.person,)
        return ()

    def _described(self, text: str, cue: Cue, mentions: list[NameMention]) -> tuple[int, ...]:
        """The persons named right before a cue inside a demand (one, or a group joined by
        "and") whom the cue describes, and so states a fact of: "release X, who was sentenced
        in 2019", "the death of Y, a blogger who died in custody". Nothing between the name
        and the cue may demand, foretell or threaten; a status-ending cue is also read to the
        clause's end, where verb-final languages put their modals ("..., die freigelassen
        werden muss")."""
        before = [m for m in mentions if m.end <= cue.start]
        if not before:
            return ()
        name = max(before, key=lambda m: m.end)
        if not self.lang.name_descriptions.fullmatch(text, name.end, cue.start):
            return ()
        after_end = cue.clause.end if cue.type in STATUS_ENDING else cue.end
        turning = (self.lang.demand_cues, self.lang.future_markers, self.lang.threat_cues)
        if any(
            pattern.search(text, start, end)
            for pattern in turning
            for start, end in ((name.end, cue.start), (cue.end, after_end))
        ):
            return ()
        group = next(g for g in self._groups(text, before) if name in g)
        return tuple(dict.fromkeys(m.person for m in group))

    def _threatened(self, text: str, clause: Clause, cue: Cue) -> bool:
        """Whether a threat cue governs the event cue: close before it ("could face up to"),
        not far back in a long clause, and not before a state given as a description
        ("planned to mark the birthday of imprisoned politician X")."""
        if self.lang.attributive_events.match(text, cue.start):
            return False
        words = [m.start() for m in _WORD.finditer(text, clause.start, cue.start)]
        start = words[-_THREAT_REACH] if len(words) >= _THREAT_REACH else clause.start
        return bool(self.lang.threat_cues.search(text, start, cue.start))

    def _still_to_come(self, text: str, cue: Cue) -> bool:
        """A death, release or acquittal its clause tells in the future ("he will be barred
        from his work for two years after his release"), or as sought, expected, rumoured,
        nearly so or partial ("secure the release of", "released from the punishment cell"),
        has not happened."""
        return cue.type in STATUS_ENDING and bool(
            self.lang.future_markers.search(text, cue.clause.start, cue.start)
            or self.lang.unrealised_before.search(text, cue.clause.start, cue.start)
            or self.lang.unrealised_after.match(text, cue.end, cue.clause.end)
        )

    def _former(self, text: str, cue: Cue) -> bool:
        """A state said to be over ("former political prisoner X") is no state now; when it
        began and ended is unknown."""
        return cue.type in _STATES and bool(
            self.lang.former_words.search(text, max(cue.clause.start, cue.start - 20), cue.start)
        )

    def _negated(self, text: str, cue: Cue) -> bool:
        # A status-ending cue, or a house arrest, is read negated from anywhere before it in
        # its clause ("aber nicht von allen gegen ihn erhobenen Anschuldigungen freigesprochen",
        # "weigerte sich, X unter Hausarrest zu stellen").
        whole_clause = cue.type in STATUS_ENDING or cue.type == "house_arrest"
        reach = cue.start - cue.clause.start if whole_clause else 30
        window = text[max(cue.clause.start, cue.start - reach) : cue.start]
        # "was not arrested but was questioned": the negation ends at the conjunction.
        window = self.lang.negation_scope_ends.split(window)[-1]
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
                    and self.lang.coordination.search(between)
                    and not self.lang.relative_pronouns.search(between)
                    and not self.lang.group_breaks.search(between)
                    and not any(p.search(between) for p in self.lang.event_cues.values())
                    # "X draws attention to (the minister and) the situation of Y"
                    and not self.lang.advocacy_verbs.search(between)
                    and not self.lang.speech_verbs.search(between)
                )
                if linked:
                    groups[-1].append(mention)
                    continue
            groups.append([mention])
        return groups

    def _targets(
        self,
        text: str,
        cue: Cue,
        mentions: list[NameMention],
        cues: list[Cue],
        named: list[NameMention] = (),
    ) -> list[int]:
        """The persons among `mentions` (those events may attach to) the cue is stated of;
        `named` are all the clause's names, others (officials, addressees) included."""
        targets: set[int] = set()
        # "a friend of Mr X", "X's mother": the possessor is not what the clause is about,
        # nor does it stand between the clause's subject and its verb; unless the cue is in
        # a relative clause of its own ("the family of X, a blogger who died").
        mentions = [
            m
            for m in mentions
            if not self._possessor(text, m)
            and not (
                self._relative_of(text, m, cue)
                and not self._in_relative_clause(text, m, cue)
                and not self._apposed(text, m, cue)
            )
            and not (m.end <= cue.start and self._object_in_relative(text, m, cue))
        ]
        groups = self._groups(text, mentions)
        objects = [
            g
            for g in groups
            if g[0].start >= cue.end and self.lang.object_before.match(text[cue.end : g[0].start])
        ]
        if not objects:
            # An active verb's object right after it ("police questioned his colleague X") is
            # whom it was done to, not the person named before the verb.
            objects = [
                g
                for g in groups
                if g[0].start >= cue.end
                and self.lang.direct_object_gap.fullmatch(text, cue.end, g[0].start)
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
                if (
                    not self._states_of(text, cue, last.start, last.end, last.possessive)
                    or self._other_subject(text[last.end : cue.start], cues)
                    or self._own_object(text, cue)
                    # "X called the verdict regrettable": what X reacted to
                    or self.lang.reaction_before.search(text, last.end, cue.start)
                    or self._displaced(text, last, cue)
                    # "X's 2015 arrest on charges ... followed a period of intimidation":
                    # a possessor names only the noun phrase it opens, unless a pronoun
                    # takes it up ("X's troubles began when he was detained").
                    or (
                        last.possessive
                        and not _POSSESSED.fullmatch(text, last.end, cue.start)
                        and not self.lang.subject_pronouns.search(text, last.end, cue.start)
                    )
                ):
                    continue
                members = [
                    m
                    for m in group
                    if not self.lang.agent_before.search(text[cue.clause.start : m.start])
                ]
            elif cue.end <= first.start:
                between = text[cue.end : first.start]
                relative = self.lang.relative_pronouns.search(
                    between
                ) and not self.lang.concern_list_markers.search(between[-25:])
                if (
                    relative
                    # "relatives of detained journalists appealed to the President X, … and
                    # Director Y": a name no event attaches to stands between cue and name
                    # (not the agent: "a lawsuit filed by Akim X against Y").
                    or any(
                        cue.end <= o.start
                        and o.end <= first.start
                        and not self.lang.agent_before.search(text, max(0, o.start - 30), o.start)
                        for o in named
                    )
                    # "accused of torturing the activist Y": Y is the torture's, not the cue's.
                    or self.lang.act_complement.match(text, cue.end, first.start)
                    # "X, sentenced to …, and of the politician Y": after a name the cue
                    # describes, a new conjunct is not the cue's object.
                    or (
                        self.lang.clause_coordination.search(between)
                        and any(m.end <= cue.start for m in mentions)
                    )
                    or any(
                        g[-1].end <= first.start and g[0].start > cue.end for g in groups[:index]
                    )
                    or any(
                        c.type != cue.type
                        and cue.end <= c.start < first.start
                        # not a cue that describes the name ("умер политзаключённый X")
                        and text[c.end : first.start].strip()
                        for c in cues
                    )
                    or self._speaker(text, cue, first)
                    or not self._states_of(text, cue, first.start, first.end, first.possessive)
                ):
                    continue
                members = [
                    m
                    for m in group
                    if not self.lang.agent_before.search(text[max(0, m.start - 30) : m.start])
                ]
            else:
                continue
            targets.update(m.person for m in members)
        return sorted(targets)

    def _detained_group(self, text: str, cue: Cue, s_index: int, result: EventResult) -> list[int]:
        """ "Although those detained were subsequently released": everyone the last few
        sentences said was detained, and not since sentenced, freed or dead."""
        if not self.lang.detained_referents.search(text, cue.clause.start, cue.start):
            return []
        detained = {
            e.person
            for e in result.events
            if e.type == "arrested" and s_index - e.cue.sentence <= _REFERENT_REACH
        }
        moved_on = {e.person for e in result.events if e.type in _AFTER_DETENTION}
        return sorted(detained - moved_on)

    def _object_pronoun(self, text: str, cue: Cue) -> bool:
        """A pronoun right after the cue: "released him"."""
        pronoun = self.lang.pronouns.match(text, cue.end + 1)
        return bool(pronoun) and not text[cue.end : cue.end + 1].strip()

    def _opens_with(self, text: str, cue: Cue) -> bool:
        """The cue opens its clause, after at most conjunctions and words that move the time:
        "X, a minister, sentenced to 26 years in 2013; died in custody in 2021" goes on with
        the subject of the clause before."""
        lead = text[cue.clause.start : cue.start]
        while lead.strip(" ,;:–—-\n\t"):
            lead = lead.lstrip(" ,;:–—-\n\t")
            word = self.lang.coordination.match(lead) or self.lang.time_shift_words.match(lead)
            if not word or not word.group():
                return False
            lead = lead[word.end() :]
        return True

    def _displaced(self, text: str, mention: NameMention, cue: Cue) -> bool:
        """Another subject stands between the name and the cue: "his brother was beaten",
        or a pronoun of the other gender ("His wife, X, says that he was tortured")."""
        for pronoun in self.lang.pronouns.finditer(text, mention.end, cue.start):
            if self._possessive_of_another(text, pronoun):
                # not one of the subjects ("X and his mother were released"), nor the source
                # ("X suffered torture, according to his family")
                return not (
                    self.lang.coordination.fullmatch(
                        text[mention.end : pronoun.start()].strip(" ,")
                    )
                    or self.lang.attribution_before.search(
                        text, max(0, pronoun.start() - 60), pronoun.start()
                    )
                )
            gender = self.lang.pronoun_genders.get(pronoun.group().lower(), "n")
            if (
                self.lang.subject_pronouns.fullmatch(pronoun.group())
                and mention.family_gender
                and gender != "n"
                and gender != mention.family_gender
            ):
                return True
        return False

    def _other_subject(self, between: str, cues: list[Cue]) -> bool:
        """Whether what stands between a name and a later cue gives the cue another subject:
        others than the named ("one of hundreds of other people convicted", not "X and other
        activists were detained"), or, after a predicate of the name's own and a comma, a
        person's noun ("X placed under house arrest, cameraman still in custody")."""
        for match in self.lang.others_words.finditer(between):
            words = between[: match.start()].split()
            if not (words and self.lang.coordination.fullmatch(words[-1].lower())):
                return True
        # "X, and a threat made against Y": a new conjunct with a subject of its own.
        conjuncts = list(self.lang.clause_coordination.finditer(between))
        opening = between[conjuncts[-1].end() :].split()[:1] if conjuncts else []
        if opening and opening[0].lower() in self.lang.subject_openers:
            return True
        if "," not in between or not any(p.search(between) for p in self.lang.event_cues.values()):
            return False
        tail = between.rsplit(",", 1)[1]
        return bool(
            self.lang.role_nouns["concern"].search(tail) or self.lang.relation_words.search(tail)
        )

    def _own_object(self, text: str, cue: Cue) -> bool:
        """Whether the cue has an object of its own in common words ("concerning the
        detention of activists", "the arrest of his brother"): it is theirs, not of a name
        before it. Not a charge's or threat's complement ("on charges of inciting", "the threat
        of arrest"), nor where nouns are capitalised, which the first word cannot tell."""
        if self.lang.capitalised_nouns or cue.type in ("charged", "threatened"):
            return False
        after = text[cue.end : cue.clause.end]
        if self.lang.preposition_end.search(text, cue.start, cue.end):
            word = re.match(r"\s*(?P<word>[^\W\d_][\w'’-]*)", after)
        else:
            word = self.lang.object_after.match(after)
        return bool(word) and word.group("word").islower()

    def _apposed(self, text: str, mention: NameMention, cue: Cue) -> bool:
        """Whether the cue describes the name it follows ("for the release of X, jailed
        since 2019"); a death, release or acquittal is never read so."""
        return (
            cue.type not in STATUS_ENDING
            and mention.end <= cue.start
            and bool(self.lang.name_descriptions.fullmatch(text, mention.end, cue.start))
        )

    def _object_in_relative(self, text: str, mention: NameMention, cue: Cue) -> bool:
        """Whether the name is the object inside a relative clause opened before it ("the
        case against the guards who beat the blogger X was closed"): the verb after the
        clause is not of X."""
        before = text[max(cue.clause.start, mention.start - 80) : mention.start]
        return bool(self.lang.object_in_relative.search(before))

    def _in_relative_clause(self, text: str, mention: NameMention, cue: Cue) -> bool:
        """Whether the cue stands in a relative clause opened after the name, not closed by a
        comma before the cue."""
        if mention.end > cue.start:
            return False
        relatives = list(self.lang.relative_pronouns.finditer(text, mention.end, cue.start))
        return bool(relatives) and "," not in text[relatives[-1].end() : cue.start]

    def _states_of(self, text: str, cue: Cue, start: int, end: int, possessive: bool) -> bool:
        """Whether the text states a status-ending cue of the person named (or referred to)
        at start..end: as the subject of its verb ("X died", "X, who died", "X, the activist
        whose ..., was released"), the possessor of its noun ("X's death", "the death in
        custody of X", "since his release") or the one right after its verb ("freed the
        blogger X"). Not "X ... the relatives of a man who died", nor "X spoke about the
        death". Other cues attach as before."""
        if cue.type not in STATUS_ENDING:
            return True
        nominal = bool(self.lang.status_nouns.search(text, cue.start, cue.end))
        if end <= cue.start:
            between = text[end : cue.start]
            if self._of_status_noun(text, cue, start):
                return False
            if nominal and possessive and len(between.split()) <= 3:
                return True
            # A noun needs a possessive pronoun that stands for the subject: "since his release".
            near = text[max(cue.clause.start, cue.start - 12) : cue.end]
            if nominal and not self.lang.pronouns.search(near):
                return False
            if (
                between.startswith(",")
                and "," not in between[1:]
                and text[:start].rstrip().endswith(",")
            ):
                # "His wife, X, was detained and released": the comma closes X's apposition.
                between = between[1:]
            return self._subject_between(between)
        between = text[cue.end : start]
        if nominal:
            if not between.strip():  # a genitive without preposition ("смерть X")
                return bool(self.lang.name_inflection)
            # "the death of three activists, namely X, Y and Z"
            listed = list(self.lang.concern_list_markers.finditer(between))
            if listed and not between[listed[-1].end() :].strip(" :*-–—"):
                between = between[: listed[-1].start()].rstrip(" ,:") + " "
            # "death of X", "death in custody of X"
            return self._object_phrase(between, 3)
        return len(between.split()) <= 3 and not re.search(r"[^\w\s'’.-]", between)

    def _of_status_noun(self, text: str, cue: Cue, start: int) -> bool:
        """Whether the name at `start` completes a status noun before it ("the investigation
        into the death of the lawyer X ... was dropped"): the noun phrase, not X, is the
        subject of a verb after it."""
        nouns = list(self.lang.status_nouns.finditer(text, cue.clause.start, start))
        return bool(nouns) and self._object_phrase(text[nouns[-1].end() : start], 3)

    def _subject_between(self, between: str) -> bool:
        """Whether a name before a verb is its subject, by what stands between them."""
        lead = between.lstrip()
        relative = self.lang.relative_pronouns.match(lead) or self.lang.relative_pronouns.match(
            lead[1:].lstrip()
        )
        # "his brother died", "X, whose son was killed": a relative's, unless in apposition
        # ("X, lawyer of the workers, was freed").
        relation = self.lang.relation_words.search(" ".join(lead.strip(",").split()[:3]))
        if (
            self.lang.speech_verbs.search(between)
            or (relation and (relative or not lead.startswith(",")))
            or re.search(r"[;:()]", between)
        ):
            return False
        if lead.startswith(","):
            # An apposition closed by a comma right before the verb group.
            tail = between.rsplit(",", 1)[1]
            if len(tail.split()) <= 3 and not self.lang.relative_pronouns.search(tail):
                return True
        relative = self.lang.relative_pronouns.search(between)
        if relative:
            # The relative clause must be the person's own, opening right after the name or
            # after a short apposition to it ("X, a blogger who died"; not "X, a friend of
            # the man who died").
            apposition = between[: relative.start()]
            own = not apposition.strip(" ,") or (
                apposition.lstrip().startswith(",")
                and apposition.count(",") == 1
                and len(apposition.split()) <= 7
                and not self._object_phrase(apposition, len(apposition))
            )
            return own and "," not in between[relative.end() :]
        return "," not in between

    def _object_phrase(self, fragment: str, skip: int) -> bool:
        """Whether the fragment ends in "<object preposition> <up to three words>", after
        at most `skip` words ("in custody of the blogger ")."""
        starts = [0, *[w.end() for w in re.finditer(r"\S+", fragment)][:skip]]
        return any(self.lang.object_before.match(fragment[k:]) for k in starts)

    def _honorific_genders(self, mentions: list[NameMention]) -> dict[int, str]:
        """The gender a person's title tells ("Mr", "Frau"), by person."""
        genders = {}
        for mention in mentions:
            title = (mention.honorific or "").lower().rstrip(".")
            if title in self.lang.honorific_genders:
                genders[mention.person] = self.lang.honorific_genders[title]
        return genders

    def _source(self, text: str, clause: Clause, mention: NameMention) -> bool:
        return attribution_source(text, mention, self.lang, clause.start)

    def _speaker(self, text: str, cue: Cue, mention: NameMention) -> bool:
        """ "'This verdict is a blow,' said X": the speaker of a quote is not what the quote
        says happened."""
        between = text[cue.end : mention.start]
        for _ in (mention.honorific or "").split():  # "a déclaré Mme X"
            between = between.rstrip().rsplit(None, 1)[0] if between.strip() else ""
        return bool(
            re.search(r"[\"”“»«„]", between)
            and re.search(
                rf"(?:{self.lang.speech_verbs.pattern})\s*$", between.rstrip(), re.IGNORECASE
            )
        )

    def _possessor(self, text: str, mention: NameMention) -> bool:
        """ "X's mother was summoned" is about the mother; "X's flat was searched" about X."""
        return mention.possessive and bool(self.lang.relation_after.match(text, mention.end))

    def _pronoun_target(
        self,
        text: str,
        cue: Cue,
        recent: list[tuple[NameMention, int]],
        s_index: int,
        genders: dict[int, str],
        adjacent: bool = False,
    ) -> list[int]:
        """He/she/him/her/his: the latest person of concern named in the last few sentences
        whose gender (by title or family-name form) does not contradict the pronoun's. A
        capitalised pronoun inside a sentence addresses the reader ("Sie", "Ihr") and is
        skipped, as is the speaker after a quote ('"... a convicted man," she said').
        `adjacent`: only a pronoun right at the cue ("sentenced him", "he was sentenced")."""
        clause = cue.clause
        match = next(
            (
                m
                for m in self.lang.pronouns.finditer(text, clause.start, clause.end)
                if (
                    m.start() == clause.start
                    or not m.group()[:1].isupper()
                    or text[clause.start : m.start()].strip(" \"'«“„(-–—") == ""
                )
                and not (m.start() >= cue.end and _QUOTE.search(text, cue.end, m.start()))
                and (not adjacent or self._at_cue(text, cue, m))
                and not self._possessive_of_another(text, m)
            ),
            None,
        )
        if not match or not self._states_of(text, cue, match.start(), match.end(), False):
            return []
        gender = self.lang.pronoun_genders.get(match.group().lower(), "n")
        for mention, sentence in reversed(recent):
            if s_index - sentence > _PRONOUN_LOOKBACK:
                break
            form = genders.get(mention.person) or mention.family_gender
            if form is None or gender == "n" or form == gender:
                return [mention.person]
        return []

    def _self_introduced(
        self, text: str, mentions: list[NameMention], eligible: set[int]
    ) -> int | None:
        """The person a first-person text introduces by name ("My name is X")."""
        return next(
            (
                m.person
                for m in mentions
                if m.person in eligible
                and self.lang.self_introduction.search(text, max(0, m.start - 30), m.start)
            ),
            None,
        )

    def _first_person_target(self, text: str, cue: Cue, author: int) -> list[int]:
        """ "I was convicted", "deprived me of": a first-person pronoun right at the cue."""
        return [
            author
            for pronoun in self.lang.first_person.finditer(text, cue.clause.start, cue.clause.end)
            if self._at_cue(text, cue, pronoun)
        ][:1]

    def _possessive_of_another(self, text: str, pronoun: re.Match[str]) -> bool:
        """ "Her cameraman", "his lawyer": the pronoun owns the person the clause is about."""
        after = text[pronoun.end() : pronoun.end() + 40].lstrip()
        return bool(
            self.lang.relation_words.match(after) or self.lang.role_nouns["concern"].match(after)
        )

    @staticmethod
    def _at_cue(text: str, cue: Cue, pronoun: re.Match[str]) -> bool:
        """A pronoun right after the cue, or before it with at most three words between."""
        if pronoun.start() >= cue.end:
            return not text[cue.end : pronoun.start()].strip()
        between = text[pronoun.end() : cue.start]
        return len(between.split()) <= 3 and not re.search(r"[^\w\s'’-]", between)

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
        breaker = self.lang.group_breaks.search(text, sentence.start, sentence.end)
        limit = breaker.start() if breaker else sentence.end
        persons = [m.person for m in in_sentence if m.start < limit and m.person in eligible]
        for cue in pending:
            if cue.type in STATUS_ENDING:
                continue  # never stated of persons named only in the next sentence
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
        cues: Sequence[Cue] = (),
        in_sentence: Sequence[NameMention] = (),
    ) -> DateMention | None:
        """The date of an event: after its cue, opening its clause, before it in the clause,
        or opening an earlier clause of the sentence that names no person and states no event
        of its own ("whereas on 23 January the KNB raided ...; whereas X was arrested", not
        "on 6 January X was arrested; and whereas Y faces charges"). `others` are persons it is
        not about, `in_sentence` all persons named in the sentence.
        In verb-final languages the date right before the cue comes first ("werd op
        2 februari 2021 aangehouden en in oktober 2021 veroordeeld")."""
        clause = cue.clause
        # "October 3, X stated that since 2018 he has been persecuted", "..., who had been
        # murdered": a date before a report or an earlier tense is the report's, not the event's.
        floor = max(
            (
                m.end()
                for m in self.lang.earlier_than_date.finditer(text, sentence.start, cue.start)
            ),
            default=sentence.start,
        )
        dates = [d for d in dates if d.start >= floor or cue.start <= d.start]
        # "kept in detention until 13 March": the end of a state is not an event's date.
        in_clause = [
            d
            for d in dates
            if clause.start <= d.start < clause.end
            and not self.lang.until_before.search(text, max(clause.start, d.start - 15), d.start)
        ]
        within = [d for d in in_clause if cue.start <= d.start and d.end <= cue.end]
        if within:  # "seit Februar 2021 inhaftiert"
            return within[0]
        if self.lang.date_before_cue:
            before = [d for d in in_clause if d.end <= cue.start]
            if before and not any(before[-1].end <= c.start < cue.start for c in cues):
                return before[-1]
        for date in in_clause:
            if date.start < cue.end:
                continue
            # A date after ", and ...", after a comma and a new predicate (", had her
            # licence suspended in November") or after a new subject ("the sentence he
            # received in 2013") belongs to the next statement.
            gap = text[cue.end : date.start]
            if (
                not any(cue.end <= m.start < date.start for m in others)
                and not self.lang.clause_coordination.search(gap)
                and not self.lang.subject_pronouns.search(gap)
                and not self._new_predicate(gap)
            ):
                return date
            break
        later = self.lang.later_after_cue.match(text, cue.end, clause.end)
        if later and not self.lang.coordination.search(later.group()):
            # "detained on 20 January and released three days later"; not "detained and
            # subsequently held", where "subsequently" is of the next verb
            return None
        # "X, detained in January, was placed under house arrest": January is the detention's.
        in_clause = [d for d in in_clause if not self._date_of_other(text, d, cue, cues)]
        # "detained on 20 January and later released": no date before "later" is the cue's
        in_clause = [
            d
            for d in in_clause
            if d.end > cue.start or not self.lang.later_words.search(text, d.end, cue.start)
        ]
        for date in in_clause:
            if date.start - clause.start <= _DATE_AT_CLAUSE_START and date.end <= cue.start:
                return date
        before = [d for d in in_clause if d.end <= cue.start]
        if before:
            return before[-1]
        for earlier in reversed(sentence.clauses[:c_index]):
            if any(earlier.start <= m.start < earlier.end for m in in_sentence):
                break  # that clause's date belongs to its own person's event
            opening = [
                d
                for d in dates
                if earlier.start <= d.start < earlier.end
                and d.start - earlier.start <= _DATE_AT_CLAUSE_START
            ]
            if opening:
                return opening[0]
        return None

    @staticmethod
    def _date_of_other(text: str, date: DateMention, cue: Cue, cues: Sequence[Cue]) -> bool:
        """Whether a date before the cue stands in another cue's phrase, closed by a comma
        before this one ("detained in January, was placed under house arrest")."""
        return date.end <= cue.start and any(
            other is not cue
            and other.end <= date.start
            and "," not in text[other.end : date.start]
            and "," in text[date.end : cue.start]
            for other in cues
        )

    def _new_predicate(self, gap: str) -> bool:
        """Whether a comma and a new predicate stand between a cue and a date (", had her
        licence suspended in"), not a parenthesis (", on") or a relative clause about the
        event (", which coincided with")."""
        if "," not in gap:
            return False
        tail = gap.rsplit(",", 1)[1]
        return len(tail.split()) > 2 and not self.lang.relative_pronouns.match(tail.lstrip())

    def _detail(self, text: str, cue: Cue) -> str:
        end = min(cue.clause.end, cue.end + 70)
        # The phrase ends where a new conjunct begins (", and of the politician Y").
        conjunct = self.lang.clause_coordination.search(text, cue.end, end)
        if conjunct:
            return text[cue.start : conjunct.start()].strip(" ,;:.")
        detail = text[cue.start : end]
        if end < cue.clause.end and " " in detail[cue.end - cue.start :]:
            detail = detail.rsplit(" ", 1)[0]
        return detail.strip(" ,;:.")


# What may stand between a possessor and a noun of its phrase ("X's 2015 arrest on narcotics
# charges"): a few words, no clause punctuation.
_POSSESSED = re.compile(r"[^,;:()]{0,60}")

# Opening and closing marks of a quotation (German „…“ closes with the English opener).
_QUOTE_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"), ("‹", "›"))


def _quotation_end(text: str, start: int, at: int, end: int) -> int:
    """Where the quotation that `at` stands in (within text[start:end]) closes, else `end`."""
    before = text[start:at]
    closers = [close for open_, close in _QUOTE_PAIRS if before.rfind(open_) > before.rfind(close)]
    if before.count('"') % 2:
        closers.append('"')
    found = [i for close in closers if (i := text.find(close, at, end)) >= 0]
    return min(found, default=end)
