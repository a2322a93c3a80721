"""Roles from offices, lists and addresses, on fictional documents with their gold
(tests/data): an office no longer held or outweighed by a concern noun, an office that
governs another name, advocates' offices after their names, lists that share a role or join
over descriptions, officials' postal addresses and the answerer of a written question."""

import pytest

from tests.extract.conftest import event_types, fictional, person

DOCUMENTS = [
    "en_news_former_president_remanded.txt",
    "en_urgent_action_addresses_vouchers.txt",
    "de_schriftliche_frage_antwort.txt",
    "fr_corapporteurs_declaration.txt",
    "nl_kamervraag_voormalig_president.txt",
]


def _roles(run, name: str) -> dict[str, str]:
    text, gold = fictional(name)
    return {p.name: p.role for p in run(text, gold["language"]).persons}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_roles_follow_the_gold(run, name):
    expected = {p["name"]: p["role"] for p in fictional(name)[1]["persons"]}
    roles = _roles(run, name)
    assert {n: roles.get(n) for n in expected} == expected


def test_a_former_office_or_an_ngo_chair_is_not_an_official_role(run):
    roles = _roles(run, "en_news_former_president_remanded.txt")
    # "The former president of Varnia, X"; "Human rights defender X, Chair of the ... Centre".
    assert roles["Tamaz Eliava"] != "official"
    assert roles["Nino Abashidze"] != "official"
    assert _roles(run, "nl_kamervraag_voormalig_president.txt")["Tamaz Eliava"] != "official"


def test_an_office_governs_the_first_name_after_it(run):
    # "Judge X remanded Y in custody": the judge's office is not Y's.
    roles = _roles(run, "en_news_former_president_remanded.txt")
    assert roles["Levan Kapanadze"] == "official"
    assert roles["Nino Abashidze"] == "concern"


def test_an_office_in_an_earlier_clause_is_not_an_apposition(run):
    # '"Mr President, as you are well aware, X is being denied ..."'
    text = '"Mr President, as you are well aware, Tamaz Eliava is being denied medical care."'
    roles = {p.name: p.role for p in run(text).persons}
    assert roles.get("Tamaz Eliava") != "official"


def test_an_advocate_office_after_the_name_beats_a_committee_chair(run):
    roles = _roles(run, "en_urgent_action_addresses_vouchers.txt")
    assert roles["Ingrid Solberg"] == "advocate"
    assert _roles(run, "fr_corapporteurs_declaration.txt")["Anna Kowalska"] == "advocate"


def test_lists_share_concern_and_join_over_descriptions(run):
    roles = _roles(run, "en_urgent_action_addresses_vouchers.txt")
    assert roles["Bolat Yermekov"] == roles["Dana Ismailova"] == "concern"
    # "The writer X, the film director Y and the journalist Z all vouched for ..."
    assert {roles[n] for n in ("Gulnara Abenova", "Serik Nurlanov", "Aliya Temirova")} == {
        "advocate"
    }


def test_an_officials_postal_address_makes_an_addressee(run):
    roles = _roles(run, "en_urgent_action_addresses_vouchers.txt")
    assert roles["Ruslan Omarov"] == roles["Nurlan Bekov"] == "addressee"
    assert roles["Arman Sadykov"] == "concern"


def test_the_answerer_of_a_written_question_is_its_addressee(run):
    assert _roles(run, "de_schriftliche_frage_antwort.txt")["Miriam Vogt"] == "addressee"
    assert _roles(run, "nl_kamervraag_voormalig_president.txt")["Joost van Dam"] == "addressee"


def test_a_recipient_list_goes_on_over_an_office_without_a_name(run):
    text = (
        "Relatives of the detained journalists appealed to President Ruslan Kadyrbekov, the "
        "Chairman of the Supreme Court, Minister of Internal Affairs Talant Usenov and "
        "Ombudsperson Aida Sultanova. They asked them to release the reporter Nurlan Beishov."
    )
    roles = {p.name: p.role for p in run(text).persons}
    assert roles["Talant Usenov"] == roles["Aida Sultanova"] == "addressee"
    assert roles["Nurlan Beishov"] == "concern"


