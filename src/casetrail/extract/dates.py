"""Finding and normalising dates, at the precision the text gives.

Month and weekday words come from dateparser's locale data, so every language it knows is
covered without a word list of our own; the language packs add the inflected forms it lacks
and the words that introduce a month or a year standing alone ("since March", "seit April",
"в 2019 году"). A date without a year takes the year of the document's date: the most recent
such date not after the document. Without a document date it stays yearless (unknown).

Dates relative to another one, with the phrases the language packs give:
- a weekday ("on Thursday", "в четверг", "jeudi", "am Donnerstag", "op donderdag") is, as in
  a news report, the most recent such day on or before the document's date;
- "yesterday" ("вчера", "hier", "gestern", "gisteren") counts from the document's date;
- "the next day" ("le lendemain", "am nächsten Tag", "на следующий день", "de volgende dag")
  counts from the date before it in the same paragraph.
Each needs the date it counts from to the day; without it, it stays unknown.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache
from typing import Literal

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


def weekday_on_or_before(reference: PartialDate | None, weekday: int) -> PartialDate | None:
    """The most recent `weekday` (0 = Monday) on or before `reference`: "on Thursday" in a
    news report of that week. None unless `reference` is known to the day."""
    if reference is None or reference.month is None or reference.day is None:
        return None
    try:
        ref = date(reference.year, reference.month, reference.day)
    except ValueError:  # 31 February: no such day
        return None
    found = ref - timedelta(days=(ref.weekday() - weekday) % 7)
    return PartialDate(found.year, found.month, found.day)


def days_after(base: PartialDate | None, days: int) -> PartialDate | None:
    """The day `days` after `base` (before it when negative): "the next day", "yesterday".
    None unless `base` is known to the day."""
    if base is None or base.month is None or base.day is None:
        return None
    try:
        found = date(base.year, base.month, base.day) + timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return PartialDate(found.year, found.month, found.day)


def months_after(base: PartialDate | None, months: int) -> PartialDate | None:
    """The month `months` after `base`'s (before it when negative): "last month". None unless
    `base` is known to the month."""
    if base is None or base.month is None:
        return None
    year, month = divmod(base.year * 12 + base.month - 1 + months, 12)
    return PartialDate(year, month + 1)


def years_after(base: PartialDate | None, years: int) -> PartialDate | None:
    """The year `years` after `base`'s: "last year"."""
    return None if base is None else PartialDate(base.year + years)


Unit = Literal["day", "month", "year"]
_SHIFTS = {"day": days_after, "month": months_after, "year": years_after}


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None = None  # 0 = Monday: "on Wednesday" in a dated news report
    # A date counted in days from another: the document's ("yesterday") or the date before
    # it in its paragraph ("the next day"), which is `anchor` (None: there is none); or in
    # months or years from the document's ("last month", "last year").
    counted_from: Literal["document", "previous"] | None = None
    days: int = 0
    anchor: DateMention | None = None
    unit: Unit = "day"

    def resolve(self, reference: PartialDate | None) -> PartialDate | None:
        """The date this mention stands for, its year taken from `reference` (the document's
        date) when it has none; relative dates count from `reference` or their anchor."""
        if self.weekday is not None:  # `days`: 0, or -1 for "last Thursday"
            return weekday_on_or_before(days_after(reference, self.days), self.weekday)
        if self.counted_from == "document":
            shifted = _SHIFTS[self.unit](reference, self.days)
            if shifted and self.month:  # "in January last year"
                return PartialDate(shifted.year, self.month, self.day)
            return shifted
        if self.counted_from == "previous":
            base = self.anchor.resolve(reference) if self.anchor else None
            return days_after(base, self.days)
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

    @property
    def full(self) -> bool:
        """Stated to the day with its year: "16 December 2011", not "16 December"."""
        return self.year is not None and self.month is not None and self.day is not None


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


def _alternation(words: object) -> str:
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # type: ignore[arg-type]


# Counted from what ("weekday": the document's date, back to that weekday), how many of what.
Counted = tuple[Literal["document", "previous", "weekday"], int, Unit]


@dataclass(frozen=True, slots=True)
class _Grammar:
    pattern: re.Pattern[str]
    counted: dict[str, Counted]  # by group name
    weekdays: dict[str, int]  # weekday word -> 0 (Monday) .. 6


def _spaced(pattern: str) -> str:
    """A phrase whose words may be parted by any white space (a line break too)."""
    return re.sub(r"(?:\\)? ", r"\\s+", pattern)


