"""``--diff``: the unified diff of a fix is one that patch tools apply, and it is small.

Applying a diff is done here by a reader of the format written for the test,
and once by ``git apply``.  Time on repeated lines is in ``test_hostile.py``.
"""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
from pathlib import Path
from typing import List

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contentlint.diffs import unified_diff

_HEADER = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")
_NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> List[str]:
    return text.splitlines(keepends=True) if "\r" not in text else _split_at_newline(text)


def _split_at_newline(text: str) -> List[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def apply(old: str, diff: str) -> str:
    """``old`` with ``diff`` applied; every context and removed line must match."""
    if not diff:
        return old
    source = _split_at_newline(old)
    body = diff.splitlines(keepends=True)
    assert body[0].startswith("--- a/") and body[1].startswith("+++ b/")
    result: List[str] = []
    taken = 0  # lines of ``source`` consumed
    index = 2
    while index < len(body):
        header = _HEADER.fullmatch(body[index])
        assert header is not None, body[index]
        old_start, old_length = int(header[1]), int(header[2] if header[2] is not None else 1)
        new_length = int(header[4] if header[4] is not None else 1)
        first = old_start - 1 if old_length else old_start
        assert first >= taken, "hunks out of order or overlapping"
        result.extend(source[taken:first])
        taken = first
        index += 1
        seen_old = seen_new = 0
        while index < len(body) and not body[index].startswith("@@"):
            line = body[index]
            mark, content = line[0], line[1:]
            if index + 1 < len(body) and body[index + 1] == _NO_NEWLINE:
                content = content[:-1]  # the line break the marker says is not there
                index += 1
            if mark in " -":
                assert source[taken] == content, (taken, source[taken], content)
                taken += 1
                seen_old += 1
            if mark in " +":
                result.append(content)
                seen_new += 1
            index += 1
        assert (seen_old, seen_new) == (old_length, new_length)
    result.extend(source[taken:])
    return "".join(result)


_LINE = st.sampled_from(
    ["same\n", "same\n", "same\n", "other\n", "\n", "x\r\n", "[card]\n", "tail", "é ”q”\n"]
)


@st.composite
def _edited(draw: st.DrawFn) -> tuple[str, str]:
    old = draw(st.lists(_LINE, max_size=40))
    new = list(old)
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["replace", "insert", "delete", "inline"]))
        at = draw(st.integers(0, len(new)))
        if kind == "insert" or not new:
            new[at:at] = draw(st.lists(_LINE, min_size=1, max_size=4))
            continue
        at = min(at, len(new) - 1)
        if kind == "replace":
            new[at] = draw(_LINE)
        elif kind == "delete":
            del new[at : at + draw(st.integers(1, 3))]
        else:
            new[at] = new[at].replace("”", '"')
    # A line with no line break belongs only at the end.
    return _joined(old), _joined(new)


def _joined(lines: List[str]) -> str:
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines[:-1]) + (
        lines[-1] if lines else ""
    )


@settings(max_examples=400, deadline=None)
@given(_edited())
def test_the_diff_turns_the_old_text_into_the_new(pair: tuple[str, str]) -> None:
    old, new = pair
    diff = unified_diff("post.md", old, new)
    assert (diff == "") == (old == new)
    assert apply(old, diff) == new


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_fixes_far_apart_give_the_same_diff_as_a_general_diff_tool(data: st.DataObject) -> None:
    # Distinct lines, and each change a single line with unchanged lines around
    # it: there is one right answer, and the general algorithm finds it too.
    count = data.draw(st.integers(1, 60))
    old = [f"line {number}\n" for number in range(count)]
    new = list(old)
    for at in data.draw(st.sets(st.integers(0, count - 1), max_size=8)):
        new[at] = f"fixed {at}\n"
    expected = "".join(difflib.unified_diff(old, new, fromfile="a/post.md", tofile="b/post.md"))
    assert unified_diff("post.md", "".join(old), "".join(new)) == expected


def test_a_change_is_as_small_as_the_fix_among_repeated_lines() -> None:
    unit = "prose\n" * 5 + "[card region=\u201dEG\u201d]\n"
    old = unit * 200
    new = old.replace("\u201dEG\u201d", '"EG"', 1)
    diff = unified_diff("post.md", old, new)
    changed = [line for line in diff.splitlines() if line[:1] in "+-"]
    assert changed == [
        "--- a/post.md",
        "+++ b/post.md",
        "-[card region=\u201dEG\u201d]",
        '+[card region="EG"]',
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a\r\nb\r\nc", "a\r\nB\r\nc"),  # CRLF lines and no line break at the end
        ("a\nb\n", "a\nb"),  # the last line break removed
        ("", "new\n"),
        ("old\n", ""),
        ("same\n" * 30 + "end", "same\n" * 12 + "x\n" + "same\n" * 18 + "end\n"),
    ],
)
def test_git_applies_the_diff(tmp_path: Path, old: str, new: str) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "post.md").write_bytes(old.encode())
    diff = unified_diff("post.md", old, new)
    assert apply(old, diff) == new
    (tmp_path / "fix.patch").write_bytes(diff.encode())
    subprocess.run(
        ["git", "apply", "--unsafe-paths", "fix.patch"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    assert (tmp_path / "post.md").read_bytes() == new.encode()
