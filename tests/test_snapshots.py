"""Golden files of the rendered text report, so that every message change shows in review.

Each snapshot under ``tests/snapshots/`` is the exact output of
``contentlint check`` (text format, no colour) on one input: the seed
article in ``examples/`` and small per-rule inputs under
``tests/snapshots/inputs/`` (a WordPress folder with its configuration, a
tiny Hugo site).

When a change to a message or to the text reporter is meant, regenerate
them and review the diff::

    CONTENTLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshots.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from contentlint.cli import main

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = os.environ.get("CONTENTLINT_UPDATE_SNAPSHOTS") == "1"

# snapshot name -> (folder to run in, file to check, relative to that folder)
CASES = {
    "seed-article": (ROOT, "examples/arabic-news-covid-cards.txt"),
    "wordpress-quotes": (SNAPSHOTS / "inputs" / "wordpress", "quotes.md"),
    "wordpress-rules": (SNAPSHOTS / "inputs" / "wordpress", "rules.md"),
    "hugo-site": (SNAPSHOTS / "inputs" / "hugo", "content/post.md"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_report_matches_its_snapshot(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, target = CASES[name]
    monkeypatch.chdir(folder)
    for variable in ("FORCE_COLOR", "CLICOLOR_FORCE", "CONTENTLINT_OUTPUT_FORMAT"):
        monkeypatch.delenv(variable, raising=False)
    main(["check", target])
    rendered = capsys.readouterr().out
    snapshot = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        snapshot.write_text(rendered, encoding="utf-8", newline="\n")
    assert snapshot.exists(), f"no {snapshot.name}: create it with CONTENTLINT_UPDATE_SNAPSHOTS=1"
    expected = snapshot.read_text(encoding="utf-8")
    assert rendered == expected, (
        f"{snapshot.name} differs from the output; if the change is meant, regenerate with "
        "CONTENTLINT_UPDATE_SNAPSHOTS=1 and review the diff"
    )
