"""What a site defines by itself: Hugo templates and languages, WordPress registrations.

``discover(path)`` looks upward from a content file for a Hugo site and for
a WordPress ``wp-content`` folder, reads what they define once per site, and
returns the ``Registry`` for that file.

* Hugo: every template under ``layouts/_shortcodes/`` and
  ``layouts/shortcodes/`` of the site and of each ``themes/*/`` (the site's
  own win over a theme's, which win over Hugo's embedded ones).  A
  template's name is its path below that folder without extensions:
  ``a/b.html`` is ``a/b``; ``x.en.html``, ``x.amp.html`` and ``x.md`` are
  ``x``.  It takes inner content when any of its variants uses ``.Inner``
  or ``.InnerDeindent`` in a template action (comments do not count).
  Where the themes are depends on contentlint's ``themes-dir``
  (``Settings.themes_dir``, passed in by the caller), so what is read of a
  site is kept per site folder and ``themes-dir``.
* WordPress: names given as a literal string to ``add_shortcode('name', ...)``
  in any ``.php`` file below ``wp-content`` (uploads and caches skipped).
  A name built at run time cannot be seen; list it in ``shortcodes.known``.
"""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass, replace
from typing import (
    TYPE_CHECKING,
    Callable,
    Dict,
    FrozenSet,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from contentlint.presets import DEFAULT_PRESETS, HUGO_EMBEDDED_INNER
from contentlint.settings import Registry, Settings

if TYPE_CHECKING:
    from contentlint.model import Dialect, Span

if TYPE_CHECKING:
    # The site model is read only for a file inside a Hugo site.
    from contentlint.hugosite import HugoComponent, HugoSite

HUGO_CONFIG_NAMES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json")
LEGACY_CONFIG_NAMES = ("config.toml", "config.yaml", "config.yml", "config.json")
SHORTCODE_FOLDERS = (os.path.join("layouts", "_shortcodes"), os.path.join("layouts", "shortcodes"))
WP_CONTENT = "wp-content"
# Below wp-content: media and generated files, never plugin code worth reading.
WP_SKIPPED = frozenset({"uploads", "cache", "upgrade", "node_modules", ".git"})
# A plugin file larger than this is generated or vendored code.
MAX_PHP_BYTES = 2_000_000

_site_for_folder: Dict[str, Optional[str]] = {}
_wp_for_folder: Dict[str, Optional[str]] = {}
# Keyed by (site folder, ``themes-dir``): the setting moves the themes.
_SiteKey = Tuple[str, Optional[str]]
_hugo_cache: Dict[_SiteKey, Tuple[Dict[str, bool], FrozenSet[str]]] = {}
_sites: Dict[_SiteKey, Optional[HugoSite]] = {}
_wp_cache: Dict[str, FrozenSet[str]] = {}
_base_registries: Dict[Tuple[Optional[str], Optional[str], Optional[str]], Registry] = {}
# Keyed by (site folder, ``themes-dir``, a folder): whether the site builds
# that folder's files as pages (``HugoSite.holds_content`` compares folders).
_content_folders: Dict[Tuple[str, Optional[str], str], bool] = {}
# How many folders the cache above keeps at most.
_FOLDERS_KEPT = 4096


def clear_caches() -> None:
    """Forget everything discovered (for long-running callers and tests)."""
    _site_for_folder.clear()
    _wp_for_folder.clear()
    _hugo_cache.clear()
    _sites.clear()
    _wp_cache.clear()
    _base_registries.clear()
    _content_folders.clear()
    _page_registry.cache_clear()


def _folder_of(path: str) -> str:
    absolute = os.path.abspath(path)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def _upward(folder: str) -> Iterator[str]:
    current = folder
    while True:
        yield current
        parent = os.path.dirname(current)
        if parent == current:
            return
        current = parent


def _mentions_base_url(path: str) -> bool:
    from contentlint.hugosite import SKIPPED_CONFIG
    from contentlint.safeio import read_support_or_refuse

    data = read_support_or_refuse(path, SKIPPED_CONFIG)
    return data is not None and b"baseurl" in data.lower()


def _site_config(path: str) -> bool:
    """Whether ``path`` is a regular file; a FIFO or a device there is refused."""
    if os.path.isfile(path):
        return True
    if not os.path.lexists(path):
        return False
    from contentlint.hugosite import SKIPPED_CONFIG
    from contentlint.safeio import is_regular_or_refuse

    return is_regular_or_refuse(path, SKIPPED_CONFIG)


def is_hugo_site(folder: str) -> bool:
    """Whether ``folder`` is the root of a Hugo site."""
    for name in HUGO_CONFIG_NAMES:
        if _site_config(os.path.join(folder, name)):
            return True
    for name in LEGACY_CONFIG_NAMES:
        candidate = os.path.join(folder, name)
        if _site_config(candidate) and _mentions_base_url(candidate):
            return True
    config_dir = os.path.join(folder, "config", "_default")
    if os.path.isdir(config_dir):
        for name in HUGO_CONFIG_NAMES + LEGACY_CONFIG_NAMES:
            if _site_config(os.path.join(config_dir, name)):
                return True
    return any(os.path.isdir(os.path.join(folder, sub)) for sub in SHORTCODE_FOLDERS)


def _find_upward(
    path: str, cache: Dict[str, Optional[str]], test: Callable[[str], Optional[str]]
) -> Optional[str]:
    return _search_upward(_folder_of(path), cache, test)


def _search_upward(
    start: str, cache: Dict[str, Optional[str]], test: Callable[[str], Optional[str]]
) -> Optional[str]:
    found = cache.get(start)
    if found is not None or start in cache:
        return found
    visited: List[str] = []
    for folder in _upward(start):
        if folder in cache:
            found = cache[folder]
            break
        visited.append(folder)
        found = test(folder)
        if found is not None:
            break
    for folder in visited:
        cache[folder] = found
    return found


def _hugo_root(folder: str) -> Optional[str]:
    return folder if is_hugo_site(folder) else None


def _wp_content_of(folder: str) -> Optional[str]:
    if os.path.basename(folder) == WP_CONTENT:
        return folder
    candidate = os.path.join(folder, WP_CONTENT)
    return candidate if os.path.isdir(candidate) else None


def find_hugo_site(path: str) -> Optional[str]:
    """The root folder of the Hugo site holding ``path``, if any."""
    return _find_upward(path, _site_for_folder, _hugo_root)


def find_wp_content(path: str) -> Optional[str]:
    """The ``wp-content`` folder of the WordPress installation holding ``path``, if any."""
    return _find_upward(path, _wp_for_folder, _wp_content_of)


# --- Hugo templates ---------------------------------------------------------------------------


def uses_inner(template: str) -> bool:
    """Whether a Go template references ``.Inner`` or ``.InnerDeindent`` in an action."""
    position = 0
    while True:
        start = template.find("{{", position)
        if start < 0:
            return False
        end = template.find("}}", start + 2)
        if end < 0:
            end = len(template)
        action = template[start + 2 : end].strip("- \t\r\n")
        position = end + 2
        if action.startswith("/*"):
            # A comment may hold "}}"; it ends at "*/" followed by "}}".
            close = template.find("*/", start + 2)
            if close >= 0:
                after = template.find("}}", close)
                position = max(position, after + 2 if after >= 0 else len(template))
            continue
        if _has_inner(action):
            return True


def _has_inner(action: str) -> bool:
    index = action.find(".Inner")
    while index >= 0:
        after = index + len(".Inner")
        rest = action[after:]
        if rest.startswith("Deindent"):
            after += len("Deindent")
        if after >= len(action) or not (action[after].isalnum() or action[after] == "_"):
            return True
        index = action.find(".Inner", index + 1)
    return False


def template_name(relative_path: str) -> str:
    """Shortcode name of a template file, from its path below the shortcodes folder."""
    parts = relative_path.replace(os.sep, "/").split("/")
    parts[-1] = parts[-1].split(".", 1)[0]
    return "/".join(parts).lower()


def _read_php(path: str) -> str:
    from contentlint.safeio import FileProblem, NotRegular, read_support, refuse

    try:
        return read_support(path, MAX_PHP_BYTES).decode("utf-8", "replace")
    except NotRegular as problem:
        refuse(path, problem, "skipped: shortcodes it may register are unknown to contentlint")
    except FileProblem:
        pass  # gone, unreadable, or generated code too large to register anything
    return ""


def _read_template(path: str, name: str) -> str:
    from contentlint.safeio import read_support_or_refuse

    data = read_support_or_refuse(
        path,
        f'skipped: the shortcode "{name}" counts as defined, but as taking no inner content, '
        "so results for it may differ",
    )
    return data.decode("utf-8", "replace") if data is not None else ""


def _templates_in(folder: str) -> Dict[str, bool]:
    found: Dict[str, bool] = {}
    for current, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for file_name in sorted(files):
            if file_name.startswith(".") or file_name.endswith("~"):
                continue
            path = os.path.join(current, file_name)
            name = template_name(os.path.relpath(path, folder))
            if not name or name.endswith("/"):
                continue
            found[name] = found.get(name, False) or uses_inner(_read_template(path, name))
    return found


def _section_templates(layout: str) -> Dict[str, bool]:
    """The shortcode templates of ``layouts/<path>/_shortcodes/`` folders (Hugo 0.146 and
    later), which serve the pages under that path."""
    found: Dict[str, bool] = {}
    if not os.path.isdir(layout):
        return found
    for current, folders, _ in os.walk(layout):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        if current == layout:
            # The top-level shortcode folders are read on their own.
            folders[:] = [f for f in folders if f not in ("shortcodes", "_shortcodes")]
            continue
        if "_shortcodes" in folders:
            folders.remove("_shortcodes")
            for name, inner in _templates_in(os.path.join(current, "_shortcodes")).items():
                found[name] = found.get(name, inner) and inner
    return found


def _embedded_templates() -> Dict[str, bool]:
    return dict(HUGO_EMBEDDED_INNER)


def site_templates(
    site_root: str, themes_dir: Optional[str] = None
) -> Tuple[Dict[str, bool], FrozenSet[str]]:
    """(every template name -> uses inner, names the site and its themes define);
    ``themes_dir`` is contentlint's ``themes-dir`` (``Settings.themes_dir``)."""
    cached = _hugo_cache.get((site_root, themes_dir))
    if cached is not None:
        return cached
    own: Dict[str, bool] = {}
    site = _site(site_root, themes_dir)
    layouts = site.layout_folders if site is not None else (os.path.join(site_root, "layouts"),)
    for layout in reversed(layouts):  # the lowest precedence first: later ones win
        for sub in ("shortcodes", "_shortcodes"):
            folder = os.path.join(layout, sub)
            if os.path.isdir(folder):
                own.update(_templates_in(folder))
    for layout in layouts:
        for name, inner in _section_templates(layout).items():
            own.setdefault(name, inner)  # defined for some pages, not replacing one for all
    templates = _embedded_templates()
    templates.update(own)
    result = (templates, frozenset(own))
    _hugo_cache[(site_root, themes_dir)] = result
    return result


def _site(site_root: str, themes_dir: Optional[str] = None) -> Optional[HugoSite]:
    key = (site_root, themes_dir)
    if key not in _sites:
        from contentlint.hugosite import cached_site

        try:
            _sites[key] = cached_site(site_root, themes_dir)
        except Exception:  # a broken site configuration is Hugo's to report
            _sites[key] = None
    return _sites[key]


def _holds_content(site_root: str, path: str, themes_dir: Optional[str]) -> bool:
    """Whether the site builds ``path`` (absolute) as a page: the same for a folder's files."""
    key = (site_root, themes_dir, os.path.dirname(path))
    held = _content_folders.get(key)
    if held is None:
        if len(_content_folders) >= _FOLDERS_KEPT:
            _content_folders.clear()
        site = _site(site_root, themes_dir)
        held = _content_folders[key] = site is None or site.holds_content(path)
    return held


def _page_language(path: str, site_root: str, themes_dir: Optional[str]) -> Optional[str]:
    site = _site(site_root, themes_dir)
    return None if site is None else site.page_language(path)


# --- WordPress registrations ------------------------------------------------------------------


def registered_names(php: str) -> Iterator[str]:
    """Names passed as a literal string to ``add_shortcode`` (a linear scan)."""
    call = "add_shortcode"
    position = 0
    length = len(php)
    while True:
        index = php.find(call, position)
        if index < 0:
            return
        position = index + len(call)
        before = php[index - 1] if index > 0 else " "
        if before.isalnum() or before in "_$>:":
            continue  # remove_add_shortcode, $add_shortcode, ->add_shortcode of another API
        cursor = position
        while cursor < length and php[cursor].isspace():
            cursor += 1
        if cursor >= length or php[cursor] != "(":
            continue
        cursor += 1
        while cursor < length and php[cursor].isspace():
            cursor += 1
        if cursor >= length or php[cursor] not in "'\"":
            continue
        quote = php[cursor]
        cursor += 1
        name_chars: List[str] = []
        while cursor < length and php[cursor] != quote and php[cursor] != "\n":
            char = php[cursor]
            if char == "\\" and cursor + 1 < length:
                cursor += 1
                char = php[cursor]
            elif quote == '"' and char == "$":
                name_chars = []  # interpolated: the name is built at run time
                break
            name_chars.append(char)
            cursor += 1
        if cursor < length and php[cursor] == quote and name_chars:
            yield "".join(name_chars).strip()
        position = cursor


def wordpress_registrations(wp_content: str) -> FrozenSet[str]:
    cached = _wp_cache.get(wp_content)
    if cached is not None:
        return cached
    names: Set[str] = set()
    for current, folders, files in os.walk(wp_content):
        if current == wp_content:
            folders[:] = [f for f in folders if f not in WP_SKIPPED]
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f != "node_modules")
        for file_name in files:
            if not file_name.endswith(".php"):
                continue
            text = _read_php(os.path.join(current, file_name))
            if "add_shortcode" in text:
                names.update(name for name in registered_names(text) if name)
    result = frozenset(names)
    _wp_cache[wp_content] = result
    return result


