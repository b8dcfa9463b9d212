"""WordPress shortcodes, read the way WordPress's ``do_shortcode`` reads them.

The facts behind this module are in ``research/wordpress.md`` §2-§7.  In
short, WordPress

* first collects candidate names: the run after every ``[`` up to one of
  ``< > & / [ ] =`` or an ASCII control or space; only registered names equal
  to a candidate are looked for, and a name must not be followed by
  ``[A-Za-z0-9_-]``;
* ends an opening tag at the first ``]`` (even inside quotes), takes a ``/``
  right before it as the self-closing mark, and encloses content up to the
  first exact ``[/name]``;
* escapes ``[[name …]]`` by removing one pair of brackets;
* hides every bracket inside HTML comments, CDATA sections and HTML tags from
  the main pass, and runs shortcodes found inside HTML tags separately;
* splits the attribute text into the six forms of its attribute pattern,
  lower-cases names, C-unescapes values, drops empty quoted positional values
  and empties values with unbalanced ``<``.

WordPress only runs registered names, and contentlint does not know them all:
unless ``strict`` is set, a name also counts as registered when ``[/name]``
occurs in the text or when a ``[name …]`` run carries a ``name=value``
attribute, and Markdown links, reference definitions, footnotes, task boxes
and citations are never read as shortcodes.

The scanner is linear: bracket positions, the name run after every ``[``
and the HTML regions are each found once per text with one compiled pattern
or split, every search after that is a binary search or a set lookup,
attribute text is split with one compiled pattern, and nested content is
read at most ``MAX_DEPTH`` levels deep.
"""

from __future__ import annotations

import array
import bisect
import heapq
import itertools
import operator
import re
from dataclasses import dataclass
from typing import (
    Collection,
    Dict,
    FrozenSet,
    Iterable,
    Iterator,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
    Union,
    cast,
)

from contentlint import markup
from contentlint.characters import (
    INVISIBLE,
    SPACE_LIKE,
    TYPOGRAPHIC_QUOTES,
    ZERO_WIDTH,
    describe_characters,
)
from contentlint.model import (
    Applicability,
    Attribute,
    Dialect,
    Document,
    Edit,
    Fix,
    Problem,
    RawTag,
    Shortcode,
    Span,
    announce_more,
)

# Nested content deeper than this is not read: real content nests two or
# three levels, and the limit keeps hostile input linear.
MAX_DEPTH = 32

# What WordPress's name pre-scan reads after a `[`.
_NAME_RUN = re.compile(r"[^<>&/\[\]=\x00-\x20]*")
# Every `[` followed by a name run: the candidates of the whole text at once.
_OPEN_RUN = re.compile(r"\[([^<>&/\[\]=\x00-\x20]+)")
_NOT_NAME_CHARACTER = re.compile(r"[^A-Za-z0-9_-]")
_PRESCAN_STOP = frozenset("<>&/[]=") | frozenset(chr(code) for code in range(0x21))
_ELEMENT_WITH_SHORTCODES = re.compile(r"<\s*(?:[A-Za-z0-9]|\[)")
_REFERENCE_DEFINITION = re.compile(r"^[ \t>]*\[([^\]\r\n]{1,999})\]:", re.MULTILINE)

_ASCII_LETTERS_DIGITS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
# Attribute names, and the characters that may not follow a tag name.
_NAME_CHARACTERS = frozenset(_ASCII_LETTERS_DIGITS + "_-")
# PCRE's `\s` without Unicode support.
_ENGINE_SPACE = frozenset(" \t\n\v\f\r")
# WordPress turns runs of these two into a space before reading attributes.
_ATTRIBUTE_SPACE_EXTRA = frozenset("\u00a0\u200b")
_ATTRIBUTE_SPACE = _ENGINE_SPACE | _ATTRIBUTE_SPACE_EXTRA
_STRAIGHT_QUOTES = frozenset("\"'")

INVISIBLE_CHARACTERS = INVISIBLE
_INVISIBLE_SEARCH = re.compile("[" + "".join(sorted(INVISIBLE_CHARACTERS)) + "]")
# How an author reads attribute text: invisible characters separate nothing,
# but they are not part of what is seen either.
_AUTHOR_SPACE = _ENGINE_SPACE | INVISIBLE_CHARACTERS
_SPACE_LIKE_SEARCH = re.compile("[" + "".join(sorted(SPACE_LIKE)) + "]")
_WITHOUT_ZERO_WIDTH = {ord(ch): None for ch in ZERO_WIDTH}

# Characters `add_shortcode` refuses in a name (besides controls and space).
_FORBIDDEN_IN_NAME = frozenset("&/<>[]=")

# The key type of the PHP array WordPress hands a shortcode.
EngineKey = Union[int, str]

_PHP_INTEGER_KEY = re.compile(r"0|-?[1-9][0-9]*")
_INTEGER_START = frozenset("0123456789-")
_PHP_INT_MAX = (1 << 63) - 1
_PHP_INT_MIN = -(1 << 63)


# ---------------------------------------------------------------------------
# Small public helpers
# ---------------------------------------------------------------------------


def is_valid_name(name: str) -> bool:
    """Whether WordPress's ``add_shortcode`` accepts ``name``.

    It refuses an empty name, and any name with ``& / < > [ ] =``, a space or
    an ASCII control character; everything else is accepted.
    """
    if not name.strip(" \t\n\r\0\x0b"):
        return False
    return not any(ch in _FORBIDDEN_IN_NAME or ord(ch) <= 0x20 for ch in name)


def printable(text: str) -> str:
    """``text`` with invisible characters written as ``<U+200F>``."""
    if _INVISIBLE_SEARCH.search(text) is None:
        return text
    return "".join(f"<U+{ord(ch):04X}>" if ch in INVISIBLE_CHARACTERS else ch for ch in text)


def engine_atts(attributes: Iterable[Attribute]) -> Dict[EngineKey, str]:
    """The PHP array WordPress hands the shortcode callback, in its key order.

    Named values go in under their (lower-cased) name, a later duplicate
    replacing the value at the first one's place; positional values are
    appended with the next free integer key.  Names that PHP reads as
    integers (``5="five"``) become integer keys, as in PHP.
    """
    atts: Dict[EngineKey, str] = {}
    for key, attribute in _keyed(attributes):
        atts[key] = attribute.value
    return atts


def _keyed(attributes: Iterable[Attribute]) -> Iterator[Tuple[EngineKey, Attribute]]:
    """Each attribute with the key it gets in the PHP array (see ``engine_atts``)."""
    next_free = 0
    for attribute in attributes:
        key = next_free if attribute.name is None else _php_key(attribute.name)
        yield key, attribute
        if isinstance(key, int) and key >= next_free:
            next_free = key + 1


def _distinct_keys(attributes: Sequence[Attribute]) -> bool:
    """Whether the keys are plainly distinct, without working them out.

    Positional values get distinct integer keys; names that cannot read as
    integers (they start with neither a digit nor '-') never meet those, so
    distinct such names mean distinct keys.
    """
    named = [attribute.name for attribute in attributes if attribute.name is not None]
    if len(set(named)) != len(named):
        return False
    return not any(name[:1] in _INTEGER_START for name in named)


def engine_keys(attributes: Iterable[Attribute]) -> List[EngineKey]:
    """The PHP array key of each attribute, in order (a later equal key overwrites)."""
    return [key for key, _ in _keyed(attributes)]


def _key_origin(attribute: Attribute) -> str:
    if attribute.name is None:
        return f"positional value '{printable(attribute.value)}'"
    return f"'{attribute.name}='"


def _php_key(name: str) -> EngineKey:
    """PHP stores a key that reads as a canonical decimal integer as that integer."""
    if _PHP_INTEGER_KEY.fullmatch(name):
        number = int(name)
        if _PHP_INT_MIN <= number <= _PHP_INT_MAX:
            return number
    return name


# ---------------------------------------------------------------------------
# HTML regions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlRegion:
    """An HTML comment, CDATA section or tag, as WordPress splits content."""

    kind: str  # "comment" | "cdata" | "element"
    span: Span


def html_regions(text: str) -> Tuple[HtmlRegion, ...]:
    """Split points WordPress uses before it looks for shortcodes.

    Every ``<`` starts a region: a comment up to ``-->``, a CDATA section up
    to ``]]>``, or else a tag up to the next ``>``; each runs to the end of
    the text when never closed.  Brackets inside any region are invisible to
    WordPress's main shortcode pass.
    """
    table = _HtmlTable(text)
    return tuple(
        HtmlRegion(kind, Span(start, end))
        for start, end, kind in zip(table.starts, table.ends, table.kinds)
    )


def hidden_region_bounds(text: str) -> Tuple[Sequence[int], Sequence[int]]:
    """The starts and ends of ``html_regions``, in order, as machine integers."""
    table = _HtmlTable(text, bounds_only=True)
    return table.starts, table.ends


def shortcode_block_spans(text: str) -> List[Tuple[int, int]]:
    """The block editor's Shortcode blocks, from their opening to their closing comment."""
    return [block.span() for block in _SHORTCODE_BLOCK.finditer(text)]


