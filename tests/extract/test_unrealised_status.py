"""A release, death or acquittal that a sentence only seeks, expects, rumours, nearly tells or
tells of part of a case has not happened: reading one would drop a prisoner from advocacy.
The same words stating the fact still count."""

import pytest

from tests.extract.conftest import event_types

STATUS_ENDING = {"released", "died", "acquitted"}

UNREALISED = [
    ("en", "Lawyers are working towards the release of Ales Varsky."),
    ("en", "The campaign for Ales Varsky's release continues."),
    ("en", "Diplomats tried to secure the release of Ales Varsky."),
    ("en", "Ales Varsky's expected release date is 2027."),
    ("en", "Ales Varsky's release is long overdue."),
    ("en", "The release of Ales Varsky is a priority for the delegation."),
    ("en", "Hundreds rallied for the release of Ales Varsky."),
    ("en", "A rumour that Ales Varsky had died in custody was denied by his lawyer."),
    ("en", "Ales Varsky went on hunger strike in May and nearly died."),
    ("en", "Ales Varsky was acquitted of one charge but convicted of another."),
    ("en", "Ales Varsky was freed from his handcuffs during the hearing."),
    ("en", "Ales Varsky was released from the punishment cell but remains in the colony."),
    ("ru", "Алеся Варского выпустили из ШИЗО, но он остаётся в колонии."),
    ("ru", "Алесь Варский чуть не умер во время голодовки."),
    ("de", "Ales Varsky wäre während des Hungerstreiks beinahe gestorben."),
    ("pl", "Aleś Warski omal nie zmarł podczas głodówki."),
]

STATED = [
    ("en", "After nearly two years in prison, Ales Varsky was released.", "released"),
    ("en", "We welcome the release of Ales Varsky on 3 May 2023.", "released"),
    ("en", "Ales Varsky was released from prison on 3 May 2023.", "released"),
    ("en", "The court acquitted Ales Varsky of all charges.", "acquitted"),
    ("en", "Ales Varsky died in custody on 3 May 2023.", "died"),
    ("de", "Ales Varsky wurde nach fast zwei Jahren Haft freigelassen.", "released"),
]


def _name(language: str) -> str:
    return {"ru": "Алесь Варский", "pl": "Aleś Warski"}.get(language, "Ales Varsky")


@pytest.mark.parametrize(("language", "sentence"), UNREALISED)
def test_a_sought_expected_rumoured_near_or_partial_end_is_no_event(run, language, sentence):
    types = event_types(run(f"News\n\n{sentence}", language), _name(language))
    assert not types & STATUS_ENDING


@pytest.mark.parametrize(("language", "sentence", "kind"), STATED)
def test_a_stated_end_still_counts(run, language, sentence, kind):
    assert kind in event_types(run(f"News\n\n{sentence}", language), _name(language))


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("ru", "Суд отклонил ходатайство Алеся Варского об условно-досрочном освобождении."),
        ("ru", "Родственники Алеся Варского выступают за его освобождение."),
        ("ru", "Срок освобождения Алеся Варского истекает в 2027 году."),
        ("de", "Der Antrag von Ales Varsky auf vorzeitige Entlassung wurde abgelehnt."),
        ("fr", "La demande de libération conditionnelle d'Ales Varsky a été rejetée."),
        ("pl", "Sąd odrzucił wniosek Alesia Warskiego o przedterminowe zwolnienie."),
        ("en", "The court rejected Ales Varsky's request for release on bail."),
        ("en", "The UN called Ales Varsky's death sentence unacceptable."),
    ],
)
def test_an_application_for_release_or_a_death_sentence_ends_nothing(run, language, sentence):
    types = event_types(run(f"News\n\n{sentence}", language), _name(language))
    assert not types & STATUS_ENDING


@pytest.mark.parametrize(
    "sentence",
    [
        "Ales Varsky's newspaper was closed by the authorities in 2021.",
        "Ales Varsky's account was terminated by the bank.",
        "Ales Varsky was transferred after the court upheld his release conditions.",
    ],
)
def test_what_is_closed_or_terminated_is_not_always_a_case(run, sentence):
    assert not event_types(run(f"News\n\n{sentence}", "en"), "Ales Varsky") & STATUS_ENDING


def test_a_closed_case_is_still_an_acquittal(run):
    text = "News\n\nThe criminal case against Ales Varsky was closed on 3 May 2023."
    assert "acquitted" in event_types(run(text, "en"), "Ales Varsky")
