"""The review commands as a user runs them: real `casetrail` processes, a real SQLite file,
fictional documents ingested in two runs."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casetrail.store import Store
from tests.review import documents

CLI = [sys.executable, "-m", "casetrail.present"]


def _environment(user: str) -> dict[str, str]:
    return {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "CASETRAIL_USER": user}


def run(
    *args: str, user: str = "tester", stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        env=_environment(user),
        stdin=stdin,
        timeout=300,
        check=False,
    )


def run_together(*commands: tuple[str, ...]) -> list[subprocess.CompletedProcess[str]]:
    """Independent commands at once (each process spends most of its time importing)."""
    started = [
        (
            command,
            subprocess.Popen(
                [*CLI, *command],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=_environment("tester"),
            ),
        )
        for command in commands
    ]
    results = []
    for command, process in started:
        stdout, stderr = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
    return results


def ok(*args: str, user: str = "tester") -> str:
    result = run(*args, user=user)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The message of a refused command: exit status 1, one clear line on stderr."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.startswith("error:")
    return " ".join(result.stderr.split())


def write(folder: Path, **texts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, "utf-8")
    return folder


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run 1: the arrest of Natalia Sokolova, the Petrov letter. Run 2: "Natalya Sokolova"
    sentenced, a statement naming "Ms Sokolova" only, Nadezhda Sokolova, the Petrov blogger.
    The database file, as the two runs leave it (copy it to change it)."""
    root = tmp_path_factory.mktemp("review")
    path = root / "ingested.db"
    db = f"sqlite:///{path}"
    first = write(
        root / "run1",
        sokolova_detained=documents.SOKOLOVA_DETAINED,
        petrov_teacher=documents.PETROV_TEACHER,
    )
    second = write(
        root / "run2",
        sokolova_sentenced=documents.SOKOLOVA_SENTENCED,
        ms_sokolova_statement=documents.MS_SOKOLOVA_STATEMENT,
        nadezhda_sokolova_news=documents.NADEZHDA_SOKOLOVA_NEWS,
        petrov_blogger=documents.PETROV_BLOGGER,
    )
    assert "2 stored" in ok("ingest", str(first), "--db", db)
    output = ok("ingest", str(second), "--db", db)
    assert "4 stored" in output and "2 pairs of persons may be one person" in output
    return path


