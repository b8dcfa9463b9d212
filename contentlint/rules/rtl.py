"""Right-to-left rules: direction flags on shortcodes, and a document's declared direction.

A shortcode is *RTL-aware* when its schema configures a direction flag
(``direction-flag = 'rtl="true"'``), or - inferred - when the same name
carries a direction attribute (``rtl``, ``dir``, ``direction``) somewhere in
the file.  Its *own text* is its attribute values (the direction attributes
aside) and its enclosed content; whether that text reads right-to-left is
decided by ``contentlint.rtl``.

A flag whose only fault is its quotes (``rtl=”true”``) belongs to the quote
rules; these rules leave such a shortcode alone.
"""

from __future__ import annotations

import bisect
import re
from collections import abc
from typing import Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple

from contentlint import rtl
from contentlint.model import (
    Applicability,
    Attribute,
    Diagnostic,
    Dialect,
    Document,
    Edit,
    Fix,
    FrontMatter,
    Severity,
    Shortcode,
    Span,
    record,
)
from contentlint.rules import wording
from contentlint.rules.base import Rule, RuleContext, every_shortcode, rule

DIRECTION_ATTRIBUTES = ("rtl", "dir", "direction")
DIRECTION_VALUES = ("rtl", "ltr", "auto")

# Literals that say "on" or "off" for a boolean flag, each with its partner.
_BOOLEAN_PARTNERS = {"true": "false", "1": "0", "yes": "no", "on": "off", "enabled": "disabled"}
_TRUTHY = frozenset({"true", "yes", "y", "on", "1", "rtl", "enabled", "enable"})
_FALSY = frozenset({"false", "no", "n", "off", "0", "ltr", "disabled", "disable"})
_DIRECTION_SYNONYMS = {"right-to-left": "rtl", "left-to-right": "ltr"}

# Zero-width and format characters that can hide in a value; ``str.strip``
# keeps them.
_INVISIBLES = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_INVISIBLES_REMOVED = str.maketrans("", "", _INVISIBLES)

# Quote marks that a word processor or texturizer puts where a straight quote
# belongs; a flag value holding one is the quote rules' finding.
_QUOTE_MARKS = frozenset(
    "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02\u2018\u2019\u201a\u201b\u2032\u2039\u203a\uff07"
)
_QUOTE_DEBRIS = re.compile(
    r"&(?:amp;)?(?:#0*(?:34|39|82(?:16|17|20|21|22|23)|171|187)|#x0*(?:22|27|201[89a-f]|ab|bb)"
    r"|quot|apos|[lr]dquo|[lr]squo|bdquo|sbquo|[lr]aquo);|\u00e2\u20ac",
    re.IGNORECASE,
)
_STRAIGHT_DELIMITERS = frozenset({'"', "'", "`", "", '\\"'})

_HTML_OPEN = re.compile(r"<html(?=[\s>/])", re.IGNORECASE)
# Searched for, not found in ``text.lower()``: CPython lowers a non-ASCII
# text through a buffer of 12 bytes a character.
_HTML_ANYWHERE = re.compile("<html", re.IGNORECASE)
_HTML_DIR = re.compile(r"""(?:^|\s)dir\s*=\s*["']?\s*([A-Za-z]*)""", re.IGNORECASE)

# Parser findings after which a tag's attributes are not what its author wrote.
MISREADING_CODES = frozenset({"SC001", "SC002", "SC006", "SC009"})

MISSING = "missing"
SAYS_RTL = "rtl"
SAYS_LTR = "ltr"
SAYS_AUTO = "auto"
INVALID = "invalid"
QUOTE_DAMAGED = "quote-damaged"


@record()
class DirectionFlag:
    """How an RTL-aware shortcode says "right-to-left"."""

    attribute: str  # lower-cased attribute name
    written: str  # the name as it is to be written
    on: str  # the literal that says right-to-left (``true``, ``rtl``)
    off: Optional[str]  # the literal that says left-to-right; None when unknown
    directional: bool  # values are directions (rtl/ltr/auto), not booleans
    configured: bool

    def text(self, quote: str = '"') -> str:
        return f"{self.written}={quote}{self.on}{quote}"

    def valid_values(self) -> str:
        if self.directional:
            return "`rtl`, `ltr` or `auto`"
        if self.off is None:
            return f"`{self.on}`"
        return f"`{self.on}` or `{self.off}`"


def _partner(literal: str) -> Optional[str]:
    partner = _BOOLEAN_PARTNERS.get(literal.lower())
    if partner is None:
        return None
    if literal.isupper():
        return partner.upper()
    if literal[:1].isupper():
        return partner.capitalize()
    return partner


