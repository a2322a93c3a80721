"""Every language pack loads, has exactly the English keys, and its patterns compile."""

import re
from importlib import resources

import pytest
import yaml
from dateparser.languages.loader import default_loader

from casetrail.domain import vocabulary
from casetrail.languages import pack
from casetrail.languages.pack import available_languages
from tests.languages.conftest import LANGUAGES

# Sections whose entries are regular expressions (the others are word lists).
PATTERN_SECTIONS = (
    "closings",
    "salutations",
    "copy_markers",
    "advocate_markers",
    "author_followers",
    "other_markers",
    "backref_list_markers",
    "concern_list_markers",
    "demand_cues",
    "demand_scope_breaks",
    "name_descriptions",
    "body_name_before_cue",
    "beneficiary_phrases",
    "direct_object_gap",
    "negation_cues",
    "threat_cues",
    "future_markers",
    "unrealised_before",
    "unrealised_after",
    "sender_office",
    "speech_verbs",
    "date_labels",
    "heading_date_introducers",
    "letter_date_followers",
    "addressee_cues",
    "advocate_list_cues",
    "advocacy_verbs",
    "asking_verbs",
    "asked_followers",
    "detained_referents",
    "later_words",
)
NESTED_SECTIONS = (
    "role_nouns",
    "demand_actions",
    "event_cues",
    "kind_cues",
    "kind_heading_cues",
    "case_facts",
)
# The labelled lists of `case_facts`: the labels are codes, the same in every language.
CASE_FACT_LABELS = ("codes", "countries", "regimes", "penalties", "currencies", "restrictions")
_MONTH_AND_DAY_KEYS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]


def _lexicon(code: str) -> dict:
    text = resources.files("casetrail.languages").joinpath(code, "lexicon.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    else:
        yield value


@pytest.mark.parametrize("code", LANGUAGES)
def test_pack_loads_as_its_own_language(code):
    assert code in available_languages()
    assert pack(code).code == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_lexicon_has_exactly_the_english_keys(code):
    english, lexicon = _lexicon("en"), _lexicon(code)
    assert set(lexicon) == set(english)
    for section in NESTED_SECTIONS:
        assert set(lexicon[section]) == set(english[section]), section
    for labels in CASE_FACT_LABELS:
        assert set(lexicon["case_facts"][labels]) == set(english["case_facts"][labels]), labels


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_entry_is_a_string(code):
    """Unquoted YAML words such as on/no/off/yes would load as booleans."""
    lexicon = _lexicon(code)
    del lexicon["ner_model"]
    for flag in ("capitalised_nouns", "date_before_cue"):  # settings, not word lists
        assert isinstance(lexicon.pop(flag), bool), flag
    kinds = lexicon.pop("kind_cues") | lexicon.pop("kind_heading_cues")
    assert all(isinstance(s, str) and s for s in _strings(lexicon))
    assert all(isinstance(w, int | float) for cues in kinds.values() for w in cues.values())


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_pattern_compiles(code):
    lexicon = _lexicon(code)
    patterns = [p for section in PATTERN_SECTIONS for p in lexicon[section]]
    patterns += [
        p
        for section in ("demand_actions", "event_cues")
        for group in lexicon[section].values()
        for p in group
    ]
    patterns += [
        p
        for key in ("kind_cues", "kind_heading_cues")
        for cues in lexicon[key].values()
        for p in cues
    ]
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:  # pragma: no cover - the message names the culprit
            pytest.fail(f"{code}: {pattern!r}: {error}")


@pytest.mark.parametrize("code", LANGUAGES)
def test_event_types_and_roles_are_the_vocabulary(code):
    lexicon = _lexicon(code)
    types = set(vocabulary()["event_types"])
    assert set(lexicon["event_cues"]) == types
    assert set(lexicon["presupposed_by_demands"]) <= types
    for hider, hidden in lexicon["cue_hides"].items():
        assert {hider, *hidden} <= types


@pytest.mark.parametrize("code", LANGUAGES)
def test_months_and_weekdays_are_never_name_parts(code):
    info = default_loader.get_locale(code).info
    words = {
        w.lower()
        for key in _MONTH_AND_DAY_KEYS
        for w in info.get(key, [])
        if len(w) >= 4 and "." not in w
    }
    assert words - pack(code).not_name_words == set()


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_its_own_cues(code):
    """A pack that copied English cues would still load: check a native word per section."""
    native = {
        "fr": (
            "arrêtée",
            "Veuillez agréer, Monsieur, l'expression de ma haute considération.",
            "appelle à",
        ),
        "de": ("festgenommen", "Mit freundlichen Grüßen", "fordert"),
        "nl": ("gearresteerd", "Met vriendelijke groet", "roept de regering op"),
        "ru": ("задержана", "С уважением,", "требуем"),
        "pl": ("został zatrzymany", "Z wyrazami szacunku", "wzywamy władze"),
    }[code]
    lang = pack(code)
    assert lang.event_cues["arrested"].search(native[0])
    assert lang.closings.match(native[1])
    assert lang.demand_cues.search(native[2])


@pytest.mark.parametrize("code", LANGUAGES)
def test_case_fact_patterns_name_their_groups(code):
    """Courts match as a whole; judges and places each name the group they find."""
    spec = _lexicon(code)["case_facts"]
    for pattern in spec["judges"]:
        assert "(?P<judge>" in pattern, pattern
    for pattern in spec["places"]:
        assert "(?P<place>" in pattern, pattern
    assert pack(code).case_facts.courts