# --- the registry -----------------------------------------------------------------------------


def discover(path: str, themes_dir: Optional[str] = None) -> Registry:
    """What the site around ``path`` defines; read once per site, then cached.

    ``themes_dir`` is the file's ``Settings.themes_dir`` (``themes-dir``):
    where the site's themes are, unless ``HUGO_THEMESDIR`` says otherwise.
    A file in a Hugo site's folder but outside its content folders (a
    README, notes, scripts' documentation) is not a page Hugo builds: it is
    treated as outside any site.
    """
    return _discover_in(_folder_of(path), os.path.abspath(path), themes_dir)


def discover_file(path: str, themes_dir: Optional[str] = None) -> Registry:
    """``discover`` for ``path`` known to be a file: no stat to ask whether it is a folder."""
    absolute = os.path.abspath(path)
    return _discover_in(os.path.dirname(absolute), absolute, themes_dir)


def folder_registry(folder: str, themes_dir: Optional[str] = None) -> Optional[Registry]:
    """What ``discover`` says of every file in ``folder`` (absolute, normal), when no
    Hugo site holds it: the answer then does not depend on the file."""
    if _search_upward(folder, _site_for_folder, _hugo_root) is not None:
        return None
    return _discover_in(folder, folder, themes_dir)


def _discover_in(folder: str, path: str, themes_dir: Optional[str]) -> Registry:
    """The registry of ``path`` (absolute) in ``folder`` (absolute: the path's, or itself)."""
    site_root = _search_upward(folder, _site_for_folder, _hugo_root)
    if site_root is not None and not _holds_content(site_root, path, themes_dir):
        site_root = None
    wp_content = _search_upward(folder, _wp_for_folder, _wp_content_of)
    key = (site_root, wp_content, themes_dir)
    base = _base_registries.get(key)
    if base is None:
        templates: Optional[Dict[str, bool]] = None
        own: Optional[FrozenSet[str]] = None
        directions: Optional[Mapping[str, Optional[str]]] = None
        site: Optional[HugoSite] = None
        if site_root is not None:
            templates, own = site_templates(site_root, themes_dir)
            site = _site(site_root, themes_dir)
            directions = site.language_directions() if site is not None else None
        registered = wordpress_registrations(wp_content) if wp_content is not None else None
        release: Optional[Tuple[int, int, int]] = None
        if site is not None:
            from contentlint.hugosite import likely_release

            release = likely_release(site.hugo_version)
        base = Registry(
            hugo_templates=templates,
            wordpress_registered=registered,
            hugo_site_root=site_root,
            hugo_language_directions=directions,
            hugo_site_templates=own,
            hugo_templates_complete=site is None or not site.missing,
            hugo_version=release,
        )
        _base_registries[key] = base
    if site_root is None:
        return base
    return _page_registry(key, _page_language(path, site_root, themes_dir))


