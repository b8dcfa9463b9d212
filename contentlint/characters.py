"""How messages name characters a reader cannot see or tell apart."""

from __future__ import annotations

import unicodedata
from typing import Dict, List


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
