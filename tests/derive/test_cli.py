"""The case commands as a user runs them, on the samples; errors are one line, never a trace."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from casetrail.present.cli import app
from tests.derive.builders import ROOT, ingest

DATA = ROOT / "tests" / "data"

COMMANDS = ["status", "alerts", "person", "advocacy", "annex", "dossier", "export", "import"]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "--db" in result.stdout


def test_status_as_json(samples_url: str) -> None:
    result = run("status", "--as-of", "2021-11-01", "--format", "json", "--db", samples_url)
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert all(set(item) >= {"id", "name", "status", "since", "evidence"} for item in listed)
    dead = [item for item in listed if item["status"] == "deceased"]
    assert dead and all(item["since"] for item in dead)
    evidence = dead[0]["evidence"][0]
    assert set(evidence) == {"document", "start", "end", "quote", "low_confidence_ocr"}
    assert evidence["quote"] and evidence["low_confidence_ocr"] is False  # a text, not a scan


def test_status_table_alerts_person_and_advocacy(samples_url: str) -> None:
    assert "persons of concern" in run("status", "--db", samples_url).stdout
    alerts = run("alerts", "--months", "6", "--as-of", "2024-01-01", "--db", samples_url)
    assert alerts.exit_code == 0 and "death_in_custody" in alerts.stdout
    person = run("person", "mikalai hrynkevich", "--db", samples_url)
    assert person.exit_code == 0, person.output
    assert "deceased since" in person.stdout and "Timeline" in person.stdout
    advocacy = run("advocacy", "Daulet Nurlanov", "--db", samples_url)
    assert advocacy.exit_code == 0 and "Interventions for" in advocacy.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["person", "Nobody At All"], "error: no person is called 'Nobody At All'"),
        (["status", "--as-of", "2021-13-01"], "error: --as-of must be a day as YYYY-MM-DD"),
        (["status", "--format", "xml"], "error: --format must be one of table, json"),
        (["dossier", "mikalai-hrynkevich", "--format", "pdf"], "error: PDF output needs --output"),
        (["annex", "zzz-nobody"], "error: no person is called"),
    ],
)
def test_errors_are_one_clear_line(samples_url: str, args: list[str], message: str) -> None:
    result = run(*args, "--db", samples_url)
    assert result.exit_code == 2
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_a_database_that_cannot_open(tmp_path) -> None:
    result = run("status", "--db", "mysql://nowhere/db")
    assert result.exit_code == 2 and "unsupported database" in result.stderr


@pytest.fixture(scope="module")
def letter_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The letter of issue 14 (a fictional person), ingested through the real pipeline."""
    url = f"sqlite:///{tmp_path_factory.mktemp('letter') / 'cases.db'}"
    ingest([DATA / "documents" / "en_letter_sentence_colony.txt"], url)
    return url


def test_the_person_as_json_with_the_case_facts(letter_url: str) -> None:
    result = run("person", "Timur Zhaksybekov", "--format", "json", "--db", letter_url)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    [charge] = found["charges"]
    assert (charge["article"], charge["part"], charge["code"], charge["date"]) == (
        "174",
        "1",
        "criminal",
        "2021-01-12",
    )
    assert charge["evidence"]["quote"].startswith("Article 174, part 1")
    [sentence] = found["sentences"]
    assert {k: sentence[k] for k in ("date", "term_months", "regime", "court", "judge")} == {
        "date": "2021-01-12",
        "term_months": 48,
        "regime": "general",
        "court": "Almaty District Court",
        "judge": None,
    }
    [held] = found["detention"]
    assert (held["place"], held["evidence"]["quote"]) == ("penal colony UG-157/11",) * 2
    expected = found["expected_release"]
    assert (expected["date"], expected["basis"], expected["estimate"]) == (
        "2025-01",
        "verdict",
        True,
    )


def test_due_for_release_is_listed_once_the_term_has_passed(letter_url: str) -> None:
    def due(as_of: str) -> list[dict]:
        result = run("alerts", "--as-of", as_of, "--format", "json", "--db", letter_url)
        assert result.exit_code == 0, result.output
        return [a for a in json.loads(result.stdout) if a["kind"] == "due_for_release"]

    assert due("2024-12-31") == []
    [alert] = due("2025-06-01")
    assert alert["person"] == "timur-zhaksybekov" and "2025-01" in alert["message"]


def test_the_status_table_filters_and_sorts_by_case(letter_url: str) -> None:
    def listed(*args: str) -> list[dict]:
        result = run("status", "--format", "json", "--db", letter_url, *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    [found] = listed("--article", "174", "--release-in", "2025", "--sort", "expected_release")
    assert found["case"] == {
        "article": "174.1",
        "term": "4 years",
        "regime": "general",
        "place": "penal colony UG-157/11",
        "expected_release": "2025-01",
    }
    assert listed("--article", "405") == [] and listed("--release-in", "2024") == []
    table = run("status", "--db", letter_url).stdout
    assert "expected release" in table and "UG-157/11" in table
    assert run("status", "--sort", "colour", "--db", letter_url).exit_code != 0
