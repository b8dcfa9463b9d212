"""WordPress exports (WXR): the post bodies inside, as the importer stores them.

An export is the RSS file that Tools -> Export writes.  Each ``item`` of its
``channel`` is a post; the text of its ``content:encoded`` and
``excerpt:encoded`` elements is what the importer puts in ``post_content``
and ``post_excerpt``.  An XML parser hands the importer that text after
XML's own decoding, so this module decodes the same way:

* CDATA sections are copied as they stand, including an export's split
  ``]]]]><![CDATA[>`` (two sections that read as ``]]>``);
* elsewhere the five predefined entities and character references
  (``&#8221;``, ``&#x201D;``) are replaced by their characters;
* every line ending (``\\r\\n`` or a lone ``\\r``) reads as ``\\n``;
* comments and processing instructions add nothing.

``scan`` walks the file once, from start to end, holding one ``item`` at a
time, and yields a ``Body`` (the decoded text, its ``OffsetMap`` back to the
file, and the post it belongs to) for every post body, and a ``Problem`` for
what the XML parser would refuse.  ``encode_edit`` turns an edit of the
decoded text into an edit of the file in the export's own encoding, so that
the file stays well-formed XML and decodes to the edited text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

from contentlint.containers import looks_like_xml
from contentlint.model import Edit, Span

EXPORT_NAMESPACE = "http://wordpress.org/export/"
# WordPress.com writes its exports with https (the theme unit test data does).
EXPORT_NAMESPACES = (EXPORT_NAMESPACE, "https://wordpress.org/export/")
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
# The importer finds the export's own elements by these prefixes (and the
# content element by its namespace).
WP_PREFIX = "wp"
EXCERPT_PREFIX = "excerpt"

CDATA_OPEN = "<![CDATA["
CDATA_CLOSE = "]]>"
# How an export writes "]]>" inside CDATA: close after "]]", reopen before ">".
CDATA_SPLIT = "]]]]><![CDATA[>"

_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_START_TAG = re.compile(
    r"<([^\s/>!?<][^\s/>=<]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*(/?)>"
)
_END_TAG = re.compile(r"</([^\s/>]+)\s*>")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_:][A-Za-z0-9_.:-]*);")


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Post:
    """What names a post in messages: its title, ``wp:post_id`` and ``wp:post_type``."""

    title: str
    post_id: str
    post_type: str

    def label(self) -> str:
        return f"post {self.post_id or '?'} {self.title!r} ({self.post_type or 'post'})"

    def as_dict(self) -> Dict[str, str]:
        return {"id": self.post_id, "title": self.title, "type": self.post_type}


@dataclass(frozen=True)
class OffsetMap:
    """Decoded offsets of one element's text -> offsets in the file.

    The decoded text is cut into runs.  A plain run (``atom`` false) maps
    character for character; an atom is one decoded character written with
    several file characters (an entity, or ``\\r\\n``).  Between runs lie the
    file characters that decode to nothing (``<![CDATA[``, ``]]>``, comments).
    Each run records whether it sits in a CDATA section and the bounds of
    that section's raw text, which is what ``encode_edit`` needs.
    """

    length: int
    decoded_starts: Tuple[int, ...]
    file_starts: Tuple[int, ...]
    file_widths: Tuple[int, ...]
    atoms: Tuple[bool, ...]
    in_cdata: Tuple[bool, ...]
    piece_starts: Tuple[int, ...]
    piece_ends: Tuple[int, ...]
    file_start: int
    file_end: int
    newline: str = "\n"
    quote_entities: Tuple[Tuple[str, str], ...] = ()

    def run_index(self, offset: int) -> int:
        """Index of the run that holds decoded character ``offset``."""
        return bisect.bisect_right(self.decoded_starts, offset) - 1

    def start(self, offset: int) -> int:
        """File offset where decoded character ``offset`` begins (the end for the end)."""
        if offset >= self.length:
            return self.end(self.length)
        index = self.run_index(max(0, offset))
        if self.atoms[index]:
            return self.file_starts[index]
        return self.file_starts[index] + offset - self.decoded_starts[index]

    def end(self, offset: int) -> int:
        """File offset just after decoded character ``offset - 1``."""
        if offset <= 0 or not self.decoded_starts:
            return self.file_start if not self.decoded_starts else self.file_starts[0]
        offset = min(offset, self.length)
        index = self.run_index(offset - 1)
        if self.atoms[index]:
            return self.file_starts[index] + self.file_widths[index]
        return self.file_starts[index] + offset - self.decoded_starts[index]

    def span(self, span: Span) -> Span:
        """The file range of a decoded span (an empty span stays empty)."""
        if span.start == span.end:
            position = self.end(span.start) if span.start > 0 else self.start(0)
            return Span(position, position)
        return Span(self.start(span.start), self.end(span.end))


@dataclass(frozen=True)
class Body:
    """One post body: ``field`` is ``"content"`` or ``"excerpt"``."""

    post: Post
    field: str
    text: str
    offsets: OffsetMap


@dataclass(frozen=True)
class Problem:
    """Something the importer's XML parser would refuse, at a file offset."""

    offset: int
    message: str


