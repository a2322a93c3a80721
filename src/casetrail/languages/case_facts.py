"""The `case_facts` section of a lexicon compiled: the words of charges, articles of law,
terms, regimes, courts, places of detention and restrictions (see extract/case_facts.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FLAGS = re.IGNORECASE


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in sorted(patterns, key=len, reverse=True)) or "(?!)"


def _labelled(spec: dict[str, list[str]], flags: int = _FLAGS) -> dict[str, re.Pattern[str]]:
    return {label: re.compile(_alternation(forms), flags) for label, forms in spec.items()}


@dataclass(frozen=True)
class CaseFactPatterns:
    """Compiled patterns of one language (or of the languages of a mixed document)."""

    numbers: dict[str, int]  # number words, lower case, by value
    term: re.Pattern[str]  # groups n1 u1 (n2 u2): one or two amounts with their units
    term_before: re.Pattern[str]  # ends right before a term that is a sentence's length
    term_after: re.Pattern[str]  # starts right after one
    term_not_before: re.Pattern[str]  # ends right before a maximum or time served
    units: dict[str, re.Pattern[str]]  # year, month, day
    article: re.Pattern[str]  # groups part_first/article_first, article/part, more, code...
    codes: dict[str, re.Pattern[str]]
    countries: dict[str, re.Pattern[str]]
    charge_intros: re.Pattern[str]
    charge_ends: re.Pattern[str]
    vague_charges: re.Pattern[str]  # words that name no charge ("an offence")
    list_link: re.Pattern[str]  # between the items of a list: ", ", " and "
    regimes: dict[str, re.Pattern[str]]
    penalties: dict[str, re.Pattern[str]]
    suspended: re.Pattern[str]
    probation: re.Pattern[str]
    custody_counts: re.Pattern[str]
    fine: re.Pattern[str]  # groups amount, currency
    currencies: dict[str, re.Pattern[str]]
    courts: tuple[re.Pattern[str], ...]  # the earliest, then longest match is the court
    judges: re.Pattern[str]  # group judge
    places: re.Pattern[str]  # group place (numbered: place, place1...)
    restrictions: dict[str, re.Pattern[str]]


def _numbered_groups(patterns: list[str], name: str) -> str:
    """One alternation of patterns that each name a group `name`: numbered apart, as one
    pattern may not name two groups alike."""
    return _alternation(
        [p.replace(f"(?P<{name}>", f"(?P<{name}{i}>") for i, p in enumerate(patterns)]
    )


def compile_case_facts(spec: dict, coordination: list[str]) -> CaseFactPatterns:
    numbers = {str(w).lower(): int(n) for n, forms in spec["numbers"].items() for w in forms}
    number = r"\d{1,3}|" + _alternation([re.escape(w) for w in numbers])
    units = {"year": spec["years"], "month": spec["months"], "day": spec["days"]}
    unit = _alternation([u for forms in units.values() for u in forms])
    coordination_words = _alternation(coordination)

    between, after = _alternation(spec["half_between"]), _alternation(spec["half_after"])

    def amount(i: int) -> str:
        """A number and its unit; group h<i>: half a unit more."""
        return (
            rf"(?<![\w.,])(?P<n{i}>{number})(?P<h{i}>\s+(?:{between}))?[ -](?P<u{i}>{unit})(?!\w)"
            rf"(?(h{i})|(?P<a{i}>\s+(?:{after})(?!\w))?)"
        )

    term = re.compile(
        rf"{amount(1)}(?:,?\s+(?:(?:{coordination_words})\s+)?{amount(2)})?",
        _FLAGS,
    )
    article_word, part_word = _alternation(spec["article_words"]), _alternation(spec["part_words"])
    links = _alternation(spec["links"])
    codes = _alternation([f for forms in spec["codes"].values() for f in forms])
    countries = _alternation([f for forms in spec["countries"].values() for f in forms])
    numeral = r"\d{1,4}(?:[.-]\d{1,3})?"
    article = re.compile(
        rf"(?<!\w)(?:(?:{part_word})\s*(?P<part_first>\d{{1,3}})\s*,?\s*(?:(?:{links})\s+)?"
        rf"(?:{article_word})\s*(?P<article_first>{numeral})"
        rf"|(?:{article_word})\s*(?P<article>{numeral})"
        rf"(?:\s*\((?P<part_bracket>\d{{1,3}})\)|\s*,?\s*(?:{part_word})\s*(?P<part>\d{{1,3}}))?)"
        rf"(?P<more>(?:\s*(?:,|{coordination_words})\s*{numeral}(?!\s*(?:{part_word})))*)"
        rf"(?:\s*,?\s*(?:(?:{links})\s+)?(?P<code>{codes})(?!\w))?"
        rf"(?:\s*(?P<country>{countries})(?!\w))?",
        _FLAGS,
    )
    currencies = _alternation([f for forms in spec["currencies"].values() for f in forms])
    money = r"\d{1,3}(?:[ \u00a0.,]\d{3})+|\d+"  # 500,000 / 500 000 / 500.000 / 500
    return CaseFactPatterns(
        numbers=numbers,
        term=term,
        term_before=re.compile(rf"(?<!\w)(?:{_alternation(spec['term_before'])})\s+$", _FLAGS),
        term_after=re.compile(_alternation(spec["term_after"]), _FLAGS),
        term_not_before=re.compile(
            rf"(?<!\w)(?:{_alternation(spec['term_not_before'])})\s+(?:\S+\s+)?$", _FLAGS
        ),
        units={
            label: re.compile(rf"^(?:{_alternation(forms)})$", _FLAGS)
            for label, forms in units.items()
        },
        article=article,
        codes=_labelled(spec["codes"]),
        countries=_labelled(spec["countries"]),
        charge_intros=re.compile(rf"(?<!\w)(?:{_alternation(spec['charge_intros'])})\s+", _FLAGS),
        charge_ends=re.compile(
            rf"\s(?:{_alternation(spec['charge_ends'])})(?!\w)|[,.;:()\[\]]", _FLAGS
        ),
        vague_charges=re.compile(_alternation(spec["vague_charges"]), _FLAGS),
        list_link=re.compile(rf"\s*,?\s*(?:(?:{coordination_words})\s+)?", _FLAGS),
        regimes=_labelled(spec["regimes"]),
        penalties=_labelled(spec["penalties"]),
        suspended=re.compile(_alternation(spec["suspended"]), _FLAGS),
        probation=re.compile(_alternation(spec["probation"]), _FLAGS),
        custody_counts=re.compile(_alternation(spec["custody_counts"]), _FLAGS),
        fine=re.compile(
            rf"(?<![\w.,])(?P<amount>{money})\s*(?P<currency>{currencies})(?!\w)"
            rf"|(?P<currency_first>{currencies})\s*(?P<amount_after>{money})",
            _FLAGS,
        ),
        currencies=_labelled(spec["currencies"]),
        courts=tuple(re.compile(p) for p in spec["courts"]),
        judges=re.compile(_numbered_groups(spec["judges"], "judge")),
        places=re.compile(_numbered_groups(spec["places"], "place")),
        restrictions=_labelled(spec["restrictions"]),
    )
