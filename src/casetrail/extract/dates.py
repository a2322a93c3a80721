"""Finding and normalising dates, at the precision the text gives.

Month words come from dateparser's locale data, so every language it knows is covered without
a word list of our own; the language packs add the inflected forms it lacks and the words
that introduce a month or a year standing alone ("since March", "seit April", "в 2019
году"). A date without a year takes the year of the document's date: the most recent such
date not after the document. Without a document date it stays yearless (unknown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dateparser.languages.loader import default_loader

from casetrail.domain import PartialDate
from casetrail.languages import pack, pack_code

_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None = None  # 0 = Monday: "on Wednesday" in a dated news report

    def resolve(self, reference: PartialDate | None) -> PartialDate | None:
        """The date this mention stands for, its year taken from `reference` when it has none."""
        if self.weekday is not None:
            if reference is None or reference.day is None:
                return None
            # The most recent such weekday before the reference date.
            ref = date(reference.year, reference.month, reference.day)
            back = (ref.weekday() - self.weekday) % 7 or 7
            found = ref - timedelta(days=back)
            return PartialDate(found.year, found.month, found.day)
        if self.year is not None:
            return PartialDate(self.year, self.month, self.day if self.month else None)
        if reference is None or self.month is None:
            return None
        year = reference.year
        # The most recent such date not after the reference date.
        if reference.month is not None and (
            self.month > reference.month
            or (
                self.month == reference.month
                and reference.day
                and self.day
                and self.day > reference.day
            )
        ):
            year -= 1
        return PartialDate(year, self.month, self.day)


def month_words(languages: tuple[str, ...]) -> dict[str, int]:
    """Month words (lower case, three letters or more) of the languages -> month number."""
    return _month_words(languages)


@cache
def _month_words(languages: tuple[str, ...]) -> dict[str, int]:
    words: dict[str, int] = {}
    for code in languages:
        if code in _packed(languages):
            words.update(pack(code).month_forms)
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for word in info.get(key, []):
                word = word.lower().rstrip(".")
                # Three-letter abbreviations need a dot or a following number to count; the
                # patterns below always require a number next to a month word.
                if len(word) >= 3:
                    words[word] = number
    return words


@cache
def _weekday_words(languages: tuple[str, ...]) -> dict[str, int]:
    words: dict[str, int] = {}
    for code in languages:
        try:
            info = default_loader.get_locale(code).info
        except (KeyError, ValueError):
            continue
        for number, key in enumerate(_WEEKDAY_KEYS):
            words.update({w.lower(): number for w in info.get(key, []) if len(w) > 3})
    return words


def _packed(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages that have a language pack of their own (or a related one's)."""
    return tuple(c for c in languages if c == "en" or pack_code(c) != "en")


def _before_alone(languages: tuple[str, ...], key: str) -> str:
    """The words that introduce a month or a year standing alone, in all the languages."""
    words = dict.fromkeys(word for code in _packed(languages) for word in getattr(pack(code), key))
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _patterns(languages: tuple[str, ...]) -> re.Pattern[str]:
    months = "|".join(sorted(map(re.escape, _month_words(languages)), key=len, reverse=True))
    weekdays = "|".join(sorted(map(re.escape, _weekday_words(languages)), key=len, reverse=True))
    day = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th|er|e|\.)?"
    year = r"(?P<{name}>(?:1[89]|20)\d\d)"
    month = rf"(?P<{{name}}>{months})\.?"
    month_alone = _before_alone(languages, "month_prepositions")
    year_alone = _before_alone(languages, "year_prepositions")
    alternatives = [
        # 16 December 2011, 9th of March 2012, 16. Dezember 2011, 8 октября 2012 г.
        rf"\b{day.format(name='d1')}\s*(?:of\s+)?{month.format(name='m1')},?\s+{year.format(name='y1')}",
        # December 16, 2011
        rf"\b{month.format(name='m2')}\s+{day.format(name='d2')},?\s+{year.format(name='y2')}",
        # 16 December (year from the document)
        rf"\b{day.format(name='d3')}\s*(?:of\s+)?{month.format(name='m3')}(?![\w-])",
        # December 16 (year from the document)
        rf"\b{month.format(name='m4')}\s+{day.format(name='d4')}(?!\d)(?![,.]?\s*\d)",
        # December 2011, the end of January 2012
        rf"\b{month.format(name='m5')},?\s+{year.format(name='y5')}",
        # 20.03.2012, 20/03/2012, 12/16/2011, 2012-03-20
        r"(?<![\d./-])(?P<n1>[0-3]?\d)(?P<sep>[./])(?P<n2>[0-3]?\d)(?P=sep)(?P<ny>(?:19|20)\d\d)(?![\d./-])",
        r"(?<![\d./-])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?![\d-])",
        # the end of January, since March (month alone, only after such a phrase)
        rf"\b(?:{month_alone})\s+{month.format(name='m6')}(?![\w-])(?!\s+\d)",
        # in 2019, since 2015
        rf"\b(?:{year_alone})\s+(?P<y7>(?:19|20)\d\d)(?![\d./-])",
        # on Wednesday (a weekday alone, not "Saturday, 9 March")
        rf"\b(?:on|last)\s+(?P<w8>{weekdays})\b(?!,?\s+(?:the\s+)?\d)",
    ]
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def find_dates(text: str, languages: tuple[str, ...] = ("en",)) -> list[DateMention]:
    """Every date expression in `text`, in order."""
    pattern = _patterns(languages)
    months = _month_words(languages)
    found = []
    for match in pattern.finditer(text):
        groups = {k: v for k, v in match.groupdict().items() if v}
        year = month = day = weekday = None
        if "w8" in groups:
            weekday = _weekday_words(languages)[groups["w8"].lower()]
        elif "n1" in groups:
            first, second, year = int(groups["n1"]), int(groups["n2"]), int(groups["ny"])
            # Day first (European usage) unless that is impossible: 12/16/2011.
            day, month = (second, first) if second > 12 and first <= 12 else (first, second)
        elif "iy" in groups:
            year, month, day = int(groups["iy"]), int(groups["im"]), int(groups["id"])
        else:
            for key, value in groups.items():
                if key[0] == "m":
                    month = months.get(value.lower().rstrip("."))
                elif key[0] == "d":
                    day = int(value)
                elif key[0] == "y":
                    year = int(value)
        if not _valid(year, month, day):
            continue
        found.append(
            DateMention(match.start(), match.end(), match.group(), year, month, day, weekday)
        )
    return found
