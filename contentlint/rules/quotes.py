"""Quote rules: attribute values whose delimiters the engines cannot read.

All five rules work on the raw attribute text of every tag the parser
delimited (``Document.raw_tags``), rebuilt by ``contentlint.quotes``: a
damaged delimiter is exactly what makes the engine's own split wrong, so
the engine's split is not used.  Prose outside tags is never looked at.

One attribute value gets at most one of QT001-QT004 (its delimiters have one
cause); QT005 is about the characters inside a value.
"""

from __future__ import annotations

import bisect
import re
from array import array
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Sequence, Tuple

from contentlint.characters import character_name
from contentlint.model import (
    Applicability,
    Attribute,
    Diagnostic,
    Dialect,
    Edit,
    Fix,
    RawTag,
    Severity,
    Span,
)
from contentlint.quotes import (
    ENTITY,
    MARK_STARTS,
    MOJIBAKE,
    ValueText,
    scan_values,
)
from contentlint.rules import wording
from contentlint.rules.base import Rule, RuleContext, rule

_CACHE_KEY = "contentlint.rules.quotes.values"
_DIRECTION_NAMES = frozenset({"rtl", "dir", "direction"})
_SHOWN_LENGTH = 60
_LOOKAHEAD = 400

TagValues = Tuple[RawTag, Tuple[ValueText, ...]]


def _may_be_damaged(attributes: str) -> bool:
    """Whether a tag's attribute text can hold anything the quote rules report.

    Every damaged delimiter or texturizer artefact starts with a quote mark
    other than ``"``, an entity (``&``) or a texturized character, so most
    tags (those with right-to-left values too) are passed over without a scan.
    """
    if "&" in attributes or "'" in attributes:
        return True
    return not attributes.isascii() and _DAMAGE_START.search(attributes) is not None


def _apart(tag: RawTag, value: ValueText) -> bool:
    """A positional value glued to the tag's name (``[card"x”``) is part of the
    name as the author typed it, not a value: SC006 reports it, whatever its quotes."""
    return value.name is not None or value.span.start > tag.attributes_span.start


def _tag_values(context: RuleContext) -> Tuple[TagValues, ...]:
    cached = context.cache.get(_CACHE_KEY)
    if isinstance(cached, tuple):
        return cached
    text = context.text
    found = tuple(
        (
            tag,
            tuple(v for v in scan_values(text, tag.attributes_span, tag.dialect) if _apart(tag, v)),
        )
        for tag in context.document.raw_tags
        if _may_be_damaged(text[tag.attributes_span.start : tag.attributes_span.end])
    )
    context.cache[_CACHE_KEY] = found
    return found


def _show(text: str) -> str:
    """A value as quoted in a message: one line, bounded length."""
    if len(text) > _SHOWN_LENGTH:
        text = text[: _SHOWN_LENGTH - 1] + "…"
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def _subject(value: ValueText, text: str) -> str:
    if value.name is not None:
        return value.name
    shown = _show(text[value.span.start : value.span.end])
    return f"positional value {value.position + 1} ({shown})"


def _is_direction_flag(context: RuleContext, tag: RawTag, value: ValueText) -> bool:
    if value.name is None:
        return False
    # WordPress lower-cases attribute names; Hugo keys are case-sensitive.
    name = value.name.lower() if tag.dialect is Dialect.WORDPRESS else value.name
    if name in _DIRECTION_NAMES:
        return True
    schema = context.settings.schemas.get(tag.name)
    if schema is None or not schema.direction_flag:
        return False
    return schema.direction_flag.split("=", 1)[0].strip() == name


# -- how the engines read a damaged value -----------------------------------------------------
#
# A reading is what the engine hands the shortcode: (what goes wrong, for the
# message; the engine's values, for the note).


_PIECES_KEY = "contentlint.rules.quotes.wordpress"

if TYPE_CHECKING:
    # The WordPress parser is imported where a WordPress tag is read: a Hugo
    # site's run never loads it.
    from contentlint import wordpress

    EngineAttributes = Tuple[Tuple[int, ...], Tuple[Tuple[int, wordpress.EngineKey, str], ...]]


