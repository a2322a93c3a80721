"""Property tests: parsing and keys never fail, keys are ASCII, comparison is symmetric,
spellings of other systems share a reading, family-name forms of one father match."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from casetrail.resolve import (
    DEFAULT_CONFIG,
    ParsedName,
    blocking_keys,
    compare,
    fold,
    parse_name,
    part_key,
)
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


# Cyrillic syllables and how three systems write them (BGN/PCGN, German, Dutch): ж, у, й
# and е are where the systems differ. Word-initial е is ye / je / je.
SYLLABLES = ["жа", "жу", "бу", "ку", "ма", "май", "ки", "нур", "лан", "тай", "де", "ро", "сул"]
SYSTEMS = {
    "bgn": {"ж": "zh", "у": "u", "й": "y", "е": "e"},
    "german": {"ж": "sch", "у": "u", "й": "j", "е": "e"},
    "dutch": {"ж": "zj", "у": "oe", "й": "j", "е": "e"},
}
INITIAL_YE = {"bgn": "ye", "german": "je", "dutch": "je"}
LATIN = dict(zip("абдиклмнорст", "abdiklmnorst", strict=True))


def _write(word: str, system: str) -> str:
    letters = [SYSTEMS[system].get(char) or LATIN[char] for char in word]
    if word.startswith("е"):
        letters[0] = INITIAL_YE[system]
    return "".join(letters).capitalize()


cyrillic_words = st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4).map("".join)


@settings(deadline=None)
@given(st.one_of(cyrillic_words, cyrillic_words.map(lambda word: "е" + word)))
def test_systems_share_a_reading(word: str) -> None:
    """A Cyrillic name and its BGN, German and Dutch spellings share a reading key."""
    keys = [part_key(word).readings] + [part_key(_write(word, s)).readings for s in SYSTEMS]
    assert frozenset.intersection(*keys), [sorted(key) for key in keys]


# Fathers' names: Kazakh and Kyrgyz names mostly end in a consonant.
father_names = st.sampled_from(
    ["Nurlan", "Serik", "Serikbol", "Bolat", "Nurbolat", "Asan", "Erlan", "Marat", "Talgat"]
)
GIVEN = {"m": ["Daulet", "Arman", "Timur"], "f": ["Aigerim", "Zhanar", "Dinara"]}
FORMS = {"m": ("{}uly", "{}ov"), "f": ("{}kyzy", "{}ova")}


@settings(deadline=None)
@given(father_names, father_names, st.sampled_from("mf"), st.sampled_from("mf"), st.data())
def test_father_name_forms(
    father: str, other_father: str, gender: str, other_gender: str, data: st.DataObject
) -> None:
    """Kazakh and Russian forms of one father's name are one person when the given names
    agree, and never when the given names, the fathers' names or the genders differ."""
    given_name, other_given = (data.draw(st.sampled_from(GIVEN[g])) for g in (gender, other_gender))
    kazakh = f"{given_name} {FORMS[gender][0].format(father)}"
    russian = f"{other_given} {FORMS[other_gender][1].format(other_father)}"
    same = (given_name, fold(father), gender) == (other_given, fold(other_father), other_gender)
    assert (compare(kazakh, russian).score >= DEFAULT_CONFIG.match_threshold) == same
