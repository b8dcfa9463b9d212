"""``contentlint init``: a starter configuration from what the repository uses.

It walks the repository like ``check`` does, parses every file, and writes
``.contentlint.toml`` with:

* the dialect (``hugo`` or ``wordpress`` when every file agrees, else
  ``auto``);
* ``shortcodes.known``: every name in use that a template (Hugo) or a
  registration (WordPress) defines, with its number of uses; a name in use
  that the site's templates or ``wp-content`` do not define is listed in a
  comment only, so that SD002 keeps reporting it (without a site to read,
  every name in use is listed);
* ``direction-flag`` for a name that carries an ``rtl``, ``dir`` or
  ``direction`` attribute somewhere (RTL001 then applies to it everywhere),
  learned only from attributes an engine reads as written: from damage such
  as ``rtl=”true”`` nothing is learned, and a comment says so;
* the presets that apply: ``security`` always; ``wordpress-core`` or
  ``hugo-embedded`` when their shortcodes are used and every use fits their
  schemas (otherwise a comment says why the preset was left out).

An existing configuration in the folder is never overwritten (exit 2).
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import DefaultDict, Dict, List, Optional, Set, TextIO, Tuple

from contentlint.characters import INVISIBLE, TYPOGRAPHIC_QUOTES
from contentlint.model import Attribute, Dialect, Document
from contentlint.presets import PRESETS
from contentlint.rules.rtl import linted_shortcodes
from contentlint.safeio import FileProblem, read_regular, read_support, take_refused
from contentlint.settings import Registry, Settings
from contentlint.source import Source, SourceError

CONFIG_NAME = ".contentlint.toml"
DIRECTION_ATTRIBUTES = ("rtl", "dir", "direction")
# Values that say "not RTL"; any other value of an ``rtl`` attribute says RTL.
_FALSY = frozenset({"", "false", "0", "no", "off", "ltr"})
SCHEMA_CODES = ("SD003", "SD004", "SD005")
OPTIONAL_PRESETS = ("wordpress-core", "hugo-embedded")
EXIT_OK = 0
EXIT_ERROR = 2


@dataclass
class Inventory:
    files: int = 0
    unreadable: int = 0
    dialects: Counter[str] = field(default_factory=Counter)
    uses: Counter[str] = field(default_factory=Counter)
    spelling: Dict[str, Counter[str]] = field(default_factory=dict)
    # name -> attribute -> value -> count, for direction attributes only
    directions: DefaultDict[str, DefaultDict[str, Counter[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(Counter))
    )
    # name -> how its direction attributes were written, when no engine reads
    # them as intended (``rtl=”true”``): never learned from, only reported.
    damaged_directions: Dict[str, Counter[str]] = field(default_factory=dict)
    preset_uses: Counter[str] = field(default_factory=Counter)
    preset_misfits: Counter[str] = field(default_factory=Counter)
    # Names that a template, a registration or a preset defines.
    defined: Set[str] = field(default_factory=set)


def _existing_config(root: str) -> Optional[str]:
    for name in (".contentlint.toml", "contentlint.toml"):
        if os.path.isfile(os.path.join(root, name)):
            return name
    pyproject = os.path.join(root, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            if b"[tool.contentlint" in read_support(pyproject):
                return "pyproject.toml"
        except FileProblem:
            return None
    return None


def _probe_settings(root: str) -> Settings:
    """Default settings plus every optional preset, to see which of them fit."""
    from contentlint.config import build_settings

    return build_settings({"presets": ("security", *OPTIONAL_PRESETS)}, root, None)


def _default_settings(root: str) -> Settings:
    from contentlint.config import build_settings

    return build_settings({}, root, None)


def _preset_of(name: str, dialect: Dialect) -> Optional[str]:
    preset = "hugo-embedded" if dialect is Dialect.HUGO else "wordpress-core"
    key = name.lower() if dialect is Dialect.HUGO else name
    return preset if key in PRESETS[preset].schemas else None


def _schema_misfits(
    source: Source, document: Document, probe: Settings, registry: Registry
) -> Set[int]:
    """Where the presets' schemas find fault (diagnostic start offsets)."""
    from contentlint.rules import schema
    from contentlint.rules.base import RuleContext

    context = RuleContext(source, document, probe, registry)
    offsets: Set[int] = set()
    for rule in schema.RULES:
        if rule.code in SCHEMA_CODES:
            offsets.update(diagnostic.span.start for diagnostic in rule.check(context))
    return offsets


