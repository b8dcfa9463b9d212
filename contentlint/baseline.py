"""Baselines: record today's diagnostics so that only new ones are reported.

A legacy content repository can turn contentlint on without fixing every old
file first: ``--write-baseline FILE`` records what is there, ``--baseline
FILE`` reports only what the file does not record.

An entry is keyed by the file, the rule code and the text of the line the
diagnostic starts on (whitespace collapsed), never by line number, so
inserting or deleting lines elsewhere does not make old problems look new.
Each key carries a count: a line with two old problems of the same code
tolerates two, and a third one on an identical line is new.

Entry paths are stored relative to the folder that holds the baseline file,
so the baseline works from whatever folder contentlint is run in.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from contentlint.results import Located

BASELINE_VERSION = 1
_TOOL = "contentlint"

BaselineKey = Tuple[str, str, str]


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class BaselineEntry:
    path: str  # relative to the baseline file's folder, with "/" separators
    code: str
    text: str  # the line's text, whitespace collapsed
    count: int

    @property
    def key(self) -> BaselineKey:
        return (self.path, self.code, self.text)


@dataclass(frozen=True)
class Baseline:
    entries: Tuple[BaselineEntry, ...]
    root: str  # absolute folder that entry paths are relative to


def normalise_line_text(text: str) -> str:
    """Whitespace runs collapsed to one space, ends stripped: re-indenting is not a new problem."""
    return " ".join(text.split())


class LineKeys:
    """``normalise_line_text`` of each diagnostic's line, worked out once per line.

    Many findings on one long line share one normalised text, so keying them
    costs the line once, not once per finding.
    """

    def __init__(self) -> None:
        self._seen: Dict[Tuple[int, str, int], str] = {}

    def __call__(self, diagnostic: Located) -> str:
        key = (id(diagnostic.source), diagnostic.path, diagnostic.line)
        text = self._seen.get(key)
        if text is None:
            text = self._seen[key] = normalise_line_text(diagnostic.line_text)
        return text


def _entry_path(shown: str, root: str) -> str:
    if shown == "-":
        return shown
    absolute = os.path.abspath(shown)
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive on Windows
        relative = absolute
    return relative.replace(os.sep, "/")


def _key(diagnostic: Located, root: str, line_keys: LineKeys) -> BaselineKey:
    return (_entry_path(diagnostic.path, root), diagnostic.code, line_keys(diagnostic))


def _root_of(baseline_path: str) -> str:
    return os.path.dirname(os.path.abspath(baseline_path))


def build_baseline(baseline_path: str, diagnostics: Iterable[Located]) -> Baseline:
    root = _root_of(baseline_path)
    line_keys = LineKeys()
    counts = Counter(_key(diagnostic, root, line_keys) for diagnostic in diagnostics)
    entries = tuple(
        BaselineEntry(path, code, text, count)
        for (path, code, text), count in sorted(counts.items())
    )
    return Baseline(entries, root)


def _document(baseline: Baseline) -> Dict[str, Any]:
    return {
        "tool": _TOOL,
        "version": BASELINE_VERSION,
        "entries": [
            {"path": entry.path, "code": entry.code, "text": entry.text, "count": entry.count}
            for entry in baseline.entries
        ],
    }


def write_baseline(path: str, diagnostics: Sequence[Located]) -> Baseline:
    """Record ``diagnostics`` in ``path`` (replaced atomically) and return what was written."""
    baseline = build_baseline(path, diagnostics)
    data = json.dumps(_document(baseline), ensure_ascii=False, indent=2) + "\n"
    folder = os.path.dirname(os.path.abspath(path))
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=".contentlint-baseline-", suffix=".tmp", dir=folder
        )
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise
    except OSError as error:
        raise BaselineError(
            f"cannot write the baseline {path}: {error.strerror or error}"
        ) from None
    return baseline


def _corrupt(path: str, why: str) -> BaselineError:
    return BaselineError(
        f"{path} is not a usable contentlint baseline ({why}); "
        f"write a new one with --write-baseline {path}"
    )


def _entry(path: str, index: int, raw: Any) -> BaselineEntry:
    if not isinstance(raw, dict):
        raise _corrupt(path, f"entry {index} is not an object")
    fields: Dict[str, type] = {"path": str, "code": str, "text": str, "count": int}
    for name, kind in fields.items():
        value = raw.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _corrupt(path, f"entry {index} has no valid {name!r}")
    if raw["count"] < 1:
        raise _corrupt(path, f"entry {index} has a count below 1")
    return BaselineEntry(raw["path"], raw["code"], raw["text"], raw["count"])


def load_baseline(path: str) -> Baseline:
    """Read a baseline written by ``write_baseline``; ``BaselineError`` says what is wrong."""
    from contentlint.safeio import FileProblem, Missing, read_support
    from contentlint.settings import DEFAULT_MAX_FILE_SIZE

    try:
        document = json.loads(read_support(path, DEFAULT_MAX_FILE_SIZE).decode("utf-8"))
    except Missing:
        raise BaselineError(
            f"the baseline {path} does not exist; create it with --write-baseline {path}"
        ) from None
    except FileProblem as problem:
        raise BaselineError(f"cannot read the baseline {path}: {problem.message}") from None
    except UnicodeDecodeError:
        raise _corrupt(path, "not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise _corrupt(
            path, f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    if not isinstance(document, dict) or document.get("tool") != _TOOL:
        raise _corrupt(path, "not written by contentlint")
    version = document.get("version")
    if version != BASELINE_VERSION:
        raise BaselineError(
            f"the baseline {path} has version {version!r}; this contentlint reads version "
            f"{BASELINE_VERSION}: write a new one with --write-baseline {path}"
        )
    raw_entries = document.get("entries")
    if not isinstance(raw_entries, list):
        raise _corrupt(path, "'entries' is not a list")
    entries = tuple(_entry(path, index, raw) for index, raw in enumerate(raw_entries))
    return Baseline(entries, _root_of(path))


def filter_new(
    diagnostics: Sequence[Located],
    baseline: Baseline,
    checked_paths: Optional[Sequence[str]] = None,
) -> Tuple[List[Located], List[BaselineEntry]]:
    """Split off the diagnostics the baseline records; return ``(new, stale_entries)``.

    A diagnostic is old while an entry with its key has count left, taken in
    report order.  Stale entries are what the baseline records but the run no
    longer found, with the count that went unmatched.  With
    ``checked_paths`` (the paths as shown), only entries for those files can
    be stale: a run over some files says nothing about the others.
    """
    left: Counter[BaselineKey] = Counter()
    for entry in baseline.entries:
        left[entry.key] += entry.count
    new: List[Located] = []
    line_keys = LineKeys()
    for diagnostic in sorted(diagnostics, key=lambda item: item.sort_key()):
        key = _key(diagnostic, baseline.root, line_keys)
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(diagnostic)
    checked = (
        None
        if checked_paths is None
        else {_entry_path(shown, baseline.root) for shown in checked_paths}
    )
    stale: List[BaselineEntry] = []
    for entry in baseline.entries:
        remaining = left[entry.key]
        if remaining <= 0 or (checked is not None and entry.path not in checked):
            continue
        stale.append(BaselineEntry(entry.path, entry.code, entry.text, remaining))
        left[entry.key] = 0  # a key listed twice in a hand-edited file is stale once
    return new, stale
