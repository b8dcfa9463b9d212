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
from typing import (
    Any,
    Callable,
    Deque,
    Dict,
    FrozenSet,
    Iterator,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from contentlint import segments
from contentlint.index import DocumentIndex
from contentlint.model import (
    MORE_MAY_FOLLOW,
    Diagnostic,
    Dialect,
    Document,
    Edit,
    Fix,
    FrontMatter,
    Severity,
    Span,
    announce_more,
)
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


class _Reading(NamedTuple):
    """How a text is read: its dialect, and the code regions its parser must not see.

    ``code`` is None when something ties the file to an engine, which then
    reads the shortcodes in its code too.
    """

    dialect: Dialect
    code: Optional[Tuple[Span, ...]]


class _Piece(NamedTuple):
    """What one piece of a large text is told of the whole (see ``segments``)."""

    first: bool  # the piece that starts the text, with its front matter
    code: Tuple[Span, ...]  # the whole text's code regions within the piece
    registration: Any  # the whole text's WordPress names (``wordpress.Registration``)
    definitions: Optional[Set[str]]  # the whole text's Markdown reference definitions


def _reading(text: str, context: FileContext, index: DocumentIndex) -> _Reading:
    settings, registry = context.settings, context.registry
    from contentlint import discovery

    code: Optional[Tuple[Span, ...]] = None
    if not discovery.tied_to_engine(settings, registry):
        code = index.code_spans
    dialect = discovery.choose_dialect(
        text, settings.dialect, registry.hugo_site_root is not None, code
    )
    return _Reading(dialect, code)


def parse(source: Source, context: FileContext, index: Optional[DocumentIndex] = None) -> Document:
    """The source's document; ``index`` (the source text's) is filled as a side effect."""
    if index is None:
        index = DocumentIndex(source.text)
    document = _parse(source.text, context, index, _reading(source.text, context, index))
    if document.code_spans is not index.code_spans:
        # Code regions are Markdown/HTML facts, whichever dialect read the text.
        document = replace(document, code_spans=index.code_spans)
    return document


def _parse(
    text: str,
    context: FileContext,
    index: DocumentIndex,
    reading: _Reading,
    piece: Optional[_Piece] = None,
) -> Document:
    settings, registry = context.settings, context.registry
    from contentlint import markup

    code = reading.code
    whole = text
    if code:
        # Nothing ties the file to an engine: its code holds examples, not
        # shortcodes, so the parsers never see it.
        text = markup.without(text, code)
    if reading.dialect is Dialect.HUGO:
        from contentlint import hugo

        templates: Optional[Dict[str, bool]] = None
        if registry.hugo_templates is not None:
            templates = dict(registry.hugo_templates)
        expectations = inner_expectations(settings)
        if expectations:
            templates = {**(templates or {}), **expectations}
        document = hugo.parse(text, templates, front_matter=piece is None or piece.first)
        if piece is None:
            _share_front_matter(index, document.front_matter, text, whole)
    else:
        from contentlint import wordpress

        # The code regions found above are the document's: the parser need
        # not look for them again in the text with its code blanked out.
        # When none were needed, the index finds them if a rule asks.
        document = wordpress.parse(
            text,
            wordpress_names(settings, registry),
            inner_expectations(settings) or None,
            code_spans=(code or ()) if piece is None else piece.code,
            registration=None if piece is None else piece.registration,
            definitions=None if piece is None else piece.definitions,
        )
    # The document holds the code regions only when they were needed to
    # read it; the rules ask the index, which finds them on first request.
    return document


def _share_front_matter(
    index: DocumentIndex, front_matter: Optional[FrontMatter], parsed: str, whole: str
) -> None:
    """Hand the index the front matter the parser read, when it is the whole text's too:
    the parser read the text itself, or the code it blanked lies past the block."""
    if parsed is whole or (
        front_matter is not None
        and parsed[: front_matter.body_start] == whole[: front_matter.body_start]
    ):
        index.share_front_matter(front_matter)


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
) -> Tuple[Dict[Span, Set[str]], Dict[Span, List[Diagnostic]]]:
    """Where each cause's consequences lie, with the codes it explains there, and the
    quote causes of each tag."""
    tags = sorted({tag.span for tag in document.raw_tags})
    starts = [tag.start for tag in tags]
    regions: Dict[Span, Set[str]] = {}
    quoted: Dict[Span, List[Diagnostic]] = {}
    for cause in causes:
        if cause.code in QUOTE_CODES:
            for tag in _tags_around(tags, starts, cause.span.start):
                regions.setdefault(tag, set()).update(EXPLAINED_BY["quote"])
                quoted.setdefault(tag, []).append(cause)
        else:
            # An unclosed tag runs to the next ``]`` (WordPress) and takes in
            # whatever attributes stand before it.
            close = text.find("]", cause.span.end)
            end = close + 1 if close >= 0 else cause.span.end
            regions.setdefault(Span(cause.span.start, end), set()).update(EXPLAINED_BY["SC001"])
    return regions, quoted


