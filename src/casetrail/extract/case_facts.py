"""Case facts: the charges (articles of law and the charges' words), the sentence (term,
penalty, regime, court, judge, fine), the place of detention and the restrictions that the
sentences stating a person's events give, each with its evidence.

Only sentences in which the person has an event are read, with that sentence's language pack
(`case_facts` in the lexicon). Where a sentence states the events of several persons, a term,
an article, a charge or a place belongs to the person named last before it ("A was sentenced
to 5 years and B to 3 years"); the court, judge and regime belong to all of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from casetrail.domain import (
    CaseFact,
    Charge,
    CourtSentence,
    Detention,
    Evidence,
    PartialDate,
    Restriction,
)
from casetrail.extract.dates import month_words
from casetrail.extract.events import FoundEvent
from casetrail.extract.names import NameMention
from casetrail.extract.text import Segmented
from casetrail.languages import LanguagePack
from casetrail.languages.case_facts import CaseFactPatterns

# The events whose sentences can state the case: not a demand, a threat or ill-treatment.
_CASE_EVENTS = frozenset(
    {"arrested", "charged", "tried", "sentenced", "imprisoned", "house_arrest", "released"}
)
_SENTENCING = frozenset({"sentenced", "imprisoned"})
_HELD = ("imprisoned", "house_arrest", "arrested")
# A charge in quotation marks of any kind; a quotation mark opens only after a space or a
# bracket, so that the apostrophe of "six years' prison" opens nothing.
_QUOTED = re.compile(r"(?<![^\s(\[])[\"“”«„'‘](\S[^\"“”«»„‘’]{2,118}?\S)[\"“”»’'](?!\w)")
_CHARGE_WORDS = 8  # words of a charge stated without quotation marks
_FINE_REACH = 60  # characters from a fine's word to its amount
_PROBATION_REACH = 40  # characters from "probation" to its length


@dataclass(frozen=True, slots=True)
class Piece:
    """What one pattern found in a sentence: its cleaned-text span and its value."""

    start: int
    end: int
    value: object


@dataclass(frozen=True, slots=True)
class Term:
    months: int | None
    days: int | None


def _number(text: str, patterns: CaseFactPatterns) -> int | None:
    return int(text) if text.isdigit() else patterns.numbers.get(text.lower())


def _unit(text: str, patterns: CaseFactPatterns) -> str | None:
    return next((u for u, p in patterns.units.items() if p.match(text)), None)


def term_of(match: re.Match[str], patterns: CaseFactPatterns) -> Term | None:
    """The length a term match states: years and months in months, or days."""
    months = days = 0
    for i in (1, 2):
        if match.group(f"n{i}") is None:
            continue
        amount = _number(match.group(f"n{i}"), patterns)
        unit = _unit(match.group(f"u{i}"), patterns)
        if amount is None or unit is None:
            return None
        half = match.group(f"h{i}") or match.group(f"a{i}")
        if unit == "day":
            days += amount
        else:
            per_unit = 12 if unit == "year" else 1
            months += amount * per_unit + (per_unit // 2 if half else 0)
    if months and days:
        return None  # "2 years 10 days" is no sentence's length
    return Term(months or None, days or None)


def terms(text: str, start: int, end: int, patterns: CaseFactPatterns) -> list[Piece]:
    """The lengths of sentences stated in text[start:end]: a term right after "to", "of"...
    or right before "in prison", "imprisonment"...; not a maximum ("up to 7 years") or time
    served ("served two years")."""
    found = []
    for match in patterns.term.finditer(text, start, end):
        before = text[max(start, match.start() - 40) : match.start()]
        if patterns.term_not_before.search(before):
            continue
        after = patterns.term_after.match(text, match.end(), end)
        if not (after or patterns.term_before.search(before)):
            continue
        term = term_of(match, patterns)
        if term is not None:
            found.append(Piece(match.start(), match.end(), term))
    return found


def articles(text: str, start: int, end: int, patterns: CaseFactPatterns) -> list[Piece]:
    """The articles of law cited in text[start:end], one Charge each ("Articles 174 and 272":
    two), with the part, code and country where the text states them."""
    found = []
    for match in patterns.article.finditer(text, start, end):
        first = match.group("article_first") or match.group("article")
        part = match.group("part_first") or match.group("part_bracket") or match.group("part")
        code = _label(patterns.codes, match.group("code"))
        country = _label(patterns.countries, match.group("country"))
        more = re.findall(r"\d{1,4}(?:[.-]\d{1,3})?", match.group("more") or "")
        for index, number in enumerate([first, *more]):
            found.append(
                Piece(
                    match.start(),
                    match.end(),
                    Charge(number, part if index == 0 else None, code, country),
                )
            )
    return found


def _label(labelled: dict[str, re.Pattern[str]], text: str | None) -> str | None:
    if not text:
        return None
    return next((label for label, p in labelled.items() if p.fullmatch(text.strip())), None)


def _first_label(
    labelled: dict[str, re.Pattern[str]], text: str, start: int, end: int
) -> Piece | None:
    """The label of the earliest match among labelled patterns in text[start:end]."""
    best: Piece | None = None
    for label, pattern in labelled.items():
        match = pattern.search(text, start, end)
        if match and (best is None or match.start() < best.start):
            best = Piece(match.start(), match.end(), label)
    return best


def charge_texts(text: str, start: int, end: int, patterns: CaseFactPatterns) -> list[Piece]:
    """The charges a sentence names after a charge word ("guilty of", "по обвинению в"):
    in quotation marks, a list of them ("'X' and 'Y'"); else a few words up to a break."""
    found: list[Piece] = []
    for intro in patterns.charge_intros.finditer(text, start, end):
        at = intro.end()
        quoted = _QUOTED.match(text, at, end)
        if quoted:
            while quoted:
                found.append(Piece(quoted.start(), quoted.end(), " ".join(quoted.group(1).split())))
                link = patterns.list_link.match(text, quoted.end(), end)
                quoted = _QUOTED.match(text, link.end(), end) if link else None
            continue
        stop = patterns.charge_ends.search(text, at, end)
        words = text[at : stop.start() if stop else end].split()[:_CHARGE_WORDS]
        phrase = " ".join(words)
        named = not patterns.vague_charges.fullmatch(phrase)
        if words and named and not patterns.article.match(text, at):
            found.append(Piece(at, at + len(phrase), phrase))
    unique: dict[str, Piece] = {}
    for piece in found:
        unique.setdefault(str(piece.value), piece)
    return list(unique.values())


def places(
    text: str, start: int, end: int, patterns: CaseFactPatterns, months: Collection[str] = ()
) -> list[Piece]:
    """Places of detention; not "jail in January", where the capital is a month's."""
    found = []
    for match in patterns.places.finditer(text, start, end):
        group = next(name for name, value in match.groupdict().items() if value)
        if match.group(group).split()[-1].lower() not in months:
            found.append(Piece(match.start(group), match.end(group), match.group(group)))
    return found


