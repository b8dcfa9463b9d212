"""Building WordPress exports for tests: posts written as CDATA, split CDATA, entities or a mix.

Our own minimal reconstruction of the export format (an RSS file whose root
declares the export namespaces); only what the importer reads is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

from hypothesis import strategies as st

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<rss version="2.0"\n'
    '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
    '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
    '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
    '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
    ">\n<channel>\n\t<title>Site</title>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
)
TAIL = "</channel>\n</rss>\n"

STYLES = ("cdata", "split", "escaped", "mix")


def cdata(text: str) -> str:
    """One CDATA section, with ``]]>`` split the way exports write it."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def escaped(text: str, numeric: bool = False) -> str:
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = out.replace('"', "&quot;")
    if numeric:
        out = "".join(f"&#{ord(c)};" if ord(c) > 0x7F else c for c in out)
    return out.replace("\r", "&#13;")


def encode_body(text: str, style: str, cuts: Sequence[int] = ()) -> str:
    """``text`` as element content in one style; ``mix`` alternates at ``cuts``."""
    if style == "cdata":
        return cdata(text)
    if style == "split":
        middle = len(text) // 2
        return cdata(text[:middle]) + cdata(text[middle:])
    if style == "escaped":
        return escaped(text, numeric=True)
    bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
    parts = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    return "".join(cdata(p) if i % 2 == 0 else escaped(p) for i, p in enumerate(parts))


@dataclass(frozen=True)
class PostSpec:
    post_id: int
    title: str
    post_type: str
    content: str
    style: str
    cuts: Tuple[int, ...] = ()
    excerpt: str = ""


def item(post: PostSpec) -> str:
    return (
        "\t<item>\n"
        f"\t\t<title>{escaped(post.title)}</title>\n"
        f"\t\t<dc:creator>{cdata('admin')}</dc:creator>\n"
        f"\t\t<content:encoded>{encode_body(post.content, post.style, post.cuts)}"
        "</content:encoded>\n"
        f"\t\t<excerpt:encoded>{encode_body(post.excerpt, post.style, post.cuts)}"
        "</excerpt:encoded>\n"
        f"\t\t<wp:post_id>{post.post_id}</wp:post_id>\n"
        f"\t\t<wp:post_type>{cdata(post.post_type)}</wp:post_type>\n"
        "\t</item>\n"
    )


def export(posts: Sequence[PostSpec], newline: str = "\n") -> str:
    """An export; with ``newline="\\r\\n"`` every line of the file ends in CRLF."""
    text = HEAD + "".join(item(post) for post in posts) + TAIL
    return text.replace("\n", newline) if newline != "\n" else text


# Text a post body may hold: shortcodes, damaged quotes, Arabic, XML's specials.
FRAGMENTS = (
    '[gallery ids="1,2" columns="3"]',
    "[gallery ids=\u201d1\u2033 columns=\u201d3\u2033]",
    '[caption id="a" align="alignleft"]<img src="x.png"> \u0635\u0648\u0631\u0629[/caption]',
    "[embed]https://example.org/v[/embed]",
    "[audio src=\u201chttps://example.org/a.mp3\u201d]",
    "[[gallery]]",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
    "<p>a &amp; b</p>",
    "]]>",
    "]]",
    ">",
    "&",
    "<",
    "\n",
    "\r\n",
    " ",
    "x",
    "[/gallery]",
    "[video mp4='a.mp4']",
)


@st.composite
def post_texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), max_size=8))
    return "".join(parts)


@st.composite
def post_specs(draw: st.DrawFn, post_id: int = 1) -> PostSpec:
    content = draw(post_texts())
    style = draw(st.sampled_from(STYLES))
    cuts = tuple(draw(st.lists(st.integers(0, max(0, len(content))), max_size=4)))
    title = draw(st.sampled_from(("Hello", "A & B", "\u0645\u0642\u0627\u0644", "")))
    post_type = draw(st.sampled_from(("post", "page", "attachment")))
    excerpt = draw(st.sampled_from(("", "[gallery ids=\u201d5\u2033]", "short")))
    return PostSpec(post_id, title, post_type, content, style, cuts, excerpt)


@st.composite
def exports(draw: st.DrawFn) -> Tuple[str, List[PostSpec]]:
    count = draw(st.integers(1, 3))
    posts = [draw(post_specs(post_id=index + 10)) for index in range(count)]
    newline = draw(st.sampled_from(("\n", "\r\n")))
    return export(posts, newline), posts
