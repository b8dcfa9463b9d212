"""The per-file pipeline: Source -> Document -> Diagnostics.

This module wires the rooms together and holds no rule logic of its own,
apart from the precedence that keeps "one problem, one diagnostic" when a
damaged quote also confuses the engine's parser.  The parsers report every
engine error; this is the one place that drops a consequence, and only when
its cause is reported in the same run (selected and not suppressed).
"""

from __future__ import annotations

import bisect
import collections
import re
from dataclasses import dataclass, replace
from typing import Callable, Deque, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from contentlint.index import DocumentIndex
from contentlint.model import Diagnostic, Dialect, Document, Span
from contentlint.settings import Registry, Settings
from contentlint.source import Source

# One cause, one diagnostic.  When a value's quotes are damaged, the
# engine's reading of the whole tag goes wrong too (a split value, a mixing
# error, an unterminated string): the quote rule names the cause.  When a tag
# is never closed, it swallows the next tag's attributes (duplicates, junk):
# SC001 names the cause.  These are the findings each cause explains.
QUOTE_CODES = frozenset({"QT001", "QT002", "QT003", "QT004"})
EXPLAINED_BY = {
    "quote": frozenset({"SC001", "SC002", "SC006", "SC007", "SC008"}),
    "SC001": frozenset({"SC002", "SC006", "SC007", "SC008"}),
}
# How far back a search for the tags around an offset looks: tags overlap
# only when one swallows the next, so a handful is plenty and stays linear.
_OVERLAPPING_TAGS = 8


@dataclass(frozen=True)
class FileContext:
    """Everything about one file that does not depend on its text."""

    settings: Settings
    registry: Registry


def inner_expectations(settings: Settings) -> Dict[str, bool]:
    """Configured ``enclosing`` as name -> must enclose content."""
    expectations: Dict[str, bool] = {}
    for name, schema in settings.schemas.items():
        if schema.enclosing == "always":
            expectations[name] = True
        elif schema.enclosing == "never":
            expectations[name] = False
    return expectations


def wordpress_names(settings: Settings, registry: Registry) -> FrozenSet[str]:
    names = set(settings.known) | set(settings.schemas) | set(settings.deny)
    if registry.wordpress_registered:
        names |= registry.wordpress_registered
    return frozenset(names)


def parse(source: Source, context: FileContext, index: Optional[DocumentIndex] = None) -> Document:
    """The source's document; ``index`` (the source text's) is filled as a side effect."""
    settings, registry = context.settings, context.registry
    from contentlint import discovery, markup

    if index is None:
        index = DocumentIndex(source.text)
    text = source.text
    code: Optional[Tuple[Span, ...]] = None
    tied = discovery.tied_to_engine(settings, registry)
    if not tied:
        code = index.code_spans
    dialect = discovery.choose_dialect(
        text, settings.dialect, registry.hugo_site_root is not None, code
    )
    if code:
        # Nothing ties the file to an engine: its code holds examples, not
        # shortcodes, so the parsers never see it.
        text = markup.without(text, code)
    if dialect is Dialect.HUGO:
        from contentlint import hugo

        templates: Optional[Dict[str, bool]] = None
        if registry.hugo_templates is not None:
            templates = dict(registry.hugo_templates)
        expectations = inner_expectations(settings)
        if expectations:
            templates = {**(templates or {}), **expectations}
        document = hugo.parse(text, templates)
    else:
        from contentlint import wordpress

        # The code regions found above are the document's: the parser need
        # not look for them again in the text with its code blanked out.
        document = wordpress.parse(
            text,
            wordpress_names(settings, registry),
            inner_expectations(settings) or None,
            code_spans=code,
        )
    if code is None and document.code_spans:
        # The parser read the source text itself: its code regions are the index's.
        index.share_code_spans(document.code_spans)
    elif document.code_spans is not index.code_spans:
        # Code regions are Markdown/HTML facts, shared by every rule of either dialect.
        document = replace(document, code_spans=index.code_spans)
    return document


