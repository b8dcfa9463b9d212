"""What the installed git pre-commit hook runs: check the staged content it is given.

The hook pipes ``git diff --cached --name-only -z`` output to
``python -m contentlint.hooks.staged``.  What is checked is what the commit
will hold: each file's staged blob, read from the index, never the working
copy (which may differ: a partly staged file is judged by its staged part).
Each blob is checked as standard input named after its path, so that the
configuration, the site and ``--force-exclude`` apply as they do to the
file, and positions are those of the staged text.

This module sits above the CLI (it calls it), while ``git_hook`` sits below
it (the CLI calls it to install).
"""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from typing import List, Optional, Sequence, Set, Tuple

from contentlint.cli import main as contentlint_main
from contentlint.settings import DEFAULT_EXTENSIONS

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
# Index entries of regular files; links (120000) and submodules (160000) hold no content.
_FILE_MODES = (b"100644", b"100755")


def staged_content_files(listing: bytes) -> List[str]:
    """File names from ``git diff -z`` output that contentlint checks, in their order.

    A name is taken literally, whatever characters it holds; names git could
    not decode are kept as Python keeps undecodable file names.  Only the
    content extensions contentlint walks are kept: an image or a script
    named on the command line would otherwise be linted as content.
    """
    names = [os.fsdecode(raw) for raw in listing.split(b"\0") if raw]
    return [name for name in names if name.lower().endswith(DEFAULT_EXTENSIONS)]


def _git(args: Sequence[str], cwd: Optional[str], stdin: bytes = b"") -> bytes:
    completed = subprocess.run(
        ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=True
    )
    return completed.stdout


def staged_blobs(paths: Sequence[str], cwd: Optional[str] = None) -> List[Tuple[str, bytes]]:
    """``(path, staged bytes)`` for each of ``paths`` staged as a regular file, in index order.

    The whole index is listed and filtered here, so that no name is ever
    read as a pathspec (``[draft]`` or ``*`` would be patterns to git).
    """
    wanted: Set[str] = set(paths)
    entries: List[Tuple[str, str]] = []
    for record in _git(["ls-files", "--stage", "-z"], cwd).split(b"\0"):
        meta, _, raw_name = record.partition(b"\t")
        fields = meta.split(b" ")
        name = os.fsdecode(raw_name)
        if len(fields) == 3 and fields[0] in _FILE_MODES and fields[2] == b"0" and name in wanted:
            entries.append((name, fields[1].decode("ascii")))
    if not entries:
        return []
    output = _git(["cat-file", "--batch"], cwd, "".join(f"{sha}\n" for _, sha in entries).encode())
    blobs: List[Tuple[str, bytes]] = []
    position = 0
    for name, _ in entries:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split(b" ")[2])
        start = header_end + 1
        blobs.append((name, output[start : start + size]))
        position = start + size + 1  # each blob is followed by a newline
    return blobs


def check_blob(path: str, data: bytes) -> int:
    """contentlint's exit status for ``data`` checked as the content of ``path``."""
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        # ``--stdin-filename=`` keeps a file named "-x.md" from reading as an option.
        return contentlint_main(
            ["check", "--force-exclude", "--quiet", f"--stdin-filename={path}", "-"]
        )
    finally:
        sys.stdin = saved


def advice(failed: Sequence[str], partly_staged: Sequence[str]) -> str:
    """What to run next, for the files whose staged content has diagnostics."""
    names = " ".join(shlex.quote(name) for name in failed)
    count = f"{len(failed)} file{'s' if len(failed) != 1 else ''}"
    lines = [
        f"contentlint: the staged content of {count} has diagnostics; nothing was committed.",
        "Fix them, then stage the fixes:",
        f"    contentlint check --fix {names}",
        f"    git add {names}",
    ]
    if partly_staged:
        quoted = " ".join(shlex.quote(name) for name in partly_staged)
        lines.append(
            f"{quoted} also {'has' if len(partly_staged) == 1 else 'have'} unstaged changes, "
            "which `git add` would stage too (`git add -p` stages part of a file)."
        )
    return "\n".join(lines) + "\n"


def check_staged(listing: bytes, cwd: Optional[str] = None) -> int:
    paths = staged_content_files(listing)
    if not paths:
        return EXIT_OK
    status = EXIT_OK
    failed: List[str] = []
    for path, data in staged_blobs(paths, cwd):
        result = check_blob(path, data)
        if result == EXIT_ERROR:
            return result  # a configuration error: saying it once is enough
        status = max(status, result)
        if result == EXIT_FOUND:
            failed.append(path)
    if failed:
        unstaged = set(staged_content_files(_git(["diff", "--name-only", "-z"], cwd)))
        partly_staged = [path for path in failed if path in unstaged]
        sys.stdout.write(advice(failed, partly_staged))
    return status


def main() -> int:
    return check_staged(sys.stdin.buffer.read())


if __name__ == "__main__":
    raise SystemExit(main())
