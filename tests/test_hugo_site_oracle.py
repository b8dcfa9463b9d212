"""A real Hugo site: contentlint's discovery, parser and rules against a real Hugo build.

The site has its own ``layouts/_shortcodes/`` (``notice`` uses ``.Inner``,
``badge`` does not).  Each content file is built alone, because Hugo stops at
the first error; the position Hugo reports must be where contentlint reports
the same fault.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Dict, List, Tuple

import pytest

from contentlint import discovery, linter
from contentlint.config import ConfigLoader
from contentlint.model import Diagnostic
from contentlint.source import Source
from tests.oracles import engines

FRONT_MATTER = "---\ntitle: p\n---\n"

# (id, body, code contentlint must report at Hugo's error position, Hugo's message)
CASES: List[Tuple[str, str, str, str]] = [
    (
        "typo in the name",
        'Intro.\n\nنص {{< badg text="x" >}}\n',
        "SD002",
        'template for shortcode "badg" not found',
    ),
    (
        "missing closing tag on a template with .Inner",
        "Intro.\n\n{{< notice >}}\nText that never ends.\n",
        "SC003",
        'shortcode "notice" must be closed or self-closed',
    ),
    (
        "closing tag on a template without .Inner",
        'Intro.\n\nA {{< badge text="x" >}}y{{< /badge >}}\n',
        "SC012",
        'shortcode "badge" does not evaluate .Inner or .InnerDeindent, yet a closing tag was',
    ),
    (
        "self-closing slash on a template without .Inner",
        'Intro.\n\nنص {{< badge text="x" />}}\n',
        "SC012",
        'shortcode "badge" does not evaluate .Inner or .InnerDeindent, yet a closing tag was',
    ),
]


def make_site(root: Path) -> None:
    (root / "content").mkdir(parents=True)
    (root / "layouts" / "_shortcodes").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "t"\n'
        'disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404", "home", '
        '"section"]\n',
        encoding="utf-8",
    )
    (root / "layouts" / "single.html").write_text("{{ .Content }}", encoding="utf-8")
    shortcodes = root / "layouts" / "_shortcodes"
    (shortcodes / "notice.html").write_text(
        '<div class="notice">{{ .Inner | .Page.RenderString }}</div>', encoding="utf-8"
    )
    (shortcodes / "badge.html").write_text('<b>{{ .Get "text" }}</b>', encoding="utf-8")


_POSITION = re.compile(r'p\.md:(\d+):(\d+)"?:?\s*(.*)')


def hugo_first_error(binary: str, site: Path) -> Tuple[int, int, str]:
    """(line, byte column, message) of the first error Hugo reports for content/p.md."""
    _, output = engines.hugo_build_site(binary, site)
    for line in output.splitlines():
        match = _POSITION.search(line)
        if match:
            return int(match.group(1)), int(match.group(2)), match.group(3)
    raise AssertionError(f"hugo reported no positioned error:\n{output}")


def contentlint_findings(page: Path) -> List[Tuple[str, int, int]]:
    """(code, line, byte column) of each diagnostic contentlint reports for ``page``."""
    discovery.clear_caches()
    settings = ConfigLoader().settings_for(str(page))
    registry = discovery.discover(str(page))
    source = Source.from_bytes(str(page), page.read_bytes())
    diagnostics: List[Diagnostic] = linter.check(source, linter.FileContext(settings, registry))
    found = []
    for diagnostic in diagnostics:
        line, column = source.position(diagnostic.span.start)
        byte_column = len(source.line_text(line)[: column - 1].encode("utf-8")) + 1
        found.append((diagnostic.code, line, byte_column))
    return found


@pytest.fixture(scope="module")
def hugo_results(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Tuple[int, int, str]]:
    reason = engines.hugo_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    binary = engines.hugo_binary()
    assert binary is not None
    site = tmp_path_factory.mktemp("hugo-site")
    make_site(site)
    results: Dict[str, Tuple[int, int, str]] = {}
    for case_id, body, _, _ in CASES:
        (site / "content" / "p.md").write_text(FRONT_MATTER + body, encoding="utf-8")
        results[case_id] = hugo_first_error(binary, site)
    return results


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    make_site(tmp_path)
    return tmp_path


def test_discovery_reads_the_sites_templates(site: Path) -> None:
    discovery.clear_caches()
    registry = discovery.discover(str(site / "content" / "p.md"))
    assert registry.hugo_site_root == str(site)
    assert registry.hugo_templates is not None
    assert registry.hugo_templates["notice"] is True
    assert registry.hugo_templates["badge"] is False
    assert registry.hugo_site_templates == frozenset({"notice", "badge"})


@pytest.mark.parametrize(
    ("body", "code", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_contentlint_reports_where_hugo_fails(
    request: pytest.FixtureRequest,
    hugo_results: Dict[str, Tuple[int, int, str]],
    site: Path,
    body: str,
    code: str,
    message: str,
) -> None:
    case_id = request.node.callspec.id
    line, column, hugo_message = hugo_results[case_id]
    assert message in hugo_message
    page = site / "content" / "p.md"
    page.write_text(FRONT_MATTER + body, encoding="utf-8")
    findings = contentlint_findings(page)
    assert (code, line, column) in findings, (findings, (line, column, hugo_message))


def test_clean_page_builds_and_reports_nothing(site: Path) -> None:
    reason = engines.hugo_unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    binary = engines.hugo_binary()
    assert binary is not None
    page = site / "content" / "p.md"
    page.write_text(
        FRONT_MATTER + 'نص {{< badge text="x" >}}\n\n{{< notice >}}\nText\n{{< /notice >}}\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("HUGO")}
    process = subprocess.run(
        [binary, "--source", str(site), "--destination", str(site / "public")],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert process.returncode == 0, process.stderr.decode("utf-8", "replace")
    assert contentlint_findings(page) == []
