"""Containers: files that hold several documents.

A container yields documents, each with a map from its offsets to the
file's offsets; rules see one document and never know where it sits.
``wxr`` reads WordPress exports (one document per post body).
"""

from __future__ import annotations

import re

_RSS_ROOT = re.compile(r"<rss[\s>]")
_XML_DECLARATION = re.compile(r"<\?xml\s[^>]*\?>|<\?xml\?>")


def looks_like_xml(path: str, text: str) -> bool:
    """Whether a file is XML rather than a post: named ``.xml``, or opening with
    ``<?xml`` or an ``<rss>`` root."""
    head = text[:256].lstrip("\ufeff \t\r\n")
    if path.lower().endswith(".xml") or _XML_DECLARATION.match(head) is not None:
        return True
    # An export saved without its declaration still opens with its root.
    return _RSS_ROOT.match(head) is not None
