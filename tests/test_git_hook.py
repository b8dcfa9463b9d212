"""``contentlint install-hook``: the plain git pre-commit hook, in real repositories."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, List, Tuple

import pytest

from contentlint.hooks import staged
from contentlint.hooks.git_hook import (
    HOOK_MARKER,
    hook_script,
    install_hook,
    main,
    shell_quote,
)
from contentlint.hooks.staged import check_staged, staged_content_files

PROJECT_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def git_env(monkeypatch: Any) -> None:
    """Git runs with no user or system configuration and a fixed identity.

    The hook's Python must find this checkout of contentlint, installed or not.
    """
    for name in list(os.environ):
        if name.startswith("GIT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Content Editor")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "editor@example.org")
    existing = os.environ.get("PYTHONPATH")
    paths = [str(PROJECT_ROOT)] + ([existing] if existing else [])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(["git", *args], cwd=repo, check=check, capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path: Path, git_env: None) -> Path:
    path = tmp_path / "site"
    path.mkdir()
    git(path, "init", "-q")
    return path


def hook_path(repo: Path) -> Path:
    return repo / ".git" / "hooks" / "pre-commit"


# ----------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    "text",
    ["/usr/bin/python3", "/opt/my python/bin/python", "it's", '$HOME `id` "q" \\ *', ""],
)
def test_shell_quote_is_one_literal_word(text: str) -> None:
    printed = subprocess.run(
        ["sh", "-c", f"printf %s {shell_quote(text)}"], capture_output=True, text=True, check=True
    )
    assert printed.stdout == text


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        (b"", []),
        (b"a.md\0", ["a.md"]),
        (
            b"a (1) [draft].md\0img.png\0x\ny.MD\0-dash.html\0notes.txt\0site.xml\0script.py\0",
            ["a (1) [draft].md", "x\ny.MD", "-dash.html", "notes.txt", "site.xml"],
        ),
        (b"caf\xe9.md\0", [os.fsdecode(b"caf\xe9.md")]),
        (
            b"post.mdx\0old.mkd\0x.mdown\0y.markdown\0z.htm\0",
            ["post.mdx", "old.mkd", "x.mdown", "y.markdown", "z.htm"],
        ),
    ],
)
def test_staged_names_are_taken_literally(listing: bytes, expected: List[str]) -> None:
    assert staged_content_files(listing) == expected


def test_check_staged_checks_each_blob_as_named_standard_input(monkeypatch: Any) -> None:
    calls: List[Tuple[List[str], bytes]] = []

    def fake_main(argv: List[str]) -> int:
        calls.append((list(argv), sys.stdin.buffer.read()))
        return 1 if argv[-2].endswith("b.md") else 0

    def fake_blobs(paths: List[str], cwd: Any = None) -> List[Tuple[str, bytes]]:
        return [(path, f"staged {path}".encode()) for path in paths]

    monkeypatch.setattr(staged, "contentlint_main", fake_main)
    monkeypatch.setattr(staged, "staged_blobs", fake_blobs)
    monkeypatch.setattr(staged, "_git", lambda args, cwd, stdin=b"": b"")
    assert check_staged(b"-x.md\0a b.md\0logo.png\0") == 1
    assert calls == [
        (["check", "--force-exclude", "--quiet", "--stdin-filename=-x.md", "-"], b"staged -x.md"),
        (["check", "--force-exclude", "--quiet", "--stdin-filename=a b.md", "-"], b"staged a b.md"),
    ]
    calls.clear()
    assert check_staged(b"logo.png\0") == 0
    assert check_staged(b"") == 0
    assert calls == []


def test_script_is_posix_sh_and_marked() -> None:
    script = hook_script("/opt/my python/bin/python3")
    assert script.startswith("#!/bin/sh\n")
    assert HOOK_MARKER in script
    assert "'/opt/my python/bin/python3'" in script
    assert "--diff-filter=ACMR" in script and " -z " in script
    subprocess.run(["sh", "-n", "-c", script], check=True)


# ----------------------------------------------------------------------------- install


def test_install_writes_an_executable_hook(repo: Path, capsys: Any) -> None:
    assert install_hook(str(repo)) == 0
    path = hook_path(repo)
    assert path.read_text(encoding="utf-8") == hook_script(sys.executable)
    assert os.stat(path).st_mode & stat.S_IXUSR
    assert "installed" in capsys.readouterr().out
    assert install_hook(str(repo)) == 0  # its own hook may be rewritten
    assert "replaced" in capsys.readouterr().out
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".contentlint")] == []


def test_foreign_hook_is_kept_unless_forced(repo: Path, capsys: Any) -> None:
    path = hook_path(repo)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\nexec make lint\n", encoding="utf-8")
    assert main([str(repo)]) == 2
    error = capsys.readouterr().err
    assert "not written by contentlint" in error and "--force" in error
    assert path.read_text(encoding="utf-8") == "#!/bin/sh\nexec make lint\n"
    assert main(["--force", str(repo)]) == 0
    assert HOOK_MARKER in path.read_text(encoding="utf-8")


def test_force_keeps_the_old_hook_as_a_backup(repo: Path, capsys: Any) -> None:
    path = hook_path(repo)
    path.parent.mkdir(parents=True, exist_ok=True)
    older = path.parent / "pre-commit.bak"
    older.write_text("#!/bin/sh\nexit 3\n", encoding="utf-8")
    path.write_text("#!/bin/sh\nexec make lint\n", encoding="utf-8")
    os.chmod(path, 0o755)
    assert main(["--force", str(repo)]) == 0
    out = capsys.readouterr().out
    backup = path.parent / "pre-commit.bak.1"
    assert f"kept as {backup}" in out
    assert backup.read_text(encoding="utf-8") == "#!/bin/sh\nexec make lint\n"
    assert os.stat(backup).st_mode & stat.S_IXUSR
    assert older.read_text(encoding="utf-8") == "#!/bin/sh\nexit 3\n"
    # Rewriting contentlint's own hook needs no backup.
    assert main(["--force", str(repo)]) == 0
    assert "kept as" not in capsys.readouterr().out
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith("pre-commit.bak")) == [
        "pre-commit.bak",
        "pre-commit.bak.1",
    ]


def test_foreign_symlink_is_replaced_not_written_through(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "shared-hook"
    target.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    path = hook_path(repo)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    assert install_hook(str(repo)) == 2
    assert install_hook(str(repo), force=True) == 0
    assert not path.is_symlink()
    assert target.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    backup = path.parent / "pre-commit.bak"
    assert backup.is_symlink() and backup.resolve() == target.resolve()


def test_core_hooks_path_is_respected(repo: Path) -> None:
    git(repo, "config", "core.hooksPath", ".githooks")
    (repo / "content").mkdir()
    assert install_hook(str(repo / "content")) == 0
    assert (repo / ".githooks" / "pre-commit").is_file()
    assert not hook_path(repo).exists()


def test_linked_worktree_uses_the_shared_hooks(repo: Path, tmp_path: Path) -> None:
    git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    worktree = tmp_path / "worktree"
    git(repo, "worktree", "add", "-q", str(worktree))
    assert install_hook(str(worktree)) == 0
    assert hook_path(repo).is_file()


def test_not_a_repository(tmp_path: Path, git_env: None, monkeypatch: Any, capsys: Any) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert install_hook(str(folder)) == 2
    assert "not a git repository" in capsys.readouterr().err


# ----------------------------------------------------------------------------- the script


def test_script_pipes_the_staged_names(repo: Path, tmp_path: Path) -> None:
    """The sh part alone: a stand-in interpreter records what the hook hands it."""
    record = tmp_path / "record"
    fake_python = tmp_path / "fake python"
    fake_python.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > {shell_quote(str(record))}.args\n'
        f"cat > {shell_quote(str(record))}.stdin\nexit 3\n",
        encoding="utf-8",
    )
    fake_python.chmod(0o755)
    (repo / "gone.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "gone.md")
    git(repo, "commit", "-q", "--no-verify", "-m", "start")
    path = hook_path(repo)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hook_script(str(fake_python)), encoding="utf-8")
    path.chmod(0o755)

    for name in ("a (1) [draft].md", "new\nline.md", "img.png"):
        (repo / name).write_text("text\n", encoding="utf-8")
        git(repo, "add", "--", name)
    git(repo, "rm", "-q", "gone.md")
    committed = git(repo, "commit", "-m", "change", check=False)
    assert committed.returncode != 0  # the interpreter's status 3 stopped the commit
    assert Path(f"{record}.args").read_text().splitlines() == [
        "-m",
        "contentlint.hooks.staged",
    ]
    staged = Path(f"{record}.stdin").read_bytes().split(b"\0")
    assert sorted(name for name in staged if name) == [
        b"a (1) [draft].md",
        b"img.png",
        b"new\nline.md",
    ]


def test_missing_interpreter_stops_the_commit_with_advice(repo: Path, tmp_path: Path) -> None:
    path = hook_path(repo)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hook_script(str(tmp_path / "deleted-venv" / "python")), encoding="utf-8")
    path.chmod(0o755)
    (repo / "a.md").write_text("fine\n", encoding="utf-8")
    git(repo, "add", "a.md")
    committed = git(repo, "commit", "-m", "x", check=False)
    assert committed.returncode != 0
    assert "install-hook --force" in committed.stderr


def test_commit_is_stopped_until_the_content_is_fixed(repo: Path) -> None:
    assert install_hook(str(repo)) == 0
    damaged = repo / "news (1) [ar].md"
    damaged.write_text("[card region=\u201dEG\u201d]\n", encoding="utf-8")
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    git(repo, "add", "--", damaged.name, "logo.png")

    refused = git(repo, "commit", "-m", "add news", check=False)
    assert refused.returncode != 0
    assert "news (1) [ar].md:1:" in refused.stdout + refused.stderr
    assert "QT001" in refused.stdout + refused.stderr
    assert "logo.png" not in refused.stdout + refused.stderr
    assert git(repo, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode != 0

    damaged.write_text('[card region="EG"]\n', encoding="utf-8")
    git(repo, "add", "--", damaged.name)
    accepted = git(repo, "commit", "-m", "add news", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr

    # Deleting a file stages nothing to check.
    git(repo, "rm", "-q", "--", damaged.name)
    assert git(repo, "commit", "-m", "remove news", check=False).returncode == 0


def test_module_entry_point_installs(repo: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "contentlint.hooks.git_hook", str(repo)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert HOOK_MARKER in hook_path(repo).read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- what is staged


DAMAGED = "[card region=\u201dEG\u201d]\n"
GOOD = '[card region="EG"]\n'


def commit_staged(repo: Path, staged: str, working: str) -> subprocess.CompletedProcess[str]:
    """Stage ``staged`` as post.md, leave ``working`` in the working copy, and commit."""
    assert install_hook(str(repo)) == 0
    post = repo / "post.md"
    post.write_text(staged, encoding="utf-8")
    git(repo, "add", "post.md")
    post.write_text(working, encoding="utf-8")
    return git(repo, "commit", "-m", "add", check=False)


def test_damaged_staged_content_is_refused_though_the_working_copy_is_clean(repo: Path) -> None:
    refused = commit_staged(repo, DAMAGED, GOOD)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "post.md:1:7: QT001" in output
    # What to run next, in that order.
    assert output.index("contentlint check --fix post.md") < output.index("git add post.md")


def test_good_staged_content_passes_though_the_working_copy_is_damaged(repo: Path) -> None:
    accepted = commit_staged(repo, GOOD, DAMAGED)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(repo, "show", "HEAD:post.md").stdout == GOOD
    assert (repo / "post.md").read_text(encoding="utf-8") == DAMAGED


def test_a_partly_staged_file_is_judged_by_its_staged_part(repo: Path) -> None:
    assert install_hook(str(repo)) == 0
    post = repo / "post.md"
    post.write_text("Intro.\n\n" + GOOD, encoding="utf-8")
    git(repo, "add", "post.md")
    git(repo, "commit", "-q", "-m", "start")
    # Staged: the card is damaged on line 3.  Unstaged: two lines above it.
    post.write_text("Intro.\n\n" + DAMAGED, encoding="utf-8")
    git(repo, "add", "post.md")
    post.write_text("New.\nLines.\nIntro.\n\n" + DAMAGED, encoding="utf-8")
    refused = git(repo, "commit", "-m", "change", check=False)
    assert refused.returncode != 0
    assert "post.md:3:7: QT001" in refused.stdout + refused.stderr


def test_excluded_files_are_not_checked_by_the_hook(repo: Path) -> None:
    assert install_hook(str(repo)) == 0
    (repo / ".contentlint.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "wip.md").write_text(DAMAGED, encoding="utf-8")
    git(repo, "add", ".contentlint.toml", "drafts/wip.md")
    accepted = git(repo, "commit", "-m", "drafts", check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_staged_blobs_are_read_from_the_index(repo: Path) -> None:
    odd = "a (1) [draft]*.md"
    (repo / odd).write_text(DAMAGED, encoding="utf-8")
    (repo / "new\nline.md").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "--", odd, "new\nline.md")
    (repo / odd).write_text("changed after staging\n", encoding="utf-8")
    blobs = dict(staged.staged_blobs([odd, "new\nline.md"], cwd=str(repo)))
    assert blobs == {odd: DAMAGED.encode("utf-8"), "new\nline.md": GOOD.encode("utf-8")}


def test_a_configuration_error_stops_the_commit_and_is_said_once(repo: Path) -> None:
    assert install_hook(str(repo)) == 0
    (repo / ".contentlint.toml").write_text('dialect = "joomla"\n', encoding="utf-8")
    for name in ("a.md", "b.md"):
        (repo / name).write_text(GOOD, encoding="utf-8")
    git(repo, "add", ".")
    refused = git(repo, "commit", "-m", "x", check=False)
    assert refused.returncode != 0
    assert (refused.stdout + refused.stderr).count("joomla") == 1
