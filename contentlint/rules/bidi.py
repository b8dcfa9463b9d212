"""Bidirectional control rules: overrides, unbalanced embeddings and isolates, stray closers.

The nine stateful controls (LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI) are
checked; the implicit marks (LRM, RLM, ALM) and the joiners (ZWNJ, ZWJ) are
ordinary characters of right-to-left prose and are never reported here
(inside tag syntax they are SC009).

Balance is checked per *atom*, the range a reader or reviewer sees as one
piece: a source line, an attribute value, a front-matter value.  A
paragraph separator (LF, CR, U+001C-U+001E, U+0085, U+2029) ends every
embedding and isolate, as in the Unicode Bidirectional Algorithm.  A PDF
closes an embedding or override only when it is the innermost open control;
a PDI closes the innermost open isolate together with everything opened
after it.
"""

from __future__ import annotations

import bisect
import re
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from contentlint import rtl
from contentlint.edits import keeps_surroundings
from contentlint.index import BIDI_CONTROLS, BIDI_OVERRIDES
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Severity, Span, record
from contentlint.rules import wording
from contentlint.rules.base import Rule, RuleContext, rule
from contentlint.rules.rtl import front_matter_of

PDF = "\u202c"
PDI = "\u2069"
OVERRIDES = BIDI_OVERRIDES
EMBEDDING_OPENERS = "\u202a\u202b\u202d\u202e"
ISOLATE_OPENERS = "\u2066\u2067\u2068"
STATEFUL_CONTROLS = BIDI_CONTROLS  # the openers above, PDF and PDI
PARAGRAPH_SEPARATORS = "\n\r\x1c\x1d\x1e\x85\u2029"

ABBREVIATIONS: Dict[str, str] = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}

OVERRIDE = "override"
UNTERMINATED = "unterminated"
STRAY_CLOSE = "stray-close"

LINE = "line"
ATTRIBUTE_VALUE = "attribute value"
FRONT_MATTER_VALUE = "front-matter value"

_STATEFUL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_EVENTS = re.compile("[\u202a-\u202e\u2066-\u2069\n\r\x1c-\x1e\x85\u2029]")
_OVERRIDE_RUNS = re.compile("[\u202d\u202e]+")


@record()
class Atom:
    """A range whose controls must balance on their own (beside the lines)."""

    span: Span
    kind: str  # ATTRIBUTE_VALUE | FRONT_MATTER_VALUE


@record()
class BidiFinding:
    """One fault of one control.

    Unterminated controls left open in one atom share ``group``; ``atom_end``
    is where their closers belong and ``atom_kind`` names the atom.
    """

    offset: int
    kind: str  # OVERRIDE | UNTERMINATED | STRAY_CLOSE
    control: str  # the control character
    group: int = -1
    atom_end: int = -1
    atom_kind: str = LINE

    @property
    def abbreviation(self) -> str:
        return ABBREVIATIONS[self.control]


class _Stack:
    """Open controls of one atom; ``isolates`` indexes the isolate entries."""

    def __init__(self) -> None:
        self.entries: List[Tuple[int, str]] = []
        self.isolates: List[int] = []

    def open(self, offset: int, control: str) -> None:
        if control in ISOLATE_OPENERS:
            self.isolates.append(len(self.entries))
        self.entries.append((offset, control))

    def close(self, control: str) -> bool:
        """Apply a PDF or PDI; ``False`` when it has nothing to close."""
        if control == PDF:
            if self.entries and self.entries[-1][1] not in ISOLATE_OPENERS:
                self.entries.pop()
                return True
            return False
        if not self.isolates:
            return False
        del self.entries[self.isolates.pop() :]
        return True


class _Scan:
    def __init__(self) -> None:
        self.findings: List[BidiFinding] = []
        self.groups = 0

    def flush(self, stack: _Stack, end: int, kind: str) -> None:
        """Report what ``stack`` leaves open at the end of its atom, and empty it."""
        if not stack.entries:
            return
        for offset, control in stack.entries:
            self.findings.append(BidiFinding(offset, UNTERMINATED, control, self.groups, end, kind))
        self.groups += 1
        stack.entries.clear()
        stack.isolates.clear()


