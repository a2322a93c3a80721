"""The keys under which a search finds a person by name, whatever spelling either side uses.

Every word of every stored spelling of a person gets the keys resolution compares names by
(names.py): the folds of its readings (transliteration, ASCII folding, the German, Dutch,
ISO 9 and Belarusian readings: Natalya, Natalia and Наталья share one), a given name's
initial, and the father's name of a patronymic-style family name. Not rigour's name symbols:
their tables take up to a minute to load, which the first search of a server would wait for.

A query names a person when each of its words shares a key with some word of one of the
person's spellings, in any order; a declined word of the query (Russian "Соколовой", Polish
"Kowalskiej") counts with its nominatives too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from casetrail.extract.morph import NameInflection
from casetrail.languages.pack import available_languages, pack
from casetrail.resolve.names import PartKey, parse_name, part_key, rules

# One key is at most this long, so that the database can index it everywhere.
KEY_LENGTH = 120
# Words with digits too: "Sokolova 2012" is not a name.
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _father_key(father: tuple[str, bool], turkic: bool) -> str:
    return f"o:{father[0]}:{'t' if turkic else 'r'}"


def _word_keys(key: PartKey) -> set[str]:
    if key.initial:
        return {f"i:{key.fold}"}
    found = {f"w:{reading}" for reading in key.readings if reading}
    return {item[:KEY_LENGTH] for item in found}


def spelling_keys(spellings: Iterable[str]) -> frozenset[str]:
    """The keys of the words of one person record's spellings (its name and aliases)."""
    found: set[str] = set()
    for spelling in spellings:
        parsed = parse_name(spelling)
        for part in parsed.parts:
            is_given = part in parsed.given or parsed.single
            for word in part.text.split():
                word_key = part_key(word)
                found.update(_word_keys(word_key))
                if word_key.father is not None:
                    found.add(_father_key(word_key.father, word_key.father[1]))
                if is_given and not word_key.initial:
                    found.add(f"i:{word_key.fold[:1]}")  # "N. Sokolova" names a Natalia
    return frozenset(found)


@cache
def _honorifics() -> frozenset[str]:
    """Titles of every language ("Mr", "Herrn", "г-жа"), lower case without a final dot."""
    found = {title.rstrip(".") for title in rules().honorifics}
    for code in available_languages():
        found |= pack(code).honorifics
    return frozenset(found)


@cache
def _inflections() -> tuple[NameInflection, ...]:
    """The name declensions of the language packs whose names decline."""
    found = (NameInflection(pack(code).name_inflection) for code in available_languages())
    return tuple(inflection for inflection in found if inflection)


def _nominatives(word: str) -> list[str]:
    """The word and the nominatives it may be a declined form of, as a given or family name."""
    forms = [word]
    for inflection in _inflections():
        forms += [lemma for lemma, _, _ in inflection.options(word, "given")]
        forms += inflection.family_forms(word)
    return list(dict.fromkeys(forms))


def query_keys(query: str) -> list[frozenset[str]] | None:
    """For each word of a query (titles dropped), the keys any of which matches it; None
    when a word cannot be part of a name (a query "Sokolova prison" is not a name)."""
    honorifics = _honorifics()
    words = [w for w in _WORD.findall(query) if w.lower().rstrip(".") not in honorifics]
    found: list[frozenset[str]] = []
    for word in words:
        keys: set[str] = set()
        for form in _nominatives(word):
            key = part_key(form)
            keys.update(_word_keys(key))
            if key.father is not None:
                # A patronymic-style family name finds its other form: "Nurlanov", "Nurlanuly".
                keys.add(_father_key(key.father, not key.father[1]))
        if not keys:
            return None
        found.append(frozenset(keys))
    return found or None
