"""Extraction rules on short fictional texts of the genre."""

from tests.extract.conftest import event_types, person


def test_surname_first_signatures_become_natural_order(run):
    text = (
        "We urge you to release the journalist Bakyt Tursunov, detained since 3 May.\n\n"
        "Yours sincerely,\n\nHALVORSEN Ingrid MEP\n\nDE LA CRUZ Mateo MEP\n"
    )
    extraction = run(text)
    assert person(extraction, "Ingrid Halvorsen").role == "advocate"
    assert person(extraction, "Mateo de la Cruz").role == "advocate"
    assert person(extraction, "Bakyt Tursunov").role == "concern"


def test_demand_for_release_is_not_a_release(run):
    extraction = run("We call for the immediate release of the blogger Timur Sadykov.")
    assert "released" not in event_types(extraction, "Timur Sadykov")
    assert [d.action for d in extraction.demands] == ["release"]


def test_release_that_happened_is_an_event(run):
    extraction = run("On 4 June 2019 the activist Gulnara Bekova was released on parole.")
    released = [e for e in person(extraction, "Gulnara Bekova").events if e.type == "released"]
    assert released and released[0].date.iso() == "2019-06-04"


def test_threat_is_not_an_arrest(run):
    extraction = run("The authorities threatened to arrest the lawyer Aidos Serikbayev.")
    assert event_types(extraction, "Aidos Serikbayev") == {"threatened"}


def test_negated_event_is_dropped(run):
    extraction = run("The poet Erlan Nurmukhanov was not arrested but was questioned by police.")
    assert event_types(extraction, "Erlan Nurmukhanov") == {"harassed"}


def test_coordination_shares_events(run):
    extraction = run(
        "The activists Daniyar Kassymov and Saule Abenova were arrested on 3 May 2021 "
        "on charges of inciting social discord."
    )
    for name in ("Daniyar Kassymov", "Saule Abenova"):
        assert {"arrested", "charged"} <= event_types(extraction, name)
        dates = {e.date.iso() for e in person(extraction, name).events if e.date}
        assert dates == {"2021-05-03"}


def test_relative_clause_event_stays_with_its_person(run):
    extraction = run(
        "We mourn the blogger Rustam Aliyev, who died in custody, and remember his "
        "friend the journalist Kanat Omarov."
    )
    assert "died" in event_types(extraction, "Rustam Aliyev")
    assert "died" not in event_types(extraction, "Kanat Omarov")


def test_official_is_not_a_concern(run):
    extraction = run(
        "Prosecutor General Askar Zhumabekov announced that the blogger Nurlan "
        "Tokhtarov was arrested."
    )
    assert person(extraction, "Askar Zhumabekov").role == "official"
    assert person(extraction, "Nurlan Tokhtarov").role == "concern"


def test_surname_only_mentions_join_the_full_name(run):
    extraction = run(
        "The journalist Marat Iskakov was arrested on 2 March 2020. Mr Iskakov "
        "was later sentenced to five years in prison."
    )
    assert [p.name for p in extraction.persons] == ["Marat Iskakov"]
    assert {"arrested", "sentenced"} <= event_types(extraction, "Marat Iskakov")


def test_places_and_organisations_are_not_persons(run):
    extraction = run(
        "Members of the Democratic Choice party met in Almaty with the Kazakhstan "
        "International Bureau for Human Rights and the newspaper 'Golos Svobody'."
    )
    assert extraction.persons == []


