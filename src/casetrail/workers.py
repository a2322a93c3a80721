"""Read, clean and extract in local worker processes (`casetrail ingest --workers N`).

Before it extracts its first document a process needs rigour's name tables (~6.5 s of CPU,
built in Rust while holding the interpreter, so nothing else runs in that process
meanwhile) and spaCy's models (~2 s). This process loads both once and forks the workers,
which share them. While it loads, the other cores would idle: so first it forks
`workers - 1` head-start helpers, which read the first files and run the entity recogniser
over them (`extract.recognise`: more than half of the work of extraction, and it needs no
name tables); the workers then only finish those files.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path

from casetrail import pipeline
from casetrail.extract import Analysis, recognise
from casetrail.resolve import load_name_symbols

# Files the helpers take at most: their results wait in memory until the models are loaded
# (~200 letters fit in that time on a quiet 2-core machine).
HEAD_START_LIMIT = 500
SPREAD = 4
_POLL_SECONDS = 0.5


def process_in_workers(
    files: Sequence[Path], max_bytes: int, extract: bool, workers: int
) -> Iterator[pipeline.Processed]:
    """`pipeline.process` in `workers` forked processes, results in the order of `files`."""
    started: dict[int, _Recognised] = {}
    if extract:
        head_start = HeadStart(files, max_bytes, helpers=workers - 1)
        # Resolution in this process needs the name tables too.
        load_name_symbols()
        pipeline.warm_up()
        started = head_start.stop()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:

        def submit(index: int) -> pipeline.Pending:
            if index not in started:
                return pool.submit(pipeline.process_file, files[index], max_bytes, extract)
            head = started.pop(index)
            read = head.processed
            if read.document is None:
                return pipeline.Done(read)
            return pool.submit(pipeline.extract_document, read.path, read.document, head.entities)

        yield from pipeline.in_order(
            range(len(files)), submit, window=workers * pipeline.TASKS_PER_WORKER
        )


@dataclass(frozen=True, slots=True)
class _Recognised:
    processed: pipeline.Processed  # read and cleaned, not extracted
    entities: Analysis | None  # None: the recogniser failed; extraction says how


class HeadStart:
    """Helper processes that read and recognise files until `stop`: the first of every
    `SPREAD`, then the second, ...: the workers' share of the work is alike across the files
    (a run of files recognised already would leave them waiting for this process to store
    their results)."""

    def __init__(self, files: Sequence[Path], max_bytes: int, helpers: int) -> None:
        context = multiprocessing.get_context("fork")
        spread = (i for first in range(SPREAD) for i in range(first, len(files), SPREAD))
        self._order = list(itertools.islice(spread, HEAD_START_LIMIT))
        self._taken = context.Value("q", 0)  # how many of `_order` the helpers took
        self._results: Queue[tuple[int, _Recognised]] = context.Queue()
        parent = os.getpid()
        self._helpers = [
            context.Process(
                target=self._help, args=(files, max_bytes, parent), name=f"head-start-{n}"
            )
            for n in range(helpers if self._order else 0)
        ]
        for helper in self._helpers:
            helper.daemon = True  # never outlives an interrupted ingest
            helper.start()

    def _take(self) -> int | None:
        with self._taken.get_lock():
            taken = self._taken.value
            if taken >= len(self._order):
                return None
            self._taken.value = taken + 1
            return self._order[taken]

    def _help(self, files: Sequence[Path], max_bytes: int, parent: int) -> None:
        while (index := self._take()) is not None:
            processed = pipeline.process_file(files[index], max_bytes, extract=False)
            entities = None
            if processed.document is not None:
                try:
                    entities = recognise(processed.document)
                except Exception:  # the worker's extraction meets it again, and reports it
                    entities = None
            if os.getppid() != parent:  # the ingest was killed: nobody reads the results
                self._results.cancel_join_thread()
                return
            self._results.put((index, _Recognised(processed, entities)))

    def stop(self) -> dict[int, _Recognised]:
        """Take no more files; the files taken, read and recognised, by index (waits for
        the files being read; those of a helper that died are missing)."""
        with self._taken.get_lock():
            taken = self._taken.value
            self._taken.value = len(self._order)
        done: dict[int, _Recognised] = {}
        while len(done) < taken:
            # Looked at first: what a helper sent before it ended is in the pipe by then.
            alive = any(helper.is_alive() for helper in self._helpers)
            try:
                index, recognised = self._results.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if alive:
                    continue
                break
            done[index] = recognised
        for helper in self._helpers:
            helper.join()
        self._results.close()
        return done
