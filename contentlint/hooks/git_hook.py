"""``contentlint install-hook``: a plain git pre-commit hook, for repositories without pre-commit.

The hook is a POSIX sh script.  It lists the staged files that were added,
copied, modified or renamed, NUL-separated so that any file name survives,
and pipes the list to ``contentlint.hooks.staged`` in the Python that
installed it.  That reads the names literally and runs ``contentlint check
--force-exclude`` on the staged content of the content files among them, in
one process, so the exit status is contentlint's: 0 lets the commit
through, 1 (diagnostics) and 2 (configuration error) stop it.  With nothing
to check it exits 0 at once.

The names are not handed over by ``xargs``: with an empty list it would
check the whole repository, with a long one it would split the run and
replace contentlint's status by its own.

The hook checks what the commit will hold: the staged content of each
file, read from the index (see ``contentlint.hooks.staged``), whatever the
working copy holds; its message says what to run next.  The hooks
folder comes from ``git rev-parse --git-path hooks``, which honours
``core.hooksPath`` and linked worktrees.  A hook that contentlint did not
write is never replaced without ``--force``, and with it the old hook is
kept as ``pre-commit.bak`` (or ``.bak.1``, ``.bak.2``... when older backups
exist).
"""

from __future__ import annotations

import argparse
import os
import stat
import subprocess
import sys
import tempfile
from typing import Optional, Sequence

EXIT_OK = 0
EXIT_ERROR = 2

HOOK_MARKER = "# contentlint-managed-hook"

_SCRIPT = """\
#!/bin/sh
{marker}: written by `contentlint install-hook`.
# Checks the staged content files with contentlint and stops the commit while
# diagnostics remain.  Skip it once with `git commit --no-verify`; rewrite it
# with `contentlint install-hook --force`; delete this file to remove it.
contentlint_python={python}
if [ ! -x "$contentlint_python" ]; then
    echo "contentlint: $contentlint_python no longer exists;" \\
        "run 'contentlint install-hook --force' again" >&2
    exit 1
fi
git diff --cached --name-only -z --diff-filter=ACMR |
    "$contentlint_python" -m contentlint.hooks.staged
"""


def shell_quote(text: str) -> str:
    """``text`` as one POSIX sh word: single quotes, with ``'`` spelled ``'\\''``."""
    return "'" + text.replace("'", "'\\''") + "'"


def hook_script(python: str) -> str:
    if os.sep == "\\":
        # Git for Windows runs hooks with its own sh, which reads C:/x/python.exe.
        python = python.replace("\\", "/")
    return _SCRIPT.format(marker=HOOK_MARKER, python=shell_quote(python))


def hooks_folder(repo_dir: str) -> str:
    """The folder git runs hooks from; ``OSError``/``CalledProcessError`` when not a repository."""
    completed = subprocess.run(
        ["git", "rev-parse", "--git-path", "hooks"],
        cwd=repo_dir,
        check=True,
        capture_output=True,
        text=True,
    )
    folder = completed.stdout.strip()
    return os.path.normpath(os.path.join(os.path.abspath(repo_dir), folder))


def _is_ours(path: str) -> bool:
    from contentlint.safeio import FileProblem, read_support

    try:
        return HOOK_MARKER.encode() in read_support(path)[:4096]
    except FileProblem:
        return False


def _write_executable(path: str, text: str) -> None:
    """Replace ``path`` atomically (never writing through a symlink) with an executable file."""
    folder = os.path.dirname(path)
    descriptor, temporary = tempfile.mkstemp(prefix=".contentlint-hook-", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        mode = stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _hook_bytes(path: str) -> bytes:
    from contentlint.safeio import FileProblem, read_support

    try:
        return read_support(path)
    except FileProblem as problem:
        raise OSError(f"the hook in the way cannot be kept: {problem.message}") from None


def _backup(path: str) -> str:
    """Copy ``path`` to the first free ``path.bak``, ``path.bak.1``...; return the copy's path.

    The copy is created exclusively, so an older backup is never overwritten;
    a symlinked hook is backed up as the same symlink.
    """
    for number in range(1000):
        target = f"{path}.bak" if number == 0 else f"{path}.bak.{number}"
        try:
            if os.path.islink(path):
                os.symlink(os.readlink(path), target)
            else:
                data = _hook_bytes(path)
                with open(target, "xb") as copy:
                    copy.write(data)
                os.chmod(target, stat.S_IMODE(os.stat(path).st_mode))
        except FileExistsError:
            continue
        return target
    raise FileExistsError(f"{path}.bak: too many backups already")


def install_hook(repo_dir: str = ".", *, force: bool = False) -> int:
    """Write the pre-commit hook of the repository at ``repo_dir``; return an exit status.

    0: written (or rewritten: the existing hook was ours, or ``force``).
    2: not a git repository, a hook contentlint did not write is in the way
    and ``force`` is false, or the file cannot be written.  Messages go to
    stdout (success) and stderr (errors).
    """
    try:
        folder = hooks_folder(repo_dir)
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or str(error)
        print(
            f"contentlint: {repo_dir} is not a git repository (or git is missing): "
            f"{str(detail).strip()}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    path = os.path.join(folder, "pre-commit")
    exists = os.path.lexists(path)
    if exists and not force and not _is_ours(path):
        print(
            f"contentlint: {path} already exists and was not written by contentlint; "
            "not replacing it. Call contentlint from that hook, or run "
            "'contentlint install-hook --force' to replace it.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    backup = None
    try:
        if exists and not _is_ours(path):
            backup = _backup(path)
        os.makedirs(folder, exist_ok=True)
        _write_executable(path, hook_script(sys.executable))
    except OSError as error:
        print(f"contentlint: cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    print(f"contentlint: {'replaced' if exists else 'installed'} the pre-commit hook {path}")
    if backup is not None:
        print(f"contentlint: the previous hook is kept as {backup}")
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="contentlint install-hook",
        description="Install a git pre-commit hook that runs contentlint on staged files.",
    )
    parser.add_argument("repo", nargs="?", default=".", metavar="PATH", help="the repository")
    parser.add_argument("--force", action="store_true", help="replace a hook that is not ours")
    args = parser.parse_args(argv)
    return install_hook(args.repo, force=args.force)


if __name__ == "__main__":
    raise SystemExit(main())
