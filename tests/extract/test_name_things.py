"""Names that are not persons, and one person under two spellings (issue 12): things named
after a person, job titles alone, bracketed other spellings, titled surnames."""

from pathlib import Path

from tests.extract.conftest import person

DOCUMENT = Path(__file__).resolve().parents[1] / "data" / "documents"


def _names(extraction) -> set[str]:
    return {p.name for p in extraction.persons}


def _press_release(run):
    return run((DOCUMENT / "en_press_release_named_after_alias.txt").read_text("utf-8"))


def test_places_prizes_and_movements_named_after_persons_are_not_persons(run):
    names = " | ".join(_names(_press_release(run)))
    for thing in ("Yanka Kupala", "Kastus Kalinouski", "Vasil Bykau", "Hanna Lisouskaya"):
        assert thing not in names


def test_a_job_title_alone_is_not_a_person(run):
    names = _names(_press_release(run))
    assert not {n for n in names if "Officer" in n or "Communications" in n}
    assert "Rasa Dambrauskaite" in names


def test_a_spelling_in_brackets_is_the_same_person(run):
    extraction = _press_release(run)
    zhauryd = person(extraction, "Mikola Zhauryd")
    assert "Nikolai Zhavrid" in zhauryd.aliases
    assert "Nikolai Zhavrid" not in _names(extraction)
    assert "Daria Lapitskaya" in person(extraction, "Darya Lapitskaya").aliases


def test_a_bracketed_name_without_a_spelling_cue_stays_another_person(run):
    text = (
        "The blogger Timur Saidov was arrested on 3 May 2022. His lawyer (Marat Ospanov) "
        "was not allowed to see him."
    )
    names = _names(run(text))
    assert {"Timur Saidov", "Marat Ospanov"} <= names


def test_surnames_with_a_title_are_persons(run):
    text = (
        "The letter was signed by Baroness Whitcombe and Lord Ferris. Messrs Tolib Azimov "
        "and Rustam Nazarov were sentenced on 2 May 2022."
    )
    names = _names(run(text))
    assert {"Whitcombe", "Ferris", "Tolib Azimov", "Rustam Nazarov"} <= names
    assert not {n for n in names if n.startswith("Messrs")}


def test_a_committee_name_before_a_person_is_not_part_of_the_name(run):
    text = "Copy: Minister of Foreign Affairs Vladimir Kostenko\n\nDear Minister,"
    assert "Vladimir Kostenko" in _names(run(text))