# --------------------------------------------------------------------------- recognising


def _skip_prolog(text: str, position: int = 0) -> int:
    """Offset of the root element's ``<`` (past declaration, comments, PIs, DOCTYPE)."""
    length = len(text)
    while position < length:
        while position < length and text[position] in " \t\r\n\ufeff":
            position += 1
        if text.startswith("<!--", position):
            close = text.find("-->", position + 4)
            position = length if close < 0 else close + 3
        elif text.startswith("<?", position):
            close = text.find("?>", position + 2)
            position = length if close < 0 else close + 2
        elif text.startswith("<!DOCTYPE", position):
            bracket = text.find("[", position, text.find(">", position))
            close = text.find("]>", position) if bracket >= 0 else text.find(">", position)
            position = length if close < 0 else close + (2 if bracket >= 0 else 1)
        else:
            return position
    return position


def _namespaces(attributes: str) -> Dict[str, str]:
    found: Dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(attributes):
        name = match.group(1)
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if name == "xmlns":
            found[""] = value
        elif name.startswith("xmlns:"):
            found[name[6:]] = value
    return found


@dataclass(frozen=True)
class Kind:
    """What an XML-looking file is: an export, skipped with the reason, or (no
    reason) a post that happens to be XHTML."""

    export: bool
    reason: str = ""
    root: str = ""


def classify(text: str) -> Kind:
    """An export when the root element declares the WordPress export namespace."""
    position = _skip_prolog(text)
    match = _START_TAG.match(text, position)
    if match is None:
        return Kind(False, "XML without a root element; not a WordPress export, skipped")
    root = match.group(1)
    namespaces = _namespaces(match.group(2))
    if any(uri.startswith(EXPORT_NAMESPACES) for uri in namespaces.values()):
        return Kind(True, root=root)
    if root.lower() == "html":
        return Kind(False, root=root)  # XHTML: a post like any other
    return Kind(
        False,
        f"XML <{root}> without the WordPress export namespace "
        f'(xmlns:wp="{EXPORT_NAMESPACE}..."); not a post, skipped',
        root,
    )


# --------------------------------------------------------------------------- decoding


