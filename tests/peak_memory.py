"""The peak of Python's heap while some work runs, as tracemalloc counts it."""

from __future__ import annotations

import tracemalloc
from typing import Callable


def traced_peak(work: Callable[[], object]) -> int:
    """Bytes at the peak of the allocations made while ``work`` runs."""
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
