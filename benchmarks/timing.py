"""What the benchmarks share to time calls."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import psutil


def timed(calls: list[Callable[[], object]]) -> list[float]:
    """The duration of each call, in seconds."""
    return timed_with_cpu(calls)[0]


def timed_with_cpu(calls: list[Callable[[], object]]) -> tuple[list[float], list[float]]:
    """The duration of each call and the CPU time this process spent in it, in seconds: on
    a machine other work shares, the CPU time says what the call needs, the duration what
    it got."""
    durations, cpu = [], []
    for call in calls:
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        durations.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return durations, cpu


def cpu_seconds(processes: list[psutil.Process]) -> float:
    """CPU time (user + system) of these processes and their children so far."""
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            for each in [process, *process.children(recursive=True)]:
                times = each.cpu_times()
                total += times.user + times.system
    return total
