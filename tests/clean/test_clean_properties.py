"""Properties of the cleaner for any text at all."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casetrail.clean import OCR_STEPS, STEPS, Step, apply_edits, clean_text
from casetrail.domain import CleanText

Check = Callable[[str, CleanText], None]

# Text rich in what the steps look for: breaks, hyphens, markup, notes, bullets, furniture.
# fmt: off
PIECES = [
    "\n", "\n\n", " ", "\t", "-", "- ", "-\n", "*", "**", "__", "[1]", "(#)", "[", "]", "\\",
    "\u00b9", "\u00b2\u2070", "\u00ad", "\f", "\r\n", "\ue000", "\uf0b7 ", "\u2022", "\u201c",
    "\u2013", "\u00a0", "e\u0301", "\u0301", "\u1100\u1161", "Page 2 of 3", "Seite 1 von 2",
    "7", "https://x.org/a", "Ivan Petrov", "in", "carceration", "KILL", ".", ",", "#", "<b>",
    "|", " ~ ", "\ufb01", "\ufb03",
]
# fmt: on
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)
# The offsets fixture is a plain function: sharing it across examples is safe.
PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("steps", [STEPS, OCR_STEPS], ids=["text", "ocr"])
@PROPERTY_SETTINGS
@given(text=texts)
def test_offset_map_invariants_hold_for_any_text(
    steps: tuple[Step, ...], text: str, offsets_consistent: Check
) -> None:
    offsets_consistent(text, clean_text(text, steps))


@pytest.mark.parametrize("step", OCR_STEPS, ids=lambda step: step.__name__)
@settings(PROPERTY_SETTINGS, max_examples=60)
@given(text=texts)
def test_each_step_alone_gives_consistent_edits(
    step: Step, text: str, offsets_consistent: Check
) -> None:
    offsets_consistent(text, apply_edits(text, step(text)))


@PROPERTY_SETTINGS
@given(texts)
def test_cleaning_a_cleaned_text_does_not_crash(text: str) -> None:
    once = clean_text(text).text
    assert isinstance(clean_text(once).text, str)
