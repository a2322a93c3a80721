"""Read, clean and extract in local worker processes (`casetrail ingest --workers N`).

Before it extracts its first document a process needs rigour's name tables (~6.5 s of CPU,
built in Rust while holding the interpreter, so nothing else runs in that process
meanwhile) and spaCy's models (~2 s). This process loads both once and forks the workers,
which share them. While it loads, the other cores would idle: so first it forks
`workers - 1` head-start helpers, which read files and run the entity recogniser over them
(`extract.recognise`: more than half of the work of extraction, and it needs no name
tables); the workers then only finish those files.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import queue
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.queues import Queue
from pathlib import Path
from types import TracebackType

from casetrail import pipeline
from casetrail.extract import Analysis, recognise
from casetrail.resolve import load_name_symbols

# Files the helpers take at most: their results wait in memory until the models are loaded
# (~200 letters fit in that time on a quiet 2-core machine).
HEAD_START_LIMIT = 500
# The helpers take the first of every SPREAD files, then the second...: whatever share they
# get through, the workers' work is alike across the files (a run of files recognised
# already would leave the workers waiting for this process to store their results).
SPREAD = 4
_POLL_SECONDS = 0.5


def process_in_workers(
    files: Sequence[Path], max_bytes: int, extract: bool, workers: int
) -> Iterator[pipeline.Processed]:
    """`pipeline.process` in `workers` forked processes, results in the order of `files`."""
    with HeadStart(files, max_bytes, helpers=workers - 1 if extract else 0) as head_start:
        if extract:
            load_name_symbols()  # resolution in this process needs them too
            pipeline.warm_up()
        started = head_start.stop()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:

            def finish(index: int, read: _Recognised | None) -> pipeline.Pending:
                if read is None:  # not taken by a helper, or by one that died
                    return pool.submit(pipeline.process_file, files[index], max_bytes, extract)
                if read.processed.document is None:
                    return pipeline.Done(read.processed)
                document, entities = read.processed.document, read.entities
                return pool.submit(pipeline.extract_document, files[index], document, entities)

            def submit(index: int) -> pipeline.Pending:
                if index not in started:
                    return finish(index, None)
                read = head_start.result(index, wait=False)
                if read is not None:
                    return finish(index, read)
                # Still being read (a long scan): finished when its turn comes.
                return _Later(lambda: finish(index, head_start.result(index, wait=True)))

            yield from pipeline.in_order(
                range(len(files)), submit, window=workers * pipeline.TASKS_PER_WORKER
            )


@dataclass(frozen=True, slots=True)
class _Recognised:
    processed: pipeline.Processed  # read and cleaned, not extracted
    entities: Analysis | None  # None: the recogniser failed; extraction says how


@dataclass(frozen=True, slots=True)
class _Later:
    start: Callable[[], pipeline.Pending]

    def result(self) -> pipeline.Processed:
        return self.start().result()


class HeadStart:
    """Helper processes that read and recognise files until `stop`, in the order of
    `SPREAD`; a context manager that ends them."""

    def __init__(self, files: Sequence[Path], max_bytes: int, helpers: int) -> None:
        context = multiprocessing.get_context("fork")
        spread = (i for first in range(SPREAD) for i in range(first, len(files), SPREAD))
        self._order = list(itertools.islice(spread, HEAD_START_LIMIT))
        self._taken = context.Value("q", 0)  # how many of `_order` the helpers took
        self._results: Queue[tuple[int, _Recognised]] = context.Queue()
        self._arrived: dict[int, _Recognised] = {}
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

    def __enter__(self) -> HeadStart:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for helper in self._helpers:  # what a helper still does is not wanted any more
            helper.terminate()
            helper.join()
        self._results.close()

    def _take(self) -> int | None:
        with self._taken.get_lock():
            taken = self._taken.value
            if taken >= len(self._order):
                return None
            self._taken.value = taken + 1
            return self._order[taken]

    def _help(self, files: Sequence[Path], max_bytes: int, parent: int) -> None:
        # Ctrl-C is the coordinator's to handle: it ends the helpers (`__exit__`).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
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

    def stop(self) -> frozenset[int]:
        """Take no more files; the indices of the files taken (see `result`)."""
        with self._taken.get_lock():
            taken = self._taken.value
            self._taken.value = len(self._order)
        return frozenset(self._order[:taken])

    def result(self, index: int, wait: bool) -> _Recognised | None:
        """What a helper made of a file it took; None when it is not there yet and `wait`
        is False, or when the helper died."""
        while index not in self._arrived:
            # Looked at first: what a helper sent before it ended is in the pipe by then.
            alive = any(helper.is_alive() for helper in self._helpers)
            try:
                arrived, read = self._results.get(block=wait, timeout=_POLL_SECONDS)
            except queue.Empty:
                if wait and alive:
                    continue
                return None
            self._arrived[arrived] = read
        return self._arrived.pop(index)
