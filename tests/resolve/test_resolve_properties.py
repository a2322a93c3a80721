"""Property tests: parsing and keys never fail, keys are ASCII, comparison is symmetric."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from casetrail.resolve import ParsedName, blocking_keys, compare, parse_name
from casetrail.resolve.names import rules

# Name-like words from several scripts, so that generated names often share parts.
WORDS = [
    "Ivan",
    "Petrov",
    "Petrova",
    "Petrovich",
    "Natalia",
    "Natalya",
    "Наталья",
    "Sokolova",
    "Соколова",
    "Yerlan",
    "Erlan",
    "Nurgaliyev",
    "Нұрғалиев",
    "Dauren",
    "Zhaksybekov",
    "Jaksybekov",
    "Mamai",
    "Mamay",
    "Asan",
    "uulu",
    "de",
    "Brún",
    "MURPHY",
    "Paul",
    "Mr",
    "H.E.",
    "г-н",
    "N.",
    "lawyer",
    "Әсел",
    "Құрманғалиева",
    "Kill-Nielsen",
    "O'Brien",
]
LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдежзийклмнопрстуфхцчшщыэюяәғқңөұүһі"

name_texts = st.one_of(
    st.text(),
    st.lists(st.sampled_from(WORDS), max_size=5).map(" ".join),
    st.lists(st.sampled_from([*WORDS, ",", ".", "-"]), max_size=6).map(" ".join),
)


def _plain(word: str) -> bool:
    """A capitalised word that is neither a title, a particle nor a patronymic word."""
    data = rules()
    lower = word.lower()
    special = data.honorifics | data.post_nominals | data.particles | data.patronymic_words
    return lower not in special and not lower.endswith(data.patronymic_suffixes)


capitalised_words = (
    st.text(alphabet=LETTERS, min_size=2, max_size=10).map(str.capitalize).filter(_plain)
)


def _keys(parsed: ParsedName) -> list[str]:
    parts = parsed.parts + parsed.family_variants
    return [key for part in parts for key in (part.fold, part.root, part.phonetic, part.anagram)]


@settings(deadline=None)
@given(name_texts)
def test_parse_never_fails_and_keys_are_ascii(text: str) -> None:
    parsed = parse_name(text)
    assert all(key.isascii() for key in _keys(parsed))
    assert parsed.key.isascii() and parsed.sorted_key.isascii()
    assert all(key.isascii() for key in blocking_keys(parsed) if not key.startswith("s:"))
    assert all(token in unicodedata.normalize("NFC", text) for token in parsed.tokens)


@settings(deadline=None)
@given(
    st.lists(capitalised_words, min_size=1, max_size=4).flatmap(
        lambda words: st.tuples(st.just(words), st.permutations(words))
    )
)
def test_parsing_keeps_the_tokens_in_any_order(
    words_and_order: tuple[list[str], list[str]],
) -> None:
    words, order = words_and_order
    original, permuted = parse_name(" ".join(words)), parse_name(" ".join(order))
    assert sorted(original.tokens) == sorted(permuted.tokens) == sorted(words)
    assert original.sorted_key == permuted.sorted_key


@settings(deadline=None)
@given(name_texts, name_texts)
def test_compare_is_symmetric_and_bounded(a: str, b: str) -> None:
    forward, backward = compare(a, b), compare(b, a)
    assert 0.0 <= forward.score <= 1.0
    assert abs(forward.score - backward.score) < 1e-9


@settings(deadline=None)
@given(name_texts)
def test_a_full_name_matches_itself(text: str) -> None:
    parsed = parse_name(text)
    if not parsed.empty and not parsed.single:
        assert compare(text, text).score == 1.0
