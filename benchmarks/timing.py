"""What the benchmarks share to time calls."""

from __future__ import annotations

import time
from collections.abc import Callable


def timed(calls: list[Callable[[], object]]) -> list[float]:
    """The duration of each call, in seconds."""
    durations = []
    for call in calls:
        started = time.perf_counter()
        call()
        durations.append(time.perf_counter() - started)
    return durations
