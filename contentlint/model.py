"""The small frozen values that flow between the rooms of contentlint.

Offsets are 0-based code-point offsets into ``Source.text`` (after a BOM);
``Source`` alone turns them into lines and columns.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import FrozenInstanceError, dataclass, field
from typing import TYPE_CHECKING, Callable, ClassVar, Iterator, Optional, Tuple, TypeVar

# Dataclasses without a dict per object where Python allows it (3.10+).
SLOTS = {"slots": True} if sys.version_info >= (3, 10) else {}

_T = TypeVar("_T")

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    @dataclass_transform(frozen_default=True, eq_default=True, field_specifiers=(field,))
    def record(*, order: bool = False) -> Callable[[type[_T]], type[_T]]: ...

else:

    def record(*, order: bool = False) -> Callable[[type[_T]], type[_T]]:
        """A value class: compared and hashed by its fields, never changed once made.

        Type checkers hold it frozen.  At run time it is a plain slotted
        dataclass with a field hash: a frozen one sets each field through
        ``object.__setattr__``, which makes creating it several times
        slower, and a file makes hundreds of spans and attributes.
        """
        return dataclass(order=order, unsafe_hash=True, **SLOTS)


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Applicability(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


class Dialect(str, enum.Enum):
    WORDPRESS = "wordpress"
    HUGO = "hugo"


@record(order=True)
class Span:
    """Half-open range ``[start, end)`` of code points in ``Source.text``."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end


@record()
class Edit:
    """Replace ``span`` of the text by ``content`` (an insertion when the span is empty)."""

    span: Span
    content: str


@record()
class Fix:
    applicability: Applicability
    message: str
    edits: Tuple[Edit, ...]


class _Compact:
    """A frozen value kept in slots, for the models a large file holds by the hundred thousand.

    Spans that a dataclass would keep as objects are kept as offsets from
    the value's start: small numbers, which Python does not allocate, and
    the spans are built when asked for.  Equal and hashed by ``_key``.
    """

    __slots__ = ()
    # The constructor's arguments, in order, and what equality compares.
    _FIELDS: ClassVar[Tuple[str, ...]] = ()
    _STORED: ClassVar[Tuple[str, ...]] = ()

    def _key(self) -> Tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._STORED)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._FIELDS)
        return f"{type(self).__name__}({shown})"

    def __reduce__(self) -> Tuple[object, ...]:
        return (type(self), tuple(getattr(self, name) for name in self._FIELDS))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


