"""Sentence terms read from an event's free text."""

import pytest

from casetrail.derive.terms import Term, sentence_term


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("sentenced him to seven years in a general-regime penal colony", Term(7, "year")),
        ("sentenced the blogger to six years' imprisonment", Term(6, "year")),
        ("Serving 7 years under Article 174", Term(7, "year")),
        ("served two years and ten months of his seven-year sentence", Term(7, "year")),
        ("sentenced to 15 days of administrative detention", Term(15, "day")),
        ("in detention since May 2019", None),
        ("faces up to seven years in prison", None),
        ("приговорил его к 4 годам лишения свободы", Term(4, "year")),
        ("zu fünf Jahren Haft verurteilt", Term(5, "year")),
        ("sentenced to 5 years and 6 months in a strict-regime colony", Term(66, "month")),
    ],
)
def test_sentence_term(text: str, term: Term | None) -> None:
    assert sentence_term(text) == term


def test_equal_lengths_are_one_term() -> None:
    assert Term(1, "year").key == Term(12, "month").key
    assert str(Term(1, "year")) == "1 year" and str(Term(6, "month")) == "6 months"
