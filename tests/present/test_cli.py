"""The `casetrail` command as a user runs it: a real process, a real SQLite file."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from casetrail.store import Store, read_model
from casetrail.store.aggregates import refresh_advocacy, refresh_facets

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples" / "documents"
CLI = [sys.executable, "-m", "casetrail.present"]


def run(
    *args: str, cwd: Path | None = None, stdin: str | None = None, columns: str | None = "200"
) -> subprocess.CompletedProcess:
    """The command in a process of its own; `columns=None` leaves the width to casetrail."""
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    env |= {"NO_COLOR": "1"} | ({"COLUMNS": columns} if columns else {})
    return subprocess.run(
        [*CLI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('db') / 'cases.db'}"
    result = run("ingest", str(SAMPLES), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "10 stored" in result.stdout
    return db


def test_ingest_derives_the_statuses_it_made_stale(demo_db):
    with Store.open(demo_db) as store:
        assert read_model.stale_statuses(store, claimed=True) == []
        assert read_model.stale_statuses(store, unmarked=True) == []
        # Its advocacy and search facets too: nothing is left for the pages to count.
        assert refresh_advocacy(store) == 0 and refresh_facets(store) == 0
        assert read_model.stale_statuses(store) == []


def test_ingest_is_idempotent(demo_db):
    again = run("ingest", str(SAMPLES), "--db", demo_db)
    assert again.returncode == 0, again.stderr
    assert "0 stored, 10 already up to date" in again.stdout


def test_documents_lists_what_is_stored(demo_db):
    result = run("documents", "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert "10 documents" in result.stdout
    assert "Kazakh trade unionist Daulet Nurlanov freed on parole" in result.stdout


def test_search_highlights_matches(demo_db):
    result = run("search", "parole", "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert "parole" in result.stdout.lower()
    missing = run("search", "zzzzqqqq", "--db", demo_db)
    assert missing.returncode == 0
    assert "No document matches" in missing.stdout


def test_search_finds_a_person_in_any_spelling_or_the_literal_words(demo_db):
    result = run("search", "Sosnovskaya", "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert "Taken to mean Palina Sasnouskaya (palina-sasnouskaya): 3 documents" in result.stdout
    assert "--literal" in result.stdout
    # Each document in the spelling it uses.
    for spelling in ("Palina Sasnouskaya", "Полины Сосновской", "SASNOUSKAYA Palina"):
        assert spelling in result.stdout
    literal = run("search", "Sosnovskaya", "--literal", "--db", demo_db)
    assert literal.returncode == 0, literal.stderr
    assert "No document matches" in literal.stdout
    # The words, in any case form: the Russian statement's genitive.
    russian = run("search", "Сосновская", "--literal", "--db", demo_db)
    assert "Полины Сосновской" in russian.stdout and "Taken to mean" not in russian.stdout


def test_extract_prints_the_contract(tmp_path):
    result = run("extract", str(SAMPLES), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 10
    for doc in lines:
        assert set(doc) == {"document", "date", "kind", "language", "persons"}
        for person in doc["persons"]:
            assert {"id", "name", "role", "events"} <= set(person)


def test_bad_files_are_reported_and_skipped(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (folder / "good.txt").write_text(
        "The journalist Marat Iskakov was arrested in Almaty on 2 March 2020.", "utf-8"
    )
    db = f"sqlite:///{tmp_path / 'cases.db'}"
    result = run("ingest", str(folder), "--db", db)
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "broken.pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert "1 stored" in result.stdout
    listed = run("documents", "--db", db)
    assert "good.txt" in listed.stdout


def test_clear_errors_without_tracebacks(tmp_path):
    missing = run("ingest", str(tmp_path / "nowhere"), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert missing.returncode == 2
    assert "nowhere" in missing.stderr and "Traceback" not in missing.stderr
    bad_db = run("documents", "--db", "nosuchdialect://x")
    assert bad_db.returncode == 2
    assert "error:" in bad_db.stderr and "Traceback" not in bad_db.stderr
    bad_format = run("extract", str(SAMPLES), "--format", "xml")
    assert bad_format.returncode == 2


@pytest.mark.parametrize("command", ["ingest", "documents", "search", "extract"])
def test_help_teaches_each_command(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert ("Usage" in result.stdout and "--db" in result.stdout) or command == "extract"


def test_ingest_and_export_are_audited(demo_db, tmp_path):
    from casetrail.store import Store
    from casetrail.store.accounts import audit_log

    exported = run(
        "export", "--format", "jsonl", "--output", str(tmp_path / "c.jsonl"), "--db", demo_db
    )
    assert exported.returncode == 0, exported.stderr
    with Store.open(demo_db) as store:
        _, entries = audit_log(store, limit=100)
    by_action = {entry.action: entry for entry in entries}
    assert by_action["export"].target == "format:jsonl"
    assert by_action["export"].user.startswith("cli:")
    assert len(by_action["ingest"].detail["documents"]) == 10


@pytest.mark.parametrize(
    "command", [["documents"], ["search", "parole"], ["persons"], ["status"], ["user", "list"]]
)
def test_a_missing_database_is_an_error_not_an_empty_one(tmp_path, command):
    path = tmp_path / "typo.db"
    result = run(*command, "--db", f"sqlite:///{path}")
    assert result.returncode == 2
    assert "no database at" in result.stderr
    assert "casetrail ingest" in result.stderr
    assert not path.exists()


def test_ingest_and_user_add_create_the_database(tmp_path):
    path = tmp_path / "new.db"
    added = run("user", "add", "amina", "--db", f"sqlite:///{path}", stdin="a-long-password\n")
    assert added.returncode == 0, added.stderr
    assert path.exists()


def test_tables_off_a_terminal_are_not_cut_to_80_columns(demo_db):
    result = run("documents", "--db", demo_db, columns=None)
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) > 80
    # every date stands whole on its row
    assert re.search(r"│ \d+\s+│ \d{4}-\d{2}-\d{2} │", result.stdout)
