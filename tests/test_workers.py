"""Local worker processes (`casetrail.workers`): while this process loads the models, the
head start's helpers read and recognise files; whatever they leave, the workers' results are
those of one process. Fictional persons only (tests/data)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from casetrail import pipeline, workers
from casetrail.read import DEFAULT_MAX_BYTES

DATA = Path(__file__).parent / "data"
FILES = pipeline.list_files([DATA / "documents", DATA / "multilingual"])


def test_worker_processes_give_what_one_process_gives() -> None:
    """Every language, read errors and all: the same documents and extractions, in order."""
    assert list(pipeline.process(FILES, workers=2)) == list(pipeline.process(FILES))


def _taken(head_start: workers.HeadStart, count: int) -> None:
    deadline = time.monotonic() + 300
    while head_start._taken.value < count:
        assert time.monotonic() < deadline, "the helpers took too few files in 5 minutes"
        time.sleep(0.05)


def test_what_a_helper_recognised_is_extracted_as_if_it_had_not() -> None:
    files = FILES[::8]  # English, German, French, Russian...
    with workers.HeadStart(files, DEFAULT_MAX_BYTES, helpers=2) as head_start:
        _taken(head_start, len(files))  # nothing left to the workers
        assert head_start.stop() == set(range(len(files)))
        for index, path in enumerate(files):
            read = head_start.result(index, wait=True)
            assert read is not None
            assert read.processed.document is not None and read.processed.extraction is None
            finished = pipeline.extract_document(path, read.processed.document, read.entities)
            assert finished == pipeline.process_file(path)


def test_the_file_of_a_helper_that_died_is_left_to_the_workers(monkeypatch) -> None:
    def die(document: object) -> None:
        os._exit(1)

    monkeypatch.setattr(workers, "recognise", die)  # in the helper, forked after this
    with workers.HeadStart(FILES[:4], DEFAULT_MAX_BYTES, helpers=1) as head_start:
        _taken(head_start, 1)
        (taken,) = head_start.stop()
        assert head_start.result(taken, wait=True) is None  # `process_in_workers` extracts it