# A region at each `<`: a comment's opening (its end is markup's to say), a
# whole CDATA section, or a whole tag; the last two run to the end of the
# text when never closed.
_HTML_REGION = re.compile(r"<(?:(!--)|(!\[CDATA\[)(?:.*?\]\]>|.*)|[^>]*>?)", re.DOTALL)
_REGION_KIND = {1: "comment", 2: "cdata", None: "element"}


class _HtmlTable:
    """``html_regions`` as three parallel lists, built in one scan.

    ``bounds_only`` keeps the starts and ends alone, as machine integers.
    """

    __slots__ = ("ends", "kinds", "starts")

    def __init__(self, text: str, bounds_only: bool = False) -> None:
        # Arrays answer every question a list of offsets is asked here.
        self.starts: List[int] = cast(List[int], array.array("q")) if bounds_only else []
        self.ends: List[int] = cast(List[int], array.array("q")) if bounds_only else []
        self.kinds: List[str] = []
        search = _HTML_REGION.search
        match = search(text)
        while match is not None:
            start = match.start()
            kind = _REGION_KIND[match.lastindex]
            end = markup.comment_end(text, start) if kind == "comment" else match.end()
            self.starts.append(start)
            self.ends.append(end)
            if not bounds_only:
                self.kinds.append(kind)
            match = search(text, end)


# ---------------------------------------------------------------------------
# Attribute text
# ---------------------------------------------------------------------------


class _Token(NamedTuple):
    """One match of WordPress's attribute pattern, in source offsets."""

    kind: str  # "named" | "quoted" | "bare"
    start: int
    end: int
    value_start: int
    value_end: int
    quote: str = ""
    name_start: int = -1
    name_end: int = -1


def _token_pattern(spaces: FrozenSet[str]) -> re.Pattern[str]:
    """WordPress's attribute pattern, with ``spaces`` as the separators.

    The alternatives are tried in order at the first character that is not a
    space: ``name="v"``, ``name='v'``, ``name=v``, ``"v"``, ``'v'``, each
    followed by a space or the end; a run of non-spaces is the fallback.
    A quoted value ends at the first quote of its kind.
    """
    chars = "".join(re.escape(ch) for ch in sorted(spaces))
    space = f"[{chars}]"
    after = f"(?={space}|\\Z)"
    return re.compile(
        f"([A-Za-z0-9_-]+){space}*={space}*"
        f"(?:\"([^\"]*)\"|'([^']*)'|([^\"'{chars}]+)){after}"
        f"|\"([^\"]*)\"{after}|'([^']*)'{after}"
        f"|[^{chars}]+"
    )


# Compiled on first use, so that importing the module stays cheap.
_TOKEN_PATTERNS: Dict[FrozenSet[str], re.Pattern[str]] = {}
# Which capturing group closed last, for each form of the pattern.
_NAMED_QUOTED = {2: '"', 3: "'"}
_POSITIONAL_QUOTED = {5: '"', 6: "'"}


def _tokens(text: str, start: int, end: int, spaces: FrozenSet[str]) -> List[_Token]:
    """Split ``text[start:end]`` the way WordPress's attribute pattern does.

    Each of the six forms must be followed by a space or the end; the first
    form that fits wins, and a run of non-spaces is the fallback.
    """
    pattern = _TOKEN_PATTERNS.get(spaces)
    if pattern is None:
        pattern = _TOKEN_PATTERNS[spaces] = _token_pattern(spaces)
    tokens: List[_Token] = []
    append = tokens.append
    for match in pattern.finditer(text, start, end):
        form = match.lastindex
        token_start, token_end = match.span()
        if form is None:
            append(_Token("bare", token_start, token_end, token_start, token_end))
        elif form == 4:
            append(
                _Token(
                    "named", token_start, token_end, match.start(4), token_end, "",
                    token_start, match.end(1),
                )
            )  # fmt: skip
        elif form in _NAMED_QUOTED:
            append(
                _Token(
                    "named", token_start, token_end, match.start(form), token_end - 1,
                    _NAMED_QUOTED[form], token_start, match.end(1),
                )
            )  # fmt: skip
        else:
            append(
                _Token(
                    "quoted", token_start, token_end, token_start + 1, token_end - 1,
                    _POSITIONAL_QUOTED[form],
                )
            )  # fmt: skip
    return tokens


def strip_c_slashes(value: str) -> str:
    """PHP's ``stripcslashes``: C escapes become the characters they name.

    Works on the UTF-8 bytes, as PHP does; bytes that do not form UTF-8 come
    back as U+FFFD.
    """
    if "\\" not in value:
        return value
    data = value.encode("utf-8", "surrogatepass")
    out = bytearray()
    simple = {
        ord("n"): 10,
        ord("r"): 13,
        ord("a"): 7,
        ord("t"): 9,
        ord("v"): 11,
        ord("b"): 8,
        ord("f"): 12,
        ord("\\"): 92,
    }
    index = 0
    length = len(data)
    hexdigits = b"0123456789abcdefABCDEF"
    while index < length:
        byte = data[index]
        if byte != 0x5C or index + 1 >= length:
            out.append(byte)
            index += 1
            continue
        index += 1
        byte = data[index]
        if byte in simple:
            out.append(simple[byte])
            index += 1
            continue
        if byte == ord("x") and index + 1 < length and data[index + 1] in hexdigits:
            digits = data[index + 1 : index + 2]
            if index + 2 < length and data[index + 2] in hexdigits:
                digits = data[index + 1 : index + 3]
            out.append(int(digits, 16))
            index += 1 + len(digits)
            continue
        octal = 0
        while octal < 3 and index + octal < length and 0x30 <= data[index + octal] <= 0x37:
            octal += 1
        if octal:
            out.append(int(data[index : index + octal], 8) & 0xFF)
            index += octal
            continue
        out.append(byte)
        index += 1
    return out.decode("utf-8", "replace")


def _collapse_attribute_spaces(value: str) -> str:
    if "\u00a0" not in value and "\u200b" not in value:
        return value
    out: List[str] = []
    previous_was_space = False
    for ch in value:
        if ch in _ATTRIBUTE_SPACE_EXTRA:
            if not previous_was_space:
                out.append(" ")
            previous_was_space = True
            continue
        previous_was_space = False
        out.append(ch)
    return "".join(out)


def _balanced_html(value: str) -> bool:
    # Every `<` that starts a tag needs a later `>`: equivalently, the last
    # `<` must have a `>` after it.
    last_open = value.rfind("<")
    return last_open < 0 or value.find(">", last_open) >= 0


def _engine_value(raw: str) -> str:
    """A value as the callback gets it from its text as the main pass sees it."""
    if "\\" not in raw and "<" not in raw and "\u00a0" not in raw and "\u200b" not in raw:
        return raw  # nothing to unescape, collapse or empty
    value = strip_c_slashes(_collapse_attribute_spaces(raw))
    if "<" in value and not _balanced_html(value):
        return ""
    return value


def _attributes(
    text: str,
    tokens: Sequence[_Token],
    hidden: _Hidden,
    interned: Optional[Dict[str, str]] = None,
) -> Tuple[Attribute, ...]:
    """The engine's attributes of ``tokens``; names are shared through ``interned``."""
    attributes: List[Attribute] = []
    if interned is None:
        interned = {}
    for token in tokens:
        name: Optional[str] = None
        name_start: Optional[int] = None
        name_end: Optional[int] = None
        if token.kind == "named":
            raw_name = text[token.name_start : token.name_end]
            if raw_name == "0":
                continue  # PHP's empty("0"): WordPress drops the attribute
            name = raw_name.lower()
            name = interned.setdefault(name, name)
            name_start, name_end = token.name_start, token.name_end
        elif token.kind == "quoted" and token.value_start == token.value_end:
            continue  # an empty quoted positional value is dropped
        raw_value = hidden.engine_text(token.value_start, token.value_end)
        delimiter = token.quote
        if not delimiter and raw_value[:1] in TYPOGRAPHIC_QUOTES:
            delimiter = raw_value[0]
        attributes.append(
            Attribute.at(
                name,
                _engine_value(raw_value),
                token.start,
                token.end,
                token.value_start,
                token.value_end,
                delimiter,
                name_start,
                name_end,
            )
        )
    return tuple(attributes)


def parse_attributes(text: str) -> Tuple[Attribute, ...]:
    """WordPress's ``shortcode_parse_atts`` on a tag's attribute text.

    Spans are offsets into ``text``.  Dropped values (empty quoted positional
    values, the name ``0``) are not listed.
    """
    tokens = _tokens(text, 0, len(text), _ATTRIBUTE_SPACE)
    return _attributes(text, tokens, _Hidden(text, [], []))


# ---------------------------------------------------------------------------
# Scanner state
# ---------------------------------------------------------------------------


def offsets_of(
    text: str, character: str, start: int = 0, end: Optional[int] = None
) -> Sequence[int]:
    """Where ``character`` (or string) occurs in ``text[start:end]``, in order.

    Machine integers: 8 bytes an offset where a list takes 40.
    """
    if end is not None or start or len(text) > _SPLIT_UP_TO:
        # A find loop copies nothing of a large text.
        found = array.array("q")
        stop = len(text) if end is None else end
        index = text.find(character, start, stop)
        while index >= 0:
            found.append(index)
            index = text.find(character, index + 1, stop)
        return found
    # Splitting is one pass in C; each occurrence sits after the pieces and
    # the occurrences before it.
    pieces = text.split(character)
    width = len(character)
    before = itertools.accumulate(map(len, pieces[:-1]))
    return array.array("q", map(operator.add, before, range(0, width * (len(pieces) - 1), width)))


