"""Findings about a whole Hugo site: reported once per site and run, on its configuration.

A theme or module that is not on disk (SD007) and a right-to-left language
without a direction (RTL005) are faults of the site's configuration, not of
any one content file, so the run reports each once, positioned on the line
that declares it, whatever the number of pages it touches.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional


class SitePages:
    """The pages of each Hugo site a run checks, each folder's site found once."""

    def __init__(self) -> None:
        self._root_of: Dict[str, Optional[str]] = {}
        self.pages: Dict[str, List[str]] = {}

    def add(self, folder: str, page: str) -> None:
        """Note ``page`` (absolute) in ``folder`` (absolute, normal: the page's folder)."""
        root = self._root_of.get(folder, "")
        if root == "":
            from contentlint import discovery

            root = self._root_of[folder] = discovery.find_hugo_site(folder)
        if root is not None:
            self.pages.setdefault(root, []).append(page)


def site_findings(sites: SitePages, loader: Any) -> List[Any]:
    """Located findings about each Hugo site that holds one of the run's pages."""
    if not sites.pages:
        return []
    from contentlint import discovery, selection
    from contentlint.model import Diagnostic, Severity, Span
    from contentlint.results import locate
    from contentlint.rules import BY_CODE
    from contentlint.safeio import FileProblem, read_support
    from contentlint.source import Source
    from contentlint.walk import display_path

    pages = sites.pages
    located: List[Any] = []
    for root in sorted(pages):
        site = loader.settings_for(root)
        findings = discovery.site_findings(root, site.hugo_version, pages[root], site.themes_dir)
        for finding in findings:
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
