"""gitignore-like matching of paths against the globs of the configuration.

Used by ``config`` (include, exclude) and ``selection`` (per-file ignores),
which is why it lives on its own, below both.
"""

from __future__ import annotations

import os
from fnmatch import fnmatchcase
from typing import Iterable, List, Optional, Sequence, Tuple


def _segments(path: str) -> List[str]:
    return [part for part in path.replace(os.sep, "/").split("/") if part and part != "."]


def _match_segments(pattern: Sequence[str], path: Sequence[str]) -> bool:
    """Glob segments against path segments; ``**`` spans any number of segments."""
    reachable = {0}
    size = len(path)
    for part in pattern:
        if not reachable:
            return False
        if part == "**":
            reachable = set(range(min(reachable), size + 1))
        else:
            reachable = {i + 1 for i in reachable if i < size and fnmatchcase(path[i], part)}
    return size in reachable


def _relative_segments(root: Optional[str], path: str) -> Tuple[Optional[List[str]], List[str]]:
    """(segments relative to root or None when outside it, absolute segments)."""
    absolute = os.path.abspath(path)
    base = os.path.abspath(root) if root else os.path.abspath(os.getcwd())
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:
        return None, _segments(absolute)
    if relative == os.curdir:
        return [], _segments(absolute)
    if relative.startswith(os.pardir):
        return None, _segments(absolute)
    return _segments(relative), _segments(absolute)


def glob_matches(pattern: str, root: Optional[str], path: str, *, is_dir: bool = False) -> bool:
    """gitignore-like matching of ``path`` against ``pattern`` relative to ``root``.

    A pattern without a ``/`` (other than a trailing one) matches a file or
    folder name at any depth; one with a ``/`` is anchored at ``root``. A
    pattern that matches a folder matches everything below it. A trailing
    ``/`` matches folders only.
    """
    relative, absolute = _relative_segments(root, path)
    directory_only = pattern.endswith("/")
    text = pattern.strip("/") if directory_only else pattern
    anchored = "/" in text
    text = text.lstrip("/")
    if text.startswith("./"):
        text = text[2:]
    parts = _segments(text)
    if not parts:
        return False
    if anchored:
        if relative is None:
            return False
        candidates = relative
    else:
        parts = ["**", *parts]
        candidates = relative if relative is not None else absolute
    # The path itself, then each folder above it.
    for length in range(len(candidates), 0, -1):
        is_folder = length < len(candidates) or is_dir
        if directory_only and not is_folder:
            continue
        if _match_segments(parts, candidates[:length]):
            return True
    return False


def matches_any(
    patterns: Iterable[str], root: Optional[str], path: str, *, is_dir: bool = False
) -> bool:
    return any(glob_matches(pattern, root, path, is_dir=is_dir) for pattern in patterns)