def configured_flag(flag_text: str) -> Optional[DirectionFlag]:
    """Read a configured ``direction-flag`` such as ``rtl="true"`` or ``dir="rtl"``."""
    name, equals, value = flag_text.strip().partition("=")
    name = name.strip()
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        value = value[1:-1]
    if not name or (equals and not value):
        return None
    if not equals:
        value = "true"
    if value.lower() in DIRECTION_VALUES:
        return DirectionFlag(name.lower(), name, value.lower(), "ltr", True, True)
    return DirectionFlag(name.lower(), name, value, _partner(value), False, True)


def inferred_flag(written: str) -> DirectionFlag:
    """The canonical flag for a shortcode that carries ``written`` elsewhere in the file."""
    attribute = written.lower()
    if attribute == "rtl":
        return DirectionFlag(attribute, written, "true", "false", False, False)
    return DirectionFlag(attribute, written, "rtl", "ltr", True, False)


@record()
class FlagReading:
    """What a shortcode's flag says, and how to repair it when it is invalid."""

    state: str
    repaired: Optional[str] = None  # the value to write instead (INVALID only)
    repair_is_safe: bool = False
    reason: str = ""


def quote_damaged(attribute: Attribute) -> bool:
    """Whether an attribute's fault is its quotes: typographic, entity or mojibake delimiters."""
    if attribute.delimiter not in _STRAIGHT_DELIMITERS:
        return True
    value = attribute.value
    if any(char in _QUOTE_MARKS for char in value):
        return True
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return True  # a quote the engine kept in the value (Hugo reads ' as text)
    return _QUOTE_DEBRIS.search(value) is not None


def _describe_invisibles(value: str) -> str:
    seen: List[str] = []
    for char in value:
        name = rtl.describe_character(char)
        if char in _INVISIBLES and name not in seen:
            seen.append(name)
    return ", ".join(seen)


def read_flag(value: str, flag: DirectionFlag) -> FlagReading:
    """Classify a flag value: RTL, LTR, auto, or invalid (with a repair when one is known)."""
    if flag.directional:
        if value.lower() in DIRECTION_VALUES:
            return FlagReading(value.lower())
    elif value == flag.on:
        return FlagReading(SAYS_RTL)
    elif flag.off is not None and value == flag.off:
        return FlagReading(SAYS_LTR)
    cleaned = value.translate(_INVISIBLES_REMOVED).strip()
    hidden = _describe_invisibles(value)
    reason = f"it holds {hidden}" if hidden else ""
    if cleaned != value and not reason:
        reason = "it has surrounding white space"
    lowered = cleaned.lower()
    if flag.directional:
        if lowered in DIRECTION_VALUES:
            return FlagReading(INVALID, lowered, True, reason)
        synonym = _DIRECTION_SYNONYMS.get(lowered)
        if synonym is not None:
            return FlagReading(INVALID, synonym, False, "it is not a direction keyword")
        return FlagReading(INVALID, reason=reason or "it is not a direction keyword")
    if lowered == flag.on.lower():
        return FlagReading(INVALID, flag.on, True, reason or "the letter case differs")
    if flag.off is not None and lowered == flag.off.lower():
        return FlagReading(INVALID, flag.off, True, reason or "the letter case differs")
    if lowered in _TRUTHY:
        return FlagReading(INVALID, flag.on, False, "the shortcode may not read it as on")
    if lowered in _FALSY and flag.off is not None:
        return FlagReading(INVALID, flag.off, False, "the shortcode may not read it as off")
    if not cleaned:
        return FlagReading(INVALID, reason="it is empty")
    return FlagReading(INVALID, reason=reason or "it is not a flag value")


@record()
class ShortcodeText:
    """How a shortcode's own text reads."""

    rtl_evidence: Optional[str]  # what reads right-to-left (``region-name``, ``its content``)
    has_rtl_letters: bool
    has_ltr_letters: bool


@record()
class FlagCheck:
    shortcode: Shortcode
    flag: DirectionFlag
    attribute: Optional[Attribute]  # the flag as written (the last one wins), None when absent
    reading: FlagReading


def _inside(sorted_spans: Sequence[Span], starts: Sequence[int], offset: int) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < sorted_spans[index].end


def _content_counts(document: Document, source_text: str) -> Dict[int, rtl.LetterCounts]:
    """Letters of each enclosing shortcode's content (nested content included), by ``id``.

    Computed bottom-up, so each character is counted once however deep the
    nesting: a shortcode's total is its own text between its children plus
    its children's totals.  Tags are not content.
    """
    totals: Dict[int, rtl.LetterCounts] = {}
    for shortcode in reversed(every_shortcode(document)):  # children before their parents
        content = shortcode.content_span
        if content is None:
            continue
        rtl_letters = ltr_letters = 0
        position = content.start
        for child in shortcode.children:
            own = rtl.letter_counts(source_text[position : max(position, child.span.start)])
            rtl_letters += own.rtl
            ltr_letters += own.ltr
            nested = totals.get(id(child))
            if nested is not None:
                rtl_letters += nested.rtl
                ltr_letters += nested.ltr
            position = max(position, child.span.end)
        own = rtl.letter_counts(source_text[position : max(position, content.end)])
        totals[id(shortcode)] = rtl.LetterCounts(rtl_letters + own.rtl, ltr_letters + own.ltr)
    return totals


