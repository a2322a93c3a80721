"""Fixtures of the store tests: a database of each supported kind, and fictional documents.

PostgreSQL runs as a private cluster started once per session from Debian's binaries; a
missing installation fails the PostgreSQL tests rather than skipping them (CI installs it).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from casetrail.domain import (
    CleanText,
    Demand,
    Document,
    Event,
    Evidence,
    Extraction,
    Extractor,
    Mention,
    OffsetMap,
    Organisation,
    PartialDate,
    PersonRecord,
    RawDocument,
    Span,
)
from casetrail.store import Store

# Debian's server binaries (15 on bookworm); the newest installed major version is used.
PG_BINS = sorted(
    Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3])
)


def _run(command: list[str | Path]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The URL of an empty database in a private PostgreSQL cluster."""
    if not PG_BINS:
        pytest.fail(
            "PostgreSQL is not installed (/usr/lib/postgresql): install the postgresql package"
        )
    pg_bin = PG_BINS[-1].parent
    # The server refuses to run as root: run it as postgres, in a folder postgres owns.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="casetrail-pg-"))
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    data, port = folder / "data", _free_port()
    # C.UTF-8: the 'simple' text search configuration folds the case of every script.
    initdb_options = ["--username=postgres", "--auth=trust", "--locale=C.UTF-8", "--no-sync"]
    server_options = (
        f"-k {folder} -p {port} -c listen_addresses=127.0.0.1"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl = [*as_postgres, pg_bin / "pg_ctl", "-D", data, "-w"]
    try:
        _run([*as_postgres, pg_bin / "initdb", "-D", data, *initdb_options])
        _run([*pg_ctl, "-l", folder / "server.log", "-o", server_options, "start"])
        try:
            with psycopg.connect(
                f"host=127.0.0.1 port={port} user=postgres", autocommit=True
            ) as db:
                db.execute("CREATE DATABASE casetrail_test")
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/casetrail_test"
        finally:
            _run([*pg_ctl, "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each supported kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/db/casetrail.db"
    url: str = request.getfixturevalue("postgres_url")
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as db:
        db.execute("DROP SCHEMA public CASCADE")
        db.execute("CREATE SCHEMA public")
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with Store.open(database_url) as opened:
        yield opened


# Fictional documents: invented people, places and events.

LETTER = """Open letter on the case of Marta Velikova
Brussels, 14 May 2019

Dear President Oskar Dalberg,

We are deeply concerned about the journalist Marta Velikova, who was arrested on
2 March 2019 in Dornhall and sentenced on 10 May 2019 to five years in prison.
Ms Velikova had reported on the strike of the Dornhall Miners' Union.

We call on you to release Marta Velikova and to drop all charges against the trade
unionist Piotr Anselm.

Yours sincerely,
Tomas Hurtig, MEP
"""


def make_document(text: str, title: str | None = None, language: str | None = "en") -> Document:
    """A document whose cleaned text joins the original's lines with spaces."""
    clean = text.replace("\n", " ")
    raw = RawDocument(
        source=f"/corpus/{title or 'untitled'}.txt",
        file_name=f"{title or 'untitled'}.txt",
        media_type="text/plain",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        size=len(text.encode()),
        text=text,
        title=title,
        encoding="utf-8",
        metadata={"author": "Test Suite"},
    )
    offsets = OffsetMap([0], [0], len(clean), len(text))
    return Document(raw, CleanText(clean, offsets), language)


def evidence(document: Document, quote: str, version: str = "1.0", occurrence: int = 0) -> Evidence:
    """The evidence of the `occurrence`-th appearance of `quote` in the original text."""
    text = document.raw.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    sentence_start = max(text.rfind(".", 0, start), text.rfind("\n\n", 0, start)) + 1
    sentence_end = text.find(".", start + len(quote)) + 1 or len(text)
    return Evidence(
        Span(start, start + len(quote)),
        quote,
        Extractor("test-extractor", version),
        Span(sentence_start, sentence_end),
    )


def letter_extraction(document: Document, version: str = "1.0") -> Extraction:
    """What an extractor of this `version` says about LETTER."""

    def at(quote: str, occurrence: int = 0) -> Evidence:
        return evidence(document, quote, version, occurrence)

    velikova = PersonRecord(
        key="p1",
        name="Marta Velikova",
        role="concern",
        mentions=[
            Mention("Marta Velikova", at("Marta Velikova")),
            Mention("Marta Velikova", at("Marta Velikova", 1)),
            Mention("Ms Velikova", at("Ms Velikova")),
        ],
        aliases=["Marta Velikowa"],
        descriptors=["journalist"],
        events=[
            Event("arrested", PartialDate(2019, 3, 2), "in Dornhall", at("arrested on\n2 March")),
            Event(
                "sentenced",
                PartialDate(2019, 5, 10),
                "five years",
                at("sentenced on 10 May 2019 to five years"),
            ),
            Event("imprisoned", PartialDate(2019), "", at("in prison"), date_from_document=True),
        ],
        person_id="marta-velikova",
    )
    anselm = PersonRecord(
        key="p2",
        name="Piotr Anselm",
        role="concern",
        mentions=[Mention("Piotr Anselm", at("Piotr Anselm"))],
        descriptors=["trade unionist"],
        events=[Event("charged", None, "charges to be dropped", at("drop all charges"))],
    )
    dalberg = PersonRecord(
        key="p3",
        name="Oskar Dalberg",
        role="addressee",
        mentions=[Mention("President Oskar Dalberg", at("President Oskar Dalberg"))],
        descriptors=["President"],
    )
    hurtig = PersonRecord(
        key="p4",
        name="Tomas Hurtig",
        role="advocate",
        mentions=[Mention("Tomas Hurtig", at("Tomas Hurtig"))],
        descriptors=["MEP"],
        person_id="tomas-hurtig",
    )
    return Extraction(
        date=PartialDate(2019, 5, 14),
        kind="letter",
        language="en",
        extractor=Extractor("test-extractor", version),
        persons=[velikova, anselm, dalberg, hurtig],
        organisations=[
            Organisation("Dornhall Miners' Union", "union", at("Dornhall Miners' Union"))
        ],
        demands=[
            Demand("release", ["p1"], at("release Marta Velikova"), ["p4"], ["p3"]),
            Demand("drop_charges", ["p2"], at("drop all charges"), ["p4"], ["p3"]),
        ],
        date_evidence=at("14 May 2019"),
    )


@pytest.fixture
def letter() -> Document:
    return make_document(LETTER, "Open letter on the case of Marta Velikova")


@pytest.fixture
def document_factory() -> Callable[..., Document]:
    return make_document


@pytest.fixture
def extract() -> Callable[[Document, str], Extraction]:
    """`extract(letter, version)`: the letter's extraction by that extractor version."""
    return letter_extraction