def _tags_around(tags: Sequence[Span], starts: Sequence[int], offset: int) -> List[Span]:
    index = bisect.bisect_right(starts, offset) - 1
    low = max(-1, index - _OVERLAPPING_TAGS)
    return [tags[i] for i in range(index, low, -1) if tags[i].start <= offset < tags[i].end]


def _overlaps(span: Span, sorted_spans: Sequence[Span], starts: Sequence[int]) -> bool:
    index = bisect.bisect_left(starts, span.end) - 1
    low = max(-1, index - _OVERLAPPING_TAGS)
    return any(
        sorted_spans[i].start < span.end and span.start < sorted_spans[i].end
        for i in range(index, low, -1)
    )


def _within(span: Span, sorted_spans: Sequence[Span], starts: Sequence[int]) -> bool:
    index = bisect.bisect_right(starts, span.start) - 1
    low = max(-1, index - _OVERLAPPING_TAGS)
    return any(
        sorted_spans[i].start <= span.start and span.end <= sorted_spans[i].end
        for i in range(index, low, -1)
    )


def _explained_regions(
    text: str, document: Document, causes: Sequence[Diagnostic]
) -> Dict[Span, Set[str]]:
    """Where each cause's consequences lie, with the codes it explains there."""
    tags = sorted({tag.span for tag in document.raw_tags})
    starts = [tag.start for tag in tags]
    regions: Dict[Span, Set[str]] = {}
    for cause in causes:
        if cause.code in QUOTE_CODES:
            for tag in _tags_around(tags, starts, cause.span.start):
                regions.setdefault(tag, set()).update(EXPLAINED_BY["quote"])
        else:
            # An unclosed tag runs to the next ``]`` (WordPress) and takes in
            # whatever attributes stand before it.
            close = text.find("]", cause.span.end)
            end = close + 1 if close >= 0 else cause.span.end
            regions.setdefault(Span(cause.span.start, end), set()).update(EXPLAINED_BY["SC001"])
    return regions


def _drop_consequences(
    text: str, document: Document, diagnostics: List[Diagnostic]
) -> List[Diagnostic]:
    causes = [d for d in diagnostics if d.code in QUOTE_CODES or d.code == "SC001"]
    if not causes:
        return diagnostics
    explained = _explained_regions(text, document, causes)
    regions = sorted(explained)
    region_starts = [region.start for region in regions]
    # A guillemet delimiter brings its no-break space along (French
    # texturizing): the quote fix removes both, so no separate SC009.
    quoted = sorted(
        edit.span
        for d in causes
        if d.code in QUOTE_CODES and d.fix is not None
        for edit in d.fix.edits
    )
    quoted_starts = [span.start for span in quoted]
    # A value split by damaged quotes leaves positional pieces (SD003) inside
    # the quote diagnostic's own span: the quote fix puts them back together.
    damaged = sorted(d.span for d in causes if d.code in QUOTE_CODES)
    damaged_starts = [span.start for span in damaged]
    swallowed = _swallowed_openers(text, causes)
    kept: List[Diagnostic] = []
    for d in diagnostics:
        around = _tags_around(regions, region_starts, d.span.start)
        if any(d.code in explained[region] for region in around):
            continue
        if d.code == "SC009" and _overlaps(d.span, quoted, quoted_starts):
            continue
        if d.code == "SD003" and _within(d.span, damaged, damaged_starts):
            continue
        if d.code == "SC004":
            # The unclosed tag swallowed this closing tag's opener: the first
            # swallowed one of its name before it, not yet answered.
            waiting = swallowed.get(_closing_name(text[d.span.start : d.span.end]))
            if waiting and waiting[0] < d.span.start:
                waiting.popleft()
                continue
        kept.append(d)
    return kept


_OPENER = re.compile(r"\[([^\s\[\]/<>&=]+)")


def _swallowed_openers(text: str, causes: Sequence[Diagnostic]) -> Dict[str, Deque[int]]:
    """Where the ``[name`` openers that unclosed tags read as attribute text are, by name."""
    found: Dict[str, Deque[int]] = {}
    for cause in sorted(causes, key=lambda cause: cause.span.start):
        if cause.code != "SC001":
            continue
        close = text.find("]", cause.span.end)
        if close < 0:
            continue
        for match in _OPENER.finditer(text, cause.span.end, close):
            found.setdefault(match.group(1), collections.deque()).append(match.start())
    return found