def _disjoint(atoms: Sequence[Atom]) -> List[Atom]:
    kept: List[Atom] = []
    for atom in sorted(atoms, key=lambda a: (a.span.start, a.span.end)):
        if atom.span.end <= atom.span.start:
            continue
        if kept and atom.span.start < kept[-1].span.end:
            continue
        kept.append(atom)
    return kept


def scan_bidi(
    text: str, atoms: Sequence[Atom] = (), ignore: Sequence[Span] = ()
) -> List[BidiFinding]:
    """Every override, unterminated opener and stray closer of ``text``, by offset.

    ``atoms`` (attribute values, front-matter values) are balanced on their
    own and are holes in the lines around them; controls inside ``ignore``
    are left out (another rule removes them).
    """
    if text.isascii() or _STATEFUL.search(text) is None:
        return []
    ordered = _disjoint(atoms)
    ignored = sorted(ignore)
    ignored_starts = [span.start for span in ignored]
    scan = _Scan()
    line = _Stack()
    value = _Stack()
    index = 0  # the first atom that has not ended yet
    for match in _EVENTS.finditer(text):
        offset = match.start()
        char = text[offset]
        while index < len(ordered) and ordered[index].span.end <= offset:
            scan.flush(value, ordered[index].span.end, ordered[index].kind)
            index += 1
        inside = index < len(ordered) and ordered[index].span.start <= offset
        if char in PARAGRAPH_SEPARATORS:
            if inside:
                scan.flush(value, offset, ordered[index].kind)
            scan.flush(line, offset, LINE)
            continue
        if char in OVERRIDES:
            scan.findings.append(BidiFinding(offset, OVERRIDE, char))
        position = bisect.bisect_right(ignored_starts, offset) - 1
        if position >= 0 and offset < ignored[position].end:
            continue
        stack = value if inside else line
        if char in EMBEDDING_OPENERS or char in ISOLATE_OPENERS:
            stack.open(offset, char)
        elif not stack.close(char):
            kind = ordered[index].kind if inside else LINE
            scan.findings.append(BidiFinding(offset, STRAY_CLOSE, char, atom_kind=kind))
    while index < len(ordered):
        scan.flush(value, ordered[index].span.end, ordered[index].kind)
        index += 1
    scan.flush(line, len(text), LINE)
    scan.findings.sort(key=lambda finding: finding.offset)
    return scan.findings


def _atoms(context: RuleContext) -> List[Atom]:
    atoms = [
        Atom(attribute.value_span, ATTRIBUTE_VALUE)
        for shortcode in context.shortcodes
        for attribute in shortcode.attributes
    ]
    front_matter = front_matter_of(context)
    if front_matter is not None and front_matter.data is not None:
        from contentlint import frontmatter

        atoms.extend(
            Atom(span, FRONT_MATTER_VALUE)
            for _, span in frontmatter.scalar_spans(front_matter, context.text)
        )
    return atoms


def findings(context: RuleContext) -> List[BidiFinding]:
    """The file's bidi findings, shared by BD002 and BD003."""
    cached = context.cache.get("bidi.findings")
    if isinstance(cached, list):
        return cached
    found: List[BidiFinding] = []
    if context.index.has_bidi_controls:
        invisibles_in_tags = [problem.span for problem in context.problems("SC009")]
        found = scan_bidi(context.text, _atoms(context), invisibles_in_tags)
    context.cache["bidi.findings"] = found
    return found


def _tag_syntax(context: RuleContext) -> List[Span]:
    """The file's tags (opening tags as the engine delimits them), merged and sorted."""
    spans = sorted(
        [shortcode.open_span for shortcode in context.shortcodes]
        + [tag.span for tag in context.document.raw_tags]
    )
    merged: List[Span] = []
    for span in spans:
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end)
        else:
            merged.append(span)
    return merged