# Up to this many characters, splitting (which copies the text once, in
# pieces) is the quicker way to find every occurrence.
_SPLIT_UP_TO = 1 << 20

# The order of Span (start, then end), worked out in C.
_SPAN_ORDER = operator.attrgetter("start", "end")


class _Regions:
    """Sorted, disjoint spans, for fast "is this offset inside one" questions."""

    __slots__ = ("ends", "starts")

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans, key=_SPAN_ORDER)
        self.starts = [span.start for span in ordered]
        self.ends = [span.end for span in ordered]

    @classmethod
    def of_sorted(cls, starts: List[int], ends: List[int]) -> _Regions:
        """Regions given as sorted, disjoint ``starts`` and ``ends``."""
        regions = cls.__new__(cls)
        regions.starts = starts
        regions.ends = ends
        return regions

    def contains(self, offset: int) -> bool:
        if not self.starts:
            return False
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]

    def outside(self, offsets: Sequence[int]) -> Sequence[int]:
        """The sorted ``offsets`` that lie in no span (one merge, no searches).

        Machine integers, or ``offsets`` themselves when no span hides any.
        """
        if not self.starts:
            return offsets
        kept = array.array("q")
        index = 0
        count = len(self.starts)
        for offset in offsets:
            while index < count and self.ends[index] <= offset:
                index += 1
            if index < count and self.starts[index] <= offset:
                continue
            kept.append(offset)
        return kept


class _Hidden:
    """The brackets WordPress's main pass cannot see, and what it sees instead."""

    def __init__(self, text: str, starts: List[int], ends: List[int]) -> None:
        self.text = text
        self.lookup = _Regions.of_sorted(starts, ends)

    def contains(self, offset: int) -> bool:
        return self.lookup.contains(offset)

    def engine_text(self, start: int, end: int) -> str:
        """``text[start:end]`` as WordPress's main pass sees it.

        WordPress first rewrites ``&#91;``/``&#93;`` as ``&#091;``/``&#093;``,
        then writes every bracket inside an HTML region as ``&#91;``/``&#93;``.
        """
        text = self.text
        starts, ends = self.lookup.starts, self.lookup.ends
        before = bisect.bisect_right(starts, start) - 1
        if (before < 0 or ends[before] <= start) and (
            before + 1 >= len(starts) or starts[before + 1] >= end
        ):
            return _normalized_entities(text[start:end])  # no region meets the span
        index = max(before, 0)
        pieces: List[str] = []
        position = start
        while index < len(starts) and starts[index] < end:
            region_start, region_end = starts[index], ends[index]
            index += 1
            if region_end <= position:
                continue
            low = max(region_start, position)
            high = min(region_end, end)
            pieces.append(_normalized_entities(text[position:low]))
            hidden = _normalized_entities(text[low:high])
            pieces.append(hidden.replace("[", "&#91;").replace("]", "&#93;"))
            position = high
        pieces.append(_normalized_entities(text[position:end]))
        return "".join(pieces)


def _normalized_entities(text: str) -> str:
    if "&#9" not in text:
        return text
    return text.replace("&#91;", "&#091;").replace("&#93;", "&#093;")


def engine_content(text: str, span: Span) -> str:
    """The enclosed content WordPress hands a shortcode callback for ``span``.

    Brackets inside HTML comments, CDATA and tags arrive encoded as
    ``&#91;``/``&#93;``, and existing ``&#91;``/``&#93;`` as ``&#091;``/``&#093;``.
    """
    table = _HtmlTable(text)
    return _Hidden(text, table.starts, table.ends).engine_text(span.start, span.end)


class _Names:
    """Registered names in registration order, and every prefix of them.

    A prefix table answers "can a name still start with what was read so
    far?" in one set lookup, as a trie would, without building one.
    """

    __slots__ = ("extensions", "longest", "names", "order", "prefixes")

    def __init__(self, names: Sequence[str]) -> None:
        self.extensions: Dict[Tuple[str, ...], _Names] = {}
        self.names = tuple(names)
        order: Dict[str, int] = {}
        for index, name in enumerate(self.names):
            order.setdefault(name, index)
        self.order = order
        self.prefixes = frozenset(name[:stop] for name in order for stop in range(1, len(name) + 1))
        self.longest = max(map(len, order), default=0)

    def extended(self, more: Sequence[str]) -> _Names:
        """These names, then ``more`` (which are not among them)."""
        if not more:
            return self
        key = tuple(more)
        names = self.extensions.get(key)
        if names is not None:
            return names
        if len(self.extensions) >= _NAMES_CACHE_SIZE:
            self.extensions.clear()
        names = self.extensions[key] = _Names.__new__(_Names)
        names.extensions = {}
        names.names = (*self.names, *more)
        names.order = dict(self.order)
        for name in more:
            names.order.setdefault(name, len(names.order))
        names.prefixes = self.prefixes | {
            name[:stop] for name in more for stop in range(1, len(name) + 1)
        }
        names.longest = max(self.longest, *map(len, more))
        return names


# The names of one run's setting, and what documents added to them, kept
# between documents: a run checks many documents against the same names,
# and the same few shortcodes show up in many of them.
_NAMES_CACHE: Dict[Collection[str], _Names] = {}
_NAMES_CACHE_SIZE = 64


def _names_for(known: Collection[str]) -> _Names:
    """The registered names ``known`` gives (see ``_ordered``)."""
    key: Collection[str] = tuple(known) if isinstance(known, (list, tuple)) else frozenset(known)
    names = _NAMES_CACHE.get(key)
    if names is None:
        if len(_NAMES_CACHE) >= _NAMES_CACHE_SIZE:
            _NAMES_CACHE.clear()
        names = _NAMES_CACHE[key] = _Names(_ordered(key))
    return names


@dataclass(frozen=True)
class _View:
    """The brackets one pass can see, and the closing tags among them."""

    opens: Sequence[int]
    closes: Sequence[int]
    closers: Mapping[str, Sequence[int]]
    hide_brackets: bool


@dataclass(frozen=True)
class _LinterName:
    """A registered name as an author sees it after ``[``."""

    name: str
    zone_end: int  # end of the name as written, invisible characters included
    kind: str  # "exact" | "separated" (by an invisible character) | "fragile"


@dataclass
class _Found:
    """What the engine pass found: occurrences and bookkeeping for later checks."""

    consumed_closers: Set[int]
    opening_tags: List[Span]  # attribute text hides any `[/name]` inside it
    escaped_spans: List[Span]
    unexplored_spans: List[Span]
    # Where each tag the engine runs opens, with the occurrence it opens.
    run_opens: Dict[int, Shortcode]
    problems: List[Problem]


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


def parse(
    text: str,
    known: Collection[str] = (),
    inner: Optional[Mapping[str, bool]] = None,
    *,
    strict: bool = False,
    code_spans: Optional[Tuple[Span, ...]] = None,
    registration: Optional[Registration] = None,
    definitions: Optional[Set[str]] = None,
) -> Document:
    """Read ``text`` as WordPress content.

    ``known`` are the registered names (in registration order when given as a
    sequence).  With ``strict``, only they are registered, exactly as in
    WordPress; otherwise the text's own evidence registers more names (see
    the module documentation).  ``inner`` maps a name to whether it must
    enclose content.  ``code_spans`` are the document's code regions when
    the caller already has them (``markup.code_spans``); they are computed
    otherwise.  ``registration`` and ``definitions`` are given when ``text``
    is one piece of a larger text: the names and the Markdown reference
    definitions of the whole, which the piece alone may not show.
    """
    names = None if registration is None else registration.names
    parser = _Parser(text, known, inner or {}, strict, definitions=definitions, names=names)
    return parser.run(code_spans, None if registration is None else registration.present)


# ``name=`` then a quote WordPress does not read as one (typographic, an
# entity, or its UTF-8 mojibake): the author wrote a named value, so the run
# is a shortcode even when the damage hides the value from WordPress
# (``[card a=&quot;Don't&quot;]``).
_DAMAGED_NAMED_VALUE = re.compile(
    "[A-Za-z0-9_-]=[ \t]*(?:["
    + "".join(sorted(TYPOGRAPHIC_QUOTES))
    + "]|&[#A-Za-z0-9]{2,8};|\u00e2\u20ac)"
)


# The block editor's Shortcode block: its opening and closing comments.
_SHORTCODE_BLOCK = re.compile(
    r"(<!--[ \t\r\n]+wp:shortcode(?:[ \t\r\n][^>]*?)?-->)(?:(?!<!--[ \t\r\n]+/?wp:).)*?"
    r"(<!--[ \t\r\n]+/wp:shortcode[ \t\r\n]+-->)",
    re.DOTALL,
)


