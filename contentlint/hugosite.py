"""A Hugo site's languages: their declared text direction and where their pages live.

Discovery reads these once per site; rules only see the results (in
``Registry``).  Hugo matches configuration keys case-insensitively, so every
key is lower-cased here.  YAML is read with the front-matter reader of
``contentlint.frontmatter``.  A language's direction is ``direction`` (Hugo 0.158
and later) or the older ``languageDirection``; when both are set,
``direction`` wins.  Unreadable or invalid configuration files are skipped:
a broken site configuration is Hugo's to report, not a reason to stop.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple

FORMATS = (".toml", ".yaml", ".yml", ".json")
CONFIG_NAMES = ("hugo", "config")  # ``hugo.*`` is preferred over the older ``config.*``
CONFIG_DIR = os.path.join("config", "_default")
# Hugo's default when ``defaultContentLanguage`` is not set.
HUGO_DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class HugoLanguage:
    key: str
    direction: Optional[str] = None  # as written; None when unset
    content_dir: Optional[str] = None


@dataclass(frozen=True)
class HugoSite:
    root: str
    languages: Mapping[str, HugoLanguage]
    default_language: Optional[str] = None  # ``defaultContentLanguage``, lower-cased

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


def read_site(site_root: str) -> HugoSite:
    """The languages declared by the site at ``site_root``.

    Read from ``config/_default/`` (its main file and ``languages.*``), then
    the root ``hugo.*`` or ``config.*`` file, which wins.
    """
    root = os.path.abspath(site_root)
    merged: Dict[str, Any] = {}
    for path in _config_files(root):
        data = _read_config(path)
        if data is None:
            continue
        if os.path.basename(path).split(".")[0].lower() == "languages":
            data = {"languages": data}
        _merge(merged, data)
    return _site_from_config(root, merged)


def read_language_directions(site_root: str) -> Dict[str, Optional[str]]:
    """Language key (lower-cased) -> its declared direction as written, ``None`` when unset."""
    return read_site(site_root).language_directions()


_site_cache: Dict[str, Tuple[Tuple[Tuple[str, int, int], ...], HugoSite]] = {}


def page_language(
    path: str, site_root: str, default_language: Optional[str] = None
) -> Optional[str]:
    """The language of the page at ``path`` in the Hugo site at ``site_root``.

    The site's configuration is read once and read again only when one of
    its files changes.
    """
    root = os.path.abspath(site_root)
    signature = _signature(root)
    cached = _site_cache.get(root)
    if cached is None or cached[0] != signature:
        cached = (signature, read_site(root))
        _site_cache[root] = cached
    return cached[1].page_language(path, default_language)


def _first_existing(folder: str, names: Tuple[str, ...]) -> Optional[str]:
    for name in names:
        for extension in FORMATS:
            candidate = os.path.join(folder, name + extension)
            if os.path.isfile(candidate):
                return candidate
    return None


def _config_files(root: str) -> Iterator[str]:
    """Configuration files, lowest precedence first: the config folder, then the root file."""
    folder = os.path.join(root, CONFIG_DIR)
    if os.path.isdir(folder):
        main = _first_existing(folder, CONFIG_NAMES)
        if main is not None:
            yield main
        languages = _first_existing(folder, ("languages",))
        if languages is not None:
            yield languages
    main = _first_existing(root, CONFIG_NAMES)
    if main is not None:
        yield main


def _signature(root: str) -> Tuple[Tuple[str, int, int], ...]:
    entries: List[Tuple[str, int, int]] = []
    for path in _config_files(root):
        try:
            status = os.stat(path)
        except OSError:
            continue
        entries.append((path, status.st_mtime_ns, status.st_size))
    return tuple(entries)


def _read_config(path: str) -> Optional[Dict[str, Any]]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
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
    return _lower_keys(data) if isinstance(data, dict) else None


def _load_toml(text: str) -> Dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python < 3.11
        import tomli as tomllib
    data: Dict[str, Any] = tomllib.loads(text)
    return data


def _load_yaml(text: str) -> Optional[Dict[str, Any]]:
    """Read YAML with the front-matter reader: the document is wrapped in ``---`` lines."""
    from contentlint import frontmatter

    lines = text.splitlines()
    if lines and lines[0].rstrip() == "---":  # an explicit document start
        lines = lines[1:]
    for index, line in enumerate(lines):
        if line.startswith(("---", "...")):  # a second document, or the end marker
            lines = lines[:index]
            break
    block = frontmatter.split("---\n" + "\n".join(lines) + "\n---\n")
    return None if block is None else block.data


def _lower_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key).lower(): _lower_keys(item) for key, item in value.items()}
    return value


def _merge(target: Dict[str, Any], source: Mapping[str, Any]) -> None:
    for key, value in source.items():
        existing = target.get(key)
        if isinstance(existing, dict) and isinstance(value, dict):
            _merge(existing, value)
        else:
            target[key] = value


def _string(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def _site_from_config(root: str, config: Mapping[str, Any]) -> HugoSite:
    languages: Dict[str, HugoLanguage] = {}
    table = config.get("languages")
    if isinstance(table, dict):
        for key, settings in table.items():
            if not isinstance(settings, dict):
                continue
            direction = _string(settings.get("direction"))
            if direction is None:
                direction = _string(settings.get("languagedirection"))
            languages[key] = HugoLanguage(key, direction, _string(settings.get("contentdir")))
    default = _string(config.get("defaultcontentlanguage"))
    return HugoSite(root, languages, default.lower() if default else None)
