"""The edit and offset-map machinery the cleaning steps share."""

from __future__ import annotations

import pytest

from casetrail.clean import Edit, OffsetMapBuilder, apply_edits, clean_text
from casetrail.clean.offsets import compose, identity_map


def test_builder_merges_copied_runs_and_maps_emitted_text_to_its_source() -> None:
    builder = OffsetMapBuilder("in-\ncarceration of Ivan")
    builder.copy(0, 2)
    builder.copy(4, 15)  # the hyphen and the break are dropped
    builder.emit(" ", 15, 16)  # a replacement one for one continues the run
    builder.copy(16, 23)
    clean = builder.build()
    assert clean.text == "incarceration of Ivan"
    assert clean.offsets.clean_starts == [0, 2]
    assert clean.offsets.orig_starts == [0, 4]
    assert clean.offsets.to_original(2) == 4
    assert clean.offsets.span_to_original(17, 21).start == 19


def test_emitted_text_longer_than_its_source_is_held_at_the_source() -> None:
    builder = OffsetMapBuilder("a\u2029b")
    builder.copy(0, 1)
    builder.emit("\n\n", 1, 2)
    builder.emit("*", 2, 2)  # an insertion
    builder.copy(2, 3)
    offsets = builder.build().offsets
    assert [offsets.to_original(i) for i in range(5)] == [0, 1, 1, 2, 2]


def test_apply_edits_rejects_overlapping_edits() -> None:
    with pytest.raises(ValueError, match="overlaps"):
        apply_edits("abcdef", [Edit(0, 3), Edit(2, 4)])


def test_compose_chains_two_maps() -> None:
    original = "Mr  **Ivan**  Petrov"
    first = apply_edits(original, [Edit(4, 6), Edit(10, 12)])  # "Mr  Ivan  Petrov"
    second = apply_edits(first.text, [Edit(3, 4), Edit(9, 10)])  # "Mr Ivan Petrov"
    offsets = compose(second.offsets, compose(first.offsets, identity_map(len(original))))
    assert second.text == "Mr Ivan Petrov"
    mapped = [original[offsets.to_original(i)] for i in range(len(second.text))]
    assert "".join(mapped) == second.text
    assert offsets.span_to_original(3, 7).start == original.index("Ivan")


def test_empty_text() -> None:
    clean = clean_text("")
    assert clean.text == ""
    assert clean.offsets.to_original(0) == 0
