"""Render the command line's output on the bundled samples as SVG screenshots in docs/.

.venv/bin/python docs/screenshots.py     (or: make docs)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
SAMPLES = "samples/documents"


def shoot(name: str, title: str, *args: str) -> None:
    env = {**os.environ, "COLUMNS": "120", "FORCE_COLOR": "1", "TERM": "xterm-256color"}
    result = subprocess.run(
        [sys.executable, "-m", "casetrail.present", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    console = Console(record=True, width=120, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(Text.from_ansi(f"$ casetrail {' '.join(args)}\n" + result.stdout))
    console.save_svg(str(DOCS / f"{name}.svg"), title=title)
    print(f"wrote docs/{name}.svg")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'cases.db'}"
        shoot("ingest", "casetrail ingest", "ingest", SAMPLES, "--db", db)
        shoot("documents", "casetrail documents", "documents", "--db", db)
        shoot("search", "casetrail search", "search", "parole", "--db", db, "--limit", "3")
    shoot("extract", "casetrail extract", "extract", f"{SAMPLES}/kz_mep_letter_president_2020.txt")


if __name__ == "__main__":
    main()
