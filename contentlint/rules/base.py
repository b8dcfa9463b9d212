"""What a rule is, and what it is given.

A rule is a pure function of a ``RuleContext`` that yields diagnostics; it
never reads files, prints, or knows the output format.  Its docstring is the
user documentation (*What it does / Why is this bad? / Example / Use instead /
Fix safety*).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field, replace
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Tuple

from contentlint.index import DocumentIndex
from contentlint.model import Diagnostic, Document, Fix, Problem, Severity, Shortcode, Span
from contentlint.rules.wording import syntax_message
from contentlint.settings import Registry, Settings
from contentlint.source import Source

_SHORTCODES_KEY = "contentlint.shortcodes"


def every_shortcode(document: Document) -> Tuple[Shortcode, ...]:
    """Every occurrence, nested ones included, in file order (without recursion)."""
    found: List[Shortcode] = []
    pending = list(reversed(document.shortcodes))
    while pending:
        shortcode = pending.pop()
        found.append(shortcode)
        pending.extend(reversed(shortcode.children))
    return tuple(found)


@dataclass
class RuleContext:
    source: Source
    document: Document
    settings: Settings
    registry: Registry = field(default_factory=Registry)
    # Computed on demand and shared between rules.
    cache: Dict[str, object] = field(default_factory=dict)
    # The whole-text indexes; the linter hands over the ones its parse built.
    document_index: Optional[DocumentIndex] = None

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def index(self) -> DocumentIndex:
        """The document's whole-text indexes, shared by every rule."""
        if self.document_index is None:
            self.document_index = DocumentIndex(self.text, self.document.code_spans or None)
        return self.document_index

    @property
    def shortcodes(self) -> Tuple[Shortcode, ...]:
        """Every occurrence, nested ones included, in file order; listed once per document."""
        cached = self.cache.get(_SHORTCODES_KEY)
        if not isinstance(cached, tuple):
            cached = every_shortcode(self.document)
            self.cache[_SHORTCODES_KEY] = cached
        return cached

    def problems(self, code: str) -> Iterator[Problem]:
        return (problem for problem in self.document.problems if problem.code == code)


CheckFunction = Callable[[RuleContext], Iterable[Diagnostic]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    fix_availability: str  # "none" | "safe" | "unsafe" | "sometimes"
    default_enabled: bool
    doc: str
    check: CheckFunction
    # Reports the parser's problems of its code and nothing else: a document
    # with no such problem need not ask it.
    from_problems: bool = False

    def diagnostic(
        self, span: Span, message: str, fix: Optional[Fix] = None, note: Optional[str] = None
    ) -> Diagnostic:
        return Diagnostic(self.code, self.name, self.severity, span, message, fix, note)


def rule(
    code: str,
    name: str,
    severity: Severity = Severity.ERROR,
    *,
    summary: str,
    fix: str = "none",
    default_enabled: bool = True,
) -> Callable[[CheckFunction], Rule]:
    """Turn a check function into a ``Rule``; the function's docstring is its documentation."""

    def wrap(function: CheckFunction) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=severity,
            summary=summary,
            fix_availability=fix,
            default_enabled=default_enabled,
            doc=inspect.cleandoc(function.__doc__ or ""),
            check=function,
        )

    return wrap


def problems_rule(
    code: str, name: str, severity: Severity = Severity.ERROR, *, summary: str, fix: str = "none"
) -> Callable[[CheckFunction], Rule]:
    """A rule that reports the parser's problems of its own code.

    The decorated function is only a carrier for the documentation; the
    parser already found the problems.  The parser's text says what the
    engine does and becomes the note; the message in front of it says what
    the reader will see and what to do (``contentlint.rules.wording``).
    """

    def wrap(function: CheckFunction) -> Rule:
        def check(context: RuleContext) -> Iterator[Diagnostic]:
            dialect = context.document.dialect
            for problem in context.problems(code):
                message, note = syntax_message(code, dialect, problem.message, problem.fix)
                yield Diagnostic(
                    code,
                    name,
                    problem.severity or severity,
                    problem.span,
                    message,
                    problem.fix,
                    note,
                )

        check.__doc__ = function.__doc__
        made = rule(code, name, severity, summary=summary, fix=fix)(check)
        return replace(made, from_problems=True)

    return wrap


Rules = Tuple[Rule, ...]
