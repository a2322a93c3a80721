"""The case commands as a user runs them, on the samples; errors are one line, never a trace."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from casetrail.present.cli import app

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
    assert set(evidence) == {"document", "start", "end", "quote"} and evidence["quote"]


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
