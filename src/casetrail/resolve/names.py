"""Person names: parsing into parts and per-part matching keys.

A name is split into given names, patronymic and family name, whatever the order it was
written in ("PETROV Ivan", "Petrov, Ivan", "Petrov Ivan Sergeevich", "Ivan Petrov") and
without titles ("Mr", "H.E.", "г-н", "MEP"). Each part gets keys under which the spellings
of one name agree: rigour's ASCII transliteration, then a folding of transliteration
variants (the rewrite rules in names.yaml), the folds of other readings of the spelling
(German, Dutch, ISO 9, Belarusian), a phonetic code, the gender-neutral root of a family
name, the father's name a patronymic-style family name is made from ("Nurlanuly",
"Nurlanov") and, for given names, rigour's name symbols (Natalia / Natalya / Наталья).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

import yaml
from rigour.names import NameTypeTag, SymbolCategory, analyze_names
from rigour.text import metaphone
from rigour.text.translit import ascii_text

Gender = Literal["f", "m"]
Rules = tuple[tuple[re.Pattern[str], str], ...]

# Characters trimmed from both ends of a token: quotes, brackets, sentence punctuation.
_TRIM = "\"'`“”„‘’«»()[]{}<>.,;:!?*"
_NOT_LETTER = re.compile(r"[^a-z]+")


@dataclass(frozen=True, slots=True)
class NameRules:
    """The data of names.yaml, compiled."""

    honorifics: frozenset[str]
    post_nominals: frozenset[str]
    particles: frozenset[str]
    patronymic_suffixes: tuple[str, ...]
    patronymic_words: frozenset[str]
    feminine_suffixes: tuple[tuple[str, str], ...]
    masculine_suffixes: tuple[str, ...]
    fold_rules: Rules
    readings: tuple[Rules, ...]
    coarse_readings: tuple[Rules, ...]
    reading_letters: dict[str, str]
    turkic_father_endings: tuple[str, ...]
    russian_father_endings: tuple[str, ...]
    father_name_rules: Rules
    descriptor_stopwords: frozenset[str]


def _compile(pairs: list[list[str]]) -> Rules:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in pairs)


def _rewrite(text: str, rewrites: Rules) -> str:
    for pattern, replacement in rewrites:
        text = pattern.sub(replacement, text)
    return text


@cache
def rules() -> NameRules:
    """The parsing and folding rules from names.yaml (loaded once)."""
    text = resources.files("casetrail.resolve").joinpath("names.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return NameRules(
        honorifics=frozenset(data["honorifics"]),
        post_nominals=frozenset(data["post_nominals"]),
        particles=frozenset(data["particles"]),
        patronymic_suffixes=tuple(data["patronymic_suffixes"]),
        patronymic_words=frozenset(data["patronymic_words"]),
        feminine_suffixes=tuple((fem, masc) for fem, masc in data["feminine_suffixes"]),
        masculine_suffixes=tuple(data["masculine_suffixes"]),
        fold_rules=_compile(data["fold_rules"]),
        readings=tuple(_compile(reading) for reading in data["readings"].values()),
        coarse_readings=tuple(_compile(reading) for reading in data["coarse_readings"].values()),
        reading_letters=dict(data["reading_letters"]),
        turkic_father_endings=tuple(data["father_name_endings"]["turkic"]),
        russian_father_endings=tuple(data["father_name_endings"]["russian"]),
        father_name_rules=_compile(data["father_name_rules"]),
        descriptor_stopwords=frozenset(data["descriptor_stopwords"]),
    )


def ascii_key(text: str) -> str:
    """Lower-case ASCII letters of `text`, transliterated by rigour from any script."""
    return _NOT_LETTER.sub("", ascii_text(text).lower())


@lru_cache(maxsize=1 << 18)
def fold(text: str) -> str:
    """The folded key of one name part: spelling variants of a name share it."""
    return _rewrite(ascii_key(text), rules().fold_rules)


@lru_cache(maxsize=1 << 16)
def _latin(text: str) -> str:
    """`text` in lower-case Latin letters for the readings: Latin text as it is,
    diacritics kept (ISO 9 needs them), any other script transliterated by rigour but for
    the `reading_letters`."""
    lower = text.lower()
    if all(not char.isalpha() or "LATIN" in unicodedata.name(char, "") for char in lower):
        return lower
    letters = rules().reading_letters
    # Pieces are transliterated apart: rigour would hand a string mixing scripts to
    # another transliterator.
    pieces = re.split(f"({'|'.join(map(re.escape, letters))})", lower)
    return "".join(letters.get(piece) or ascii_text(piece).lower() for piece in pieces)


def alternative_folds(text: str, coarse: bool = False) -> tuple[str, ...]:
    """The folds of the other readings of a spelling (German "sch" as zh; with `coarse`,
    Belarusian "ou" as ov) that differ from the plain fold, in the order of names.yaml."""
    data = rules()
    latin, plain = _latin(text), fold(text)
    found: list[str] = []
    for reading in data.coarse_readings if coarse else data.readings:
        alternative = fold(_rewrite(latin, reading))
        if alternative and alternative != plain and alternative not in found:
            found.append(alternative)
    return tuple(found)


def gender_root(folded: str) -> tuple[str, Gender | None]:
    """The masculine form of a folded family name and the gender its ending shows."""
    for feminine, masculine in rules().feminine_suffixes:
        # Three letters of stem at least, so that short names ("Ova") are not cut.
        if folded.endswith(feminine) and len(folded) >= len(feminine) + 3:
            return folded[: -len(feminine)] + masculine, "f"
    for masculine in rules().masculine_suffixes:
        if folded.endswith(masculine) and len(folded) >= len(masculine) + 3:
            return folded, "m"
    return folded, None


def father_name(root: str) -> tuple[str, bool] | None:
    """The father's name a masculine family-name root is made from, and whether the root
    is the Turkic form ("nurlanuli") rather than the Russian one ("nurlanov")."""
    data = rules()
    for endings, turkic in (
        (data.turkic_father_endings, True),
        (data.russian_father_endings, False),
    ):
        for ending in endings:
            if root.endswith(ending) and len(root) >= len(ending) + 3:
                return _rewrite(root[: -len(ending)], data.father_name_rules), turkic
    return None


@lru_cache(maxsize=1 << 16)
def name_symbols(text: str) -> frozenset[str]:
    """rigour's NAME symbols of a given name: the spellings of one name share a symbol."""
    names = analyze_names(
        NameTypeTag.PER,
        [text],
        phonetics=False,
        numerics=False,
        consolidate=False,
        rewrite=False,
    )
    return frozenset(
        span.symbol.id
        for name in names
        for span in name.spans
        if span.symbol.category == SymbolCategory.NAME
    )


