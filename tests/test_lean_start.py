"""A one-file check imports only what its run needs: the pre-commit case.

The modules are read from ``sys.modules`` in a fresh interpreter, never timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Set

import pytest

_SCRIPT = """
import sys
from contentlint import cli
try:
    status = cli.main(sys.argv[1:])
except SystemExit as exit:
    status = exit.code
print("-- status and modules --")
print(status)
print("\\n".join(sorted(sys.modules)))
"""

# Never needed to check one file with the default text output and no cache.
NEVER = {
    "contentlint.docs",
    "contentlint.init",
    "contentlint.inventory",
    "contentlint.baseline",
    "contentlint.fixer",
    "contentlint.hugosite",
    "contentlint.hooks",
    "contentlint.run.cache",
    "contentlint.reporters.sarif",
    "contentlint.reporters.junit",
    "contentlint.reporters.github",
    "contentlint.reporters.gitlab",
    "contentlint.reporters.json_output",
    "difflib",
    "hashlib",
    "html",
    "json",
    "multiprocessing",
}


def _modules(tmp_path: Path, name: str, text: str) -> Set[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("CI", None)
    result = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "check", "--no-cache", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=True,
    )
    _, after = result.stdout.split("-- status and modules --\n")
    status, *modules = after.splitlines()
    assert status in ("0", "1"), result.stdout + result.stderr
    return set(modules)


def test_a_wordpress_post_needs_no_hugo_front_matter_or_letter_classes(tmp_path: Path) -> None:
    modules = _modules(tmp_path, "post.html", 'Hello [gallery ids="1,2"] world.\n')
    assert "contentlint.wordpress" in modules
    unexpected = (NEVER | {"contentlint.hugo", "contentlint.frontmatter", "regex"}) & modules
    assert unexpected == set()


def test_a_wordpress_post_with_findings_imports_no_other_reporter(tmp_path: Path) -> None:
    modules = _modules(tmp_path, "post.html", "[gallery ids=\u201c1\u201d]\n")
    assert "contentlint.reporters.text" in modules
    assert (NEVER | {"contentlint.hugo", "contentlint.frontmatter"}) & modules == set()


@pytest.mark.parametrize(
    "text",
    [
        'A page.\n\n{{< figure src="a.png" >}}\n',
        '---\ntitle: "x"\n---\n{{< figure src="a.png" >}}\n',
        # Damaged quotes: the quote rules read the Hugo tag, not a WordPress one.
        "A page.\n\n{{< figure src=\u201ca.png\u201d >}}\n",
    ],
)
def test_a_hugo_page_needs_no_report_fix_or_wordpress_machinery(tmp_path: Path, text: str) -> None:
    modules = _modules(tmp_path, "page.md", text)
    assert "contentlint.hugo" in modules
    assert (NEVER | {"contentlint.wordpress"}) & modules == set()