def _relative_alternatives(
    languages: tuple[str, ...],
) -> tuple[list[str], dict[str, Counted], dict[str, int]]:
    """The weekday phrases and day counts of each language, with the weekday words of that
    language only: a French bare "jeudi" must not make an English "Monday-Friday" a date."""
    alternatives: list[str] = []
    counted: dict[str, Counted] = {}
    weekday_words: dict[str, int] = {}
    for code in _packed(languages):
        lang = pack(code)
        words = _weekday_words((code, lang.code))
        weekday_words.update(words)
        weekdays = _alternation(words)
        phrases = [(back, p) for back, group in lang.weekday_phrases.items() for p in group]
        for back, phrase in phrases if weekdays else ():
            before, _, after = (_spaced(part) for part in phrase.partition("{weekday}"))
            group = f"w{len(alternatives)}"
            # Not a weekday before a date ("Saturday, 9 March", "le jeudi 5 mars") nor one
            # end of a range ("Monday-Friday").
            alternatives.append(
                rf"(?<![\w-]){before}(?P<{group}>{weekdays})(?![\w-]){after}"
                r"(?!,?\s+(?:\w{1,3}\s+)?\d)"
            )
            counted[group] = ("weekday", -back, "day")
        for source, table, unit in (
            ("document", lang.days_from_document, "day"),
            ("document", lang.months_from_document, "month"),
            ("document", lang.years_from_document, "year"),
            ("previous", lang.days_from_previous_date, "day"),
        ):
            for count, phrases in table.items():
                group = f"r{len(alternatives)}"
                alternatives.append(rf"(?<![\w-])(?P<{group}>{_spaced(phrases)})(?![\w-])")
                counted[group] = (source, count, unit)  # type: ignore[assignment]
    return alternatives, counted, weekday_words


def _packed(languages: tuple[str, ...]) -> tuple[str, ...]:
    """The languages that have a language pack of their own (or a related one's)."""
    return tuple(c for c in languages if c == "en" or pack_code(c) != "en")


def _before_alone(languages: tuple[str, ...], key: str) -> str:
    """The words that introduce a month or a year standing alone, in all the languages."""
    words = dict.fromkeys(word for code in _packed(languages) for word in getattr(pack(code), key))
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _patterns(languages: tuple[str, ...]) -> _Grammar:
    months = _alternation(_month_words(languages))
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
        # 20.03.2012, 20/03/2012, 12/16/2011, 19-12-2022, 2012-03-20, 2020-8-9
        r"(?<![\d./-])(?P<n1>[0-3]?\d)(?P<sep>[./-])(?P<n2>[0-3]?\d)(?P=sep)(?P<ny>(?:19|20)\d\d)(?![\d./-])",
        r"(?<![\d./-])(?P<iy>(?:19|20)\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?![\d-])",
        # the end of January, since March (month alone, only after such a phrase)
        # ("in November, 2016" is the month of that year, left to the pattern above)
        rf"\b(?:{month_alone})\s+{month.format(name='m6')}(?![\w-])(?!\s+\d)(?!,\s*(?:1[89]|20)\d\d\b)",
        # in 2019, since 2015
        rf"\b(?:{year_alone})\s+(?P<y7>(?:19|20)\d\d)(?![\d/-])(?!\.\d)",
    ]
    # on Wednesday, yesterday, the next day (the language packs' phrases)
    relative, counted, weekdays = _relative_alternatives(languages)
    pattern = re.compile("|".join(f"(?:{a})" for a in alternatives + relative), re.IGNORECASE)
    return _Grammar(pattern, counted, weekdays)


def _valid(year: int | None, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= 31


def _counted(
    match: re.Match[str],
    *,
    weekday: int | None = None,
    counted_from: Literal["document", "previous"] | None = None,
    days: int = 0,
    anchor: DateMention | None = None,
    unit: Unit = "day",
) -> DateMention:
    """A mention of a date counted from another: it has no year, month or day of its own."""
    return DateMention(
        match.start(),
        match.end(),
        match.group(),
        None,
        None,
        None,
        weekday,
        counted_from=counted_from,
        days=days,
        anchor=anchor,
        unit=unit,
    )


def _yearless_month(mention: DateMention, text: str, before: int) -> bool:
    """Whether `mention` is a month (or day of a month) without a year of its own, right
    before the position `before`."""
    return (
        mention.month is not None
        and mention.year is None
        and mention.counted_from is None
        and not text[mention.end : before].strip()
    )


_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def find_dates(text: str, languages: tuple[str, ...] = ("en",)) -> list[DateMention]:
    """Every date expression in `text`, in order. A date counted from the date before it
    ("the next day") has that date, within its paragraph, as its anchor."""
    grammar = _patterns(languages)
    months = _month_words(languages)
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    found: list[DateMention] = []
    for match in grammar.pattern.finditer(text):
        groups = {k: v for k, v in match.groupdict().items() if v}
        year = month = day = weekday = None
        counted = next((grammar.counted[k] for k in groups if k in grammar.counted), None)
        weekday_group = next((k for k in groups if k[0] == "w"), None)
        if weekday_group is not None and counted is not None:
            weekday = grammar.weekdays[groups[weekday_group].lower()]
            found.append(_counted(match, weekday=weekday, days=counted[1]))
            continue
        if counted is not None:
            source, days, unit = counted
            anchor = None
            if source == "previous" and found:
                # The date before it, if it stands in the same paragraph.
                paragraph = paragraph_starts[
                    bisect.bisect_right(paragraph_starts, match.start()) - 1
                ]
                if found[-1].start >= paragraph:
                    anchor = found[-1]
            mention = _counted(match, counted_from=source, days=days, anchor=anchor, unit=unit)
            if unit == "year" and found and _yearless_month(found[-1], text, match.start()):
                # "in January last year": that month of the year counted.
                month = found.pop()
                mention = replace(
                    mention,
                    start=month.start,
                    text=text[month.start : match.end()],
                    month=month.month,
                    day=month.day,
                )
            found.append(mention)
            continue
        if "n1" in groups:
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