@functools.lru_cache(maxsize=256)
def _page_registry(
    key: Tuple[Optional[str], Optional[str], Optional[str]], language: Optional[str]
) -> Registry:
    """The site's registry (``_base_registries[key]``) for a page in ``language``."""
    return replace(_base_registries[key], page_language=language)


def choose_dialect(
    text: str, setting: str, in_hugo_site: bool, code: Optional[Sequence[Span]] = None
) -> Dialect:
    """The dialect of one file (SPEC "Dialect"): configured, or Hugo when in a site
    (``Registry.hugo_site_root``, found by ``discover``) or when the text uses
    ``{{<``/``{{%`` outside code (``code``: the text's code spans, found here
    when not given), else WordPress.  Outside a site, a ``{{<`` in a code span
    or fence is an example (a key name, a format string), not a shortcode."""
    return explain_dialect(text, setting, in_hugo_site, code)[0]


def explain_dialect(
    text: str, setting: str, in_hugo_site: bool, code: Optional[Sequence[Span]] = None
) -> Tuple[Dialect, str]:
    """``choose_dialect``'s answer and, in words, why (for ``--verbose``)."""
    # Imported here: a run that only asks what a site defines needs neither.
    import contentlint.markup as markup
    from contentlint.model import Dialect

    if setting in ("wordpress", "hugo"):
        return Dialect(setting), f'dialect = "{setting}" is configured'
    if in_hugo_site:
        return Dialect.HUGO, "the file is inside a Hugo site"
    if "{{<" not in text and "{{%" not in text:
        return Dialect.WORDPRESS, "no Hugo site around the file and no {{< in its text"
    regions = markup.code_spans(text) if code is None else tuple(code)
    for opener in ("{{<", "{{%"):
        index = text.find(opener)
        while index >= 0:
            if not markup.offset_inside(index, regions):
                return Dialect.HUGO, "the text uses {{< or {{% outside code"
            index = text.find(opener, index + 3)
    return Dialect.WORDPRESS, "no Hugo site around the file; its {{< stand only in code"