def restrictions(text: str, start: int, end: int, patterns: CaseFactPatterns) -> list[Piece]:
    return [
        Piece(match.start(), match.end(), Restriction(kind, match.group()))
        for kind, pattern in patterns.restrictions.items()
        for match in pattern.finditer(text, start, end)
    ]


def _amount(digits: str) -> int:
    return int(re.sub(r"\D", "", digits))


def fine(text: str, start: int, end: int, patterns: CaseFactPatterns) -> Piece | None:
    """A fine's amount and currency, right after a fine's word."""
    word = patterns.penalties.get("fine")
    cue = word.search(text, start, end) if word else None
    if cue is None:
        return None
    match = patterns.fine.search(text, cue.end(), min(end, cue.end() + _FINE_REACH))
    if match is None:
        return None
    amount = match.group("amount") or match.group("amount_after")
    currency = _label(patterns.currencies, match.group("currency") or match.group("currency_first"))
    return Piece(cue.start(), match.end(), (_amount(amount), currency))


def court(text: str, start: int, end: int, patterns: CaseFactPatterns) -> Piece | None:
    found = [m for p in patterns.courts if (m := p.search(text, start, end))]
    if not found:
        return None
    match = min(found, key=lambda m: (m.start(), -m.end()))
    return Piece(match.start(), match.end(), " ".join(match.group().split()))