class Evidence(NamedTuple):
    """What one text shows of the names it uses as shortcodes (see ``registration``).

    Each maps a name to its first position in the text: ``closed``, the
    names a ``[/name]`` closes (with whether one of those closers is not
    Markdown); ``valued``, the names whose ``[name …]`` run carries a value;
    ``blocks``, the names inside the block editor's Shortcode blocks.
    """

    closed: Dict[str, Tuple[int, bool]]
    valued: Dict[str, int]
    blocks: Dict[str, int]


class Registration:
    """The names a text registers, in order: the known ones, then its evidence.

    Built from the evidence of a whole text, or of the pieces of one
    (``registration``), so that every piece reads names as the whole would.
    """

    __slots__ = ("names", "present")

    def __init__(self, names: _Names) -> None:
        self.names = names
        # The registered names the whole text holds as a ``[name`` run: those
        # WordPress looks for everywhere in it (``present``).
        self.present: Optional[Dict[str, int]] = None

    def find_present(self, texts: Iterable[str]) -> None:
        """Note which registered names the text made of ``texts`` holds as a ``[name`` run."""
        order = self.names.order
        present: Dict[str, int] = {}
        for text in texts:
            for match in _OPEN_RUN.finditer(text):
                run = match.group(1)
                if run in order:
                    present[run] = order[run]
        self.present = present


def evidence(
    text: str, known: Collection[str] = (), definitions: Optional[Set[str]] = None
) -> Evidence:
    """The evidence of names in ``text`` (one piece of a larger text, typically)."""
    names = _names_for(known)
    return _Parser(text, known, {}, False, definitions=definitions, names=names).evidence(names)


def registration(known: Collection[str], pieces: Sequence[Tuple[int, Evidence]]) -> Registration:
    """The names registered by a text made of ``pieces`` (each at its offset), in order."""
    return Registration(_registered(_names_for(known), pieces))


def reference_definitions(text: str) -> Set[str]:
    """The labels of the Markdown reference definitions in ``text``."""
    return _reference_definitions(text)


def _registered(known: _Names, pieces: Sequence[Tuple[int, Evidence]]) -> _Names:
    """``known``, then the names the pieces' evidence shows, in the order of the whole text.

    First the names some non-Markdown ``[/name]`` closes, by their first
    closer; then those of runs with a value that no registered name
    prefixes, by first occurrence; then those of Shortcode blocks.
    """
    first_closer: Dict[str, int] = {}
    shown: Set[str] = set()
    valued: Dict[str, int] = {}
    blocks: Dict[str, int] = {}
    for offset, found in pieces:
        for name, (position, not_markdown) in found.closed.items():
            at = offset + position
            if at < first_closer.get(name, at + 1):
                first_closer[name] = at
            if not_markdown:
                shown.add(name)
        for name, position in found.valued.items():
            valued[name] = min(valued.get(name, offset + position), offset + position)
        for name, position in found.blocks.items():
            blocks[name] = min(blocks.get(name, offset + position), offset + position)
    seen = set(known.order)
    closed = sorted((name for name in shown if name not in seen), key=first_closer.__getitem__)
    seen.update(closed)
    registered = known.extended(closed)
    with_values: List[str] = []
    for name in sorted(valued, key=valued.__getitem__):
        if name in seen or _has_registered_prefix(registered, name):
            continue
        with_values.append(name)
        seen.add(name)
    in_blocks = [name for name in sorted(blocks, key=blocks.__getitem__) if name not in seen]
    return registered.extended([*with_values, *in_blocks])


