"""Schema rules: which shortcodes may be used, and with which attributes.

They read the configuration (``shortcodes.known/deny/allow`` and the
per-shortcode tables, after presets) and what discovery found in the site
(Hugo templates, WordPress ``add_shortcode`` calls).  Escaped occurrences
and Hugo inline shortcodes (``x.inline``) are never checked.

Hugo finds a template by the lower-cased name, so Hugo names are compared
without case; WordPress names are compared exactly, as WordPress does.
Attribute names are compared as the engine reads them (WordPress lower-cases
them, Hugo does not).  Positional values are named by their index ("0",
"1", ...) in a schema.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import replace
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Tuple

from contentlint.model import (
    Applicability,
    Attribute,
    Diagnostic,
    Dialect,
    Edit,
    Fix,
    Severity,
    Shortcode,
)
from contentlint.presets import (
    DEFAULT_HUGO_VERSION,
    HUGO_EMBEDDED_INNER,
    PRESETS,
    SECURITY_DENY,
    WORDPRESS_CORE_NAMES,
    HugoVersion,
    hugo_engine_schema,
)
from contentlint.rules import wording
from contentlint.rules.base import Rule, RuleContext, rule
from contentlint.settings import AttributeSchema, ShortcodeSchema

# Attributes whose values are the RTL rules' to judge (RTL003).
DIRECTION_ATTRIBUTES = frozenset({"rtl", "dir", "direction"})

_HUGO_PRESET = PRESETS["hugo-embedded"].schemas
_WORDPRESS_PRESET = PRESETS["wordpress-core"].schemas


def _key(shortcode: Shortcode) -> str:
    return shortcode.name.lower() if shortcode.dialect is Dialect.HUGO else shortcode.name


def _checked(context: RuleContext) -> Tuple[Shortcode, ...]:
    """The occurrences the schema rules judge; listed once per document."""
    cached = context.cache.get("schema.checked")
    if not isinstance(cached, tuple):
        cached = tuple(
            shortcode
            for shortcode in context.shortcodes
            if not (shortcode.escaped or shortcode.name.endswith(".inline"))
        )
        context.cache["schema.checked"] = cached
    return cached


def _lowered(names: Iterable[str]) -> FrozenSet[str]:
    return frozenset(name.lower() for name in names)


class _Lookup:
    """Name sets and schemas of one file, keyed as its dialect compares names."""

    def __init__(self, context: RuleContext) -> None:
        settings, registry = context.settings, context.registry
        self.dialect = context.document.dialect
        hugo = self.dialect is Dialect.HUGO
        # Hugo: only the configuration's own names stand in for a template;
        # WordPress's core names and the presets' say nothing about a site.
        self.known = _lowered(settings.declared_known) if hugo else settings.known
        self.deny = _lowered(settings.deny) if hugo else settings.deny
        self.allow = _lowered(settings.allow) if hugo else settings.allow
        self.site_templates = registry.hugo_site_templates or frozenset()
        # A theme or module that is not on disk (SD007) may replace any of
        # Hugo's own shortcodes: they are not judged until it is there.
        self.embedded_judged = not hugo or registry.hugo_templates_complete
        schemas: Dict[str, ShortcodeSchema] = {}
        for name, schema in settings.schemas.items():
            # A preset's schemas describe one engine; the site's own template
            # of the same name replaces Hugo's embedded one.
            if hugo and schema is _WORDPRESS_PRESET.get(name):
                continue
            if not hugo and schema is _HUGO_PRESET.get(name):
                continue
            if (
                hugo
                and schema is _HUGO_PRESET.get(name)
                and (name in self.site_templates or not self.embedded_judged)
            ):
                continue
            schemas[name.lower() if hugo else name] = schema
        self.schemas: Mapping[str, ShortcodeSchema] = schemas

    def schema(self, key: str) -> Optional[ShortcodeSchema]:
        return self.schemas.get(key)


def _lookup(context: RuleContext) -> _Lookup:
    cached = context.cache.get("schema.lookup")
    if not isinstance(cached, _Lookup):
        cached = _Lookup(context)
        context.cache["schema.lookup"] = cached
    return cached


def _suggestion(word: str, choices: Iterable[str]) -> str:
    import difflib

    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.75)
    return f' (did you mean "{matches[0]}"?)' if matches else ""


def _named_attributes(shortcode: Shortcode) -> Iterator[Tuple[str, Attribute]]:
    """Each attribute with the key a schema names it by (positional: its index)."""
    position = 0
    for attribute in shortcode.attributes:
        if attribute.name is None:
            yield str(position), attribute
            position += 1
        else:
            yield attribute.name, attribute


def _schema_key(name: str, dialect: Dialect) -> str:
    return name.lower() if dialect is Dialect.WORDPRESS else name


def _declared(schema: ShortcodeSchema, dialect: Dialect) -> Dict[str, AttributeSchema]:
    return {_schema_key(k, dialect): v for k, v in (schema.attributes or {}).items()}


@rule(
    "SD001",
    "disallowed-shortcode",
    summary="A denied shortcode, or one outside the allow list",
    fix="unsafe",
)
def disallowed_shortcode(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Finds a shortcode whose name is in `shortcodes.deny` (the `security`
    preset, on by default, denies shortcodes that run PHP typed into the
    content, such as `insert_php` and `php_everywhere`), or, when
    `shortcodes.allow` is not empty, a name that is not in it.

    ## Why is this bad?
    A denied shortcode is one the site has decided not to run: a plugin
    being removed, or one that lets anyone who can edit a post run code on
    the server.

    ## Example
    ```
    [insert_php]echo file_get_contents('/etc/passwd');[/insert_php]
    ```

    ## Use instead
    Remove the shortcode, or move the feature into a template or plugin
    that is reviewed like other code.

    ## Fix safety
    Unsafe: the fix removes the whole occurrence, its content included,
    which changes what the page shows.
    """
    lookup = _lookup(context)
    for shortcode in _checked(context):
        key = _key(shortcode)
        if key in lookup.deny:
            reason = f'"{shortcode.name}" is a denied shortcode'
            if key in SECURITY_DENY and "security" in context.settings.presets:
                reason += " (it runs code typed into the content)"
        elif lookup.allow and key not in lookup.allow:
            reason = f'"{shortcode.name}" is not in the allowed shortcodes (shortcodes.allow)'
        else:
            continue
        what = "shortcode and its content" if shortcode.form == "enclosing" else "shortcode"
        fix = Fix(Applicability.UNSAFE, f"remove the {what}", (Edit(shortcode.span, ""),))
        message = wording.sentence(
            "this shortcode must not be published on this site",
            reason,
            wording.action(fix, "remove it"),
        )
        yield disallowed_shortcode.diagnostic(shortcode.open_span, message, fix)