def take_inventory(root: str) -> Inventory:
    from contentlint import discovery, linter
    from contentlint.walk import Walker

    inventory = Inventory()
    settings = _default_settings(root)
    probe = _probe_settings(root)
    for path, _given in Walker().walk([root]):
        try:
            data, _ = read_regular(path, settings.max_file_size)
            if b"\x00" in data:
                raise SourceError("binary file")
            source = Source.from_bytes(path, data)
        except (FileProblem, SourceError):
            inventory.unreadable += 1
            continue
        inventory.files += 1
        registry = discovery.discover(os.path.abspath(path), settings.themes_dir)
        document = linter.parse(source, linter.FileContext(settings, registry))
        inventory.dialects[document.dialect.value] += 1
        misfits = _schema_misfits(source, document, probe, registry)
        # Only tags read as written tell how a name flags direction: an
        # unclosed tag swallows the next tag's ``rtl`` (see RTL001).
        read_as_written = {s.open_span for s in linted_shortcodes(document)}
        for shortcode in document.walk():
            if shortcode.escaped or shortcode.name.endswith(".inline"):
                continue
            key = shortcode.name.lower() if shortcode.dialect is Dialect.HUGO else shortcode.name
            inventory.uses[key] += 1
            if _is_defined(key, shortcode.dialect, registry):
                inventory.defined.add(key)
            inventory.spelling.setdefault(key, Counter())[shortcode.name] += 1
            for attribute in shortcode.attributes:
                if shortcode.open_span not in read_as_written:
                    break
                if attribute.name is not None and attribute.name.lower() in DIRECTION_ATTRIBUTES:
                    name = attribute.name.lower()
                    if reads_cleanly(name, attribute):
                        inventory.directions[key][name][attribute.value] += 1
                    else:
                        written = source.text[attribute.span.start : attribute.span.end]
                        inventory.damaged_directions.setdefault(key, Counter())[written] += 1
            preset = _preset_of(shortcode.name, shortcode.dialect)
            if preset is not None:
                inventory.preset_uses[preset] += 1
                tag = shortcode.open_span
                if any(tag.start <= offset < tag.end for offset in misfits):
                    inventory.preset_misfits[preset] += 1
    return inventory


def _is_defined(key: str, dialect: Dialect, registry: Registry) -> bool:
    """Whether a template, a registration or a preset defines the name ``key``.

    Where the repository holds no site to read (no Hugo site, no
    ``wp-content``), the uses are the only evidence, and every name counts.
    """
    from contentlint.presets import WORDPRESS_CORE_NAMES

    if dialect is Dialect.HUGO:
        return registry.hugo_templates is None or key in registry.hugo_templates
    if registry.wordpress_registered is None or key in registry.wordpress_registered:
        return True
    return key in WORDPRESS_CORE_NAMES or any(key in preset.names for preset in PRESETS.values())


# Bidi embeddings, overrides and isolates: invisible, and never part of a flag.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NOT_IN_A_FLAG = TYPOGRAPHIC_QUOTES | INVISIBLE | _BIDI_CONTROLS | frozenset("\"'`\\[]<>{}")


def reads_cleanly(name: str, attribute: Attribute) -> bool:
    """Whether an engine reads this direction attribute as written, so that init may learn it.

    Its delimiters are straight and matched (or absent), and its value holds
    no typographic quote, invisible character or delimiter that damage left
    behind: from ``rtl=”true”`` the engine reads the value ``”true”``.
    """
    value = attribute.value
    if attribute.delimiter not in ('"', "'", ""):
        return False
    if not value or any(ch in _NOT_IN_A_FLAG or ch.isspace() for ch in value):
        return False
    from contentlint.config import parse_direction_flag

    return parse_direction_flag(f'{name}="{value}"') == (name, value)


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _toml_key(key: str) -> str:
    if key and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in key):
        return key
    return _toml_string(key)


def _direction_flag(values_by_attribute: Dict[str, Counter[str]]) -> Optional[Tuple[str, str]]:
    """The attribute and value that mark RTL for a shortcode, from how it is used."""
    best: Optional[Tuple[int, str, str]] = None
    for attribute, values in values_by_attribute.items():
        if attribute == "rtl":
            truthy = [
                (count, value) for value, count in values.items() if value.lower() not in _FALSY
            ]
            value = max(truthy)[1] if truthy else "true"
        else:
            value = "rtl"
        count = sum(values.values())
        if best is None or count > best[0]:
            best = (count, attribute, value)
    return (best[1], best[2]) if best is not None else None


def _use_line(inventory: Inventory, key: str) -> str:
    spelling = inventory.spelling[key].most_common(1)[0][0]
    count = inventory.uses[key]
    return f"{_toml_string(spelling)},  # {count} use{'s' if count != 1 else ''}"


def _flag_literal(attribute: str, value: str) -> str:
    flag = f'{attribute}="{value}"'
    return f"'{flag}'" if "'" not in flag and "\n" not in flag else _toml_string(flag)


