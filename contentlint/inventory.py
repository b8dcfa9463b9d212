"""The ``shortcodes`` command's records: every occurrence the engine would run."""

from __future__ import annotations

from collections import Counter
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from contentlint.model import Attribute, Dialect, Document, Shortcode
from contentlint.source import Source


def occurrence(source: Source, shortcode: Shortcode) -> Dict[str, Any]:
    line, column = source.position(shortcode.span.start)
    end_line, end_column = source.position(shortcode.span.end)
    text = source.text
    content = None
    if shortcode.content_span is not None:
        content = text[shortcode.content_span.start : shortcode.content_span.end]
    return {
        "path": source.path,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "offset": shortcode.span.start,
        "end_offset": shortcode.span.end,
        "dialect": shortcode.dialect.value,
        "name": shortcode.name,
        "notation": shortcode.notation,
        "form": shortcode.form,
        "escaped": shortcode.escaped,
        "attributes": [
            {
                "name": attribute.name,
                "value": attribute.value,
                "raw": text[attribute.span.start : attribute.span.end],
                "quote": attribute.delimiter,
                "index": index,
            }
            for attribute, index in zip(shortcode.attributes, positional_indexes(shortcode))
        ],
        "content": content,
    }


def positional_indexes(shortcode: Shortcode) -> List[Optional[int]]:
    """For each attribute, the index its engine gives a positional value (None: named).

    WordPress appends a positional value to a PHP array, whose next integer
    key follows the largest integer key so far, numeric names included
    (after ``5="x"`` the next positional value is 6).  Hugo counts them from 0.
    """
    attributes: Sequence[Attribute] = shortcode.attributes
    if shortcode.dialect is Dialect.WORDPRESS:
        from contentlint import wordpress

        keys = wordpress.engine_keys(attributes)
        return [
            key if attribute.name is None and isinstance(key, int) else None
            for attribute, key in zip(attributes, keys)
        ]
    indexes: List[Optional[int]] = []
    count = 0
    for attribute in attributes:
        indexes.append(count if attribute.name is None else None)
        count += attribute.name is None
    return indexes


def occurrences(source: Source, document: Document) -> List[Dict[str, Any]]:
    """One record per occurrence, nested ones included, in file order."""
    found = [occurrence(source, shortcode) for shortcode in document.walk()]
    found.sort(key=lambda record: (record["offset"], -record["end_offset"]))
    return found


def summary(records: Iterable[Dict[str, Any]]) -> Dict[str, Any]:
    """Counts per shortcode name, and per attribute name of each shortcode.

    ``count`` is the uses the engine runs; ``escaped`` the examples written to
    be shown (``[[name]]``), which carry no attributes the engine reads.
    """
    names: Counter[str] = Counter()
    escaped: Counter[str] = Counter()
    attributes: Dict[str, Counter[str]] = {}
    files: Dict[str, set] = {}  # type: ignore[type-arg]
    for record in records:
        name = record["name"]
        files.setdefault(name, set()).add(record["path"])
        per_name = attributes.setdefault(name, Counter())
        if record["escaped"]:
            escaped[name] += 1
            continue
        names[name] += 1
        for attribute in record["attributes"]:
            per_name[attribute["name"] if attribute["name"] is not None else "(positional)"] += 1
    ordered: List[Tuple[str, int]] = sorted(
        ((name, names[name]) for name in files),
        key=lambda item: (-item[1], -escaped[item[0]], item[0]),
    )
    return {
        "shortcodes": [
            {
                "name": name,
                "count": count,
                "escaped": escaped[name],
                "files": len(files[name]),
                "attributes": dict(
                    sorted(attributes[name].items(), key=lambda item: (-item[1], item[0]))
                ),
            }
            for name, count in ordered
        ]
    }


def summary_lines(table: Dict[str, Any]) -> Iterator[str]:
    """The summary as text, one line per name."""
    for entry in table["shortcodes"]:
        attributes = ", ".join(f"{k} ({v})" for k, v in entry["attributes"].items())
        escaped = f", {entry['escaped']} escaped" if entry["escaped"] else ""
        line = f"{entry['count']:6}  {entry['name']}  [{entry['files']} files{escaped}]"
        yield f"{line}  {attributes}\n" if attributes else f"{line}\n"
