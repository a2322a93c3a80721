"""Document-level facts: the date it was written and its kind.

Both are read from the document's structure first: its head (the title, letterhead, byline
and procedure lines before the first paragraph of prose) and the opening of that paragraph
say what the document is and when it was written; the body only reports.
"""

from __future__ import annotations

import re
from dataclasses import replace

from casetrail.domain import PartialDate
from casetrail.extract.dates import DateMention, find_dates
from casetrail.extract.text import Line, Segmented
from casetrail.languages import LanguagePack

_HEADER_LONG_LINE = 25  # words: the first such line ends the letterhead
_FULL_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_SHORT_YEAR = re.compile(r"(?:st|nd|rd|th)?\s*[,']?\s*'?(\d\d)\s*\.?\s*")
_DATE_LINE_MAX_WORDS = 5  # words besides the date on a letterhead date line
_SIGNED_LINE_MAX_WORDS = 2  # words besides the date on a closing "7 May 2021. Taraz" line
_LABEL_BEFORE_DATE = 8  # words: how far a "last updated" label may stand before its date
_LEAD_DATE_START = 45  # characters: how far into a news item's opening sentence its date may be
_HEAD_WEIGHT = 3  # a kind cue in the title or opening sentence outweighs one in the body
# "ALMATY, ", "Brussels (Reuters), ", "MINSK - ", "Paris, le ": a place, then a comma, bracket
# or dash.
_PLACE = r"[A-ZÀ-ÞА-Я][\w.'-]+(?: [A-ZÀ-ÞА-Я][\w.'-]+)?(?:\s*\([^)]{1,40}\))?"
_DATELINE = re.compile(rf"^{_PLACE}\s*[,–—-]\s*(?:\w{{1,3}}\s+)?$")
# What follows a date that heads a line or paragraph: a dash, a bar, a bracket, a time.
_AFTER_LEADING_DATE = re.compile(r"\s*(?:\([^)]{1,40}\)\s*)?(?:[–—|:(-]|\d{1,2}[:.]\d\d\b|$)")
# Before a date that opens a paragraph, at most a word: its weekday ("Monday 19th December").
_WEEKDAY_AT_MOST = re.compile(r"^\s*(?:[A-ZÀ-ÞА-Я][^\W\d_]+,?\s+)?$")
_WORD = re.compile(r"[^\W\d_]{2,}")
_DATELINE_REACH = 240


def document_date(
    seg: Segmented, languages: tuple[str, ...], lang: LanguagePack
) -> DateMention | None:
    """The date of the document's head (letterhead, byline, "last updated" or date line,
    a heading "resolution of 15 September 2011", a procedure line "8.3.2023 - ..."), of a
    dateline opening its first paragraph ("ALMATY, 14 March 2019 -", "Monday 19th December
    -", its year from the head), of a letter's date before its salutation, or of a closing
    "date, place" line under a letter. None if the text gives none: a date in the body is an
    event's, not the document's."""
    lead = next(
        (i for i, line in enumerate(seg.lines) if line.is_prose(_HEADER_LONG_LINE)),
        len(seg.lines),
    )
    head: DateMention | None = None
    head_years = {int(y) for line in seg.lines[: lead + 1] for y in _FULL_YEAR.findall(line.text)}
    # The line after the first of prose too: the opening of a text whose lines were joined
    # may run from an address block through the date into the letter.
    for index, line in enumerate(seg.lines[: lead + 2]):
        dates = [_with_short_year(line, d, head_years) for d in find_dates(line.text, languages)]
        head = _letter_date(line, dates, lang) or (
            _head_date(line, dates, lang) if index <= lead else None
        )
        if head is not None:
            break
    opening = _dateline(seg.lines[lead], languages, head) if lead < len(seg.lines) else None
    return opening or head or _closing_date(seg, languages, lead)