def _drop_consequences(
    text: str, document: Document, diagnostics: List[Diagnostic]
) -> List[Diagnostic]:
    causes = [d for d in diagnostics if d.code in QUOTE_CODES or d.code == "SC001"]
    if not causes:
        return diagnostics
    explained, quoted_in = _explained_regions(text, document, causes)
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
    announced: Set[int] = set()
    for d in diagnostics:
        around = _tags_around(regions, region_starts, d.span.start)
        explaining = [region for region in around if d.code in explained[region]]
        if explaining:
            if d.severity is Severity.ERROR:
                # The engine reads a tag from left to right: an error that
                # starts before the tag's first damaged value is the tag's
                # own, it stays once the quotes are fixed, and the first
                # quote diagnostic says so.
                for region in explaining:
                    first = min(quoted_in.get(region, ()), key=_start, default=None)
                    if first is not None and d.span.start < first.span.start:
                        announced.add(id(first))
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
    return [_announced(d) if id(d) in announced else d for d in kept] if announced else kept


def _start(diagnostic: Diagnostic) -> int:
    return diagnostic.span.start


def _announced(diagnostic: Diagnostic) -> Diagnostic:
    """``diagnostic`` saying, after its cause, that more problems may follow in its tag."""
    if MORE_MAY_FOLLOW in diagnostic.message:
        return diagnostic
    head, _, action = diagnostic.message.rpartition("; ")
    message = f"{head} ({MORE_MAY_FOLLOW}); {action}" if head else announce_more(action)
    return replace(diagnostic, message=message)


_OPENER = re.compile(r"\[([^\s\[\]/<>&=]+)")


def _swallowed_openers(text: str, causes: Sequence[Diagnostic]) -> Dict[str, Deque[int]]:
    """Where the ``[name`` openers that unclosed tags read as attribute text are, by name.

    Unclosed tags that run to the same ``]`` swallow the same openers: each
    is counted once.
    """
    found: Dict[str, Deque[int]] = {}
    read_to = -1
    for cause in sorted(causes, key=lambda cause: cause.span.start):
        if cause.code != "SC001":
            continue
        close = text.find("]", cause.span.end)
        if close < 0:
            continue
        for match in _OPENER.finditer(text, max(cause.span.end, read_to), close):
            found.setdefault(match.group(1), collections.deque()).append(match.start())
        read_to = max(read_to, close)
    return found


def _closing_name(tag: str) -> str:
    return tag[2:-1].strip() if tag.startswith("[/") and tag.endswith("]") else ""


def check(
    source: Source, context: FileContext, document: Optional[Document] = None
) -> List[Diagnostic]:
    """Lint one source: parse, run the enabled rules, apply precedence and suppressions."""
    from contentlint import selection

    index = DocumentIndex(source.text)
    rules = selection.enabled_rules(context.settings, source.path)
    if document is None:
        reading = _reading(source.text, context, index)
        if len(source.text) >= segments.LARGE_TEXT:
            cuts = segments.cuts(
                source.text, reading.dialect, index.code_spans, _enclosing(context)
            )
            if cuts:
                return _check_in_pieces(source, context, index, reading, rules, cuts)
        document = _parse(source.text, context, index, reading)
    else:
        index.share_code_spans(document.code_spans)
    return _checked(source, context, index, document, rules)


