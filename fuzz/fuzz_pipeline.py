"""Fuzz the whole pipeline with atheris: bytes in, fix guarantees out.

Each input is decoded as a file would be, parsed in both dialects, linted,
fixed (safe fixes, then safe and unsafe), and linted again.  It asserts:

- nothing crashes, and every position lies inside the text;
- the bytes read back as the fixed text (no byte order mark made or lost);
- no line break outside the edits of a pass changes, appears or disappears;
- fixing is idempotent;
- after safe fixes no new error appears unless a message said more may follow;
- checked in pieces (``segments``, with tiny thresholds), a text has the
  findings it has whole.

Run it for a fixed time (not part of the test suite)::

    pip install atheris
    python fuzz/fuzz_pipeline.py -max_total_time=600 fuzz/corpus

A failing input is written as ``crash-*`` in the working folder; feed it
back with ``python fuzz/fuzz_pipeline.py crash-...`` to reproduce.  With
``CONTENTLINT_FUZZ_LOG=FILE`` a failure is appended to FILE (once per kind
of failure) and the run goes on, so that one timed run lists all it finds.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections import Counter
from typing import Sequence

import atheris

# The checks are the property tests' own, so that both prove the same thing.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))

with atheris.instrument_imports():
    from test_fix_safety import assert_only_edits_changed

    from contentlint import segments
    from contentlint.fixer import fix_text
    from contentlint.linter import FileContext, check, linter_for
    from contentlint.model import MORE_MAY_FOLLOW, Diagnostic, Severity
    from contentlint.settings import Registry, Settings, ShortcodeSchema
    from contentlint.source import Source, SourceError

CONTEXTS = [
    FileContext(Settings(dialect="wordpress"), Registry()),
    FileContext(Settings(dialect="hugo"), Registry()),
    FileContext(
        Settings(
            known=frozenset({"card", "box"}),
            schemas={"card": ShortcodeSchema(direction_flag='rtl="true"')},
            extend_select=("ALL",),
        ),
        Registry(hugo_templates={"card": False, "box": True}),
    ),
]


def _errors(diagnostics: Sequence[Diagnostic]) -> Counter[str]:
    return Counter(d.code for d in diagnostics if d.severity is Severity.ERROR)


def _in_pieces(source: Source, context: FileContext) -> Sequence[Diagnostic]:
    """``check`` with every text long enough to be cut checked in pieces."""
    saved = segments.LARGE_TEXT, segments.PIECE_TEXT
    segments.LARGE_TEXT, segments.PIECE_TEXT = 64, 16
    try:
        return check(source, context)
    finally:
        segments.LARGE_TEXT, segments.PIECE_TEXT = saved


def _one(source: Source, context: FileContext, unsafe: bool) -> None:
    before = check(source, context)
    for diagnostic in before:
        assert 0 <= diagnostic.span.start <= diagnostic.span.end <= len(source.text)
    assert _in_pieces(source, context) == before, ("pieces differ from the whole", source.text)
    lint = linter_for(source, context)
    current = source.text
    for _ in range(10):
        step = fix_text(current, lint, unsafe=unsafe, max_passes=1)
        if not step.fixed:
            break
        assert_only_edits_changed(
            current, step.text, [e for d in step.fixed if d.fix for e in d.fix.edits]
        )
        written = source.with_text(step.text).encode()
        assert Source.from_bytes(source.path, written).text == step.text, "BOM made or lost"
        current = step.text
    outcome = fix_text(source.text, lint, unsafe=unsafe)
    if not outcome.converged:
        return
    assert fix_text(outcome.text, lint, unsafe=unsafe).text == outcome.text, "not idempotent"
    if not unsafe:
        new = _errors(outcome.remaining) - _errors(before)
        if new:
            assert any(MORE_MAY_FOLLOW in d.message for d in before), (
                "new error after safe fixes",
                source.text,
                outcome.text,
                sorted(new),
            )


_LOG = os.environ.get("CONTENTLINT_FUZZ_LOG")
_seen: set = set()  # type: ignore[type-arg]


def test_one_input(data: bytes) -> None:
    if len(data) < 1:
        return
    which, unsafe, body = data[0] % len(CONTEXTS), bool(data[0] & 0x80), data[1:]
    try:
        source = Source.from_bytes("post.md", body)
    except SourceError:
        return
    try:
        _one(source, CONTEXTS[which], unsafe)
    except Exception as error:
        if _LOG is None:
            raise
        where = traceback.extract_tb(error.__traceback__)[-1]
        detail = error.args[0] if error.args else ""
        kind = (
            type(error).__name__,
            where.lineno,
            str(detail[-1] if isinstance(detail, tuple) else "")[:80],
        )
        if kind not in _seen:
            _seen.add(kind)
            with open(_LOG, "a", encoding="utf-8") as log:
                log.write(f"{kind!r}\ncontext={which} unsafe={unsafe}\n")
                log.write(f"input={source.text!r}\n{error!r}\n\n")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