def test_a_declined_name_before_an_advocacy_verb_is_not_its_subject(run):
    # "Senators urged Osmonov to free the journalists": the accusative is the one urged.
    text = (
        "Жаныбека Осмонова призвали освободить журналистов.\n\n"
        "Восемь сенаторов направили письмо с просьбой освободить журналистку Айгуль Токтосунову."
    )
    roles = {p.name: p.role for p in run(text, "ru").persons}
    assert roles.get("Жаныбек Осмонов") not in (None, "advocate")


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        (
            "Three journalists from Tarsk were fined for a street performance.\n"
            "Marat Esenov, Dana Kulova and Olzhas Ibraev appear in a photograph with posters.",
            "en",
            ("Marat Esenov", "Dana Kulova", "Olzhas Ibraev"),
        ),
        (
            "Trzech dziennikarzy z Tarska zostało skazanych na grzywny za happening.\n"
            "Marat Jesenau, Dana Kułowa i Ołżas Ibrajeu widnieją na zdjęciu z plakatami.",
            "pl",
            ("Marat Jesenau", "Dana Kułowa", "Ołżas Ibrajeu"),
        ),
    ],
)
def test_a_list_opening_the_sentence_after_a_group_of_concern_names_it(run, text, language, names):
    roles = {p.name: p.role for p in run(text, language).persons}
    assert [roles.get(n) for n in names] == ["concern"] * len(names)


def test_an_office_is_not_the_title_of_the_object_of_its_verb(run):
    # "the judge sentenced X": X is of concern, not an official.
    text = "On 3 May the judge sentenced Arman Sadykov to five years in prison."
    roles = {p.name: p.role for p in run(text).persons}
    assert roles["Arman Sadykov"] == "concern"


@pytest.mark.parametrize("office", ["The judges", "The judges of the court of appeal"])
def test_a_plural_office_before_a_list_is_each_ones(run, office):
    extraction = run(
        f"On 2 September 2021 {office} Murat Soltanov, Shynar Yergalina and Abai Kozhakov"
        " increased the term of imprisonment for the political prisoner Askar Kaiyrov."
    )
    for name in ("Murat Soltanov", "Shynar Yergalina", "Abai Kozhakov"):
        assert person(extraction, name).role == "official"
        assert person(extraction, name).events == []
    assert event_types(extraction, "Askar Kaiyrov") == {"imprisoned"}


def test_a_peers_territorial_designation_does_not_break_the_list_of_signatories(run):
    extraction = run(
        "London, 3 March 2022\n\nThe MPs and peers who signed the letter are as follows:"
        " Stuart McDowell MP, Lord Cormack, Lord Alton of Liverpool, Baroness Goudie,"
        " Lord Germann, Baroness Coxe."
    )
    assert {p.name: p.role for p in extraction.persons} == dict.fromkeys(
        ["Stuart McDowell", "Cormack", "Alton", "Goudie", "Germann", "Coxe"], "advocate"
    )


def test_the_member_asking_a_written_question_is_an_advocate(run):
    extraction = run(
        "Written answers\n\n§ Mr. WinterbourneTo ask the Secretary of State for Foreign and"
        " Commonwealth Affairs what representations he will make concerning the conviction of"
        " Mikola Markovsky for libelling the President. [65386]"
    )
    assert person(extraction, "Winterbourne").role == "advocate"
    assert person(extraction, "Mikola Markovsky").role == "concern"


def test_the_member_answering_a_written_question_is_its_addressee(run):
    extraction = run(
        "Written answers\n\n§ Mr. WinterbourneTo ask the Secretary of State for Foreign and"
        " Commonwealth Affairs what representations he will make concerning the conviction of"
        " Mikola Markovsky. [65386]\n§ Mr. Peter HallowellThe sentence passed on Mikola"
        " Markovsky is the latest example of the disregard for human rights."
    )
    assert person(extraction, "Peter Hallowell").role == "addressee"
    assert person(extraction, "Winterbourne").role == "advocate"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Katrin Ehlers\n\nFrage: Was weiß die Bundesregierung über die Haftbedingungen des"
            " verurteilten Publizisten Boris Kaganow, und setzt sie sich für seine Freilassung"
            " ein?",
            "de",
        ),
        (
            "Katrin Ehlers\n\nQuestion: What does the Government know of the conditions of the"
            " convicted writer Boris Kaganow, and will it seek his release?",
            "en",
        ),
    ],
)
def test_the_name_above_a_question_is_its_asker(run, text, language):
    extraction = run(text, language)
    assert person(extraction, "Katrin Ehlers").role == "advocate"
    assert person(extraction, "Boris Kaganow").role == "concern"