def load_name_symbols() -> None:
    """Load rigour's name tables now (seconds of CPU, once per process), so that a caller
    can do it while other work goes on rather than on the first name it resolves."""
    name_symbols("Anna")


@dataclass(frozen=True, slots=True)
class PartKey:
    """One part of a name (a given name, a patronymic, a family name) and its keys."""

    text: str  # as written; tokens joined by a space for a multi-word family name
    fold: str  # folded ASCII key
    root: str  # fold with a feminine family-name ending made masculine
    gender: Gender | None  # what the family-name ending shows, if anything
    phonetic: str  # metaphone of the fold
    anagram: str  # the fold's letters sorted: a letter swap ("Animov") keeps it
    symbols: frozenset[str]  # rigour NAME symbols (given names and bare names only)
    alternatives: tuple[str, ...] = ()  # folds of other readings of the spelling
    # Every fold, those of coarse readings too: the keys compared for equality.
    readings: frozenset[str] = frozenset()
    roots: tuple[str, ...] = ()  # the root of every reading, `root` first, no repeats
    # The father's name of a patronymic-style family name and whether this is its Turkic
    # form ("Nurlanuly": ("nurlan", True); "Nurlanov": ("nurlan", False)).
    father: tuple[str, bool] | None = None

    @property
    def folds(self) -> tuple[str, ...]:
        """The fold, then the alternative folds: the keys compared by closeness."""
        return (self.fold, *self.alternatives)

    @property
    def initial(self) -> bool:
        """A single letter standing for a name ("N." in "N. Petrova")."""
        return len(self.fold) == 1