def _with_short_year(line: Line, date: DateMention, head_years: set[int]) -> DateMention:
    """A head's date written with a two-digit year ("January 19th 07") takes the year of
    the head that ends in those digits ("2007: Azerbaijan: ..."); without one it stays
    without a year."""
    if date.year is not None or date.month is None:
        return date
    short = _SHORT_YEAR.fullmatch(line.text, date.end)
    years = [y for y in head_years if short and y % 100 == int(short.group(1))]
    if len(years) != 1:
        return date
    return replace(date, year=years[0], end=short.end(1), text=line.text[date.start : short.end(1)])


def _at(line: Line, date: DateMention) -> DateMention:
    """A date found in a line's text, placed in the document's text."""
    return replace(date, start=line.start + date.start, end=line.start + date.end, anchor=None)


def _head_date(line: Line, dates: list[DateMention], lang: LanguagePack) -> DateMention | None:
    """The document's date if `line`, a line of the head, is a date line: a short one, a
    "Prepared by ..., Almaty, 12 March 2020" line, a byline, a labelled "Updated: ..." line,
    a line led by its date, or a heading that dates the document it names. Of the first line
    of prose (a text whose lines were joined), only a labelled date ("date 2025-01-27 ...")."""
    for date in (d for d in dates if d.year is not None):
        before, after = line.text[: date.start], line.text[date.end :]
        # "Page last updated at 15:10 GMT, Tuesday, 20 October 2009", "date 2025-01-27 ..."
        label = lang.date_labels.search(before)
        prose = line.is_prose(_HEADER_LONG_LINE)
        opens = before[: label.start()].rstrip() if label else ""
        # In a line of prose, only a label that opens it or a bracket: "(submitted 28 May
        # 2021)", not "the report, published on 5 May 2021, ...".
        if (
            label is not None
            and len(before[label.end() :].split()) <= _LABEL_BEFORE_DATE
            and (not prose or not opens or opens.endswith("("))
        ):
            return _at(line, date)
        if prose:
            continue
        rest = f"{before} {after}".strip()
        short = len(_WORD.findall(rest)) <= _DATE_LINE_MAX_WORDS and (
            line.words <= _DATE_LINE_MAX_WORDS + 4
        )
        closing = (
            line.words <= 14
            and date.end >= len(line.text.rstrip(" .")) - 1
            and before.rstrip().endswith(",")
        )
        # A byline: "By Name · 5 March 2022 · Section".
        byline = line.words <= 20 and date.text in (
            piece.strip() for piece in re.split(r"\s[·|•]\s", line.text)
        )
        # "8.3.2023 - (2023/2573(RSP))", "12.02.2024 – Org condemns ...", "2020-8-9 13:26 |"
        leading = not _WORD.search(before) and _AFTER_LEADING_DATE.match(after)
        # "European Parliament resolution of 15 September 2011 on ..."
        heading = lang.dated_heading.search(before)
        if short or closing or byline or leading or heading:
            return _at(line, date)
    return None


def _letter_date(line: Line, dates: list[DateMention], lang: LanguagePack) -> DateMention | None:
    """A letter's date run into its salutation, as in a text whose lines were joined:
    "Paris, 25 novembre 2011 M. le Président, ...", "April 28th 2023 To President X, ..."."""
    for date in (d for d in dates if d.year is not None):
        if lang.letter_date_followers.match(line.text, date.end):
            return _at(line, date)
    return None


def _dateline(
    line: Line, languages: tuple[str, ...], head: DateMention | None
) -> DateMention | None:
    """The dateline opening the first paragraph: "ALMATY, 14 March 2019 (Agency) - ...",
    "Monday 19th December – Org ..." (a date without a year takes the year of the head's)."""
    # A dateline's date follows at most a place and a bracket: the rest of the paragraph
    # need not be read for dates.
    dates = find_dates(line.text[:_DATELINE_REACH], languages)
    if not dates or dates[0].weekday is not None or dates[0].counted_from is not None:
        return None
    date = dates[0]
    before, after = line.text[: date.start], line.text[date.end :]
    place = _DATELINE.match(before)
    if not (place or (_WEEKDAY_AT_MOST.match(before) and _AFTER_LEADING_DATE.match(after))):
        return None
    if date.year is None:
        resolved = date.resolve(head.resolve(None) if head else None)
        if resolved is None:
            return None
        date = replace(date, year=resolved.year)
    return _at(line, date)


