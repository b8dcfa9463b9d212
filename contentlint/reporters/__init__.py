"""One module per output format; ``contentlint.reporting.render`` picks one.

Reporters only present diagnostics: they never compute findings, read files
or decide exit codes.  What they share lives here: the order diagnostics are
shown in, which fixes ``--fix`` would apply, and stable fingerprints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, List, Sequence, Tuple

if TYPE_CHECKING:
    from contentlint.results import Located


def in_report_order(diagnostics: Sequence[Located]) -> List[Located]:
    """Sorted by path, line, column, code (SPEC "JSON output")."""
    return sorted(diagnostics, key=lambda diagnostic: diagnostic.sort_key())


def is_fixable(diagnostic: Located, unsafe_fixes: bool = False) -> bool:
    """Whether ``--fix`` (with ``--unsafe-fixes`` when asked) would apply this diagnostic's fix."""
    if diagnostic.fix is None:
        return False
    return unsafe_fixes or diagnostic.fix.applicability == "safe"


def fingerprints(diagnostics: Sequence[Located]) -> List[str]:
    """A fingerprint per diagnostic that survives edits elsewhere in the file.

    It hashes the path, the code, the line's text with whitespace collapsed,
    and how many earlier diagnostics share those three, so inserting lines
    above a problem keeps its fingerprint while two identical problems still
    get different ones.
    """
    import hashlib

    from contentlint.baseline import LineKeys

    seen: Dict[Tuple[str, str, str], int] = {}
    result: List[str] = []
    line_keys = LineKeys()
    for diagnostic in diagnostics:
        key = (diagnostic.path, diagnostic.code, line_keys(diagnostic))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = hashlib.sha256()
        for part in (*key, str(occurrence)):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        result.append(digest.hexdigest())
    return result
