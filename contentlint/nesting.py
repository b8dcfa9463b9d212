"""How deep TOML and JSON text nests, found before a recursive parser reads it.

The TOML and JSON parsers of the standard library recurse once per level of
``[`` and ``{``, so hostile text nested a few hundred levels deep would end
in a ``RecursionError``.  ``too_deep`` scans the text once, skipping strings
and comments, and says where nesting passes ``MAX_DEPTH``: the caller then
reports that place instead of parsing.
"""

from __future__ import annotations

import re
from typing import Optional, Pattern

# Far deeper than any front matter or configuration people write, and far
# below the interpreter's recursion limit.
MAX_DEPTH = 100

_TOML_TOKENS = re.compile(
    r'"""(?:[^\\]|\\.)*?(?:"""|\Z)'
    r"|'''.*?(?:'''|\Z)"
    r'|"(?:[^"\\\n]|\\.)*(?:"|$)'
    r"|'[^'\n]*(?:'|$)"
    r"|#[^\n]*"
    r"|[\[\]{}]",
    re.DOTALL | re.MULTILINE,
)
_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*(?:"|\Z)|[\[\]{}]', re.DOTALL)


def too_deep(fmt: str, text: str, start: int = 0, end: Optional[int] = None) -> Optional[int]:
    """Offset of the first bracket of ``text[start:end]`` nested deeper than ``MAX_DEPTH``.

    ``fmt`` is ``"toml"`` or ``"json"``; ``None`` when the text nests no deeper.
    """
    tokens: Pattern[str] = _TOML_TOKENS if fmt == "toml" else _JSON_TOKENS
    depth = 0
    for token in tokens.finditer(text, start, len(text) if end is None else end):
        bracket = token.group()
        if bracket in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif bracket in ("]", "}"):
            depth = max(0, depth - 1)
    return None


NESTED_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; contentlint does not read it"
