"""What the installed git pre-commit hook runs: check the staged files it is given.

The hook pipes ``git diff --cached --name-only -z`` output to
``python -m contentlint.hooks.staged``.  This module sits above the CLI (it
calls it), while ``git_hook`` sits below it (the CLI calls it to install).
"""

from __future__ import annotations

import os
import sys
from typing import List

from contentlint.cli import main as contentlint_main
from contentlint.settings import DEFAULT_EXTENSIONS

EXIT_OK = 0


def staged_content_files(listing: bytes) -> List[str]:
    """File names from ``git diff -z`` output that contentlint checks, in their order.

    A name is taken literally, whatever characters it holds; names git could
    not decode are kept as Python keeps undecodable file names.  Only the
    content extensions contentlint walks are kept: an image or a script
    named on the command line would otherwise be linted as content.
    """
    names = [os.fsdecode(raw) for raw in listing.split(b"\0") if raw]
    return [name for name in names if name.lower().endswith(DEFAULT_EXTENSIONS)]


def check_staged(listing: bytes) -> int:
    paths = staged_content_files(listing)
    if not paths:
        return EXIT_OK
    # "--" keeps a file named "-x.md" from reading as an option.
    return contentlint_main(["check", "--force-exclude", "--", *paths])


def main() -> int:
    return check_staged(sys.stdin.buffer.read())


if __name__ == "__main__":
    raise SystemExit(main())