def _closing_date(seg: Segmented, languages: tuple[str, ...], lead: int) -> DateMention | None:
    """A "7 May 2021. Taraz" line under a letter's last paragraph, when its head gives none."""
    last_prose = max(
        (i for i, line in enumerate(seg.lines) if line.is_prose(_HEADER_LONG_LINE)), default=lead
    )
    for line in seg.lines[last_prose + 1 :]:
        for date in find_dates(line.text, languages):
            rest = f"{line.text[: date.start]} {line.text[date.end :]}"
            if date.full and len(_WORD.findall(rest)) <= _SIGNED_LINE_MAX_WORDS:
                return _at(line, date)
    return None


def lead_act_date(
    seg: Segmented, dates: list[DateMention], lang: LanguagePack
) -> DateMention | None:
    """The date of the act a news item reports, when its opening sentence gives one like a
    dateline: one full date at its start and an advocacy act ("On 13 November 2017, MEPs
    submitted two written questions ..."). It dates the item's demands that give no date of
    their own, in a document without a date; it is never the document's date."""
    lead = next((i for i, line in enumerate(seg.lines) if line.is_prose(_HEADER_LONG_LINE)), None)
    sentence = next((s for s in seg.sentences if s.line == lead), None)
    if sentence is None:
        return None
    found = [d for d in dates if sentence.start <= d.start < sentence.end]
    if (
        len(found) == 1
        and found[0].full
        and found[0].start - sentence.start <= _LEAD_DATE_START
        and lang.advocacy_acts.search(seg.text, sentence.start, sentence.end)
    ):
        return found[0]
    return None


def reported_period_end(seg: Segmented, languages: tuple[str, ...]) -> PartialDate | None:
    """The end of the period a report's title says it covers ("Monitoring ... from October 1
    to October 31, 2022"): the year its items' dates without one ("October 3, Kyzylorda")
    belong to, in a document without a date. Only a range (two dates on one title line, the
    later with its year) says so; a single date in a title may be any event's."""
    lead = next(
        (i for i, line in enumerate(seg.lines) if line.is_prose(_HEADER_LONG_LINE)),
        len(seg.lines),
    )
    for line in seg.lines[:lead]:
        dates = find_dates(line.text, languages)
        if len(dates) != 2 or not (dates[0].month and dates[1].month and dates[1].year):
            continue
        end = dates[1].resolve(None)
        start = dates[0].resolve(end)
        if (
            start is not None
            and end is not None
            and (start.year, start.month) <= (end.year, end.month)
        ):
            return end
    return None


def document_kind(seg: Segmented, lang: LanguagePack) -> str:
    """The kind whose cues weigh most. A cue in the title (the lines before the first
    paragraph of prose) weighs `_HEAD_WEIGHT` times one in the body, where each cue counts
    once however often it recurs; heading cues ("X condemns ...") count in the title and the
    opening sentence only. 'news' for plain prose, 'other' for little text."""
    lead = next((i for i, line in enumerate(seg.lines) if line.is_prose(_HEADER_LONG_LINE)), None)
    title_end = seg.lines[lead].start if lead is not None else len(seg.text)
    opening = next((s for s in seg.sentences if s.line == lead), None)
    opening_end = opening.end if opening else title_end
    title, body, head = seg.text[:title_end], seg.text[title_end:], seg.text[:opening_end]
    scores = {
        kind: sum(
            weight * (_HEAD_WEIGHT * bool(pattern.search(title)) + bool(pattern.search(body)))
            for pattern, weight in cues
        )
        + _HEAD_WEIGHT
        * sum(w for pattern, w in lang.kind_heading_cues.get(kind, ()) if pattern.search(head))
        for kind, cues in lang.kind_cues.items()
    }
    kind, best = max(scores.items(), key=lambda item: item[1])
    if best >= 2:
        return kind
    return "news" if lead is not None else "other"
