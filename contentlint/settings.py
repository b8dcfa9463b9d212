"""Resolved settings for one file: what the configuration file says, after presets.

``contentlint.config`` reads and validates configuration files into these
values; everything else only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, FrozenSet, Mapping, Optional, Tuple

DEFAULT_MAX_FILE_SIZE = 256 * 1024 * 1024
DEFAULT_EXTENSIONS: Tuple[str, ...] = (
    ".md",
    ".markdown",
    ".mdown",
    ".mkd",
    ".mdx",
    ".html",
    ".htm",
    ".txt",
    ".xml",
)


@dataclass(frozen=True)
class AttributeSchema:
    enum: Optional[Tuple[str, ...]] = None
    pattern: Optional[str] = None
    type: Optional[str] = None  # "int" | "bool" | "url" | "color" | "string"


@dataclass(frozen=True)
class ShortcodeSchema:
    required: Tuple[str, ...] = ()
    direction_flag: Optional[str] = None  # e.g. 'rtl="true"'
    enclosing: Optional[str] = None  # "never" | "always" | "optional"
    deprecated: Optional[str] = None
    removed: Optional[str] = None
    attributes: Optional[Mapping[str, AttributeSchema]] = None  # None: not declared


@dataclass(frozen=True)
class Settings:
    dialect: str = "auto"  # "auto" | "wordpress" | "hugo"
    # ``hugo-version``: the Hugo release the site is built with, as written
    # (``"0.158.0"``); it overrides the site's ``module.hugoVersion``.
    hugo_version: Optional[str] = None
    # ``themes-dir``: the folder Hugo finds themes in (``hugo --themesDir``),
    # absolute, resolved against ``root``; it overrides the site's
    # ``themesDir``, and the ``HUGO_THEMESDIR`` environment variable overrides it.
    themes_dir: Optional[str] = None
    include: Tuple[str, ...] = ()
    exclude: Tuple[str, ...] = ()
    extend_exclude: Tuple[str, ...] = ()
    select: Optional[Tuple[str, ...]] = None  # None: the default set
    extend_select: Tuple[str, ...] = ()
    ignore: Tuple[str, ...] = ()
    per_file_ignores: Mapping[str, Tuple[str, ...]] = field(default_factory=dict)
    severity: Mapping[str, str] = field(default_factory=dict)
    # The least severe level reported: "warning" (everything) or "error".
    report_severity: str = "warning"
    presets: Tuple[str, ...] = ()
    known: FrozenSet[str] = frozenset()
    deny: FrozenSet[str] = frozenset()
    allow: FrozenSet[str] = frozenset()
    schemas: Mapping[str, ShortcodeSchema] = field(default_factory=dict)
    # Where the settings came from (a config file path), for messages.
    origin: Optional[str] = None
    root: Optional[str] = None  # the folder that holds the config file
    # The names the configuration itself lists in ``shortcodes.known`` (``known``
    # above also holds presets' and WordPress's own names).  When not empty,
    # the WordPress registry is declared and other names are unknown (SD002).
    declared_known: FrozenSet[str] = frozenset()
    # Larger files are not read (IO001); a WordPress export runs to hundreds of MB.
    max_file_size: int = DEFAULT_MAX_FILE_SIZE


@dataclass(frozen=True)
class Registry:
    """What the site itself defines, found by discovery (not by configuration).

    ``hugo_templates`` maps a Hugo shortcode name to whether its template uses
    ``.Inner``/``.InnerDeindent``; ``None`` when no Hugo site was found.
    ``wordpress_registered`` holds names from ``add_shortcode`` calls; ``None``
    when no ``wp-content`` tree was found.
    """

    hugo_templates: Optional[Mapping[str, bool]] = None
    wordpress_registered: Optional[FrozenSet[str]] = None
    # The Hugo site's folder, its languages' declared directions (language key
    # -> the ``direction``/``languageDirection`` value, None when unset), and
    # the language of the file being checked.
    hugo_site_root: Optional[str] = None
    hugo_language_directions: Optional[Mapping[str, Optional[str]]] = None
    page_language: Optional[str] = None
    # Names of the site's and themes' own templates (not Hugo's embedded
    # ones); None when no Hugo site was found.
    hugo_site_templates: Optional[FrozenSet[str]] = None
    # False when a theme or module the site declares is not on disk: a name
    # with no template may then come from it (reported once, on the
    # configuration, instead of as SD002 on every use).
    hugo_templates_complete: bool = True
    # The Hugo release that builds the site, as (major, minor, patch); None
    # when the site does not say (contentlint then assumes its default).
    hugo_version: Optional[Tuple[int, int, int]] = None


EMPTY_TEMPLATES: Dict[str, bool] = {}