def test_letter_structure_gives_addressees_and_kind(run):
    text = (
        "H.E. Sadyr Japarov\nPresident of the Kyrgyz Republic\n\nBrussels, 3 March 2021\n\n"
        "Your Excellency,\n\nWe are writing to express our concern about the detention of "
        "the journalist Bolot Temirov, arrested on 22 January.\n\nYours sincerely,\n\n"
        "Anna Lindqvist, S&D\nPieter de Vries, EPP\n\nCopy:\nH.E. Ruslan Kazakbaev, "
        "Minister of Foreign Affairs\n"
    )
    extraction = run(text)
    assert extraction.kind == "letter"
    assert extraction.date.iso() == "2021-03-03"
    assert person(extraction, "Sadyr Japarov").role == "addressee"
    assert person(extraction, "Ruslan Kazakbaev").role == "addressee"
    assert person(extraction, "Anna Lindqvist").role == "advocate"
    assert person(extraction, "Pieter de Vries").role == "advocate"
    arrested = [e for e in person(extraction, "Bolot Temirov").events if e.type == "arrested"]
    assert arrested[0].date.iso() == "2021-01-22"


def test_evidence_points_into_the_original_text(run):
    text = "**Zhanna Ospanova**, a trade union\nactivist, was sentenced to\n3 years in prison."
    extraction = run(text)
    record = person(extraction, "Zhanna Ospanova")
    mention = record.mentions[0].evidence
    assert text[mention.span.start : mention.span.end] == "Zhanna Ospanova"
    sentenced = next(e for e in record.events if e.type == "sentenced")
    assert text[sentenced.evidence.span.start : sentenced.evidence.span.end] == "sentenced"


def test_particles_inside_names_are_lower_case(run):
    text = (
        "We urge you to release the journalist Bakyt Tursunov.\n\nYours sincerely,\n\n"
        "VAN DEN BERG Joris MEP\n\nFionnuala NÍ AOLÁIN MEP\n"
    )
    extraction = run(text)
    assert person(extraction, "Joris van den Berg").role == "advocate"
    assert person(extraction, "Fionnuala Ní Aoláin").role == "advocate"


def test_speaker_of_a_quote_is_not_what_the_quote_reports(run):
    extraction = run(
        "The journalist Bolot Temirov was sentenced on 3 May 2022. "
        '"This verdict is a blow to press freedom," said Anna Berg, director of the Steppe '
        "Network."
    )
    assert person(extraction, "Anna Berg").role == "advocate"
    assert "sentenced" in event_types(extraction, "Bolot Temirov")


def test_demand_of_a_list_ends_after_its_items(run):
    text = (
        "We call on the authorities to:\n\n- release Daulet Nurlanov;\n- drop all charges.\n\n"
        "We also recall that the journalist Aset Nurgaliyev was arrested on 5 May 2022 in "
        "Shymkent.\n"
    )
    extraction = run(text)
    assert "arrested" in event_types(extraction, "Aset Nurgaliyev")
    assert "released" not in event_types(extraction, "Daulet Nurlanov")


def test_paragraph_in_another_language_is_read_in_it(run):
    text = (
        "Markus Albrecht\nMitglied des Deutschen Bundestages\n\nHerrn Botschafter\n"
        "Dr. Sherzod Tursunov\nBotschaft der Republik Usbekistan\n\nDear Mr Ambassador,\n\n"
        "I am writing to you about the journalist Dilshod Rakhimov, who was detained on "
        "18 January 2023 in Namangan after publishing reports on forced labour in the cotton "
        "harvest.\n\nDer Journalist Dilshod Rakhimov wurde am 9. Juni 2023 in Namangan zu sechs "
        "Jahren Haft verurteilt.\n\n"
        "Yours sincerely,\n\nMarkus Albrecht\n"
    )
    extraction = run(text)
    assert person(extraction, "Markus Albrecht").role == "advocate"
    assert person(extraction, "Sherzod Tursunov").role == "addressee"
    rakhimov = person(extraction, "Dilshod Rakhimov")
    dates = {e.type: e.date.iso() for e in rakhimov.events if e.date}
    assert dates["arrested"] == "2023-01-18"
    assert dates["sentenced"] == "2023-06-09"  # "verurteilt", read as German
    assert [p.name for p in extraction.persons] == [
        "Markus Albrecht",
        "Sherzod Tursunov",
        "Dilshod Rakhimov",
    ]
