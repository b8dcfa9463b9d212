"""contentlint under the real pre-commit framework, installed from this very checkout.

pre-commit installs a hook repository from git at a revision, so the test
copies the current working tree (committed or not) into a temporary git
repository and commits it: what is tested is always the code on disk.
Installing runs ``pip install .`` of that copy in a fresh virtualenv, which
needs PyPI for the dependencies; the test skips when PyPI cannot be reached,
and fails on any other installation error.  Everything is installed once per
module, in a private ``PRE_COMMIT_HOME``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SKIPPED_PARTS = frozenset(
    {
        ".git",
        "__pycache__",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".venv",
        "venv",
        "build",
        "dist",
        ".hypothesis",
        ".tox",
        ".nox",
    }
)
NETWORK_TROUBLE = (
    "Could not find a version that satisfies",
    "No matching distribution found",
    "Failed to establish a new connection",
    "Temporary failure in name resolution",
    "Network is unreachable",
    "ConnectionError",
    "ReadTimeoutError",
)
HOOK_TIMEOUT = 1200  # seconds; only a guard against a hung install, never an assertion

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
MANIFEST = PROJECT_ROOT / ".pre-commit-hooks.yaml"


def clean_environment(pre_commit_home: Path) -> Dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("GIT_", "PRE_COMMIT")) and name not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="Content Editor",
        GIT_AUTHOR_EMAIL="editor@example.org",
        GIT_COMMITTER_NAME="Content Editor",
        GIT_COMMITTER_EMAIL="editor@example.org",
        PRE_COMMIT_HOME=str(pre_commit_home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
    )
    return env


def run(
    args: List[str], cwd: Path, env: Dict[str, str], check: bool = True
) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=HOOK_TIMEOUT
    )


def project_files() -> List[Path]:
    """The working tree: tracked and untracked files, minus ignored ones, when git knows it."""
    listed: List[Path] = []
    if (PROJECT_ROOT / ".git").exists():
        output = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            check=True,
        ).stdout
        listed = [Path(os.fsdecode(name)) for name in output.split(b"\0") if name]
    else:
        listed = [path.relative_to(PROJECT_ROOT) for path in PROJECT_ROOT.rglob("*")]
    return [
        relative
        for relative in listed
        if not SKIPPED_PARTS.intersection(relative.parts)
        and not relative.name.endswith((".pyc", ".egg-info"))
        and (PROJECT_ROOT / relative).is_file()
    ]


def snapshot(destination: Path, env: Dict[str, str]) -> str:
    """Commit a copy of the current working tree into ``destination``; return the commit."""
    destination.mkdir()
    for relative in project_files():
        target = destination / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_ROOT / relative, target)
    run(["git", "init", "-q"], destination, env)
    run(["git", "add", "-A"], destination, env)
    run(["git", "commit", "-q", "--no-verify", "-m", "snapshot"], destination, env)
    return str(run(["git", "rev-parse", "HEAD"], destination, env).stdout).strip()


class Site:
    def __init__(self, path: Path, env: Dict[str, str]) -> None:
        self.path = path
        self.env = env

    def pre_commit(self, *args: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
        return run([sys.executable, "-m", "pre_commit", *args], self.path, self.env, check=False)

    def write(self, name: str, text: str) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        run(["git", "add", "--", name], self.path, self.env)
        return path


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, str]]:
    base = tmp_path_factory.mktemp("pre-commit")
    env = clean_environment(base / "home")
    revision = snapshot(base / "contentlint", env)
    config = (
        "repos:\n"
        f"  - repo: {(base / 'contentlint').as_posix()}\n"
        f"    rev: {revision}\n"
        "    hooks:\n"
        "      - id: contentlint\n"
        "      - id: contentlint-fix\n"
    )
    yield {"config": config, "env_home": str(base / "home"), "base": str(base)}


def new_site(name: str, hook_repository: Dict[str, str]) -> Site:
    path = Path(hook_repository["base"]) / name
    path.mkdir()
    env = clean_environment(Path(hook_repository["env_home"]))
    site = Site(path, env)
    run(["git", "init", "-q"], path, env)
    site.write(".pre-commit-config.yaml", hook_repository["config"])
    return site


@pytest.fixture(scope="module")
def installed(hook_repository: Dict[str, str]) -> Dict[str, str]:
    site = new_site("install", hook_repository)
    completed = site.pre_commit("install-hooks")
    output = completed.stdout + completed.stderr
    if completed.returncode != 0:
        if any(sign in output for sign in NETWORK_TROUBLE):
            pytest.skip(f"pre-commit could not reach PyPI to install the hook:\n{output[-2000:]}")
        pytest.fail(f"pre-commit could not install contentlint:\n{output}")
    return hook_repository


DAMAGED = "Intro\n\n[card region=\u201dEG\u201d]\n"
REPAIRED = 'Intro\n\n[card region="EG"]\n'


def test_check_fails_fix_repairs_then_passes(installed: Dict[str, str]) -> None:
    site = new_site("site", installed)
    post = site.write("content/post.md", DAMAGED)
    odd = site.write("content/a (1) [draft].md", DAMAGED.replace("EG", "SA"))
    clean = site.write("content/clean.md", "Nothing to see.\n")
    script = site.write("tools/build.py", "print(\u201dnot content\u201d)\n")

    checked = site.pre_commit("run", "contentlint", "--all-files")
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1, output
    assert re.search(r"^content/post\.md:3:\d+: QT001 ", output, re.MULTILINE)
    assert re.search(r"^content/a \(1\) \[draft\]\.md:3:\d+: QT001 ", output, re.MULTILINE)
    assert "build.py" not in output and "clean.md" not in output
    assert post.read_text(encoding="utf-8") == DAMAGED  # the check hook never writes

    fixed = site.pre_commit("run", "contentlint-fix", "--all-files")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr  # it changed files
    assert post.read_text(encoding="utf-8") == REPAIRED
    assert odd.read_text(encoding="utf-8") == REPAIRED.replace("EG", "SA")
    assert clean.read_text(encoding="utf-8") == "Nothing to see.\n"
    assert script.read_text(encoding="utf-8") == "print(\u201dnot content\u201d)\n"

    passed = site.pre_commit("run", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_commit_through_the_installed_git_hook(installed: Dict[str, str]) -> None:
    site = new_site("committing", installed)
    assert site.pre_commit("install").returncode == 0
    site.write("news (ar) [1].md", DAMAGED)
    refused = run(["git", "commit", "-m", "news"], site.path, site.env, check=False)
    assert refused.returncode != 0
    # git hands a hook's output to standard error.
    output = refused.stdout + refused.stderr
    assert re.search(r"^news \(ar\) \[1\]\.md:3:\d+: QT001 ", output, re.MULTILINE)

    # contentlint-fix repaired the file in the same run; stage it and commit.
    assert (site.path / "news (ar) [1].md").read_text(encoding="utf-8") == REPAIRED
    run(["git", "add", "--", "news (ar) [1].md"], site.path, site.env)
    accepted = run(["git", "commit", "-m", "news"], site.path, site.env, check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_framework_judges_what_is_staged(installed: Dict[str, str]) -> None:
    """pre-commit stashes unstaged changes before its hooks run, so they see the staged text."""
    site = new_site("staging", installed)
    assert site.pre_commit("install").returncode == 0
    post = site.write("post.md", REPAIRED)
    post.write_text(DAMAGED, encoding="utf-8")  # damaged, but not staged
    accepted = run(["git", "commit", "-m", "good"], site.path, site.env, check=False)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert post.read_text(encoding="utf-8") == DAMAGED  # the unstaged change is given back

    site.write("post.md", DAMAGED)
    post.write_text(REPAIRED, encoding="utf-8")  # clean, but not staged
    refused = run(["git", "commit", "-m", "bad"], site.path, site.env, check=False)
    assert refused.returncode != 0
    assert re.search(r"^post\.md:3:\d+: QT001 ", refused.stdout + refused.stderr, re.MULTILINE)


@pytest.mark.parametrize("hook_id", ["contentlint", "contentlint-fix"])
def test_manifest_hooks(hook_id: str) -> None:
    """What pre-commit will run, checked without installing anything."""
    import yaml

    from contentlint.cli import build_parser
    from contentlint.settings import DEFAULT_EXTENSIONS

    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    assert sorted(hooks) == ["contentlint", "contentlint-fix"]
    hook = hooks[hook_id]
    assert hook["language"] == "python"
    assert hook["types"] == ["text"]
    files = re.compile(hook["files"])
    for extension in DEFAULT_EXTENSIONS:
        assert files.search(f"content/a (1) [draft]{extension}")
        assert files.search(f"LEGACY{extension.upper()}")
    for other in ("tools/build.py", "logo.png", "post.md.orig", "md", "notes.text"):
        assert not files.search(other)

    entry = shlex.split(hook["entry"])
    assert entry[0] == "contentlint"
    arguments = build_parser().parse_args(entry[1:])
    assert arguments.command == "check" and arguments.force_exclude
    assert arguments.fix == arguments.exit_non_zero_on_fix == (hook_id == "contentlint-fix")

    clientlib = importlib.import_module("pre_commit.clientlib")
    loaded = clientlib.load_manifest(str(MANIFEST))  # raises on an invalid manifest
    assert [hook["id"] for hook in loaded] == sorted(hooks)