@lru_cache(maxsize=1 << 18)
def part_key(text: str, symbols: bool = False) -> PartKey:
    """The keys of one name part; `symbols` looks up rigour's given-name symbols."""
    folded = fold(text)
    root, gender = gender_root(folded)
    alternatives = alternative_folds(text)
    readings = (folded, *alternatives, *alternative_folds(text, coarse=True))
    roots = dict.fromkeys(gender_root(reading)[0] for reading in readings)
    return PartKey(
        text=text,
        fold=folded,
        root=root,
        gender=gender,
        phonetic=metaphone(folded) if folded else "",
        anagram="".join(sorted(folded)),
        symbols=name_symbols(text) if symbols and len(folded) > 1 else frozenset(),
        alternatives=alternatives,
        readings=frozenset(readings),
        roots=tuple(roots),
        father=father_name(root),
    )


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A person's name split into parts, titles removed."""

    original: str
    tokens: tuple[str, ...]  # the name's words as written, natural order, no titles
    given: tuple[PartKey, ...]  # first given name first, then middle names
    patronymic: tuple[PartKey, ...]
    family: PartKey | None  # a bare one-word name ("Mr Petrov") is kept here
    # The family name, then longer readings of it that take in the last middle name
    # ("Lola Garcia Lopez": "Lopez", then "Garcia Lopez").
    family_variants: tuple[PartKey, ...]
    surname_first: bool  # written family name first
    descriptors: tuple[str, ...] = ()  # lower-case words around the name ("lawyer")

    @property
    def empty(self) -> bool:
        return self.family is None and not self.given

    @property
    def single(self) -> bool:
        """One bare name, a surname or a given name, nothing else."""
        return self.family is not None and not self.given and not self.patronymic

    @property
    def parts(self) -> tuple[PartKey, ...]:
        """All parts in natural order."""
        tail = (self.family,) if self.family is not None else ()
        return self.given + self.patronymic + tail

    @property
    def key(self) -> str:
        """Folded parts in natural order: spellings of one name in one order share it."""
        return " ".join(part.fold for part in self.parts)

    @property
    def sorted_key(self) -> str:
        """Folded parts in sorted order: the same for any word order."""
        return " ".join(sorted(part.fold for part in self.parts))

    @property
    def display(self) -> str:
        """Natural order, capitals only at word starts ("MURPHY Paul" -> "Paul Murphy")."""
        return " ".join(_display_word(word) for part in self.parts for word in part.text.split())


