"""The small frozen values that flow between the rooms of contentlint.

Offsets are 0-based code-point offsets into ``Source.text`` (after a BOM);
``Source`` alone turns them into lines and columns.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Iterator, Optional, Tuple

# Frozen dataclasses without a dict per object where Python allows it (3.10+).
SLOTS = {"slots": True} if sys.version_info >= (3, 10) else {}


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


class Dialect(str, enum.Enum):
    WORDPRESS = "wordpress"
    HUGO = "hugo"


@dataclass(frozen=True, order=True, **SLOTS)
class Span:
    """Half-open range ``[start, end)`` of code points in ``Source.text``."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, **SLOTS)
class Edit:
    """Replace ``span`` of the text by ``content`` (an insertion when the span is empty)."""

    span: Span
    content: str


@dataclass(frozen=True, **SLOTS)
class Fix:
    applicability: Applicability
    message: str
    edits: Tuple[Edit, ...]


_AttributeKey = Tuple[Optional[str], str, int, int, int, int, str, Optional[int], Optional[int]]


class Attribute:
    """One attribute (WordPress) or parameter (Hugo) as the engine reads it.

    ``name`` is ``None`` for a positional value.  ``value`` is what the engine
    hands the shortcode (names lower-cased and values C-unescaped for
    WordPress, ``\\"`` unescaped for Hugo).  ``span`` covers the exact source
    text of the attribute, ``value_span`` the value without its delimiters,
    ``name_span`` the name (``None`` for positional values).  ``delimiter`` is
    the opening delimiter as written: ``"``, ``'``, a backtick, ``\\"`` (Hugo),
    or ``""`` for none.

    A frozen value like the other models, stored compactly: a large file
    holds hundreds of thousands of attributes, so the spans are built when
    asked for, from the start offset and the other offsets' distances to it
    (small numbers, which Python does not allocate).
    """

    __slots__ = (
        "_end",
        "_name_end",
        "_name_start",
        "_start",
        "_value_end",
        "_value_start",
        "delimiter",
        "name",
        "value",
    )
    name: Optional[str]
    value: str
    delimiter: str
    _start: int
    # Distances from ``_start``.
    _end: int
    _value_start: int
    _value_end: int
    _name_start: Optional[int]
    _name_end: Optional[int]

    def __init__(
        self,
        name: Optional[str],
        value: str,
        span: Span,
        value_span: Span,
        delimiter: str,
        name_span: Optional[Span] = None,
    ) -> None:
        _fill(
            self,
            name,
            value,
            span.start,
            span.end,
            value_span.start,
            value_span.end,
            delimiter,
            None if name_span is None else name_span.start,
            None if name_span is None else name_span.end,
        )

    @classmethod
    def at(
        cls,
        name: Optional[str],
        value: str,
        start: int,
        end: int,
        value_start: int,
        value_end: int,
        delimiter: str,
        name_start: Optional[int] = None,
        name_end: Optional[int] = None,
    ) -> Attribute:
        """The attribute at these offsets, without building its spans."""
        attribute = object.__new__(cls)
        _fill(
            attribute,
            name,
            value,
            start,
            end,
            value_start,
            value_end,
            delimiter,
            name_start,
            name_end,
        )
        return attribute

    @property
    def span(self) -> Span:
        return Span(self._start, self._start + self._end)

    @property
    def value_span(self) -> Span:
        return Span(self._start + self._value_start, self._start + self._value_end)

    @property
    def name_span(self) -> Optional[Span]:
        if self._name_start is None or self._name_end is None:
            return None
        return Span(self._start + self._name_start, self._start + self._name_end)

    def _key(self) -> _AttributeKey:
        return (
            self.name,
            self.value,
            self._start,
            self._end,
            self._value_start,
            self._value_end,
            self.delimiter,
            self._name_start,
            self._name_end,
        )

    def __eq__(self, other: object) -> bool:
        if type(other) is not Attribute:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Attribute(name={self.name!r}, value={self.value!r}, span={self.span!r}, "
            f"value_span={self.value_span!r}, delimiter={self.delimiter!r}, "
            f"name_span={self.name_span!r})"
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> Tuple[object, ...]:
        return (
            Attribute,
            (self.name, self.value, self.span, self.value_span, self.delimiter, self.name_span),
        )


_set = object.__setattr__


def _fill(
    attribute: Attribute,
    name: Optional[str],
    value: str,
    start: int,
    end: int,
    value_start: int,
    value_end: int,
    delimiter: str,
    name_start: Optional[int],
    name_end: Optional[int],
) -> None:
    _set(attribute, "name", name)
    _set(attribute, "value", value)
    _set(attribute, "delimiter", delimiter)
    _set(attribute, "_start", start)
    _set(attribute, "_end", end - start)
    _set(attribute, "_value_start", value_start - start)
    _set(attribute, "_value_end", value_end - start)
    _set(attribute, "_name_start", None if name_start is None else name_start - start)
    _set(attribute, "_name_end", None if name_end is None else name_end - start)


@dataclass(frozen=True, **SLOTS)
class Shortcode:
    """One shortcode occurrence the engine would run (or an escaped one).

    ``span`` covers the opening tag through the closing tag for an enclosing
    shortcode, else the opening tag.  ``attributes_span`` is the raw text
    between the name and the tag's end (``]``, ``/]``, ``>}}``, ``/>}}``…).
    ``children`` are the occurrences found inside ``content_span``.
    """

    dialect: Dialect
    name: str
    span: Span
    open_span: Span
    name_span: Span
    attributes_span: Span
    attributes: Tuple[Attribute, ...]
    form: str  # "self-closing" | "enclosing" | "single"
    notation: Optional[str] = None  # Hugo "<" or "%"; None for WordPress
    escaped: bool = False
    close_span: Optional[Span] = None
    content_span: Optional[Span] = None
    close_notation: Optional[str] = None
    children: Tuple[Shortcode, ...] = ()

    def walk(self) -> Iterator[Shortcode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, **SLOTS)
class RawTag:
    """An opening tag as delimited in the source, whether or not the engine accepts it.

    Quote and invisible-character rules work on the raw attribute text
    (``attributes_span``), because damaged delimiters are exactly what makes
    the engine's own reading wrong.  Escaped tags are not listed.
    """

    dialect: Dialect
    name: str
    span: Span
    name_span: Span
    attributes_span: Span
    notation: Optional[str] = None
    accepted: bool = True  # False when the engine rejects the tag


# Appended to the message of an error at which the engine stops reading a
# tag: what follows it in the tag is unread, so fixing it may bring others
# to light.
MORE_MAY_FOLLOW = "more problems may follow in this tag once it is fixed"


def announce_more(message: str) -> str:
    """``message`` saying that more problems may follow (once)."""
    return message if message.endswith(MORE_MAY_FOLLOW) else f"{message}; {MORE_MAY_FOLLOW}"


@dataclass(frozen=True, **SLOTS)
class Problem:
    """A syntax problem found by a parser, named by the rule code that reports it."""

    code: str
    span: Span
    message: str
    fix: Optional[Fix] = None
    # What the engine does decides the severity when the rule's default
    # would claim more: a Hugo closing tag that pairs unexpectedly but builds
    # is a warning, although its rule's failures are errors.
    severity: Optional[Severity] = None


@dataclass(frozen=True, **SLOTS)
class FrontMatter:
    """Front matter at the top of a file: its format, span, and parsed data.

    ``data`` is ``None`` when the block could not be parsed.
    ``body_start`` is the offset where the content body begins.
    ``unread_at`` is where contentlint stopped reading a block it refuses to
    parse (nested deeper than ``nesting.MAX_DEPTH``), else ``None``.
    """

    format: str  # "yaml" | "toml" | "json" | "org"
    span: Span
    body_start: int
    data: Optional[dict] = None  # type: ignore[type-arg]
    error: Optional[str] = None
    unread_at: Optional[int] = None


@dataclass(frozen=True, **SLOTS)
class Diagnostic:
    """One finding.  ``message`` speaks to the person who fixes the content: what
    goes wrong on the page, then what to do.  ``note`` holds the exact
    characters and the engine's reading, for whoever wants the detail."""

    code: str
    name: str
    severity: Severity
    span: Span
    message: str
    fix: Optional[Fix] = None
    note: Optional[str] = None


@dataclass(frozen=True, **SLOTS)
class Document:
    """What a dialect parser sees in one source text."""

    dialect: Dialect
    shortcodes: Tuple[Shortcode, ...]
    problems: Tuple[Problem, ...] = ()
    front_matter: Optional[FrontMatter] = None
    code_spans: Tuple[Span, ...] = field(default=())
    raw_tags: Tuple[RawTag, ...] = field(default=())

    def walk(self) -> Iterator[Shortcode]:
        """Every occurrence, nested ones included, in file order."""
        for shortcode in self.shortcodes:
            yield from shortcode.walk()