def test_a_recipient_with_a_long_office_is_still_a_recipient(run):
    extraction = run(
        "Bishkek, 3 February 2024. Relatives of detained journalists appealed to the President"
        " Sadyr Japarbekov, Prosecutor General Kurman Zulushbekov, Director of the National"
        " Center for Prevention of Torture Bakyt Rysbayev and deputies of the Parliament."
    )
    for name in ("Sadyr Japarbekov", "Kurman Zulushbekov", "Bakyt Rysbayev"):
        assert person(extraction, name).role == "addressee"


def test_a_declined_name_before_an_appeal_is_its_addressee(run):
    extraction = run(
        "Каримбекова призвали освободить узников совести\n\nИслам Каримбеков. Архивное фото\n\n"
        "ДУШАНБЕ, 26 ноября — Восемь сенаторов обратились с письмом к президенту с просьбой"
        " освободить журналиста Агзама Тургунбаева.",
        "ru",
    )
    assert person(extraction, "Ислам Каримбеков").role == "addressee"
    assert person(extraction, "Агзам Тургунбаев").role == "concern"


@pytest.mark.parametrize(
    ("text", "language", "asked", "prisoner"),
    [
        (
            "MEPs called on Pavel Dorokhin to release the blogger Sam Ortiz.",
            "en",
            "Pavel Dorokhin",
            "Sam Ortiz",
        ),
        (
            "Posłowie wezwali Andrzeja Kowalskiego do uwolnienia blogera Sama Ortiza.",
            "pl",
            "Andrzej Kowalski",
            "Sam Ortiz",
        ),
        (
            "Die Abgeordneten fordern Pawel Dorochin auf, den Blogger Sam Ortiz freizulassen.",
            "de",
            "Pawel Dorochin",
            "Sam Ortiz",
        ),
        (
            "Les députés appellent Pavel Dorokhine à libérer le blogueur Sam Ortiz.",
            "fr",
            "Pavel Dorokhine",
            "Sam Ortiz",
        ),
        (
            "De Kamerleden roepen Pavel Dorochin op om de blogger Sam Ortiz vrij te laten.",
            "nl",
            "Pavel Dorochin",
            "Sam Ortiz",
        ),
    ],
)
def test_the_one_an_appeal_asks_to_act_is_its_addressee(run, text, language, asked, prisoner):
    roles = {p.name: p.role for p in run(text, language).persons}
    assert roles.get(asked) == "addressee"
    assert roles.get(prisoner) == "concern"


def test_an_appeal_for_a_release_keeps_the_prisoner_of_concern(run):
    # "urge the release of X to ...": nothing between the verb and the name may be the demand
    roles = {p.name: p.role for p in run("We urge the release of Sam Ortiz to his family.").persons}
    assert roles.get("Sam Ortiz") == "concern"


def test_the_senator_drawing_the_ministers_attention_is_an_advocate(run):
    text = (
        "Question écrite n° 04521 de M. Pierre Lemarchal publiée dans le JO Sénat du 12/03/2020\n\n"
        "M. Pierre Lemarchal attire l'attention de M. le ministre de l'Europe et des affaires"
        " étrangères sur la situation de l'avocat Daniyar Ospanbekov, arrêté le 3 janvier 2020."
    )
    roles = {p.name: p.role for p in run(text, "fr").persons}
    assert roles.get("Pierre Lemarchal") == "advocate"
    assert roles.get("Daniyar Ospanbekov") == "concern"


def test_initials_written_together_make_a_name(run):
    text = (
        "Открытое письмо Президенту Республики Узбекистан Ш.М. Мирзоеву\n\n"
        "Уважаемый господин Президент!\n\n"
        "Просим освободить журналиста Бобомурода Абдуллоева."
    )
    roles = {p.name: p.role for p in run(text, "ru").persons}
    # the initials do not tell the family name's gender, hence either nominative
    assert {r for n, r in roles.items() if n.startswith("Ш. М. Мирзоев")} == {"addressee"}


def test_a_minister_answering_in_the_genitive_is_the_addressee(run):
    text = (
        "Schriftliche Frage der Abgeordneten Renate Hofmeister\n\n"
        "Wie bewertet die Bundesregierung die Verurteilung des Journalisten Tofig Yagubov?\n\n"
        "Antwort des Staatsministers Tobias Lindemann vom 12. Oktober 2023\n\n"
        "Der Bundesregierung ist bekannt, dass Herr Yagubov festgenommen wurde."
    )
    roles = {p.name: p.role for p in run(text, "de").persons}
    assert roles.get("Tobias Lindemann") == "addressee"
    assert roles.get("Tofig Yagubov") == "concern"