def _display_word(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "-".join(piece.capitalize() for piece in word.split("-"))
    return word


def _title_key(token: str) -> str:
    return token.lower().replace(".", "")


def _clean_tokens(text: str) -> list[str]:
    """Words of `text` with surrounding punctuation trimmed; words with no letters dropped."""
    words = (word.strip(_TRIM) for word in text.split())
    return [word for word in words if word and fold(word)]


def _strip_titles(tokens: list[str]) -> list[str]:
    """Drop leading titles and trailing post-nominals, never the whole name."""
    data = rules()
    start = 0
    while start < len(tokens) - 1 and _title_key(tokens[start]) in data.honorifics:
        # "M." is Monsieur only before a full name; before one word it is an initial.
        if _title_key(tokens[start]) == "m" and len(tokens) - start < 3:
            break
        start += 1
    end = len(tokens)
    while end - 1 > start and _title_key(tokens[end - 1]) in data.post_nominals:
        end -= 1
    return tokens[start:end]


def _is_patronymic(token: str) -> bool:
    return fold(token).endswith(rules().patronymic_suffixes)


def _is_patronymic_word(token: str) -> bool:
    return token.lower() in rules().patronymic_words


def _all_caps(token: str) -> bool:
    return sum(char.isalpha() for char in token) > 1 and token.isupper()


def _split_middle(middle: list[str]) -> tuple[list[str], list[str]]:
    """Middle words as (given names, patronymics); "Serik uly" makes one patronymic."""
    given: list[str] = []
    patronymic: list[str] = []
    index = 0
    while index < len(middle):
        word = middle[index]
        if index + 1 < len(middle) and _is_patronymic_word(middle[index + 1]):
            patronymic.append(f"{word} {middle[index + 1]}")
            index += 2
            continue
        (patronymic if _is_patronymic(word) else given).append(word)
        index += 1
    return given, patronymic


def _natural_order(tokens: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(given, patronymic, family) words of a name written given name first."""
    if len(tokens) <= 1:
        return [], [], tokens
    particles = rules().particles
    family_start = len(tokens) - 1
    for index in range(1, len(tokens) - 1):
        if tokens[index].lower() in particles:
            family_start = index
            break
    else:
        if len(tokens) >= 3 and _is_patronymic_word(tokens[-1]):
            family_start = len(tokens) - 2
    middle_given, patronymic = _split_middle(tokens[1:family_start])
    return [tokens[0], *middle_given], patronymic, tokens[family_start:]


def _family_first(tokens: list[str], family_words: int) -> tuple[list[str], list[str], list[str]]:
    """(given, patronymic, family) words of a name written family name first."""
    rest = tokens[family_words:]
    middle_given, patronymic = _split_middle(rest[1:])
    return rest[:1] + middle_given, patronymic, tokens[:family_words]


def _family_words_first(tokens: list[str]) -> int:
    """How many leading words are a family name written first (0: natural order)."""
    caps = 0
    while caps < len(tokens) and _all_caps(tokens[caps]):
        caps += 1
    if 0 < caps < len(tokens):
        return caps  # "SANCHEZ CALDENTEY Lola": capitals mark the family name
    # "Petrov Ivan Sergeevich": the official Russian order ends with the patronymic.
    if len(tokens) == 3 and _is_patronymic(tokens[2]) and not _is_patronymic(tokens[1]):
        return 1
    return 0


def _name_words(text: str) -> tuple[list[str], list[str]]:
    """(name words, descriptor words) of a text: titles go, lower-case words are
    descriptors ("lawyer Petrova") unless particles or patronymic words, or unless no
    word is capitalised at all."""
    tokens = _strip_titles(_clean_tokens(text))
    if not any(token[:1].isupper() for token in tokens):
        return tokens, []
    data = rules()
    keep = data.particles | data.patronymic_words
    words: list[str] = []
    descriptors: list[str] = []
    for token in tokens:
        lower_word = token.islower() and token not in keep
        (descriptors if lower_word else words).append(token)
    return words, descriptors


@lru_cache(maxsize=1 << 18)
def parse_name(text: str) -> ParsedName:
    """Split a person's name into parts; never fails, an unusable string gives no parts."""
    text = unicodedata.normalize("NFC", text)
    head, comma, tail = text.partition(",")
    head_words, descriptors = _name_words(head)
    tail_words, tail_descriptors = _name_words(tail) if comma else ([], [])
    descriptors += tail_descriptors
    tokens = head_words + tail_words
    if head_words and tail_words and "," not in tail:
        family_words = len(head_words)  # "Petrov, Ivan": the family name comes first
    else:
        family_words = _family_words_first(tokens)
    if family_words:
        given, patronymic, family = _family_first(tokens, family_words)
    else:
        given, patronymic, family = _natural_order(tokens)
    single = not given and not patronymic
    family_part = part_key(" ".join(family), symbols=single) if family else None
    variants: tuple[PartKey, ...] = (family_part,) if family_part is not None else ()
    if family_part is not None and len(given) > 1:
        variants += (part_key(f"{given[-1]} {family_part.text}"),)
    return ParsedName(
        original=text,
        tokens=tuple(" ".join(given + patronymic + family).split()),
        given=tuple(part_key(word, symbols=True) for word in given),
        patronymic=tuple(part_key(word) for word in patronymic),
        family=family_part,
        family_variants=variants,
        surname_first=bool(family_words),
        descriptors=tuple(descriptors),
    )


def descriptor_words(descriptors: list[str] | tuple[str, ...]) -> frozenset[str]:
    """Content words of role descriptors ("oil workers' lawyer" -> oil, workers, lawyer)."""
    stop = rules().descriptor_stopwords
    words = (ascii_key(word) for text in descriptors for word in re.split(r"[\s\-/,&]+", text))
    return frozenset(word for word in words if len(word) > 1 and word not in stop)