def tied_to_engine(settings: Settings, registry: Registry) -> bool:
    """Whether a site, the configuration or a registration ties a file to an engine.

    A file that nothing ties is plain Markdown (a command reference, a book, a
    Liquid site): its code spans and fences hold examples, never shortcodes.
    """
    return bool(
        settings.dialect != "auto"
        or registry.hugo_site_root is not None
        or registry.wordpress_registered is not None
        or settings.declared_known
        or settings.schemas
        or set(settings.presets) - set(DEFAULT_PRESETS)
    )


# --- findings about a whole site --------------------------------------------------------------


@dataclass(frozen=True)
class SiteFinding:
    """A diagnostic about a site's configuration, reported once per site and run."""

    path: str  # the configuration file
    line: int
    code: str
    message: str


def _missing_message(component: HugoComponent, site: HugoSite) -> str:
    where = os.path.relpath(component.looked_in, site.root).replace(os.sep, "/")
    looked = f"looked in `{where}`"
    npm = "node_modules" in where.split("/")
    if os.path.islink(component.looked_in):
        # A link left dangling, as docsy sites link themes/docsy to npm's package.
        with contextlib.suppress(OSError):
            target = os.readlink(component.looked_in).replace(os.sep, "/")
            looked = f"`{where}` links to `{target}`, which is missing"
            npm = npm or "node_modules" in target.split("/")
    if npm:
        # The themes folder is npm's: the site installs its theme as a package.
        what = f'{component.kind} "{component.path}"'
        todo = "install the site's npm packages (`npm install`), which put it there"
    elif component.kind == "module":
        what = f'module "{component.path}"'
        todo = "run `hugo mod vendor` (or map it with `module.replacements`)"
    elif site.themes_chosen_by == "HUGO_THEMESDIR":
        # The variable wins over every setting: suggesting one would change nothing.
        what = f'theme "{component.path}"'
        todo = (
            "check it out (`git submodule update --init` for a submodule), or correct "
            "the `HUGO_THEMESDIR` environment variable, which names the themes folder"
        )
    else:
        what = f'theme "{component.path}"'
        todo = (
            "check it out (`git submodule update --init` for a submodule), or, when the "
            'site is built with `hugo --themesDir DIR`, set `themes-dir = "DIR"` in '
            "contentlint's configuration"
        )
    return (
        f"{what} is not on disk ({looked}); {todo}. Until then, shortcodes with "
        "no template, and Hugo's own, are not judged, since the theme may define them"
    )


