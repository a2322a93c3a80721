"""Ingest throughput: `casetrail ingest` with 1 and 2 worker processes and through a Dask
cluster of 2 workers on this machine, on the same generated letters, in the same run.

    .venv/bin/python -m benchmarks.bench_ingest [--documents 300] [--no-cluster]

Each run is the command line as a user runs it, into a fresh SQLite database, model
loading included (local workers share the coordinator's, each Dask worker loads its own).
Prints documents/s, the speed-up over one worker, the CPU seconds of all the run's
processes (the work; on a shared machine the seconds say what share of the CPU it got),
split per document between the coordinator (with `--workers 1` it extracts too) and the
workers (local: the head-start helpers too; on a cluster: its worker processes, their own
overhead included), the peak memory (RSS) of one worker process and the highest load
average seen during the run; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

from benchmarks.bench_extract import generate
from benchmarks.timing import cpu_seconds

_POLL = 0.2  # seconds between memory samples


def write_letters(folder: Path, count: int) -> None:
    for number, text in enumerate(generate(count)):
        (folder / f"letter-{number:05d}.txt").write_text(text, encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}")


@contextlib.contextmanager
def dask_cluster(workers: int, log: Path) -> Iterator[tuple[str, list[psutil.Process]]]:
    """A scheduler and `workers` single-threaded workers on 127.0.0.1, as separate processes
    (`dask scheduler`, `dask worker`); yields the address and the worker processes."""
    dask = str(Path(sys.executable).with_name("dask"))
    port, dashboard = _free_port(), _free_port()
    address = f"tcp://127.0.0.1:{port}"
    started: list[subprocess.Popen[bytes]] = []
    with log.open("ab") as output:
        try:
            started.append(
                subprocess.Popen(
                    [
                        *(dask, "scheduler", "--host", "127.0.0.1", "--port", str(port)),
                        *("--dashboard-address", f"127.0.0.1:{dashboard}"),
                    ],
                    stdout=output,
                    stderr=output,
                )
            )
            _wait_for_port(port)
            for _ in range(workers):
                started.append(
                    subprocess.Popen(
                        [
                            *(dask, "worker", address, "--nthreads", "1", "--nworkers", "1"),
                            *("--host", "127.0.0.1", "--no-dashboard"),
                        ],
                        stdout=output,
                        stderr=output,
                    )
                )
            _wait_for_workers(address, workers)
            yield address, [psutil.Process(p.pid) for p in started[1:]]
        finally:
            for process in reversed(started):
                process.terminate()
            for process in started:
                process.wait(30)


def _wait_for_workers(address: str, count: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(count, timeout=timeout)


def _tree_peak(processes: list[psutil.Process], peak: dict[int, int]) -> None:
    """Peak RSS by process; a Dask worker's work runs in a child of its nanny."""
    for process in processes:
        with contextlib.suppress(psutil.Error):
            for each in [process, *process.children(recursive=True)]:
                peak[each.pid] = max(peak.get(each.pid, 0), each.memory_info().rss)


def _children_cpu_seconds() -> float:
    """CPU time of this process's waited-for children (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    peak_rss: int  # of one worker process
    cpu: float  # CPU seconds of all the run's processes
    coordinator_cpu: float  # of the `casetrail ingest` process itself
    load: float  # the highest 1-minute load average seen during the run


def run_ingest(
    folder: Path, database: Path, options: list[str], workers: list[psutil.Process] | None = None
) -> Run:
    """One `casetrail ingest`: its seconds, the peak RSS of one worker process (the given
    cluster workers, else the coordinator's children, else the coordinator, which is the
    worker with `--workers 1`), the CPU seconds of all its processes (on a shared
    machine, the work done, whatever share of the CPU it got) and of the coordinator
    alone (sampled every 0.2 s: its last sample), and the machine's load meanwhile."""
    command = [sys.executable, "-m", "casetrail.present", "ingest", str(folder)]
    command += ["--db", f"sqlite:///{database}", *options]
    cpu_before = _children_cpu_seconds() + cpu_seconds(workers or [])
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    coordinator = psutil.Process(process.pid)
    peak: dict[int, int] = {}
    coordinator_cpu, load = 0.0, os.getloadavg()[0]
    while process.poll() is None:
        if workers is not None:
            _tree_peak(workers, peak)
        else:
            _tree_peak(coordinator.children() or [coordinator], peak)
        with contextlib.suppress(psutil.Error):
            times = coordinator.cpu_times()
            coordinator_cpu = times.user + times.system
        load = max(load, os.getloadavg()[0])
        time.sleep(_POLL)
    elapsed = time.perf_counter() - started
    cpu = _children_cpu_seconds() + cpu_seconds(workers or []) - cpu_before
    if process.returncode != 0:
        raise RuntimeError(f"ingest failed: {process.stderr.read().decode()[-2000:]}")
    return Run(elapsed, max(peak.values(), default=0), cpu, coordinator_cpu, load)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--no-cluster", action="store_true", help="skip the Dask cluster run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "letters"
        folder.mkdir()
        write_letters(folder, args.documents)
        runs: list[tuple[str, Run]] = []
        for workers in (1, 2):
            measured = run_ingest(folder, Path(tmp) / f"w{workers}.db", ["--workers", str(workers)])
            runs.append((f"--workers {workers}", measured))
        if not args.no_cluster:
            with dask_cluster(2, Path(tmp) / "dask.log") as (address, processes):
                measured = run_ingest(
                    folder, Path(tmp) / "dask.db", ["--cluster", address], processes
                )
            runs.append(("--cluster (2 Dask workers)", measured))
    table = Table(
        title=f"casetrail ingest of {args.documents} generated letters, {os.cpu_count()} CPUs"
    )
    columns = (
        "run",
        "seconds",
        "documents/s",
        "speed-up",
        "CPU seconds",
        "CPU ms/document: coordinator",
        "workers",
        "peak RSS of a worker",
        "load average (max)",
    )
    for column in columns:
        table.add_column(column, justify="left" if column == "run" else "right")
    reference = runs[0][1].seconds
    for label, run in runs:
        table.add_row(
            label,
            f"{run.seconds:.1f}",
            f"{args.documents / run.seconds:.1f}",
            f"{reference / run.seconds:.2f}x",
            f"{run.cpu:.1f}",
            f"{run.coordinator_cpu / args.documents * 1000:.0f}",
            f"{(run.cpu - run.coordinator_cpu) / args.documents * 1000:.0f}",
            f"{run.peak_rss / 1e6:.0f} MB" if run.peak_rss else "-",
            f"{run.load:.1f}",
        )
    Console().print(table)


if __name__ == "__main__":
    main()
