"""The RTL rules on a synthetic content repository (shared/corpus/generate.py).

The generator is deterministic for a seed.  Its manifest gives each file's
language; which shortcodes lost their ``rtl="true"`` is taken from the
generator itself, by replaying it with its defect injector observed (and
checking that the replay reproduces every file byte for byte).
"""

from __future__ import annotations

import importlib.util
import json
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Callable, Dict, Iterator, List, Tuple

import pytest

from contentlint.model import Diagnostic
from contentlint.rules import rtl as rtl_rules
from contentlint.rules.base import RuleContext
from contentlint.settings import Registry, Settings, ShortcodeSchema
from contentlint.source import Source

GENERATOR = Path(__file__).resolve().parent / "data" / "corpus_generate.py"
FILES = 120
SEED = 11
DEFECT_RATE = 0.3
FLAG = ' rtl="true"'
RTL_LANGUAGES = {"ar", "he", "fa"}
# The generator's right-to-left-aware shortcodes, configured as a site would.
SETTINGS = Settings(
    schemas={
        name: ShortcodeSchema(direction_flag='rtl="true"')
        for name in ("covid19-ultimate-card", "figure", "alert")
    }
)


@dataclass
class GeneratedFile:
    text: str
    lost_flags: List[str] = field(default_factory=list)  # shortcodes whose flag was dropped


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _replay(generator: ModuleType) -> Iterator[GeneratedFile]:
    """Each document the generator writes, with the shortcodes whose flag it dropped."""
    original: Callable[..., str] = getattr(generator, "inject")  # noqa: B009
    current = GeneratedFile("")

    def observed(code: str, kind: str, lang: str, rng: random.Random) -> str:
        damaged = original(code, kind, lang, rng)
        if FLAG in code and damaged == code.replace(FLAG, ""):
            current.lost_flags.append(damaged)
        return damaged

    setattr(generator, "inject", observed)  # noqa: B010
    try:
        rng = random.Random(SEED)
        for index in range(FILES):
            current = GeneratedFile("")
            _, text, _ = generator.document(rng, index, DEFECT_RATE)
            current.text = text
            yield current
    finally:
        setattr(generator, "inject", original)  # noqa: B010


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> List[Tuple[str, str, GeneratedFile]]:
    """(path, language, replayed document) for every generated file."""
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [
            sys.executable,
            str(GENERATOR),
            str(out),
            "--files",
            str(FILES),
            "--seed",
            str(SEED),
            "--defect-rate",
            str(DEFECT_RATE),
        ],
        check=True,
        capture_output=True,
    )
    manifest: Dict[str, Dict[str, object]] = json.loads(
        (out / "manifest.json").read_text(encoding="utf-8")
    )
    assert len(manifest) == FILES
    replayed = list(_replay(_load_generator()))
    files: List[Tuple[str, str, GeneratedFile]] = []
    for (path, stats), generated in zip(manifest.items(), replayed):
        source = Source.from_bytes(path, (out / path).read_bytes())
        assert source.text.replace("\r\n", "\n") == generated.text, f"replay differs: {path}"
        generated.text = source.text
        files.append((path, str(stats["lang"]), generated))
    return files


def _rtl_diagnostics(path: str, text: str) -> List[Diagnostic]:
    from contentlint import linter

    source = Source.from_text(path, text)
    document = linter.parse(source, linter.FileContext(SETTINGS, Registry()))
    context = RuleContext(source, document, SETTINGS, Registry())
    found: List[Diagnostic] = []
    for rule in rtl_rules.RULES:
        found.extend(rule.check(context))
    return found


def test_every_lost_flag_is_found(corpus: List[Tuple[str, str, GeneratedFile]]) -> None:
    lost = found = 0
    documents_with_lost_flags = 0
    for path, language, generated in corpus:
        if not generated.lost_flags:
            continue
        assert language in RTL_LANGUAGES
        documents_with_lost_flags += 1
        diagnostics = _rtl_diagnostics(path, generated.text)
        starts = {d.span.start for d in diagnostics if d.code == "RTL001"}
        cursor = 0
        offsets = []
        for shortcode in generated.lost_flags:  # one-line tags, in file order
            offset = generated.text.index(shortcode, cursor)
            cursor = offset + 1
            offsets.append(offset)
            lost += 1
            if offset in starts:
                found += 1
            else:
                # Only another defect that hides the tag from the engine excuses a miss.
                assert _hidden_by_another_defect(path, generated.text, offset), (path, offset)
        # Every RTL001 is one of the generator's dropped flags.
        assert starts <= set(offsets), path
    assert documents_with_lost_flags > 0 and lost > 0
    assert found >= 0.9 * lost, (found, lost)


def _hidden_by_another_defect(path: str, text: str, offset: int) -> bool:
    from contentlint import linter

    source = Source.from_text(path, text)
    document = linter.parse(source, linter.FileContext(SETTINGS, Registry()))
    return all(shortcode.open_span.start != offset for shortcode in document.walk())


def test_no_english_document_gets_an_rtl_diagnostic(
    corpus: List[Tuple[str, str, GeneratedFile]],
) -> None:
    english = [(path, generated) for path, language, generated in corpus if language == "en"]
    assert english
    for path, generated in english:
        assert _rtl_diagnostics(path, generated.text) == [], path


def test_right_to_left_documents_without_declared_direction(
    corpus: List[Tuple[str, str, GeneratedFile]],
) -> None:
    # The generator writes ``lang`` into every front matter, and its HTML
    # files are bare WordPress post bodies, whose direction comes from the
    # site's language: no document here lacks a direction it could declare.
    # Taking ``lang`` out of a right-to-left page's front matter must be seen.
    checked = 0
    for path, language, generated in corpus:
        codes = {d.code for d in _rtl_diagnostics(path, generated.text)}
        assert "RTL005" not in codes, path
        if language in RTL_LANGUAGES and generated.text.lstrip("\ufeff").startswith("---"):
            undeclared = generated.text.replace(f"lang: {language}", "lang: en")
            undeclared = undeclared.replace("dir: rtl", "dir: ltr")
            found = {d.code for d in _rtl_diagnostics(path, undeclared)}
            assert "RTL005" in found, path
            checked += 1
    assert checked > 0
