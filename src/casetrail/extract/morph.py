"""Declined person names back to the nominative: "Ержана Касымова" -> "Ержан Касымов".

A language whose names decline lists the endings of its name forms in its lexicon
(`name_inflection`). Each part of a name then has a few possible nominatives, each with a
gender and the cases the form may stand in; a reading of the whole name takes one per part.
Readings whose parts agree in gender and case, whose given name the morphological dictionary
knows with that gender, and whose cases and genders the tagger (natasha) confirms weigh
most. The mentions of one person in a document then vote (see `settle`): "Нодира Юсупова" may
be a genitive masculine, but "Нодиры Юсуповой" in the same letter can only be her.
"""

from __future__ import annotations

import inspect
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any

from casetrail.languages.pack import InflectionRule

ALL_CASES = frozenset({"nom", "gen", "dat", "acc", "ins", "loc"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Kazakh letters looked up as the Russian letters they are written as in Russian texts.
_TO_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
_AGREE_CASE = 1.0
_AGREE_GENDER = 2.0
_KNOWN_NAME = 1.0
# The tagger's case is worth more than its gender, which it often gets wrong for Central
# Asian names.
_TAGGER_CASE = 0.75
_TAGGER_GENDER = 0.25
_AS_WRITTEN = 0.25
_INDECLINABLE_GUESS = 0.75


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to put a name in the nominative, with its share among the name's readings."""

    parts: tuple[str, ...]
    gender: str  # m, f or ? (either)
    weight: float


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))


@cache
def _analyzer() -> Any:
    """pymorphy2's Russian dictionary (what natasha's MorphVocab wraps), or None."""
    try:
        import pymorphy2.units.base as units
        import pymorphy2_dicts_ru
        from pymorphy2 import MorphAnalyzer
    except ImportError:  # pragma: no cover - natasha ships both
        return None
    if not hasattr(units.inspect, "getargspec"):
        # pymorphy2 0.9 calls inspect.getargspec, which Python 3.11 removed.
        units.inspect = SimpleNamespace(getargspec=lambda f: inspect.getfullargspec(f)[:4])
    # The explicit path spares pymorphy2 its pkg_resources lookup (gone from setuptools).
    return MorphAnalyzer(path=pymorphy2_dicts_ru.get_path())


@cache
def given_name_genders(lemma: str) -> frozenset[str]:
    """The genders ("m", "f") the dictionary knows `lemma` with as a given name or
    patronymic in the nominative; empty for a name it does not know."""
    analyzer = _analyzer()
    if analyzer is None:
        return frozenset()
    word = _without_yo(lemma.translate(_TO_RUSSIAN).lower())
    return frozenset(
        {"masc": "m", "femn": "f"}[p.tag.gender]
        for p in analyzer.parse(word)
        if ("Name" in p.tag or "Patr" in p.tag)
        and _without_yo(p.normal_form) == word
        and p.tag.case == "nomn"
        and p.tag.gender in ("masc", "femn")
    )


def _without_yo(word: str) -> str:
    """Ё as е: most texts write "Артем" for the dictionary's "Артём"."""
    return word.replace("ё", "е")


class NameInflection:
    """The nominative readings of names in one language."""

    def __init__(self, rules: dict[str, tuple[InflectionRule, ...]]) -> None:
        self.rules = rules

    def __bool__(self) -> bool:
        return any(self.rules.values())

    def declines(self, word: str) -> bool:
        """Whether some rule reads the word as a declined form (rules are written in the
        script of the language's names: Cyrillic for Russian, Latin for Polish)."""
        return any(rule.form.search(word) for rules in self.rules.values() for rule in rules)

    def options(self, word: str, part: str) -> list[tuple[str, str, frozenset[str]]]:
        """(nominative, gender, cases) of one part ("given" or "family"); a word no rule
        matches is indeclinable: itself, either gender, any case."""
        found: dict[tuple[str, str], frozenset[str]] = {}
        for rule in self.rules.get(part, ()):
            match = rule.form.search(word)
            if match:
                lemma = word[: match.start()] + match.expand(rule.nominative)
                key = (lemma, rule.gender)
                found[key] = found.get(key, frozenset()) | rule.cases
        if not found:
            return [(word, "?", ALL_CASES)]
        return [(lemma, gender, cases) for (lemma, gender), cases in found.items()]

    def family_forms(self, word: str) -> list[str]:
        """The nominatives a family name standing alone may have ("Касымову" -> Касымов,
        Касымова)."""
        return list(dict.fromkeys(lemma for lemma, _, _ in self.options(word, "family")))

    def readings(
        self,
        parts: Sequence[str],
        features: Sequence[tuple[str | None, str | None] | None] = (),
    ) -> list[Reading]:
        """The readings of a name (natural order, family name last), likeliest first.
        `features` holds what a tagger says of each part: (case, gender) or None."""
        if not any(self.declines(p) for p in parts):
            return [Reading(tuple(parts), "?", 1.0)]
        last = len(parts) - 1
        options = [self.options(p, "family" if i == last else "given") for i, p in enumerate(parts)]
        scored: dict[tuple[str, ...], tuple[float, str]] = {}
        for combo in itertools.product(*options):
            lemmas = tuple(lemma for lemma, _, _ in combo)
            genders = {g for _, g, _ in combo} - {"?"}
            cases = frozenset.intersection(*(c for _, _, c in combo))
            gender = next(iter(genders)) if len(genders) == 1 else "?"
            score = _AGREE_CASE * bool(cases) + _AGREE_GENDER * (len(genders) <= 1)
            if gender != "?":
                # A given name the dictionary knows speaks for its gender, or against it.
                for lemma, _, _ in combo[:last]:
                    known = given_name_genders(lemma)
                    if known:
                        score += _KNOWN_NAME if gender in known else -_KNOWN_NAME
            for (_, g, c), feature in zip(combo, features, strict=False):
                if feature:
                    case, tagged_gender = feature
                    score += _TAGGER_CASE * (case in c)
                    score += _TAGGER_GENDER * (g != "?" and tagged_gender == g)
            score += _AS_WRITTEN * (lemmas == tuple(parts))
            # Taking a part as an indeclinable name is a guess, when a declension explains it
            # too ("Ферузе" is rather the dative of Феруза than a name Ферузе).
            score -= _INDECLINABLE_GUESS * sum(
                g == "?" and len(c) >= 5 and any(o[0] != lemma for o in part_options)
                for (lemma, g, c), part_options in zip(combo, options, strict=True)
            )
            if lemmas not in scored or scored[lemmas][0] < score:
                scored[lemmas] = (score, gender)
        top = max(score for score, _ in scored.values())
        total = sum(math.exp(score - top) for score, _ in scored.values())
        readings = [
            Reading(lemmas, gender, math.exp(score - top) / total)
            for lemmas, (score, gender) in scored.items()
        ]
        return sorted(readings, key=lambda r: -r.weight)


def settle(readings_by_mention: list[list[Reading]]) -> list[Reading]:
    """One reading per mention of one person: the mentions vote, part by part (given name
    first, family name last), and each takes its own reading with the most votes."""
    first: Counter[str] = Counter()
    family: Counter[str] = Counter()
    for readings in readings_by_mention:
        for reading in readings:
            if len(reading.parts) > 1:
                first[reading.parts[0]] += reading.weight
            family[reading.parts[-1]] += reading.weight
    chosen = []
    for readings in readings_by_mention:
        chosen.append(
            max(
                readings,
                key=lambda r: (
                    (first[r.parts[0]] if len(r.parts) > 1 else 0.0) + family[r.parts[-1]],
                    r.weight,
                ),
            )
        )
    return chosen
