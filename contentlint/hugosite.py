"""A Hugo site as Hugo sees it on disk: configuration, languages, themes and modules.

Discovery reads a site once per run; rules only see the results (in
``Registry``).  Hugo matches configuration keys case-insensitively, so every
key is lower-cased here.  YAML is read with the front-matter reader of
``contentlint.frontmatter``; a top-level key whose YAML it cannot read is
skipped alone.  Unreadable or invalid configuration files are skipped: a
broken site configuration is Hugo's to report, not a reason to stop.

Configuration: the files of ``config/_default/`` (``hugo.*`` or ``config.*``
for the root, any other ``NAME.*`` for the key ``NAME``), then the root
``hugo.*`` or ``config.*`` file, which wins.

Templates come from *components*, in Hugo's order of precedence: the project,
then each import in declaration order, each followed by its own imports
(``module.imports`` first, then ``theme``, a string or a list).  An import
path resolves, as Hugo resolves it without a Go toolchain, to:

* its ``module.replacements`` (or ``HUGO_MODULE_REPLACEMENTS``) target, a
  folder that is absolute or relative to the themes folder;
* else the folder a Go workspace file (``module.workspace``, or
  ``HUGO_MODULE_WORKSPACE``) uses for that module path (its ``go.mod``);
* else ``_vendor/PATH`` of the project or of the importing module, when
  that ``_vendor/modules.txt`` lists it (``hugo mod vendor`` writes both);
* else ``THEMESDIR/PATH``, which covers nested names such as ``docsy/theme``.

The themes folder is, as for ``hugo --themesDir``, the first of: the
``HUGO_THEMESDIR`` environment variable (what the build itself uses),
contentlint's ``themes-dir`` setting (``Settings.themes_dir``, for a site
whose build passes ``--themesDir``), the site's ``themesDir``, ``themes``.
Relative values of the first and the third are relative to the site's folder.

A component's layouts are its ``layouts`` folder, unless it mounts folders
on ``layouts`` (``module.mounts``), which then replace it.  A component that
is not on disk is *missing*: the site's template list is then incomplete.

A language's direction is ``direction`` (Hugo 0.158 and later) or the older
``languageDirection``; when both are set, ``direction`` wins.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Set, Tuple

FORMATS = (".toml", ".yaml", ".yml", ".json")
CONFIG_NAMES = ("hugo", "config")  # ``hugo.*`` is preferred over the older ``config.*``
CONFIG_DIR = os.path.join("config", "_default")
# Hugo's default when ``defaultContentLanguage`` is not set.
HUGO_DEFAULT_LANGUAGE = "en"
DEFAULT_THEMES_DIR = "themes"
VENDOR_DIR = "_vendor"
# The Hugo release that renamed ``languageDirection`` to ``direction``.
DIRECTION_KEY_SINCE = (0, 158, 0)
# How deep module imports may nest before a cycle is assumed.
MAX_IMPORT_DEPTH = 16
# What a configuration file that is not read (a FIFO, a device...) costs.
SKIPPED_CONFIG = "skipped: the Hugo site is read without it, so results may differ"

Version = Tuple[int, int, int]


@dataclass(frozen=True)
class Declaration:
    """Where the configuration declares something (1-based line)."""

    path: str
    line: int = 1


@dataclass(frozen=True)
class HugoLanguage:
    key: str
    direction: Optional[str] = None  # as written; None when unset
    content_dir: Optional[str] = None
    declared: Optional[Declaration] = None


@dataclass(frozen=True)
class HugoComponent:
    """A theme or module the site imports."""

    path: str  # as declared: a theme name or a module path
    kind: str  # "theme" | "module"
    folder: Optional[str]  # where it lies on disk; None when missing
    declared: Declaration
    layouts: Tuple[str, ...] = ()  # its layout folders, when on disk
    looked_in: str = ""  # where a missing component was expected


@dataclass(frozen=True)
class HugoVersionRange:
    """The Hugo versions a site builds with (``module.hugoVersion`` or ``hugo-version``)."""

    minimum: Optional[Version] = None
    maximum: Optional[Version] = None

    @property
    def known(self) -> bool:
        return self.minimum is not None or self.maximum is not None


@dataclass(frozen=True)
class HugoSite:
    root: str
    languages: Mapping[str, HugoLanguage]
    default_language: Optional[str] = None  # ``defaultContentLanguage``, lower-cased
    # The project's layout folders, then each component's, highest precedence first.
    layout_folders: Tuple[str, ...] = ()
    components: Tuple[HugoComponent, ...] = ()
    hugo_version: HugoVersionRange = HugoVersionRange()
    config_files: Tuple[str, ...] = ()
    default_language_declared: Optional[Declaration] = None
    # Folders whose files Hugo reads as content: ``contentDir`` (default
    # ``content``), each language's ``contentDir``, and the project's mounts
    # on ``content``.
    content_folders: Tuple[str, ...] = ()
    # What chose the themes folder (see ``themes_folder``): "HUGO_THEMESDIR",
    # "themes-dir", "themesDir", or "" for the default.
    themes_chosen_by: str = ""

    def holds_content(self, path: str) -> bool:
        """Whether Hugo builds the file at ``path`` as a page of this site."""
        absolute = os.path.abspath(path)
        return any(absolute.startswith(folder + os.sep) for folder in self.content_folders)

    @property
    def missing(self) -> Tuple[HugoComponent, ...]:
        return tuple(c for c in self.components if c.folder is None)

    def language_directions(self) -> Dict[str, Optional[str]]:
        return {key: language.direction for key, language in self.languages.items()}

    def page_language(self, path: str, default_language: Optional[str] = None) -> Optional[str]:
        """The language of the content file at ``path``.

        A language suffix in the file name (``about.ar.md``) wins, then the
        language whose ``contentDir`` holds the file, then the default.
        """
        parts = os.path.basename(path).split(".")
        if len(parts) >= 3 and parts[-2].lower() in self.languages:
            return parts[-2].lower()
        absolute = os.path.abspath(path)
        best: Optional[Tuple[int, str]] = None
        for language in self.languages.values():
            if not language.content_dir:
                continue
            folder = os.path.normpath(os.path.join(self.root, language.content_dir))
            if absolute.startswith(folder + os.sep) and (best is None or len(folder) > best[0]):
                best = (len(folder), language.key)
        if best is not None:
            return best[1]
        chosen = default_language or self.default_language or HUGO_DEFAULT_LANGUAGE
        return chosen.lower()


# --- reading configuration -------------------------------------------------------------------


@dataclass(frozen=True)
class _ConfigFile:
    path: str
    text: str
    key: Optional[str]  # the top-level key a ``config/_default/NAME.*`` file holds
    data: Mapping[str, Any]


@dataclass(frozen=True)
class _Config:
    """A folder's merged configuration, and the files it came from (lowest precedence first)."""

    data: Mapping[str, Any]
    files: Tuple[_ConfigFile, ...]

    def where(self, *keys: str, value: Optional[str] = None) -> Declaration:
        """The line that declares ``keys`` (and ``value`` after them), best effort."""
        for file in reversed(self.files):
            path = list(keys)
            if file.key is not None:
                if not path or path[0] != file.key:
                    continue
                path = path[1:]
            line = _find_line(file.text, path, value)
            if line is not None:
                return Declaration(file.path, line)
        return Declaration(self.files[-1].path if self.files else "", 1)


