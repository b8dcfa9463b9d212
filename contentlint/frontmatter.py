"""Front matter at the top of a content file: where it is and what it says.

Hugo decides the format from the first character that is not whitespace or a
BOM: ``+`` opens TOML (``+++``), ``-`` opens YAML (``---``), ``{`` opens
JSON, ``#+`` opens Org keyword lines; anything else means no front matter.
``locate`` reproduces that decision exactly, because a file whose first
line is a Markdown list item or a shortcode fails Hugo's build, and the
shortcode lexer must start where Hugo's does.

YAML is read by a small reader of the common subset (mappings by
indentation, block and flow lists, quoted and plain scalars, block scalars),
so no YAML library is needed; ``scalar_spans`` gives the source span of
every scalar so rules can check each value on its own.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple, Union

from contentlint import nesting
from contentlint.model import FrontMatter, Span


def _tomllib() -> Any:
    """tomllib (3.11+) or tomli, the same parser: imported only for TOML front matter."""
    return importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")


BOM = "\ufeff"
KeyPath = Tuple[Union[str, int], ...]
ScalarSpans = List[Tuple[KeyPath, Span]]

_FORMAT_OF_DELIMITER = {"+": ("toml", "TOML", "+++"), "-": ("yaml", "YAML", "---")}


@dataclass(frozen=True)
class Located:
    """Where Hugo finds front matter in a text, before any of it is parsed.

    ``content`` is the text Hugo hands the decoder (for JSON and Org it
    includes the leading whitespace, as Hugo's own item does).  ``error`` is
    Hugo's delimiting error, positioned at ``error_offset``.  ``boms`` lists
    offsets of byte order marks Hugo skips before the front matter.
    ``org_divider`` is set when the text starts with ``#``: Hugo then looks
    for ``# more`` instead of ``<!--more-->`` as the summary divider.
    """

    format: Optional[str]
    content: Span
    body_start: int
    error: Optional[str] = None
    error_offset: int = 0
    boms: Tuple[int, ...] = ()
    org_divider: bool = False


def _consume_line_break(text: str, pos: int) -> Tuple[int, bool]:
    consumed = False
    for char in "\r\n":
        if pos < len(text) and text[pos] == char:
            pos += 1
            consumed = True
    return pos, consumed


def locate(text: str) -> Located:
    """Find the front matter block the way Hugo does (see the module docstring)."""
    start = 0
    boms: List[int] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char in _FORMAT_OF_DELIMITER:
            return _locate_delimited(text, index, start, tuple(boms))
        if char == "{":
            return _locate_json(text, index, start, tuple(boms))
        if char == "#":
            return _locate_org(text, index, start, tuple(boms))
        if char == BOM:
            boms.append(index)
            start = index + 1
        elif char not in " \t\r\n":
            break
        index += 1
    return Located(None, Span(start, start), start, boms=tuple(boms))


def _locate_delimited(text: str, index: int, start: int, boms: Tuple[int, ...]) -> Located:
    char = text[index]
    fmt, label, delimiter = _FORMAT_OF_DELIMITER[char]
    if text[index : index + 3] != delimiter:
        return Located(fmt, Span(start, start), start, f"invalid {label} delimiter", start, boms)
    content_start, after_line_break = _consume_line_break(text, index + 3)
    candidate = text.find(delimiter, content_start)
    while candidate != -1:
        at_line_start = (after_line_break and candidate == content_start) or (
            candidate - 1 >= content_start and text[candidate - 1] in "\r\n"
        )
        if at_line_start:
            body_start, _ = _consume_line_break(text, candidate + 3)
            return Located(fmt, Span(content_start, candidate), body_start, boms=boms)
        candidate = text.find(delimiter, candidate + 1)
    return Located(
        fmt,
        Span(content_start, content_start),
        content_start,
        f"EOF looking for end {label} front matter delimiter",
        content_start,
        boms,
    )


def _locate_json(text: str, index: int, start: int, boms: Tuple[int, ...]) -> Located:
    level = 0
    in_string = False
    pos = index
    length = len(text)
    while True:
        if pos >= length:
            return Located(
                "json",
                Span(start, start),
                start,
                "unexpected EOF parsing JSON front matter",
                start,
                boms,
            )
        char = text[pos]
        pos += 1
        if char == "{" and not in_string:
            level += 1
        elif char == "}" and not in_string:
            level -= 1
        elif char == '"':
            in_string = not in_string
        elif char == "\\":
            pos += 1
        if level == 0:
            break
    end, _ = _consume_line_break(text, min(pos, length))
    return Located("json", Span(start, end), end, boms=boms)


def _locate_org(text: str, index: int, start: int, boms: Tuple[int, ...]) -> Located:
    if not text.startswith("#+", index):
        return Located(None, Span(start, start), start, boms=boms, org_divider=True)
    pos = index
    while True:
        newline = text.find("\n", pos)
        if newline == -1:
            pos = len(text)
            break
        pos = newline + 1
        if not text.startswith("#+", pos):
            break
    return Located("org", Span(start, pos), pos, boms=boms, org_divider=True)


def split(text: str, located: Optional[Located] = None) -> Optional[FrontMatter]:
    """The front matter of ``text`` with its data parsed, or ``None`` when there is none.

    ``FrontMatter.span`` is the text handed to the decoder (without the
    ``---``/``+++`` lines).  When Hugo cannot delimit the block, ``error``
    holds Hugo's message and ``body_start`` is where the text starts, so the
    whole file is still checked as content.  A JSON block that does not
    decode (typically a file that starts with ``{{<``) is also checked as
    content from its first character.  ``located`` is ``locate(text)``, when
    the caller has it already.
    """
    if located is None:
        located = locate(text)
    if located.format is None:
        return None
    if located.error is not None:
        return FrontMatter(
            located.format, located.content, located.content.start, None, located.error
        )
    data, error, unread_at = _decode(located.format, text, located.content)
    body_start = located.body_start
    if located.format == "json" and error is not None:
        body_start = located.content.start
    return FrontMatter(located.format, located.content, body_start, data, error, unread_at)


def decode(fmt: str, text: str, content: Span) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """Parse the block at ``content``: ``(data, None)`` or ``(None, error message)``."""
    data, error, _ = _decode(fmt, text, content)
    return data, error


def _decode(
    fmt: str, text: str, content: Span
) -> Tuple[Optional[Dict[str, Any]], Optional[str], Optional[int]]:
    """``decode``, and the offset where nesting too deep stopped the reading."""
    if fmt in ("toml", "json"):
        deep = nesting.too_deep(fmt, text, content.start, content.end)
        if deep is not None:
            return None, f"unmarshal failed: {nesting.NESTED_TOO_DEEP}", deep
    source = text[content.start : content.end]
    if fmt == "toml":
        toml = _tomllib()
        try:
            return toml.loads(source), None, None
        except toml.TOMLDecodeError as error:
            return None, f"unmarshal failed: {error}", None
    if fmt == "json":
        return (*_decode_json(source), None)
    if fmt == "org":
        return _decode_org(source), None, None
    reader = _YamlReader(text, content)
    try:
        return reader.read(), None, None
    except _YamlError as error:
        return None, str(error), error.offset


def _decode_json(source: str) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    import json

    try:
        value = json.loads(source)
    except RecursionError:
        return None, "unmarshal failed: JSON nested too deeply"
    except ValueError as error:
        return None, "unmarshal failed: " + _go_json_message(source, error)
    if not isinstance(value, dict):
        return None, "unmarshal failed: front matter is not a JSON object"
    return value, None


def _go_json_message(source: str, error: ValueError) -> str:
    """Hugo's decoder words the usual failure this way; other failures keep Python's words."""
    position = getattr(error, "pos", None)
    if isinstance(position, int) and position < len(source):
        char = source[position]
        if str(error).startswith("Expecting property name"):
            quoted = _go_quote_char(char)
            return f"invalid character {quoted} looking for beginning of object key string"
        if str(error).startswith("Expecting value"):
            return f"invalid character {_go_quote_char(char)} looking for beginning of value"
    return str(error)


def _go_quote_char(char: str) -> str:
    if char == "'":
        return "'\\''"
    return f"'{char}'"


def _decode_org(source: str) -> Dict[str, Any]:
    data: Dict[str, Any] = {}
    for line in source.splitlines():
        line = line.strip()
        if not line.startswith("#+") or ":" not in line:
            continue
        key, _, value = line[2:].partition(":")
        data[key.strip().lower()] = value.strip()
    return data


# ---------------------------------------------------------------------------
# YAML subset


class _YamlError(Exception):
    """A block the reader cannot read; ``offset`` is set when nesting too deep stopped it."""

    def __init__(self, message: str, offset: Optional[int] = None) -> None:
        super().__init__(message)
        self.offset = offset


class _Line:
    """One line of a YAML block that holds something (not blank, not a comment)."""

    # A plain class with slots: a block makes one per line, and a frozen
    # dataclass costs several times as much to create.
    __slots__ = ("body", "body_start", "indent", "number", "start")

    def __init__(self, number: int, start: int, indent: int, body: str, body_start: int) -> None:
        self.number = number  # 1-based line number in the whole text
        self.start = start  # offset of the first character of the line
        self.indent = indent
        self.body = body  # the line without indentation and line break
        self.body_start = body_start


def _yaml_bool(value: str) -> Optional[bool]:
    if value in ("true", "True", "TRUE"):
        return True
    if value in ("false", "False", "FALSE"):
        return False
    return None


def _plain_scalar(value: str) -> Any:
    flag = _yaml_bool(value)
    if flag is not None:
        return flag
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    body = value[1:] if value[:1] in "+-" else value
    if body.isascii() and body.isdigit():
        return int(value)
    if body.isascii() and body.replace(".", "", 1).isdigit() and "." in body:
        return float(value)
    return value


class _YamlReader:
    """Reads the block-structured YAML people write in front matter."""

    def __init__(self, text: str, content: Span) -> None:
        self.text = text
        self.lines: List[_Line] = []
        self.spans: ScalarSpans = []
        line_number = text.count("\n", 0, content.start) + 1
        pos = content.start
        while pos < content.end:
            newline = text.find("\n", pos, content.end)
            end = content.end if newline == -1 else newline
            raw = text[pos:end].rstrip("\r")
            stripped = raw.lstrip(" ")
            if stripped and not stripped.startswith("#"):
                indent = len(raw) - len(stripped)
                self.lines.append(_Line(line_number, pos, indent, stripped, pos + indent))
            line_number += 1
            pos = end + 1
        self.index = 0

    def read(self) -> Dict[str, Any]:
        if not self.lines:
            return {}
        value = self._block(self.lines[0].indent, ())
        if self.index < len(self.lines):
            line = self.lines[self.index]
            raise _YamlError(f"line {line.number}: unexpected indentation")
        if not isinstance(value, dict):
            raise _YamlError(f"line {self.lines[0].number}: front matter is not a mapping")
        return value

    def _block(self, indent: int, path: KeyPath) -> Any:
        line = self.lines[self.index]
        # The reader recurses once per level: a limit keeps hostile
        # indentation from exhausting the stack.
        if len(path) >= nesting.MAX_DEPTH:
            raise _YamlError(f"line {line.number}: {nesting.NESTED_TOO_DEEP}", line.body_start)
        if line.body.startswith("- ") or line.body == "-":
            return self._sequence(indent, path)
        return self._mapping(indent, path)

    def _mapping(self, indent: int, path: KeyPath) -> Dict[str, Any]:
        mapping: Dict[str, Any] = {}
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.indent < indent:
                break
            if line.indent > indent:
                raise _YamlError(f"line {line.number}: unexpected indentation")
            key, value_offset = self._key(line)
            self.index += 1
            mapping[key] = self._value(line, value_offset, indent, (*path, key))
        return mapping

    def _key(self, line: _Line) -> Tuple[str, int]:
        body = line.body
        if body[:1] in "\"'":
            end, key = self._quoted(body, 0, line)
            colon = end
        else:
            colon = body.find(": ")
            if colon == -1 and body.endswith(":"):
                colon = len(body) - 1
            if colon == -1:
                raise _YamlError(f"line {line.number}: expected 'key: value'")
            key = body[:colon].rstrip()
        if body[colon : colon + 1] != ":":
            raise _YamlError(f"line {line.number}: expected ':' after the key")
        offset = colon + 1
        while offset < len(body) and body[offset] == " ":
            offset += 1
        return key, offset

    def _value(self, line: _Line, offset: int, indent: int, path: KeyPath) -> Any:
        rest = line.body[offset:]
        if not rest or rest.startswith("#"):
            if self.index < len(self.lines):
                following = self.lines[self.index]
                nested_list = following.indent == indent and following.body.startswith("-")
                if following.indent > indent or nested_list:
                    return self._block(following.indent, path)
            return None
        if rest[:1] in "|>":
            return self._block_scalar(rest[:1], indent, path)
        return self._inline(line, offset, path)

    def _sequence(self, indent: int, path: KeyPath) -> List[Any]:
        items: List[Any] = []
        while self.index < len(self.lines):
            line = self.lines[self.index]
            if line.indent != indent or not (line.body.startswith("- ") or line.body == "-"):
                if line.indent > indent:
                    raise _YamlError(f"line {line.number}: unexpected indentation")
                break
            self.index += 1
            offset = 2 if line.body.startswith("- ") else 1
            while offset < len(line.body) and line.body[offset] == " ":
                offset += 1
            item_path = (*path, len(items))
            rest = line.body[offset:]
            if not rest:
                if self.index < len(self.lines) and self.lines[self.index].indent > indent:
                    items.append(self._block(self.lines[self.index].indent, item_path))
                else:
                    items.append(None)
            elif _looks_like_key(rest):
                inner = _Line(
                    line.number, line.start, indent + offset, rest, line.body_start + offset
                )
                self.lines[self.index - 1] = inner
                self.index -= 1
                items.append(self._mapping(indent + offset, item_path))
            else:
                items.append(self._inline(line, offset, item_path))
        return items

    def _block_scalar(self, style: str, indent: int, path: KeyPath) -> str:
        parts: List[str] = []
        start: Optional[int] = None
        end = 0
        while self.index < len(self.lines) and self.lines[self.index].indent > indent:
            line = self.lines[self.index]
            if start is None:
                start = line.body_start
            end = line.body_start + len(line.body)
            parts.append(line.body)
            self.index += 1
        if start is not None:
            self.spans.append((path, Span(start, end)))
        return ("\n" if style == "|" else " ").join(parts)

    def _inline(self, line: _Line, offset: int, path: KeyPath) -> Any:
        body = line.body
        if body[offset] in "\"'":
            end, value = self._quoted(body, offset, line)
            self.spans.append((path, Span(line.body_start + offset + 1, line.body_start + end - 1)))
            return value
        if body[offset] == "[":
            return self._flow_list(line, offset, path)
        if body[offset] == "{":
            return self._flow_map(line, offset, path)
        end = _plain_end(body, offset, len(body))
        value = body[offset:end]
        self.spans.append((path, Span(line.body_start + offset, line.body_start + end)))
        return _plain_scalar(value)

    def _quoted(self, body: str, offset: int, line: _Line) -> Tuple[int, str]:
        quote = body[offset]
        pos = offset + 1
        close = body.find(quote, pos)
        # The usual value has no escape and no doubled quote: read it whole.
        if close != -1 and body[close + 1 : close + 2] != quote:
            value = body[pos:close]
            if quote == "'" or "\\" not in value:
                return close + 1, value
        out: List[str] = []
        while pos < len(body):
            char = body[pos]
            if char == quote:
                if quote == "'" and body[pos + 1 : pos + 2] == "'":
                    out.append("'")
                    pos += 2
                    continue
                return pos + 1, "".join(out)
            if char == "\\" and quote == '"' and pos + 1 < len(body):
                out.append(_YAML_ESCAPES.get(body[pos + 1], body[pos + 1]))
                pos += 2
                continue
            out.append(char)
            pos += 1
        raise _YamlError(f"line {line.number}: unterminated quoted string")

    def _flow_list(self, line: _Line, offset: int, path: KeyPath) -> List[Any]:
        body = line.body
        close = body.rfind("]")
        if close < offset:
            raise _YamlError(f"line {line.number}: unterminated flow sequence")
        items: List[Any] = []
        pos = offset + 1
        while pos < close:
            while pos < close and body[pos] in " ,":
                pos += 1
            if pos >= close:
                break
            item_path = (*path, len(items))
            if body[pos] in "\"'":
                end, value = self._quoted(body, pos, line)
                self.spans.append(
                    (item_path, Span(line.body_start + pos + 1, line.body_start + end - 1))
                )
                items.append(value)
                pos = end
            else:
                end = body.find(",", pos, close)
                end = close if end == -1 else end
                value_end = pos + len(body[pos:end].rstrip())
                self.spans.append(
                    (item_path, Span(line.body_start + pos, line.body_start + value_end))
                )
                items.append(_plain_scalar(body[pos:value_end]))
                pos = end
        return items

    def _flow_map(self, line: _Line, offset: int, path: KeyPath) -> Dict[str, Any]:
        body = line.body
        close = body.rfind("}")
        if close < offset:
            raise _YamlError(f"line {line.number}: unterminated flow mapping")
        mapping: Dict[str, Any] = {}
        for part in body[offset + 1 : close].split(","):
            if not part.strip():
                continue
            key, colon, value = part.partition(":")
            if not colon:
                raise _YamlError(f"line {line.number}: expected 'key: value' in a flow mapping")
            mapping[key.strip().strip("\"'")] = _plain_scalar(value.strip().strip("\"'"))
        return mapping


_YAML_ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "/": "/", "0": "\0", "r": "\r"}


def _looks_like_key(body: str) -> bool:
    if body[:1] in "\"'[{":
        return False
    return ": " in body or body.endswith(":")


def _plain_end(body: str, start: int, end: int) -> int:
    comment = body.find(" #", start, end)
    if comment != -1:
        end = comment
    return start + len(body[start:end].rstrip())


# ---------------------------------------------------------------------------
# Scalar spans for TOML and JSON


def scalar_spans(front_matter: FrontMatter, text: str) -> ScalarSpans:
    """``(key path, value span)`` for each scalar of the front matter, in source order.

    String spans exclude their quotes.  Only values written on one line are
    listed for TOML (multi-line strings are skipped); a block that did not
    parse lists nothing.
    """
    if front_matter.data is None:
        return []
    if front_matter.format == "yaml":
        reader = _YamlReader(text, front_matter.span)
        try:
            reader.read()
        except _YamlError:
            return []
        return reader.spans
    if front_matter.format == "toml":
        return _toml_spans(text, front_matter.span)
    if front_matter.format == "json":
        return _json_spans(text, front_matter.span)
    return _org_spans(text, front_matter.span)


def _org_spans(text: str, content: Span) -> ScalarSpans:
    spans: ScalarSpans = []
    pos = content.start
    while pos < content.end:
        newline = text.find("\n", pos, content.end)
        end = content.end if newline == -1 else newline
        line = text[pos:end].rstrip("\r")
        if line.startswith("#+") and ":" in line:
            colon = line.index(":")
            value_start = colon + 1
            while value_start < len(line) and line[value_start] == " ":
                value_start += 1
            key = line[2:colon].strip().lower()
            spans.append(((key,), Span(pos + value_start, pos + len(line.rstrip()))))
        pos = end + 1
    return spans


def _toml_spans(text: str, content: Span) -> ScalarSpans:
    spans: ScalarSpans = []
    table: KeyPath = ()
    pos = content.start
    while pos < content.end:
        newline = text.find("\n", pos, content.end)
        end = content.end if newline == -1 else newline
        line = text[pos:end].rstrip("\r")
        stripped = line.strip()
        if (stripped.startswith("[") and not stripped.startswith("[[")) or stripped.startswith(
            "[["
        ):
            table = tuple(part.strip().strip("\"'") for part in stripped.strip("[]").split("."))
        elif "=" in stripped and not stripped.startswith("#"):
            equals = line.index("=")
            key = tuple(part.strip().strip("\"'") for part in line[:equals].split("."))
            value_start = equals + 1
            while value_start < len(line) and line[value_start] in " \t":
                value_start += 1
            span = _toml_value_span(line, value_start)
            if span is not None:
                spans.append((table + key, Span(pos + span[0], pos + span[1])))
        pos = end + 1
    return spans


def _toml_value_span(line: str, start: int) -> Optional[Tuple[int, int]]:
    if start >= len(line):
        return None
    char = line[start]
    if line.startswith(('"""', "'''"), start) or char in "[{":
        return None
    if char in "\"'":
        pos = start + 1
        while pos < len(line):
            if line[pos] == "\\" and char == '"':
                pos += 2
                continue
            if line[pos] == char:
                return start + 1, pos
            pos += 1
        return None
    return start, _plain_end(line, start, len(line))


def _json_spans(text: str, content: Span) -> ScalarSpans:
    """Walks the JSON text with an explicit stack, so deep nesting cannot overflow."""
    import json

    spans: ScalarSpans = []
    # Each frame: [container kind, path, next index or pending key]
    stack: List[List[Any]] = []
    pos = content.start
    end = content.end
    pending_key: Optional[str] = None

    def current_path() -> KeyPath:
        if not stack:
            return ()
        frame = stack[-1]
        if frame[0] == "array":
            return (*frame[1], frame[2])
        return (*frame[1], pending_key or "")

    expecting_key = False
    while pos < end:
        char = text[pos]
        if char in " \t\r\n,:":
            pos += 1
            continue
        if char in "{[":
            path = current_path()
            stack.append(["object" if char == "{" else "array", path, 0])
            expecting_key = char == "{"
            pos += 1
            continue
        if char in "}]":
            stack.pop() if stack else None
            if stack and stack[-1][0] == "array":
                stack[-1][2] += 1
            expecting_key = bool(stack) and stack[-1][0] == "object"
            pos += 1
            continue
        if char == '"':
            close = pos + 1
            while close < end and text[close] != '"':
                close += 2 if text[close] == "\\" else 1
            raw = text[pos : close + 1]
            if expecting_key and stack and stack[-1][0] == "object":
                try:
                    pending_key = str(json.loads(raw))
                except ValueError:
                    pending_key = raw.strip('"')
                expecting_key = False
            else:
                spans.append((current_path(), Span(pos + 1, close)))
                _advance_after_value(stack)
                expecting_key = bool(stack) and stack[-1][0] == "object"
            pos = close + 1
            continue
        scalar_end = pos
        while scalar_end < end and text[scalar_end] not in " \t\r\n,:]}":
            scalar_end += 1
        spans.append((current_path(), Span(pos, scalar_end)))
        _advance_after_value(stack)
        expecting_key = bool(stack) and stack[-1][0] == "object"
        pos = max(scalar_end, pos + 1)
    return spans


def _advance_after_value(stack: List[List[Any]]) -> None:
    if stack and stack[-1][0] == "array":
        stack[-1][2] += 1
