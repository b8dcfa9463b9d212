"""The small frozen values that flow between the rooms of contentlint.

Offsets are 0-based code-point offsets into ``Source.text`` (after a BOM);
``Source`` alone turns them into lines and columns.
"""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Optional, Tuple, TypeVar

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


@record()
class Attribute:
    """One attribute (WordPress) or parameter (Hugo) as the engine reads it.

    ``name`` is ``None`` for a positional value.  ``value`` is what the engine
    hands the shortcode (names lower-cased and values C-unescaped for
    WordPress, ``\\"`` unescaped for Hugo).  ``span`` covers the exact source
    text of the attribute, ``value_span`` the value without its delimiters,
    ``name_span`` the name (``None`` for positional values).  ``delimiter`` is
    the opening delimiter as written: ``"``, ``'``, a backtick, ``\\"`` (Hugo),
    or ``""`` for none.
    """

    name: Optional[str]
    value: str
    span: Span
    value_span: Span
    delimiter: str
    name_span: Optional[Span] = None


@record()
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


@record()
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
