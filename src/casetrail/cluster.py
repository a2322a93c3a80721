"""Read, clean and extract on a Dask cluster: the ordinary deployment of `dask scheduler`
and `dask worker` processes an organisation runs.

The coordinator reads each file's bytes and sends them with the task (workers need no
access to its disk); each task runs `pipeline.process_data`, the same function a local
worker runs, and its result comes back to the coordinator, which stores it. A worker that
dies loses nothing: the scheduler runs its tasks again elsewhere, and each result is taken
once, in the order of the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from distributed import Client

from casetrail import pipeline
from casetrail.read import ReadError, file_bytes

_RETRIES = 2  # a task that raised (not one whose worker died: those always run again)
_CONNECT_TIMEOUT = "10s"


def process_on_cluster(
    address: str, files: Iterable[Path], max_bytes: int, extract: bool = True
) -> Iterator[pipeline.Processed]:
    """`pipeline.process` on the cluster whose scheduler is at `address`."""
    try:
        client = Client(address, timeout=_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        message = f"cannot reach the Dask scheduler at {address}: {error}"
        raise pipeline.ClusterError(message) from None
    with client:
        workers = len(client.scheduler_info().get("workers", {}))
        if workers == 0:
            raise pipeline.ClusterError(f"the Dask scheduler at {address} has no workers")

        def submit(path: Path) -> pipeline.Pending:
            try:
                data = file_bytes(path, max_bytes)
            except ReadError as error:
                return pipeline.Done(pipeline.Processed(path, error=error.reason))
            return client.submit(
                pipeline.process_data, data, path, max_bytes, extract, retries=_RETRIES, pure=False
            )

        yield from pipeline.in_order(files, submit, window=workers * pipeline.TASKS_PER_WORKER)
