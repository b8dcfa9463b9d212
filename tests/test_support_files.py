"""Files read to learn about the content (configuration, site model, templates, baseline, cache).

Only regular files are read: a FIFO or a link to a device in any of these
places once hung the run or filled the memory.  Each is refused with a
diagnostic naming the file and saying what contentlint did instead, and the
run goes on.  Every run here is a process of its own, bounded in time and
memory, so that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from pathlib import Path
from typing import Callable, List, Tuple

import pytest

from tests.test_safety import run_process as run_in_process

POST = "Intro.\n\n{{< card region=\u201dEG\u201d >}}x{{< /card >}}\n"
WP_POST = "Intro.\n\n[card region=\u201dEG\u201d]\n"

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_dev_zero = pytest.mark.skipif(
    not os.path.exists("/dev/zero"), reason="no /dev/zero on this platform"
)


def run_process(args: List[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A run in its own process; a read that blocks makes it time out (and the test fail)."""
    return run_in_process(args, cwd, timeout=20)


def check(
    cwd: Path, *paths: str, options: Tuple[str, ...] = ("--no-cache",)
) -> subprocess.CompletedProcess[str]:
    return run_process(["check", *options, "--format", "concise", *(paths or ("content",))], cwd)


def hugo_site(root: Path, config: str = 'baseURL = "https://example.org/"\n') -> Path:
    (root / "hugo.toml").write_text(config, encoding="utf-8")
    (root / "content").mkdir()
    (root / "content" / "post.md").write_text(POST, encoding="utf-8")
    (root / "layouts" / "shortcodes").mkdir(parents=True)
    (root / "layouts" / "shortcodes" / "card.html").write_text("{{ .Inner }}\n", encoding="utf-8")
    return root


def wordpress_post(root: Path) -> None:
    (root / "content").mkdir()
    (root / "content" / "post.md").write_text(WP_POST, encoding="utf-8")


def fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def dev_zero(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/zero")


KINDS = [
    pytest.param(fifo, "FIFO", marks=needs_fifo, id="fifo"),
    pytest.param(dev_zero, "character device", marks=needs_dev_zero, id="dev-zero"),
]


def assert_refused(completed: subprocess.CompletedProcess[str], shown: str, kind: str) -> str:
    """The refusal's diagnostic line, positioned on the file and naming what it is."""
    lines = [
        line for line in completed.stdout.splitlines() if line.startswith(f"{shown}:1:1: IO001")
    ]
    assert lines, completed.stdout + completed.stderr
    assert f"{kind}" in lines[0] and "not a regular file" in lines[0], lines[0]
    return lines[0]


# ----------------------------------------------------------------------------- the Hugo site


@pytest.mark.parametrize("make, kind", KINDS)
def test_a_template_that_is_not_a_regular_file_is_skipped(
    tmp_path: Path, make: Callable[[Path], None], kind: str
) -> None:
    hugo_site(tmp_path)
    template = tmp_path / "layouts" / "shortcodes" / "card.html"
    template.unlink()
    make(template)
    completed = check(tmp_path)
    line = assert_refused(completed, "layouts/shortcodes/card.html", kind)
    assert "card" in line.split("IO001", 1)[1]  # says what it means for the shortcode
    assert "content/post.md:3:10: QT001" in completed.stdout  # the run went on


@needs_fifo
@pytest.mark.parametrize(
    "options",
    [("--no-cache", "--jobs", "2"), ("--jobs", "1"), ("--jobs", "2")],
    ids=["workers", "cache", "cache-and-workers"],
)
def test_a_refused_template_is_reported_by_every_kind_of_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: Tuple[str, ...]
) -> None:
    # Workers read the site in processes of their own; a cached file is not read again.
    monkeypatch.delenv("CONTENTLINT_CACHE_DIR", raising=False)  # the cache in tmp_path
    hugo_site(tmp_path)
    (tmp_path / "content" / "other.md").write_text(POST, encoding="utf-8")
    template = tmp_path / "layouts" / "shortcodes" / "card.html"
    template.unlink()
    fifo(template)
    for _ in range(2):
        completed = check(tmp_path, options=options)
        assert_refused(completed, "layouts/shortcodes/card.html", "FIFO")
        assert "content/other.md:3:10: QT001" in completed.stdout
        assert completed.stdout.count("card.html:1:1: IO001") == 1


