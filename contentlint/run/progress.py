"""Progress on long runs: files done out of those found, and the rate, on stderr.

Shown only on a terminal, never in CI, when stderr is piped or with
``--quiet``, and only once a run has lasted about a second, so short runs
print nothing extra.  The line is rewritten in place and cleared at the end.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

DELAY = 1.0  # seconds before the first line
INTERVAL = 0.1  # seconds between updates


def wanted(stream: TextIO, quiet: bool) -> bool:
    if quiet or os.environ.get("CI"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown_at = 0.0
        self.width = 0

    def update(self, done: int, found: int, walking: bool) -> None:
        now = time.monotonic()
        if now - self.started < DELAY or now - self.shown_at < INTERVAL:
            return
        self.shown_at = now
        rate = done / (now - self.started)
        total = f"{found}+" if walking else str(found)
        line = f"contentlint: {done}/{total} files ({rate:,.0f} files/s)"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
