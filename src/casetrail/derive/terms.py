"""What the free text of an event says about the length of a sentence, for the timeline's
term conflicts.

Extraction keeps an event's `detail` as the text says it ("sentenced him to seven years in a
penal colony"); the timeline compares the terms (7 years vs 6 years) read here with a few
English patterns over `detail` and `quote`. The case record's sentences (charges, terms,
courts, in every language) are extracted as case facts: see extract/case_facts.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_COUNTING = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_NUMBER_WORDS = {word: value for value, word in enumerate(_COUNTING.split())}
_NUMBER = r"\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_UNIT = r"[ -](year|month|day)s?'?"
# A term is the length of a sentence, not time served: "to six years", "serving 7 years",
# "a seven-year sentence", "five years' imprisonment"; not "served two years and ten months".
_TERM = re.compile(
    rf"\b(?:to|serving|of)\s+(?:a\s+)?({_NUMBER}){_UNIT}"
    rf"|\b({_NUMBER}){_UNIT}(?=\s+(?:prison\s+|jail\s+|custodial\s+)?"
    r"(?:sentence|term|imprisonment|in prison|in jail|of (?:imprisonment|restricted freedom|"
    r"administrative detention|detention)))",
    re.IGNORECASE,
)
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


def sentence_term(*texts: str) -> Term | None:
    """The first sentence length stated in the texts, if any."""
    for text in texts:
        match = _TERM.search(text)
        if match:
            amount, unit = (match.group(1), match.group(2)) if match.group(1) else match.group(3, 4)
            unit = unit.lower()
            value = int(amount) if amount.isdigit() else _NUMBER_WORDS[amount.lower()]
            return Term(value, unit)  # type: ignore[arg-type]  # the pattern admits no other
    return None
