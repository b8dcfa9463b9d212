"""Hugo shortcodes: a lexer that reads content exactly as Hugo does, and a linter-grade parser.

``lex`` is a small state machine emitting typed ``Item``s with spans, the
same item stream Hugo's page lexer produces, stopping at the first error as
Hugo does.  ``parse`` drives the same lexer but resumes after an error
(after the broken tag's closing delimiter, or at the next line or ``{{``),
so one run reports every problem in a file.  It builds the shortcode tree
the way Hugo's extractor does and records each problem under its rule code,
with a message that quotes the error Hugo will print.

Offsets are code points into the text; Hugo counts bytes, which only matters
for the column Hugo prints and is left to whoever prints it.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import (
    AbstractSet,
    Callable,
    Dict,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Set,
    Tuple,
    Union,
)

from contentlint import frontmatter
from contentlint.characters import (
    INVISIBLE,
    SPACE_LIKE,
    TYPOGRAPHIC_QUOTES,
    character_name,
)
from contentlint.model import (
    Applicability,
    Attribute,
    Dialect,
    Document,
    Edit,
    Fix,
    FrontMatter,
    Problem,
    RawTag,
    Severity,
    Shortcode,
    Span,
    announce_more,
)
from contentlint.presets import (
    DEFAULT_HUGO_VERSION,
    HUGO_EMBEDDED_INNER,
    HugoVersion,
    hugo_engine_schema,
)

# Hugo's embedded shortcodes: name -> whether the template uses .Inner/.InnerDeindent.
# Hugo's embedded shortcodes, name -> template uses .Inner (one table, kept
# with the other shortcode knowledge in presets).
EMBEDDED_TEMPLATES: Mapping[str, bool] = HUGO_EMBEDDED_INNER

TEXT = "text"
INDENTATION = "indentation"
LEFT_DELIM = "left_delim"
RIGHT_DELIM = "right_delim"
LEFT_DELIM_MD = "left_delim_md"
RIGHT_DELIM_MD = "right_delim_md"
NAME = "name"
NAME_INLINE = "name_inline"
CLOSE = "close"
PARAM = "param"
PARAM_VAL = "param_val"
SUMMARY_DIVIDER = "summary_divider"
FM_YAML = "fm_yaml"
FM_TOML = "fm_toml"
FM_JSON = "fm_json"
FM_ORG = "fm_org"
IGNORE = "ignore"
EOF = "eof"
ERROR = "error"

_FRONT_MATTER_ITEM = {"yaml": FM_YAML, "toml": FM_TOML, "json": FM_JSON, "org": FM_ORG}
_LEFT_DELIMS = (LEFT_DELIM, LEFT_DELIM_MD)
_RIGHT_DELIMS = (RIGHT_DELIM, RIGHT_DELIM_MD)

# Quote characters that only look like delimiters; the quote rules own them.
_INVISIBLE_RUN = re.compile("[" + "".join(sorted(INVISIBLE)) + "]+")

_ASCII_SPACE = frozenset(" \t\n\v\f\r")
_BLANK = frozenset(" \t")
_LINE_END = frozenset("\r\n")
_SUMMARY_DIVIDER = "<!--more-->"
_SUMMARY_DIVIDER_ORG = "# more"
_UNRECOGNIZED = (
    "unrecognized character in shortcode action: {}. "
    "Note: Parameters with non-alphanumeric args must be quoted"
)
_UNRECOGNIZED_PREFIX = "unrecognized character in shortcode action"
_MAX_DEPTH = 200
_MAX_FAILURES = 5000
_MIX_NOTE = "Cannot mix named and positional parameters"
_EXTRACT_PREFIX = "failed to extract shortcode: "


class Item(NamedTuple):
    """One lexer token.  ``value`` is what Hugo hands on (quotes removed, escapes applied).

    ``span`` covers the token's source text (a quoted value without its
    quotes; an error is an empty span at the position Hugo reports).
    ``delimiter`` is the quote a value was written with (``"``, a backtick,
    ``\\"`` or ``""``), and ``outer`` the value's span with its quotes.
    A named tuple, because the lexer makes one per token.
    """

    type: str
    value: str
    span: Span
    delimiter: str = ""
    outer: Optional[Span] = None


def _is_alphanumeric(char: str) -> bool:
    return char == "_" or char.isalpha() or unicodedata.category(char) == "Nd"


def _is_name_char(char: str) -> bool:
    return char == "-" or _is_alphanumeric(char)


# Tag text is tokenised with these patterns rather than one character at a
# time.  A name run is ``\w`` plus punctuation: for ASCII that is exactly
# Hugo's letters, digits and ``_``; a run with other characters is checked
# one by one (``\w`` also takes numbers that are not decimal digits).
_SPACE_RUN = re.compile(r"[ \t\n\v\f\r]*")
_VALUE_RUN = re.compile(r"[^ \t\n\v\f\r]*")
_IDENTIFIER_RUN = re.compile(r"[\w/-]*")
_PARAM_RUN = re.compile(r"[\w.-]*")
_QUOTED_STOP = re.compile(r'[\\"\n]')


# The common tag, whole: an ASCII name, then all-named or all-positional
# parameters with plain values (double-quoted without a backslash or line
# break, or unquoted), an optional self-closing "/", and the closing
# delimiter; or a closing tag.  Anything else goes through the state machine.
# Each run is atomic (a lookahead captured, then matched), so that a value
# never gives back characters as a backtracking regex would; so the pattern
# matches a tag in exactly one way, the way the state machine reads it.
_TAG_SPACE = r"[ \t\n\v\f\r]"


def _parameter_pattern(key: str, bare: str, groups: bool) -> str:
    """One parameter after its spaces; ``groups`` names its parts (once per pattern)."""

    def group(name: str, pattern: str) -> str:
        return f"(?P<{name}>{pattern})" if groups else f"(?:{pattern})"

    return (
        rf"(?=(?P<{key}>[A-Za-z0-9_-][A-Za-z0-9_.-]*))(?P={key})"
        r"(?:" + group("equals", "=") + r"(?:\"" + group("quoted", r'[^"\\\n]*') + r"\""
        rf"|(?=(?P<{bare}>[^ \t\n\v\f\r\"`\\][^ \t\n\v\f\r]*))(?P={bare})))?"
        r"|\"" + group("positional", r'[^"\\\n]*') + r"\""
    )


_TAG_PARAMETER = re.compile(_TAG_SPACE + r"+(?:" + _parameter_pattern("key", "bare", True) + ")")
_KEY, _EQUALS, _QUOTED, _BARE, _POSITIONAL = (
    _TAG_PARAMETER.groupindex[name] for name in ("key", "equals", "quoted", "bare", "positional")
)


def _common_tag_pattern(left: str, right: str) -> re.Pattern[str]:
    space = _TAG_SPACE
    return re.compile(
        re.escape(left)
        + space
        + r"*(?:(?P<closing>/)"
        + space
        + r"*)?(?=(?P<name>[A-Za-z0-9_][A-Za-z0-9_/-]*))(?P=name)"
        + r"(?P<parameters>(?:"
        + space
        + r"+(?:"
        + _parameter_pattern("k", "b", False)
        + r"))*)"
        + space
        + r"*(?:(?P<slash>/)"
        + space
        + r"*)?"
        + re.escape(right)
    )


_COMMON_TAG = {False: _common_tag_pattern("{{<", ">}}"), True: _common_tag_pattern("{{%", "%}}")}
_CLOSING, _NAME, _PARAMETERS, _SLASH = (
    _COMMON_TAG[False].groupindex[name] for name in ("closing", "name", "parameters", "slash")
)


def _run_end(pattern: re.Pattern[str], text: str, position: int, extra: str) -> int:
    """Where the run of name characters (and ``extra``) that starts at ``position`` ends."""
    end = pattern.match(text, position).end()  # type: ignore[union-attr]
    if end == position or text[position:end].isascii():
        return end
    for index in range(position, end):
        char = text[index]
        if char not in extra and not _is_name_char(char):
            return index
    return end


def _go_rune(char: str) -> str:
    """A character the way Hugo's error messages print it (``U+201C '“'``)."""
    code = f"U+{ord(char):04X}"
    if char == " " or unicodedata.category(char)[0] in "LMNPS":
        return f"{code} '{char}'"
    return code


class _NextIndex:
    """``text.find(needle, position)`` remembered, so repeated searches stay linear."""

    def __init__(self, text: str, needle: str) -> None:
        self.text = text
        self.needle = needle
        self.searched_from = -1
        self.found = -1

    def find(self, position: int) -> int:
        known = self.searched_from != -1 and self.searched_from <= position
        if known and (self.found == -1 or self.found >= position):
            return self.found
        self.searched_from = position
        self.found = self.text.find(self.needle, position)
        return self.found


_State = Callable[[], Optional["_State"]]


@dataclass
class _Escape:
    start: int
    content: Span
    end: int
    notation: str


class _Lexer:
    """Hugo's page lexer as a state machine; each state returns the next one.

    After an error the lexer stops; ``resume`` lets the parser continue from
    a later offset with the file-level state (names seen so far) kept.
    """

    def __init__(
        self,
        text: str,
        page: bool,
        fast: bool = True,
        keep_items: bool = True,
        located: Optional[frontmatter.Located] = None,
    ) -> None:
        """``located``: the front matter of a page, when the caller has found it already."""
        self.text = text
        # Whether common tags are tokenised whole with patterns (the state
        # machine alone gives the same items, only slower).
        self.fast = fast
        # Without items, text and the tags read whole leave none: the parser
        # takes those tags ready-made, and needs the items of the others only.
        self.keep_items = keep_items
        self.length = len(text)
        self.pos = 0
        self.start = 0
        self.items: List[Item] = []
        self.escapes: List[_Escape] = []
        self.summary_divider = _SUMMARY_DIVIDER
        self.summary_checked = False
        self.markdown = False  # the current tag opened with {{%
        self.is_inline = False
        self.current_name = ""
        self.closing_state = 0
        self.element_step = 0
        self.param_elements = 0
        self.seen_names: Set[str] = set()
        self.tag_start = -1  # offset of the current tag's "{{", -1 outside tags
        # Tags read whole since the parser last took them: the indexes of
        # their left and right delimiter items, and the tag when the
        # patterns built it.
        self.completed: List[Tuple[int, int, Optional[_Tag]]] = []
        self.tag_left = -1  # index of the current tag's left delimiter item
        self.front_matter: Optional[frontmatter.Located] = located
        self._braces = _NextIndex(text, "{{")
        self._divider: Optional[_NextIndex] = None
        self._comment_ends: Dict[bool, _NextIndex] = {}
        self.state: Optional[_State] = self._intro if page else self._main

    # -- driving -------------------------------------------------------------

    def run(self) -> List[Item]:
        state = self.state
        while state is not None:
            state = state()
        self.state = None
        return self.items

    def resume(self, offset: int, keep_inline: bool = False) -> None:
        self.pos = self.start = offset
        self.closing_state = 0
        self.tag_start = -1
        if not keep_inline:
            self.is_inline = False
        self.state = self._main

    @property
    def failed(self) -> bool:
        return bool(self.items) and self.items[-1].type == ERROR

    # -- primitives ----------------------------------------------------------

    def _next(self) -> str:
        if self.pos >= self.length:
            self.pos += 1  # so that _backup after EOF is symmetric
            return ""
        char = self.text[self.pos]
        self.pos += 1
        return char

    def _backup(self) -> None:
        self.pos -= 1

    def _peek(self) -> str:
        return self.text[self.pos] if self.pos < self.length else ""

    def _has_prefix(self, prefix: str) -> bool:
        return self.text.startswith(prefix, self.pos)

    def _emit(self, item_type: str, value: Optional[str] = None, delimiter: str = "") -> None:
        end = min(self.pos, self.length)
        span = Span(self.start, end)
        if value is None:
            value = self.text[self.start : end]
        outer = None
        if item_type in (PARAM, PARAM_VAL):
            outer = span
            if delimiter:
                closing = 2 if delimiter == '\\"' else 1
                outer = Span(self.start - len(delimiter), min(end + closing, self.length))
        self.items.append(Item(item_type, value, span, delimiter, outer))
        self.start = end

    def _emit_text(self) -> None:
        """Emit pending text; trailing blanks after a line break become indentation."""
        end = self.pos
        if not self.keep_items:
            self.start = end
            return
        text = self.text
        index = end - 1
        while index >= self.start:
            char = text[index]
            if char not in " \t\r\n":
                break
            if index == self.start and char != "\n":
                self._emit(INDENTATION)
                return
            if char == "\n":
                if index < end - 1:
                    self.items.append(
                        Item(TEXT, text[self.start : index + 1], Span(self.start, index + 1))
                    )
                    self.items.append(
                        Item(INDENTATION, text[index + 1 : end], Span(index + 1, end))
                    )
                    self.start = end
                    return
                break
            index -= 1
        self._emit(TEXT)

    def _ignore(self) -> None:
        self.start = self.pos

    def _error(self, message: str) -> Optional[_State]:
        offset = min(self.start, self.length)
        self.items.append(Item(ERROR, message, Span(offset, offset)))
        return None

    def _consume_ascii_space(self) -> None:
        self.pos = _SPACE_RUN.match(self.text, self.pos).end()  # type: ignore[union-attr]

    @property
    def _right_delim(self) -> str:
        return "%}}" if self.markdown else ">}}"

    # -- front matter and main section ---------------------------------------

    def _intro(self) -> Optional[_State]:
        located = self.front_matter
        if located is None:
            located = self.front_matter = frontmatter.locate(self.text)
        for bom in located.boms:
            self.items.append(Item(IGNORE, self.text[bom], Span(bom, bom + 1)))
        if located.org_divider:
            self.summary_divider = _SUMMARY_DIVIDER_ORG
        if located.error is not None:
            self.start = located.error_offset
            return self._error(located.error)
        if located.format is not None:
            content = located.content
            self.items.append(
                Item(
                    _FRONT_MATTER_ITEM[located.format],
                    self.text[content.start : content.end],
                    content,
                )
            )
        self.pos = self.start = located.body_start
        return self._main

    def _main(self) -> Optional[_State]:
        text = self.text
        length = self.length
        while True:
            if self.pos >= length:
                return self._done
            found = self._braces.find(self.pos)
            if not self.summary_checked:
                if self._divider is None:
                    self._divider = _NextIndex(text, self.summary_divider)
                divider = self._divider.find(self.pos)
                if divider != -1 and (found == -1 or divider < found):
                    found = divider
            if found == -1:
                self.pos = length
                return self._done
            self.pos = found
            if found > self.start:
                self._emit_text()
            if text.startswith("{{<", found) or text.startswith("{{%", found):
                if self.is_inline and not self._closes_inline():
                    return self._error("inline shortcodes do not support nesting")
                self.markdown = text[found + 2] == "%"
                self.tag_start = found
                if self.fast and self._common_tag(found):
                    continue
                return self._left_delim
            if not self.summary_checked and text.startswith(self.summary_divider, found):
                self.summary_checked = True
                self.pos += len(self.summary_divider)
                self._consume_ascii_space()
                self._emit(SUMMARY_DIVIDER)
                continue
            self.pos += 1

    def _closes_inline(self) -> bool:
        """Inside an inline body only ``{{< /name.inline `` may start a tag."""
        index = self.pos + 3
        text = self.text
        while index < self.length and text[index].isspace():
            index += 1
        if index >= self.length or text[index] != "/":
            return False
        index += 1
        while index < self.length and text[index].isspace():
            index += 1
        return text.startswith(self.current_name + " ", index)

    def _done(self) -> Optional[_State]:
        if self.pos > self.length:
            self.pos = self.length
        if self.pos > self.start:
            self._emit_text()
        self._emit(EOF)
        return None

    # -- inside a tag ---------------------------------------------------------

    def _left_delim(self) -> Optional[_State]:
        self.pos += 3
        if self._has_prefix("/*"):
            return self._comment
        self.tag_left = len(self.items)
        self._emit(LEFT_DELIM_MD if self.markdown else LEFT_DELIM)
        self.element_step = 0
        self.param_elements = 0
        return self._inside

    def _common_tag(self, tag_start: int) -> bool:
        """Read a common tag whole with patterns; False (nothing emitted) for any other.

        A tag with an invisible character in it is left to the state
        machine, so that a tag read whole needs no check for them.
        """
        text = self.text
        found = _COMMON_TAG[self.markdown].match(text, tag_start)
        if found is None:
            return False
        # ``regs``: the span of every group, in one call (-1 for a group not matched).
        spans = found.regs
        end = spans[0][1]
        closing_at = spans[_CLOSING][0]
        parameters_start, parameters_end = spans[_PARAMETERS]
        slash = spans[_SLASH][0]
        name_start, name_end = spans[_NAME]
        name = text[name_start:name_end]
        if closing_at != -1 and (
            self.current_name == ""
            or name not in self.seen_names
            or slash != -1
            or parameters_end > parameters_start
        ):
            return False
        if not text[tag_start:end].isascii() and _INVISIBLE_RUN.search(text, tag_start, end):
            return False
        attributes: List[Attribute] = []
        named: Optional[bool] = None
        if parameters_end > parameters_start:
            for parameter in _TAG_PARAMETER.finditer(text, parameters_start, parameters_end):
                spans = parameter.regs
                is_named = spans[_EQUALS][0] != -1
                if named is None:
                    named = is_named
                elif is_named != named:
                    return False  # mixed: the state machine reports it as Hugo does
                key_start, key_end = spans[_KEY]
                if key_start == -1:
                    start, stop = spans[_POSITIONAL]
                    value = text[start:stop]
                    outer = Span(start - 1, stop + 1)
                    attributes.append(Attribute(None, value, outer, Span(start, stop), '"'))
                    continue
                key = text[key_start:key_end]
                key_span = Span(key_start, key_end)
                if not is_named:
                    attributes.append(Attribute(None, key, key_span, key_span, ""))
                    continue
                start, stop = spans[_QUOTED]
                if start != -1:
                    delimiter = '"'
                    end_of_value = stop + 1
                else:
                    start, stop = spans[_BARE]
                    first = text[start]
                    delimiter = first if first in TYPOGRAPHIC_QUOTES or first == "'" else ""
                    end_of_value = stop
                attributes.append(
                    Attribute(
                        key,
                        text[start:stop],
                        Span(key_start, end_of_value),
                        Span(start, stop),
                        delimiter,
                        key_span,
                    )
                )
        notation = "%" if self.markdown else "<"
        tag = _Tag(
            "open" if closing_at == -1 else "close",
            tag_start,
            end,
            notation,
            name,
            Span(name_start, name_end),
            attributes,
            slash != -1,
            slash,
            end - 3,
            notation,
        )
        first_item = len(self.items)
        if self.keep_items:
            tag.items = self._items_read_whole(tag, closing_at)
            self.items.extend(tag.items)
        self.completed.append((first_item, len(self.items) - 1, tag))
        self.current_name = name
        self.seen_names.add(name)
        self.is_inline = False
        self.element_step = 1
        self.param_elements = 0 if named is None else 2 if named else 1
        self.closing_state = 0
        self.tag_start = -1
        self.pos = self.start = end
        return True

    def _items_read_whole(self, tag: _Tag, closing_at: int) -> List[Item]:
        """The items of a tag the patterns read, as the state machine emits them."""
        text = self.text
        markdown = tag.notation == "%"
        start = tag.start
        items = [
            Item(
                LEFT_DELIM_MD if markdown else LEFT_DELIM,
                text[start : start + 3],
                Span(start, start + 3),
            )
        ]
        if closing_at != -1:
            items.append(Item(CLOSE, "/", Span(closing_at, closing_at + 1)))
        items.append(Item(NAME, tag.name, tag.name_span))
        for attribute in tag.attributes:
            if attribute.name is None:
                # A quoted positional value, or a word.
                items.append(
                    Item(
                        PARAM,
                        attribute.value,
                        attribute.value_span,
                        attribute.delimiter,
                        attribute.span,
                    )
                )
                continue
            assert attribute.name_span is not None
            items.append(Item(PARAM, attribute.name, attribute.name_span, "", attribute.name_span))
            value_span = attribute.value_span
            if attribute.delimiter == '"':
                outer = Span(value_span.start - 1, value_span.end + 1)
                items.append(Item(PARAM_VAL, attribute.value, value_span, '"', outer))
            else:
                items.append(Item(PARAM_VAL, attribute.value, value_span, "", value_span))
        if tag.self_closing:
            items.append(Item(CLOSE, "/", Span(tag.slash, tag.slash + 1)))
        right = tag.right_start
        items.append(
            Item(
                RIGHT_DELIM_MD if markdown else RIGHT_DELIM,
                text[right : right + 3],
                Span(right, right + 3),
            )
        )
        return items

    def _comment(self) -> Optional[_State]:
        ends = self._comment_ends.get(self.markdown)
        if ends is None:
            ends = _NextIndex(self.text, "*/%}}" if self.markdown else "*/>}}")
            self._comment_ends[self.markdown] = ends
        comment_end = ends.find(self.pos)
        if comment_end == -1 or comment_end - self.pos <= 1:
            return self._error("comment must be closed")
        tag_start = self.start
        self._emit(TEXT)
        self.pos += 2
        self._ignore()
        content_start = self.pos
        self.pos = comment_end
        self._emit_text()
        self.pos += 2
        self._ignore()
        self.pos += 3
        self._emit(TEXT)
        self.escapes.append(
            _Escape(
                tag_start, Span(content_start, comment_end), self.pos, "%" if self.markdown else "<"
            )
        )
        self.tag_start = -1
        return self._main

    def _right_delim_state(self) -> Optional[_State]:
        self.closing_state = 0
        self.pos += 3
        self._emit(RIGHT_DELIM_MD if self.markdown else RIGHT_DELIM)
        self.completed.append((self.tag_left, len(self.items) - 1, None))
        self.tag_start = -1
        return self._main

    def _inside(self) -> Optional[_State]:
        if self._has_prefix(self._right_delim):
            return self._right_delim_state
        char = self._next()
        if char == "":
            self._backup()
            return self._error("unclosed shortcode action")
        if char in _ASCII_SPACE:
            self._consume_ascii_space()
            self._ignore()
        elif char == "=":
            self._consume_ascii_space()
            self._ignore()
            following = self._peek()
            if following in ('"', "\\"):
                return self._quoted(following != "\\", PARAM_VAL)
            if following == "`":
                return self._raw_string(PARAM_VAL)
            return self._unquoted_value
        elif char == "/":
            if self.current_name == "":
                return self._error("got closing shortcode, but none is open")
            self.closing_state += 1
            self.is_inline = False
            self._emit(CLOSE)
        elif char == "\\":
            self._ignore()
            if self._peek() in ('"', "`"):
                return self._param(escaped_start=True)
        elif (
            self.element_step > 0
            and self.closing_state == 0
            and (_is_name_char(char) or char in ('"', "`"))
        ):
            self._backup()
            return self._param(escaped_start=False)
        elif _is_alphanumeric(char):
            self._backup()
            return self._identifier
        else:
            return self._error(_UNRECOGNIZED.format(_go_rune(char)))
        return self._inside

    def _param(self, escaped_start: bool) -> Optional[_State]:
        char = self._peek()
        if char == '"' or (char == "`" and not escaped_start):
            if self.param_elements == 2:
                return self._error(f"got quoted positional parameter. {_MIX_NOTE}")
            self.param_elements = 1
            if char == '"':
                return self._quoted(not escaped_start, PARAM)
            return self._raw_string(PARAM)
        if char == "`":
            return self._error("unrecognized escape character")
        # A parameter is named when its run of name characters and periods
        # ends at "=" (a lone "=" is not a name).
        self.pos = _run_end(_PARAM_RUN, self.text, self.pos, ".")
        named = self.pos > self.start and self._peek() == "="
        if self.param_elements == 0:
            self.param_elements = 2 if named else 1
        elif named and self.param_elements == 1:
            return self._error(f"got named parameter '{self._current()}'. {_MIX_NOTE}")
        elif not named and self.param_elements == 2:
            return self._error(f"got positional parameter '{self._current()}'. {_MIX_NOTE}")
        self._emit(PARAM)
        return self._inside

    def _current(self) -> str:
        return self.text[self.start : min(self.pos, self.length)]

    def _unquoted_value(self) -> Optional[_State]:
        self.pos = _VALUE_RUN.match(self.text, self.pos).end()  # type: ignore[union-attr]
        self._emit(PARAM_VAL)
        return self._inside

    def _raw_string(self, item_type: str) -> Optional[_State]:
        self.pos += 1  # the opening backtick
        self._ignore()
        closing = self.text.find("`", self.pos)
        if closing == -1:
            self.pos = self.length
            return self._error(
                f"unterminated raw string in shortcode parameter-argument: '{self._current()}'"
            )
        self.pos = closing
        self._emit(item_type, delimiter="`")
        self.pos += 1
        self._ignore()
        return self._inside

    def _quoted(self, escaped_quotes_allowed: bool, item_type: str) -> Optional[_State]:
        opened = False
        escaped_inner_quote = False
        skip_quote = False
        delimiter = '"'
        text = self.text
        while True:
            # Only a backslash, a quote or a line break changes the state.
            stop = _QUOTED_STOP.search(text, self.pos)
            self.pos = stop.start() if stop is not None else self.length
            char = self._next()
            if char == "\\":
                following = self._peek()
                if following == '"':
                    if opened and not escaped_quotes_allowed:
                        self._backup()
                        break
                    if opened:
                        escaped_inner_quote = True
                        skip_quote = True
                elif following == "`":
                    return self._error("unrecognized escape character")
            elif char == "" or char == "\n":
                if char == "":
                    self._backup()
                return self._error(
                    "unterminated quoted string in shortcode parameter-argument: "
                    f"'{self._current()}'"
                )
            elif char == '"':
                if skip_quote:
                    skip_quote = False
                elif opened:
                    self._backup()
                    break
                else:
                    opened = True
                    if (
                        self.pos >= 2
                        and self.text[self.pos - 2] == "\\"
                        and not escaped_quotes_allowed
                    ):
                        delimiter = '\\"'
                    self._ignore()
        value = self._current()
        if escaped_inner_quote:
            value = value.replace("\\", "")
        self._emit(item_type, value, delimiter)
        char = self._next()
        if char == "\\":
            if self._peek() == '"':
                self._ignore()
                self._next()
                self._ignore()
        elif char == '"':
            self._ignore()
        else:
            self._backup()
        return self._inside

    def _identifier(self) -> Optional[_State]:
        look_for_end = False
        while True:
            self.pos = _run_end(_IDENTIFIER_RUN, self.text, self.pos, "/")
            if self._peek() == ".":
                self.pos += 1
                self.is_inline = self._has_prefix("inline ")
                if not self.is_inline:
                    return self._error(
                        "period in shortcode name only allowed for inline identifiers"
                    )
                continue
            word = self._current()
            if self.closing_state > 0 and word not in self.seen_names:
                return self._error(f"closing tag for shortcode '{word}' does not match start tag")
            if self.closing_state > 0:
                look_for_end = True
            self.closing_state = 0
            self.current_name = word
            self.seen_names.add(word)
            self.element_step += 1
            self._emit(NAME_INLINE if self.is_inline else NAME)
            break
        return self._end_of_closing_tag if look_for_end else self._inside

    def _end_of_closing_tag(self) -> Optional[_State]:
        self.is_inline = False
        if self._has_prefix(self._right_delim):
            return self._right_delim_state
        char = self._next()
        if char != "" and char in _ASCII_SPACE:
            self._ignore()
            return self._end_of_closing_tag
        if char == "":
            self._backup()
        return self._error("unclosed shortcode")


def lex(text: str, mode: str = "page") -> List[Item]:
    """Hugo's item stream for ``text``, ending with ``eof`` or with the first ``error``.

    ``mode`` is ``"page"`` for a whole content file (front matter first) or
    ``"body"`` for content without front matter detection.
    """
    if mode not in ("page", "body"):
        raise ValueError(f"unknown lexer mode {mode!r}")
    return _Lexer(text, page=mode == "page").run()


def has_shortcode(text: str) -> bool:
    """Hugo's quick pre-check: ``{{`` then ``<``, ``%`` or ``,`` then anything but ``/``."""
    index = text.find("{{")
    while index != -1:
        if index + 3 < len(text) and text[index + 2] in "<%," and text[index + 3] != "/":
            return True
        index = text.find("{{", index + 1)
    return False


_Typed = Union[str, int, float, bool]


def typed_value(attribute: Attribute) -> _Typed:
    """The value as a Hugo template sees it.

    Unquoted ``true``/``false``, integers and decimals are typed; quoted
    values are always strings.
    """
    value = attribute.value
    if attribute.delimiter in ('"', "`", '\\"'):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    digits = value[1:] if value[:1] in "+-" else value
    if digits and digits.isascii() and digits.isdigit():
        return int(value)
    whole, dot, fraction = digits.partition(".")
    whole_ok = whole == "" or (whole.isascii() and whole.isdigit())
    if dot and whole_ok and fraction and fraction.isascii() and fraction.isdigit():
        return float(value)
    return value


# ---------------------------------------------------------------------------
# Tags: the items of one tag grouped together


_NO_SPAN = Span(0, 0)


class _Tag:
    """One tag's items grouped together (a plain class: the parser makes one per tag)."""

    __slots__ = (
        "accepted",
        "attributes",
        "close_notation",
        "content",
        "end",
        "items",
        "kind",
        "name",
        "name_span",
        "nameless_values",
        "notation",
        "raw",
        "right_start",
        "self_closing",
        "slash",
        "span",
        "start",
    )

    def __init__(
        self,
        kind: str,  # "open" | "close" | "escaped"
        start: int,
        end: int,
        notation: str,
        name: str = "",
        name_span: Span = _NO_SPAN,
        attributes: Optional[List[Attribute]] = None,
        self_closing: bool = False,
        slash: int = -1,
        right_start: int = -1,
        close_notation: Optional[str] = None,
        accepted: bool = True,
        items: Optional[List[Item]] = None,
        content: Optional[Span] = None,  # escaped tags: the text between the comment markers
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.span = Span(start, end)
        self.notation = notation
        self.name = name
        self.name_span = name_span
        self.attributes: List[Attribute] = [] if attributes is None else attributes
        self.self_closing = self_closing
        self.slash = slash
        self.right_start = right_start
        self.close_notation = close_notation
        self.accepted = accepted
        self.items: List[Item] = [] if items is None else items
        self.nameless_values: List[Item] = []
        self.content = content
        # The raw tag of an accepted opening tag, whose spans the shortcode shares.
        self.raw: Optional[RawTag] = None

    @property
    def attributes_span(self) -> Span:
        end = self.slash if self.self_closing else self.right_start
        end = max(end, self.name_span.end)
        return Span(self.name_span.end, end)


def _attributes(items: List[Item]) -> Tuple[List[Attribute], List[Item]]:
    attributes: List[Attribute] = []
    nameless: List[Item] = []
    index = 0
    while index < len(items):
        item = items[index]
        if item.type == PARAM:
            following = items[index + 1] if index + 1 < len(items) else None
            if following is not None and following.type == PARAM_VAL:
                value_span = following.outer or following.span
                attributes.append(
                    Attribute(
                        item.value,
                        following.value,
                        Span(item.span.start, value_span.end),
                        following.span,
                        _delimiter(following),
                        item.span,
                    )
                )
                index += 2
                continue
            attributes.append(
                Attribute(None, item.value, item.outer or item.span, item.span, _delimiter(item))
            )
        elif item.type == PARAM_VAL:
            nameless.append(item)
        index += 1
    return attributes, nameless


def _delimiter(item: Item) -> str:
    if item.delimiter:
        return item.delimiter
    first = item.value[:1]
    if first in TYPOGRAPHIC_QUOTES or first == "'":
        return first
    return ""


def _tag_from_items(items: List[Item], end: int, accepted: bool) -> _Tag:
    left = items[0]
    notation = "%" if left.type == LEFT_DELIM_MD else "<"
    tag = _Tag("open", left.span.start, end, notation, accepted=accepted, items=items)
    saw_name = False
    for item in items[1:]:
        if item.type in (NAME, NAME_INLINE):
            tag.name = item.value
            tag.name_span = item.span
            saw_name = True
        elif item.type == CLOSE:
            if saw_name:
                tag.self_closing = True
                tag.slash = item.span.start
            else:
                tag.kind = "close"
        elif item.type in _RIGHT_DELIMS:
            tag.right_start = item.span.start
            tag.close_notation = "%" if item.type == RIGHT_DELIM_MD else "<"
    if not saw_name:
        tag.name_span = Span(left.span.end, left.span.end)
    tag.attributes, tag.nameless_values = _attributes(
        [item for item in items if item.type in (PARAM, PARAM_VAL)]
    )
    if tag.right_start == -1:
        tag.right_start = max(end - 3, tag.name_span.end)
    return tag


# ---------------------------------------------------------------------------
# Engine emulation: the first error Hugo reports


@dataclass(frozen=True)
class EngineError:
    """An error Hugo reports for the page, where Hugo reports it.

    ``code`` names the rule under which the parser reports it: an ``SC``
    code, ``SD002`` for an unknown template, ``SD006`` for a removed
    shortcode, ``None`` for front matter; so callers can tell which
    diagnostic stands for it.
    """

    message: str
    offset: int
    code: Optional[str]


def _lookup(templates: Mapping[str, bool], name: str) -> Optional[bool]:
    if name in templates:
        return templates[name]
    return templates.get(name.lower())


class _TooDeep(Exception):
    """Nesting deeper than content ever goes: the emulation gives no verdict."""


class _Extractor:
    """Hugo's extraction of shortcodes from items, stopping at the first error."""

    def __init__(self, items: List[Item], templates: Mapping[str, bool]) -> None:
        self.items = items
        self.templates = {key.lower(): value for key, value in templates.items()}
        self.index = 0
        self.code = ""  # rule code of an extraction error, when it is not obvious from the text

    def first_error(self) -> Optional[Tuple[str, int, bool]]:
        """``(message, offset, from_lexer)``."""
        while self.index < len(self.items):
            item = self.items[self.index]
            if item.type == ERROR:
                return item.value, item.span.start, True
            if item.type in _LEFT_DELIMS:
                try:
                    message = self._extract(0)
                except _TooDeep:
                    return None
                if message is not None:
                    return message, item.span.start, False
                continue
            self.index += 1
        # A closing tag may consume the error item; Hugo still reports it at the end.
        last = self.items[-1] if self.items else None
        if last is not None and last.type == ERROR:
            return last.value, last.span.start, True
        return None

    def _peek(self) -> Item:
        if self.index < len(self.items):
            return self.items[self.index]
        return Item(EOF, "", Span(0, 0))

    def _extract(self, depth: int) -> Optional[str]:
        if depth > _MAX_DEPTH:
            raise _TooDeep
        name: Optional[str] = None
        inline = False
        inner: Optional[bool] = None
        params: Optional[str] = None  # "map" | "list"
        closed = False
        count = 0
        while True:
            item = self._peek()
            self.index += 1
            kind = item.type
            if kind in _LEFT_DELIMS:
                following = self._peek()
                if following.type in _RIGHT_DELIMS:
                    return "shortcode has no name"
                if following.type == CLOSE:
                    continue
                if count > 0:
                    self.index -= 1
                    message = self._extract(depth + 1)
                    if message is not None:
                        return message
                count += 1
            elif kind in _RIGHT_DELIMS:
                if not inline and not inner:
                    return None
            elif kind == CLOSE:
                following = self._peek()
                if following.type == ERROR:
                    # Hugo reports the lexer's more specific error instead.
                    continue
                if not inline and not inner:
                    shown = name if name is not None else following.value
                    stray_inner = name is None and self.templates.get(shown.lower()) is not False
                    self.code = "SC004" if stray_inner else "SC012"
                    return (
                        f'{_EXTRACT_PREFIX}shortcode "{shown}" does not evaluate .Inner or '
                        ".InnerDeindent, yet a closing tag was provided"
                    )
                self.index += 1 if following.type in _RIGHT_DELIMS else 2
                closed = True
                return None
            elif kind == NAME:
                name = item.value
                found = self.templates.get(name.lower())
                if found is None:
                    return f'{_EXTRACT_PREFIX}template for shortcode "{name}" not found'
                inner = found
            elif kind == NAME_INLINE:
                name = item.value
                inline = True
            elif kind == PARAM:
                following = self._peek()
                if following.type in (ERROR, EOF):
                    continue
                if following.type == PARAM_VAL:
                    self.index += 1
                    if params == "list":
                        return (
                            f"{_EXTRACT_PREFIX}invalid state: invalid param type "
                            f'map[string]interface {{}} for shortcode "{name}", expected a map'
                        )
                    params = "map"
                elif params == "map":
                    return (
                        f"{_EXTRACT_PREFIX}invalid state: invalid param type []interface {{}} "
                        f'for shortcode "{name}", expected a slice'
                    )
                else:
                    params = "list"
            elif kind in (EOF, ERROR):
                if kind == EOF and not closed and inner:
                    return f'{_EXTRACT_PREFIX}shortcode "{name}" must be closed or self-closed'
                self.index -= 1
                return None


def _engine_errors(
    text: str, items: List[Item], templates: Mapping[str, bool], failure_codes: Mapping[int, str]
) -> List[EngineError]:
    first_lexer_error = next((i for i, item in enumerate(items) if item.type == ERROR), len(items))
    prefix = items[: first_lexer_error + 1]
    for item in prefix:
        if item.type in (FM_JSON, FM_TOML):
            fmt = "json" if item.type == FM_JSON else "toml"
            _, error = frontmatter.decode(fmt, text, item.span)
            if error is not None:
                content = text[item.span.start : item.span.end]
                offset = item.span.start + len(content) - len(content.lstrip())
                return [EngineError(error, offset, None)]
    extractor = _Extractor(prefix, templates)
    found = extractor.first_error()
    if found is None:
        return []
    message, offset, from_lexer = found
    if from_lexer:
        return [EngineError(message, offset, failure_codes.get(offset))]
    if message.startswith(_EXTRACT_PREFIX + "template for shortcode"):
        code = "SD002"
    elif "must be closed or self-closed" in message:
        code = "SC003"
    elif "yet a closing tag was provided" in message:
        code = extractor.code
    elif "invalid state" in message:
        code = "SC008"
    else:
        code = "SC006"
    return [EngineError(message, offset, code)]


# ---------------------------------------------------------------------------
# The linter-grade parser


@dataclass(frozen=True)
class Analysis:
    """A parsed document plus the first error Hugo itself would report, if any."""

    document: Document
    engine_errors: Tuple[EngineError, ...]
    items: Tuple[Item, ...]


def escape_message(message: str) -> str:
    return message.replace("\r", "\\r").replace("\n", "\\n")


def _will_fail(message: str) -> str:
    return f"Hugo will fail: {escape_message(message)}"


def _contains_quote_character(value: str) -> bool:
    return any(char in TYPOGRAPHIC_QUOTES for char in value)


class _Parser:
    def __init__(self, text: str, templates: Optional[Mapping[str, bool]], front_matter: bool):
        self.text = text
        self.templates: Optional[Dict[str, bool]] = None
        if templates is not None:
            merged = {key.lower(): value for key, value in EMBEDDED_TEMPLATES.items()}
            merged.update({key.lower(): value for key, value in templates.items()})
            self.templates = merged
        self.front_matter_enabled = front_matter
        self.located: Optional[frontmatter.Located] = None
        self.split: Optional[FrontMatter] = None  # the JSON front matter lex decoded
        self.problems: List[Problem] = []
        # Rule code under which the parser reports each lexer error, by the error's offset.
        self.failure_codes: Dict[int, str] = {}
        self.raw_tags: List[RawTag] = []
        self.tags: List[_Tag] = []
        # Searches the recovery repeats, made when first needed.
        self._finders: Dict[str, _NextIndex] = {}

    # -- lexing with recovery -------------------------------------------------

    def lex(
        self, keep_items: bool = True, fast: bool = True
    ) -> Tuple[List[Item], Optional[frontmatter.Located]]:
        page = self.front_matter_enabled
        located: Optional[frontmatter.Located] = None
        if page:
            located = frontmatter.locate(self.text)
            if located.format == "json" and located.error is None:
                # Decoded once: the document's front matter is this reading.
                self.split = frontmatter.split(self.text, located)
                assert self.split is not None
                # Typically a file that starts with "{{<": check it as content.
                page = self.split.error is None
        self.located = located
        lexer = _Lexer(self.text, page=page, fast=fast, keep_items=keep_items, located=located)
        items_seen = 0
        failures = 0
        while True:
            lexer.run()
            items = lexer.items
            tag_items_start = self._tag_items_start(items, items_seen)
            self._group(lexer)
            if not lexer.failed:
                break
            error = items[-1]
            resume, keep_inline = self._recover(lexer, items[tag_items_start:-1], error)
            items_seen = len(items)
            failures += 1
            if failures >= _MAX_FAILURES:
                # Text this broken is not content; stop rather than report each piece.
                break
            lexer.resume(resume, keep_inline)
        for escape in lexer.escapes:
            self._add_escape(escape)
        self._escapes = lexer.escapes
        return lexer.items, lexer.front_matter

    @staticmethod
    def _tag_items_start(items: List[Item], floor: int) -> int:
        """Index of the left delimiter of the tag the last item belongs to."""
        if not items or items[-1].type != ERROR:
            return len(items)
        index = len(items) - 2
        while index >= floor:
            item_type = items[index].type
            if item_type in _LEFT_DELIMS:
                return index
            if item_type in _RIGHT_DELIMS or item_type in (TEXT, INDENTATION, SUMMARY_DIVIDER, EOF):
                break
            index -= 1
        return len(items) - 1

    def _find(self, needle: str, position: int) -> int:
        """``text.find(needle, position)``, remembered for each needle."""
        finder = self._finders.get(needle)
        if finder is None:
            finder = self._finders[needle] = _NextIndex(self.text, needle)
        return finder.find(position)

    def _next_open(self, position: int) -> int:
        found = [
            index
            for index in (self._find("{{<", position), self._find("{{%", position))
            if index != -1
        ]
        return min(found) if found else -1

    def _raw_end(self, tag_start: int, safe_from: int) -> Optional[Tuple[int, str]]:
        """Start and text of the first right delimiter of a tag the lexer rejected."""
        candidates = [
            (index, delimiter)
            for index, delimiter in (
                (self._find(">}}", safe_from), ">}}"),
                (self._find("%}}", safe_from), "%}}"),
            )
            if index != -1
        ]
        if not candidates:
            return None
        close, delimiter = min(candidates)
        following_open = self._next_open(tag_start + 3)
        if following_open != -1 and following_open < close:
            return None
        return close, delimiter

    def _line_or_brace_after(self, offset: int) -> int:
        newline = self._find("\n", offset)
        brace = self._find("{{", offset + 1)
        candidates = [
            index for index in (newline + 1 if newline != -1 else -1, brace) if index != -1
        ]
        return min(candidates) if candidates else len(self.text)

    def _recover(self, lexer: _Lexer, tag_items: List[Item], error: Item) -> Tuple[int, bool]:
        text = self.text
        message = error.value
        if lexer.tag_start == -1 and not message.startswith("inline shortcodes"):
            # Hugo cannot delimit the front matter: check the whole text as content.
            return 0, False
        tag_start = lexer.tag_start if lexer.tag_start != -1 else error.span.start
        if message.startswith("inline shortcodes"):
            tag_start = error.span.start
        safe_from = tag_start + 3
        for item in tag_items:
            if item.delimiter and item.outer is not None:
                safe_from = max(safe_from, item.outer.end)
        raw = self._raw_end(tag_start, safe_from)
        resume = raw[0] + 3 if raw is not None else self._line_or_brace_after(tag_start)
        resume = max(resume, tag_start + 2)
        keep_inline = False
        if message.startswith("inline shortcodes"):
            after = text[tag_start + 3 : tag_start + 3 + 64].lstrip()
            keep_inline = not after.startswith("/")
        self.last_code = ""
        self._record_failure(lexer, tag_start, tag_items, error, raw)
        if self.last_code:
            self.failure_codes.setdefault(error.span.start, self.last_code)
        return resume, keep_inline

    # -- grouping items into tags -------------------------------------------

    def _group(self, lexer: _Lexer) -> None:
        """Check the tags the lexer read whole since the last call."""
        items = lexer.items
        for left, right, read_whole in lexer.completed:
            tag = read_whole
            if tag is None:
                tag = _tag_from_items(items[left : right + 1], items[right].span.end, True)
            self._check_accepted(tag, read_whole is not None)
            self.tags.append(tag)
        lexer.completed.clear()

    def _add_escape(self, escape: _Escape) -> None:
        content = self.text[escape.content.start : escape.content.end]
        stripped = content.lstrip(" \t\r\n")
        name_start = escape.content.start + len(content) - len(stripped)
        name_end = name_start
        while name_end < escape.content.end and (
            _is_name_char(self.text[name_end]) or self.text[name_end] in "/."
        ):
            name_end += 1
        tag = _Tag(
            "escaped",
            escape.start,
            escape.end,
            escape.notation,
            name=self.text[name_start:name_end],
            name_span=Span(name_start, name_end),
            right_start=escape.end - 3,
            close_notation=escape.notation,
            content=escape.content,
        )
        self.tags.append(tag)

    # -- problems of accepted tags ---------------------------------------------

    def _problem(
        self,
        code: str,
        span: Span,
        message: str,
        fix: Optional[Fix] = None,
        severity: Optional[Severity] = None,
    ) -> None:
        length = len(self.text)
        if span.end > length:
            # An error at the end of the text points at its end, not past it.
            span = Span(min(span.start, length), length)
        self.problems.append(Problem(code, span, message, fix, severity))
        self.last_code = code

    def _check_accepted(self, tag: _Tag, read_whole: bool) -> None:
        """``read_whole``: the patterns read the tag, so it has no invisible character."""
        if tag.kind == "open":
            tag.raw = RawTag(
                Dialect.HUGO,
                tag.name,
                tag.span,
                tag.name_span,
                tag.attributes_span,
                tag.notation,
                True,
            )
            self.raw_tags.append(tag.raw)
        if not read_whole:
            self._check_invisible(tag.start + 3, tag.right_start, tag.items, None)
        if tag.kind != "open":
            return
        if not tag.name:
            self._problem(
                "SC006",
                tag.span,
                "the tag has no shortcode name; " + _will_fail("shortcode has no name"),
            )
            return
        for value in tag.nameless_values:
            self._problem(
                "SC006",
                value.outer or value.span,
                f"value {value.value!r} has no parameter name before '='; "
                "Hugo ignores it without a word",
                severity=Severity.WARNING,
            )
        if len(tag.attributes) < 2:
            return  # nothing given twice, nothing mixed
        seen: Dict[str, Attribute] = {}
        kinds: List[str] = []
        for attribute in tag.attributes:
            kinds.append("map" if attribute.name is not None else "list")
            if attribute.name is None:
                continue
            if attribute.name in seen:
                self._problem(
                    "SC007",
                    attribute.span,
                    f"parameter '{attribute.name}' is given twice; Hugo keeps this value and "
                    "drops the earlier one without a word",
                )
            seen[attribute.name] = attribute
        for position, kind in enumerate(kinds[1:], start=1):
            if kind != kinds[0]:
                offending = tag.attributes[position]
                expected = "a slice" if kind == "list" else "a map"
                go_type = "[]interface {}" if kind == "list" else "map[string]interface {}"
                hugo = (
                    f"{_EXTRACT_PREFIX}invalid state: invalid param type {go_type} for shortcode "
                    f'"{tag.name}", expected {expected}'
                )
                self._problem(
                    "SC008",
                    offending.span,
                    "named and positional parameters are mixed (a spaced '=' makes Hugo's lexer "
                    f"count the parameter as positional); {_will_fail(hugo)}",
                )
                break

    def _check_invisible(
        self, start: int, end: int, items: List[Item], failure: Optional[str]
    ) -> bool:
        """Report runs of invisible characters in tag syntax between ``start`` and ``end``.

        Quoted values are content and are skipped; so is a run in the middle
        of an unquoted value, which Hugo keeps as part of the value.
        """
        text = self.text
        match = _INVISIBLE_RUN.search(text, start, end)
        if match is None:
            return False
        values = [item for item in items if item.type in (PARAM, PARAM_VAL)]
        found = False
        value_index = 0
        while match is not None:
            run_start, run_end = match.span()
            while value_index < len(values) and values[value_index].span.end <= run_start:
                value_index += 1
            value = values[value_index] if value_index < len(values) else None
            inside = value is not None and value.span.start <= run_start < value.span.end
            skip = False
            if inside and value is not None and value.delimiter:
                skip = True
            elif inside and value is not None:
                skip = (
                    run_start > value.span.start
                    and run_end < min(value.span.end, end)
                    and text[run_end] not in _ASCII_SPACE
                    and not text.startswith((">}}", "%}}", "/>}}", "/%}}"), run_end)
                )
            if not skip:
                self._report_invisible(run_start, run_end, inside, failure)
                found = True
            match = _INVISIBLE_RUN.search(text, run_end, end)
        return found

    def _report_invisible(
        self, start: int, end: int, in_value: bool, failure: Optional[str]
    ) -> None:
        run = self.text[start:end]
        names: List[str] = []
        for char in run:
            name = character_name(char)
            if name not in names:
                names.append(name)
        separator = any(char in SPACE_LIKE for char in run)
        if failure is not None:
            consequence = _will_fail(failure)
        elif in_value:
            consequence = "Hugo keeps it as part of the value"
        else:
            consequence = "Hugo does not read it as a space"
        action = "replace it with a space" if separator else "remove it"
        self._problem(
            "SC009",
            Span(start, end),
            f"{', '.join(names)} inside the shortcode tag; {consequence}",
            Fix(Applicability.SAFE, action, (Edit(Span(start, end), " " if separator else ""),)),
        )

    # -- problems of rejected tags ----------------------------------------------

    def _record_failure(
        self,
        lexer: _Lexer,
        tag_start: int,
        items: List[Item],
        error: Item,
        raw: Optional[Tuple[int, str]],
    ) -> None:
        # Hugo stops at a tag's first error: what follows it is unread.
        first = len(self.problems)
        self._describe_failure(lexer, tag_start, items, error, raw)
        for index in range(first, len(self.problems)):
            problem = self.problems[index]
            self.problems[index] = replace(problem, message=announce_more(problem.message))

    def _describe_failure(
        self,
        lexer: _Lexer,
        tag_start: int,
        items: List[Item],
        error: Item,
        raw: Optional[Tuple[int, str]],
    ) -> None:
        text = self.text
        message = error.value
        offset = error.span.start
        has_tag = bool(items) and items[0].type in _LEFT_DELIMS
        notation = "%" if text.startswith("{{%", tag_start) else "<"
        tag: Optional[_Tag] = None
        if has_tag:
            end = raw[0] + 3 if raw is not None else max(offset, tag_start + 3)
            tag = _tag_from_items(items, end, False)
            if raw is not None:
                tag.right_start = raw[0]
                tag.close_notation = "%" if raw[1] == "%}}" else "<"
            if not tag.name and tag.kind == "open":
                name_start = tag_start + 3
                while name_start < len(text) and (
                    text[name_start] in _ASCII_SPACE or text[name_start] in INVISIBLE
                ):
                    name_start += 1
                name_end = name_start
                while name_end < len(text) and _is_name_char(text[name_end]):
                    name_end += 1
                tag.name = text[name_start:name_end]
                tag.name_span = Span(name_start, name_end)
            if raw is not None:
                if tag.kind == "open":
                    self.raw_tags.append(
                        RawTag(
                            Dialect.HUGO,
                            tag.name,
                            tag.span,
                            tag.name_span,
                            tag.attributes_span,
                            notation,
                            False,
                        )
                    )
                if tag.name:
                    self.tags.append(tag)
        region_end = (
            raw[0] if raw is not None else min(self._line_or_brace_after(tag_start), len(text))
        )
        if message.startswith("inline shortcodes") or message == "comment must be closed":
            self._problem(
                "SC006",
                Span(tag_start, min(tag_start + 3, len(text))),
                self._describe(message) + _will_fail(message),
            )
            return
        if self._check_invisible(tag_start + 3, max(region_end, tag_start + 3), items, message):
            return
        glued = self._glued_value(items)
        if glued is not None:
            key, delimiter = glued
            where = (
                " (Hugo reports it at the end of the file)"
                if message == "unclosed shortcode action"
                else ""
            )
            self._problem(
                "SC001",
                Span(tag_start, tag_start + 3),
                f"the unquoted value of '{key}' runs into '{delimiter}', so the tag does not "
                f"end there; quote the value or put a space before '{delimiter}'; "
                f"{_will_fail(message)}{where}",
            )
            return
        self._classify(tag_start, notation, items, message, offset, tag, raw)

    @staticmethod
    def _describe(message: str) -> str:
        if message.startswith("inline shortcodes"):
            return "a shortcode tag inside the body of an inline shortcode; "
        return (
            "the escaped tag '{{</* */>}}' is not closed by '*/' and the same closing delimiter; "
        )

    def _glued_value(self, items: List[Item]) -> Optional[Tuple[str, str]]:
        key = ""
        for item in items:
            if item.type == PARAM:
                key = item.value
            elif item.type == PARAM_VAL and not item.delimiter:
                for delimiter in (">}}", "%}}"):
                    if delimiter in item.value:
                        return key, delimiter
        return None

    def _classify(
        self,
        tag_start: int,
        notation: str,
        items: List[Item],
        message: str,
        offset: int,
        tag: Optional[_Tag],
        raw: Optional[Tuple[int, str]],
    ) -> None:
        text = self.text
        tag_span = tag.span if tag is not None else Span(tag_start, max(offset, tag_start + 3))
        at_error = Span(offset, min(offset + 1, len(text)))
        if message == "unclosed shortcode action":
            self._problem(
                "SC001",
                Span(tag_start, tag_start + 3),
                f"'{{{{{notation}' never reaches its closing "
                f"'{'%' if notation == '%' else '>'}}}}}'; "
                f"{_will_fail(message)} (Hugo reports it at the end of the file)",
            )
        elif message.startswith("unterminated"):
            line_end = text.find("\n", offset)
            line_end = len(text) if line_end == -1 else line_end
            kind = "raw string" if message.startswith("unterminated raw") else "quoted string"
            self._problem(
                "SC002", Span(offset, line_end), f"the {kind} is not closed; {_will_fail(message)}"
            )
        elif message.startswith(_UNRECOGNIZED_PREFIX):
            char = text[offset] if offset < len(text) else ""
            wrong = ">}}" if notation == "%" else "%}}"
            if char == wrong[0] and text.startswith(wrong, offset):
                right = "%}}" if notation == "%" else ">}}"
                self._problem(
                    "SC010",
                    Span(offset, offset + 3),
                    f"the tag opens with '{{{{{notation}' but closes with '{wrong}'; "
                    + _will_fail(message),
                    Fix(
                        Applicability.SAFE,
                        f"close the tag with '{right}'",
                        (Edit(Span(offset, offset + 3), right),),
                    ),
                )
            else:
                self._problem(
                    "SC006",
                    at_error,
                    f"{_go_rune(char) if char else 'end of text'} cannot appear here; "
                    + _will_fail(message),
                )
        elif "Cannot mix" in message:
            end = offset
            while (
                end < len(text)
                and text[end] not in _ASCII_SPACE
                and not text.startswith((">}}", "%}}"), end)
            ):
                end += 1
            self._problem(
                "SC008",
                Span(offset, max(end, offset + 1)),
                f"named and positional parameters are mixed; {_will_fail(message)}",
            )
        elif message.startswith(("got closing shortcode", "closing tag for shortcode")):
            if tag is not None and tag.kind == "open" and tag.name:
                self._problem(
                    "SC006",
                    Span(offset, max(offset + 1, tag_span.end - 3)),
                    f"text after the self-closing '/'; {_will_fail(message)}",
                )
            else:
                self._problem(
                    "SC004",
                    tag_span,
                    f"closing tag with no open shortcode of that name; {_will_fail(message)}",
                )
        elif message == "unclosed shortcode":
            self._problem(
                "SC006",
                Span(offset, max(offset + 1, tag_span.end - 3)),
                f"text after the name in a closing tag; {_will_fail(message)}",
            )
        elif message.startswith("period in shortcode name"):
            end = offset
            while end < len(text) and (_is_name_char(text[end]) or text[end] in "./"):
                end += 1
            self._problem(
                "SC006",
                Span(offset, max(end, offset + 1)),
                f"a name with a period; {_will_fail(message)}",
            )
        else:
            self._problem("SC006", at_error, _will_fail(message))

    # -- building the tree ---------------------------------------------------------

    def build(self) -> Tuple[Shortcode, ...]:
        tags = sorted(self.tags, key=attrgetter("start"))
        matching = _match_closings(tags)
        self._undecided: List[_Tag] = []
        root = _Node(None)
        stack: List[_Node] = [root]
        names_open: Dict[str, int] = {}
        overflow: Dict[str, int] = {}

        def push(node: _Node) -> None:
            assert node.tag is not None
            stack.append(node)
            names_open[node.tag.name] = names_open.get(node.tag.name, 0) + 1

        def pop() -> _Node:
            node = stack.pop()
            assert node.tag is not None
            names_open[node.tag.name] -= 1
            return node

        for position, tag in enumerate(tags):
            parent = stack[-1]
            if tag.kind == "escaped":
                parent.children.append(_Node(tag))
                continue
            if tag.kind == "open":
                node = _Node(tag)
                parent.children.append(node)
                known = self._known_inner(tag.name)
                if tag.self_closing:
                    node.form = "self-closing"
                    if known is False and tag.accepted:
                        self._unexpected_closing(tag, tag.span, self_closing=True)
                elif known is True or (known is None and position in matching.closed_later):
                    if len(stack) > _MAX_DEPTH:
                        # Deeper nesting is not content; keep the tree shallow enough to walk.
                        overflow[tag.name] = overflow.get(tag.name, 0) + 1
                    else:
                        push(node)
                elif known is None and tag.accepted:
                    self._undecided.append(tag)
                continue
            if overflow.get(tag.name, 0) > 0 and names_open.get(tag.name, 0) == 0:
                overflow[tag.name] -= 1
                continue
            self._closing(tag, position, matching, stack, pop)
        while len(stack) > 1:
            self._unclosed(pop(), stack)
        return tuple(root.build())

    def _closing(
        self,
        tag: _Tag,
        position: int,
        matching: _Matching,
        stack: List[_Node],
        pop: Callable[[], _Node],
    ) -> None:
        """Hugo's rule: a closing tag closes the innermost open shortcode, whatever its name.

        The lexer only asks that the name was opened somewhere before; the
        extraction then closes whatever is innermost, and fails only when no
        shortcode that takes inner content is open.
        """
        name = tag.name
        top = stack[-1].tag
        undecided, self._undecided = self._undecided, []
        if top is None:
            if tag.accepted:
                self._stray_closing(tag, undecided[-1] if undecided else None)
            return
        if top.name != name and tag.accepted and position not in matching.partners:
            crossed = matching.crossing_at.get(position)
            if crossed is not None:
                message = (
                    f"closing tag for '{name}' while '{crossed}' is still open inside it; "
                    f"Hugo silently closes '{crossed}' here and '{name}' at the closing tag "
                    f"of '{crossed}'"
                )
                self._problem("SC005", tag.span, message, severity=Severity.WARNING)
            elif self._known_inner(name) is False:
                self._unexpected_closing(tag, tag.span, self_closing=False, closes=top)
            else:
                self._problem(
                    "SC004",
                    tag.span,
                    f"closing tag for '{name}' while '{top.name}' is the innermost open "
                    f"shortcode; Hugo silently uses it to close '{top.name}'",
                    severity=Severity.WARNING,
                )
        self._close(pop(), tag)

    def _stray_closing(self, tag: _Tag, undecided: Optional[_Tag]) -> None:
        """A closing tag with no shortcode open that takes inner content: Hugo fails.

        ``undecided`` is the last shortcode opened before it whose template is
        unknown: if that template uses .Inner, Hugo closes it and builds.
        """
        if undecided is not None:
            self._problem(
                "SC004",
                tag.span,
                f"closing tag for '{tag.name}' with no open '{tag.name}'; Hugo uses it to close "
                f"'{undecided.name}' if the template of '{undecided.name}' uses .Inner, and "
                "fails otherwise",
                severity=Severity.WARNING,
            )
            return
        if self._known_inner(tag.name) is False:
            self._unexpected_closing(tag, tag.span, self_closing=False)
            return
        hugo = (
            f'{_EXTRACT_PREFIX}shortcode "{tag.name}" does not evaluate .Inner or '
            ".InnerDeindent, yet a closing tag was provided"
        )
        self._problem(
            "SC004",
            tag.span,
            f"closing tag for '{tag.name}' with no open shortcode that takes inner content; "
            + _will_fail(hugo),
        )

    def _known_inner(self, name: str) -> Optional[bool]:
        if self.templates is None or name.endswith(".inline"):
            return None
        return self.templates.get(name.lower())

    def _unexpected_closing(
        self, tag: _Tag, span: Span, self_closing: bool, closes: Optional[_Tag] = None
    ) -> None:
        how = "it is self-closed with '/'" if self_closing else "it has a closing tag"
        severity: Optional[Severity] = None
        if closes is not None:
            consequence = f"Hugo silently uses the closing tag to close '{closes.name}' instead"
            severity = Severity.WARNING
        else:
            consequence = _will_fail(
                f'{_EXTRACT_PREFIX}shortcode "{tag.name}" does not evaluate .Inner or '
                ".InnerDeindent, "
                "yet a closing tag was provided"
            )
        self._problem(
            "SC012",
            span,
            f"the template of '{tag.name}' does not use .Inner, yet {how}; {consequence}",
            severity=severity,
        )

    @staticmethod
    def _close(node: _Node, closing: _Tag) -> None:
        node.form = "enclosing"
        node.closing = closing

    def _unclosed(self, node: _Node, stack: List[_Node]) -> None:
        """An enclosing shortcode without a closing tag: report it and keep its children."""
        assert node.tag is not None
        parent = stack[-1]
        if node.tag.accepted and self._known_inner(node.tag.name):
            hugo = f'{_EXTRACT_PREFIX}shortcode "{node.tag.name}" must be closed or self-closed'
            self._problem(
                "SC003",
                node.tag.span,
                f"the template of '{node.tag.name}' uses .Inner, but the shortcode has no "
                "closing tag; " + _will_fail(hugo),
            )
        node.form = "single"
        children = node.children
        node.children = []
        parent.children.extend(children)


@dataclass
class _Matching:
    """Which opening tag each closing tag closes, by name, as a reader would pair them.

    ``crossing_at`` maps a closing tag to the name of a shortcode it skips
    over although that one is closed later (``a b /a /b``); ``partners``
    are those later closing tags.
    """

    matched: Set[int] = field(default_factory=set)
    # Opening tags followed somewhere by a closing tag of their name: without
    # a template, the ones assumed to take inner content (as the engine
    # emulation assumes).
    closed_later: Set[int] = field(default_factory=set)
    crossing_at: Dict[int, str] = field(default_factory=dict)
    partners: Set[int] = field(default_factory=set)


def _match_closings(tags: List[_Tag]) -> _Matching:
    matching = _Matching()
    closings: Dict[str, List[int]] = {}
    for position, tag in enumerate(tags):
        if tag.kind == "close":
            closings.setdefault(tag.name, []).append(position)
    open_positions: List[int] = []
    counts: Dict[str, int] = {}
    for position, tag in enumerate(tags):
        if tag.kind == "open" and not tag.self_closing:
            later = closings.get(tag.name, [])
            if bisect_right(later, position) < len(later):
                matching.closed_later.add(position)
            open_positions.append(position)
            counts[tag.name] = counts.get(tag.name, 0) + 1
        elif tag.kind == "close" and position not in matching.partners:
            if counts.get(tag.name, 0) == 0:
                continue
            while open_positions:
                candidate = open_positions.pop()
                skipped = tags[candidate].name
                counts[skipped] -= 1
                if skipped == tag.name:
                    matching.matched.add(candidate)
                    break
                later = closings.get(skipped, [])
                following = bisect_right(later, position)
                if following < len(later) and position not in matching.crossing_at:
                    matching.crossing_at[position] = skipped
                    matching.partners.add(later[following])
    return matching


class _Node:
    __slots__ = ("children", "closing", "form", "tag")

    def __init__(self, tag: Optional[_Tag]) -> None:
        self.tag = tag
        self.form = "single"
        self.closing: Optional[_Tag] = None
        self.children: List[_Node] = []

    def build(self) -> List[Shortcode]:
        """Shortcodes for this node; a rejected tag gives none, only its children."""
        children: List[Shortcode] = []
        for child in self.children:
            children.extend(child.build())
        tag = self.tag
        if tag is None:
            return children
        if not tag.accepted:
            return children
        escaped = tag.kind == "escaped"
        closing = self.closing if self.form == "enclosing" else None
        span = tag.span if closing is None else Span(tag.start, closing.end)
        raw = tag.raw
        if raw is not None:
            attributes_span = raw.attributes_span
        elif escaped and tag.content is not None:
            attributes_span = Span(tag.name_span.end, tag.content.end)
        else:
            attributes_span = tag.attributes_span
        shortcode = Shortcode(
            dialect=Dialect.HUGO,
            name=tag.name,
            span=span,
            open_span=tag.span,
            name_span=tag.name_span,
            attributes_span=attributes_span,
            attributes=tuple(tag.attributes),
            form=self.form,
            notation=tag.notation,
            escaped=escaped,
            close_span=closing.span if closing is not None else None,
            content_span=Span(tag.end, closing.start) if closing is not None else None,
            close_notation=closing.notation if closing is not None else None,
            children=tuple(children) if closing is not None else (),
        )
        if closing is None:
            return [shortcode, *children]
        return [shortcode]


def _assumed_templates(items: Tuple[Item, ...] | List[Item]) -> Dict[str, bool]:
    """Without a site, assume every name has a template that uses .Inner when it is ever closed."""
    names: Set[str] = set()
    closed: Set[str] = set()
    previous = ""
    for item in items:
        if item.type in (NAME, NAME_INLINE):
            names.add(item.value.lower())
            if previous == CLOSE:
                closed.add(item.value.lower())
        previous = item.type
    assumed = {name: name in closed for name in names}
    assumed.update(EMBEDDED_TEMPLATES)
    return assumed


def _removal_error(
    shortcodes: Tuple[Shortcode, ...], own: AbstractSet[str], version: HugoVersion
) -> Optional[EngineError]:
    """Hugo renders a page only when extraction succeeded; then a removed embedded
    shortcode that the site does not override fails the build."""
    found: List[Shortcode] = []
    pending = list(shortcodes)
    while pending:
        shortcode = pending.pop()
        pending.extend(shortcode.children)
        if shortcode.escaped or shortcode.name.lower() in own:
            continue
        schema = hugo_engine_schema(shortcode.name, version)
        if schema is not None and schema.removed:
            found.append(shortcode)
    if not found:
        return None
    first = min(found, key=lambda shortcode: shortcode.span.start)
    removed = hugo_engine_schema(first.name, version)
    assert removed is not None and removed.removed is not None
    return EngineError(removed.removed, first.span.start, "SD006")


def _parse(
    text: str,
    templates: Optional[Mapping[str, bool]],
    front_matter: bool,
    keep_items: bool,
    fast: bool = True,
) -> Tuple[_Parser, List[Item], Document]:
    """The parser, its items and the document.

    ``keep_items=False`` spares the items of text and of the tags the patterns
    read whole, which only ``analyze`` and ``lex`` hand on; ``fast=False``
    reads every tag with the state machine.  Neither changes the document.
    """
    parser = _Parser(text, templates, front_matter)
    items, _ = parser.lex(keep_items, fast)
    shortcodes = parser.build()
    fm: Optional[FrontMatter] = None
    if front_matter:
        fm = parser.split or frontmatter.split(text, parser.located)
    problems = tuple(
        sorted(parser.problems, key=lambda problem: (problem.span.start, problem.code))
    )
    raw_tags = tuple(sorted(parser.raw_tags, key=lambda tag: tag.span.start))
    document = Document(Dialect.HUGO, shortcodes, problems, fm, (), raw_tags)
    return parser, items, document


def analyze(
    text: str,
    templates: Optional[Mapping[str, bool]] = None,
    *,
    front_matter: bool = True,
    own: AbstractSet[str] = frozenset(),
    version: HugoVersion = DEFAULT_HUGO_VERSION,
) -> Analysis:
    """Parse ``text`` (see ``parse``) and also emulate the first error Hugo would report.

    ``own`` names the site's own templates, which override Hugo's embedded
    ones; ``version`` is the Hugo release that builds the site.
    """
    parser, items, document = _parse(text, templates, front_matter, keep_items=True)
    engine_templates = parser.templates
    if engine_templates is None:
        engine_templates = _assumed_templates(items)
    engine = _engine_errors(text, items, engine_templates, parser.failure_codes)
    fm = document.front_matter
    if fm is not None and fm.format == "json" and fm.error is not None and fm.data is None:
        content = text[fm.span.start : fm.span.end]
        offset = fm.span.start + len(content) - len(content.lstrip())
        if fm.span.end > fm.span.start:
            engine = [EngineError(fm.error, offset, None)]
    if not engine:
        removal = _removal_error(document.shortcodes, {name.lower() for name in own}, version)
        engine = [removal] if removal is not None else []
    return Analysis(document, tuple(engine), tuple(items))


def parse(
    text: str, templates: Optional[Mapping[str, bool]] = None, *, front_matter: bool = True
) -> Document:
    """Every shortcode and syntax problem of a Hugo content text.

    ``templates`` maps shortcode names to whether their template uses
    ``.Inner``; Hugo's embedded shortcodes are added unless overridden.
    With ``None`` (no site found) a tag is enclosing when a closing tag of
    the same name follows, and nothing about inner content is reported.
    """
    # The emulation of Hugo's first error (``analyze``) is not needed here.
    return _parse(text, templates, front_matter, keep_items=False)[2]