def _closing_name(tag: str) -> str:
    return tag[2:-1].strip() if tag.startswith("[/") and tag.endswith("]") else ""


def check(
    source: Source, context: FileContext, document: Optional[Document] = None
) -> List[Diagnostic]:
    """Lint one source: parse, run the enabled rules, apply precedence and suppressions."""
    from contentlint import selection, suppressions
    from contentlint.rules.base import RuleContext

    index = DocumentIndex(source.text)
    if document is None:
        document = parse(source, context, index)
    else:
        index.share_code_spans(document.code_spans)
    rules = selection.enabled_rules(context.settings, source.path)
    rule_context = RuleContext(
        source, document, context.settings, context.registry, document_index=index
    )
    found: List[Diagnostic] = []
    for rule in rules:
        if rule.code == "CL001":
            continue
        found.extend(rule.check(rule_context))
    cl001 = any(rule.code == "CL001" for rule in rules)
    # Comments in code or inside a tag are text, not suppressions.
    not_directives = (*document.code_spans, *(tag.span for tag in document.raw_tags))
    found = list(suppressions.finalize(source, found, cl001, code_spans=not_directives))
    # After suppression: a consequence is dropped only when its cause is reported.
    found = _drop_consequences(source.text, document, found)
    found = _quotes_where_hugo_builds(document, found)
    found = [selection.with_severity(d, context.settings) for d in found]
    found.sort(key=lambda d: (d.span.start, d.span.end, d.code))
    return _unique(found)


def _quotes_where_hugo_builds(
    document: Document, diagnostics: List[Diagnostic]
) -> List[Diagnostic]:
    """Damaged quotes in a Hugo tag that still builds are warnings.

    Hugo then hands the template the value with its curly quotes, so the
    page is wrong but the site builds: an error is kept for what fails the
    build.  A tag fails when the parser reports an error-severity problem
    in it (the quote diagnostic explains and replaces it).
    """
    if document.dialect is not Dialect.HUGO:
        return diagnostics
    from contentlint.model import Severity
    from contentlint.rules import BY_CODE

    failing = sorted(
        problem.span
        for problem in document.problems
        if (problem.severity or BY_CODE[problem.code].severity) is Severity.ERROR
    )
    failing_starts = [span.start for span in failing]
    tags = sorted(tag.span for tag in document.raw_tags)
    tag_starts = [span.start for span in tags]
    kept: List[Diagnostic] = []
    for d in diagnostics:
        if d.code in QUOTE_CODES and d.severity is Severity.ERROR:
            around = _tags_around(tags, tag_starts, d.span.start) or [d.span]
            if not any(_overlaps(tag, failing, failing_starts) for tag in around):
                d = replace(d, severity=Severity.WARNING)
        kept.append(d)
    return kept


def _unique(diagnostics: List[Diagnostic]) -> List[Diagnostic]:
    seen: Set[Tuple[str, int, int, str]] = set()
    kept: List[Diagnostic] = []
    for d in diagnostics:
        key = (d.code, d.span.start, d.span.end, d.message)
        if key not in seen:
            seen.add(key)
            kept.append(d)
    return kept


def check_text(
    text: str,
    path: str = "<text>",
    settings: Optional[Settings] = None,
    registry: Optional[Registry] = None,
    **setting_overrides: object,
) -> List[Diagnostic]:
    """Lint a string with the given settings: the entry point for tests and embedding."""
    base = settings or Settings()
    if setting_overrides:
        base = replace(base, **setting_overrides)  # type: ignore[arg-type]
    return check(Source.from_text(path, text), FileContext(base, registry or Registry()))


def linter_for(source: Source, context: FileContext) -> Callable[[str], List[Diagnostic]]:
    """A function that lints new text of the same file, for the fixer's passes."""

    def lint(text: str) -> List[Diagnostic]:
        return check(source.with_text(text), context)

    return lint


__all__ = ["FileContext", "check", "check_text", "linter_for", "parse"]
