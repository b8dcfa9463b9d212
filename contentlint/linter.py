"""The per-file pipeline: Source -> Document -> Diagnostics.

This module wires the rooms together and holds no rule logic of its own,
apart from the precedence that keeps "one problem, one diagnostic" when a
damaged quote also confuses the engine's parser.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

from contentlint.model import Diagnostic, Dialect, Document, Span
from contentlint.settings import Registry, Settings
from contentlint.source import Source

# When a value's quotes are damaged, the engine's own reading of the tag goes
# wrong too (a split value, a mixing error, an unterminated string).  The
# quote rule names the cause; these parser findings are its consequences.
CONSEQUENCES_OF_QUOTES = frozenset({"SC001", "SC002", "SC006", "SC007", "SC008"})
QUOTE_CODES = frozenset({"QT001", "QT002", "QT003", "QT004"})


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


def parse(source: Source, context: FileContext) -> Document:
    settings, registry = context.settings, context.registry
    from contentlint import discovery

    if settings.dialect == "auto" and registry.hugo_site_root is not None:
        dialect = Dialect.HUGO
    else:
        dialect = discovery.choose_dialect(source.path, source.text, settings.dialect)
    if dialect is Dialect.HUGO:
        from contentlint import hugo

        templates: Optional[Dict[str, bool]] = None
        if registry.hugo_templates is not None:
            templates = dict(registry.hugo_templates)
        expectations = inner_expectations(settings)
        if expectations:
            templates = {**(templates or {}), **expectations}
        document = hugo.parse(source.text, templates)
    else:
        from contentlint import wordpress

        document = wordpress.parse(
            source.text, wordpress_names(settings, registry), inner_expectations(settings) or None
        )
    if not document.code_spans:
        from contentlint import markup

        # Code regions are Markdown/HTML facts, shared by every rule of either dialect.
        document = replace(document, code_spans=markup.code_spans(source.text))
    return document


def _quote_tag_spans(document: Document, diagnostics: Sequence[Diagnostic]) -> List[Span]:
    quoted = [d.span for d in diagnostics if d.code in QUOTE_CODES]
    if not quoted:
        return []
    return [
        tag.span
        for tag in document.raw_tags
        if any(tag.span.start <= span.start and span.end <= tag.span.end for span in quoted)
    ]


def _overlaps(span: Span, others: Sequence[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


def _drop_consequences(document: Document, diagnostics: List[Diagnostic]) -> List[Diagnostic]:
    damaged = _quote_tag_spans(document, diagnostics)
    if not damaged:
        return diagnostics
    # A guillemet delimiter brings its no-break space along (French
    # texturizing): the quote fix removes both, so no separate SC009.
    quoted = [d.span for d in diagnostics if d.code in QUOTE_CODES]
    return [
        d
        for d in diagnostics
        if not (
            d.code in CONSEQUENCES_OF_QUOTES
            and any(tag.start <= d.span.start < tag.end for tag in damaged)
        )
        and not (d.code == "SC009" and _overlaps(d.span, quoted))
    ]


def check(
    source: Source, context: FileContext, document: Optional[Document] = None
) -> List[Diagnostic]:
    """Lint one source: parse, run the enabled rules, apply precedence and suppressions."""
    from contentlint import selection, suppressions
    from contentlint.rules.base import RuleContext

    if document is None:
        document = parse(source, context)
    rules = selection.enabled_rules(context.settings, source.path)
    rule_context = RuleContext(source, document, context.settings, context.registry)
    found: List[Diagnostic] = []
    for rule in rules:
        if rule.code == "CL001":
            continue
        found.extend(rule.check(rule_context))
    found = _drop_consequences(document, found)
    cl001 = any(rule.code == "CL001" for rule in rules)
    found = list(suppressions.finalize(source, found, cl001, code_spans=document.code_spans))
    found = [selection.with_severity(d, context.settings) for d in found]
    found.sort(key=lambda d: (d.span.start, d.span.end, d.code))
    return _unique(found)


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