def judge(text: str, start: int, end: int, patterns: CaseFactPatterns) -> Piece | None:
    match = patterns.judges.search(text, start, end)
    if match is None:
        return None
    group = next(name for name, value in match.groupdict().items() if value)
    return Piece(match.start(), match.end(group), match.group(group))


@dataclass(slots=True)
class _SentenceFacts:
    """What one sentence says, before it is given to its persons."""

    terms: list[Piece]
    articles: list[Piece]
    charges: list[Piece]
    places: list[Piece]
    restrictions: list[Piece]
    penalty: Piece | None
    regime: Piece | None
    suspended: Piece | None
    probation: Piece | None
    custody_counts: Piece | None
    fine: Piece | None
    court: Piece | None
    judge: Piece | None


def read_sentence(text: str, start: int, end: int, lang: LanguagePack) -> _SentenceFacts:
    patterns = lang.case_facts
    probation = patterns.probation.search(text, start, end)
    probation_piece = None
    found_terms = terms(text, start, end, patterns)
    if probation:
        reach = min(end, probation.end() + _PROBATION_REACH)
        length = patterns.term.search(text, probation.end(), reach)
        term = term_of(length, patterns) if length else None
        probation_piece = Piece(
            probation.start(), length.end() if length else probation.end(), term
        )
        if length:
            found_terms = [t for t in found_terms if t.start != length.start()]
    suspended = patterns.suspended.search(text, start, end)
    custody = patterns.custody_counts.search(text, start, end)
    return _SentenceFacts(
        terms=found_terms,
        articles=articles(text, start, end, patterns),
        charges=charge_texts(text, start, end, patterns),
        places=places(text, start, end, patterns, month_words((lang.code, *lang.codes, "en"))),
        restrictions=restrictions(text, start, end, patterns),
        penalty=_first_label(patterns.penalties, text, found_terms[0].end, end)
        if found_terms
        else _first_label(patterns.penalties, text, start, end),
        regime=_first_label(patterns.regimes, text, start, end),
        suspended=Piece(suspended.start(), suspended.end(), True) if suspended else None,
        probation=probation_piece,
        custody_counts=Piece(custody.start(), custody.end(), True) if custody else None,
        fine=fine(text, start, end, patterns),
        court=court(text, start, end, patterns),
        judge=judge(text, start, end, patterns),
    )


def _owner(at: int, persons: set[int], mentions: Sequence[NameMention]) -> set[int]:
    """Who a fact at `at` belongs to: the one person of the sentence, else the person named
    last before it (or first after it)."""
    if len(persons) == 1:
        return persons
    before = [m for m in mentions if m.person in persons and m.end <= at]
    if before:
        return {max(before, key=lambda m: m.end).person}
    after = [m for m in mentions if m.person in persons and m.start >= at]
    return {min(after, key=lambda m: m.start).person} if after else persons


def _charge_label(charge: Charge) -> str:
    if charge.text:
        return charge.text
    part = f" part {charge.part}" if charge.part else ""
    return f"Article {charge.article}{part}"


def _pair(articles_: list[Piece], texts: list[Piece]) -> list[Piece]:
    """Articles and charge words as charges: paired in order when the sentence gives as many
    of each ("guilty of 'X' under Article 174"), else each on its own."""
    if articles_ and len(articles_) == len(texts):
        return [
            Piece(
                min(a.start, t.start),
                max(a.end, t.end),
                Charge(**{**_fields(a.value), "text": str(t.value)}),
            )
            for a, t in zip(articles_, texts, strict=True)
        ]
    return [*articles_, *(Piece(t.start, t.end, Charge(text=str(t.value))) for t in texts)]


def _fields(charge: object) -> dict[str, object]:
    assert isinstance(charge, Charge)
    return {name: getattr(charge, name) for name in Charge.__dataclass_fields__}


def _span(pieces: Sequence[Piece | None]) -> tuple[int, int]:
    real = [p for p in pieces if p is not None]
    return min(p.start for p in real), max(p.end for p in real)


