"""Case facts read by extraction: charges with their articles, sentences with their terms,
regimes and courts, places of detention, restrictions; in every language pack. Fictional
persons only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casetrail.domain import CaseFact, Charge, CourtSentence, Detention, Extraction, Restriction
from casetrail.extract.case_facts import articles, read_sentence, terms
from casetrail.languages import pack
from tests.extract.conftest import fictional, person


def _facts(extraction: Extraction, name: str, kind: str) -> list[CaseFact]:
    return [f for f in person(extraction, name).case_facts if f.kind == kind]


def test_the_letter_of_the_issue(run) -> None:
    text, gold = fictional("en_letter_sentence_colony.txt")
    extraction = run(text, gold["language"])
    name = "Timur Zhaksybekov"
    [charge] = _facts(extraction, name, "charge")
    assert charge.value == Charge("174", "1", "criminal", None, "inciting social discord")
    assert text[charge.evidence.span.start : charge.evidence.span.end] == charge.evidence.quote
    [sentence] = _facts(extraction, name, "sentence")
    assert str(sentence.date) == "2021-01-12"
    value = sentence.value
    assert isinstance(value, CourtSentence)
    assert (value.term_months, value.penalty, value.regime, value.court) == (
        48,
        "imprisonment",
        "general",
        "Almaty District Court",
    )
    assert value.charges == ("inciting social discord",)
    [held] = _facts(extraction, name, "detention")
    assert held.value == Detention("penal colony UG-157/11")
    assert held.evidence.quote == "penal colony UG-157/11"
    # Nothing is stated of the advocate who signs.
    assert person(extraction, "Anna Lindqvist").case_facts == []


def test_the_russian_letter(run) -> None:
    text, gold = fictional("ru_letter_sentence_colony.txt")
    extraction = run(text, gold["language"])
    name = "Тимур Жаксыбеков"
    [charge] = _facts(extraction, name, "charge")
    assert charge.value == Charge("174", "1", "criminal", "KZ")
    assert charge.evidence.quote == "ч. 1 ст. 174 УК РК"
    [sentence] = _facts(extraction, name, "sentence")
    value = sentence.value
    assert isinstance(value, CourtSentence)
    assert (value.term_months, value.regime, value.custody_counts) == (48, "general", True)
    assert value.court == "Медеуский районный суд г. Алматы"
    assert value.judge == "Айгерим Бековой"
    [held] = _facts(extraction, name, "detention")
    assert held.value == Detention("колонии ЛА-155/12")


# One sentence per language: (language, text, name, article, part, months, regime, court, place)
SENTENCES = [
    (
        "de",
        "Am 12. Januar 2021 verurteilte das Bezirksgericht Almaty Timur Schaksybekow zu vier"
        " Jahren Haft in einer Strafkolonie mit allgemeinem Regime nach Artikel 174 Absatz 1 des"
        " Strafgesetzbuches. Schaksybekow ist in der Strafkolonie UG-157/11 inhaftiert.",
        "Timur Schaksybekow",
        ("174", "1", 48, "general", "Bezirksgericht Almaty", "Strafkolonie UG-157/11"),
    ),
    (
        "fr",
        "Le 12 janvier 2021, le tribunal de district d'Almaty a condamné Timour Jaksybekov à"
        " quatre ans de colonie pénitentiaire à régime général en vertu de l'article 174, alinéa"
        " 1, du Code pénal. Jaksybekov est détenu dans la colonie UG-157/11.",
        "Timour Jaksybekov",
        ("174", "1", 48, "general", "tribunal de district d'Almaty", "colonie UG-157/11"),
    ),
    (
        "nl",
        "Op 12 januari 2021 veroordeelde de rechtbank van Almaty Timur Zjaksybekov tot vier jaar"
        " gevangenisstraf met algemeen regime op grond van artikel 174, lid 1, van het Wetboek"
        " van Strafrecht. Zjaksybekov zit vast in strafkolonie UG-157/11.",
        "Timur Zjaksybekov",
        ("174", "1", 48, "general", "rechtbank van Almaty", "strafkolonie UG-157/11"),
    ),
    (
        "pl",
        "12 stycznia 2021 r. Sąd Rejonowy w Ałmaty skazał Timura Żaksybekowa na 4 lata"
        " pozbawienia wolności w kolonii karnej o rygorze zwykłym z art. 174 § 1 kodeksu"
        " karnego. Żaksybekow przebywa w kolonii karnej UG-157/11.",
        "Timura Żaksybekowa",
        ("174", "1", 48, "general", "Sąd Rejonowy w Ałmaty", "kolonii karnej UG-157/11"),
    ),
]


@pytest.mark.parametrize(("language", "text", "name", "expected"), SENTENCES)
def test_every_language_reads_the_same_case(run, language, text, name, expected) -> None:
    extraction = run(text, language)
    article, part, months, regime, court, place = expected
    charges = [f.value for f in _facts(extraction, name, "charge")]
    assert Charge(article, part, "criminal") in charges, charges
    [sentence] = _facts(extraction, name, "sentence")
    value = sentence.value
    assert isinstance(value, CourtSentence)
    assert (value.term_months, value.regime, value.court) == (months, regime, court)
    assert str(sentence.date) == "2021-01-12"
    assert [f.value for f in _facts(extraction, name, "detention")] == [Detention(place)]


def test_penalties_fines_and_restrictions(run) -> None:
    extraction = run(
        "On 3 May 2022 the Karaganda City Court sentenced Dana Serikova to two years of"
        " restricted freedom under Article 405, part 2, fined her 500,000 tenge and banned her"
        " from leaving the country."
    )
    [sentence] = _facts(extraction, "Dana Serikova", "sentence")
    assert sentence.value == CourtSentence(
        term_months=24,
        penalty="restricted_freedom",
        fine_amount=500000,
        fine_currency="KZT",
        court="Karaganda City Court",
        charges=("Article 405 part 2",),
    )
    [ban] = _facts(extraction, "Dana Serikova", "restriction")
    assert ban.value == Restriction("travel_ban", "banned her from leaving")


def test_a_suspended_sentence_with_probation(run) -> None:
    extraction = run(
        "On 4 April 2022 a court in Minsk sentenced Olga Varenik to three years, suspended, with"
        " a probation period of two years, for 'insulting the president'."
    )
    [sentence] = _facts(extraction, "Olga Varenik", "sentence")
    value = sentence.value
    assert isinstance(value, CourtSentence)
    assert (value.term_months, value.suspended, value.probation_months) == (36, True, 24)
    assert value.charges == ("insulting the president",)


def test_each_term_goes_to_the_person_named_before_it(run) -> None:
    extraction = run(
        "On 9 June 2021 the Shymkent City Court sentenced Aidar Temirov to five years and"
        " Bolat Sarsenov to three years in a strict-regime colony."
    )
    terms_of = {
        name: [f.value.term_months for f in _facts(extraction, name, "sentence")]
        for name in ("Aidar Temirov", "Bolat Sarsenov")
    }
    assert terms_of == {"Aidar Temirov": [60], "Bolat Sarsenov": [36]}


def test_time_in_custody_counts(run) -> None:
    extraction = run(
        "Judge Marat Omarov found Yerlan Abenov guilty of 'spreading false information' and"
        " sentenced him to 5 years and 6 months in a strict-regime colony, counting from his"
        " arrest on 2 February 2021."
    )
    [sentence] = _facts(extraction, "Yerlan Abenov", "sentence")
    value = sentence.value
    assert isinstance(value, CourtSentence)
    assert (value.term_months, value.regime, value.custody_counts) == (66, "strict", True)
    assert value.judge == "Marat Omarov"


@pytest.mark.parametrize(
    "text",
    [
        "Kairat Dosov, who was charged under Article 274, faces up to seven years in prison.",
        "Kairat Dosov was released after he had served two years in prison.",
        "Kairat Dosov was visited by his lawyer in jail in January 2020 after his arrest.",
    ],
)
def test_no_sentence_or_place_where_the_text_states_none(run, text: str) -> None:
    extraction = run(text)
    found = [f for f in person(extraction, "Kairat Dosov").case_facts if f.kind != "charge"]
    assert found == [], found


# Hypothesis: the parsers over every language's forms -------------------------------------

_YEAR_WORDS = {"en": "years", "ru": "лет", "de": "Jahren", "fr": "ans", "nl": "jaar", "pl": "lat"}
_BEFORE = {"en": "to", "ru": "к", "de": "zu", "fr": "à", "nl": "tot", "pl": "na"}


@given(
    st.sampled_from(sorted(_YEAR_WORDS)),
    st.integers(5, 25),
    st.integers(1, 11),
    st.text(max_size=20),
)
def test_a_term_after_its_preposition_in_months(language, years, months, noise) -> None:
    patterns = pack(language).case_facts
    month_word = {
        "en": "months",
        "ru": "месяцев",
        "de": "Monaten",
        "fr": "mois",
        "nl": "maanden",
        "pl": "miesięcy",
    }[language]
    text = f"{noise} {_BEFORE[language]} {years} {_YEAR_WORDS[language]} {months} {month_word}."
    found = terms(text, 0, len(text), patterns)
    assert found and found[-1].value.months == years * 12 + months


@given(st.integers(1, 999), st.integers(1, 9))
def test_articles_with_their_parts_in_every_language(article, part) -> None:
    forms = {
        "en": f"under Article {article}, part {part}, of the Criminal Code",
        "ru": f"по ч. {part} ст. {article} УК РК",
        "de": f"nach § {article} Abs. {part} StGB",
        "fr": f"en vertu de l'article {article}, alinéa {part}, du Code pénal",
        "nl": f"op grond van artikel {article} lid {part} van het Wetboek van Strafrecht",
        "pl": f"z art. {article} § {part} kodeksu karnego",
    }
    for language, text in forms.items():
        found = articles(text, 0, len(text), pack(language).case_facts)
        assert [p.value for p in found] == [
            Charge(str(article), str(part), "criminal", "KZ" if language == "ru" else None)
        ], (language, text)


@given(st.text(max_size=200))
def test_any_text_reads_without_error(text) -> None:
    for language in _YEAR_WORDS:
        read = read_sentence(text, 0, len(text), pack(language))
        for piece in [*read.terms, *read.articles, *read.charges, *read.places]:
            assert 0 <= piece.start <= piece.end <= len(text)


@pytest.mark.parametrize(
    "text",
    [
        "RFE/RL welcomed the release from prison of Turkmen contributor Kerim Atayev.",
        "Kerim Atayev was convicted of an offence under Article 212.1 of the Criminal Code.",
    ],
)
def test_no_place_from_a_demonym_and_no_charge_from_vague_words(run, text: str) -> None:
    found = person(run(text), "Kerim Atayev").case_facts
    assert [f for f in found if f.kind == "detention"] == []
    assert all(f.value.text is None for f in found if f.kind == "charge"), found


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "sentenced to six and a half years in prison"),
        ("ru", "назначено наказание в виде шести с половиной лет лишения свободы"),
        ("fr", "condamné à six ans et demi de prison"),
        ("nl", "veroordeeld tot zes en een half jaar gevangenisstraf"),
        ("pl", "skazany na sześć i pół roku więzienia"),
    ],
)
def test_half_a_year_more(language: str, text: str) -> None:
    [term] = terms(text, 0, len(text), pack(language).case_facts)
    assert term.value.months == 78
