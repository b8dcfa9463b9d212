"""Finding, reading and validating configuration files into ``Settings``.

The nearest ``.contentlint.toml``, ``contentlint.toml`` or ``pyproject.toml``
with a ``[tool.contentlint]`` table above a file configures it (in that order
of preference within one folder; no implicit merging across folders).  A
configuration may ``extend`` another file, named relative to itself; the
extending file's values win, tables are merged key by key.  ``--config FILE``
replaces discovery.  In ``.contentlint.toml`` and ``contentlint.toml`` the
keys are top-level; in ``pyproject.toml`` they live under
``[tool.contentlint]``.

Paths and globs (``include``, ``exclude``, ``extend-exclude``,
``per-file-ignores``, ``themes-dir``) are relative to the folder of the
configuration file that was found (``Settings.root``), also for values
inherited through ``extend``; with no configuration file, to the working
directory.

Errors raise ``ConfigError`` naming the file, the key and what is wrong.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from contentlint import nesting
from contentlint.globs import matches_any
from contentlint.presets import DEFAULT_PRESETS, PRESETS, WORDPRESS_CORE_NAMES
from contentlint.settings import (
    DEFAULT_EXTENSIONS,
    DEFAULT_MAX_FILE_SIZE,
    AttributeSchema,
    Settings,
    ShortcodeSchema,
)

CONFIG_FILE_NAMES: Tuple[str, ...] = (".contentlint.toml", "contentlint.toml", "pyproject.toml")
PYPROJECT = "pyproject.toml"
COMMAND_LINE = "command line"

DIALECTS = ("auto", "wordpress", "hugo")
ENCLOSING = ("never", "always", "optional")
ATTRIBUTE_TYPES = ("int", "bool", "url", "color", "string")
SEVERITIES = ("error", "warning")

TOP_LEVEL_KEYS = (
    "extend",
    "dialect",
    "include",
    "exclude",
    "extend-exclude",
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "presets",
    "severity",
    "report-severity",
    "shortcodes",
    "hugo-version",
    "themes-dir",
    "max-file-size",
)
REGISTRY_KEYS = ("known", "deny", "allow")
SELECTOR_KEYS = ("select", "extend-select", "ignore")
SHORTCODE_KEYS = ("required", "direction-flag", "enclosing", "deprecated", "removed", "attributes")
ATTRIBUTE_KEYS = ("enum", "pattern", "type", "required")

# Characters WordPress refuses in a shortcode name; whitespace is refused by
# both engines.
_NAME_FORBIDDEN = frozenset("[]<>&/=\"'")


class ConfigError(Exception):
    """A configuration that cannot be used; the message names file, key and fault."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _display_path(path: str) -> str:
    if path == COMMAND_LINE:
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path.replace(os.sep, "/")
    if relative.startswith(".."):
        return path.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def _quote_key(key: str) -> str:
    if key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key):
        return key
    escaped = key.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"float {value}"
    if isinstance(value, str):
        return f'string "{value}"'
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches and word.lower() != word:
        matches = [c for c in choices if c.lower() == word.lower()][:1]
    return f'; did you mean "{matches[0]}"?' if matches else ""


def _one_of(choices: Sequence[str]) -> str:
    return ", ".join(f'"{choice}"' for choice in choices)


@dataclass(frozen=True)
class _Where:
    """Where a value sits: the file and the dotted key path, for messages."""

    file: str
    keys: Tuple[str, ...]

    def child(self, key: str) -> _Where:
        return _Where(self.file, (*self.keys, key))

    def error(self, message: str) -> ConfigError:
        path = ""
        for key in self.keys:
            if key.startswith("[") and key.endswith("]"):
                path += key
            else:
                path += ("." if path else "") + _quote_key(key)
        prefix = _display_path(self.file)
        return ConfigError(f"{prefix}: {path}: {message}" if path else f"{prefix}: {message}")