def _first_existing(folder: str, names: Tuple[str, ...]) -> Optional[str]:
    for name in names:
        for extension in FORMATS:
            candidate = os.path.join(folder, name + extension)
            if os.path.isfile(candidate) or _refused(candidate, SKIPPED_CONFIG):
                return candidate
    return None


def _config_files(root: str) -> Iterator[Tuple[str, Optional[str]]]:
    """``(path, key)`` of the configuration files, lowest precedence first."""
    folder = os.path.join(root, CONFIG_DIR)
    if os.path.isdir(folder):
        main = _first_existing(folder, CONFIG_NAMES)
        if main is not None:
            yield main, None
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            names = []
        for name in names:
            stem, extension = os.path.splitext(name)
            if extension.lower() not in FORMATS or stem.lower() in CONFIG_NAMES or "." in stem:
                continue  # ``menus.en.toml`` and the like hold per-language settings
            yield os.path.join(folder, name), stem.lower()
    main = _first_existing(root, CONFIG_NAMES)
    if main is not None:
        yield main, None


def _refused(path: str, consequence: str) -> bool:
    """Whether ``path`` is there, but not as a regular file (it is then refused)."""
    from contentlint.safeio import is_regular_or_refuse

    return os.path.lexists(path) and not is_regular_or_refuse(path, consequence)


def _read_text(path: str, consequence: str) -> Optional[str]:
    """The UTF-8 text of a file of the site; None when it is not a regular file or not UTF-8."""
    from contentlint.safeio import read_support_or_refuse

    data = read_support_or_refuse(path, consequence)
    try:
        return data.decode("utf-8-sig") if data is not None else None
    except UnicodeDecodeError:
        return None