class Attribute(_Compact):
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

    _FIELDS = ("name", "value", "span", "value_span", "delimiter", "name_span")
    _STORED = (
        "name",
        "value",
        "_start",
        "_end",
        "_value_start",
        "_value_end",
        "delimiter",
        "_name_start",
        "_name_end",
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


class Shortcode(_Compact):
    """One shortcode occurrence the engine would run (or an escaped one).

    ``span`` covers the opening tag through the closing tag for an enclosing
    shortcode, else the opening tag.  ``attributes_span`` is the raw text
    between the name and the tag's end (``]``, ``/]``, ``>}}``, ``/>}}``…).
    ``children`` are the occurrences found inside ``content_span``.

    ``name_span`` is built when asked for (see ``_Compact``); ``open_span``
    is ``span`` itself when the tag encloses nothing.
    """

    __slots__ = (
        "_name_end",
        "_name_start",
        "_open",
        "attributes",
        "attributes_span",
        "children",
        "close_notation",
        "close_span",
        "content_span",
        "dialect",
        "escaped",
        "form",
        "name",
        "notation",
        "span",
    )
    dialect: Dialect
    name: str
    span: Span
    attributes_span: Span
    attributes: Tuple[Attribute, ...]
    form: str  # "self-closing" | "enclosing" | "single"
    notation: Optional[str]  # Hugo "<" or "%"; None for WordPress
    escaped: bool
    close_span: Optional[Span]
    content_span: Optional[Span]
    close_notation: Optional[str]
    children: Tuple[Shortcode, ...]
    # The opening tag, None when it is all of ``span``.
    _open: Optional[Span]
    # Distances from ``span.start``.
    _name_start: int
    _name_end: int

    def __init__(
        self,
        dialect: Dialect,
        name: str,
        span: Span,
        open_span: Span,
        name_span: Span,
        attributes_span: Span,
        attributes: Tuple[Attribute, ...],
        form: str,
        notation: Optional[str] = None,
        escaped: bool = False,
        close_span: Optional[Span] = None,
        content_span: Optional[Span] = None,
        close_notation: Optional[str] = None,
        children: Tuple[Shortcode, ...] = (),
    ) -> None:
        start = span.start
        _set(self, "dialect", dialect)
        _set(self, "name", name)
        _set(self, "span", span)
        _set(self, "attributes", attributes)
        _set(self, "form", form)
        _set(self, "notation", notation)
        _set(self, "escaped", escaped)
        _set(self, "close_span", close_span)
        _set(self, "content_span", content_span)
        _set(self, "close_notation", close_notation)
        _set(self, "children", children)
        _set(self, "_open", None if open_span == span else open_span)
        _set(self, "_name_start", name_span.start - start)
        _set(self, "_name_end", name_span.end - start)
        _set(self, "attributes_span", attributes_span)

    @classmethod
    def at(
        cls,
        dialect: Dialect,
        name: str,
        span: Span,
        open_span: Optional[Span],
        name_start: int,
        name_end: int,
        attributes_span: Span,
        attributes: Tuple[Attribute, ...],
        form: str,
        *,
        escaped: bool = False,
        close_span: Optional[Span] = None,
        content_span: Optional[Span] = None,
        children: Tuple[Shortcode, ...] = (),
    ) -> Shortcode:
        """An occurrence whose attributes follow its name, without building those spans.

        ``open_span`` is None when it is all of ``span``.
        """
        shortcode = object.__new__(cls)
        start = span.start
        _set(shortcode, "dialect", dialect)
        _set(shortcode, "name", name)
        _set(shortcode, "span", span)
        _set(shortcode, "attributes", attributes)
        _set(shortcode, "form", form)
        _set(shortcode, "notation", None)
        _set(shortcode, "escaped", escaped)
        _set(shortcode, "close_span", close_span)
        _set(shortcode, "content_span", content_span)
        _set(shortcode, "close_notation", None)
        _set(shortcode, "children", children)
        _set(shortcode, "_open", open_span)
        _set(shortcode, "_name_start", name_start - start)
        _set(shortcode, "_name_end", name_end - start)
        _set(shortcode, "attributes_span", attributes_span)
        return shortcode

    @property
    def open_span(self) -> Span:
        return self.span if self._open is None else self._open

    @property
    def name_span(self) -> Span:
        start = self.span.start
        return Span(start + self._name_start, start + self._name_end)

    _FIELDS = (
        "dialect",
        "name",
        "span",
        "open_span",
        "name_span",
        "attributes_span",
        "attributes",
        "form",
        "notation",
        "escaped",
        "close_span",
        "content_span",
        "close_notation",
        "children",
    )
    _STORED = (*_FIELDS[:4], "_name_start", "_name_end", *_FIELDS[5:])

    def walk(self) -> Iterator[Shortcode]:
        yield self
        for child in self.children:
            yield from child.walk()


class RawTag(_Compact):
    """An opening tag as delimited in the source, whether or not the engine accepts it.

    Quote and invisible-character rules work on the raw attribute text
    (``attributes_span``), because damaged delimiters are exactly what makes
    the engine's own reading wrong.  Escaped tags are not listed.

    ``name_span`` is built when asked for (see ``_Compact``).
    """

    __slots__ = (
        "_name_end",
        "_name_start",
        "accepted",
        "attributes_span",
        "dialect",
        "name",
        "notation",
        "span",
    )
    dialect: Dialect
    name: str
    span: Span
    attributes_span: Span
    notation: Optional[str]
    accepted: bool  # False when the engine rejects the tag
    # Distances from ``span.start``.
    _name_start: int
    _name_end: int

    def __init__(
        self,
        dialect: Dialect,
        name: str,
        span: Span,
        name_span: Span,
        attributes_span: Span,
        notation: Optional[str] = None,
        accepted: bool = True,
    ) -> None:
        _fill_raw_tag(
            self,
            dialect,
            name,
            span,
            name_span.start,
            name_span.end,
            attributes_span,
            notation,
            accepted,
        )

    @classmethod
    def at(
        cls,
        dialect: Dialect,
        name: str,
        span: Span,
        name_start: int,
        name_end: int,
        attributes_span: Span,
        accepted: bool = True,
    ) -> RawTag:
        """The tag with these offsets, without building its spans."""
        tag = object.__new__(cls)
        _fill_raw_tag(
            tag,
            dialect,
            name,
            span,
            name_start,
            name_end,
            attributes_span,
            None,
            accepted,
        )
        return tag

    @property
    def name_span(self) -> Span:
        start = self.span.start
        return Span(start + self._name_start, start + self._name_end)

    _FIELDS = ("dialect", "name", "span", "name_span", "attributes_span", "notation", "accepted")
    _STORED = (*_FIELDS[:3], "_name_start", "_name_end", *_FIELDS[4:])


def _fill_raw_tag(
    tag: RawTag,
    dialect: Dialect,
    name: str,
    span: Span,
    name_start: int,
    name_end: int,
    attributes_span: Span,
    notation: Optional[str],
    accepted: bool,
) -> None:
    start = span.start
    _set(tag, "dialect", dialect)
    _set(tag, "name", name)
    _set(tag, "span", span)
    _set(tag, "notation", notation)
    _set(tag, "accepted", accepted)
    _set(tag, "_name_start", name_start - start)
    _set(tag, "_name_end", name_end - start)
    _set(tag, "attributes_span", attributes_span)


# Appended to the message of an error at which the engine stops reading a
# tag: what follows it in the tag is unread, so fixing it may bring others
# to light.
MORE_MAY_FOLLOW = "more problems may follow in this tag once it is fixed"

# The commands that apply fixes, as messages and the report's summary name them.
FIX_COMMAND = "contentlint check --fix"
UNSAFE_FIX_COMMAND = "contentlint check --fix --unsafe-fixes"


def announce_more(message: str) -> str:
    """``message`` saying that more problems may follow (once)."""
    return message if message.endswith(MORE_MAY_FOLLOW) else f"{message}; {MORE_MAY_FOLLOW}"


@record()
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


@record()
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


@record()
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


@record()
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