@pytest.mark.parametrize("make, kind", KINDS)
@pytest.mark.parametrize(
    "name",
    ["hugo.toml", "config/_default/params.toml", "config/_default/hugo.toml"],
)
def test_a_hugo_configuration_that_is_not_a_regular_file_is_skipped(
    tmp_path: Path, make: Callable[[Path], None], kind: str, name: str
) -> None:
    hugo_site(tmp_path)
    if name == "hugo.toml":
        (tmp_path / name).unlink()
    make(tmp_path / name)
    completed = check(tmp_path)
    line = assert_refused(completed, name, kind)
    assert "may differ" in line  # a configuration left out changes what is found
    assert "content/post.md:3:10: QT001" in completed.stdout


@needs_fifo
@pytest.mark.parametrize(
    "config, name",
    [
        ('theme = "example.com/theme"\n', "_vendor/modules.txt"),
        ('theme = "example.com/theme"\n[module]\nworkspace = "hugo.work"\n', "hugo.work"),
        ('theme = "example.com/theme"\n[module]\nworkspace = "hugo.work"\n', "theme/go.mod"),
    ],
)
def test_a_module_file_that_is_a_fifo_is_skipped(tmp_path: Path, config: str, name: str) -> None:
    hugo_site(tmp_path, 'baseURL = "https://example.org/"\n' + config)
    if name == "theme/go.mod":
        (tmp_path / "hugo.work").write_text("go 1.22\n\nuse ./theme\n", encoding="utf-8")
    fifo(tmp_path / name)
    completed = check(tmp_path)
    assert_refused(completed, name, "FIFO")
    assert "content/post.md:3:10: QT001" in completed.stdout


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets on this platform")
def test_a_refused_site_configuration_is_reported_by_each_run_of_a_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process, so a socket (which cannot block an open) stands for the FIFO.
    from contentlint.cli import main

    hugo_site(tmp_path)
    (tmp_path / "config" / "_default").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "config" / "_default")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind("params.toml")
    monkeypatch.chdir(tmp_path)
    try:
        for _ in range(2):  # the site model is kept between runs; its refusals are not lost
            main(["check", "--no-cache", "--format", "concise", "content"])
            out = capsys.readouterr().out
            assert "config/_default/params.toml:1:1: IO001 a socket, not a regular file" in out
    finally:
        listener.close()


# ------------------------------------------------------------- contentlint's own configuration


@pytest.mark.parametrize("make, kind", KINDS)
@pytest.mark.parametrize("name", [".contentlint.toml", "contentlint.toml", "pyproject.toml"])
def test_a_found_configuration_that_is_not_a_regular_file_is_skipped(
    tmp_path: Path, make: Callable[[Path], None], kind: str, name: str
) -> None:
    # The configuration above still applies: it turns QT001 off.
    (tmp_path / ".contentlint.toml").write_text('ignore = ["QT001"]\n', encoding="utf-8")
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "post.md").write_text(WP_POST + '[card region="x\n', encoding="utf-8")
    make(folder / name)
    completed = check(tmp_path)
    line = assert_refused(completed, f"content/{name}", kind)
    assert "configuration" in line and "may differ" in line
    assert "content/post.md:4:1: SC001" in completed.stdout  # the run went on ...
    assert "QT001" not in completed.stdout.replace(line, "")  # ... with the configuration above


@needs_fifo
@pytest.mark.parametrize(
    "options, named",
    [
        (["--config", "named.toml"], "named.toml"),
        (["--baseline", "named.json"], "named.json"),
        ([], "extend"),
    ],
)
def test_a_file_named_for_the_run_that_is_a_fifo_is_an_error(
    tmp_path: Path, options: List[str], named: str
) -> None:
    # A configuration, an extended one or a baseline that the user named cannot be left out.
    if named == "extend":
        (tmp_path / ".contentlint.toml").write_text('extend = "base.toml"\n', encoding="utf-8")
    fifo(tmp_path / ("base.toml" if named == "extend" else named))
    wordpress_post(tmp_path)
    completed = check(tmp_path, *options, "content")
    assert completed.returncode == 2, completed.stdout
    assert named in completed.stderr and "FIFO" in completed.stderr


