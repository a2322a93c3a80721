"""`casetrail backup` and `casetrail restore` on the command line: clear lines, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from casetrail.store import Store
from casetrail.store.accounts import users


def casetrail(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casetrail.present", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_then_restore_into_a_new_database(tmp_path: Path) -> None:
    source, target = f"sqlite:///{tmp_path}/cases.db", f"sqlite:///{tmp_path}/restored.db"
    added = casetrail("user", "add", "amina", "--db", source, stdin="a-long-password\n")
    assert added.returncode == 0, added.stderr
    file = tmp_path / "cases.backup"

    done = casetrail("backup", str(file), "--db", source)
    assert done.returncode == 0, done.stderr
    assert "backed up 0 documents, 0 persons, 1 users" in done.stdout
    again = casetrail("backup", str(file), "--db", source)
    assert again.returncode == 2 and "--force" in again.stderr

    done = casetrail("restore", str(file), "--db", target)
    assert done.returncode == 0, done.stderr
    assert "row counts match the manifest" in done.stdout
    with Store.open(target) as restored:
        assert [user.name for user in users(restored)] == ["amina"]
    again = casetrail("restore", str(file), "--db", target)
    assert again.returncode == 2 and "holds data" in again.stderr
    assert "Traceback" not in again.stderr

    missing = casetrail("backup", str(tmp_path / "x.backup"), "--db", f"sqlite:///{tmp_path}/no.db")
    assert missing.returncode == 2 and "no database at" in missing.stderr