def shortcode_text(
    shortcode: Shortcode, content: Optional[rtl.LetterCounts] = None
) -> ShortcodeText:
    """How a shortcode's attribute values (direction flags aside) and ``content`` read."""
    evidence: Optional[str] = None
    any_rtl = any_ltr = False
    pieces: List[Tuple[str, rtl.LetterCounts]] = [
        (attribute.name or f"value {index + 1}", rtl.letter_counts(attribute.value))
        for index, attribute in enumerate(shortcode.attributes)
        if attribute.name is None or attribute.name.lower() not in DIRECTION_ATTRIBUTES
    ]
    if content is not None:
        pieces.append(("its content", content))
    for label, counts in pieces:
        any_rtl = any_rtl or counts.rtl > 0
        any_ltr = any_ltr or counts.ltr > 0
        if evidence is None and counts.is_rtl():
            evidence = label
    return ShortcodeText(evidence, any_rtl, any_ltr)


class _ShortcodeTexts:
    """``ShortcodeText`` of the file's shortcodes, computed on first request."""

    def __init__(self, context: RuleContext) -> None:
        self._context = context
        self._content: Optional[Dict[int, rtl.LetterCounts]] = None
        self._texts: Dict[int, ShortcodeText] = {}

    def of(self, shortcode: Shortcode) -> ShortcodeText:
        key = id(shortcode)
        found = self._texts.get(key)
        if found is None:
            if self._content is None:
                self._content = _content_counts(self._context.document, self._context.text)
            found = shortcode_text(shortcode, self._content.get(key))
            self._texts[key] = found
        return found


def text_of(context: RuleContext, shortcode: Shortcode) -> ShortcodeText:
    """How ``shortcode``'s own text reads; shared by the rules of one file."""
    texts = context.cache.get("rtl.texts")
    if not isinstance(texts, _ShortcodeTexts):
        texts = _ShortcodeTexts(context)
        context.cache["rtl.texts"] = texts
    return texts.of(shortcode)


def _written_name(attribute: Attribute, source_text: str) -> str:
    if attribute.name_span is not None:
        written = source_text[attribute.name_span.start : attribute.name_span.end]
        if written.lower() == (attribute.name or "").lower():
            return written
    return attribute.name or ""


def linted_shortcodes(
    document: Document, code: Optional[Sequence[Span]] = None
) -> Iterator[Shortcode]:
    """Occurrences the engine runs outside code examples, whose tags it reads as they look.

    ``code`` are the text's code regions, when the document does not hold them.

    A tag with a syntax problem (unclosed, an unterminated string, an
    attribute read differently, an invisible character) is the syntax
    rules' finding: its attributes are not what the author wrote, so a
    direction flag may look absent, or come from text the tag swallowed.
    """
    misread = sorted(
        problem.span.start for problem in document.problems if problem.code in MISREADING_CODES
    )
    code = sorted(document.code_spans if code is None else code)
    code_starts = [span.start for span in code]
    for shortcode in every_shortcode(document):
        if shortcode.escaped or _inside(code, code_starts, shortcode.span.start):
            continue
        first = bisect.bisect_left(misread, shortcode.open_span.start)
        if first < len(misread) and misread[first] < shortcode.open_span.end:
            continue
        yield shortcode


def _inferred_flags(shortcodes: Sequence[Shortcode], source_text: str) -> Dict[str, DirectionFlag]:
    flags: Dict[str, DirectionFlag] = {}
    for shortcode in shortcodes:
        if shortcode.name in flags:
            continue
        for attribute in shortcode.attributes:
            if attribute.name is not None and attribute.name.lower() in DIRECTION_ATTRIBUTES:
                flags[shortcode.name] = inferred_flag(_written_name(attribute, source_text))
                break
    return flags


def _any_direction_attribute(context: RuleContext) -> bool:
    """Whether any occurrence, in code or not, has an attribute that may flag direction.

    Without one, no linted occurrence has one either, so none teaches a flag.
    """
    return any(
        attribute.name is not None and attribute.name.lower() in DIRECTION_ATTRIBUTES
        for shortcode in context.shortcodes
        for attribute in shortcode.attributes
    )


def _configured_flags(context: RuleContext) -> Dict[str, DirectionFlag]:
    flags: Dict[str, DirectionFlag] = {}
    for name, schema in context.settings.schemas.items():
        if schema.direction_flag:
            flag = configured_flag(schema.direction_flag)
            if flag is not None:
                flags[name] = flag
    return flags


