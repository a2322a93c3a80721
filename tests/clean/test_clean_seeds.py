"""The cleaner on the real seed documents (skipped where the corpus is absent)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casetrail.clean import clean_text
from casetrail.domain import CleanText

Check = Callable[[str, CleanText], None]
Seed = Callable[[str], str]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_offsets_hold_on_every_seed(prefix: str, seed: Seed, offsets_consistent: Check) -> None:
    original = seed(prefix)
    offsets_consistent(original, clean_text(original))


def test_000_page_furniture_is_gone(seed: Seed) -> None:
    text = clean_text(seed("000")).text
    assert "Seite 2 von 2" not in text
    assert "Miss Sokolova she has done nothing illegal" in text
    assert "Furthermore Vadim Kuramshin" in text


def test_001_signature_lines_stay_apart_and_wrapped_lines_join(seed: Seed) -> None:
    lines = clean_text(seed("001")).text.split("\n")
    for signature in ("MURPHY Paul MEP", "KILL-NIELSEN Nicole MEP", "SCHOLZ Helmut MEP"):
        assert signature in lines
    assert (
        "We, as Members of the European Parliament, strongly condemn threats by the "
        "Kazakhstan authorities to arrest"
    ) in lines[0]
    assert (
        "No restrictions on the right of Kurmanov and Ukteshbayev to travel to attend "
        "the OSCE Human Rights Conference"
    ) in lines
    assert "No repressive measures against the Leave People's Homes Alone campaign" in lines


def test_003_markdown_is_gone(seed: Seed) -> None:
    text = clean_text(seed("003")).text
    assert "**" not in text
    assert "](#)" not in text
    assert "Mr Pier Antonio PANZERI (Italy, S&D)" in text
    assert "activists Maks Bokayev and Talgat Ayan received prison terms" in text


def test_004_sentence_split_by_the_footnote_block_is_rejoined(seed: Seed) -> None:
    text = clean_text(seed("004")).text
    assert "which provided an online space for discussion about the political" in text
    assert "namely Dulat Agadil, Amanbike Meir Khanova and Serik Orazov" in text
    assert "https://" not in text
    assert not any(char in text for char in "\u00b9\u00b2\u00b3\u2074\u2075\u2070")
    assert "Helmut Scholz, GUE/NGL\nBrando Benifei, S&D\n" in text
