"""The README's examples, run exactly as written, in order, after what `make demo` does.

Every ```sh block after the quick start is run line by line in a scratch folder that holds the
checkout's `.venv` and `samples` (so relative paths work as in the checkout); a command that
fails, or answers nothing, fails the test, so the README cannot drift from the program again.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PASSWORD = "readme-example-password"
# What a command prints when it found nothing: the README must show answers, not these.
EMPTY_ANSWERS = re.compile(
    r"No persons match|No document matches|No documents yet|no person is called|^\[\]$|"
    r"No persons yet|No alerts",
    re.MULTILINE,
)


def readme_commands() -> list[str]:
    """The command lines of the README's sh blocks, the quick start's (make) excepted."""
    blocks = re.findall(r"^```sh\n(.*?)^```", README.read_text(encoding="utf-8"), re.S | re.M)
    lines = [line.strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith(("#", "make "))]


def demo_db() -> str:
    """The database `make demo` fills, as its Makefile says."""
    match = re.search(r"^DEMO_DB \?= (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    assert match, "the Makefile names no DEMO_DB"
    return match.group(1)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like the checkout after `make demo` (before it serves)."""
    cli = ROOT / ".venv" / "bin" / "casetrail"
    assert cli.exists(), "the README's commands need `make install` first (.venv/bin/casetrail)"
    folder = tmp_path_factory.mktemp("readme")
    (folder / ".venv").symlink_to(ROOT / ".venv")
    (folder / "samples").symlink_to(ROOT / "samples")
    ingested = run_line(f".venv/bin/casetrail ingest samples/documents/ --db {demo_db()}", folder)
    assert ingested.returncode == 0, ingested.stderr
    return folder


def run_line(line: str, cwd: Path, exports: str = "") -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "CASETRAIL_DB"}
    return subprocess.run(
        ["bash", "-c", f"{exports}{line}"],
        cwd=cwd,
        input=PASSWORD + "\n",  # `user add` reads the password from standard input
        capture_output=True,
        text=True,
        timeout=300,
        env=env | {"COLUMNS": "160", "NO_COLOR": "1"},
        check=False,
    )


def serve_and_log_in(line: str, cwd: Path, exports: str) -> None:
    """`serve` runs until stopped: it must answer, and the README's user must log in."""
    port = re.search(r"--port (\d+)", line)
    url = f"http://127.0.0.1:{port.group(1) if port else 8000}"
    process = subprocess.Popen(
        ["bash", "-c", f"{exports}exec {line}"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"{line!r} exited: {process.stdout.read()}"
            try:
                if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"{line!r} did not answer within 60 s"
            time.sleep(0.3)
        user = next(
            re.search(r"user add (\S+)", other).group(1)
            for other in readme_commands()
            if "user add" in other
        )
        answer = httpx.post(
            f"{url}/api/v1/session", json={"name": user, "password": PASSWORD}, timeout=30
        )
        assert answer.status_code == 201, answer.text
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_readme_has_the_examples_it_should():
    commands = readme_commands()
    assert any(line.startswith("export CASETRAIL_DB=") for line in commands)
    assert any(" serve" in line for line in commands)
    assert len(commands) >= 12


def test_readme_examples_run_as_written(workdir: Path):
    exports = ""
    for line in readme_commands():
        if line.startswith("export "):
            exports += line.split("#", 1)[0].strip() + "; "
            assert demo_db() in line, "the README must use the database `make demo` fills"
            continue
        if re.search(r"casetrail serve\b", line):
            serve_and_log_in(line, workdir, exports)
            continue
        result = run_line(line, workdir, exports)
        assert result.returncode == 0, f"{line!r} failed:\n{result.stdout}\n{result.stderr}"
        assert (result.stdout + result.stderr).strip(), f"{line!r} printed nothing"
        assert not EMPTY_ANSWERS.search(result.stdout), f"{line!r} found nothing:\n{result.stdout}"
    assert (workdir / "annex.html").stat().st_size > 0
    assert (workdir / "cases.ftm.json").stat().st_size > 0