def _read_config(path: str) -> Optional[Tuple[str, Dict[str, Any]]]:
    text = _read_text(path, SKIPPED_CONFIG)
    if text is None:
        return None
    extension = os.path.splitext(path)[1].lower()
    data: Any
    try:
        if extension == ".toml":
            data = _load_toml(text)
        elif extension == ".json":
            data = json.loads(text)
        else:
            data = _load_yaml(text)
    except ValueError:  # TOMLDecodeError and JSONDecodeError are ValueErrors
        return None
    return (text, _lower_keys(data)) if isinstance(data, dict) else None


def _load_toml(text: str) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11
        import tomli as tomllib
    data: Dict[str, Any] = tomllib.loads(text)
    return data


_ANCHOR = re.compile(r"&([A-Za-z0-9_-]+)[ \t]+([^\s#{}\[\],&*][^#\n]*?)[ \t]*(?:#.*)?$", re.M)
_ALIAS = re.compile(r"(?<=[:\-\s])\*([A-Za-z0-9_-]+)")


def _load_yaml(text: str) -> Dict[str, Any]:
    """Read YAML with the front-matter reader, one top-level key at a time.

    A key whose value the reader cannot take is left out; the others are
    kept.  Scalar anchors (``&name 0.160.1``) stand in for their aliases.
    """
    lines = text.splitlines()
    if lines and lines[0].rstrip() == "---":  # an explicit document start
        lines = lines[1:]
    for index, line in enumerate(lines):
        if line.startswith(("---", "...")):  # a second document, or the end marker
            lines = lines[:index]
            break
    body = "\n".join(lines)
    anchors = {match.group(1): match.group(2) for match in _ANCHOR.finditer(body)}
    if anchors:
        body = _ANCHOR.sub(lambda match: match.group(2), body)
        body = _ALIAS.sub(lambda match: anchors.get(match.group(1), match.group(0)), body)
    data: Dict[str, Any] = {}
    for chunk in _top_level_chunks(body.split("\n")):
        parsed = _parse_yaml_block(chunk)
        if parsed is not None:
            data.update(parsed)
    return data


def _top_level_chunks(lines: Sequence[str]) -> Iterator[List[str]]:
    chunk: List[str] = []
    for line in lines:
        starts_key = bool(line) and not line[0].isspace() and line[0] not in "#-"
        if starts_key and chunk:
            yield chunk
            chunk = []
        chunk.append(line)
    if chunk:
        yield chunk


def _parse_yaml_block(lines: Sequence[str]) -> Optional[Dict[str, Any]]:
    from contentlint import frontmatter

    block = frontmatter.split("---\n" + "\n".join(lines) + "\n---\n")
    return None if block is None else block.data


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key).lower(): _lower_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower_keys(item) for item in value]
    return value


def _merge(target: Dict[str, Any], source: Mapping[str, Any]) -> None:
    for key, value in source.items():
        existing = target.get(key)
        if isinstance(existing, dict) and isinstance(value, dict):
            _merge(existing, value)
        else:
            target[key] = value


def read_config(folder: str) -> _Config:
    merged: Dict[str, Any] = {}
    files: List[_ConfigFile] = []
    for path, key in _config_files(folder):
        read = _read_config(path)
        if read is None:
            continue
        text, data = read
        files.append(_ConfigFile(path, text, key, data))
        _merge(merged, {key: data} if key is not None else data)
    return _Config(merged, tuple(files))


def _find_line(text: str, keys: Sequence[str], value: Optional[str]) -> Optional[int]:
    """The line of the last of ``keys`` (each searched after the previous one), or of ``value``."""
    position = 0
    for key in keys:
        pattern = re.compile(
            r"(?:^|[\s\[.{,])[\"']?" + re.escape(key) + r"[\"']?\s*(?:[:=.\]])",
            re.IGNORECASE | re.MULTILINE,
        )
        match = pattern.search(text, position)
        if match is None:
            return None
        position = match.start() + (1 if text[match.start()].isspace() else 0)
    if value is not None:
        found = text.find(value, position)
        if found < 0:
            return None
        position = found
    return text.count("\n", 0, position) + 1