def case_facts(
    seg: Segmented,
    events: Sequence[FoundEvent],
    mentions: Sequence[NameMention],
    sentence_langs: Sequence[LanguagePack],
    evidence: Callable[[int, int], Evidence],
    doc_date: PartialDate | None,
) -> dict[int, list[CaseFact]]:
    """The case facts of each person (by index), from the sentences stating their events."""
    by_sentence: dict[int, list[FoundEvent]] = {}
    for event in events:
        if event.type in _CASE_EVENTS:
            by_sentence.setdefault(event.cue.sentence, []).append(event)
    facts: dict[int, list[CaseFact]] = {}
    for index, stated in sorted(by_sentence.items()):
        sentence = seg.sentences[index]
        lang = sentence_langs[index]
        read = read_sentence(seg.text, sentence.start, sentence.end, lang)
        persons = {e.person for e in stated}
        named = [m for m in mentions if sentence.start <= m.start < sentence.end]

        def own(pieces: list[Piece], person: int) -> list[Piece]:
            return [p for p in pieces if person in _owner(p.start, persons, named)]  # noqa: B023

        for person in sorted(persons):
            dates = {
                e.type: e.date.resolve(doc_date)
                for e in stated
                if e.person == person and e.date is not None
            }
            types = {e.type for e in stated if e.person == person}
            found = facts.setdefault(person, [])
            charges = _pair(own(read.articles, person), own(read.charges, person))
            charge_date = next(
                (dates[t] for t in ("charged", "tried", "sentenced") if t in dates),
                None,
            )
            found += [
                CaseFact(p.value, evidence(p.start, p.end), charge_date)  # type: ignore[arg-type]
                for p in charges
            ]
            if types & _SENTENCING:
                found += _sentence(read, own(read.terms, person), charges, dates, evidence)
            held_since = next((dates[t] for t in _HELD if t in dates), None)
            found += [
                CaseFact(Detention(str(p.value)), evidence(p.start, p.end), held_since)
                for p in own(read.places, person)
            ]
            found += [
                CaseFact(p.value, evidence(p.start, p.end))  # type: ignore[arg-type]
                for p in own(read.restrictions, person)
            ]
    return {person: found for person, found in facts.items() if found}


def _sentence(
    read: _SentenceFacts,
    own_terms: list[Piece],
    charges: list[Piece],
    dates: dict[str, PartialDate],
    evidence: Callable[[int, int], Evidence],
) -> list[CaseFact]:
    """The sentence fact of one person in one sentence, when it states a term, a penalty or
    its regime; terms that differ in one sentence are one fact each."""
    term_pieces: list[Piece | None] = list(own_terms) or [None]
    if own_terms == [] and not (read.regime or read.suspended or read.fine):
        return []
    found = []
    for term_piece in term_pieces:
        term = term_piece.value if term_piece else None
        assert term is None or isinstance(term, Term)
        # A regime is a prison's; a fine alone is the penalty when nothing else is named.
        penalty = read.penalty.value if read.penalty else None
        if penalty is None:
            penalty = "imprisonment" if read.regime else "fine" if read.fine else None
        fine_value = read.fine.value if read.fine else (None, None)
        probation = read.probation.value if read.probation else None
        value = CourtSentence(
            term_months=term.months if term else None,
            term_days=term.days if term else None,
            penalty=str(penalty) if penalty else None,
            regime=str(read.regime.value) if read.regime else None,
            suspended=True if read.suspended else None,
            probation_months=probation.months if isinstance(probation, Term) else None,
            fine_amount=fine_value[0],  # type: ignore[index]
            fine_currency=fine_value[1],  # type: ignore[index]
            court=str(read.court.value) if read.court else None,
            judge=str(read.judge.value) if read.judge else None,
            custody_counts=read.custody_counts is not None,
            charges=tuple(_charge_label(p.value) for p in charges),  # type: ignore[arg-type]
        )
        pieces = [term_piece, read.penalty, read.regime, read.court, read.judge, read.fine]
        start, end = _span([*pieces, *charges, read.suspended, read.probation, read.custody_counts])
        found.append(CaseFact(value, evidence(start, end), dates.get("sentenced")))
    return found