class _Parser:
    def __init__(
        self,
        text: str,
        known: Collection[str],
        inner: Mapping[str, bool],
        strict: bool,
        *,
        definitions: Optional[Set[str]] = None,
        names: Optional[_Names] = None,
    ) -> None:
        self.text = text
        self.strict = strict
        self.inner = inner
        self.opens = offsets_of(text, "[")
        self.closes = offsets_of(text, "]")
        self.regions = _HtmlTable(text)
        self.hidden = _Hidden(text, self.regions.starts, self.regions.ends)
        self.unhidden = _Hidden(text, [], [])
        self.quiet = self._quiet()
        visible_opens = self.hidden.lookup.outside(self.opens)
        visible_closes = self.hidden.lookup.outside(self.closes)
        self.slashes = offsets_of(text, "[/")
        visible_slashes = self.hidden.lookup.outside(self.slashes)
        self.main_view = _View(
            visible_opens,
            visible_closes,
            _closers(text, visible_opens, visible_closes, 0, len(text), visible_slashes),
            True,
        )
        if strict:
            self.definitions: Set[str] = set()
        else:
            self.definitions = _reference_definitions(text) if definitions is None else definitions
        self._markdown_cache: Dict[int, bool] = {}
        # Every `[` that a name run follows, with that run: WordPress's
        # candidate names, found in one pass over the text.
        # One string per distinct name, however often it occurs.
        self.interned: Dict[str, str] = {}
        intern = self.interned.setdefault
        self.runs: Dict[int, str] = {}
        for match in _OPEN_RUN.finditer(text):
            run = match.group(1)
            self.runs[match.start()] = intern(run, run)
        if names is None:
            names = _names_for(known)
            if not strict:
                names = _registered(names, [(0, self.evidence(names))])
        self.names = names
        self.registered_set = names.order.keys()
        self.candidate_at = array.array(
            "q", (p for p, run in self.runs.items() if run in names.order)
        )
        self.found = _Found(set(), [], [], [], {}, [])

    def _quiet(self) -> _Regions:
        """Comments and CDATA sections: no shortcode is read there at all."""
        table = self.regions
        if "element" not in table.kinds:
            return self.hidden.lookup
        starts: List[int] = []
        ends: List[int] = []
        for start, end, kind in zip(table.starts, table.ends, table.kinds):
            if kind != "element":
                starts.append(start)
                ends.append(end)
        return _Regions.of_sorted(starts, ends)

    # -- registration -------------------------------------------------------

    def evidence(self, known: _Names) -> Evidence:
        """What this text itself shows to be shortcodes, beyond ``known``.

        Only what each occurrence shows on its own is judged here; which
        names this registers, and in what order, is ``_registered``'s.
        """
        text = self.text
        closed: Dict[str, Tuple[int, bool]] = {}
        for name, positions in self.main_view.closers.items():
            if name in known.order or not is_evidence_name(name):
                continue
            closed[name] = (positions[0], not all(self._is_markdown(p) for p in positions))
        valued: Dict[str, int] = {}
        for p, run in self.runs.items():
            space = _SPACE_LIKE_SEARCH.search(run)
            visible = run if space is None else run[: space.start()]
            name = visible.translate(_WITHOUT_ZERO_WIDTH)
            if not name or name in valued or name in known.order or not is_evidence_name(name):
                continue
            visible_end = p + 1 + len(visible)
            close_index = bisect.bisect_left(self.closes, visible_end)
            next_open = bisect.bisect_right(self.opens, p)
            limit = len(text)
            if next_open < len(self.opens):
                limit = self.opens[next_open]
            if close_index < len(self.closes) and self.closes[close_index] < limit:
                stop = self.closes[close_index]
            else:
                stop = min(limit, self._line_end(visible_end))
            if text.find("=", visible_end, stop) < 0:
                continue  # a value needs a '='
            if self.quiet.contains(p) or self._is_markdown(p):
                continue
            tokens = _tokens(text, visible_end, stop, _AUTHOR_SPACE)
            if any(token.kind == "named" for token in tokens) or _DAMAGED_NAMED_VALUE.search(
                text, visible_end, stop
            ):
                valued[name] = p
        return Evidence(closed, valued, self._block_names(known))

    def _block_names(self, known: _Names) -> Dict[str, int]:
        """Names of the bracket runs inside ``<!-- wp:shortcode -->`` blocks, where first seen.

        The block editor's Shortcode block holds shortcodes and nothing else,
        so even an attribute-less ``[site_url]`` there is one.
        """
        text = self.text
        found: Dict[str, int] = {}
        for block in _SHORTCODE_BLOCK.finditer(text):
            first = bisect.bisect_left(self.opens, block.end(1))
            for p in self.opens[first:]:
                if p >= block.start(2):
                    break
                if self.quiet.contains(p) or self._is_markdown(p):
                    continue
                run_end = _NAME_RUN.match(text, p + 1).end()  # type: ignore[union-attr]
                name = text[p + 1 : run_end]
                if name not in found and name not in known.order and is_evidence_name(name):
                    found[name] = p
        return found

    def _line_end(self, offset: int) -> int:
        newline = self.text.find("\n", offset)
        return len(self.text) if newline < 0 else newline

    # -- Markdown -----------------------------------------------------------

    def _is_markdown(self, bracket: int, remember: bool = True) -> bool:
        """Whether the ``[`` at ``bracket`` starts Markdown rather than a shortcode.

        ``remember`` keeps the answer for the next question about ``bracket``.
        """
        cached = self._markdown_cache.get(bracket)
        if cached is None:
            cached = _markdown_construct(self.text, bracket, self.closes, self.definitions)
            if remember:
                self._markdown_cache[bracket] = cached
        return cached

    # -- engine pass ----------------------------------------------------------

    def run(
        self,
        code_spans: Optional[Tuple[Span, ...]] = None,
        present: Optional[Mapping[str, int]] = None,
    ) -> Document:
        """The document; ``present`` are the names WordPress looks for, when this text is
        a piece of a larger one (see ``Registration.find_present``)."""
        text = self.text
        top = self._candidates(0, len(text), all_brackets=True) if present is None else present
        view = self.main_view
        openers = _View(self._openers(view.opens), view.closes, view.closers, True)
        shortcodes = self._level(0, len(text), top, openers, 0)
        del openers  # a list as long as the brackets, not needed from here on
        shortcodes.extend(self._element_shortcodes(top))
        shortcodes.sort(key=lambda shortcode: shortcode.span.start)
        raw_tags = self._raw_scan()
        self._closing_problems(shortcodes)
        self._enclosing_problems(shortcodes)
        problems = _unique_problems(self.found.problems)
        return Document(
            dialect=Dialect.WORDPRESS,
            shortcodes=tuple(shortcodes),
            problems=problems,
            code_spans=markup.code_spans(text) if code_spans is None else code_spans,
            raw_tags=tuple(raw_tags),
        )

    def _openers(self, opens: Sequence[int]) -> List[int]:
        """The ``opens`` after which a registered name may start, as ``[name`` or ``[[name``.

        WordPress reads a name only from the run after the bracket(s), so a
        run whose first character starts no registered name opens nothing.
        """
        text, runs, prefixes = self.text, self.runs, self.names.prefixes
        found: List[int] = []
        for p in opens:
            run = runs.get(p)
            if run is None and text.startswith("[", p + 1):
                run = runs.get(p + 1)
            if run is not None and run[0] in prefixes:
                found.append(p)
        return found

    def _candidates(self, start: int, end: int, *, all_brackets: bool = False) -> Dict[str, int]:
        """Registered names WordPress looks for in ``text[start:end]``, with their order."""
        found: Dict[str, int] = {}
        positions = self.candidate_at
        order = self.names.order
        for index in range(bisect.bisect_left(positions, start), len(positions)):
            p = positions[index]
            if p >= end:
                break
            if not all_brackets and self.hidden.contains(p):
                continue
            name = self.runs[p]
            if name not in found:
                found[name] = order[name]
        return found

    def _engine_name(
        self, name_at: int, end: int, candidates: Mapping[str, int]
    ) -> Optional[Tuple[str, int]]:
        """The name WordPress matches at ``name_at``: the first registered wins.

        A candidate counts only when the character after it (within ``end``)
        is not ``[A-Za-z0-9_-]``: the whole name run, or a prefix of it that
        stops before another character.
        """
        text = self.text
        run_end = _NAME_RUN.match(text, name_at, end).end()  # type: ignore[union-attr]
        if run_end == name_at:
            return None
        run = text[name_at:run_end]
        best = run if run in candidates else None
        longest = min(len(run) - 1, self.names.longest)
        if longest > 0:
            for stop in _NOT_NAME_CHARACTER.finditer(run, 1, longest + 1):
                prefix = run[: stop.start()]
                if prefix in candidates and (best is None or candidates[prefix] < candidates[best]):
                    best = prefix
        return None if best is None else (best, name_at + len(best))

    def _level(
        self, start: int, end: int, candidates: Mapping[str, int], view: _View, depth: int
    ) -> List[Shortcode]:
        found: List[Shortcode] = []
        if not candidates:
            return found
        cursor = start
        index = bisect.bisect_left(view.opens, start)
        opens = view.opens
        while index < len(opens):
            p = opens[index]
            index += 1
            if p >= end:
                break
            if p < cursor:
                continue
            matched = self._match(p, end, candidates, view, depth)
            if matched is None:
                continue
            shortcode, cursor = matched
            found.append(shortcode)
        return found

    def _match(
        self, p: int, end: int, candidates: Mapping[str, int], view: _View, depth: int
    ) -> Optional[Tuple[Shortcode, int]]:
        text = self.text
        extra_open = p + 1 < end and text[p + 1] == "["
        # Offsets are kept by the hundred thousand in a large file's spans:
        # each is one integer object, reused wherever it recurs.
        tag_start = p + 1 if extra_open else p
        name_at = tag_start + 1
        hit = self._engine_name(name_at, end, candidates)
        if hit is None:
            return None
        name, name_end = hit
        name = self.interned.setdefault(name, name)
        # A tag the engine runs is not asked about again (see ``_raw_scan``):
        # no answer is kept for each of a large file's tags.
        if not self.strict and self._is_markdown(tag_start, remember=False):
            return None
        close_index = bisect.bisect_left(view.closes, name_end)
        if close_index == len(view.closes) or view.closes[close_index] >= end:
            return None
        bracket = view.closes[close_index]
        self_closing = bracket > name_end and text[bracket - 1] == "/"
        attributes_end = bracket - 1 if self_closing else bracket
        after = bracket + 1
        content_span: Optional[Span] = None
        close_span: Optional[Span] = None
        if not self_closing:
            positions = view.closers.get(name, ())
            k = bisect.bisect_left(positions, after)
            if k < len(positions) and positions[k] + len(name) + 3 <= end:
                content_span = Span(after, positions[k])
                close_span = Span(positions[k], positions[k] + len(name) + 3)
                after = close_span.end
        extra_close = after < end and text[after] == "]"
        escaped = extra_open and extra_close
        form = "self-closing" if self_closing else ("enclosing" if close_span else "single")
        open_span = Span(tag_start, bracket + 1)
        if close_span is not None:
            self.found.consumed_closers.add(close_span.start)
        self.found.opening_tags.append(open_span)
        if escaped:
            span = Span(p, after + 1)
            self.found.escaped_spans.append(span)
            occurrence = Shortcode(
                Dialect.WORDPRESS,
                name,
                span,
                open_span,
                Span(name_at, name_end),
                Span(name_end, attributes_end),
                (),
                form,
                escaped=True,
                close_span=close_span,
                content_span=content_span,
            )
            return occurrence, after + 1
        tokens = _tokens(text, name_end, attributes_end, _ATTRIBUTE_SPACE)
        hidden = self.hidden if view.hide_brackets else self.unhidden
        attributes = _attributes(text, tokens, hidden, self.interned)
        self.found.problems.extend(
            self._attribute_problems(name, name_end, attributes_end, bracket, tokens, attributes)
        )
        children: Tuple[Shortcode, ...] = ()
        if content_span is not None:
            if depth + 1 >= MAX_DEPTH:
                self.found.unexplored_spans.append(content_span)
            else:
                inside = self._candidates(content_span.start, content_span.end)
                children = tuple(
                    self._level(content_span.start, content_span.end, inside, view, depth + 1)
                )
        shortcode = Shortcode.at(
            Dialect.WORDPRESS,
            name,
            open_span if close_span is None else Span(tag_start, after),
            None if close_span is None else open_span,
            name_at,
            name_end,
            Span(name_end, attributes_end),
            attributes,
            form,
            close_span=close_span,
            content_span=content_span,
            children=children,
        )
        self.found.run_opens[tag_start] = shortcode
        return shortcode, after + (1 if extra_close else 0)

    def _element_shortcodes(self, candidates: Mapping[str, int]) -> List[Shortcode]:
        """Shortcodes WordPress runs inside HTML tags, each tag on its own.

        WordPress reads each attribute of the tag separately and may discard
        the output after sanitising it; contentlint reads the whole tag.
        """
        text = self.text
        found: List[Shortcode] = []
        if not candidates:
            return found
        table = self.regions
        for start, end, kind in zip(table.starts, table.ends, table.kinds):
            if kind != "element":
                continue
            first = bisect.bisect_left(self.opens, start)
            if first == len(self.opens) or self.opens[first] >= end:
                continue  # no bracket in this tag
            opens = offsets_of(text, "[", start, end)
            closes = offsets_of(text, "]", start, end)
            if not opens or not closes:
                continue
            if not _ELEMENT_WITH_SHORTCODES.match(text, start, end):
                continue
            view = _View(opens, closes, _closers(text, opens, closes, start, end), False)
            found.extend(self._level(start, end, candidates, view, 0))
        return found

    # -- attribute problems ---------------------------------------------------

    def _attribute_problems(
        self,
        name: str,
        name_end: int,
        attributes_end: int,
        bracket: int,
        tokens: Sequence[_Token],
        attributes: Sequence[Attribute],
    ) -> Iterator[Problem]:
        text = self.text
        self_closing = attributes_end < bracket
        # `[name=value]` (Jetpack documents `[youtube=https://…]`): WordPress
        # hands `=value` to the callback as one positional value, as intended.
        tag_value_token: Optional[_Token] = None
        if name_end < attributes_end and text[name_end] == "=" and tokens:
            tag_value_token = tokens[0]
        for token in tokens:
            if token is tag_value_token:
                continue
            if token.kind == "bare":
                problem = self._bare_token_problem(token, attributes_end, bracket)
                if problem is not None:
                    yield problem
                    continue
            if (
                self_closing
                and token.end == attributes_end
                and token.quote == ""
                and "/" in text[token.value_start : token.value_end]
            ):
                shown = _shown_value(text, token)
                yield Problem(
                    "SC006",
                    Span(token.start, bracket + 1),
                    "WordPress takes the '/' before ']' as the self-closing mark and will read "
                    f"the value as '{shown}'; quote the value or put a space before '/]'",
                )
        if _distinct_keys(attributes):
            return
        earlier_by_key: Dict[EngineKey, Attribute] = {}
        for key, attribute in _keyed(attributes):
            earlier = earlier_by_key.get(key)
            earlier_by_key[key] = attribute
            if earlier is None:
                continue
            if attribute.name is not None and attribute.name == earlier.name:
                what = f"attribute '{attribute.name}' is given twice"
            else:
                origins = f"{_key_origin(earlier)}, then {_key_origin(attribute)}"
                what = f"key {key!r} is given twice ({origins})"
            yield Problem(
                "SC007",
                attribute.span,
                f"{what}; WordPress keeps the last value "
                f"'{printable(attribute.value)}' and drops '{printable(earlier.value)}'",
            )

    def _bare_token_problem(self, token: _Token, end: int, bracket: int) -> Optional[Problem]:
        """SC002/SC006 for a run WordPress reads as one positional value."""
        text = self.text
        raw = text[token.start : token.end]
        reading = (
            f"WordPress will read {printable(raw)} as positional value "
            f"'{_shown_value(text, token)}'"
        )
        equals = raw.find("=")
        if raw[0] in _STRAIGHT_QUOTES:
            quote_at = token.start
        elif equals > 0 and raw[equals + 1 : equals + 2] in ("'", '"'):
            quote_at = token.start + equals + 1
        else:
            quote_at = -1
        close = -1 if quote_at < 0 else text.find(text[quote_at], quote_at + 1, end)
        outside_quotes = raw
        if quote_at >= 0 and close >= 0:
            outside_quotes = text[token.start : quote_at] + text[close + 1 : token.end]
        if _INVISIBLE_SEARCH.search(outside_quotes):
            return None  # an invisible character is the cause: SC009 reports it
        if equals > 0 and raw[0] not in _STRAIGHT_QUOTES:
            prefix = raw[:equals]
            if not all(ch in _NAME_CHARACTERS for ch in prefix):
                if not _looks_like_attribute_name(prefix):
                    return None
                return Problem(
                    "SC006",
                    Span(token.start, token.end),
                    f"'{printable(prefix)}' is not a name WordPress accepts (only ASCII letters, "
                    f"digits, '_' and '-'); {reading}",
                )
        if quote_at >= 0:
            quote = text[quote_at]
            if close < 0:
                rest = ""
                following = text[bracket : bracket + 200].split("\n", 1)[0]
                if quote in following:
                    rest = " (WordPress ends the tag at the first ']', even inside quotes)"
                return Problem(
                    "SC002",
                    Span(token.start, end),
                    f"the {_quote_name(quote)} opened here is not closed before the tag ends"
                    f"{rest}; {reading}",
                )
            if close >= token.end and text[close - 1] == "=":
                return Problem(
                    "SC002",
                    Span(token.start, token.end),
                    f"the {_quote_name(quote)} opened here is not closed before the next "
                    f"attribute; {reading}",
                )
            if text[close - 1] == "\\":
                reason = "a backslash does not escape a quote"
            else:
                reason = "there is no space after the closing quote"
            return Problem("SC006", Span(token.start, token.end), f"{reason}; {reading}")
        if equals <= 0:
            return None
        value = raw[equals + 1 :]
        if not value:
            reason = "the value is empty"
        elif '"' in value or "'" in value:
            reason = "an unquoted value cannot contain a quote"
        else:
            return None
        return Problem("SC006", Span(token.start, token.end), f"{reason}; {reading}")

    # -- the author's view ------------------------------------------------------

    def _linter_name(self, name_at: int) -> Optional[_LinterName]:
        """The registered name an author sees at ``name_at``, if any.

        Zero-width characters inside the name are not seen; a space-like
        character ends it.  A name followed by a zero-width character and
        more text is "separated"; one followed by a character that is neither
        a name character nor a stop of WordPress's pre-scan is "fragile".
        """
        text = self.text
        if name_at >= len(text) or text[name_at] in _PRESCAN_STOP:
            return None
        prefixes = self.names.prefixes
        if text[name_at] not in prefixes and text[name_at] not in ZERO_WIDTH:
            return None
        run_end = _NAME_RUN.match(text, name_at).end()  # type: ignore[union-attr]
        registered = self.names.order
        run = text[name_at:run_end]
        if _INVISIBLE_SEARCH.search(run) is None:
            # Nothing hides in the run: the whole run, else the longest
            # registered prefix that a non-name character follows.
            if run in registered:
                return _LinterName(run, run_end, "exact")
            longest = min(len(run) - 1, self.names.longest)
            fragile = 0
            if longest > 0:
                for stop in _NOT_NAME_CHARACTER.finditer(run, 1, longest + 1):
                    if run[: stop.start()] in registered:
                        fragile = stop.start()
            if not fragile:
                return None
            return _LinterName(run[:fragile], name_at + fragile, "fragile")
        read = ""
        index = name_at
        best: Optional[_LinterName] = None
        while index < run_end:
            ch = text[index]
            if ch in SPACE_LIKE:
                break
            if ch in ZERO_WIDTH:
                index += 1
                continue
            read += ch
            if read not in prefixes:
                break
            index += 1
            if read not in registered:
                continue
            after = index
            while after < run_end and text[after] in ZERO_WIDTH:
                after += 1
            if after >= run_end or text[after] in SPACE_LIKE:
                return _LinterName(read, after, "exact")
            if after > index:
                best = _LinterName(read, index, "separated")
            elif text[index] not in _NAME_CHARACTERS:
                best = _LinterName(read, index, "fragile")
        return best

    def _raw_scan(self) -> List[RawTag]:
        """Opening tags as written, and the problems only the author's view shows."""
        text = self.text
        raw_tags: List[RawTag] = []
        escaped = _Regions(self.found.escaped_spans)
        cursor = 0
        for p in self._author_candidates():
            if p < cursor:
                continue
            if text[p + 1] == "/":
                if not (self.quiet.contains(p) or escaped.contains(p)):
                    self._closing_tag_invisibles(p)
                continue
            seen = self._linter_name(p + 1)
            if seen is None or self.quiet.contains(p) or escaped.contains(p):
                continue
            # A tag that the engine runs is no Markdown (``_match`` asked).
            if not self.strict and p not in self.found.run_opens and self._is_markdown(p):
                continue
            if seen.kind == "fragile" and p not in self.found.run_opens:
                run_end = _NAME_RUN.match(text, p + 1).end()  # type: ignore[union-attr]
                if not is_evidence_name(text[p + 1 : run_end]):
                    # `[exec|container exec]`: an option list, not a damaged tag.
                    continue
            close_index = bisect.bisect_left(self.closes, seen.zone_end)
            next_open = bisect.bisect_right(self.opens, p)
            bracket = self.closes[close_index] if close_index < len(self.closes) else -1
            following = self.opens[next_open] if next_open < len(self.opens) else -1
            opening = Span(p, seen.zone_end)
            if bracket < 0:
                self.found.problems.append(
                    Problem(
                        "SC001",
                        opening,
                        f"[{seen.name} never reaches its ']'; WordPress will show it as text",
                    )
                )
                continue
            if 0 <= following < bracket:
                other = self._next_tag_name(following, bracket)
                if other is not None:
                    self.found.problems.append(
                        Problem(
                            "SC001",
                            opening,
                            f"[{seen.name} is not closed before the next tag {other}; WordPress "
                            f"will read '{other[:-1] if other.endswith(']') else other}' as "
                            f"attribute text of [{seen.name}]",
                        )
                    )
                    continue
            if p > 0 and text[p - 1] == "[" and text.startswith("]", bracket + 1):
                cursor = bracket + 1
                continue  # written as an escape: meant to be shown, not run
            accepted = p in self.found.run_opens
            if self.hidden.contains(bracket) and not self.hidden.contains(p) and not accepted:
                self.found.problems.append(
                    Problem(
                        "SC001",
                        opening,
                        f"a '<' inside [{seen.name} starts an HTML tag that hides its ']'; "
                        "WordPress will show it as text",
                    )
                )
            attributes_end = bracket
            if bracket - 1 >= seen.zone_end and text[bracket - 1] == "/":
                attributes_end = bracket - 1
            raw_tags.append(self._raw_tag(p, seen, bracket, attributes_end))
            if seen.kind == "fragile":
                self.found.problems.append(self._fragile_name_problem(p, seen, accepted))
            if _INVISIBLE_SEARCH.search(text, p, bracket):
                self._tag_invisibles(p, seen, attributes_end, accepted)
            cursor = bracket + 1
        return raw_tags

    def _raw_tag(self, p: int, seen: _LinterName, bracket: int, attributes_end: int) -> RawTag:
        """The tag as written at ``p``, sharing its span with the occurrence run from there."""
        name = self.interned.setdefault(seen.name, seen.name)
        run = self.found.run_opens.get(p)
        # A file holds about as many tags as occurrences: where they agree
        # (both start at ``p``), one span serves both.
        span = None if run is None else run.open_span
        if span is None or span.end != bracket + 1:
            span = Span(p, bracket + 1)
        attributes_span = None if run is None else run.attributes_span
        if (
            attributes_span is None
            or attributes_span.start != seen.zone_end
            or attributes_span.end != attributes_end
        ):
            attributes_span = Span(seen.zone_end, attributes_end)
        return RawTag.at(
            Dialect.WORDPRESS,
            name,
            span,
            p + 1,
            seen.zone_end,
            attributes_span,
            accepted=run is not None,
        )

    def _author_candidates(self) -> Sequence[int]:
        """The ``[`` where an author may see a registered name or a closing tag, in order.

        A name must start with a character that starts a registered name (or
        with an invisible one); every closing tag is looked at.  Machine
        integers: a large file has as many as it has tags.
        """
        prefixes = self.names.prefixes
        # The last use of the bracket runs: let them go before the tags are built.
        runs, self.runs = self.runs, {}
        found = (p for p, run in runs.items() if run[0] in prefixes or run[0] in ZERO_WIDTH)
        # Both are in order, and a run never starts with '/'.
        return array.array("q", heapq.merge(found, self.slashes))

    def _next_tag_name(self, following: int, bracket: int) -> Optional[str]:
        """``[name`` or ``[/name]`` of a registered name starting at ``following``."""
        text = self.text
        if text.startswith("/", following + 1):
            name = text[following + 2 : bracket]
            return f"[/{name}]" if name in self.registered_set else None
        other = self._linter_name(following + 1)
        return None if other is None else f"[{other.name}"

    def _fragile_name_problem(self, p: int, seen: _LinterName, accepted: bool) -> Problem:
        text = self.text
        run_end = _NAME_RUN.match(text, p + 1).end()  # type: ignore[union-attr]
        read = printable(text[p + 1 : run_end])
        rest = printable(text[seen.zone_end : run_end])
        if accepted:
            outcome = (
                f"WordPress runs it as [{seen.name}] with positional value '{rest}' only because "
                f"a plain [{seen.name} also occurs in the text"
            )
        else:
            outcome = announce_more(
                f"WordPress reads the name as '{read}' and will not run [{seen.name}]"
            )
        return Problem(
            "SC006",
            Span(p, run_end),
            f"'{printable(text[seen.zone_end : seen.zone_end + 1])}' right after the name: "
            f"{outcome}",
        )

    def _closing_tag_invisibles(self, p: int) -> None:
        text = self.text
        close_index = bisect.bisect_left(self.closes, p)
        if close_index == len(self.closes):
            return
        bracket = self.closes[close_index]
        next_open = bisect.bisect_right(self.opens, p)
        if next_open < len(self.opens) and self.opens[next_open] < bracket:
            return
        if not _INVISIBLE_SEARCH.search(text, p + 2, bracket):
            return
        written = text[p + 2 : bracket]
        name = "".join(ch for ch in written if ch not in INVISIBLE_CHARACTERS)
        if name not in self.registered_set:
            return
        for start, end in _invisible_runs(text, p + 2, bracket):
            self.found.problems.append(
                _invisible_problem(
                    text,
                    start,
                    end,
                    "",
                    f"inside the closing tag [/{name}]; WordPress will not read "
                    f"'[/{printable(written)}]' as the end of [{name}]",
                )
            )

    def _tag_invisibles(
        self, p: int, seen: _LinterName, attributes_end: int, accepted: bool
    ) -> None:
        """SC009 for invisible characters in a tag's name and between its attributes."""
        text = self.text
        problems = self.found.problems
        if accepted:
            consequence = (
                f"WordPress runs it only because a plain [{seen.name} also occurs in the text"
            )
        else:
            # The tag is not run, so nothing in it is read yet.
            consequence = announce_more(f"WordPress will not run [{seen.name}]")
        for start, end in _invisible_runs(text, p + 1, seen.zone_end):
            problems.append(
                _invisible_problem(
                    text, start, end, "", f"inside the name [{seen.name}]; {consequence}"
                )
            )
        region_start = seen.zone_end
        if region_start >= attributes_end:
            return
        run_end = _NAME_RUN.match(text, p + 1).end()  # type: ignore[union-attr]
        # How the author reads the tag: invisible characters separate nothing.
        author_tokens = _tokens(text, region_start, attributes_end, _AUTHOR_SPACE)
        engine_tokens = _tokens(text, region_start, attributes_end, _ATTRIBUTE_SPACE)
        engine_starts = [token.start for token in engine_tokens]
        values = [Span(t.value_start, t.value_end) for t in author_tokens if t.quote]
        values.extend(_typographic_values(text, region_start, attributes_end))
        previous: Optional[_Token] = None
        token_index = 0
        for start, end in _invisible_runs(text, region_start, attributes_end):
            if any(span.start <= start < span.end for span in values):
                continue
            while token_index < len(author_tokens) and author_tokens[token_index].end <= start:
                previous = author_tokens[token_index]
                token_index += 1
            current = author_tokens[token_index] if token_index < len(author_tokens) else None
            if current is not None and current.start <= start:
                where = "next to '='"
                replacement = ""
            else:
                replacement, where = _separator_fix(
                    text, start, end, region_start, attributes_end, previous, current
                )
            engine = _covering(engine_tokens, engine_starts, start)
            if start < run_end:
                effect = f"WordPress reads the name as '{printable(text[p + 1 : run_end])}'; " + (
                    consequence
                )
            elif engine is not None and engine.kind == "bare":
                effect = (
                    f"WordPress will read {printable(text[engine.start : engine.end])} as "
                    f"positional value '{_shown_value(text, engine)}'"
                )
            elif engine is not None:
                effect = (
                    f"WordPress will read the value as "
                    f"'{printable(text[engine.value_start : engine.value_end])}'"
                )
            elif all(ch in _ATTRIBUTE_SPACE_EXTRA for ch in text[start:end]):
                effect = "WordPress reads it as a space, but it cannot be seen"
            else:
                effect = "it cannot be seen"
            problems.append(_invisible_problem(text, start, end, replacement, f"{where}; {effect}"))

    # -- closing tags -------------------------------------------------------------

    def _closing_problems(self, shortcodes: Sequence[Shortcode]) -> None:
        registered = self.registered_set
        consumed = self.found.consumed_closers
        if not any(
            name in registered and any(p not in consumed for p in positions)
            for name, positions in self.main_view.closers.items()
        ):
            return  # every closing tag closes its occurrence: no regions to build
        escaped = _Regions(self.found.escaped_spans)
        unexplored = _Regions(self.found.unexplored_spans)
        opening_tags = _Regions(_disjoint(self.found.opening_tags))
        crossings: Dict[str, List[Tuple[int, Shortcode, Shortcode]]] = {}
        for top in shortcodes:
            _collect_crossings(top, [], crossings)
        crossing_ends: Dict[str, List[int]] = {}
        for crossing_name, entries in crossings.items():
            entries.sort(key=lambda entry: entry[0])
            crossing_ends[crossing_name] = [entry[0] for entry in entries]
        # In the order of the text: where two closing tags explain the same
        # misnesting, the first of them is named (``_unique_problems``).
        unconsumed = sorted(
            (p, name)
            for name, positions in self.main_view.closers.items()
            if name in self.registered_set
            for p in positions
            if p not in consumed
        )
        for p, name in unconsumed:
            if escaped.contains(p) or unexplored.contains(p) or opening_tags.contains(p):
                continue
            if not self.strict and self._is_markdown(p):
                continue
            close = Span(p, p + len(name) + 3)
            crossing = _latest_crossing(crossings.get(name, []), crossing_ends.get(name, []), p)
            if crossing is not None:
                outer, opened = crossing
                assert outer.close_span is not None
                self.found.problems.append(
                    Problem(
                        "SC005",
                        outer.close_span,
                        f"[/{outer.name}] closes [{outer.name}] while [{opened.name}] opened "
                        f"inside it is still open; WordPress will print the later "
                        f"[/{name}] as text",
                    )
                )
                continue
            self.found.problems.append(
                Problem(
                    "SC004",
                    close,
                    f"[/{printable(name)}] has no open [{printable(name)}] before it; "
                    "WordPress will print it as text",
                )
            )

    def _enclosing_problems(self, shortcodes: Sequence[Shortcode]) -> None:
        if not self.inner:
            return
        for top in shortcodes:
            for shortcode in top.walk():
                if shortcode.escaped or shortcode.form != "single":
                    continue
                if self.inner.get(shortcode.name) is True:
                    self.found.problems.append(
                        Problem(
                            "SC003",
                            shortcode.open_span,
                            f"[{shortcode.name}] must enclose content but is never closed with "
                            f"[/{shortcode.name}]; WordPress will pass it no content",
                        )
                    )


