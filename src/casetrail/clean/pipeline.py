"""The cleaning pipeline: an ordered list of steps, each a function from a text to its edits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from casetrail.clean.characters import normalise_characters, normalise_unicode
from casetrail.clean.footnotes import drop_footnotes
from casetrail.clean.furniture import drop_furniture
from casetrail.clean.joining import join_hyphenated, join_lines, tidy_whitespace
from casetrail.clean.markup import strip_bullets, strip_emphasis, strip_links
from casetrail.clean.ocr_noise import drop_stray_marks
from casetrail.clean.offsets import Edit, apply_edits, compose, identity_map
from casetrail.domain import CleanText

Step = Callable[[str], list[Edit]]

# Order matters: furniture patterns expect normalised dashes; footnote markers glued to
# "**bold**" words show only once the stars are gone; joining lines comes after everything that
# removes lines from the middle of a paragraph, and before joining hyphenated words, so that
# it measures line widths as the layout made them; whitespace is tidied last.
STEPS: tuple[Step, ...] = (
    normalise_unicode,
    normalise_characters,
    strip_emphasis,
    strip_links,
    strip_bullets,
    drop_furniture,
    drop_footnotes,
    join_lines,
    join_hyphenated,
    tidy_whitespace,
)
# Text read by OCR: its stray marks go before anything measures lines.
OCR_STEPS: tuple[Step, ...] = (*STEPS[:2], drop_stray_marks, *STEPS[2:])


def clean_text(original: str, steps: Sequence[Step] = STEPS) -> CleanText:
    """The text extraction reads, with the map from each of its offsets back to `original`."""
    text = original
    offsets = identity_map(len(original))
    for step in steps:
        edits = step(text)
        if edits:
            stepped = apply_edits(text, edits)
            text = stepped.text
            offsets = compose(stepped.offsets, offsets)
    return CleanText(text, offsets)