def _engine_attributes(context: RuleContext, tag: RawTag) -> EngineAttributes:
    """What WordPress hands the shortcode for ``tag``: (end, key, value) per attribute,
    in order, with the ends alone for bisecting; parsed once per tag."""
    from contentlint import wordpress

    cache = context.cache.setdefault(_PIECES_KEY, {})
    assert isinstance(cache, dict)
    found = cache.get(tag.attributes_span.start)
    if found is None:
        base = tag.attributes_span.start
        # The parser already read the tags the engine runs: reuse its reading.
        read = _read_by_parser(context, tag.attributes_span)
        if read is None:
            shifted = wordpress.parse_attributes(context.text[base : tag.attributes_span.end])
            parsed = tuple((Span(base + a.span.start, base + a.span.end), a) for a in shifted)
        else:
            parsed = tuple((a.span, a) for a in read)
        attributes = [attribute for _, attribute in parsed]
        rows = tuple(
            (span.start, span.end, key, attribute.value)
            for key, (span, attribute) in zip(wordpress.engine_keys(attributes), parsed)
        )
        ends = tuple(row[1] for row in rows)
        found = (ends, tuple((start, key, value) for start, _, key, value in rows))
        cache[tag.attributes_span.start] = found
    return found


_STARTS_KEY = "contentlint.rules.quotes.attribute_starts"


def _read_by_parser(context: RuleContext, span: Span) -> Optional[Tuple[Attribute, ...]]:
    """The attributes of the occurrence whose attribute text is ``span``, if one has it.

    Found by bisecting the occurrences' attribute starts, so a file's first
    damaged tag does not index every occurrence of the file by its span.
    """
    shortcodes = context.shortcodes
    index_of = context.cache.get(_STARTS_KEY)
    if not isinstance(index_of, tuple):
        starts = array("q", (shortcode.attributes_span.start for shortcode in shortcodes))
        order = array("q", range(len(starts)))
        if any(starts[i] > starts[i + 1] for i in range(len(starts) - 1)):
            order = array("q", sorted(order, key=starts.__getitem__))
            starts = array("q", (starts[i] for i in order))
        index_of = context.cache[_STARTS_KEY] = (starts, order)
    starts, order = index_of[0], index_of[1]
    assert isinstance(starts, array) and isinstance(order, array)
    index = bisect.bisect_left(starts, span.start)
    while index < len(starts) and starts[index] == span.start:
        shortcode = shortcodes[order[index]]
        if shortcode.attributes_span == span:
            return shortcode.attributes
        index += 1
    return None


def _wordpress_pieces(
    context: RuleContext, tag: RawTag, value: ValueText
) -> List[Tuple[wordpress.EngineKey, str]]:
    """The (key, value) pairs WordPress makes of the text of ``value``, C-unescaped."""
    ends, rows = _engine_attributes(context, tag)
    pieces: List[Tuple[wordpress.EngineKey, str]] = []
    for index in range(bisect.bisect_right(ends, value.span.start), len(rows)):
        start, key, item = rows[index]
        if start >= value.span.end:
            break
        pieces.append((key, item))
    return pieces


def _piece(key: wordpress.EngineKey, shown: str) -> str:
    return f"positional value {key} = {shown}" if isinstance(key, int) else f"{key} = {shown}"


def _pieces(pieces: Sequence[Tuple[wordpress.EngineKey, str]]) -> str:
    listed = [_piece(key, _show(item)) for key, item in pieces]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


def _wordpress_reading(context: RuleContext, tag: RawTag, value: ValueText) -> Tuple[str, str]:
    pieces = _wordpress_pieces(context, tag, value)
    if value.name is None:
        if not pieces:
            return "the shortcode will not see this value", "WordPress drops it"
        if len(pieces) == 1:
            return "the shortcode will get this value wrong", (
                f"WordPress will read it as {_show(pieces[0][1])}"
            )
        return (
            "the shortcode will get this value in pieces",
            f"WordPress splits it: {_pieces(pieces)}",
        )
    name = value.name.lower()
    if not pieces:
        return f"the shortcode will not see its {value.name}", "WordPress drops it"
    if pieces[0][0] != name:
        return f"the shortcode will not see its {value.name}", (
            f"WordPress reads it as {_pieces(pieces)}, so {value.name} is not set"
        )
    if len(pieces) == 1:
        return f"the shortcode will get a wrong {value.name}", (
            f"WordPress will read it as {_show(pieces[0][1])}"
        )
    return f"the shortcode will get only part of {value.name}", (
        f"WordPress splits it: {_pieces(pieces)}"
    )