class _MarkupInBody(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


class _Builder:
    """Collects decoded text and its runs while an element's content is walked."""

    def __init__(self) -> None:
        self.parts: List[str] = []
        self.length = 0
        self.decoded_starts: List[int] = []
        self.file_starts: List[int] = []
        self.file_widths: List[int] = []
        self.atoms: List[bool] = []
        self.in_cdata: List[bool] = []
        self.piece_starts: List[int] = []
        self.piece_ends: List[int] = []
        self.crlf = False
        self.quotes: Dict[str, str] = {}

    def plain(self, text: str, start: int, end: int, cdata: bool, piece: Tuple[int, int]) -> None:
        """Characters that decode to themselves, apart from line endings."""
        position = start
        while position < end:
            cr = text.find("\r", position, end)
            stop = end if cr < 0 else cr
            if stop > position:
                self._run(text[position:stop], position, stop - position, False, cdata, piece)
            if cr < 0:
                break
            width = 2 if cr + 1 < end and text[cr + 1] == "\n" else 1
            self.crlf = self.crlf or width == 2
            self._run("\n", cr, width, True, cdata, piece)
            position = cr + width

    def atom(self, char: str, start: int, width: int, piece: Tuple[int, int]) -> None:
        self._run(char, start, width, True, False, piece)

    def _run(
        self, decoded: str, start: int, width: int, atom: bool, cdata: bool, piece: Tuple[int, int]
    ) -> None:
        self.parts.append(decoded)
        self.decoded_starts.append(self.length)
        self.file_starts.append(start)
        self.file_widths.append(width)
        self.atoms.append(atom)
        self.in_cdata.append(cdata)
        self.piece_starts.append(piece[0])
        self.piece_ends.append(piece[1])
        self.length += len(decoded)

    def result(self, file_start: int, file_end: int) -> Tuple[str, OffsetMap]:
        offsets = OffsetMap(
            self.length,
            tuple(self.decoded_starts),
            tuple(self.file_starts),
            tuple(self.file_widths),
            tuple(self.atoms),
            tuple(self.in_cdata),
            tuple(self.piece_starts),
            tuple(self.piece_ends),
            file_start,
            file_end,
            "\r\n" if self.crlf else "\n",
            tuple(sorted(self.quotes.items())),
        )
        return "".join(self.parts), offsets


def _character(reference: str) -> Optional[str]:
    """The character an entity or character reference stands for (None: not XML's)."""
    if reference.startswith("#"):
        try:
            code = int(reference[2:], 16) if reference[1:2] == "x" else int(reference[1:])
        except ValueError:
            return None
        allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF
        allowed = allowed or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF
        return chr(code) if allowed else None
    return _PREDEFINED.get(reference)


def _escaped_text(text: str, start: int, end: int, builder: _Builder) -> None:
    piece = (start, end)
    position = start
    while position < end:
        amp = text.find("&", position, end)
        stop = end if amp < 0 else amp
        if stop > position:
            if "]]>" in text[position:stop]:
                raise _MarkupInBody(
                    text.find("]]>", position, stop), "']]>' outside a CDATA section"
                )
            builder.plain(text, position, stop, False, piece)
        if amp < 0:
            return
        match = _ENTITY.match(text, amp, end)
        if match is None:
            raise _MarkupInBody(amp, "'&' that starts no entity (write it as &amp;)")
        char = _character(match.group(1))
        if char is None:
            raise _MarkupInBody(amp, f"entity {match.group(0)} is not defined in XML")
        if char in "\"'" and char not in builder.quotes:
            builder.quotes[char] = match.group(0)
        builder.atom(char, amp, match.end() - amp, piece)
        position = match.end()


def _walk_content(text: str, start: int, limit: int) -> Tuple[int, _Builder]:
    """Walk an element's content from ``start`` to its end tag (or ``limit``).

    Returns the offset of the end tag's ``</`` (or ``limit``) and the builder.
    Raises ``_MarkupInBody`` for child elements and for text the parser refuses.
    """
    builder = _Builder()
    position = start
    while position < limit:
        lt = text.find("<", position, limit)
        stop = limit if lt < 0 else lt
        if stop > position:
            _escaped_text(text, position, stop, builder)
        if lt < 0:
            return limit, builder
        if text.startswith(CDATA_OPEN, lt):
            raw = lt + len(CDATA_OPEN)
            close = text.find(CDATA_CLOSE, raw, limit)
            if close < 0:
                raise _MarkupInBody(lt, "CDATA section that is never closed")
            builder.plain(text, raw, close, True, (raw, close))
            position = close + len(CDATA_CLOSE)
        elif text.startswith("<!--", lt):
            close = text.find("-->", lt + 4, limit)
            if close < 0:
                raise _MarkupInBody(lt, "comment that is never closed")
            position = close + 3
        elif text.startswith("<?", lt):
            close = text.find("?>", lt + 2, limit)
            if close < 0:
                raise _MarkupInBody(lt, "processing instruction that is never closed")
            position = close + 2
        elif text.startswith("</", lt):
            return lt, builder
        else:
            raise _MarkupInBody(lt, "markup inside a post body (write '<' as &lt; or use CDATA)")
    return limit, builder


def decode(text: str, start: int = 0, end: Optional[int] = None) -> Tuple[str, OffsetMap]:
    """The decoded text of ``text[start:end]`` (an element's content) and its map.

    Raises ``ValueError`` when that content is not what an XML parser accepts
    as text.
    """
    limit = len(text) if end is None else end
    try:
        stop, builder = _walk_content(text, start, limit)
    except _MarkupInBody as error:
        raise ValueError(f"offset {error.offset}: {error.message}") from None
    if stop != limit:
        raise ValueError(f"offset {stop}: an end tag inside the element's content")
    return builder.result(start, limit)


# --------------------------------------------------------------------------- scanning


@dataclass
class _Item:
    start: int
    fields: Dict[str, str]
    bodies: List[Tuple[str, str, OffsetMap]]


def scan(text: str) -> Iterator[Union[Body, Problem]]:
    """Every post body of an export, in file order, and what the parser would refuse.

    One pass from start to end; memory holds one item's bodies at a time.
    Only the first ``content:encoded`` and ``excerpt:encoded`` of an item
    count, as for the importer.  After a problem outside a post body the
    scan stops, since the rest of the file cannot be read reliably.
    """
    root_at = _skip_prolog(text)
    match = _START_TAG.match(text, root_at)
    if match is None:
        yield Problem(root_at, "no root element")
        return
    namespaces = _namespaces(match.group(2))
    content_prefix = next(
        (prefix for prefix, uri in namespaces.items() if uri == CONTENT_NAMESPACE and prefix),
        "content",
    )
    wanted = {
        "title": "title",
        f"{content_prefix}:encoded": "content",
        f"{EXCERPT_PREFIX}:encoded": "excerpt",
        f"{WP_PREFIX}:post_id": "post_id",
        f"{WP_PREFIX}:post_type": "post_type",
    }
    stack: List[str] = []
    item: Optional[_Item] = None
    position = root_at
    length = len(text)
    while True:
        lt = text.find("<", position)
        if lt < 0:
            break
        if text.startswith("<!--", lt):
            close = text.find("-->", lt + 4)
            if close < 0:
                yield Problem(lt, "comment that is never closed")
                return
            position = close + 3
            continue
        if text.startswith(CDATA_OPEN, lt):
            close = text.find(CDATA_CLOSE, lt + len(CDATA_OPEN))
            if close < 0:
                yield Problem(lt, "CDATA section that is never closed")
                return
            position = close + len(CDATA_CLOSE)
            continue
        if text.startswith("<?", lt):
            close = text.find("?>", lt + 2)
            position = length if close < 0 else close + 2
            continue
        if text.startswith("<!", lt):
            yield Problem(
                lt, "a DOCTYPE or declaration inside the document; the importer refuses it"
            )
            return
        end_tag = _END_TAG.match(text, lt)
        if end_tag is not None:
            name = end_tag.group(1)
            if not stack or stack[-1] != name:
                expected = f"</{stack[-1]}>" if stack else "nothing"
                yield Problem(lt, f"end tag </{name}> where {expected} was expected")
                return
            stack.pop()
            position = end_tag.end()
            if name == "item" and item is not None and len(stack) == 2:
                yield from _item_bodies(item)
                item = None
            continue
        start_tag = _START_TAG.match(text, lt)
        if start_tag is None:
            yield Problem(lt, "'<' that starts no tag")
            return
        name = start_tag.group(1)
        position = start_tag.end()
        if start_tag.group(3):
            continue
        depth = len(stack)
        if depth == 2 and name == "item" and stack == ["rss", "channel"]:
            item = _Item(lt, {}, [])
        elif depth == 3 and item is not None and name in wanted:
            field = wanted[name]
            known = field in item.fields or any(body[0] == field for body in item.bodies)
            try:
                stop, builder = _walk_content(text, position, length)
            except _MarkupInBody as error:
                yield Problem(error.offset, f"{error.message}; this {name} was not checked")
                stack.append(name)
                continue
            end_tag = _END_TAG.match(text, stop)
            if end_tag is None or end_tag.group(1) != name:
                yield Problem(stop, f"<{name}> is not closed")
                return
            if not known:
                decoded, offsets = builder.result(position, stop)
                if field in ("content", "excerpt"):
                    item.bodies.append((field, decoded, offsets))
                else:
                    item.fields[field] = decoded.strip() if field != "title" else decoded
            position = end_tag.end()
            continue
        stack.append(name)
    if stack:
        yield Problem(length, f"<{stack[-1]}> is not closed at the end of the file")


def _item_bodies(item: _Item) -> Iterator[Body]:
    post = Post(
        item.fields.get("title", ""),
        item.fields.get("post_id", ""),
        item.fields.get("post_type", ""),
    )
    for field, decoded, offsets in item.bodies:
        yield Body(post, field, decoded, offsets)


# --------------------------------------------------------------------------- writing back


def _cdata_raw(left: str, content: str, right: str, newline: str) -> str:
    """Raw CDATA text for ``content`` between raw ``left`` and ``right``.

    Line ends follow the file's style; a CR of the content would read as a
    line end, so the section is closed around a reference to it; every
    ``]]>`` is split the way exports write it.
    """
    pieces = content.split("\r")
    pieces = [piece.replace("\n", newline) for piece in pieces] if newline != "\n" else pieces
    pieces[0] = left + pieces[0]
    pieces[-1] = pieces[-1] + right
    reference = CDATA_CLOSE + "&#13;" + CDATA_OPEN
    return reference.join(piece.replace(CDATA_CLOSE, CDATA_SPLIT) for piece in pieces)


def escape_text(content: str, offsets: OffsetMap) -> str:
    """``content`` as escaped XML text in the element's own style."""
    escaped = content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = escaped.replace("\r", "&#13;")
    for char, entity in offsets.quote_entities:
        escaped = escaped.replace(char, entity)
    if offsets.newline != "\n":
        escaped = escaped.replace("\n", offsets.newline)
    return escaped


def encode_edit(text: str, offsets: OffsetMap, edit: Edit) -> Edit:
    """The file edit that makes the element decode to the edited text.

    ``text`` is the file text that ``offsets`` maps into.  Inside CDATA the
    content goes in raw, and a ``]]>`` it would form (with its neighbours
    too) is split; in escaped text the content is escaped.  When the
    replaced range starts in one kind of text and ends in the other, the
    section is closed or opened so that what follows reads as before.
    """
    span = edit.span
    if offsets.length == 0:
        return Edit(
            Span(offsets.file_start, offsets.file_start), escape_text(edit.content, offsets)
        )
    if span.start == span.end:
        first = last = offsets.run_index(span.start - 1) if span.start > 0 else 0
    else:
        first, last = offsets.run_index(span.start), offsets.run_index(span.end - 1)
    target = offsets.span(span)
    start_cdata, end_cdata = offsets.in_cdata[first], offsets.in_cdata[last]
    if not start_cdata:
        body = escape_text(edit.content, offsets) + (CDATA_OPEN if end_cdata else "")
        # Raw text may hold ">", but never right after "]]".
        before = text[max(0, target.start - 2) : target.start]
        if not end_cdata and text.startswith(">", target.end) and (before + body).endswith("]]"):
            return Edit(Span(target.start, target.end + 1), body + "&gt;")
        return Edit(target, body)
    left_start = max(offsets.piece_starts[first], target.start - 2)
    right_end = min(offsets.piece_ends[last], target.end + 2) if end_cdata else target.end
    left = text[left_start : target.start]
    right = text[target.end : right_end]
    if CDATA_CLOSE not in left + edit.content + right:
        left = right = ""
        left_start, right_end = target.start, target.end
    raw = _cdata_raw(left, edit.content, right, offsets.newline)
    return Edit(Span(left_start, right_end), raw + ("" if end_cdata else CDATA_CLOSE))


def encode_edits(text: str, decoded: str, offsets: OffsetMap, edits: Sequence[Edit]) -> List[Edit]:
    """File edits for non-overlapping edits of ``decoded`` (the element's text).

    Two edits whose file ranges would touch (a split ``]]>`` widens its
    edit) become one, covering the decoded text between them.
    """
    encoded: List[Edit] = []
    merged: List[Edit] = []
    for edit in sorted(edits, key=lambda item: (item.span.start, item.span.end)):
        written = encode_edit(text, offsets, edit)
        # A merged edit can widen again and reach the one before: merge on.
        while encoded and written.span.start <= encoded[-1].span.end:
            previous = merged.pop()
            encoded.pop()
            between = decoded[previous.span.end : edit.span.start]
            edit = Edit(
                Span(previous.span.start, edit.span.end),
                previous.content + between + edit.content,
            )
            written = encode_edit(text, offsets, edit)
        merged.append(edit)
        encoded.append(written)
    return encoded


__all__ = [
    "Body",
    "Kind",
    "OffsetMap",
    "Post",
    "Problem",
    "classify",
    "decode",
    "encode_edit",
    "encode_edits",
    "looks_like_xml",
    "scan",
]
