"""The name-pair regression suite (name_pairs.yaml), decided at the default configuration."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from casetrail.resolve import DEFAULT_CONFIG, ResolvableMention, Resolver, compare

PAIRS: list[dict[str, Any]] = yaml.safe_load(
    Path(__file__).with_name("name_pairs.yaml").read_text("utf-8")
)


def _pair_id(pair: dict[str, Any]) -> str:
    where = " (one document)" if pair.get("same_document") else ""
    return f"{pair['left']} / {pair['right']}{where}"


def _mentions(pair: dict[str, Any]) -> tuple[ResolvableMention, ResolvableMention]:
    shared = bool(pair.get("same_document"))
    return (
        ResolvableMention("left", pair["left"], document="doc" if shared else "doc-1"),
        ResolvableMention("right", pair["right"], document="doc" if shared else "doc-2"),
    )


def test_suite_is_well_formed() -> None:
    assert len(PAIRS) >= 80
    for pair in PAIRS:
        assert set(pair) <= {"left", "right", "same", "note", "same_document"}
        assert isinstance(pair["same"], bool) and pair["note"]


@pytest.mark.parametrize("pair", PAIRS, ids=[_pair_id(pair) for pair in PAIRS])
def test_resolver_decides_pair(pair: dict[str, Any]) -> None:
    left, right = _mentions(pair)
    ids = Resolver().resolve([left, right]).ids
    assert (ids["left"] == ids["right"]) == pair["same"], f"{pair['note']}: {compare(left, right)}"


@pytest.mark.parametrize("pair", PAIRS, ids=[_pair_id(pair) for pair in PAIRS])
def test_compare_agrees_and_is_symmetric(pair: dict[str, Any]) -> None:
    left, right = _mentions(pair)
    forward, backward = compare(left, right), compare(right, left)
    assert forward.score == pytest.approx(backward.score)
    assert (forward.score >= DEFAULT_CONFIG.match_threshold) == pair["same"], str(forward)