def _inside(spans: Sequence[Span], starts: Sequence[int], offset: int) -> bool:
    """Whether ``offset`` lies strictly inside one of the disjoint, sorted ``spans``."""
    index = bisect.bisect_left(starts, offset) - 1
    return index >= 0 and offset < spans[index].end


# What each control does to the display of the text that follows it.
EFFECTS: Dict[str, str] = {
    "\u202a": "embeds the text after it as left-to-right",
    "\u202b": "embeds the text after it as right-to-left",
    "\u202c": "closes an embedding or override",
    "\u202d": "overrides the direction of the text after it, forcing every letter left to right",
    "\u202e": "overrides the direction of the text after it, showing every letter right to left",
    "\u2066": "isolates the text after it as left-to-right",
    "\u2067": "isolates the text after it as right-to-left",
    "\u2068": "isolates the text after it in the direction of its first letter",
    "\u2069": "closes an isolate",
}


def _names(controls: Sequence[str]) -> str:
    """The controls by name, each with what it does."""
    unique = [
        f"{rtl.describe_character(control)} ({EFFECTS[control]})"
        for control in dict.fromkeys(controls)
    ]
    if len(unique) > 3:
        return ", ".join(unique[:3]) + f" and {len(unique) - 3} more"
    return " and ".join(unique) if len(unique) <= 2 else ", ".join(unique)