def render_config(inventory: Inventory) -> str:
    """The text of the starter configuration."""
    hugo = inventory.dialects.get("hugo", 0)
    wordpress = inventory.dialects.get("wordpress", 0)
    if hugo and not wordpress:
        dialect = "hugo"
    elif wordpress and not hugo:
        dialect = "wordpress"
    else:
        dialect = "auto"
    presets = ["security"]
    notes: List[str] = []
    for preset in OPTIONAL_PRESETS:
        uses = inventory.preset_uses.get(preset, 0)
        misfits = inventory.preset_misfits.get(preset, 0)
        if uses and not misfits:
            presets.append(preset)
        elif uses:
            notes.append(
                f'# "{preset}" is not listed: {misfits} of its {uses} uses do not fit its '
                "attribute schemas (add it and run `contentlint check` to see them)."
            )
    lines = [
        "# contentlint configuration, written by `contentlint init` from what this",
        f"# repository uses ({inventory.files} files: {hugo} Hugo, {wordpress} WordPress).",
        "# `contentlint rules` lists the rules; `contentlint rule CODE` explains one.",
        f"dialect = {_toml_string(dialect)}",
        "presets = [" + ", ".join(_toml_string(p) for p in presets) + "]",
        *notes,
        "",
        "[shortcodes]",
        "# Every shortcode in use that a template or registration defines, with its uses.",
    ]
    names = sorted(inventory.uses, key=lambda key: (-inventory.uses[key], key))
    defined = [key for key in names if key in inventory.defined]
    if defined:
        lines.append("known = [")
        lines.extend(f"    {_use_line(inventory, key)}" for key in defined)
        lines.append("]")
    else:
        lines.append("known = []")
    undefined = [key for key in names if key not in inventory.defined]
    if undefined:
        lines.append("# In use, but no template or registration defines them (SD002 reports")
        lines.append("# them); add one to `known` only when something defines it at run time:")
        lines.extend(f"#   {_use_line(inventory, key)}" for key in undefined)
    for key in sorted(inventory.directions):
        flag = _direction_flag(inventory.directions[key])
        if flag is None:
            continue
        spelling = inventory.spelling[key].most_common(1)[0][0]
        attribute, value = flag
        carried = sum(inventory.directions[key][attribute].values())
        lines += [
            "",
            f"[shortcodes.{_toml_key(spelling)}]",
            f"# Inferred: {carried} of {inventory.uses[key]} uses "
            f"{'carries' if carried == 1 else 'carry'} a {attribute} attribute.",
            f"direction-flag = {_flag_literal(attribute, value)}",
        ]
    lines += [f"# {line}" for line in unlearned_flags(inventory)]
    return "\n".join(lines) + "\n"


def unlearned_flags(inventory: Inventory) -> List[str]:
    """Why a name whose direction attributes are all damaged gets no ``direction-flag``."""
    notes: List[str] = []
    for key in sorted(inventory.damaged_directions):
        if key in inventory.directions:
            continue
        spelling = inventory.spelling[key].most_common(1)[0][0]
        written = inventory.damaged_directions[key]
        example = written.most_common(1)[0][0]
        count = sum(written.values())
        notes.append(
            f"{spelling}: no direction-flag, as no engine reads its direction "
            f"attribute{'s' if count != 1 else ''} as written ({count}, such as {example})."
        )
    if notes:
        notes.append(
            "Run `contentlint check --fix` on them, then `contentlint init` again "
            "or add direction-flag by hand."
        )
    return notes


def run_init(root: str, *, stdout: TextIO, stderr: Optional[TextIO] = None) -> int:
    """Write ``root/.contentlint.toml`` from the repository's inventory."""
    errors = stderr if stderr is not None else sys.stderr
    if not os.path.isdir(root):
        errors.write(f"contentlint: error: {root}: not a folder\n")
        return EXIT_ERROR
    existing = _existing_config(root)
    if existing is not None:
        shown = os.path.join(root, existing).replace(os.sep, "/")
        errors.write(
            f"contentlint: error: {shown} already exists; init never overwrites a "
            "configuration (remove it first to start over)\n"
        )
        return EXIT_ERROR
    take_refused()
    inventory = take_inventory(root)
    refused = take_refused()
    text = render_config(inventory)
    target = os.path.join(root, CONFIG_NAME)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        errors.write(f"contentlint: error: {target} already exists\n")
        return EXIT_ERROR
    except OSError as error:
        errors.write(f"contentlint: error: cannot write {target}: {error.strerror}\n")
        return EXIT_ERROR
    stdout.write(
        f"wrote {target.replace(os.sep, '/')}: {len(inventory.uses)} shortcode names in "
        f"{inventory.files} files\n"
    )
    stdout.writelines(f"note: {line}\n" for line in unlearned_flags(inventory))
    for path, why in refused:
        stdout.write(f"note: {os.path.relpath(path).replace(os.sep, '/')}: {why}\n")
    return EXIT_OK
