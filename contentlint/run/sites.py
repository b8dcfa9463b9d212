"""Findings about a whole Hugo site: reported once per site and run, on its configuration.

A theme or module that is not on disk (SD007) and a right-to-left language
without a direction (RTL005) are faults of the site's configuration, not of
any one content file, so the run reports each once, positioned on the line
that declares it, whatever the number of pages it touches.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Sequence, Tuple


def site_findings(targets: Sequence[Tuple[str, str, bool]], loader: Any) -> List[Any]:
    """Located findings about each Hugo site that holds one of ``targets``."""
    from contentlint import discovery, selection
    from contentlint.model import Diagnostic, Severity, Span
    from contentlint.results import locate
    from contentlint.rules import BY_CODE
    from contentlint.safeio import FileProblem, read_support
    from contentlint.source import Source
    from contentlint.walk import display_path

    pages: Dict[str, List[str]] = {}
    for path, _, _ in targets:
        if path != "-":
            root = discovery.find_hugo_site(os.path.abspath(path))
            if root is not None:
                pages.setdefault(root, []).append(os.path.abspath(path))
    located: List[Any] = []
    for root in sorted(pages):
        hugo_version = loader.settings_for(root).hugo_version
        for finding in discovery.site_findings(root, hugo_version, pages[root]):
            rule = BY_CODE[finding.code]
            settings = loader.settings_for(finding.path)
            if rule not in selection.enabled_rules(settings, finding.path):
                continue
            try:
                text = read_support(finding.path).decode("utf-8-sig")
            except (FileProblem, UnicodeDecodeError):
                continue
            source = Source.from_text(display_path(finding.path, False), text)
            start = source.offset(finding.line, 1)
            end = start + len(source.line_text(finding.line))
            diagnostic = Diagnostic(
                finding.code, rule.name, Severity.WARNING, Span(start, end), finding.message
            )
            located.append(locate(source, selection.with_severity(diagnostic, settings)))
    return located
