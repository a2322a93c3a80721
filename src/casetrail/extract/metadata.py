"""Document-level facts: the date it was written and its kind."""

from __future__ import annotations

import re

from casetrail.extract.dates import DateMention, find_dates
from casetrail.extract.text import Segmented
from casetrail.languages import LanguagePack

_HEADER_LONG_LINE = 25  # words: the first such line ends the letterhead
_DATE_LINE_MAX_WORDS = 5  # words besides the date on a letterhead date line
_LEAD_DATE_START = 45  # characters: how far into a news item's opening sentence its date may be
# "ALMATY, ", "Brussels (Reuters), ", "MINSK - ": a place, then a comma, bracket or dash.
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-ÞА-Я][\w.'-]+(?: [A-ZÀ-ÞА-Я][\w.'-]+)?)(?:\s*\([^)]{1,40}\))?\s*[,–—-]\s*$"
)


def document_date(seg: Segmented, languages: tuple[str, ...]) -> DateMention | None:
    """The date of a letterhead, a "Place, date" line or a news dateline; None if the text
    gives none (a date in the body is an event's, not the document's)."""
    for line in seg.lines:
        dates = [d for d in find_dates(line.text, languages) if d.year is not None]
        if dates:
            first = dates[0]
            rest = (line.text[: first.start] + " " + line.text[first.end :]).strip()
            short_line = len(re.findall(r"[^\W\d_]{2,}", rest)) <= _DATE_LINE_MAX_WORDS and (
                line.words <= _DATE_LINE_MAX_WORDS + 4
            )
            # "Prepared by the X Bureau, Almaty, 12 March 2020": a date closing a short line.
            closing = (
                line.words <= 14
                and first.end >= len(line.text.rstrip(" .")) - 1
                and line.text[: first.start].rstrip().endswith(",")
            )
            # A byline: "By Name · 5 March 2022 · Section".
            byline = line.words <= 20 and first.text in (
                piece.strip() for piece in re.split(r"\s[·|•]\s", line.text)
            )
            if short_line or closing or byline:
                return DateMention(
                    line.start + first.start,
                    line.start + first.end,
                    first.text,
                    first.year,
                    first.month,
                    first.day,
                )
            # A dateline opens the first paragraph: "ALMATY, 14 March 2019 (Agency) - ..."
            if line.is_prose(_HEADER_LONG_LINE) and _DATELINE.match(line.text[: first.start]):
                return DateMention(
                    line.start + first.start,
                    line.start + first.end,
                    first.text,
                    first.year,
                    first.month,
                    first.day,
                )
        if line.is_prose(_HEADER_LONG_LINE):
            return None
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


def document_kind(text: str, lang: LanguagePack) -> str:
    """The kind whose cue words weigh most; 'news' for plain prose, 'other' for little text."""
    scores = {
        kind: sum(weight * len(pattern.findall(text)) for pattern, weight in cues)
        for kind, cues in lang.kind_cues.items()
    }
    kind, best = max(scores.items(), key=lambda item: item[1])
    if best >= 2:
        return kind
    return "news" if len(text.split()) > 150 else "other"
