"""Every kind of message speaks to the person who fixes the content.

A message says first what goes wrong on the page, then the cause, then what
to do: ``CONSEQUENCE: CAUSE; ACTION``.  A message whose fix ``--fix`` applies
ends with the command.  Exact character names (``U+201D ...``) and engine
details are never in the message: they are in the note.

One case per message kind, run end to end through ``contentlint check
--format json`` on files in ``tmp_path``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pytest

from contentlint.cli import main

WP_CONFIG = """\
presets = ["wordpress-core", "security"]
[shortcodes]
known = ["card", "box", "note"]
deny = ["php"]
[shortcodes.card]
required = ["region"]
direction-flag = 'rtl="true"'
[shortcodes.card.attributes]
region = { pattern = "^[A-Z]{2}$" }
rtl = { enum = ["true", "false"] }
label = {}
[shortcodes.box]
enclosing = "always"
[shortcodes.oldcard]
deprecated = "use card"
"""

HUGO_SITE = {
    "hugo.toml": 'title = "x"\n',
    "layouts/shortcodes/box.html": "{{ .Inner }}\n",
    "layouts/shortcodes/card.html": "x\n",
}
HUGO_HEAD = "---\ntitle: t\n---\n"

BUILD_FAILS = "the site will not build"
FIX = "run contentlint check --fix"
UNSAFE = "check the suggested change and run contentlint check --fix --unsafe-fixes"


@dataclass(frozen=True)
class Kind:
    id: str
    code: str
    body: str  # the content file
    consequence: str  # how the message starts
    note: Optional[str]  # a piece of the note, or None when there is none
    action: str  # how the message ends
    hugo: bool = False
    args: Sequence[str] = field(default=())


KINDS = [
    # -- quotes, WordPress
    Kind("QT001-read", "QT001", "[card region=”EG”]\n",
         "the shortcode will get a wrong region: the quotes around EG are curly",
         "U+201D RIGHT DOUBLE QUOTATION MARK; WordPress will read it as ”EG”", FIX),
    Kind("QT001-split", "QT001", '[card region="EG" label=”a b”]\n',
         "the shortcode will get only part of label: the quotes around a b are curly",
         "WordPress splits it: label = ”a and positional value 0 = b”", FIX),
    Kind("QT001-positional-split", "QT001", '[card region="EG" ”a b”]\n',
         "the shortcode will get this value in pieces",
         "WordPress splits it: positional value 0 = ”a and positional value 1 = b”", FIX),
    Kind("QT001-flag", "QT001", '[card region="EG" rtl=”true”]\n',
         "the shortcode will not see its rtl flag: the quotes around true are curly",
         "so the shortcode cannot read the rtl flag", FIX),
    Kind("QT001-primes", "QT001", '[card region="EG" label=”#0c3278″]\n',
         "the shortcode will get a wrong label: the quotes around #0c3278 are not straight quotes",
         "U+2033 DOUBLE PRIME", FIX),
    Kind("QT001-unsafe", "QT001", "[card region=\"EG\" label=”say \"hi\"”]\n",
         "the shortcode will get only part of label", "use straight single quotes",
         "type straight quotes by hand, or " + UNSAFE),
    Kind("QT002-not-set", "QT002", '[card region="EG" label="Read more” x="1"]\n',
         "the shortcode will not see its label: one of the quotes around Read more is straight",
         "so label is not set", FIX),
    Kind("QT003-entity", "QT003", "[card region=&#8221;EG&#8221;]\n",
         "the shortcode will get a wrong region: the quotes around EG are written as HTML "
         "entities", "the entity &#8221; (U+201D RIGHT DOUBLE QUOTATION MARK)", FIX),
    Kind("QT003-mojibake", "QT003", "[card region=â€œEGâ€\x9d]\n",
         "the shortcode will get a wrong region: the quotes around EG are garbled characters",
         "garbled by a wrong text encoding", FIX),
    Kind("QT004-wordpress", "QT004", "[card region=\"EG\" label='x']\n",
         "nothing breaks on the page yet", "mixes single- and double-quoted values", FIX,
         args=("--extend-select", "QT004")),
    Kind("QT005", "QT005", '[card region="EG" label="640&#215;360"]\n',
         "the shortcode may not understand label", "U+00D7 MULTIPLICATION SIGN",
         "retype them as plain characters (the note says which)"),
    # -- quotes, Hugo
    Kind("QT001-hugo-read", "QT001", HUGO_HEAD + "{{< card title=”x” >}}\n",
         "the shortcode will get a wrong title", "Hugo keeps the quotes in the value", FIX,
         hugo=True),
    Kind("QT001-hugo-fails", "QT001", HUGO_HEAD + "{{< card ”EG” >}}\n",
         BUILD_FAILS + ": the quotes around EG are curly", "Hugo will fail", FIX, hugo=True),
    Kind("QT004-hugo", "QT004", HUGO_HEAD + "{{< card title='x' >}}\n",
         "the shortcode will get a wrong title: the quotes around x are single quotes",
         "U+0027 APOSTROPHE", FIX, hugo=True),
    # -- bidi: each control is named with what it does
    Kind("BD001-RLO", "BD001", "a \u202eabc\u202c d\n",
         "readers may see the text after it in another order than it is stored",
         "U+202E RIGHT-TO-LEFT OVERRIDE (overrides the direction of the text after it, showing "
         "every letter right to left)", "for mixed-direction text"),
    Kind("BD001-LRO", "BD001", "ا \u202dب\u202c\n",
         "readers may see the text after it in another order than it is stored",
         "U+202D LEFT-TO-RIGHT OVERRIDE (overrides the direction of the text after it, forcing "
         "every letter left to right)", "for mixed-direction text"),
    Kind("BD002-RLE", "BD002", "a \u202bb\n", "the text after this line may show in the wrong "
         "direction", "U+202B RIGHT-TO-LEFT EMBEDDING (embeds the text after it as "
         "right-to-left) is not closed", UNSAFE),
    Kind("BD002-LRE", "BD002", "a \u202ab\n", "the text after this line", "U+202A LEFT-TO-RIGHT "
         "EMBEDDING (embeds the text after it as left-to-right)", UNSAFE),
    Kind("BD002-RLI", "BD002", '[card region="EG" label="\u2067مصر"]\n',
         "the text after this attribute value may show in the wrong direction",
         "U+2067 RIGHT-TO-LEFT ISOLATE (isolates the text after it as right-to-left)", UNSAFE),
    Kind("BD002-LRI", "BD002", "a \u2066b\n", "the text after this line",
         "(isolates the text after it as left-to-right)", UNSAFE),
    Kind("BD002-FSI", "BD002", "a \u2068b\n", "the text after this line",
         "(isolates the text after it in the direction of its first letter)", UNSAFE),
    Kind("BD003-PDI", "BD003", "a \u2069 b\n", "nothing shows on the page",
         "U+2069 POP DIRECTIONAL ISOLATE (closes an isolate) closes nothing", FIX),
    Kind("BD003-PDF", "BD003", "a \u202c b\n", "nothing shows on the page",
         "U+202C POP DIRECTIONAL FORMATTING (closes an embedding or override)", FIX),
    # -- syntax, WordPress
    Kind("SC001-wordpress", "SC001", "[card region=\"EG\"\n\ntext\n",
         "the shortcode will show as plain text on the page", "WordPress",
         "close the tag where it should end"),
    Kind("SC002-wordpress", "SC002", '[box a="1]\n', "the shortcode will get this value cut short",
         "is not closed before the tag ends", "add the closing quote"),
    Kind("SC003-wordpress", "SC003", "[box]\n", "the shortcode will get none of the content",
         "never closed", "add the closing tag where its content ends",
         args=()),
    Kind("SC004-wordpress", "SC004", "[/box]\n", "this closing tag will show as text on the page",
         "WordPress will print it as text", "add the opening tag it belongs to"),
    Kind("SC005-wordpress", "SC005", "[box]x[note]y[/box][/note]\n",
         "a closing tag will show as text", "still open", "close the inner shortcode first"),
    Kind("SC006-wordpress", "SC006", '[box x.y="2"]\n',
         "the shortcode will not get this attribute as written", "WordPress",
         "rewrite it as the note explains"),
    Kind("SC007-wordpress", "SC007", '[box a="1" a="2"]\n',
         "the shortcode will see only one of these values", "WordPress keeps the last value",
         "remove the one you do not want"),
    Kind("SC009-wordpress", "SC009", '[card\u200b region="EG"]\n[card region="EG"]\n',
         "the shortcode may not run or may lose its attributes", "U+200B ZERO WIDTH SPACE", FIX),
    Kind("SC011-wordpress", "SC011", '`[box a="1"]`\n',
         "the page will show what the shortcode makes, not the code example",
         "WordPress will run it", UNSAFE, args=("--extend-select", "SC011")),
    # -- syntax, Hugo
    Kind("SC001-hugo", "SC001", HUGO_HEAD + "{{< card x= >}}\n", BUILD_FAILS, "Hugo will fail",
         "close the tag where it should end", hugo=True),
    Kind("SC002-hugo", "SC002", HUGO_HEAD + '{{< card a="b\n', BUILD_FAILS,
         "unterminated quoted string", "add the closing quote", hugo=True),
    Kind("SC003-hugo", "SC003", HUGO_HEAD + "{{< box >}}\n", BUILD_FAILS, "uses .Inner",
         "add the closing tag where its content ends", hugo=True),
    Kind("SC004-hugo", "SC004", HUGO_HEAD + "{{< /box >}}\n", BUILD_FAILS, "Hugo will fail",
         "add the opening tag it belongs to", hugo=True),
    Kind("SC007-hugo", "SC007", HUGO_HEAD + '{{< card a="1" a="2" >}}\n',
         "the shortcode will see only one of these values", "Hugo keeps this value",
         "remove the one you do not want", hugo=True),
    Kind("SC008-hugo", "SC008", HUGO_HEAD + '{{< card a="1" b >}}\n', BUILD_FAILS,
         "Cannot mix named and positional parameters", "give every parameter a name, or none",
         hugo=True),
    Kind("SC009-hugo", "SC009", HUGO_HEAD + '{{< card\u200b a="1" >}}\n', BUILD_FAILS,
         "U+200B ZERO WIDTH SPACE", FIX, hugo=True),
    Kind("SC010-hugo", "SC010", HUGO_HEAD + '{{< card a="1" %}}\n', BUILD_FAILS,
         "opens with '{{<' but closes with '%}}'", FIX, hugo=True),
    Kind("SC012-hugo", "SC012", HUGO_HEAD + "{{< card >}}x{{< /card >}}\n", BUILD_FAILS,
         "does not use .Inner",
         "remove the closing tag, or use a shortcode that takes content", hugo=True),
    # -- right-to-left
    Kind("RTL001", "RTL001", "[card region=\"EG\" label=\"مصر مصر\"]\n",
         "the shortcode will lay out its right-to-left text left to right: it lacks "
         '`rtl="true"`', "`card` shows right-to-left text", FIX),
    Kind("RTL002", "RTL002", '[card region="EG" label="مصر مصر" rtl="false"]\n',
         "the shortcode will lay out its right-to-left text left to right: `rtl=\"false\"` says "
         "left-to-right", "shows right-to-left text", UNSAFE),
    Kind("RTL003", "RTL003", '[card region="EG" label="مصر" rtl="True"]\n',
         "the shortcode may not see its direction flag", "the letter case differs", FIX),
    Kind("RTL004", "RTL004", '[card region="EG" label="Egypt" rtl="true"]\n',
         "the shortcode will lay out its left-to-right text right to left", "no right-to-left",
         "remove the flag unless the page layout needs it", args=("--extend-select", "RTL004")),
    Kind("RTL005", "RTL005", HUGO_HEAD + "مصر هي دولة عربية كبيرة جدا. " * 4 + "\n",
         "the page may show right-to-left text in a left-to-right layout",
         "letters are right-to-left", "declare the direction as the note says", hugo=True),
    # -- schema
    Kind("SD001", "SD001", "[php]x[/php]\n", "this shortcode must not be published on this site",
         None, "remove it, or " + UNSAFE),
    Kind("SD002-wordpress", "SD002", '[zzz a="1"]\n', "the shortcode will show as text on the "
         "page", "WordPress runs only registered shortcodes",
         "add it to shortcodes.known if a plugin defines it"),
    Kind("SD002-hugo", "SD002", HUGO_HEAD + "{{< cardd >}}\n",
         BUILD_FAILS + ': no template defines the shortcode "cardd" (did you mean "card"?)',
         'template for shortcode "cardd" not found', "correct the name, or add the template",
         hugo=True),
    Kind("SD003", "SD003", '[card region="EG" colour="red"]\n',
         "the shortcode will probably ignore this attribute", None,
         "correct the name, or add it to the schema"),
    Kind("SD004", "SD004", "[card]\n", "the shortcode may show nothing or something broken: "
         '"card" requires attribute "region"', None, "add it"),
    Kind("SD005", "SD005", '[card region="eg"]\n', "the shortcode may not understand this value",
         None, "correct it"),
    Kind("SD006-configured", "SD006", '[oldcard a="1"]\n',
         'this shortcode still works, but is going away: "oldcard" is deprecated', "use card",
         "replace it as the note says"),
    Kind("SD006-hugo-removed", "SD006", HUGO_HEAD + '{{< tweet user="a" id="1" >}}\n',
         BUILD_FAILS + ': "tweet" was removed', "removed in v0.156.0",
         "replace it as the note says", hugo=True),
    # -- suppressions
    Kind("CL001", "CL001", "<!-- contentlint-disable-next-line QT001 -->\nplain\n",
         "nothing changes on the page", "suppresses nothing", FIX),
]  # fmt: skip


def _run(tmp_path: Path, kind: Kind, capsys: pytest.CaptureFixture[str]) -> List[Dict[str, Any]]:
    files = dict(HUGO_SITE) if kind.hugo else {".contentlint.toml": WP_CONFIG}
    files["content/post.md"] = kind.body
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    main(["check", "--format", "json", *kind.args, str(tmp_path / "content" / "post.md")])
    found: List[Dict[str, Any]] = json.loads(capsys.readouterr().out)
    return found


@pytest.mark.parametrize("kind", KINDS, ids=[kind.id for kind in KINDS])
def test_message_kind(
    kind: Kind, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    found = [d for d in _run(tmp_path, kind, capsys) if d["code"] == kind.code]
    assert found, f"no {kind.code}"
    diagnostic = found[0]
    message, note = diagnostic["message"], diagnostic["note"]
    assert message.startswith(kind.consequence), message
    assert message.endswith(kind.action), message
    _, _, rest = message.partition(": ")
    assert rest and "; " in rest, f"not CONSEQUENCE: CAUSE; ACTION: {message}"
    assert "U+" not in message, message
    if kind.note is None:
        assert note is None
    else:
        assert note is not None and kind.note in note, note
    fix = diagnostic["fix"]
    if fix is not None and fix["applicability"] == "safe":
        assert message.endswith(FIX)


MIXED = "a \u2069 b\nc \u202c d\n[card region=\u201dEG\u201d]\n"


def test_fix_counts_warnings_as_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text(MIXED, encoding="utf-8")
    assert main(["check", "--fix", "--show-fixes", "post.md"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Fixed 1 error and 2 warnings:\n")
    assert out.splitlines()[-1] == "Fixed 1 error and 2 warnings."


def test_failure_output_ends_with_the_command_that_fixes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "post.md").write_text(MIXED + "\u202eoverride\u202c\n", encoding="utf-8")
    assert main(["check", "post.md"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [
        "Found 2 errors and 2 warnings.",
        "3 fixable with `contentlint check --fix`.",
    ]
    # The command it names does fix them.
    assert main(["check", "--fix", "post.md"]) == 1
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "Fixed 1 error and 2 warnings.",
        "Found 1 error.",
    ]