@rule("SD002", "unknown-shortcode", summary="A shortcode no template or registration defines")
def unknown_shortcode(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Hugo: finds a shortcode with no template, neither in the site's
    `layouts/_shortcodes/` (or `layouts/shortcodes/`), nor in a theme's, nor
    among Hugo's embedded shortcodes, nor in `shortcodes.known`.

    WordPress: once the registry is known (`shortcodes.known` is configured,
    or a `wp-content` folder with `add_shortcode` calls was found), finds a
    shortcode registered by none of them, WordPress itself, nor a preset.
    WordPress only runs registered names, so a bracket run is only taken for
    a shortcode at all when it is closed (`[/name]`) somewhere in the file or
    carries a `name=value` attribute; other unknown brackets are text.

    ## Why is this bad?
    Hugo fails the build: `template for shortcode "X" not found`. WordPress
    shows the tag as text on the page, usually because of a typo or a plugin
    that was removed.

    ## Example
    ```
    {{< figuer src="a.png" >}}
    ```

    ## Use instead
    ```
    {{< figure src="a.png" >}}
    ```

    ## Fix safety
    No fix: the intended name cannot be known; the message suggests a close
    one when there is one.
    """
    settings, registry = context.settings, context.registry
    lookup = _lookup(context)
    for shortcode in _checked(context):
        key = _key(shortcode)
        if key in lookup.known or key in lookup.deny:
            continue
        if shortcode.dialect is Dialect.HUGO:
            templates = registry.hugo_templates
            if templates is None or key in templates or key in HUGO_EMBEDDED_INNER:
                continue
            if not registry.hugo_templates_complete:
                continue  # a theme that is not on disk may define it (SD007, once)
            hint = _suggestion(key, templates)
            message = wording.sentence(
                wording.BUILD_FAILS,
                f'no template defines the shortcode "{shortcode.name}"{hint}',
                "correct the name, or add the template",
            )
            note = f'Hugo: template for shortcode "{shortcode.name}" not found'
        else:
            registered = registry.wordpress_registered
            if not settings.declared_known and registered is None:
                continue
            if key in WORDPRESS_CORE_NAMES or (registered is not None and key in registered):
                continue
            names = set(settings.known) | set(registered or ())
            hint = _suggestion(key, names)
            message = wording.sentence(
                "the shortcode will show as text on the page",
                f'no plugin or configuration registers "{shortcode.name}"{hint}',
                "correct the name, or add it to shortcodes.known if a plugin defines it",
            )
            note = "WordPress runs only registered shortcodes and leaves the others as text"
        yield unknown_shortcode.diagnostic(shortcode.open_span, message, note=note)


@rule(
    "SD003",
    "unknown-attribute",
    Severity.WARNING,
    summary="An attribute the shortcode's schema does not declare",
)
def unknown_attribute(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Finds an attribute that the shortcode's schema does not declare, when a
    schema declares attributes (`shortcodes.<name>.attributes`, or a listed
    preset such as `wordpress-core`). Positional values count as attributes
    named by their index (`"0"`, `"1"`, ...).

    ## Why is this bad?
    WordPress drops attributes its callback does not expect without a word
    (`shortcode_atts`), and a Hugo template simply never reads them, so a
    misspelt attribute has no effect and nobody notices.

    ## Example
    ```
    [gallery colums="4" ids="1,2,3"]
    ```

    ## Use instead
    ```
    [gallery columns="4" ids="1,2,3"]
    ```

    ## Fix safety
    No fix: the intended attribute cannot be known; the message suggests a
    close one when there is one.
    """
    lookup = _lookup(context)
    for shortcode in _checked(context):
        schema = lookup.schema(_key(shortcode))
        if schema is None or schema.attributes is None:
            continue
        declared = _declared(schema, shortcode.dialect)
        for key, attribute in _named_attributes(shortcode):
            if _schema_key(key, shortcode.dialect) in declared:
                continue
            if attribute.name is None:
                message = (
                    f'"{shortcode.name}" takes no positional value {int(key) + 1} '
                    f'("{attribute.value}")'
                )
            else:
                hint = _suggestion(key, [k for k in declared if not k.isdigit()])
                message = f'unknown attribute "{key}" for "{shortcode.name}"{hint}'
            yield unknown_attribute.diagnostic(
                attribute.span,
                wording.sentence(
                    "the shortcode will probably ignore this attribute",
                    message,
                    "correct the name, or add it to the schema",
                ),
            )


@rule("SD004", "missing-required-attribute", summary="A required attribute is absent")
def missing_required_attribute(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Finds a shortcode that lacks an attribute its schema requires
    (`shortcodes.<name>.required`, or `required = true` on one of its
    attributes). A required name made of digits (`"0"`) asks for that
    positional value.

    ## Why is this bad?
    The shortcode renders nothing, or something broken: a card without its
    region, an embed without its id. Hugo's `x` shortcode fails the build
    without `user` and `id`.

    ## Example
    ```
    {{< x user="SanDiegoZoo" >}}
    ```

    ## Use instead
    ```
    {{< x user="SanDiegoZoo" id="1453110110599868418" >}}
    ```

    ## Fix safety
    No fix: the missing value cannot be known.
    """
    lookup = _lookup(context)
    for shortcode in _checked(context):
        schema = lookup.schema(_key(shortcode))
        if schema is None or not schema.required:
            continue
        present = {_schema_key(key, shortcode.dialect) for key, _ in _named_attributes(shortcode)}
        for required in schema.required:
            if _schema_key(required, shortcode.dialect) in present:
                continue
            if required.isdigit():
                message = f'"{shortcode.name}" requires positional value {int(required) + 1}'
            else:
                message = f'"{shortcode.name}" requires attribute "{required}"'
            yield missing_required_attribute.diagnostic(
                shortcode.open_span,
                wording.sentence(
                    "the shortcode may show nothing or something broken",
                    message,
                    "add it",
                ),
            )


_QUOTE_LIKE = (
    "\"'`"
    "\u201c\u201d\u201e\u201f\u2018\u2019\u201a\u201b"  # typographic quotes
    "\u2032\u2033"  # primes
    "\u00ab\u00bb\u2039\u203a"  # guillemets
    "\uff02\uff07\u301d\u301e\u301f"  # fullwidth and CJK quotes
)


def _without_damaged_quotes(value: str) -> str:
    """The value without quote characters, entities or mojibake stuck to its ends.

    Damaged delimiters are the quote rules' finding; the schema judges what
    the author meant to write inside them.
    """
    for _ in range(4):
        before = value
        value = value.strip(_QUOTE_LIKE)
        for end in (0, 1):
            value = _strip_entity(value, at_start=end == 0)
        if value.startswith("\u00e2\u20ac") and len(value) >= 3:
            value = value[3:]
        if value.endswith(("\u00e2\u20ac\u0153", "\u00e2\u20ac\u009d", "\u00e2\u20ac\u2122")):
            value = value[:-3]
        if value == before:
            break
    return value


def _strip_entity(value: str, *, at_start: bool) -> str:
    if at_start:
        if not value.startswith("&"):
            return value
        end = value.find(";", 0, 16)
        if end < 0:
            return value
        token = value[: end + 1]
        rest = value[end + 1 :]
    else:
        if not value.endswith(";"):
            return value
        start = value.rfind("&", max(0, len(value) - 16))
        if start < 0:
            return value
        token = value[start:]
        rest = value[:start]
    import html

    decoded = html.unescape(html.unescape(token))
    return rest if decoded and all(ch in _QUOTE_LIKE for ch in decoded) else value


# A pattern gets this long (seconds) on one value, so a pathological pattern
# cannot stall a commit.  A value it times out on is reported as not checked;
# the pattern stays on for every other value, so that one file's long value
# never changes what another file's check finds.
PATTERN_TIMEOUT = 0.05

_CSS_COLOR_NAMES_TEXT = """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
    steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen
    transparent currentcolor
"""
_CSS_COLOR_NAMES = frozenset(_CSS_COLOR_NAMES_TEXT.split())
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")
_COLOR_FUNCTIONS = ("rgb(", "rgba(", "hsl(", "hsla(")
_COLOR_FUNCTION_CHARS = frozenset("0123456789.,%/ +-degturnad")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})


def _is_int(value: str) -> bool:
    digits = value[1:] if value.startswith("-") else value
    return bool(digits) and all("0" <= ch <= "9" for ch in digits)


def _is_url(value: str) -> bool:
    if not value or any(ch.isspace() or ord(ch) < 0x20 or ch in _QUOTE_LIKE for ch in value):
        return False
    scheme, colon, _ = value.partition(":")
    if colon and scheme and "/" not in scheme and all(ch in _SCHEME_CHARS for ch in scheme):
        return scheme.lower() not in _UNSAFE_SCHEMES and scheme[0].isalpha()
    return True


def _is_color(value: str) -> bool:
    if value.startswith("#"):
        digits = value[1:]
        return len(digits) in (3, 4, 6, 8) and all(ch in _HEX_DIGITS for ch in digits)
    lowered = value.lower()
    if lowered.startswith(_COLOR_FUNCTIONS) and lowered.endswith(")"):
        inner = lowered[lowered.index("(") + 1 : -1]
        return bool(inner.strip()) and all(ch in _COLOR_FUNCTION_CHARS for ch in inner)
    return lowered in _CSS_COLOR_NAMES


_TYPE_CHECKS = {
    "int": (_is_int, "is not an integer (ASCII digits)"),
    "bool": (lambda value: value in ("true", "false", "1", "0"), "is not true or false"),
    "url": (_is_url, "is not a URL"),
    "color": (_is_color, "is not a color"),
}


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    return importlib.import_module("regex").compile(pattern)


def value_problem(value: str, schema: AttributeSchema) -> Optional[str]:
    """What is wrong with ``value`` for ``schema`` (``None``: nothing)."""
    if schema.enum is not None and value not in schema.enum:
        choices = ", ".join(f'"{choice}"' for choice in schema.enum)
        return f"is not one of {choices}"
    if schema.pattern is not None:
        try:
            found = _compiled(schema.pattern).search(value, timeout=PATTERN_TIMEOUT)
        except TimeoutError:
            return (
                f'could not be checked: the pattern "{schema.pattern}" takes longer than '
                f"{PATTERN_TIMEOUT:g} s on it; simplify the pattern or shorten the value"
            )
        except Exception:  # an invalid pattern was reported when the configuration was read
            found = True
        else:
            if found is None:
                return f'does not match the pattern "{schema.pattern}"'
    if schema.type in _TYPE_CHECKS:
        check, problem = _TYPE_CHECKS[schema.type]
        if not check(value):
            return problem
    return None


@rule(
    "SD005", "invalid-attribute-value", summary="A value outside the schema's enum, pattern or type"
)
def invalid_attribute_value(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Checks attribute values against the shortcode's schema: `enum` (one of
    the listed values, exactly), `pattern` (a regular expression searched in
    the value; anchor it with `^...$` to match the whole value), and `type`:
    `int` (ASCII digits, an optional leading `-`), `bool` (`true`, `false`,
    `1`, `0`), `url` (no spaces or quotes, no `javascript:`), `color` (`#rgb`,
    `#rrggbb`, `rgb()`/`hsl()` or a CSS color name) or `string`.

    Damaged quotes around a value are the quote rules' finding, and the
    value of a direction flag (`rtl`, `dir`, `direction`) is RTL003's, so
    neither is reported here too. A pattern that takes longer than 0.05 s on
    a value is not allowed to stall a commit: that value is reported as not
    checked, and the pattern goes on checking every other value.

    ## Why is this bad?
    The shortcode receives a value it does not understand and silently
    falls back to a default, or renders something broken: a card for a
    region that does not exist, a gallery with `columns="three"`.

    ## Example
    ```
    [card region="Egypt"]      (schema: region = { pattern = "^[A-Z]{2}$" })
    ```

    ## Use instead
    ```
    [card region="EG"]
    ```

    ## Fix safety
    No fix: the intended value cannot be known.
    """
    lookup = _lookup(context)
    for shortcode in _checked(context):
        schema = lookup.schema(_key(shortcode))
        if schema is None or not schema.attributes:
            continue
        declared = _declared(schema, shortcode.dialect)
        flag_attribute = _direction_attribute(schema)
        for key, attribute in _named_attributes(shortcode):
            name = _schema_key(key, shortcode.dialect)
            if name in DIRECTION_ATTRIBUTES or name == flag_attribute:
                continue
            attribute_schema = declared.get(name)
            if attribute_schema is None:
                continue
            value = _without_damaged_quotes(attribute.value)
            problem = value_problem(value, attribute_schema)
            if problem is None:
                continue
            label = f'"{key}"' if attribute.name is not None else f"positional value {int(key) + 1}"
            message = f'{label} of "{shortcode.name}": "{value}" {problem}'
            yield invalid_attribute_value.diagnostic(
                attribute.value_span,
                wording.sentence(
                    "the shortcode may not understand this value", message, "correct it"
                ),
            )


def _direction_attribute(schema: ShortcodeSchema) -> Optional[str]:
    if not schema.direction_flag:
        return None
    name = schema.direction_flag.partition("=")[0].strip()
    return name.lower() or None


def _hugo_release(context: RuleContext) -> HugoVersion:
    """The Hugo release that builds the file's site: the one the site model
    found, else the release contentlint assumes (the one its oracle runs).
    The configuration's ``hugo-version`` wins over both."""
    configured = context.settings.hugo_version
    release: Optional[HugoVersion] = None
    if configured:
        from contentlint.hugosite import parse_version

        release = parse_version(configured)
    return release or context.registry.hugo_version or DEFAULT_HUGO_VERSION


@rule(
    "SD006",
    "deprecated-shortcode",
    Severity.WARNING,
    summary="A deprecated or removed shortcode",
)
def deprecated_shortcode(context: RuleContext) -> Iterator[Diagnostic]:
    """## What it does
    Finds a shortcode configured as `deprecated` or `removed`
    (`shortcodes.<name>.deprecated = "reason"`), and, in Hugo content,
    Hugo's removed embedded shortcodes (`tweet`, `twitter`,
    `twitter_simple`, `gist`, `instagram_simple`) and its deprecated
    `comment`, unless the site has its own template of that name.

    ## Why is this bad?
    Hugo fails the build on its removed shortcodes and warns on deprecated
    ones. A shortcode that the site's Hugo release has removed is therefore
    an error; the release is the site's, or 0.168.0 when the site does not
    say. A configured deprecation marks content that still depends on a
    plugin or template that is going away.

    ## Example
    ```
    {{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}
    ```

    ## Use instead
    ```
    {{< x user="SanDiegoZoo" id="1453110110599868418" >}}
    ```

    ## Fix safety
    No fix: the replacement usually takes other attributes.
    """
    lookup = _lookup(context)
    for shortcode in _checked(context):
        key = _key(shortcode)
        schema = lookup.schema(key)
        engine = False
        if (
            (schema is None or not (schema.removed or schema.deprecated))
            and shortcode.dialect is Dialect.HUGO
            and key not in lookup.site_templates
            and lookup.embedded_judged
        ):
            schema = hugo_engine_schema(key, _hugo_release(context))
            engine = True
        if schema is None:
            continue
        if schema.removed:
            cause, note = f'"{shortcode.name}" was removed', schema.removed
            consequence = wording.BUILD_FAILS if engine else "this shortcode is going away"
        elif schema.deprecated:
            cause, note = f'"{shortcode.name}" is deprecated', schema.deprecated
            consequence = "this shortcode still works, but is going away"
        else:
            continue
        diagnostic = deprecated_shortcode.diagnostic(
            shortcode.open_span,
            wording.sentence(consequence, cause, "replace it as the note says"),
            note=note,
        )
        if engine and schema.removed:
            # The site's Hugo fails the build: an error, whatever the rule's default.
            diagnostic = replace(diagnostic, severity=Severity.ERROR)
        yield diagnostic


RULES: Tuple[Rule, ...] = (
    disallowed_shortcode,
    unknown_shortcode,
    unknown_attribute,
    missing_required_attribute,
    invalid_attribute_value,
    deprecated_shortcode,
)

__all__: List[str] = ["RULES"]