# ---------------------------------------------------------------------------
# Helpers of the parser
# ---------------------------------------------------------------------------


def _ordered(known: Collection[str]) -> List[str]:
    names = list(known) if isinstance(known, (list, tuple)) else sorted(known)
    seen: Set[str] = set()
    ordered: List[str] = []
    for name in names:
        if name and name not in seen:
            seen.add(name)
            ordered.append(name)
    return ordered


def _closers(
    text: str,
    opens: Sequence[int],
    closes: Sequence[int],
    start: int,
    end: int,
    slashes: Optional[Sequence[int]] = None,
) -> Dict[str, List[int]]:
    """Every ``[/name]`` among the given brackets, by name.

    ``slashes`` are the ``[/`` among ``opens``, when the caller has them.
    """
    closers: Dict[str, List[int]] = {}
    if slashes is None:
        slashes = [p for p in opens if text.startswith("/", p + 1)]
    for p in slashes[bisect.bisect_left(slashes, start) :]:
        if p >= end:
            break
        index = bisect.bisect_left(opens, p)
        close_index = bisect.bisect_left(closes, p + 2)
        if close_index == len(closes) or closes[close_index] >= end:
            continue
        bracket = closes[close_index]
        if index + 1 < len(opens) and opens[index + 1] < bracket:
            continue
        name = text[p + 2 : bracket]
        if name:
            closers.setdefault(name, []).append(p)
    return closers