def _hugo_bare_start_fault(raw: str) -> Optional[str]:
    """The first character Hugo cannot take in an unquoted positional value."""
    for char in raw:
        if not (char.isalnum() or char in "_-."):
            return char
    return None


def _hugo_engine_text(value: ValueText, text: str, tag_end: int) -> str:
    opening = value.opening
    raw = text[opening.span.start if opening else value.value_span.start : value.span.end]
    if opening is not None and opening.text == '"':
        # Hugo reads a double-quoted string up to the next straight quote on the
        # line.  The look stays short so that many such values cost linear time.
        index = opening.span.end
        limit = min(tag_end, index + _LOOKAHEAD)
        line_end = text.find("\n", index, limit)
        stop = limit if line_end < 0 else line_end
        while index < stop:
            if text[index] == '"' and text[index - 1] != "\\":
                read = text[opening.span.end : index].replace('\\"', '"')
                return f"Hugo will read it as {_show(read)}"
            index += 1
        if line_end < 0 and stop < tag_end:
            return "Hugo reads on to the next straight quote"
        return "Hugo will fail: unterminated quoted string in shortcode parameter-argument"
    if value.name is None:
        fault = _hugo_bare_start_fault(raw)
        if fault is not None:
            return (
                "Hugo will fail: unrecognized character in shortcode action: "
                f"U+{ord(fault):04X} '{fault}'"
            )
        return f"Hugo will read it as {_show(raw)}"
    if any(char in " \t\r\n\f\v" for char in raw):
        return "Hugo will fail: it ends the value at the first space and cannot read the rest"
    return f"Hugo keeps the quotes in the value and will read it as {_show(raw)}"


def _hugo_reading(value: ValueText, engine_text: str) -> Tuple[str, str]:
    if wording.hugo_build_fails(engine_text):
        return wording.BUILD_FAILS, engine_text
    if value.name is None:
        return "the shortcode will get this value wrong", engine_text
    return f"the shortcode will get a wrong {value.name}", engine_text


def _hugo_failure_in_tag(context: RuleContext, tag: RawTag) -> Optional[str]:
    """What the parser says makes Hugo fail inside ``tag``, if anything."""
    for problem in context.document.problems:
        if tag.span.contains(problem.span) and wording.hugo_build_fails(problem.message):
            return problem.message
    return None


def _reading(context: RuleContext, tag: RawTag, value: ValueText) -> Tuple[str, str]:
    if tag.dialect is Dialect.WORDPRESS:
        consequence, reading = _wordpress_reading(context, tag, value)
    else:
        engine_text = _hugo_engine_text(value, context.text, tag.attributes_span.end)
        consequence, reading = _hugo_reading(value, engine_text)
        failure = _hugo_failure_in_tag(context, tag)
        if consequence != wording.BUILD_FAILS and failure is not None:
            # What Hugo reads for this value is not the end of it: the tag fails.
            consequence, reading = wording.BUILD_FAILS, f"{reading}; then {failure}"
    if _is_direction_flag(context, tag, value):
        reading += f", so the shortcode cannot read the {value.name} flag"
        if consequence != wording.BUILD_FAILS:
            consequence = f"the shortcode will not see its {value.name} flag"
    return consequence, reading


# -- straightening ----------------------------------------------------------------------------


def _hugo_needs_raw_string(content: str) -> bool:
    """Whether a Hugo double-quoted string cannot hold ``content`` as it is."""
    if "\n" in content or "\r" in content or "\\`" in content:
        return True
    return any(
        char == '"' and (index == 0 or content[index - 1] != "\\")
        for index, char in enumerate(content)
    )