def _flag_attribute(
    shortcode: Shortcode, flag: DirectionFlag
) -> Tuple[DirectionFlag, Optional[Attribute]]:
    """The attribute that holds the shortcode's flag (the last one wins)."""
    names = (flag.attribute,) if flag.configured else DIRECTION_ATTRIBUTES
    found: Optional[Attribute] = None
    for attribute in shortcode.attributes:
        if attribute.name is not None and attribute.name.lower() in names:
            found = attribute
    if (
        found is not None
        and found.name is not None
        and not flag.configured
        and found.name.lower() != flag.attribute
    ):
        flag = inferred_flag(found.name)
    return flag, found


def _bare_flag(shortcode: Shortcode, flag: DirectionFlag) -> Optional[Attribute]:
    """WordPress: ``[card rtl]`` hands the shortcode a positional value, not the flag."""
    if shortcode.dialect is not Dialect.WORDPRESS:
        return None
    for attribute in shortcode.attributes:
        if attribute.name is None and attribute.value.strip().lower() == flag.attribute:
            return attribute
    return None


# A large text checked in pieces (``linter``): the flags learned so far, by
# name, and the names of a piece that no flag was known for.
INFERRED_FLAGS = "rtl.inferred_flags"
UNFLAGGED_NAMES = "rtl.unflagged_names"


def flag_checks(context: RuleContext) -> List[FlagCheck]:
    """Every RTL-aware shortcode of the file with what its flag says; shared by RTL001-RTL004."""
    cached = context.cache.get("rtl.flag_checks")
    if isinstance(cached, list):
        return cached
    checks: List[FlagCheck] = []
    configured = _configured_flags(context)
    earlier = context.cache.get(INFERRED_FLAGS)
    if not configured and not isinstance(earlier, dict) and not _any_direction_attribute(context):
        # No name of the file is RTL-aware: its code regions are not needed.
        context.cache["rtl.flag_checks"] = checks
        return checks
    linted = list(linted_shortcodes(context.document, context.index.code_spans))
    inferred = _inferred_flags(linted, context.text)
    if isinstance(earlier, dict):
        # One piece of a large text: a name's flag is learned from its first
        # occurrence in the whole text, which an earlier piece may hold.
        inferred = {**inferred, **earlier}
        context.cache[INFERRED_FLAGS] = inferred
        context.cache[UNFLAGGED_NAMES] = {
            s.name for s in linted if s.name not in configured and s.name not in inferred
        }
    if not configured and not inferred:
        linted = []  # no shortcode of the file is RTL-aware
    for shortcode in linted:
        flag = configured.get(shortcode.name) or inferred.get(shortcode.name)
        if flag is None:
            continue
        flag, attribute = _flag_attribute(shortcode, flag)
        if attribute is None:
            bare = _bare_flag(shortcode, flag)
            if bare is not None:
                attribute = bare
                reading = FlagReading(
                    INVALID, flag.on, False, "it has no value, so it is read as a positional value"
                )
            else:
                reading = FlagReading(MISSING)
        elif quote_damaged(attribute):
            reading = FlagReading(QUOTE_DAMAGED)
        else:
            reading = read_flag(attribute.value, flag)
        checks.append(FlagCheck(shortcode, flag, attribute, reading))
    context.cache["rtl.flag_checks"] = checks
    return checks


def _quote_style(shortcode: Shortcode) -> str:
    delimiters = {attribute.delimiter for attribute in shortcode.attributes}
    if shortcode.dialect is Dialect.WORDPRESS and "'" in delimiters and '"' not in delimiters:
        return "'"
    return '"'


def _insertion_point(shortcode: Shortcode, source_text: str) -> int:
    """Right after the tag's last attribute, before any space and the tag's end."""
    span = shortcode.attributes_span
    attributes = source_text[span.start : span.end]
    return span.start + len(attributes.rstrip(" \t\r\n\f\v"))


def _attribute_text(attribute: Attribute, source_text: str) -> str:
    return source_text[attribute.span.start : attribute.span.end]


def _missing_flag_fix(check: FlagCheck, source_text: str) -> Optional[Fix]:
    shortcode = check.shortcode
    if shortcode.dialect is Dialect.HUGO and any(a.name is None for a in shortcode.attributes):
        return None  # a named flag beside positional parameters is a Hugo build error
    flag_text = check.flag.text(_quote_style(shortcode))
    at = _insertion_point(shortcode, source_text)
    applicability = Applicability.SAFE if check.flag.configured else Applicability.UNSAFE
    return Fix(applicability, f"add `{flag_text}`", (Edit(Span(at, at), " " + flag_text),))