def _direction_hint(language: str, key: str, path: str) -> str:
    extension = os.path.splitext(path)[1].lower()
    if extension == ".json":
        return f'add `"{key}": "rtl"` to `languages.{language}`'
    if extension in (".yaml", ".yml"):
        return f"add `{key}: rtl` under `languages.{language}`"
    return f"add `{key} = 'rtl'` under `[languages.{language}]`"


def _is_page_of(site: HugoSite, path: str, language: str) -> bool:
    return site.holds_content(path) and site.page_language(path) == language


def site_findings(
    site_root: str,
    hugo_version: Optional[str] = None,
    pages: Sequence[str] = (),
    themes_dir: Optional[str] = None,
) -> List[SiteFinding]:
    """What is wrong with the site as a whole: missing themes (SD007) and
    right-to-left languages without a direction (RTL005).  ``pages`` are the
    site's files in this run: a language's finding says how many are its.
    ``hugo_version`` and ``themes_dir`` are the site's ``Settings``' values."""
    from contentlint import rtl

    site = _site(site_root, themes_dir)
    if site is None:
        return []
    findings = [
        SiteFinding(c.declared.path, c.declared.line, "SD007", _missing_message(c, site))
        for c in site.missing
    ]
    from contentlint.hugosite import HugoLanguage, direction_key, site_version

    key = direction_key(site_version(site.hugo_version, hugo_version))
    languages = list(site.languages.values())
    default, declared_at = site.default_language, site.default_language_declared
    if not languages and default and declared_at:
        languages = [HugoLanguage(default, None, None, declared_at)]
    for language in languages:
        if language.direction is not None or language.declared is None:
            continue
        if not rtl.is_rtl_language(language.key):
            continue
        declared = language.declared
        count = sum(1 for page in pages if _is_page_of(site, page, language.key))
        in_run = f" ({count} page{'s' if count != 1 else ''} in this run)" if pages else ""
        findings.append(
            SiteFinding(
                declared.path,
                declared.line,
                "RTL005",
                f"the Hugo language `{language.key}` is written right-to-left but its "
                f"configuration declares no direction, so every page in it{in_run} is laid "
                f"out left-to-right; {_direction_hint(language.key, key, declared.path)}",
            )
        )
    return findings
