"""What one file's run hands back keeps the lines it reports, not the whole file."""

from __future__ import annotations

from pathlib import Path

from contentlint.results import StoredLines
from contentlint.run.files import CheckOptions, process_file
from contentlint.settings import Settings

PROSE = "A line of prose with nothing to report in it at all.\n"


def test_a_finding_keeps_its_line_and_not_the_file(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    damaged = "[gallery ids=\u201d5\u2033]\n"
    post.write_text(PROSE * 2000 + damaged + PROSE * 2000, encoding="utf-8")
    outcome = process_file(str(post), "post.md", CheckOptions(False, False, False), Settings())
    assert outcome.located
    for item in outcome.located:
        assert isinstance(item.source, StoredLines)
        assert item.line_text == damaged.rstrip("\n")
        assert sum(len(text) for text in item.source.lines.values()) < 100
    # Several findings on one line share one kept copy of it.
    assert len({id(item.source) for item in outcome.located}) == 1