@rule(
    "RTL001",
    "missing-direction-flag",
    summary="An RTL-aware shortcode shows right-to-left text but lacks its flag",
    fix="sometimes",
)
def missing_direction_flag(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a right-to-left-aware shortcode whose own text - its attribute
    values or its enclosed content - reads right-to-left, but which does not
    carry its direction flag. A shortcode is right-to-left-aware when its
    schema sets `direction-flag` (for example `'rtl="true"'`), or when the
    same shortcode carries a direction attribute (`rtl`, `dir`,
    `direction`) elsewhere in the file.

    Text reads right-to-left when it has at least one Arabic, Hebrew or
    other right-to-left letter and at least half of its letters are; URLs,
    codes and colours do not count. A Latin brand name in an Arabic label
    does not change its direction.

    ## Why is this bad?
    Without the flag the shortcode lays out Arabic or Hebrew labels
    left-to-right: numbers, punctuation and the order of the parts come out
    wrong, while the other cards on the page look right.

    ## Example
    ```
    [covid19-ultimate-card region="EG" region-name="مصر" rtl="true"]
    [covid19-ultimate-card region="AE" region-name="الإمارات"]
    ```

    ## Use instead
    ```
    [covid19-ultimate-card region="EG" region-name="مصر" rtl="true"]
    [covid19-ultimate-card region="AE" region-name="الإمارات" rtl="true"]
    ```

    ## Fix safety
    The fix adds the flag before the tag's end, in the tag's own quote
    style. It is safe when the flag is configured, and unsafe when it was
    inferred from the other occurrences in the file: the shortcode may not
    read it. No fix is offered for a Hugo call with positional parameters.
    """
    for check in flag_checks(context):
        if check.reading.state != MISSING:
            continue
        evidence = text_of(context, check.shortcode).rtl_evidence
        if evidence is None:
            continue
        shortcode = check.shortcode
        flag_text = check.flag.text()
        origin = (
            ""
            if check.flag.configured
            else f"; other `{shortcode.name}` shortcodes in this file carry `{check.flag.written}`"
        )
        fix = _missing_flag_fix(check, context.text)
        yield missing_direction_flag.diagnostic(
            shortcode.open_span,
            wording.sentence(
                "the shortcode will lay out its right-to-left text left to right",
                f"it lacks `{flag_text}`",
                wording.action(fix, f"add `{flag_text}` to the tag"),
            ),
            fix,
            note=f"`{shortcode.name}` shows right-to-left text ({evidence}){origin}",
        )


@rule(
    "RTL002",
    "contradicting-direction-flag",
    summary="The direction flag says left-to-right on right-to-left text",
    fix="unsafe",
)
def contradicting_direction_flag(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a right-to-left-aware shortcode whose flag says left-to-right
    (`rtl="false"`, `dir="ltr"`) while its own text reads right-to-left.

    ## Why is this bad?
    The shortcode lays out Arabic or Hebrew text left-to-right. The flag is
    usually a copy of an English card that was translated without its flag.

    ## Example
    ```
    [covid19-ultimate-card region="EG" region-name="مصر" rtl="false"]
    ```

    ## Use instead
    ```
    [covid19-ultimate-card region="EG" region-name="مصر" rtl="true"]
    ```

    ## Fix safety
    Unsafe: the flag may be deliberate, for example on a card that shows
    right-to-left names inside a left-to-right layout.
    """
    for check in flag_checks(context):
        attribute = check.attribute
        if check.reading.state != SAYS_LTR or attribute is None:
            continue
        evidence = text_of(context, check.shortcode).rtl_evidence
        if evidence is None:
            continue
        written = _attribute_text(attribute, context.text)
        fix = Fix(
            Applicability.UNSAFE,
            f"set `{check.flag.written}` to `{check.flag.on}`",
            (Edit(attribute.value_span, check.flag.on),),
        )
        yield contradicting_direction_flag.diagnostic(
            attribute.span,
            wording.sentence(
                "the shortcode will lay out its right-to-left text left to right",
                f"`{written}` says left-to-right",
                wording.action(fix, f"set it to `{check.flag.on}` unless that is deliberate"),
            ),
            fix,
            note=f"`{check.shortcode.name}` shows right-to-left text ({evidence})",
        )


@rule(
    "RTL003",
    "invalid-direction-flag",
    summary="A direction flag with a value the shortcode cannot read",
    fix="sometimes",
)
def invalid_direction_flag(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a direction flag whose value is not exactly one of the values the
    shortcode reads: `rtl="True"`, `rtl=yes`, `rtl="true<U+200F>"` (a hidden
    right-to-left mark), `dir="right"`. A boolean flag must be exactly
    `true` or `false` (or the configured literal and its partner); a
    direction value must be `rtl`, `ltr` or `auto`, in any letter case.

    ## Why is this bad?
    Plugins compare the flag with a fixed string or paste it into a script:
    `True` or `yes` is then not "on", or breaks the page's JavaScript, and a
    hidden mark makes `true` a different string that looks the same.

    ## Example
    ```
    [covid19-ultimate-card region-name="مصر" rtl="True"]
    ```

    ## Use instead
    ```
    [covid19-ultimate-card region-name="مصر" rtl="true"]
    ```

    ## Fix safety
    Safe when only the letter case, white space or invisible characters
    differ from a valid value. Replacing a synonym (`yes`, `1`, `on`) by
    `true`, or a bare `rtl` by `rtl="true"`, is unsafe: the shortcode may
    accept the synonym, and the intent is a guess. Other values get no fix.
    A flag whose only fault is its typographic quotes (`rtl=”true”`) is
    reported by QT001, not here.
    """
    for check in flag_checks(context):
        attribute = check.attribute
        reading = check.reading
        if reading.state != INVALID or attribute is None:
            continue
        written = _attribute_text(attribute, context.text)
        fix: Optional[Fix] = None
        if reading.repaired is not None:
            applicability = Applicability.SAFE if reading.repair_is_safe else Applicability.UNSAFE
            if attribute.name is None:  # a bare ``rtl``: write the whole flag
                flag_text = check.flag.text(_quote_style(check.shortcode))
                edit = Edit(attribute.span, flag_text)
                message = f"write `{flag_text}`"
            else:
                edit = Edit(attribute.value_span, reading.repaired)
                message = f"write `{reading.repaired}`"
            fix = Fix(applicability, message, (edit,))
        yield invalid_direction_flag.diagnostic(
            attribute.span,
            wording.sentence(
                "the shortcode may not see its direction flag",
                f"`{rtl.escape_invisibles(written)}` is not a value it reads",
                wording.action(fix, f"write {check.flag.valid_values()}"),
            ),
            fix,
            note=(
                f"`{rtl.escape_invisibles(written)}` is not a valid direction flag for "
                f"`{check.shortcode.name}` ({reading.reason}); "
                f"it must be {check.flag.valid_values()}"
            ),
        )


@rule(
    "RTL004",
    "needless-direction-flag",
    Severity.WARNING,
    summary="The direction flag says right-to-left on text with no right-to-left letters",
    default_enabled=False,
)
def needless_direction_flag(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a shortcode whose flag says right-to-left (`rtl="true"`,
    `dir="rtl"`) while its own text has no right-to-left letters at all.
    Off by default.

    ## Why is this bad?
    It is usually a copy of an Arabic or Hebrew card into an English page:
    the English labels are then laid out right-to-left, with punctuation on
    the wrong side.

    ## Example
    ```
    [covid19-ultimate-card region-name="Egypt" rtl="true"]
    ```

    ## Use instead
    ```
    [covid19-ultimate-card region-name="Egypt"]
    ```

    ## Fix safety
    No fix: the flag may be wanted for a right-to-left page layout.
    """
    for check in flag_checks(context):
        attribute = check.attribute
        if check.reading.state != SAYS_RTL or attribute is None:
            continue
        text = text_of(context, check.shortcode)
        if text.has_rtl_letters or not text.has_ltr_letters:
            continue
        yield needless_direction_flag.diagnostic(
            attribute.span,
            wording.sentence(
                "the shortcode will lay out its left-to-right text right to left",
                f"`{_attribute_text(attribute, context.text)}` says right-to-left",
                "remove the flag unless the page layout needs it",
            ),
            note=f"`{check.shortcode.name}` has no right-to-left letters",
        )


# --- RTL005: a document's direction -------------------------------------------------


# The characters front matter can open with, after blanks and byte order
# marks (``frontmatter.locate``): ``---``, ``+++``, ``{`` and Org's ``#+``.
FRONT_MATTER_OPENERS = frozenset("-+{#")
_BEFORE_FRONT_MATTER = " \t\r\n\ufeff"


def front_matter_of(context: RuleContext) -> Optional[FrontMatter]:
    """The parser's front matter, or - when the parser records none - readable front matter.

    A WordPress post kept as Markdown may start with front matter although
    WordPress itself has no such notion.
    """
    if context.document.front_matter is not None:
        return context.document.front_matter
    cached = context.cache.get("rtl.front_matter")
    if isinstance(cached, FrontMatter):
        return cached
    if "rtl.front_matter" in context.cache:
        return None
    if context.text.lstrip(_BEFORE_FRONT_MATTER)[:1] not in FRONT_MATTER_OPENERS:
        # Most files open with no front matter: the parser is not even imported.
        context.cache["rtl.front_matter"] = None
        return None
    found = context.index.front_matter
    if found is not None and found.data is None:
        found = None
    context.cache["rtl.front_matter"] = found
    return found


def _by_lower_key(mapping: Mapping[str, object]) -> Dict[str, object]:
    """``mapping`` looked up by lower-cased key: the first key of each spelling wins."""
    keys: Dict[str, object] = {}
    for name, value in mapping.items():
        if isinstance(name, str):
            keys.setdefault(name.lower(), value)
    return keys


def _front_matter_direction(data: Mapping[str, object]) -> Optional[str]:
    """``rtl``/``ltr``/``auto`` as declared by ``dir``, ``direction`` or ``lang``.

    Themes also read these keys under ``params``.
    """
    keys = _by_lower_key(data)
    scopes = [keys]
    params = keys.get("params")
    if isinstance(params, abc.Mapping):
        scopes.append(_by_lower_key(params))
    declared: Optional[str] = None
    for scope in scopes:
        for key in ("dir", "direction"):
            value = scope.get(key)
            if isinstance(value, str) and value.strip().lower() in DIRECTION_VALUES:
                direction = value.strip().lower()
                if direction != SAYS_LTR:
                    return direction
                declared = direction
        language = scope.get("lang")
        if isinstance(language, str) and rtl.is_rtl_language(language):
            return SAYS_RTL
    return declared


def _tag_direction(text: str, start: int) -> Optional[str]:
    """The ``dir`` of the HTML start tag at ``start`` (``rtl``, ``ltr``, ``auto``), if valid."""
    end = text.find(">", start)
    tag = text[start : end if end >= 0 else len(text)]
    direction = _HTML_DIR.search(tag)
    if direction is None or direction.group(1).lower() not in DIRECTION_VALUES:
        return None
    return direction.group(1).lower()


def _first_element(text: str, start: int) -> Optional[Tuple[int, str]]:
    """The first start tag of the body (after white space and comments) and its name."""
    position = start
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if not text.startswith("<!--", position):
            break
        end = text.find("-->", position + 4)
        if end < 0:
            return None
        position = end + 3
    name_end = position + 1
    while name_end < len(text) and text[name_end].isascii() and text[name_end].isalnum():
        name_end += 1
    if position >= len(text) or text[position] != "<" or name_end == position + 1:
        return None
    return position, text[position + 1 : name_end].lower()


@record()
class _Declaration:
    direction: Optional[str]  # rtl | ltr | auto | None
    place: str  # where a site reads it
    hint: str  # how to declare right-to-left there


def _hugo_declaration(context: RuleContext) -> Optional[_Declaration]:
    registry = context.registry
    if registry.hugo_site_root is None or registry.hugo_language_directions is None:
        return None
    language = registry.page_language
    if not language:
        return None
    direction: Optional[str] = None
    for key, value in registry.hugo_language_directions.items():
        if key.lower() == language.lower() and value is not None:
            direction = value.strip().lower()
    if direction is None and rtl.is_rtl_language(language):
        # The page is right-to-left whatever its letters: its language is.
        # A missing direction is the language's fault, reported once on the
        # site configuration (see ``discovery.site_findings``).
        direction = SAYS_RTL
    return _Declaration(
        direction,
        f"the Hugo language `{language}`",
        "add `dir: rtl` to its front matter, or give it a right-to-left language (`about.ar.md`)",
    )


def _declarations(context: RuleContext) -> List[_Declaration]:
    """Every place that declares this document's direction, the most specific last."""
    declarations: List[_Declaration] = []
    front_matter = front_matter_of(context)
    if front_matter is not None and front_matter.data is not None:
        declarations.append(
            _Declaration(
                _front_matter_direction(front_matter.data),
                "the front matter",
                "add `dir: rtl` to the front matter",
            )
        )
    html = _HTML_OPEN.search(context.text)
    if html is not None:
        declarations.append(
            _Declaration(
                _tag_direction(context.text, html.end()),
                "the `<html>` tag",
                'add `dir="rtl"` to the `<html>` tag',
            )
        )
    else:
        body_start = front_matter.body_start if front_matter is not None else 0
        element = _first_element(context.text, body_start)
        direction = None if element is None else _tag_direction(context.text, element[0])
        if element is not None and direction is not None:
            declarations.append(
                _Declaration(direction, f"the enclosing `<{element[1]}>` element", "")
            )
    hugo = _hugo_declaration(context)
    if hugo is not None:
        declarations.append(hugo)
    return declarations


def _document_exclusions(context: RuleContext) -> List[Span]:
    document = context.document
    spans: List[Span] = list(context.index.code_spans)
    front_matter = front_matter_of(context)
    if front_matter is not None:
        spans.append(front_matter.span)
    for shortcode in context.shortcodes:
        spans.append(shortcode.open_span)
        if shortcode.close_span is not None:
            spans.append(shortcode.close_span)
    spans.extend(tag.span for tag in document.raw_tags)
    return spans


# Where RTL005 finds the letter counts of a large text's pieces, summed.
DOCUMENT_LETTERS = "rtl.document_letters"


def document_letter_counts(context: RuleContext) -> rtl.LetterCounts:
    """The letters RTL005 counts in this document (one piece of a large text)."""
    return rtl.letter_counts(rtl.without_spans(context.text, _document_exclusions(context)))


def summed(counts: Iterable[rtl.LetterCounts]) -> rtl.LetterCounts:
    """The counts of the pieces of one text, as the whole text's."""
    rtl_letters = ltr_letters = 0
    for piece in counts:
        rtl_letters += piece.rtl
        ltr_letters += piece.ltr
    return rtl.LetterCounts(rtl_letters, ltr_letters)


def _first_line(text: str) -> Span:
    end = len(text)
    for separator in ("\n", "\r"):
        found = text.find(separator, 0, end)
        if found >= 0:
            end = found
    return Span(0, end)


@rule(
    "RTL005",
    "missing-document-direction",
    Severity.WARNING,
    summary="A right-to-left document whose direction is not declared",
)
def missing_document_direction(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds a document whose body reads right-to-left (at least 50
    right-to-left letters, and at least half of its letters) but that
    declares no right-to-left direction in any of the places a site reads
    it: front matter `dir`, `direction` or a right-to-left `lang` (`lang:
    ar`), also under `params`; the `dir` of the `<html>` tag of a full HTML
    file; or, in a Hugo site, the page language's `direction` (or the older
    `languageDirection`) in the site configuration. A page whose Hugo
    language is right-to-left (`ar`, `fa`, `he`, `ur` and the others) is
    right-to-left whatever its letters: when that language has no direction,
    RTL005 is reported once, on the language's line in the site
    configuration, naming the key the site's Hugo version reads
    (`direction` since Hugo 0.158, `languageDirection` before; see
    `hugo-version`). A bare WordPress post
    body (no front matter, no `<html>`) is left alone: WordPress takes the
    direction from the site's language, which the file cannot show.

    ## Why is this bad?
    The page is laid out left-to-right: paragraphs align left, punctuation
    lands at the wrong end of sentences and lists are indented on the wrong
    side. `lang` alone does not set the direction of an HTML page.

    ## Example
    ```
    ---
    title: "الغوطة"
    ---
    قال المتحدث العسكري ...
    ```

    ## Use instead
    ```
    ---
    title: "الغوطة"
    dir: rtl
    ---
    قال المتحدث العسكري ...
    ```

    ## Fix safety
    No fix: where the direction belongs depends on the site's theme and
    configuration.
    """
    text = context.text
    if not context.index.may_hold_rtl_letters:
        return
    # What the document declares is cheap to read; counting its letters is
    # not, so they are counted only when nothing declares the direction.
    declarations = _declarations(context)
    if any(d.direction in (SAYS_RTL, SAYS_AUTO) for d in declarations):
        return
    front_matter = front_matter_of(context)
    if front_matter is not None and front_matter.data is None:
        return  # unreadable front matter: it may declare the direction
    if (
        context.document.dialect is Dialect.WORDPRESS
        and front_matter is None
        and not declarations
        and not _HTML_ANYWHERE.search(text)
    ):
        # A bare WordPress post body has no document-level direction: the
        # site's language sets it, which a file cannot show.
        return
    in_pieces = context.cache.get(DOCUMENT_LETTERS)
    if isinstance(in_pieces, rtl.LetterCounts):
        # A large text checked in pieces: each piece counted its own letters.
        counts: Optional[rtl.LetterCounts] = in_pieces
        if not in_pieces.is_rtl(rtl.DOCUMENT_MIN_RTL_LETTERS):
            counts = None
    else:
        counts = rtl.rtl_document_counts(text, _document_exclusions(context))
    if counts is None:
        return
    letters = f"{counts.rtl} of {counts.rtl + counts.ltr} letters are right-to-left"
    contradicting = [d for d in declarations if d.direction == SAYS_LTR]
    if contradicting:
        declaration = contradicting[-1]
        message = (
            f"this document reads right-to-left ({letters}) but {declaration.place} declares `ltr`"
        )
        cause = f"{declaration.place} declares it left-to-right"
    else:
        hints = [d.hint for d in declarations if d.hint]
        if hints:
            hint = hints[-1]
        elif context.document.dialect is Dialect.WORDPRESS:
            hint = 'wrap the content in `<div dir="rtl">`'
        else:
            hint = "add `dir: rtl` to its front matter"
        message = f"this document reads right-to-left ({letters}) but declares no direction"
        message += f"; {hint}"
        cause = "the document does not declare its direction"
    yield missing_document_direction.diagnostic(
        _first_line(text),
        wording.sentence(
            "the page may show right-to-left text in a left-to-right layout",
            cause,
            "declare the direction as the note says",
        ),
        note=message,
    )


RULES: Tuple[Rule, ...] = (
    missing_direction_flag,
    contradicting_direction_flag,
    invalid_direction_flag,
    needless_direction_flag,
    missing_document_direction,
)
