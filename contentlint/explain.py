"""``check --show-settings FILE``: the settings that apply to one file, as text or JSON.

The text reads like the configuration file it came from (TOML keys and
values), with comments saying where it came from and which dialect and rules
the file gets.  Nothing here decides anything: the values are the resolved
``Settings``, the dialect is ``discovery.explain_dialect``'s and the rules are
``selection.enabled_rules``'.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Mapping, Optional

from contentlint.settings import Settings, ShortcodeSchema


def shown_path(path: Optional[str]) -> str:
    """``path`` relative to the working directory when it lies below it."""
    if path is None:
        return "none (defaults)"
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _schema(schema: ShortcodeSchema) -> Dict[str, Any]:
    table: Dict[str, Any] = {}
    if schema.required:
        table["required"] = list(schema.required)
    for key, value in (
        ("direction-flag", schema.direction_flag),
        ("enclosing", schema.enclosing),
        ("deprecated", schema.deprecated),
        ("removed", schema.removed),
    ):
        if value is not None:
            table[key] = value
    if schema.attributes is not None:
        table["attributes"] = {
            name: {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in (
                    ("enum", attribute.enum),
                    ("pattern", attribute.pattern),
                    ("type", attribute.type),
                )
                if value is not None
            }
            for name, attribute in schema.attributes.items()
        }
    return table


def settings_document(
    path: str, settings: Settings, dialect: str, dialect_reason: str
) -> Dict[str, Any]:
    """What applies to ``path``, as one JSON-ready mapping."""
    from contentlint.selection import enabled_rules, ignored_for_path

    absolute = os.path.abspath(path)
    return {
        "file": path,
        "origin": shown_path(settings.origin),
        "dialect": {"chosen": dialect, "why": dialect_reason},
        "rules": [rule.code for rule in enabled_rules(settings, absolute)],
        "per-file-ignores": list(ignored_for_path(settings, absolute)),
        "settings": {
            "dialect": settings.dialect,
            "include": list(settings.include),
            "exclude": list(settings.exclude),
            "extend-exclude": list(settings.extend_exclude),
            "select": None if settings.select is None else list(settings.select),
            "extend-select": list(settings.extend_select),
            "ignore": list(settings.ignore),
            "severity": dict(settings.severity),
            "presets": list(settings.presets),
            # Resolved as the run uses them: a relative themes-dir counts
            # from the folder of the configuration that sets it.
            **({"hugo-version": settings.hugo_version} if settings.hugo_version else {}),
            **({"themes-dir": settings.themes_dir} if settings.themes_dir else {}),
            "max-file-size": settings.max_file_size,
            "shortcodes": {
                "known": sorted(settings.known),
                "deny": sorted(settings.deny),
                "allow": sorted(settings.allow),
                **{name: _schema(schema) for name, schema in sorted(settings.schemas.items())},
            },
        },
    }


def _value(value: Any) -> str:
    # JSON strings, lists and numbers are valid TOML values too.
    return json.dumps(value, ensure_ascii=False)


def _table(prefix: str, table: Mapping[str, Any], lines: List[str]) -> None:
    nested = []
    for key, value in table.items():
        if isinstance(value, dict) and not prefix.endswith(".attributes"):
            nested.append((key, value))
        elif value is None:
            lines.append(f"# {key}: not set (the default rules)")
        else:
            lines.append(f"{_quoted_key(key)} = {_inline(value)}")
    for key, value in nested:
        name = f"{prefix}.{_quoted_key(key)}" if prefix else _quoted_key(key)
        lines += ["", f"[{name}]"]
        _table(name, value, lines)


def _quoted_key(key: str) -> str:
    bare = key.replace("-", "").replace("_", "").isalnum() and key.isascii()
    return key if bare else _value(key)


def _inline(value: Any) -> str:
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_quoted_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"
    return _value(value)


def settings_text(document: Mapping[str, Any]) -> str:
    lines = [
        f"# Settings for {document['file']}",
        f"# origin: {document['origin']}",
        f"# dialect: {document['dialect']['chosen']} ({document['dialect']['why']})",
        f"# rules that run: {', '.join(document['rules'])}",
    ]
    if document["per-file-ignores"]:
        lines.append(f"# per-file-ignores for this file: {', '.join(document['per-file-ignores'])}")
    _table("", document["settings"], lines)
    return "\n".join(lines) + "\n"