def _load_toml_module() -> Any:
    # tomllib is in the standard library from 3.11; tomli is the same parser.
    name = "tomllib" if sys.version_info >= (3, 11) else "tomli"
    try:
        return importlib.import_module(name)
    except ImportError as error:  # pragma: no cover - depends on the interpreter
        raise ConfigError("reading TOML on Python < 3.11 needs the 'tomli' package") from error


# What a configuration file that is not read (a FIFO, a device...) costs.
_SKIPPED_CONFIG = (
    "not read as configuration: the files here are checked with the configuration "
    "found above this folder (or the defaults), so results may differ"
)


def _not_a_file(path: str, written: str) -> str:
    from contentlint.safeio import file_kind

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return f'no such file: "{written}"'
    return f'"{written}" is {file_kind(mode)}, not a regular file'


def _read_toml(path: str) -> Dict[str, Any]:
    from contentlint.safeio import FileProblem, Missing, read_support

    toml = _load_toml_module()
    try:
        data = read_support(path)
    except Missing:
        raise ConfigError(f"{_display_path(path)}: no such file") from None
    except FileProblem as problem:
        raise ConfigError(f"{_display_path(path)}: cannot read: {problem.message}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"{_display_path(path)}: invalid UTF-8 at byte offset {error.start}"
        ) from None
    deep = nesting.too_deep("toml", text)
    if deep is not None:
        line = text.count("\n", 0, deep) + 1
        column = deep - (text.rfind("\n", 0, deep) + 1) + 1
        raise ConfigError(
            f"{_display_path(path)}:{line}:{column}: invalid TOML: {nesting.NESTED_TOO_DEEP}"
        )
    try:
        document: Dict[str, Any] = toml.loads(text)
    except toml.TOMLDecodeError as error:
        raise ConfigError(f"{_display_path(path)}: invalid TOML: {error}") from None
    return document


def _contentlint_table(
    path: str, document: Dict[str, Any]
) -> Tuple[Optional[Dict[str, Any]], _Where]:
    """The contentlint table of a parsed file (``None`` when a pyproject.toml has none)."""
    if os.path.basename(path) == PYPROJECT:
        where = _Where(path, ("tool", "contentlint"))
        tool = document.get("tool")
        if not isinstance(tool, dict) or "contentlint" not in tool:
            return None, where
        table = tool["contentlint"]
        if not isinstance(table, dict):
            raise where.error(f"expected a table, got {_describe(table)}")
        return table, where
    return document, _Where(path, ())


# --- validation -------------------------------------------------------------------------------


def _expect_string(value: object, where: _Where) -> str:
    if not isinstance(value, str):
        raise where.error(f"expected a string, got {_describe(value)}")
    return value


def _expect_hugo_version(value: object, where: _Where) -> str:
    """A Hugo release such as ``"0.158.0"``; it overrides the site's ``module.hugoVersion``."""
    from contentlint.hugosite import parse_version

    text = _expect_string(value, where)
    if parse_version(text) is None:
        raise where.error(f'expected a Hugo version such as "0.158.0", got "{text}"')
    return text


def _expect_themes_dir(value: object, where: _Where) -> str:
    """The folder Hugo finds themes in (``hugo --themesDir``), as written; it
    overrides the site's ``themesDir``, and ``HUGO_THEMESDIR`` overrides it."""
    text = _expect_string(value, where)
    if not text.strip():
        raise where.error("expected a folder, got an empty string")
    return text


def _expect_table(value: object, where: _Where) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise where.error(f"expected a table, got {_describe(value)}")
    return value