def _delimiter_choice(
    dialect: Dialect, family_quote: str, content: str
) -> Tuple[Optional[str], Applicability, str]:
    """The delimiter to write, its fix's applicability, and the fix message (or why none)."""
    if dialect is Dialect.HUGO:
        if not _hugo_needs_raw_string(content):
            return '"', Applicability.SAFE, "use straight quotes"
        if "`" not in content:
            return (
                "`",
                Applicability.UNSAFE,
                "use a backtick raw string: the value contains a straight double quote or a "
                "line break, which a double-quoted Hugo string cannot hold as written",
            )
        return (
            None,
            Applicability.UNSAFE,
            "no fix: the value contains a double quote or a line break and a backtick, "
            "so no Hugo delimiter can hold it",
        )
    if family_quote not in content:
        return family_quote, Applicability.SAFE, "use straight quotes"
    other = "'" if family_quote == '"' else '"'
    if other not in content:
        kind = "single" if other == "'" else "double"
        return (
            other,
            Applicability.UNSAFE,
            f"use straight {kind} quotes: the value contains {family_quote}, which would end "
            "a value delimited by it; check the value is what you meant",
        )
    return (
        None,
        Applicability.UNSAFE,
        "no fix: the value contains both straight quotes, so no delimiter can hold it",
    )


def _straightening_fix(
    dialect: Dialect, value: ValueText, text: str, family_quote: str
) -> Tuple[Optional[Fix], str]:
    content = text[value.value_span.start : value.value_span.end]
    delimiter, applicability, message = _delimiter_choice(dialect, family_quote, content)
    if delimiter is None:
        return None, message
    edits = tuple(
        Edit(mark.span, delimiter) for mark in value.delimiters() if mark.text != delimiter
    )
    if not edits:
        return None, message
    return Fix(applicability, message, edits), message


def _delimiters_phrase(value: ValueText) -> str:
    assert value.opening is not None and value.closing is not None
    opening, closing = value.opening.describe(), value.closing.describe()
    if opening == closing:
        return f"is delimited by {opening}"
    return f"is delimited by {opening} and {closing}"


def _damage(value: ValueText) -> Optional[str]:
    """Which rule owns a delimited value's delimiters, if any."""
    marks = value.delimiters()
    if len(marks) != 2 or all(mark.is_straight for mark in marks):
        return None
    if any(mark.spelling in (ENTITY, MOJIBAKE) for mark in marks):
        return "QT003"
    if any(mark.is_straight for mark in marks):
        return "QT002"
    return "QT001"


_DAMAGE_KEY = "contentlint.rules.quotes.damage"


def _damaged_values(context: RuleContext, code: str) -> List[Tuple[RawTag, ValueText]]:
    """The values whose delimiters ``code`` owns; every value is judged once per file."""
    cached = context.cache.get(_DAMAGE_KEY)
    if isinstance(cached, dict):
        found: List[Tuple[RawTag, ValueText]] = cached.get(code, [])
        return found
    by_code: Dict[str, List[Tuple[RawTag, ValueText]]] = {}
    for tag, values in _tag_values(context):
        for value in values:
            damage = _damage(value)
            if damage is not None:
                by_code.setdefault(damage, []).append((tag, value))
    context.cache[_DAMAGE_KEY] = by_code
    return by_code.get(code, [])


_CURLY = frozenset("\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b")


def _around(value: ValueText, text: str) -> str:
    content = text[value.value_span.start : value.value_span.end]
    return f"the quotes around {_show(content)}" if content.strip() else "the quotes"


def _kind_of_marks(value: ValueText) -> str:
    """How an editor would name the delimiters of a QT001/QT003 value."""
    marks = value.delimiters()
    if all(mark.spelling == ENTITY for mark in marks):
        return "are written as HTML entities"
    if all(mark.spelling == MOJIBAKE for mark in marks):
        return "are garbled characters from a wrong text encoding"
    if all(mark.glyph in _CURLY and mark.spelling != MOJIBAKE for mark in marks):
        return "are curly"
    return "are not straight quotes"


def _delimiter_diagnostic(
    this: Rule, context: RuleContext, tag: RawTag, value: ValueText, cause: str, phrase: str
) -> Diagnostic:
    assert value.opening is not None
    fix, fix_message = _straightening_fix(tag.dialect, value, context.text, value.opening.straight)
    consequence, reading = _reading(context, tag, value)
    note = f"{_subject(value, context.text)} {phrase}; {reading}"
    if fix is None or fix.applicability is Applicability.UNSAFE:
        note += f" ({fix_message})"
    message = wording.sentence(
        consequence, cause, wording.action(fix, "type straight quotes by hand")
    )
    return this.diagnostic(value.span, message, fix, note)


