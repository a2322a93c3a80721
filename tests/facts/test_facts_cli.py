"""Checking facts from the command line, on the seed documents: reject a false release, keep
the rejection across re-extraction, and add the release back by hand from a source note."""

import json
import shutil
from pathlib import Path

import pytest

from tests.derive.builders import SEEDS
from tests.present.test_cli import run

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not here")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeded") / "cases.db"
    result = run("ingest", str(SEEDS), "--db", f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> str:
    """The seeds ingested, in a copy of the database of each test's own."""
    shutil.copyfile(seeded, tmp_path / "cases.db")
    return f"sqlite:///{tmp_path / 'cases.db'}"


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def sokolova(db: str) -> dict:
    listed = json.loads(ok("status", "--as-of", "2012-04-01", "--format", "json", "--db", db))
    [found] = [person for person in listed if person["id"] == "natalia-sokolova"]
    return found


def all_facts(db: str, name: str = "Natalia Sokolova") -> list[dict]:
    return json.loads(ok("facts", name, "--format", "json", "--db", db))


def facts(db: str) -> list[dict]:
    """Her events."""
    return [fact for fact in all_facts(db) if fact["fact"] == "event"]


def test_a_rejected_release_stays_rejected_and_a_manual_one_counts_with_its_source(db):
    assert sokolova(db)["status"] == "released"
    [released] = [fact for fact in facts(db) if fact["type"] == "released"]
    assert released["state"] == "extracted" and released["quote"] == "set free"

    said = ok("fact", str(released["id"]), "reject", "--reason", "no release", "--user", "amina",
              "--db", db)  # fmt: skip
    assert "rejected by amina" in said
    assert sokolova(db)["status"] == "imprisoned"
    [rejected] = [fact for fact in facts(db) if fact["id"] == released["id"]]
    assert rejected["state"] == "rejected"
    assert rejected["reviews"][0]["user"] == "amina"
    assert rejected["reviews"][0]["reason"] == "no release"

    reextracted = ok("reextract", "--db", db)
    assert "5 documents re-extracted, 0 failed" in reextracted
    assert "no longer found" not in reextracted
    assert sokolova(db)["status"] == "imprisoned"
    # One release, still the rejected one: the new extraction's twin gave way to it.
    assert [(f["id"], f["state"]) for f in facts(db) if f["type"] == "released"] == [
        (released["id"], "rejected")
    ]

    ok("add-event", "Natalia Sokolova", "released", "--date", "2012-03-09",
       "--source", "court record", "--db", db)  # fmt: skip
    found = sokolova(db)
    assert (found["status"], found["since"]) == ("released", "2012-03-09")
    assert [evidence["quote"] for evidence in found["evidence"]] == ["court record"]
    [manual] = [fact for fact in facts(db) if fact["state"] == "manual"]
    assert manual["document"]["kind"] == "note" and manual["quote"] == "court record"

    # A note is never re-extracted, and resolution keeps its record with the person.
    ok("reextract", "--db", db)
    found = sokolova(db)
    assert found["status"] == "released"
    assert [evidence["quote"] for evidence in found["evidence"]] == ["court record"]


def test_a_correction_is_shown_and_survives_reextraction(db):
    [released] = [fact for fact in facts(db) if fact["type"] == "released"]
    ok("fact", str(released["id"]), "correct", "--date", "unknown", "--reason", "the letter "
       "gives no day", "--user", "amina", "--db", db)  # fmt: skip
    ok("reextract", "--db", db)
    [corrected] = [fact for fact in facts(db) if fact["id"] == released["id"]]
    assert corrected["state"] == "corrected" and corrected["date"] is None
    assert corrected["reviews"][-1]["text"].startswith(
        "corrected: date 2012-03-09 → unknown by amina on "
    )


def test_clear_errors(db):
    for args, message in (
        (("fact", "999999", "confirm"), "no event with id 999999"),
        (("fact", "1", "correct", "--reason", "x"), "a correction"),
        (("fact", "1", "confirm", "--date", "2020"), "--type and --date go with correct"),
        (("add-event", "Natalia Sokolova", "freed", "--source", "x"), "an event type is one of"),
        (("add-event", "Nobody Atall", "released", "--source", "x"), "no person is called"),
        (("add-event", "Natalia Sokolova", "released", "--source", " "), "needs its source"),
    ):
        result = run(*args, "--db", db)
        assert result.returncode == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_the_queue_puts_the_facts_deciding_a_status_first(db):
    queue = json.loads(ok("queue", "--as-of", "2012-04-01", "--format", "json", "--db", db))
    priorities = [item["priority"] for item in queue]
    assert priorities == sorted(priorities) and priorities[0] == 0
    assert queue[0]["event"]["type"] in ("died", "released", "acquitted", "sentenced")
    ok("fact", str(queue[0]["event"]["id"]), "confirm", "--db", db)
    again = json.loads(ok("queue", "--as-of", "2012-04-01", "--format", "json", "--db", db))
    assert queue[0]["fact_id"] not in [item["fact_id"] for item in again]


def test_a_person_added_by_hand_is_a_person_of_concern(db):
    said = ok("add-person", "Ilya Brask", "--source", "lawyer's call", "--db", db)
    assert "added person ilya-brask" in said
    ok("add-event", "ilya-brask", "arrested", "--date", "2024-05-02", "--source", "lawyer's call",
       "--url", "https://example.org/brask", "--db", db)  # fmt: skip
    listed = json.loads(ok("status", "--as-of", "2024-06-01", "--format", "json", "--db", db))
    [brask] = [person for person in listed if person["id"] == "ilya-brask"]
    assert brask["status"] == "imprisoned"


def test_each_command_teaches_with_an_example():
    for command in ("facts", "fact", "queue", "add-event", "add-person", "reextract"):
        assert "Example" in ok(command, "--help"), command


def sokolova_on(db: str, day: str) -> dict | None:
    listed = json.loads(ok("status", "--as-of", day, "--format", "json", "--db", db))
    return next((person for person in listed if person["id"] == "natalia-sokolova"), None)


def test_roles_demands_and_document_dates_and_kinds_are_facts_to_review(db):
    listed = all_facts(db)
    kinds = {fact["fact"] for fact in listed}
    assert kinds == {"event", "role", "demand", "document-date", "document-kind"}
    assert all(fact["fact_id"].startswith(fact["fact"] + ":") for fact in listed)
    [released] = [fact for fact in listed if fact.get("type") == "released"]
    ok("fact", str(released["id"]), "reject", "--db", db)
    # The letter of 20 March 2012 says she is "in jail": so she is as of its date.
    letter = released["document"]["id"]
    assert sokolova_on(db, "2012-04-01")["last_confirmed"] == "2012-03-20"
    said = ok("fact", f"document-date:{letter}", "correct", "--date", "2012-06-20", "--reason",
              "the postmark", "--user", "amina", "--db", db)  # fmt: skip
    assert "corrected: date 2012-03-20 → 2012-06-20 by amina" in said
    assert sokolova_on(db, "2012-04-01")["last_confirmed"] != "2012-03-20"
    assert sokolova_on(db, "2012-07-01")["last_confirmed"] == "2012-06-20"

    [demand, *_] = [fact for fact in listed if fact["fact"] == "demand"]
    ok("fact", demand["fact_id"], "reject", "--reason", "a general appeal", "--db", db)
    ok("fact", f"document-kind:{letter}", "correct", "--type", "statement", "--reason", "x",
       "--db", db)  # fmt: skip
    roles = [fact for fact in listed if fact["fact"] == "role" and fact["value"] == "concern"]
    for role in roles:
        ok("fact", role["fact_id"], "reject", "--reason", "named only", "--db", db)
    # No document presents her as a person of concern any more.
    assert sokolova_on(db, "2012-04-01") is None

    reextracted = ok("reextract", "--db", db)
    assert "no longer found" not in reextracted
    again = {fact["fact_id"]: fact for fact in all_facts(db)}
    assert again[f"document-date:{letter}"]["value"] == "2012-06-20"
    assert again[f"document-date:{letter}"]["state"] == "corrected"
    assert again[f"document-kind:{letter}"]["value"] == "statement"
    assert again[demand["fact_id"]]["state"] == "rejected"
    assert [again[role["fact_id"]]["state"] for role in roles] == ["rejected"] * len(roles)
    assert again[roles[0]["fact_id"]]["reviews"][0]["text"].startswith(
        "rejected: role concern → other by "
    )
    assert sokolova_on(db, "2012-04-01") is None
    ok("fact", roles[0]["fact_id"], "confirm", "--reason", "she is", "--db", db)
    assert sokolova_on(db, "2012-04-01") is not None


def test_clear_errors_on_other_facts(db):
    for args, message in (
        (("fact", "person:3", "confirm"), "a fact id is KIND:NUMBER"),
        (("fact", "role:999999", "confirm"), "no fact role:999999"),
        (("fact", "document-kind:1", "correct", "--type", "note", "--reason", "x"), "a kind is"),
        (("fact", "role:1", "correct", "--date", "2020", "--reason", "x"), "no date to correct"),
        (("fact", "document-date:1", "correct", "--type", "news", "--reason", "x"), "with a date"),
        (("fact", "document-date:1", "correct", "--date", "2020"), "needs a reason"),
    ):
        result = run(*args, "--db", db)
        assert result.returncode == 2, args
        assert message in result.stderr and "Traceback" not in result.stderr, result.stderr
