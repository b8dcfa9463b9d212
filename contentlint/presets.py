"""Named sets of shortcode knowledge that a configuration can switch on.

A preset contributes names (they count as known), denied names, and
per-shortcode schemas (attributes, inner content, deprecation).

* ``wordpress-core``: the shortcodes every WordPress registers (``audio``,
  ``video``, ``caption``, ``wp_caption``, ``gallery``, ``playlist``,
  ``embed``) with the attributes WordPress reads for each.
* ``hugo-embedded``: Hugo's embedded shortcodes with their parameters,
  including the removed ones (``tweet``, ``twitter``, ``twitter_simple``,
  ``gist``, ``instagram_simple``) and the deprecated ``comment``.
* ``security``: denies shortcodes that run code typed into the content.

Defaults when ``presets`` is not configured: ``security`` applies.  Whatever
is configured, the names of ``wordpress-core`` are always known (every
WordPress registers them) and, for Hugo files, the removed and deprecated
embedded shortcodes are always reported (they are facts of the engine);
attribute schemas of a preset (SD003-SD005) apply only when the preset is
listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, FrozenSet, Mapping, Optional, Tuple

from contentlint.settings import AttributeSchema, ShortcodeSchema


@dataclass(frozen=True)
class Preset:
    name: str
    description: str
    names: FrozenSet[str]
    deny: FrozenSet[str]
    schemas: Mapping[str, ShortcodeSchema]


_STRING = AttributeSchema()
_INT = AttributeSchema(type="int")
_BOOL = AttributeSchema(type="bool")
_URL = AttributeSchema(type="url")
_ORDER = AttributeSchema(pattern=r"(?i)^(asc|desc|rand)$")
_ID_LIST = AttributeSchema(pattern=r"^\s*[0-9]+(\s*,\s*[0-9]+)*\s*$")


def _attributes(**declared: AttributeSchema) -> Dict[str, AttributeSchema]:
    return dict(declared)


def _media_sources(extensions: Tuple[str, ...]) -> Dict[str, AttributeSchema]:
    return {extension: _URL for extension in extensions}


# What WordPress's own callbacks read (``shortcode_atts`` defaults); any other
# attribute is dropped silently by WordPress, which is what SD003 reports.
_CAPTION = ShortcodeSchema(
    attributes=_attributes(
        id=_STRING,
        caption_id=_STRING,
        align=AttributeSchema(enum=("alignnone", "alignleft", "alignright", "aligncenter")),
        width=_INT,
        caption=_STRING,
        **{"class": _STRING},
    )
)

_WORDPRESS_CORE_SCHEMAS: Dict[str, ShortcodeSchema] = {
    "audio": ShortcodeSchema(
        attributes={
            "src": _URL,
            "loop": _STRING,
            "autoplay": _STRING,
            "preload": AttributeSchema(enum=("none", "auto", "metadata")),
            "class": _STRING,
            "style": _STRING,
            **_media_sources(("mp3", "ogg", "flac", "m4a", "wav", "wma")),
        }
    ),
    "video": ShortcodeSchema(
        attributes={
            "src": _URL,
            "poster": _URL,
            "loop": _STRING,
            "autoplay": _STRING,
            "muted": _STRING,
            "preload": AttributeSchema(enum=("none", "auto", "metadata")),
            "width": _INT,
            "height": _INT,
            "class": _STRING,
            **_media_sources(("mp4", "m4v", "webm", "ogv", "flv", "wmv")),
        }
    ),
    "caption": _CAPTION,
    "wp_caption": _CAPTION,
    "gallery": ShortcodeSchema(
        attributes={
            "ids": _ID_LIST,
            "id": _INT,
            "order": _ORDER,
            "orderby": _STRING,
            "itemtag": _STRING,
            "icontag": _STRING,
            "captiontag": _STRING,
            "columns": _INT,
            "size": _STRING,
            "include": _ID_LIST,
            "exclude": _ID_LIST,
            "link": _STRING,
            "type": _STRING,
        }
    ),
    "playlist": ShortcodeSchema(
        attributes={
            "type": AttributeSchema(enum=("audio", "video")),
            "order": _ORDER,
            "orderby": _STRING,
            "id": _INT,
            "ids": _ID_LIST,
            "include": _ID_LIST,
            "exclude": _ID_LIST,
            "style": AttributeSchema(enum=("light", "dark")),
            "tracklist": _STRING,
            "tracknumbers": _STRING,
            "images": _STRING,
            "artists": _STRING,
        }
    ),
    "embed": ShortcodeSchema(attributes={"width": _INT, "height": _INT, "src": _URL}),
}

WORDPRESS_CORE_NAMES: FrozenSet[str] = frozenset(_WORDPRESS_CORE_SCHEMAS)

# Hugo's embedded shortcodes and whether their template uses .Inner (as
# observed with Hugo 0.168).
HUGO_EMBEDDED_INNER: Mapping[str, bool] = {
    "comment": True,
    "details": True,
    "figure": False,
    "gist": False,
    "highlight": True,
    "instagram": False,
    "instagram_simple": False,
    "param": False,
    "qr": True,
    "ref": False,
    "relref": False,
    "tweet": False,
    "twitter": False,
    "twitter_simple": False,
    "vimeo": False,
    "vimeo_simple": False,
    "x": False,
    "x_simple": False,
    "youtube": False,
}

_TWITTER_REMOVED = (
    'The "twitter", "tweet", and "twitter_simple" shortcodes were deprecated in v0.142.0 '
    'and removed in v0.156.0. Please use the "x" shortcode instead.'
)

HUGO_REMOVED: Mapping[str, str] = {
    "tweet": _TWITTER_REMOVED,
    "twitter": _TWITTER_REMOVED,
    "twitter_simple": _TWITTER_REMOVED,
    "gist": 'The "gist" shortcode was deprecated in v0.143.0 and removed in v0.156.0.',
    "instagram_simple": (
        'The "instagram_simple" shortcode was removed in v0.123.0. '
        'Use the "instagram" shortcode instead.'
    ),
}

HUGO_DEPRECATED: Mapping[str, str] = {
    "comment": (
        'The "comment" shortcode was deprecated in v0.143.0 and will be removed in a future '
        "release. Please use HTML comments instead."
    ),
}

_LOADING = AttributeSchema(enum=("lazy", "eager"))
_FLAG = AttributeSchema(enum=("true", "false", "1", "0"))

# Positional parameters are declared under their index ("0", "1", ...).
_HUGO_EMBEDDED_SCHEMAS: Dict[str, ShortcodeSchema] = {
    "comment": ShortcodeSchema(enclosing="always", attributes={}),
    "details": ShortcodeSchema(
        enclosing="optional",
        attributes={
            "class": _STRING,
            "name": _STRING,
            "summary": _STRING,
            "title": _STRING,
            "open": _FLAG,
        },
    ),
    "figure": ShortcodeSchema(
        enclosing="never",
        attributes={
            "src": _STRING,
            "link": _STRING,
            "target": _STRING,
            "rel": _STRING,
            "alt": _STRING,
            "title": _STRING,
            "caption": _STRING,
            "class": _STRING,
            "height": _STRING,
            "width": _STRING,
            "loading": _LOADING,
            "attr": _STRING,
            "attrlink": _STRING,
        },
    ),
    "highlight": ShortcodeSchema(enclosing="always", attributes={"0": _STRING, "1": _STRING}),
    "instagram": ShortcodeSchema(enclosing="never", required=("0",), attributes={"0": _STRING}),
    "param": ShortcodeSchema(enclosing="never", required=("0",), attributes={"0": _STRING}),
    "qr": ShortcodeSchema(
        enclosing="optional",
        attributes={
            "text": _STRING,
            "level": AttributeSchema(enum=("low", "medium", "quartile", "high")),
            "scale": _INT,
            "targetDir": _STRING,
            "alt": _STRING,
            "class": _STRING,
            "id": _STRING,
            "title": _STRING,
            "loading": _LOADING,
        },
    ),
    "ref": ShortcodeSchema(
        enclosing="never",
        attributes={
            "0": _STRING,
            "1": _STRING,
            "path": _STRING,
            "lang": _STRING,
            "outputFormat": _STRING,
        },
    ),
    "relref": ShortcodeSchema(
        enclosing="never",
        attributes={
            "0": _STRING,
            "1": _STRING,
            "path": _STRING,
            "lang": _STRING,
            "outputFormat": _STRING,
        },
    ),
    "vimeo": ShortcodeSchema(
        enclosing="never",
        attributes={
            "0": _STRING,
            "1": _STRING,
            "2": _STRING,
            "3": _STRING,
            "id": _STRING,
            "class": _STRING,
            "title": _STRING,
            "loading": _LOADING,
            "allowFullScreen": _FLAG,
        },
    ),
    "vimeo_simple": ShortcodeSchema(
        enclosing="never", attributes={"0": _STRING, "1": _STRING, "id": _STRING, "class": _STRING}
    ),
    "x": ShortcodeSchema(
        enclosing="never", required=("user", "id"), attributes={"user": _STRING, "id": _STRING}
    ),
    "x_simple": ShortcodeSchema(
        enclosing="never", required=("user", "id"), attributes={"user": _STRING, "id": _STRING}
    ),
    "youtube": ShortcodeSchema(
        enclosing="never",
        attributes={
            "0": _STRING,
            "id": _STRING,
            "allowFullScreen": _FLAG,
            "autoplay": _FLAG,
            "class": _STRING,
            "controls": _FLAG,
            "end": _INT,
            "loading": _LOADING,
            "loop": _FLAG,
            "mute": _FLAG,
            "start": _INT,
            "title": _STRING,
        },
    ),
}
for _name, _message in HUGO_REMOVED.items():
    _HUGO_EMBEDDED_SCHEMAS[_name] = ShortcodeSchema(removed=_message)
for _name, _message in HUGO_DEPRECATED.items():
    _HUGO_EMBEDDED_SCHEMAS[_name] = ShortcodeSchema(
        enclosing="always", deprecated=_message, attributes={}
    )

# Shortcodes that evaluate PHP (or shell commands) typed into the content:
# whoever can edit a post can then run code on the server.
SECURITY_DENY: FrozenSet[str] = frozenset(
    {
        "insert_php",
        "php",
        "phpcode",
        "php_code",
        "exec",
        "exec_php",
        "execphp",
        "php_everywhere",
        "php-everywhere",
        "allow_php",
        "allowphp",
        "runphp",
        "run_php",
        "evalphp",
        "eval_php",
    }
)

PRESETS: Mapping[str, Preset] = {
    "wordpress-core": Preset(
        "wordpress-core",
        "WordPress's built-in shortcodes and the attributes they read",
        WORDPRESS_CORE_NAMES,
        frozenset(),
        _WORDPRESS_CORE_SCHEMAS,
    ),
    "hugo-embedded": Preset(
        "hugo-embedded",
        "Hugo's embedded shortcodes, their parameters, removed and deprecated ones",
        frozenset(_HUGO_EMBEDDED_SCHEMAS),
        frozenset(),
        _HUGO_EMBEDDED_SCHEMAS,
    ),
    "security": Preset(
        "security",
        "denies shortcodes that execute code typed into the content",
        SECURITY_DENY,
        SECURITY_DENY,
        {},
    ),
}

DEFAULT_PRESETS: Tuple[str, ...] = ("security",)


HugoVersion = Tuple[int, int, int]

# The Hugo release that the oracle runs and that contentlint assumes when a
# site does not say which Hugo builds it.
DEFAULT_HUGO_VERSION: HugoVersion = (0, 168, 0)

# Embedded shortcode -> (deprecated in, removed in); None where there is no such release.
HUGO_LIFECYCLE: Mapping[str, Tuple[Optional[HugoVersion], Optional[HugoVersion]]] = {
    "tweet": ((0, 142, 0), (0, 156, 0)),
    "twitter": ((0, 142, 0), (0, 156, 0)),
    "twitter_simple": ((0, 142, 0), (0, 156, 0)),
    "gist": ((0, 143, 0), (0, 156, 0)),
    "instagram_simple": (None, (0, 123, 0)),
    "comment": ((0, 143, 0), None),
}


def _release(version: HugoVersion) -> str:
    return "v" + ".".join(str(part) for part in version)


def hugo_engine_schema(
    name: str, version: HugoVersion = DEFAULT_HUGO_VERSION
) -> Optional[ShortcodeSchema]:
    """Removal or deprecation that Hugo ``version`` announces for an embedded shortcode.

    A removed shortcode fails the build of every release from its removal on;
    between deprecation and removal Hugo only warns.
    """
    key = name.lower()
    deprecated_in, removed_in = HUGO_LIFECYCLE.get(key, (None, None))
    if removed_in is not None and version >= removed_in:
        return ShortcodeSchema(removed=HUGO_REMOVED[key])
    if key in HUGO_DEPRECATED:
        return ShortcodeSchema(deprecated=HUGO_DEPRECATED[key])
    if deprecated_in is not None and version >= deprecated_in:
        since = _release(deprecated_in)
        until = f" and is removed in {_release(removed_in)}" if removed_in else ""
        message = f'The "{key}" shortcode is deprecated since {since}{until}.'
        return ShortcodeSchema(deprecated=message)
    return None
