"""What the free text of an event says about the length of a sentence, for the timeline's
term conflicts.

Extraction keeps an event's `detail` as the text says it ("sentenced him to seven years in a
penal colony"); the timeline compares the terms (7 years vs 6 years) read here over `detail`
and `quote` with the term words of every language pack (the parser of the case facts: see
extract/case_facts.py, which also reads the courts, regimes and charges).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from casetrail.extract import case_facts
from casetrail.languages import pack
from casetrail.languages.case_facts import CaseFactPatterns
from casetrail.languages.pack import available_languages, packs

Unit = Literal["year", "month", "day"]


@dataclass(frozen=True, slots=True)
class Term:
    amount: int
    unit: Unit

    @property
    def key(self) -> tuple[str, int]:
        """Equal for equal lengths: 1 year and 12 months are the same term."""
        if self.unit == "day":
            return ("day", self.amount)
        return ("month", self.amount * (12 if self.unit == "year" else 1))

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"


@cache
def _every_language() -> CaseFactPatterns:
    """The term words of every language pack: an event does not carry its language."""
    codes = tuple(available_languages())
    return (packs(codes) if len(codes) > 1 else pack(codes[0])).case_facts


def sentence_term(*texts: str) -> Term | None:
    """The first sentence length stated in the texts, if any (see case_facts.terms)."""
    for text in texts:
        found = case_facts.terms(text, 0, len(text), _every_language())
        if found:
            length = found[0].value
            assert isinstance(length, case_facts.Term)
            if length.days:
                return Term(length.days, "day")
            months = length.months or 0
            return Term(months // 12, "year") if months % 12 == 0 else Term(months, "month")
    return None