@rule(
    "QT001",
    "typographic-quote-delimiter",
    summary="A value delimited by typographic quotes, primes, guillemets or fullwidth quotes",
    fix="sometimes",
)
def typographic_quote_delimiter(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds an attribute value whose delimiters are typographic quotes
    (`“ ” „ ‟ ‘ ’ ‚ ‛`), primes (`″ ′`), guillemets (`« » ‹ ›`, with the
    no-break space French typography puts next to them) or fullwidth quotes
    (`＂ ＇`). The two delimiters may differ: WordPress's texturizer turns
    `bg-color="#0c3278"` into `bg-color=”#0c3278″` because the closing quote
    follows a digit.

    Only delimiters are considered. Quotes inside a value (`title=”Don’t”`,
    `label=”He said “hi””`), Hebrew gershayim (`״`) and guillemets inside a
    value stay as they are, and so does prose outside the tags.

    ## Why is this bad?
    Neither engine knows these characters as delimiters. WordPress keeps
    them in the value (`region=”EG”` hands the shortcode `”EG”`, with the
    quotes) and splits a value with spaces into pieces (`x=“hello world”` is
    `x = “hello` plus a positional `world”`); a flag such as `rtl=”true”`
    silently stops working. Hugo keeps them in the value too, or fails the
    build with "unrecognized character in shortcode action".

    In Hugo, the finding is an error when the damage fails the build, and a
    warning when the site still builds with the quotes in the value (the
    page is wrong, the build is not). This holds for every QT rule.

    They usually come from copying rendered content (the texturizer curls
    the quotes of shortcodes that are not registered at render time) or from
    a word processor.

    ## Example
    ```
    [covid19-ultimate-card region=”EG” bg-color=”#0c3278″ rtl=”true”]
    {{< figure src=“a.png” >}}
    ```

    ## Use instead
    ```
    [covid19-ultimate-card region="EG" bg-color="#0c3278" rtl="true"]
    {{< figure src="a.png" >}}
    ```

    ## Fix safety
    Safe: both delimiters are replaced by the straight quote of their kind
    (`"` for double quotes, primes and guillemets, `'` for single ones; in
    Hugo always `"`, as `'` is not a Hugo delimiter), and a no-break space
    next to a guillemet is dropped. Nothing inside the value changes.

    When the value itself contains that straight quote, straightening would
    cut the value short. The fix then uses the other quote in WordPress, or a
    backtick raw string in Hugo, and is unsafe: the value may not be what its
    author meant. When no delimiter can hold the value there is no fix.
    """
    this = typographic_quote_delimiter
    for tag, value in _damaged_values(context, "QT001"):
        cause = f"{_around(value, context.text)} {_kind_of_marks(value)}"
        yield _delimiter_diagnostic(this, context, tag, value, cause, _delimiters_phrase(value))


@rule(
    "QT002",
    "mismatched-quote-delimiters",
    summary="One delimiter of a value is straight and the other is not",
    fix="sometimes",
)
def mismatched_quote_delimiters(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds an attribute value with one straight delimiter and one typographic
    one: `title="Read more”` or `title=”Read more"`, usually left behind by a
    partial manual repair or by typing into a word processor.

    ## Why is this bad?
    The engines look for the matching straight quote. WordPress does not
    find it where it should be, so it reads the whole attribute as
    positional text (or runs on into the next value) and the shortcode never
    sees the named value. Hugo reads on to the next straight quote on the
    line, or fails the build with "unterminated quoted string".

    ## Example
    ```
    [button label="Read more” url="/more"]
    ```

    ## Use instead
    ```
    [button label="Read more" url="/more"]
    ```

    ## Fix safety
    Safe: the typographic delimiter becomes the straight quote of its kind
    (always `"` in Hugo). When the value itself contains that quote, the fix
    switches both delimiters to the other quote (WordPress) or a backtick
    raw string (Hugo) and is unsafe; when no delimiter fits there is no fix.
    """
    this = mismatched_quote_delimiters
    for tag, value in _damaged_values(context, "QT002"):
        assert value.opening is not None and value.closing is not None
        if value.opening.is_straight:
            phrase = f"opens with a straight quote and closes with {value.closing.describe()}"
        else:
            phrase = f"opens with {value.opening.describe()} and closes with a straight quote"
        cause = f"one of {_around(value, context.text)} is straight and the other is not"
        yield _delimiter_diagnostic(this, context, tag, value, cause, phrase)


@rule(
    "QT003",
    "entity-quote-delimiter",
    summary="A value delimited by HTML entities or mojibake",
    fix="sometimes",
)
def entity_quote_delimiter(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds an attribute value whose delimiters are spelled as HTML entities
    (`&#8221;`, `&#x201D;`, `&rdquo;`, `&ldquo;`, `&bdquo;`, `&Prime;`,
    `&rsquo;`, `&laquo;&nbsp;`, `&quot;`, `&#39;` …), double-encoded
    entities (`&amp;#8221;`), or mojibake: the UTF-8 bytes of a quote read
    in the wrong encoding (`â€œ`, `â€™`, `â€³`, `â€` …).

    ## Why is this bad?
    Neither engine decodes entities in shortcode attributes: WordPress hands
    the shortcode `&#8221;EG&#8221;` as written, and Hugo keeps it in the
    value or fails the build. Entities come from copying a page's HTML
    source, an RSS feed or the REST API's rendered content; `&quot;` is what
    the Hebrew WordPress locale produces for every double quote. Mojibake
    comes from a text editor or a database export that read UTF-8 as
    Windows-1252.

    ## Example
    ```
    [randomthing param=&#8221;test&#8221;]
    [card region=&quot;EG&quot; title=â€œNewsâ€]
    ```

    ## Use instead
    ```
    [randomthing param="test"]
    [card region="EG" title="News"]
    ```

    ## Fix safety
    Safe: each delimiter is replaced by the straight quote it stands for
    (always `"` in Hugo). As for QT001, a value that contains that quote
    gets an unsafe fix with the other delimiter, or none.
    """
    this = entity_quote_delimiter
    for tag, value in _damaged_values(context, "QT003"):
        cause = f"{_around(value, context.text)} {_kind_of_marks(value)}"
        yield _delimiter_diagnostic(this, context, tag, value, cause, _delimiters_phrase(value))


# -- QT004 ------------------------------------------------------------------------------------


def _straight_single(value: ValueText) -> bool:
    return (
        value.opening is not None
        and value.closing is not None
        and value.opening.text == "'"
        and value.closing.text == "'"
    )


def _straight_double(value: ValueText) -> bool:
    return (
        value.opening is not None
        and value.closing is not None
        and value.opening.text == '"'
        and value.closing.text == '"'
    )


def _explicitly_selected(context: RuleContext, code: str) -> bool:
    """Whether the configuration names ``code`` itself (or ``ALL``), not just a prefix."""
    settings = context.settings
    selectors = (settings.select or ()) + tuple(settings.extend_select)
    return code in selectors or "ALL" in selectors


def _hugo_single_quote(
    this: Rule, context: RuleContext, tag: RawTag, value: ValueText
) -> Diagnostic:
    text = context.text
    fix, fix_message = _straightening_fix(Dialect.HUGO, value, text, '"')
    assert value.opening is not None
    engine_text = _hugo_engine_text(value, text, tag.attributes_span.end)
    if value.name is not None and not wording.hugo_build_fails(engine_text):
        raw = text[value.opening.span.start : value.span.end]
        engine_text = f"Hugo does not read ' as a delimiter and will read it as {_show(raw)}"
    consequence, _ = _hugo_reading(value, engine_text)
    note = f"{_subject(value, text)} is delimited by ' (U+0027 APOSTROPHE); {engine_text}"
    if fix is None or fix.applicability is Applicability.UNSAFE:
        note += f" ({fix_message})"
    cause = f"{_around(value, text)} are single quotes, which Hugo does not read as quotes"
    message = wording.sentence(
        consequence, cause, wording.action(fix, "use double quotes or a backtick raw string")
    )
    return Diagnostic(this.code, this.name, Severity.ERROR, value.span, message, fix, note)


def _wordpress_mixed_styles(
    this: Rule, context: RuleContext, tag: RawTag, values: Tuple[ValueText, ...]
) -> Optional[Diagnostic]:
    singles = [value for value in values if _straight_single(value)]
    if not singles or not any(_straight_double(value) for value in values):
        return None
    text = context.text
    edits: List[Edit] = []
    kept = 0
    for value in singles:
        if '"' in text[value.value_span.start : value.value_span.end]:
            kept += 1
            continue
        edits.extend(Edit(mark.span, '"') for mark in value.delimiters())
    count = len(singles)
    note = (
        f"{tag.name} mixes single- and double-quoted values "
        f"({count} single-quoted value{'s' if count != 1 else ''})"
    )
    if kept:
        note += f"; {kept} of them contain a double quote and stay single-quoted"
    fix = Fix(Applicability.SAFE, "use double quotes", tuple(edits)) if edits else None
    message = wording.sentence(
        "nothing breaks on the page yet, but a later edit can easily break these values",
        "the tag mixes single and double quotes",
        wording.action(fix, "use one kind of quote"),
    )
    return Diagnostic(this.code, this.name, Severity.WARNING, singles[0].span, message, fix, note)


@rule(
    "QT004",
    "single-quote-delimiter",
    summary="Hugo: ' is not a delimiter; WordPress: a tag mixes ' and \" (opt-in)",
    fix="sometimes",
)
def single_quote_delimiter(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    In Hugo, finds a value delimited by straight single quotes:
    `{{< figure src='a.png' >}}`.

    In WordPress, where single quotes are valid delimiters, it finds a tag
    that mixes single- and double-quoted values (one diagnostic per tag, a
    warning). This WordPress check is off by default; turn it on by naming
    `QT004` itself (not a prefix) in `select` or `extend-select`.

    ## Why is this bad?
    Hugo does not know `'` as a delimiter: `src='a.png'` hands the template
    the 7-character value `'a.png'`, a value with a space fails the build,
    and a single-quoted positional value is "unrecognized character in
    shortcode action". Content moved from WordPress often has them.

    In WordPress, mixed styles work, but a house style of one quote keeps
    hand edits and search-and-replace from breaking values.

    ## Example
    ```
    {{< figure src='a.png' alt='A chart' >}}
    [button url='/more' label="Read more"]
    ```

    ## Use instead
    ```
    {{< figure src="a.png" alt="A chart" >}}
    [button url="/more" label="Read more"]
    ```

    ## Fix safety
    Safe: the single quotes become double quotes. A value that contains a
    double quote is left single-quoted in WordPress; in Hugo it gets an
    unsafe fix to a backtick raw string, or none when it contains a backtick
    too.
    """
    this = single_quote_delimiter
    wordpress_enabled = _explicitly_selected(context, "QT004")
    for tag, values in _tag_values(context):
        if tag.dialect is Dialect.HUGO:
            for value in values:
                if _straight_single(value):
                    yield _hugo_single_quote(this, context, tag, value)
        elif wordpress_enabled:
            diagnostic = _wordpress_mixed_styles(this, context, tag, values)
            if diagnostic is not None:
                yield diagnostic


# -- QT005 ------------------------------------------------------------------------------------

# Texturizer output and what it was typed as.
_ARTEFACTS: Dict[str, str] = {
    "\u2013": "--",
    "\u2014": "--- or --",
    "\u2026": "...",
    "\u00d7": "x",
    "\u2122": "(tm)",
    "&": "&",
}
_NAMED_ARTEFACTS: Dict[str, str] = {
    "ndash": "\u2013",
    "mdash": "\u2014",
    "hellip": "\u2026",
    "times": "\u00d7",
    "trade": "\u2122",
}
_MAX_AMP_ROUNDS = 4


def _artefact_entity(text: str, pos: int, end: int) -> Optional[Tuple[int, str]]:
    """A texturizer entity at ``pos`` (``&#8211;``, ``&#038;``, ``&amp;#8230;`` …)."""
    index = pos + 1
    rounds = 0
    while text.startswith("amp;", index) and rounds < _MAX_AMP_ROUNDS:
        index += 4
        rounds += 1
    semicolon = text.find(";", index, min(end, index + 10))
    if semicolon <= index:
        return None
    body = text[index:semicolon]
    char: Optional[str] = None
    if body.startswith("#"):
        digits = body[1:]
        if digits[:1] in ("x", "X"):
            hex_digits = digits[1:]
            if hex_digits and all(c in "0123456789abcdefABCDEF" for c in hex_digits):
                char = chr(int(hex_digits, 16))
        elif digits.isascii() and digits.isdigit():
            # WordPress writes a bare & as &#038;, never &#38; or &amp;.
            if int(digits) == 38 and digits != "038":
                return None
            char = chr(int(digits)) if int(digits) <= 0x10FFFF else None
    else:
        char = _NAMED_ARTEFACTS.get(body)
    if char is None or char not in _ARTEFACTS:
        return None
    return semicolon + 1, char


# The characters other than ASCII at which a damaged delimiter or texturizer
# output can start.
_DAMAGE_START = re.compile(
    "["
    + "".join(sorted(char for char in MARK_STARTS | set(_ARTEFACTS) if not char.isascii()))
    + "]"
)
# Where texturizer output can start: an entity, a multiplication sign, a dash
# or an ellipsis.  Everything else in a value is passed over in one search.
_ARTEFACT_START = re.compile("[&\u00d7\u2013\u2014\u2026]")


def _artefacts(text: str, span: Span, raw_glyphs: bool) -> List[str]:
    """Descriptions of the texturizer output in ``text[span]``, in order, without repeats."""
    found: List[str] = []
    index = span.start
    while index < span.end:
        start = _ARTEFACT_START.search(text, index, span.end)
        if start is None:
            break
        index = start.start()
        char = text[index]
        description: Optional[str] = None
        stop = index + 1
        if char == "&":
            entity = _artefact_entity(text, index, span.end)
            if entity is not None:
                stop, glyph = entity
                description = (
                    f"{text[index:stop]} ({character_name(glyph)}, typed as {_ARTEFACTS[glyph]!r})"
                )
        elif char == "\u00d7":
            between_digits = (
                span.start < index < span.end - 1
                and text[index - 1].isdigit()
                and text[index + 1].isdigit()
            )
            if between_digits:
                description = f"{character_name(char)} (typed as 'x')"
        elif char in "\u2013\u2014\u2026" and raw_glyphs:
            description = f"{character_name(char)} (typed as {_ARTEFACTS[char]!r})"
        if description is not None and description not in found:
            found.append(description)
        index = stop
    return found


def _tag_was_texturized(values: Tuple[ValueText, ...], text: str) -> bool:
    for value in values:
        if any(not mark.is_straight for mark in value.delimiters()):
            return True
        if _artefacts(text, value.value_span, raw_glyphs=False):
            return True
    return False


@rule(
    "QT005",
    "texturized-value",
    Severity.WARNING,
    summary="A value holds texturizer output (dashes, ellipsis, ×, &#038;)",
)
def texturized_value(context: RuleContext) -> Iterable[Diagnostic]:
    """## What it does
    Finds attribute values holding what WordPress's texturizer makes of
    plain text: `&#8211;`/`&#8212;` (from `--`, `---`), `&#8230;` (from
    `...`), `&#215;` (from `x` between digits), `&#038;` (from `&`),
    `&#8482;` (from `(tm)`), double-encoded ones (`&amp;#8211;`), and `×`
    between digits. The raw characters `–`, `—` and `…` are reported only in
    a tag that shows other texturizer damage (typographic or entity
    delimiters, or entities like the above), because authors also type them
    on purpose.

    ## Why is this bad?
    Values are handed to the shortcode as written, so `size="300&#215;200"`
    or `url="/?a=1&#038;b=2"` reach it with the entity in them: dimensions
    stop parsing and URLs break. These come from copying rendered content
    back into the source.

    ## Example
    ```
    [video size="640&#215;360" url="/watch?v=1&#038;t=2"]
    ```

    ## Use instead
    ```
    [video size="640x360" url="/watch?v=1&t=2"]
    ```

    ## Fix safety
    No fix: whether `–` was `--`, ` - ` or an intended dash cannot be known.
    """
    this = texturized_value
    text = context.text
    for _tag, values in _tag_values(context):
        texturized = _tag_was_texturized(values, text)
        for value in values:
            found = _artefacts(text, value.value_span, raw_glyphs=texturized)
            if not found:
                continue
            note = f"{_subject(value, text)} holds texturizer output: {', '.join(found)}"
            subject = value.name if value.name is not None else "this value"
            message = wording.sentence(
                f"the shortcode may not understand {subject}",
                "it holds characters that WordPress's typography filter put there",
                "retype them as plain characters (the note says which)",
            )
            yield this.diagnostic(value.span, message, note=note)


RULES: Tuple[Rule, ...] = (
    typographic_quote_delimiter,
    mismatched_quote_delimiters,
    entity_quote_delimiter,
    single_quote_delimiter,
    texturized_value,
)