def _has_registered_prefix(names: _Names, name: str) -> bool:
    """Whether a registered name is a proper prefix of ``name`` at a non-name character."""
    longest = min(len(name) - 1, names.longest)
    if longest <= 0:
        return False
    for stop in _NOT_NAME_CHARACTER.finditer(name, 1, longest + 1):
        if name[: stop.start()] in names.order:
            return True
    return False


def _escaped_by_backslash(text: str, index: int) -> bool:
    """Whether an odd run of backslashes precedes ``text[index]`` (a Markdown escape)."""
    run = 0
    while index - run - 1 >= 0 and text[index - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def is_evidence_name(name: str) -> bool:
    """Whether the text alone may show ``name`` to be a shortcode.

    Registered names are letters, digits, ``_`` and ``-`` (a few use ``.``
    or ``:``), starting with a letter, digit or ``_``.  A run such as
    ``[-g|--codegen x=1]`` or ``[/caption\\]`` is an option list or an
    escape, whatever follows it.
    """
    if not name or not (name[0].isalnum() or name[0] == "_"):
        return False
    return all(ch.isalnum() or ch in "_-.:" for ch in name)


def _normalized_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def _reference_definitions(text: str) -> Set[str]:
    if "]:" not in text:
        return set()  # every definition has one
    return {_normalized_label(m.group(1)) for m in _REFERENCE_DEFINITION.finditer(text)}


def _markdown_construct(
    text: str,
    bracket: int,
    closes: Sequence[int],
    definitions: Set[str],
) -> bool:
    """Links, reference definitions, footnotes, task boxes, citations and ``\\[``."""
    if _escaped_by_backslash(text, bracket):
        return True
    if text.startswith("^", bracket + 1):
        return True
    close_index = bisect.bisect_left(closes, bracket + 1)
    if close_index == len(closes):
        return False
    close = closes[close_index]
    label_length = close - bracket - 1
    if label_length <= 1 and text[bracket + 1 : close] in ("", " ", "x", "X"):
        return True
    after = text[close + 1 : close + 2]
    if after == "(":
        return True
    if after == ":":
        line_start = text.rfind("\n", 0, bracket) + 1
        if bracket - line_start <= 40 and not text[line_start:bracket].strip(" \t>\r"):
            return True
    if label_length > 999:
        return False
    label = text[bracket + 1 : close]
    if label and all(ch in "0123456789,;- " for ch in label) and any(ch.isdigit() for ch in label):
        return True
    if not definitions:
        return False
    if after == "[":
        ref_index = bisect.bisect_left(closes, close + 2)
        if ref_index < len(closes) and closes[ref_index] - close - 2 <= 999:
            reference = text[close + 2 : closes[ref_index]]
            if "[" not in reference:
                key = _normalized_label(reference) if reference else _normalized_label(label)
                if key in definitions:
                    return True
    return _normalized_label(label) in definitions


def _shown_value(text: str, token: _Token) -> str:
    return printable(_engine_value(_normalized_entities(text[token.value_start : token.value_end])))


def _quote_name(quote: str) -> str:
    return "double quote" if quote == '"' else "single quote"


def _looks_like_attribute_name(prefix: str) -> bool:
    if not (prefix[0].isalpha() or prefix[0] == "_"):
        return False
    return all(ch.isalnum() or ch in "_-.:" for ch in prefix)


def _invisible_runs(text: str, start: int, end: int) -> Iterator[Tuple[int, int]]:
    index = start
    while index < end:
        if text[index] in INVISIBLE_CHARACTERS:
            run_end = index + 1
            while run_end < end and text[run_end] in INVISIBLE_CHARACTERS:
                run_end += 1
            yield index, run_end
            index = run_end
        else:
            index += 1


def _invisible_problem(text: str, start: int, end: int, replacement: str, detail: str) -> Problem:
    characters = text[start:end]
    action = "replace it with a space" if replacement else "remove it"
    return Problem(
        "SC009",
        Span(start, end),
        f"{describe_characters(characters)} {detail}",
        Fix(Applicability.SAFE, action, (Edit(Span(start, end), replacement),)),
    )


def _separator_fix(
    text: str,
    start: int,
    end: int,
    region_start: int,
    region_end: int,
    previous: Optional[_Token],
    current: Optional[_Token],
) -> Tuple[str, str]:
    """(replacement, where) for an invisible run between two parts of a tag.

    The run becomes a space when it is all that separates two parts that an
    author reads as separate, and is removed when a space is already there.
    """
    before = text[start - 1] if start > region_start else ""
    after = text[end] if end < region_end else ""
    if end >= region_end:
        return "", "before the end of the tag"
    if start == region_start:
        where = "between the name and the attributes"
    elif before in _STRAIGHT_QUOTES or before in TYPOGRAPHIC_QUOTES:
        where = "right after a closing quote"
    else:
        where = "between attributes"
    if before in _ENGINE_SPACE or after in _ENGINE_SPACE:
        return "", where
    if start == region_start or where == "right after a closing quote":
        return " ", where
    if any(ch in SPACE_LIKE or ch in _ATTRIBUTE_SPACE_EXTRA for ch in text[start:end]):
        return " ", where
    if previous is not None and previous.kind == "named" and current is not None:
        return " ", where
    return "", "inside the tag"


def _covering(tokens: Sequence[_Token], starts: Sequence[int], offset: int) -> Optional[_Token]:
    index = bisect.bisect_right(starts, offset) - 1
    if index >= 0 and tokens[index].start <= offset < tokens[index].end:
        return tokens[index]
    return None


def _collect_crossings(
    shortcode: Shortcode,
    ancestors: List[Shortcode],
    crossings: Dict[str, List[Tuple[int, Shortcode, Shortcode]]],
) -> None:
    """For each name, the enclosing shortcodes that close while one of that name is open."""
    if not shortcode.escaped and shortcode.form == "single":
        for outer in ancestors:
            assert outer.close_span is not None
            crossings.setdefault(shortcode.name, []).append(
                (outer.close_span.end, outer, shortcode)
            )
    if shortcode.close_span is not None and not shortcode.escaped:
        ancestors.append(shortcode)
        for child in shortcode.children:
            _collect_crossings(child, ancestors, crossings)
        ancestors.pop()


def _latest_crossing(
    entries: Sequence[Tuple[int, Shortcode, Shortcode]], ends: Sequence[int], position: int
) -> Optional[Tuple[Shortcode, Shortcode]]:
    index = bisect.bisect_right(ends, position) - 1
    if index < 0:
        return None
    _, outer, opened = entries[index]
    return outer, opened


def _typographic_values(text: str, start: int, end: int) -> List[Span]:
    """Values an author delimited with typographic quotes (``region=”EG”``)."""
    values: List[Span] = []
    index = start
    while index < end:
        ch = text[index]
        if ch in TYPOGRAPHIC_QUOTES:
            before = text[index - 1] if index > start else " "
            if before == "=" or before in _ENGINE_SPACE or before in INVISIBLE_CHARACTERS:
                close = index + 1
                while close < end and text[close] not in TYPOGRAPHIC_QUOTES:
                    close += 1
                values.append(Span(index + 1, close))
                index = close + 1
                continue
        index += 1
    return values


def _disjoint(spans: Iterable[Span]) -> List[Span]:
    """The union of ``spans`` as sorted, disjoint spans."""
    return list(markup.merge_spans(spans))


def _unique_problems(problems: Iterable[Problem]) -> Tuple[Problem, ...]:
    seen: Set[Tuple[str, int, int]] = set()
    unique: List[Problem] = []
    for problem in sorted(problems, key=lambda p: (p.span.start, p.span.end, p.code)):
        key = (problem.code, problem.span.start, problem.span.end)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return tuple(unique)


__all__ = [
    "INVISIBLE_CHARACTERS",
    "MAX_DEPTH",
    "SPACE_LIKE",
    "TYPOGRAPHIC_QUOTES",
    "ZERO_WIDTH",
    "EngineKey",
    "HtmlRegion",
    "describe_characters",
    "engine_atts",
    "engine_content",
    "html_regions",
    "is_valid_name",
    "parse",
    "parse_attributes",
    "printable",
    "strip_c_slashes",
]