def _checked(
    source: Source,
    context: FileContext,
    index: DocumentIndex,
    document: Document,
    rules: Sequence[Any],
    letters: Optional[List[Any]] = None,
    shared: Optional[Dict[str, object]] = None,
) -> List[Diagnostic]:
    """The findings of ``rules`` in ``document``, after precedence and suppressions.

    With ``letters`` (a piece of a large text), the piece's letter counts for
    RTL005 are added to it.  ``shared`` is what the rules learned of the
    pieces before (their cache entries), and is updated with what they learn
    of this one.
    """
    from contentlint import selection, suppressions
    from contentlint.rules.base import RuleContext

    rule_context = RuleContext(
        source, document, context.settings, context.registry, document_index=index
    )
    if shared is not None:
        rule_context.cache.update(shared)
    found: List[Diagnostic] = []
    problem_codes = {problem.code for problem in document.problems}
    cl001 = False
    for rule in rules:
        if rule.code == "CL001":
            cl001 = True
        elif not rule.from_problems or rule.code in problem_codes:
            found.extend(rule.check(rule_context))
    if shared is not None:
        shared.update((key, rule_context.cache[key]) for key in shared)
    if letters is not None:
        from contentlint.rules import rtl as rtl_rules

        letters.append(rtl_rules.document_letter_counts(rule_context))
    not_directives: Tuple[Span, ...] = ()
    if suppressions.OPEN in source.text:
        # Comments in code or inside a tag are text, not suppressions.
        not_directives = (*index.code_spans, *(tag.span for tag in document.raw_tags))
    found = list(suppressions.finalize(source, found, cl001, code_spans=not_directives))
    # After suppression: a consequence is dropped only when its cause is reported.
    found = _drop_consequences(source.text, document, found)
    found = _quotes_where_hugo_builds(document, found)
    found = [selection.with_severity(d, context.settings) for d in found]
    found.sort(key=lambda d: (d.span.start, d.span.end, d.code))
    return _unique(found)


_DOCUMENT_DIRECTION = "RTL005"


def _enclosing(context: FileContext) -> List[str]:
    """The Hugo shortcodes whose template takes inner content."""
    templates = dict(context.registry.hugo_templates or {})
    templates.update(inner_expectations(context.settings))
    return [name for name, inner in templates.items() if inner]


def _check_in_pieces(
    source: Source,
    context: FileContext,
    index: DocumentIndex,
    reading: _Reading,
    rules: Sequence[Any],
    cuts: Sequence[int],
) -> List[Diagnostic]:
    """``check`` of a large text, a piece at a time: only one piece's document is alive."""
    text = source.text
    bounds = list(zip([0, *cuts], [*cuts, len(text)]))
    codes = _split(index.code_spans, bounds)
    registration: Any = None
    definitions: Optional[Set[str]] = None
    if reading.dialect is Dialect.WORDPRESS:
        from contentlint import markup, wordpress

        definitions = wordpress.reference_definitions(text)
        known = wordpress_names(context.settings, context.registry)

        def parsed_texts() -> Iterator[Tuple[int, str]]:
            for (start, end), code in zip(bounds, codes):
                piece_text = text[start:end]
                yield start, markup.without(piece_text, code) if reading.code else piece_text

        registration = wordpress.registration(
            known,
            [
                (start, wordpress.evidence(piece, known, definitions))
                for start, piece in parsed_texts()
            ],
        )
        registration.find_present(piece for _, piece in parsed_texts())
    # The document's direction is judged once, on the letters of every piece.
    direction = any(rule.code == _DOCUMENT_DIRECTION for rule in rules)
    letters: Optional[List[Any]] = [] if direction and index.may_hold_rtl_letters else None
    piece_rules = [rule for rule in rules if rule.code != _DOCUMENT_DIRECTION]
    front_matter: Any = None
    # A large text repeats its findings' wording: each distinct string is kept once.
    strings: Dict[str, str] = {}

    def piece_findings(
        number: int, shared: Dict[str, object], letters: Optional[List[Any]]
    ) -> List[Diagnostic]:
        nonlocal front_matter
        (start, end), code = bounds[number], codes[number]
        piece_source = Source(source.path, text[start:end], source.bom, encoding=source.encoding)
        # A piece with no right-to-left letter still teaches the flags its shortcodes carry.
        piece_index = DocumentIndex(piece_source.text, code, index.may_hold_rtl_letters)
        piece_reading = _Reading(reading.dialect, None if reading.code is None else code)
        piece = _Piece(start == 0, code, registration, definitions)
        document = _parse(piece_source.text, context, piece_index, piece_reading, piece)
        if reading.dialect is Dialect.HUGO and _errors(document):
            # Hugo's lexer may read past the end of a broken tag (an unclosed
            # string runs to the end of the text): the text is checked whole.
            raise _Whole
        if start == 0:
            front_matter = document.front_matter
        checked = _checked(
            piece_source, context, piece_index, document, piece_rules, letters, shared
        )
        return [_moved(d, start, strings) for d in checked]

    from contentlint.rules import rtl as rtl_rules

    def learned(flags: object) -> Dict[str, object]:
        return {rtl_rules.INFERRED_FLAGS: flags, rtl_rules.UNFLAGGED_NAMES: set()}

    flags: object = {}
    found: List[List[Diagnostic]] = []
    unflagged: List[object] = []
    try:
        for number in range(len(bounds)):
            shared = learned(flags)
            found.append(piece_findings(number, shared, letters))
            flags = shared[rtl_rules.INFERRED_FLAGS]
            unflagged.append(shared[rtl_rules.UNFLAGGED_NAMES])
    except _Whole:
        del found
        document = _parse(text, context, index, reading)
        return _checked(source, context, index, document, rules)
    # A flag learned in a later piece also holds for the names an earlier
    # piece knew no flag for: those pieces are checked again knowing it.
    for number, names in enumerate(unflagged):
        if isinstance(names, set) and isinstance(flags, dict) and not names.isdisjoint(flags):
            found[number] = piece_findings(number, learned(flags), None)
    every = [d for piece_found in found for d in piece_found]
    if letters is not None:
        every.extend(_document_direction(source, context, index, reading, front_matter, letters))
    every.sort(key=lambda d: (d.span.start, d.span.end, d.code))
    return _unique(every)