def _string(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def _strings(value: Any) -> List[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [item.strip() for item in value if isinstance(item, str) and item.strip()]
    return []


def parse_version(value: Any) -> Optional[Version]:
    """``0.160.1`` (or ``v0.160``, or a number such as ``0.16``) as a version tuple."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][\w.]*)?\s*", value)
    if match is None:
        return None
    major, minor, patch = (int(group) if group else 0 for group in match.groups())
    return (major, minor, patch)


def _version_range(config: Mapping[str, Any]) -> HugoVersionRange:
    module = config.get("module")
    declared = module.get("hugoversion") if isinstance(module, dict) else None
    if not isinstance(declared, dict):
        return HugoVersionRange()
    return HugoVersionRange(parse_version(declared.get("min")), parse_version(declared.get("max")))


# --- components ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Import:
    path: str
    kind: str
    declared: Declaration


def _imports(config: _Config) -> List[_Import]:
    """A configuration's imports: ``module.imports``, then ``theme`` (Hugo's order)."""
    found: List[_Import] = []
    module = config.data.get("module")
    imports = module.get("imports") if isinstance(module, dict) else None
    if isinstance(imports, dict):
        imports = [imports]
    if isinstance(imports, list):
        for entry in imports:
            if isinstance(entry, str):
                entry = {"path": entry}
            if not isinstance(entry, dict) or entry.get("disable") is True:
                continue
            path = _string(entry.get("path"))
            if path:
                found.append(_Import(path, "module", config.where("module", "imports", value=path)))
    for theme in _strings(config.data.get("theme")):
        found.append(_Import(theme, "theme", config.where("theme", value=theme)))
    return found


def _layout_folders(folder: str, config: _Config) -> Tuple[str, ...]:
    """The folders a component mounts on ``layouts`` (its ``layouts`` folder by default)."""
    module = config.data.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    if isinstance(mounts, dict):
        mounts = [mounts]
    folders: List[str] = []
    declared = False
    if isinstance(mounts, list):
        for mount in mounts:
            if not isinstance(mount, dict) or mount.get("disable") is True:
                continue
            source, target = _string(mount.get("source")), _string(mount.get("target"))
            if not source or not target:
                continue
            target = target.replace("\\", "/").strip("/")
            if target != "layouts" and not target.startswith("layouts/"):
                continue
            declared = True
            if target == "layouts":
                folders.append(os.path.normpath(os.path.join(folder, source)))
    if not declared:
        folders.append(os.path.join(folder, "layouts"))
    return tuple(folders)


def _content_folders(root: str, config: Mapping[str, Any]) -> Tuple[str, ...]:
    folders = [_string(config.get("contentdir")) or "content"]
    languages = config.get("languages")
    if isinstance(languages, dict):
        for settings in languages.values():
            if isinstance(settings, dict) and _string(settings.get("contentdir")):
                folders.append(settings["contentdir"])
    module = config.get("module")
    mounts = module.get("mounts") if isinstance(module, dict) else None
    for mount in mounts if isinstance(mounts, list) else []:
        if not isinstance(mount, dict):
            continue
        source, target = _string(mount.get("source")), _string(mount.get("target"))
        if source and target and target.replace("\\", "/").strip("/").split("/")[0] == "content":
            folders.append(source)
    return tuple(dict.fromkeys(os.path.normpath(os.path.join(root, f)) for f in folders))


def _replacements(config: Mapping[str, Any]) -> Dict[str, str]:
    pairs: List[str] = []
    module = config.get("module")
    if isinstance(module, dict):
        pairs.extend(_strings(module.get("replacements")))
    pairs.extend(_strings(os.environ.get("HUGO_MODULE_REPLACEMENTS", "")))
    replacements: Dict[str, str] = {}
    for pair in pairs:
        if "->" in pair:
            source, target = pair.split("->", 1)
            replacements[source.strip()] = target.strip()
    return replacements


def _workspace_modules(root: str, config: Mapping[str, Any]) -> Dict[str, str]:
    """Module path -> folder for the modules a Go workspace file lists (``module.workspace``).

    Hugo reads a ``go.work``-style file (``HUGO_MODULE_WORKSPACE`` or the
    setting; ``off`` by default): each ``use`` line names a folder whose
    ``go.mod`` declares the module that folder provides.
    """
    module = config.get("module")
    setting = os.environ.get("HUGO_MODULE_WORKSPACE") or (
        _string(module.get("workspace")) if isinstance(module, dict) else None
    )
    if not setting or setting == "off":
        return {}
    work = os.path.normpath(os.path.join(root, setting))
    text = _read_text(work, "skipped: the workspace's modules are looked for elsewhere")
    if text is None:
        return {}
    lines = text.splitlines()
    used: List[str] = []
    in_block = False
    for raw in lines:
        line = raw.split("//", 1)[0].strip()
        if in_block:
            if line == ")":
                in_block = False
            elif line:
                used.append(line)
        elif line in ("use (", "use("):
            in_block = True
        elif line.startswith("use "):
            used.append(line[4:].strip())
    modules: Dict[str, str] = {}
    for folder in used:
        folder = os.path.normpath(os.path.join(os.path.dirname(work), folder.strip('"')))
        name = _go_module_name(folder)
        if name is not None:
            modules.setdefault(name, folder)
    return modules


def _go_module_name(folder: str) -> Optional[str]:
    text = _read_text(
        os.path.join(folder, "go.mod"),
        "skipped: the workspace does not provide this folder's module",
    )
    for line in (text or "").splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "module":
            return words[1].strip('"')
    return None


def _resolve(
    entry: _Import,
    owner: str,
    root: str,
    themes_dir: str,
    replacements: Mapping[str, str],
    workspace: Mapping[str, str],
) -> Tuple[Optional[str], str]:
    """``(folder or None, where it was expected)`` for one import."""
    path = entry.path
    replaced = replacements.get(path)
    if replaced is not None:
        candidate = replaced if os.path.isabs(replaced) else os.path.join(themes_dir, replaced)
        candidate = os.path.normpath(candidate)
        return (candidate if os.path.isdir(candidate) else None), candidate
    if path in workspace and os.path.isdir(workspace[path]):
        return workspace[path], workspace[path]
    for base in dict.fromkeys((root, owner)):
        vendored = os.path.join(base, VENDOR_DIR, *path.split("/"))
        if path in _vendored_paths(base) and os.path.isdir(vendored):
            return vendored, vendored
    candidate = path if os.path.isabs(path) else os.path.join(themes_dir, *path.split("/"))
    candidate = os.path.normpath(candidate)
    return (candidate if os.path.isdir(candidate) else None), candidate


def _vendored_paths(folder: str) -> Set[str]:
    """Module paths that ``_vendor/modules.txt`` lists (``# PATH VERSION`` lines).

    Hugo uses a ``_vendor/PATH`` folder only when this file lists it.
    """
    text = _read_text(
        os.path.join(folder, VENDOR_DIR, "modules.txt"),
        "skipped: the modules vendored beside it are looked for elsewhere",
    )
    lines = (text or "").splitlines()
    return {line[1:].split()[0] for line in lines if line.startswith("#") and line[1:].split()}


def themes_folder(
    root: str, config: Mapping[str, Any], configured: Optional[str]
) -> Tuple[str, str]:
    """The folder Hugo finds themes in, and what chose it (``HugoSite.themes_chosen_by``):
    ``HUGO_THEMESDIR``, else ``configured`` (contentlint's ``themes-dir``,
    absolute), else the site's ``themesDir``, else ``themes``; relative ones are
    relative to the site's folder ``root``."""
    choices = (
        (os.environ.get("HUGO_THEMESDIR"), "HUGO_THEMESDIR"),
        (configured, "themes-dir"),
        (_string(config.get("themesdir")), "themesDir"),
    )
    setting, chosen_by = next(
        ((value, by) for value, by in choices if value), (DEFAULT_THEMES_DIR, "")
    )
    return os.path.normpath(os.path.join(root, setting)), chosen_by


def _components(root: str, config: _Config, themes_dir: str) -> List[HugoComponent]:
    replacements = _replacements(config.data)
    workspace = _workspace_modules(root, config.data)
    components: List[HugoComponent] = []
    seen: Set[str] = set()

    def visit(owner: str, owner_config: _Config, depth: int) -> None:
        if depth > MAX_IMPORT_DEPTH:
            return
        for entry in _imports(owner_config):
            if entry.path in seen:
                continue
            seen.add(entry.path)
            folder, looked_in = _resolve(entry, owner, root, themes_dir, replacements, workspace)
            if folder is None:
                components.append(
                    HugoComponent(entry.path, entry.kind, None, entry.declared, (), looked_in)
                )
                continue
            own = read_config(folder)
            components.append(
                HugoComponent(
                    entry.path, entry.kind, folder, entry.declared, _layout_folders(folder, own)
                )
            )
            visit(folder, own, depth + 1)

    visit(root, config, 0)
    return components


# --- the site --------------------------------------------------------------------------------


def read_site(site_root: str, themes_dir: Optional[str] = None) -> HugoSite:
    """Everything discovery needs from the site at ``site_root``; ``themes_dir`` is
    contentlint's ``themes-dir`` setting (``Settings.themes_dir``), when set."""
    root = os.path.abspath(site_root)
    config = read_config(root)
    themes, themes_chosen_by = themes_folder(root, config.data, themes_dir)
    components = _components(root, config, themes)
    layouts: List[str] = list(_layout_folders(root, config))
    for component in components:
        layouts.extend(component.layouts)
    languages: Dict[str, HugoLanguage] = {}
    table = config.data.get("languages")
    if isinstance(table, dict):
        for key, settings in table.items():
            if not isinstance(settings, dict):
                continue
            direction = _string(settings.get("direction"))
            if direction is None:
                direction = _string(settings.get("languagedirection"))
            languages[key] = HugoLanguage(
                key,
                direction,
                _string(settings.get("contentdir")),
                config.where("languages", key),
            )
    default = _string(config.data.get("defaultcontentlanguage"))
    return HugoSite(
        root,
        languages,
        default.lower() if default else None,
        tuple(dict.fromkeys(layouts)),
        tuple(components),
        _version_range(config.data),
        tuple(file.path for file in config.files),
        config.where("defaultcontentlanguage") if default else None,
        _content_folders(root, config.data),
        themes_chosen_by,
    )


def read_language_directions(site_root: str) -> Dict[str, Optional[str]]:
    """Language key (lower-cased) -> its declared direction as written, ``None`` when unset."""
    return read_site(site_root).language_directions()


_Signature = Tuple[Tuple[str, int, int], ...]
# The site's folder, contentlint's ``themes-dir`` and ``HUGO_THEMESDIR``: each
# decides where its themes are found.
_SiteKey = Tuple[str, Optional[str], Optional[str]]
_site_cache: Dict[_SiteKey, Tuple[_Signature, HugoSite, List[Tuple[str, str]]]] = {}


def cached_site(site_root: str, themes_dir: Optional[str] = None) -> HugoSite:
    """The site at ``site_root`` (``themes_dir`` as for ``read_site``), read again only
    when one of its configuration files changes.

    The files refused while reading it are refused again on every use, so
    that each run reports them.
    """
    from contentlint.safeio import put_refused, take_refused

    root = os.path.abspath(site_root)
    signature = _signature(root)
    key = (root, themes_dir, os.environ.get("HUGO_THEMESDIR"))
    cached = _site_cache.get(key)
    earlier = take_refused()
    if cached is None or cached[0] != signature:
        site = read_site(root, themes_dir)
        cached = (signature, site, take_refused())
        _site_cache[key] = cached
    put_refused(earlier + cached[2])
    return cached[1]


def page_language(
    path: str, site_root: str, default_language: Optional[str] = None
) -> Optional[str]:
    """The language of the page at ``path`` in the Hugo site at ``site_root``."""
    return cached_site(site_root).page_language(path, default_language)


def _signature(root: str) -> _Signature:
    entries: List[Tuple[str, int, int]] = []
    for path, _key in _config_files(root):
        try:
            status = os.stat(path)
        except OSError:
            continue
        entries.append((path, status.st_mtime_ns, status.st_size))
    return tuple(entries)


def direction_key(version: HugoVersionRange) -> str:
    """The language key that every Hugo version the site builds with reads."""
    oldest = version.minimum if version.minimum is not None else version.maximum
    if oldest is not None and oldest < DIRECTION_KEY_SINCE:
        return "languageDirection"
    return "direction"


def site_version(
    declared: Optional[HugoVersionRange], configured: Optional[str]
) -> HugoVersionRange:
    """The Hugo versions a site builds with: ``hugo-version`` from contentlint's
    configuration (``Settings.hugo_version``, one release) wins over the
    site's ``module.hugoVersion`` (``Registry.hugo_version``)."""
    version = parse_version(configured) if configured else None
    if version is not None:
        return HugoVersionRange(version, version)
    return declared if declared is not None else HugoVersionRange()


def likely_release(declared: HugoVersionRange) -> Optional[Version]:
    """The Hugo release that most likely builds a site that declares ``declared``.

    None when the site says nothing, or when contentlint's assumed release
    (``presets.DEFAULT_HUGO_VERSION``) lies in the range; else the bound
    nearest to it.
    """
    from contentlint.presets import DEFAULT_HUGO_VERSION

    if declared.maximum is not None and declared.maximum < DEFAULT_HUGO_VERSION:
        return declared.maximum
    if declared.minimum is not None and declared.minimum > DEFAULT_HUGO_VERSION:
        return declared.minimum
    return None
