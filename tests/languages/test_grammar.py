"""The grammar the language packs give the extractor: segmentation, dates, names, language
fallbacks and documents written in more than one language."""

import pytest

from casetrail.extract.dates import find_dates, month_words
from casetrail.extract.morph import NameInflection, settle
from casetrail.extract.names import _given_name
from casetrail.extract.text import segment
from casetrail.languages import detect_blocks, pack, packs
from tests.languages.conftest import LANGUAGES


def _sentences(text: str, code: str) -> list[str]:
    lang = pack(code)
    seg = segment(text, lang.abbreviations, frozenset(month_words((code, "en"))))
    return [text[s.start : s.end] for s in seg.sentences]


def test_kazakh_is_read_with_the_russian_pack():
    assert pack("kk").code == "ru"
    assert pack("xx").code == "en"


def test_packs_of_several_languages_join_their_words():
    both = packs(("en", "de"))
    assert both.codes == ("en", "de")
    assert both.salutations.match("Dear Mr Ambassador,")
    assert both.salutations.match("Sehr geehrter Herr Botschafter,")
    assert both.closings.match("Mit freundlichen Grüßen")
    assert packs(("ru", "kk")) is pack("ru")


@pytest.mark.parametrize("code", ("en", *LANGUAGES))
def test_every_pack_has_the_attachment_words(code):
    lang = pack(code)
    assert lang.pronoun_genders
    assert set(lang.pronoun_genders.values()) <= {"m", "f", "n"}
    assert lang.coordination.search(" , ")
    assert lang.abbreviations


def test_english_attachment_words_are_the_old_ones():
    en = pack("en")
    assert en.pronoun_genders == {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
    assert en.possessor_before.search("the family of ")
    assert en.object_before.match(" against the blogger ")
    assert en.agent_before.search("was arrested by police officer ")
    assert en.relation_after.match("'s mother")
    assert en.clause_coordination.search(", and on 3 May")


def test_ordinal_day_before_a_month_does_not_end_a_sentence():
    text = "Der Blogger wurde am 5. Mai 2022 festgenommen. Das Urteil fiel am 20. Juni."
    assert _sentences(text, "de") == [
        "Der Blogger wurde am 5. Mai 2022 festgenommen.",
        "Das Urteil fiel am 20. Juni.",
    ]
    assert _sentences("Er kam am 5. Die Zeugen schwiegen.", "de") == [
        "Er kam am 5.",
        "Die Zeugen schwiegen.",
    ]


def test_language_abbreviations_and_kazakh_capitals():
    text = "Ему предъявлено обвинение по ст. 158 УК. Суд г. Гродно вынес приговор. Әсет молчал."
    assert _sentences(text, "ru") == [
        "Ему предъявлено обвинение по ст. 158 УК.",
        "Суд г. Гродно вынес приговор.",
        "Әсет молчал.",
    ]
    assert len(_sentences("Danach bzw. später kam Nr. 5 frei.", "de")) == 1
    assert len(_sentences("Vragen aan dhr. Jansen en mevr. De Vries.", "nl")) == 1


@pytest.mark.parametrize(
    ("code", "text", "found"),
    [
        (
            "en",
            "in custody since March, in 2019",
            [("since March", None, 3), ("in 2019", 2019, None)],
        ),
        (
            "de",
            "seit Mai in Haft, im Jahr 2019",
            [("seit Mai", None, 5), ("im Jahr 2019", 2019, None)],
        ),
        ("fr", "depuis avril, en 2019", [("depuis avril", None, 4), ("en 2019", 2019, None)]),
        ("nl", "sinds april, in 2019", [("sinds april", None, 4), ("in 2019", 2019, None)]),
        (
            "ru",
            "с апреля, в апреле, в 2019 году",
            [("с апреля", None, 4), ("в апреле", None, 4), ("в 2019", 2019, None)],
        ),
    ],
)
def test_month_and_year_alone_after_the_language_words(code, text, found):
    assert [(d.text, d.year, d.month) for d in find_dates(text, (code, "en"))] == found


def test_declined_russian_names_and_their_nominative():
    inflection = NameInflection(pack("ru").name_inflection)
    best = {
        name: " ".join(inflection.readings(name.split())[0].parts)
        for name in (
            "Ержана Касымова",
            "Ферузе Мирзаевой",
            "Полины Сосновской",
            "Николая Петровича Гринкевича",
            "Айгуль Сапаровой",
            "Гүлнар Сейітқызы",
        )
    }
    assert best == {
        "Ержана Касымова": "Ержан Касымов",
        "Ферузе Мирзаевой": "Феруза Мирзаева",
        "Полины Сосновской": "Полина Сосновская",
        "Николая Петровича Гринкевича": "Николай Петрович Гринкевич",
        "Айгуль Сапаровой": "Айгуль Сапарова",
        "Гүлнар Сейітқызы": "Гүлнар Сейітқызы",
    }
    # Alone "Нодира Юсупова" reads best as a man's genitive; with "Нодиры Юсуповой" the
    # mentions agree on her.
    alone = inflection.readings(["Нодира", "Юсупова"], [("gen", "m"), ("gen", "m")])
    assert alone[0].parts == ("Нодир", "Юсупов")
    both = settle([alone, inflection.readings(["Нодиры", "Юсуповой"])])
    assert [r.parts for r in both] == [("Нодира", "Юсупова")] * 2
    assert inflection.family_forms("Касымову") == ["Касымов", "Касымова"]
    assert not NameInflection(pack("en").name_inflection)


def test_given_names_compare_as_ascii():
    assert _given_name("Ерлан") and _given_name("Ержан") and _given_name("Jürgen")
    assert not _given_name("Касымов")


def test_blocks_of_a_mixed_document():
    text = (
        "Markus Albrecht\nMitglied des Deutschen Bundestages\nMitglied der Parlamentarischen "
        "Versammlung des Europarates\n\nI am writing to you about the case of the journalist "
        "Dilshod Rakhimov, who was sentenced on 9 June 2023 to six years in prison.\n"
    )
    assert [code for _, _, code in detect_blocks(text)] == ["de", "en"]