@pytest.fixture(scope="module")
def db(ingested: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The ingested database, which this module's tests change one after the other."""
    path = tmp_path_factory.mktemp("shared") / "cases.db"
    shutil.copyfile(ingested, path)
    return f"sqlite:///{path}"


def test_one_person_across_runs_and_spellings(db: str) -> None:
    listed, table = run_together(
        ("persons", "--db", db, "--format", "json", "--name", "SOKOLOVA", "--role", "concern"),
        ("persons", "--db", db, "--name", "natalya"),
    )
    found = {p["id"]: p for p in json.loads(listed.stdout)}
    assert set(found) == {"natalia-sokolova", "sokolova", "nadezhda-sokolova"}
    natalia = found["natalia-sokolova"]
    assert {s["spelling"] for s in natalia["spellings"]} == {"Natalia Sokolova", "Natalya Sokolova"}
    assert natalia["documents"] == 2 and natalia["roles"] == ["concern"]
    assert table.returncode == 0, table.stderr
    assert "natalia-sokolova" in table.stdout and "Natalya Sokolova" in table.stdout
    assert "1 person" in table.stdout


def test_review_lists_pairs_with_evidence(db: str) -> None:
    as_json, as_text = run_together(
        ("review", "--list", "--format", "json", "--db", db),
        ("review", "--db", db, "--limit", "1"),
    )
    listed = json.loads(as_json.stdout)
    assert listed["total"] == 2 and len(listed["pairs"]) == 2
    for pair in listed["pairs"]:
        assert 0.45 <= pair["score"] < 0.7
        features = {item["feature"]: item for item in pair["explanation"]}
        assert features["family_name"] == {"feature": "family_name", "value": 1.0, "weight": 0.5}
        for side in (pair["left"], pair["right"]):
            assert len(side["evidence"]) == side["documents"]  # one sentence per document
            for evidence in side["evidence"]:
                assert evidence["quote"] in evidence["sentence"] and evidence["title"]
                assert evidence["date"] is None or evidence["date"].startswith("2024")
        assert pair["judge"].startswith(f"casetrail judge {pair['left']['id']} ")
    ids = {frozenset((p["left"]["id"], p["right"]["id"])) for p in listed["pairs"]}
    assert ids == {
        frozenset(("natalia-sokolova", "sokolova")),
        frozenset(("sokolova", "nadezhda-sokolova")),
    }
    # Not a terminal: the pairs are printed with the command that answers them.
    printed = as_text.stdout
    assert "Pair 1 of 2" in printed and "family_name" in printed and "+0.50" in printed
    assert "casetrail judge" in printed and "Ms Sokolova" in printed


def test_judge_is_transitive_refuses_contradictions_and_can_be_undone(db: str) -> None:
    out = ok("judge", "natalia-sokolova", "nadezhda-sokolova", "different", "--db", db)
    assert "natalia-sokolova different nadezhda-sokolova" in out
    out = ok("merge", "sokolova", "natalia-sokolova", "--db", db, user="alice")
    assert "sokolova merged into natalia-sokolova" in out
    merge_id = re.search(r"#(\d+)", out).group(1)  # type: ignore[union-attr]
    listed = json.loads(ok("review", "--list", "--format", "json", "--db", db))
    assert listed["pairs"] == []  # sokolova = natalia != nadezhda: nothing left to ask

    message = refused(run("judge", "sokolova", "nadezhda-sokolova", "same", "--db", db))
    assert "sokolova (now natalia-sokolova) same nadezhda-sokolova contradicts" in message
    assert "natalia-sokolova different nadezhda-sokolova (tester" in message
    assert "natalia-sokolova same sokolova (alice" in message

    assert "Undid the merge by alice" in ok("undo", merge_id, "--db", db, user="bob")
    judgements, history = (
        json.loads(result.stdout)
        for result in run_together(
            ("judgements", "--all", "--db", db, "--format", "json"),
            ("history", "--db", db, "--format", "json"),
        )
    )
    assert [(j["judgement"], j["user"], j["via"], j["deleted_by"]) for j in judgements] == [
        ("different", "tester", "judge", None),
        ("same", "alice", "merge", "bob"),
    ]
    assert judgements[1]["right_now"] == "sokolova"  # no longer redirected
    assert [(a["action"], a["user"]) for a in history] == [
        ("judge", "tester"),
        ("merge", "alice"),
        ("undo", "bob"),
    ]
    assert all(a["created_at"] for a in history) and history[2]["undoes"] == history[1]["id"]


def test_split_prints_the_new_ids(db: str) -> None:
    out = ok("split", "ivan-petrov", "--by", "document", "--db", db)
    assert "ivan-petrov-2" in out and "undoes the split" in out
    with Store.open(db) as store:
        found = {p.id for p in store.persons() if "Ivan Petrov" in p.spellings}
    assert found == {"ivan-petrov", "ivan-petrov-2"}
    assert "one spelling only" in refused(run("split", "ivan-petrov", "--db", db))


def test_clear_errors(db: str) -> None:
    unknown, no_judgement, bad_answer, bad_role, same_again = run_together(
        ("merge", "nobody", "ivan-petrov", "--db", db),
        ("undo", "999", "--db", db),
        ("judge", "ivan-petrov", "arkady-belov", "perhaps", "--db", db),
        ("persons", "--role", "victim", "--db", db),
        ("judge", "arkady-belov", "arkady-belov", "same", "--db", db),
    )
    assert "no person with id 'nobody'" in refused(unknown)
    assert "no judgement #999" in refused(no_judgement)
    assert bad_answer.returncode == 2 and "Traceback" not in bad_answer.stderr
    assert bad_role.returncode == 2 and "--role must be one of" in bad_role.stderr
    assert same_again.returncode == 0 and "already one person" in same_again.stderr


def test_help_has_examples() -> None:
    commands = ["review", "judge", "judgements", "undo", "merge", "split", "persons", "history"]
    for command, result in zip(
        commands, run_together(*((command, "--help") for command in commands)), strict=True
    ):
        assert result.returncode == 0 and "--db" in result.stdout, command
        assert "Example" in result.stdout and f"casetrail {command}" in result.stdout, command


def test_review_asks_in_a_terminal(ingested: Path, tmp_path: Path) -> None:
    shutil.copyfile(ingested, tmp_path / "cases.db")
    db = f"sqlite:///{tmp_path / 'cases.db'}"
    main, terminal = pty.openpty()
    try:
        # Pair 1 (natalia-sokolova, sokolova): same; pair 2 (sokolova, nadezhda): different.
        os.write(main, b"s\nd\n")
        result = run("review", "--db", db, "--user", "alice", stdin=terminal)
    finally:
        os.close(terminal)
        os.close(main)
    assert result.returncode == 0, result.stderr
    assert "Pair 1 of 2" in result.stdout and "Pair 2 of 2" in result.stdout
    assert "1 same, 1 different" in result.stdout
    with Store.open(db) as store:
        judgements = store.judgements()
    assert [(j.judgement, j.user, j.action) for j in judgements] == [
        ("same", "alice", "review"),
        ("different", "alice", "review"),
    ]
