"""How messages name characters a reader cannot see or tell apart."""

from __future__ import annotations

import unicodedata
from typing import Dict, List

# Typographic quotes, primes, guillemets and fullwidth quotes: what a word
# processor or a texturizer puts where a straight quote was.  Neither engine
# reads any of them as a delimiter.
TYPOGRAPHIC_QUOTES = frozenset(
    "\u201c\u201d\u201e\u201f\u2033\u2018\u2019\u201a\u201b\u2032"
    "\u00ab\u00bb\u2039\u203a\uff02\uff07"
)
# Characters that look like a space but are none to either engine's tag syntax.
SPACE_LIKE = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\u0085\u2028\u2029"
)
# Characters that take no room on screen.  Bidi embeddings, overrides and
# isolates are not here: the bidi rules own them.
ZERO_WIDTH = frozenset(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u2060\u2061\u2062\u2063\u2064\ufeff\u3164\uffa0"
)
INVISIBLE = SPACE_LIKE | ZERO_WIDTH


def character_name(char: str) -> str:
    """``U+201D RIGHT DOUBLE QUOTATION MARK``."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def describe_characters(characters: str) -> str:
    """``U+200F RIGHT-TO-LEFT MARK``, or ``2 × U+00A0 NO-BREAK SPACE, U+200B …`` for a run."""
    counts: Dict[str, int] = {}
    for char in characters:
        counts[char] = counts.get(char, 0) + 1
    parts: List[str] = []
    for char, count in counts.items():
        label = character_name(char)
        parts.append(label if count == 1 else f"{count} \u00d7 {label}")
    return ", ".join(parts)
