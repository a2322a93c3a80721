"""Exports, import and reports from the command line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner, Result

from casetrail.present.cli import app


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})


def test_export_and_import(samples_url: str, tmp_path: Path) -> None:
    csv = run("export", "--format", "csv", "--output", str(tmp_path / "csv"), "--db", samples_url)
    assert csv.exit_code == 0, csv.output
    assert (tmp_path / "csv" / "events.csv").is_file()
    ftm = run(
        "export", "--format", "ftm", "-o", str(tmp_path / "cases.ftm.json"), "--db", samples_url
    )
    assert ftm.exit_code == 0 and "entities" in ftm.stderr
    jsonl = tmp_path / "cases.jsonl"
    assert run("export", "--format", "jsonl", "-o", str(jsonl), "--db", samples_url).exit_code == 0
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    imported = run("import", str(jsonl), "--db", copy)
    assert imported.exit_code == 0 and "10 documents imported" in imported.stdout
    again = run("import", str(jsonl), "--db", copy)
    assert again.exit_code == 2 and "needs an empty database" in again.stderr
    missing = run(
        "import", str(tmp_path / "nothing.jsonl"), "--db", f"sqlite:///{tmp_path / 'x.db'}"
    )
    assert missing.exit_code == 2 and "nothing.jsonl" in missing.stderr


def test_annex_and_dossier_files(samples_url: str, tmp_path: Path) -> None:
    for name, args in {
        "annex.html": ["annex", "Daulet Nurlanov", "mikalai-hrynkevich", "--format", "html"],
        "annex.pdf": ["annex", "Daulet Nurlanov", "--format", "pdf"],
        "dossier.md": ["dossier", "Mikalai Hrynkevich"],
    }.items():
        result = run(*args, "--output", str(tmp_path / name), "--db", samples_url)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "annex.pdf").read_bytes().startswith(b"%PDF")
    assert "Nurlanov" in (tmp_path / "annex.html").read_text("utf-8")
    dossier = (tmp_path / "dossier.md").read_text("utf-8")
    assert "## Timeline" in dossier and "deceased since" in dossier
    printed = run("annex", "mikalai-hrynkevich", "--db", samples_url)
    assert printed.exit_code == 0 and printed.stdout.startswith("# Annex")


def test_bad_export_requests(samples_url: str, tmp_path: Path) -> None:
    result = run("export", "--format", "xls", "-o", str(tmp_path), "--db", samples_url)
    assert result.exit_code == 2 and "--format must be one of csv, jsonl, ftm" in result.stderr
    (tmp_path / "file").write_text("")
    result = run("export", "--format", "csv", "-o", str(tmp_path / "file"), "--db", samples_url)
    assert result.exit_code == 2 and result.stderr.startswith("error:")