def _expect_strings(value: object, where: _Where) -> Tuple[str, ...]:
    if not isinstance(value, list):
        raise where.error(f"expected an array of strings, got {_describe(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise where.child(f"[{index}]").error(f"expected a string, got {_describe(item)}")
    return tuple(value)


def _expect_byte_count(value: object, where: _Where) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise where.error(f"expected a positive number of bytes, got {_describe(value)}")
    return value


def _expect_choice(value: object, choices: Sequence[str], where: _Where) -> str:
    if not isinstance(value, str) or value not in choices:
        got = _describe(value) if not isinstance(value, str) else f'"{value}"'
        hint = _did_you_mean(value, choices) if isinstance(value, str) else ""
        raise where.error(f"expected one of {_one_of(choices)}, got {got}{hint}")
    return value


def _check_keys(table: Mapping[str, Any], allowed: Sequence[str], where: _Where) -> None:
    for key in table:
        if key not in allowed:
            raise where.child(key).error(f"unknown key{_did_you_mean(key, allowed)}")


def known_codes() -> Tuple[str, ...]:
    """Every rule code, for validating selectors."""
    from contentlint.rules import ALL_RULES

    return tuple(rule.code for rule in ALL_RULES)


def _check_selector(selector: str, codes: Sequence[str], where: _Where) -> None:
    if selector == "ALL" or any(code.startswith(selector) for code in codes if selector):
        return
    hint = ""
    upper = selector.upper()
    if upper != selector and (upper == "ALL" or any(c.startswith(upper) for c in codes)):
        hint = f'; did you mean "{upper}"?'
    else:
        hint = _did_you_mean(selector, codes)
    raise where.error(f'unknown rule code or prefix "{selector}"{hint}')


def _expect_selectors(value: object, where: _Where) -> Tuple[str, ...]:
    selectors = _expect_strings(value, where)
    codes = known_codes()
    for index, selector in enumerate(selectors):
        _check_selector(selector, codes, where.child(f"[{index}]"))
    return selectors


def _expect_globs(value: object, where: _Where) -> Tuple[str, ...]:
    globs = _expect_strings(value, where)
    for index, glob in enumerate(globs):
        _check_glob(glob, where.child(f"[{index}]"))
    return globs


def _check_glob(glob: str, where: _Where) -> None:
    if not glob.strip():
        raise where.error("expected a glob, got an empty string")
    if glob.startswith("!"):
        raise where.error(f'negated patterns are not supported: "{glob}"')


def _check_name(name: str, where: _Where) -> None:
    if not name or any(ch.isspace() or ch in _NAME_FORBIDDEN or ord(ch) < 0x20 for ch in name):
        raise where.error(f'"{name}" is not a shortcode name')


def _expect_names(value: object, where: _Where) -> Tuple[str, ...]:
    names = _expect_strings(value, where)
    for index, name in enumerate(names):
        _check_name(name, where.child(f"[{index}]"))
    return names


def compile_pattern(pattern: str) -> Any:
    """Compile an attribute pattern with ``regex`` (raises ``regex.error``)."""
    return importlib.import_module("regex").compile(pattern)


def parse_direction_flag(flag: str) -> Optional[Tuple[str, str]]:
    """``'rtl="true"'`` -> ``("rtl", "true")``; ``None`` when it is not ``name=value``."""
    name, equals, value = flag.partition("=")
    name = name.strip()
    value = value.strip()
    if not equals or not name:
        return None
    if not all(ch.isascii() and (ch.isalnum() or ch in "-_.") for ch in name):
        return None
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        value = value[1:-1]
    elif any(ch in "\"'`" for ch in value):
        return None
    if not value or any(ch.isspace() for ch in value):
        return None
    return name, value


def _attribute_schema(value: object, where: _Where) -> Tuple[AttributeSchema, bool]:
    table = _expect_table(value, where)
    _check_keys(table, ATTRIBUTE_KEYS, where)
    enum: Optional[Tuple[str, ...]] = None
    pattern: Optional[str] = None
    kind: Optional[str] = None
    required = False
    if "enum" in table:
        enum = _expect_strings(table["enum"], where.child("enum"))
        if not enum:
            raise where.child("enum").error("expected at least one value")
    if "pattern" in table:
        pattern = _expect_string(table["pattern"], where.child("pattern"))
        try:
            compile_pattern(pattern)
        except Exception as error:  # regex.error; the module is imported lazily
            raise where.child("pattern").error(f"invalid regular expression: {error}") from None
    if "type" in table:
        kind = _expect_choice(table["type"], ATTRIBUTE_TYPES, where.child("type"))
    if "required" in table:
        flag = table["required"]
        if not isinstance(flag, bool):
            raise where.child("required").error(f"expected a boolean, got {_describe(flag)}")
        required = flag
    return AttributeSchema(enum=enum, pattern=pattern, type=kind), required


def _shortcode_table(value: object, where: _Where) -> Dict[str, Any]:
    """Validated fields of one ``shortcodes.<name>`` table (only those given)."""
    table = _expect_table(value, where)
    _check_keys(table, SHORTCODE_KEYS, where)
    fields: Dict[str, Any] = {}
    if "required" in table:
        fields["required"] = _expect_strings(table["required"], where.child("required"))
    if "direction-flag" in table:
        flag = _expect_string(table["direction-flag"], where.child("direction-flag"))
        if parse_direction_flag(flag) is None:
            raise where.child("direction-flag").error(
                f'expected an attribute and its value such as \'rtl="true"\', got "{flag}"'
            )
        fields["direction-flag"] = flag
    if "enclosing" in table:
        fields["enclosing"] = _expect_choice(
            table["enclosing"], ENCLOSING, where.child("enclosing")
        )
    for key in ("deprecated", "removed"):
        if key in table:
            fields[key] = _expect_string(table[key], where.child(key))
    if "attributes" in table:
        attributes_where = where.child("attributes")
        attributes = _expect_table(table["attributes"], attributes_where)
        schemas: Dict[str, AttributeSchema] = {}
        required: List[str] = []
        for name, attribute in attributes.items():
            schema, is_required = _attribute_schema(attribute, attributes_where.child(name))
            schemas[name] = schema
            if is_required:
                required.append(name)
        fields["attributes"] = schemas
        fields["required-attributes"] = tuple(required)
    return fields


def _shortcodes(value: object, where: _Where) -> Dict[str, Any]:
    table = _expect_table(value, where)
    result: Dict[str, Any] = {}
    per_name: Dict[str, Dict[str, Any]] = {}
    for key, item in table.items():
        if key in REGISTRY_KEYS:
            result[key] = _expect_names(item, where.child(key))
            continue
        if not isinstance(item, dict):
            hint = _did_you_mean(key, REGISTRY_KEYS)
            raise where.child(key).error(
                f"expected one of {_one_of(REGISTRY_KEYS)} or a table of settings for "
                f'shortcode "{key}", got {_describe(item)}{hint}'
            )
        _check_name(key, where.child(key))
        per_name[key] = _shortcode_table(item, where.child(key))
    result["tables"] = per_name
    return result


_VALIDATORS: Dict[str, Callable[[object, _Where], Any]] = {
    "dialect": lambda value, where: _expect_choice(value, DIALECTS, where),
    "report-severity": lambda value, where: _expect_choice(value, SEVERITIES, where),
    "include": _expect_globs,
    "exclude": _expect_globs,
    "extend-exclude": _expect_globs,
    "select": _expect_selectors,
    "extend-select": _expect_selectors,
    "ignore": _expect_selectors,
    "shortcodes": _shortcodes,
    "hugo-version": _expect_hugo_version,
    "themes-dir": _expect_themes_dir,
    "max-file-size": _expect_byte_count,
}


def _validate(table: Mapping[str, Any], where: _Where) -> Dict[str, Any]:
    """Check every key and value of one file's table; return them in normal form."""
    _check_keys(table, TOP_LEVEL_KEYS, where)
    options: Dict[str, Any] = {}
    for key, value in table.items():
        at = where.child(key)
        if key == "extend":
            options[key] = _expect_string(value, at)
        elif key in _VALIDATORS:
            options[key] = _VALIDATORS[key](value, at)
        elif key == "presets":
            presets = _expect_strings(value, at)
            for index, name in enumerate(presets):
                _expect_choice(name, tuple(PRESETS), at.child(f"[{index}]"))
            options[key] = presets
        elif key == "per-file-ignores":
            globs = _expect_table(value, at)
            ignores: Dict[str, Tuple[str, ...]] = {}
            for glob, selectors in globs.items():
                _check_glob(glob, at.child(glob))
                ignores[glob] = _expect_selectors(selectors, at.child(glob))
            options[key] = ignores
        elif key == "severity":
            if value in SEVERITIES:
                raise at.error(
                    'is the table of levels per rule ([severity] QT005 = "error"); '
                    f'to report only errors, write report-severity = "{value}"'
                )
            levels = _expect_table(value, at)
            codes = known_codes()
            severities: Dict[str, str] = {}
            for selector, level in levels.items():
                _check_selector(selector, codes, at.child(selector))
                severities[selector] = _expect_choice(level, SEVERITIES, at.child(selector))
            options[key] = severities
    return options


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> Dict[str, Any]:
    """``override`` wins; tables are merged key by key, anything else is replaced."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _apply_overrides(options: Dict[str, Any], overrides: Mapping[str, Any]) -> Dict[str, Any]:
    """Command-line values win over the file's.

    ``select``, ``dialect``, ``include`` and ``presets`` replace; the rule
    selectors are layered as in ruff (``selection.layer``); excludes are
    added.
    """
    result = dict(options)
    if any(key in overrides for key in SELECTOR_KEYS):
        # Only then: selection brings in every rule.
        from contentlint.selection import Selectors, layer

        chosen = layer(
            Selectors(
                tuple(result["select"]) if "select" in result else None,
                tuple(result.get("extend-select", ())),
                tuple(result.get("ignore", ())),
            ),
            Selectors(
                tuple(overrides["select"]) if "select" in overrides else None,
                tuple(overrides.get("extend-select", ())),
                tuple(overrides.get("ignore", ())),
            ),
        )
        for key in SELECTOR_KEYS:
            result.pop(key, None)
        if chosen.select is not None:
            result["select"] = chosen.select
        result["extend-select"] = chosen.extend_select
        result["ignore"] = chosen.ignore
    for key, value in overrides.items():
        if key in SELECTOR_KEYS:
            continue
        if key in ("exclude", "extend-exclude"):
            result[key] = tuple(result.get(key, ())) + tuple(value)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _merge(result[key], value)
        else:
            result[key] = value
    return result


def _schema_from_fields(
    fields: Mapping[str, Any], base: Optional[ShortcodeSchema]
) -> ShortcodeSchema:
    base = base or ShortcodeSchema()
    attributes = base.attributes
    if "attributes" in fields:
        attributes = {**(base.attributes or {}), **fields["attributes"]}
    required = tuple(fields.get("required", base.required))
    for name in fields.get("required-attributes", ()):
        if name not in required:
            required += (name,)
    return ShortcodeSchema(
        required=required,
        direction_flag=fields.get("direction-flag", base.direction_flag),
        enclosing=fields.get("enclosing", base.enclosing),
        deprecated=fields.get("deprecated", base.deprecated),
        removed=fields.get("removed", base.removed),
        attributes=attributes,
    )


def build_settings(options: Mapping[str, Any], root: str, origin: Optional[str]) -> Settings:
    """Resolve validated options (and the presets they name) into ``Settings``."""
    shortcodes: Mapping[str, Any] = options.get("shortcodes", {})
    tables: Mapping[str, Mapping[str, Any]] = shortcodes.get("tables", {})
    configured_known = frozenset(shortcodes.get("known", ()))
    deny: Set[str] = set(shortcodes.get("deny", ()))
    allow = frozenset(shortcodes.get("allow", ()))
    presets: Tuple[str, ...] = tuple(options.get("presets", DEFAULT_PRESETS))

    known: Set[str] = set(configured_known) | set(allow) | set(deny) | set(tables)
    known |= WORDPRESS_CORE_NAMES
    schemas: Dict[str, ShortcodeSchema] = {}
    for preset_name in presets:
        preset = PRESETS[preset_name]
        known |= preset.names
        deny |= preset.deny
        for name, schema in preset.schemas.items():
            schemas.setdefault(name, schema)
    for name, fields in tables.items():
        schemas[name] = _schema_from_fields(fields, schemas.get(name))

    per_file_ignores: Mapping[str, Tuple[str, ...]] = options.get("per-file-ignores", {})
    themes_dir: Optional[str] = options.get("themes-dir")
    return Settings(
        dialect=options.get("dialect", "auto"),
        hugo_version=options.get("hugo-version"),
        themes_dir=None if themes_dir is None else os.path.normpath(os.path.join(root, themes_dir)),
        include=tuple(options.get("include", ())),
        exclude=tuple(options.get("exclude", ())),
        extend_exclude=tuple(options.get("extend-exclude", ())),
        select=tuple(options["select"]) if "select" in options else None,
        extend_select=tuple(options.get("extend-select", ())),
        ignore=tuple(options.get("ignore", ())),
        per_file_ignores=dict(per_file_ignores),
        severity=dict(options.get("severity", {})),
        report_severity=options.get("report-severity", "warning"),
        presets=presets,
        known=frozenset(known),
        deny=frozenset(deny),
        allow=allow,
        schemas=schemas,
        origin=origin,
        root=root,
        declared_known=configured_known,
        max_file_size=options.get("max-file-size", DEFAULT_MAX_FILE_SIZE),
    )


def validate_overrides(overrides: Mapping[str, object]) -> Dict[str, Any]:
    """Check command-line values given in configuration-key form."""
    table: Dict[str, Any] = {}
    for key, value in overrides.items():
        if key in SELECTOR_KEYS:
            # ``--select SC,QT`` and ``--select SC --select QT`` alike.
            items = [value] if isinstance(value, str) else value
            if isinstance(items, (list, tuple)):
                value = [
                    part.strip()
                    for item in items
                    for part in (item.split(",") if isinstance(item, str) else [item])
                    if not isinstance(part, str) or part.strip()
                ]
        elif isinstance(value, tuple):
            value = list(value)
        table[key] = value
    if "extend" in table:
        raise _Where(COMMAND_LINE, ("extend",)).error("cannot be given on the command line")
    return _validate(table, _Where(COMMAND_LINE, ()))


# Settings remembered by path, at most this many at a time (they are also
# remembered by folder, which costs a stat to find again).
_PATH_MEMO = 4096


class ConfigLoader:
    """Settings for each file, from the nearest configuration above it.

    ``config_file`` (``--config``) replaces discovery for every file.
    ``overrides`` are command-line values in configuration-key form
    (``{"select": ["SC"], "dialect": "hugo", "extend-exclude": [...]}``).
    """

    def __init__(
        self, config_file: Optional[str] = None, overrides: Optional[Mapping[str, object]] = None
    ) -> None:
        self._overrides = validate_overrides(overrides or {})
        self._config_file = os.path.abspath(config_file) if config_file is not None else None
        self._cwd = os.path.abspath(os.getcwd())
        self._config_for_dir: Dict[str, Optional[str]] = {}
        self._settings: Dict[Optional[str], Settings] = {}
        self._by_path: Dict[str, Settings] = {}
        self._by_folder: Dict[str, Settings] = {}
        self._tables: Dict[str, Tuple[Optional[Dict[str, Any]], _Where]] = {}
        if self._config_file is not None:
            if os.path.isdir(self._config_file):
                raise ConfigError(
                    f"{_display_path(self._config_file)}: is a folder; --config expects a "
                    "configuration file (.contentlint.toml, contentlint.toml or pyproject.toml)"
                )
            table, where = self._table(self._config_file)
            if table is None:
                raise where.error("missing: the file has no [tool.contentlint] table")
            self._settings_for_config(self._config_file)

    # -- public ---------------------------------------------------------------------------------

    def settings_for(self, path: str) -> Settings:
        """Settings for a file (or, when ``path`` is a folder, for files in it)."""
        # A run asks for each file more than once (walk filters, cache, check).
        cached = self._by_path.get(path)
        if cached is None:
            absolute = os.path.abspath(path)
            folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
            cached = self.settings_for_folder(folder)
            if len(self._by_path) >= _PATH_MEMO:
                self._by_path.clear()  # a walk of 50,000 files need not keep them all
            self._by_path[path] = cached
        return cached

    def settings_for_folder(self, folder: str) -> Settings:
        """Settings for the files in ``folder``, an absolute, normal path."""
        cached = self._by_folder.get(folder)
        if cached is None:
            cached = self._settings_for_config(self.config_path_for(folder))
            self._by_folder[folder] = cached
        return cached

    def settings_for_root(self, path: str) -> Settings:
        """Settings that govern a folder given on the command line (or a file's folder)."""
        return self.settings_for(path)

    def config_path_for(self, folder: str) -> Optional[str]:
        """The configuration file that governs ``folder`` (``None``: defaults)."""
        if self._config_file is not None:
            return self._config_file
        folder = os.path.abspath(folder)
        visited: List[str] = []
        found: Optional[str] = None
        current = folder
        while True:
            if current in self._config_for_dir:
                found = self._config_for_dir[current]
                break
            visited.append(current)
            found = self._config_in(current)
            if found is not None:
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for seen in visited:
            self._config_for_dir[seen] = found
        return found

    # -- internals ------------------------------------------------------------------------------

    def _config_in(self, folder: str) -> Optional[str]:
        for name in CONFIG_FILE_NAMES:
            candidate = os.path.join(folder, name)
            if not os.path.isfile(candidate):
                if os.path.lexists(candidate):
                    from contentlint.safeio import is_regular_or_refuse

                    is_regular_or_refuse(candidate, _SKIPPED_CONFIG)
                continue
            if name == PYPROJECT:
                if not self._mentions_contentlint(candidate):
                    continue
                table, _ = self._table(candidate)
                if table is None:
                    continue
            return candidate
        return None

    @staticmethod
    def _mentions_contentlint(path: str) -> bool:
        from contentlint.safeio import FileProblem, read_support

        try:
            return b"contentlint" in read_support(path)
        except FileProblem:
            return False

    def _table(self, path: str) -> Tuple[Optional[Dict[str, Any]], _Where]:
        if path not in self._tables:
            self._tables[path] = _contentlint_table(path, _read_toml(path))
        return self._tables[path]

    def _options(self, path: str, chain: Tuple[str, ...]) -> Dict[str, Any]:
        table, where = self._table(path)
        if table is None:
            raise where.error("missing: the file has no [tool.contentlint] table")
        options = _validate(table, where)
        extend = options.pop("extend", None)
        if extend is None:
            return options
        base = os.path.normpath(os.path.join(os.path.dirname(path), os.path.expanduser(extend)))
        if base in chain or base == path:
            cycle = " -> ".join(_display_path(p) for p in (*chain, path, base))
            raise where.child("extend").error(f"extends itself: {cycle}")
        if not os.path.isfile(base):
            raise where.child("extend").error(_not_a_file(base, extend))
        return _merge(self._options(base, (*chain, path)), options)

    def _settings_for_config(self, path: Optional[str]) -> Settings:
        if path not in self._settings:
            options: Dict[str, Any] = self._options(path, ()) if path is not None else {}
            options = _apply_overrides(options, self._overrides)
            root = os.path.dirname(path) if path is not None else self._cwd
            self._settings[path] = build_settings(options, root, path)
        return self._settings[path]


def is_excluded(settings: Settings, path: str, *, is_dir: Optional[bool] = None) -> bool:
    """Whether ``exclude``/``extend-exclude`` leave out ``path`` (a file or a folder)."""
    patterns = settings.exclude + settings.extend_exclude
    if not patterns:
        return False
    folder = os.path.isdir(path) if is_dir is None else is_dir
    return matches_any(patterns, settings.root, path, is_dir=folder)


def is_included(settings: Settings, path: str) -> bool:
    """Whether a file found by walking is checked: ``include`` globs, else the extensions."""
    if settings.include:
        return matches_any(settings.include, settings.root, path)
    return os.path.splitext(path)[1].lower() in DEFAULT_EXTENSIONS