@needs_fifo
def test_a_gitignore_that_is_a_fifo_is_skipped(tmp_path: Path) -> None:
    wordpress_post(tmp_path)
    fifo(tmp_path / "content" / ".gitignore")
    completed = check(tmp_path)
    line = assert_refused(completed, "content/.gitignore", "FIFO")
    assert "not applied" in line
    assert "content/post.md:3:" in completed.stdout


# ------------------------------------------------------------- init, cache, hook


@pytest.mark.parametrize("make, kind", KINDS)
def test_init_beside_a_pyproject_that_is_not_a_regular_file(
    tmp_path: Path, make: Callable[[Path], None], kind: str
) -> None:
    make(tmp_path / "pyproject.toml")
    (tmp_path / "a.html").write_text('[card rtl="true"]\n', encoding="utf-8")
    completed = run_process(["init", "."], tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / ".contentlint.toml").is_file()


@needs_fifo
def test_init_in_a_site_with_a_template_that_is_a_fifo(tmp_path: Path) -> None:
    hugo_site(tmp_path)
    template = tmp_path / "layouts" / "shortcodes" / "card.html"
    template.unlink()
    fifo(template)
    completed = run_process(["init", "."], tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "note: layouts/shortcodes/card.html: a FIFO" in completed.stdout
    assert (tmp_path / ".contentlint.toml").is_file()


@pytest.fixture
def cached_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A post in tmp_path, whose runs keep their cache in tmp_path."""
    monkeypatch.delenv("CONTENTLINT_CACHE_DIR", raising=False)
    wordpress_post(tmp_path)


def check_with_cache(root: Path) -> None:
    completed = check(root, options=())
    assert "content/post.md:3:" in completed.stdout, completed.stderr


def _index_path(cache: Path) -> Path:
    """The cache shard that records the post of ``cached_post``."""
    from contentlint.run.cache import Cache

    post = cache.parent / "content" / "post.md"
    return Path(Cache(str(cache)).shard_path(os.path.abspath(post)))


@pytest.mark.parametrize("make, kind", KINDS)
def test_a_cache_index_that_is_not_a_regular_file_is_ignored(
    tmp_path: Path, make: Callable[[Path], None], kind: str, cached_post: None
) -> None:
    index = _index_path(tmp_path / ".contentlint_cache")
    make(index)
    check_with_cache(tmp_path)
    # The index is replaced by a file of its own, never written through.
    assert stat.S_ISREG(os.lstat(index).st_mode)


def test_the_cache_never_writes_through_a_dangling_link(tmp_path: Path, cached_post: None) -> None:
    cache = tmp_path / ".contentlint_cache"
    cache.mkdir()
    elsewhere = tmp_path / "elsewhere"
    (cache / ".gitignore").symlink_to(elsewhere)
    check_with_cache(tmp_path)
    assert not elsewhere.exists()
    assert _index_path(cache).is_file()  # the cache itself was still saved


def test_the_cache_folder_is_never_a_link_to_elsewhere(tmp_path: Path, cached_post: None) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "build-0000000000000000").mkdir()
    (tmp_path / ".contentlint_cache").symlink_to(elsewhere, target_is_directory=True)
    check_with_cache(tmp_path)
    assert [p.name for p in elsewhere.iterdir()] == ["build-0000000000000000"]


@needs_fifo
def test_show_settings_of_a_fifo_does_not_hang(tmp_path: Path) -> None:
    fifo(tmp_path / "x.md")
    completed = run_process(["check", "--show-settings", "x.md"], tmp_path)
    assert completed.returncode == 0, completed.stderr


@needs_fifo
def test_a_wordpress_plugin_file_that_is_a_fifo_is_skipped(tmp_path: Path) -> None:
    fifo(tmp_path / "wp-content" / "plugins" / "cards" / "cards.php")
    wordpress_post(tmp_path)
    completed = check(tmp_path)
    assert_refused(completed, "wp-content/plugins/cards/cards.php", "FIFO")
    assert "content/post.md:3:" in completed.stdout


@needs_fifo
def test_install_hook_beside_a_hook_that_is_a_fifo(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    fifo(hook)
    for force in ([], ["--force"]):
        completed = run_process(["install-hook", *force], tmp_path)
        assert completed.returncode == 2, completed.stdout
        assert stat.S_ISFIFO(os.lstat(hook).st_mode)
    assert "FIFO" in completed.stderr  # with --force: why it cannot be kept
