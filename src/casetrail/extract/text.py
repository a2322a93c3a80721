"""Segmentation of a cleaned text into lines, paragraphs, sentences, clauses and tokens.

Every unit keeps its offsets into the cleaned text; the offset map turns them into offsets
into the original text when a fact is stored.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# Words, the Dutch article "'t" ("van 't Hof"), single other characters.
_TOKEN = re.compile(r"(?<!\w)['’]t\b|\w+(?:[-'’.]\w+)*|[^\w\s]")
# Abbreviations after which a full stop does not end a sentence, when the caller gives no
# language's (the language packs list their own).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nr",
        "art",
        "h.e",
        "e.g",
        "i.e",
        "doc",
        "vs",
        "m",
        "mme",
        "jr",
        "sr",
        "inc",
        "ltd",
        "co",
        "p",
        "para",
        "cf",
        "gen",
        "col",
        "lt",
        "sgt",
        "rev",
        "hon",
        "dept",
        "approx",
        "ca",
        "fig",
        "vol",
        "pp",
    ]
)
# Capital letters that may open a sentence: Latin, Cyrillic with the Kazakh, Uzbek and
# Ukrainian letters, and digits; after a quotation mark and the space French sets inside.
_CAPITALS = "A-ZА-ЯЁÀ-ÞӘҒҚҢӨҰҮҺІЎЄЇҐ0-9"
_SENTENCE_END = re.compile(rf"[.!?]+[\"'»”)¹²³⁴⁵⁶⁷⁸⁹⁰]*\s+(?=[\"'«“„(\[]?\s?[{_CAPITALS}])")
# Clause boundaries inside a sentence: resolution clauses and semicolons before a new subject.
_CLAUSE_BREAK = re.compile(rf";\s*(?=(?:and\s+)?whereas\b)|;\s+(?=[{_CAPITALS}])", re.IGNORECASE)
_NEXT_WORD = re.compile(r"[\"'«“„(\[]?(\w+)")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(slots=True)
class Clause:
    start: int
    end: int


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    line: int  # index of the line it stands on
    clauses: list[Clause] = field(default_factory=list)


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str
    paragraph: int
    words: int = field(init=False)
    # Many capitalised words and no separators ("European Parliament" in ten languages):
    # a banner, neither prose nor a list of names. A line that ends a sentence is prose,
    # however many capitals its nouns have (German).
    is_banner: bool = field(init=False)

    def __post_init__(self) -> None:
        words = self.text.split()
        self.words = len(words)
        capitalised = sum(w[:1].isupper() for w in words)
        self.is_banner = (
            len(words) >= 8
            and capitalised >= 0.7 * len(words)
            and not re.search(r"[,;•]", self.text)
            and not re.search(r"[^\W\d_]{2}[.!?][\"'»”“)]*$", self.text)
        )

    def is_prose(self, min_words: int) -> bool:
        return self.words >= min_words and not self.is_banner


@dataclass(slots=True)
class Segmented:
    text: str
    lines: list[Line]
    sentences: list[Sentence]
    tokens: list[Token]
    token_starts: list[int] = field(default_factory=list)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        first = bisect.bisect_left(self.token_starts, start)
        last = bisect.bisect_left(self.token_starts, end)
        return [t for t in self.tokens[first:last] if t.end <= end]

    def sentence_at(self, offset: int) -> int:
        for index, sentence in enumerate(self.sentences):
            if sentence.start <= offset < sentence.end:
                return index
        return len(self.sentences) - 1

    def line_at(self, offset: int) -> int:
        for index, line in enumerate(self.lines):
            if line.start <= offset <= line.end:
                return index
        return len(self.lines) - 1


def _split_sentences(
    text: str, start: int, end: int, abbreviations: frozenset[str], months: frozenset[str]
) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[cursor : match.start()].rsplit(None, 1)
        last_word = before[-1].lower().rstrip(".") if before else ""
        if last_word in abbreviations or (len(last_word) == 1 and last_word.isalpha()):
            continue
        # A day number before a month is an ordinal, not a sentence end: "am 5. Mai 2022".
        following = _NEXT_WORD.match(text, match.end())
        if (
            last_word.isdigit()
            and len(last_word) <= 2
            and following
            and following.group(1).lower().rstrip(".") in months
        ):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _clauses(text: str, start: int, end: int) -> list[Clause]:
    clauses = []
    cursor = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        clauses.append(Clause(cursor, match.start()))
        cursor = match.end()
    clauses.append(Clause(cursor, end))
    return clauses


def segment(
    text: str,
    abbreviations: frozenset[str] = ABBREVIATIONS,
    months: frozenset[str] = frozenset(),
) -> Segmented:
    """Lines (one per line of the cleaned text), sentences within lines, clauses and tokens.
    A full stop after one of `abbreviations`, or after a day number before one of the month
    words `months`, does not end a sentence."""
    lines: list[Line] = []
    paragraph = 0
    offset = 0
    previous_blank = True
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            if previous_blank and lines:
                paragraph += 1
            lead = len(raw) - len(raw.lstrip())
            lines.append(Line(offset + lead, offset + lead + len(stripped), stripped, paragraph))
        previous_blank = not stripped
        offset += len(raw) + 1
    sentences = []
    for index, line in enumerate(lines):
        for s_start, s_end in _split_sentences(text, line.start, line.end, abbreviations, months):
            stripped_end = s_start + len(text[s_start:s_end].rstrip())
            sentences.append(
                Sentence(s_start, stripped_end, index, _clauses(text, s_start, stripped_end))
            )
    tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    return Segmented(text, lines, sentences, tokens, [t.start for t in tokens])