class _Whole(Exception):
    """A large text that must be checked whole after all."""


def _errors(document: Document) -> List[Span]:
    """Where the parser found an error in ``document`` (for Hugo, one that fails the build)."""
    from contentlint.rules import BY_CODE

    return [
        problem.span
        for problem in document.problems
        if (problem.severity or BY_CODE[problem.code].severity) is Severity.ERROR
    ]


def _split(spans: Sequence[Span], bounds: Sequence[Tuple[int, int]]) -> List[Tuple[Span, ...]]:
    """For each piece, the ``spans`` (sorted, none across a cut) inside it, from its start."""
    pieces: List[Tuple[Span, ...]] = []
    index = 0
    for start, end in bounds:
        inside: List[Span] = []
        while index < len(spans) and spans[index].start < end:
            span = spans[index]
            inside.append(Span(span.start - start, span.end - start))
            index += 1
        pieces.append(tuple(inside))
    return pieces


def _moved(diagnostic: Diagnostic, offset: int, strings: Dict[str, str]) -> Diagnostic:
    """``diagnostic`` of a piece, placed in the whole text, its wording shared through
    ``strings``."""
    fix = diagnostic.fix
    if fix is not None:
        edits = tuple(
            Edit(
                Span(edit.span.start + offset, edit.span.end + offset),
                strings.setdefault(edit.content, edit.content),
            )
            for edit in fix.edits
        )
        fix = Fix(fix.applicability, strings.setdefault(fix.message, fix.message), edits)
    note = diagnostic.note
    return replace(
        diagnostic,
        span=Span(diagnostic.span.start + offset, diagnostic.span.end + offset),
        message=strings.setdefault(diagnostic.message, diagnostic.message),
        fix=fix,
        note=None if note is None else strings.setdefault(note, note),
    )


def _document_direction(
    source: Source,
    context: FileContext,
    index: DocumentIndex,
    reading: _Reading,
    front_matter: Any,
    letters: Sequence[Any],
) -> List[Diagnostic]:
    """RTL005 on the whole text, from the letters its pieces counted."""
    from contentlint import selection
    from contentlint.rules import BY_CODE
    from contentlint.rules import rtl as rtl_rules
    from contentlint.rules.base import RuleContext

    outline = Document(reading.dialect, (), front_matter=front_matter, code_spans=index.code_spans)
    rule_context = RuleContext(
        source, outline, context.settings, context.registry, document_index=index
    )
    rule_context.cache[rtl_rules.DOCUMENT_LETTERS] = rtl_rules.summed(letters)
    found = BY_CODE[_DOCUMENT_DIRECTION].check(rule_context)
    return [selection.with_severity(d, context.settings) for d in found]


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
    failing = sorted(_errors(document))
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
