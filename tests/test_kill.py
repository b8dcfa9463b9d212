"""SIGKILL at random moments of a parallel --fix: nothing is lost or half-written.

A folder of files with damaged quotes is fixed by ``contentlint check --fix
--jobs 2`` again and again, and the run's parent is killed with SIGKILL at a
random moment each time.  After every kill each file must be byte-identical
to its original or to its fully fixed version, and the run's workers must be
gone with their parent.  A last, uninterrupted run must leave every file
fixed and no temporary file behind.

The suite runs ``CONTENTLINT_KILLS`` kills (25 by default, to keep CI short);
``CONTENTLINT_KILLS=200`` is the full test.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers die with their parent through Linux"
)

FILES = 2000


def _original(number: int) -> str:
    lines = [f"<h2>Post {number}</h2>\n", "<p>Some prose with \u201cquotes\u201d.</p>\n"]
    for card in range(number % 4):
        lines.append(f"[card region=\u201dE{card}\u201d size=\u201d{card}\u2033]\n")
    return "".join(lines) * (1 + number % 3)


def _run(folder: Path, cache: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "contentlint",
            "check",
            "--fix",
            "--jobs",
            "2",
            "--no-cache",
            "--select",
            "QT",
            "--quiet",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "CONTENTLINT_CACHE_DIR": str(cache)},
    )


def _group_gone(group: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def test_kills_lose_nothing(tmp_path: Path) -> None:
    kills = int(os.environ.get("CONTENTLINT_KILLS", "25"))
    rng = random.Random(20261202)
    work, expected_dir, cache = tmp_path / "work", tmp_path / "expected", tmp_path / "cache"
    work.mkdir()
    originals: Dict[str, bytes] = {}
    for number in range(FILES):
        name = f"d{number % 20}/post{number}.html"
        originals[name] = _original(number).encode("utf-8")
        (work / name).parent.mkdir(exist_ok=True)
        (work / name).write_bytes(originals[name])
    shutil.copytree(work, expected_dir)
    assert _run(expected_dir, cache).wait(timeout=600) in (0, 1)
    fixed = {name: (expected_dir / name).read_bytes() for name in originals}
    assert sum(fixed[n] != originals[n] for n in originals) > FILES // 2

    start = time.monotonic()
    run = _run(work, cache)
    run.wait(timeout=600)
    full_run = time.monotonic() - start
    for name in originals:  # start every round from the damaged files
        (work / name).write_bytes(originals[name])

    killed_mid_run = 0
    for _ in range(kills):
        run = _run(work, cache)
        time.sleep(rng.uniform(0.0, full_run))
        if run.poll() is None:
            killed_mid_run += 1
            os.kill(run.pid, signal.SIGKILL)
        run.wait()
        assert _group_gone(run.pid, 15), "workers outlived their killed parent"
        for name, before in originals.items():
            now = (work / name).read_bytes()
            assert now in (before, fixed[name]), f"{name} is neither original nor fixed"
            if now == fixed[name] and rng.random() < 0.3:
                (work / name).write_bytes(before)  # keep the next run writing
    assert killed_mid_run >= kills // 3, "the kills missed the runs; the test proves nothing"

    assert _run(work, cache).wait(timeout=600) in (0, 1)
    for name in originals:
        assert (work / name).read_bytes() == fixed[name]
    left = [p for p in work.rglob("*") if p.is_file() and p.name.endswith(".contentlint-tmp")]
    assert left == []