@rule("BD001", "bidi-override", summary="A left-to-right or right-to-left override character")
def bidi_override(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds U+202D LEFT-TO-RIGHT OVERRIDE and U+202E RIGHT-TO-LEFT OVERRIDE
    anywhere in a file, front matter and code included. A run of them is
    reported once.

    ## Why is this bad?
    An override forces the direction of every letter that follows it: after
    U+202E RIGHT-TO-LEFT OVERRIDE, `abc` is shown as `cba`; after U+202D
    LEFT-TO-RIGHT OVERRIDE, Arabic or Hebrew letters are shown left to right.
    Prose has no use for it; it is the tool of "Trojan Source" attacks,
    which make text, links or code read differently from what is stored.
    Use `dir="rtl"`, `<bdi>` or an isolate for mixed-direction text instead.

    ## Example
    ```
    [button url="https://example.com/<U+202E>fdp.exe"]
    ```

    ## Use instead
    ```
    [button url="https://example.com/exe.pdf"]
    ```

    ## Fix safety
    No fix: the text around the override has to be rewritten by a person,
    who can see what it was meant to say.
    """
    if not context.index.has_bidi_overrides:
        return
    for match in _OVERRIDE_RUNS.finditer(context.text):
        names = _names(match.group())
        yield bidi_override.diagnostic(
            Span(match.start(), match.end()),
            wording.sentence(
                "readers may see the text after it in another order than it is stored",
                "an invisible character here overrides the direction of the text",
                'delete it, and use dir="rtl" or <bdi> for mixed-direction text',
            ),
            note=names,
        )


@rule(
    "BD002",
    "unbalanced-bidi-control",
    summary="An embedding, override or isolate not closed within its line or value",
    fix="unsafe",
)
def unbalanced_bidi_control(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a directional embedding, override or isolate (U+202A, U+202B,
    U+202D, U+202E, U+2066-U+2068) that is not closed by its PDF (U+202C)
    or PDI (U+2069) within its atom: the source line, the attribute value
    or the front-matter value it sits in. All controls left open in one atom
    are reported together, at the first one.

    ## Why is this bad?
    An open control changes the direction of everything after it up to the
    end of the paragraph. In Markdown a single line break does not end a
    paragraph, so the effect spills over lines the author never meant to
    touch; in an attribute value it spills into the rest of the page.

    ## Example
    ```
    [card label="<U+2067>مصر"]
    ```

    ## Use instead
    ```
    [card label="<U+2067>مصر<U+2069>"]
    ```

    ## Fix safety
    Unsafe: the fix closes the open controls at the end of the atom, which
    may not be where the author meant to close them. No fix is offered when
    a line ends inside a tag, where the closer would become an attribute.
    """
    groups: Dict[int, List[BidiFinding]] = {}
    for finding in findings(context):
        if finding.kind == UNTERMINATED:
            groups.setdefault(finding.group, []).append(finding)
    if not groups:
        return
    tags = _tag_syntax(context)
    tag_starts = [span.start for span in tags]
    for group in groups.values():
        first = group[0]
        closers = "".join(
            PDI if finding.control in ISOLATE_OPENERS else PDF for finding in reversed(group)
        )
        names = _names([finding.control for finding in group])
        verb = "is" if len(group) == 1 else "are"
        kind = first.atom_kind
        fix: Optional[Fix] = None
        # A closer at a line end inside a tag would become an attribute of its
        # own, and one after an unclosed `[name x=` could even make it a tag.
        if first.atom_kind != LINE or not (
            _inside(tags, tag_starts, first.atom_end)
            or _ends_in_open_bracket(context.text, first.offset, first.atom_end)
        ):
            fix = Fix(
                Applicability.UNSAFE,
                f"close at the end of the {first.atom_kind}",
                (Edit(Span(first.atom_end, first.atom_end), closers),),
            )
        yield unbalanced_bidi_control.diagnostic(
            Span(first.offset, first.offset + 1),
            wording.sentence(
                f"the text after this {kind} may show in the wrong direction",
                f"an invisible direction character here is not closed in its {kind}",
                wording.action(fix, "close it where the text it is meant for ends"),
            ),
            fix,
            note=f"{names} {verb} not closed before the end of the {kind}",
        )


def _ends_in_open_bracket(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` leaves a ``[`` or ``{{`` open at its end."""
    bracket = text.rfind("[", start, end)
    braces = text.rfind("{{", start, end)
    return (bracket >= 0 and text.find("]", bracket, end) < 0) or (
        braces >= 0 and text.find("}}", braces, end) < 0
    )


@rule(
    "BD003",
    "stray-bidi-close",
    Severity.WARNING,
    summary="A PDF or PDI with nothing to close",
    fix="safe",
)
def stray_bidi_close(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds U+202C POP DIRECTIONAL FORMATTING or U+2069 POP DIRECTIONAL
    ISOLATE where nothing is open in its line or value: a PDF whose
    embedding is not the innermost open control, or a PDI with no open
    isolate. A run of them is reported once.

    ## Why is this bad?
    It does nothing, but it is an invisible character left over from an
    edit, and it often means its opener was lost or sits on another line.

    ## Example
    ```
    [card label="مصر<U+2069>"]
    ```

    ## Use instead
    ```
    [card label="مصر"]
    ```

    ## Fix safety
    Safe: a closer with nothing to close has no effect on the display. No
    fix is offered when removing it would join a carriage return to the line
    feed after it, or bring a U+FEFF to the start of the file (where it would
    be read as a byte order mark).
    """
    run: List[BidiFinding] = []
    for finding in findings(context):
        if finding.kind != STRAY_CLOSE:
            continue
        if run and finding.offset != run[-1].offset + 1:
            yield _stray_diagnostic(context.text, run)
            run = []
        run.append(finding)
    if run:
        yield _stray_diagnostic(context.text, run)


def _stray_diagnostic(text: str, run: Sequence[BidiFinding]) -> Diagnostic:
    span = Span(run[0].offset, run[-1].offset + 1)
    names = _names([finding.control for finding in run])
    verb = "closes" if len(run) == 1 else "close"
    removal = (Edit(span, ""),)
    # Between "\r" and "\n", or before a U+FEFF at the start, removing it
    # would join two line breaks into one or make a byte order mark.
    fix = (
        Fix(Applicability.SAFE, "remove it", removal) if keeps_surroundings(text, removal) else None
    )
    return stray_bidi_close.diagnostic(
        span,
        wording.sentence(
            "nothing shows on the page, but an invisible character is left over from an edit",
            f"it closes a direction change that is not open in this {run[0].atom_kind}",
            wording.action(fix, "delete it"),
        ),
        fix,
        note=f"{names} {verb} nothing in this {run[0].atom_kind}",
    )


RULES: Tuple[Rule, ...] = (bidi_override, unbalanced_bidi_control, stray_bidi_close)
