"""A large file is checked with memory bounded by a small multiple of its size.

The promise (SPEC "Fixing", issue "nothing hangs"): a large LF Markdown file
is checked with memory under three times its size.  Python's own heap is
measured with tracemalloc, which counts every allocation, deterministically,
without the interpreter's start-up; ``benchmarks/large_file.py`` measures the
whole process at 12 to 50 MB.  The files hold prose that is mostly ASCII with
a typographic quote in places: one such character makes Python store the
whole text at two bytes a character, the worst case short of emoji.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from pathlib import Path

import pytest

from contentlint import wordpress
from contentlint.run.files import CheckOptions, load, process_file
from contentlint.settings import Settings
from tests.peak_memory import traced_peak

SIZE = 5 * 1024 * 1024
# The whole process must stay under three times the file's size.  The
# interpreter and contentlint's modules take about 0.4 times a 50 MB file, so
# Python's heap gets 2.6 times it.  Without slots (before Python 3.10) every
# model object carries a dict of its own, and the heap keeps to 3.
LIMIT = 2.6 if sys.version_info >= (3, 10) else 3.0

LATIN_PROSE = (
    "Plain prose that a writer typed, with a few words in it and nothing to report at all.\n"
    "A second line of the same paragraph, with \u201cquoted\u201d words in it for good measure.\n"
    "\n"
)
# Arabic letters take two bytes in UTF-8 and two in memory; its spaces and
# line breaks take one byte in the file and two in memory.
ARABIC_PROSE = (
    "\u0646\u0635 \u0639\u0627\u062f\u064a \u0643\u062a\u0628\u0647 \u0643\u0627\u062a\u0628 "
    "\u0628\u0628\u0639\u0636 \u0627\u0644\u0643\u0644\u0645\u0627\u062a.\n"
    "\u0633\u0637\u0631 \u062b\u0627\u0646 \u0645\u0646 \u0627\u0644\u0641\u0642\u0631\u0629 "
    "\u0646\u0641\u0633\u0647\u0627.\n"
    "\n"
)
# Each dialect's shortcode, and one with damaged quotes (a finding).
SHORTCODES = {
    "wordpress": ('[gallery ids="1,2,3" columns="3"]\n\n', "[gallery ids=\u201d4,5\u201d]\n\n"),
    "hugo": ('{{< gallery ids="1,2,3" >}}\n\n', "{{< gallery ids=\u201d4,5\u201d >}}\n\n"),
    # Enclosing tags: each caption or note and its closing tag stay in one piece.
    "notes": (
        "{{< note >}}A note.{{< /note >}}\n\n",
        "{{< note title=\u201dx\u201d >}}A note.{{< /note >}}\n\n",
    ),
    "captions": (
        '[caption id="a1"]<img src="/a.jpg" /> A caption[/caption]\n\n',
        '[caption id=\u201da2\u201d]<img src="/b.jpg" /> Its quotes are curly[/caption]\n\n',
    ),
}


def _write(
    path: Path, prose: str, dialect: str, every: int = 20, clean: int = 5, kind: str = ""
) -> int:
    """About ``SIZE`` bytes: prose, a shortcode (of ``kind``, else of ``dialect``) every
    ``every`` paragraphs, a damaged one after every ``clean`` sound ones."""
    shortcode, damaged = SHORTCODES[kind or dialect]
    block = ((prose * every + shortcode) * clean + damaged).encode("utf-8")
    path.write_bytes(block * (SIZE // len(block)))
    return path.stat().st_size


@pytest.mark.parametrize(
    ("prose", "dialect", "every", "kind"),
    [
        pytest.param(LATIN_PROSE, "wordpress", 20, "", id="latin-wordpress"),
        pytest.param(LATIN_PROSE, "hugo", 20, "", id="latin-hugo"),
        pytest.param(ARABIC_PROSE, "wordpress", 20, "", id="arabic-wordpress"),
        # A shortcode after every paragraph: a document of the whole file
        # would hold several times the file (``linter`` checks it in pieces).
        # One finding in 21 tags: each finding is kept until it is reported,
        # so a file of findings alone could hold more than three times it.
        pytest.param(LATIN_PROSE, "wordpress", 1, "", id="dense-latin-wordpress"),
        pytest.param(LATIN_PROSE, "hugo", 1, "", id="dense-latin-hugo"),
        pytest.param(ARABIC_PROSE, "wordpress", 1, "", id="dense-arabic-wordpress"),
        pytest.param(LATIN_PROSE, "wordpress", 1, "captions", id="dense-captions-wordpress"),
        pytest.param(LATIN_PROSE, "hugo", 1, "notes", id="dense-notes-hugo"),
    ],
)
def test_a_large_file_is_checked_in_under_three_times_its_size(
    tmp_path: Path, prose: str, dialect: str, every: int, kind: str
) -> None:
    path = tmp_path / "large.md"
    size = _write(path, prose, dialect, every, clean=5 if every > 1 else 20, kind=kind)
    settings = Settings(dialect=dialect)
    options = CheckOptions(fix=False, unsafe=False, diff=False)
    warm = tmp_path / "warm.md"
    warm.write_text(prose + SHORTCODES[dialect][1], encoding="utf-8")
    process_file(str(warm), "warm.md", options, settings)  # imports are not the file's

    outcome = None

    def check() -> None:
        nonlocal outcome
        outcome = process_file(str(path), "large.md", options, settings)

    peak = traced_peak(check)
    assert outcome is not None and outcome.located, "the damaged quotes were not found"
    assert peak < LIMIT * size, f"peak {peak / size:.2f} times the file's size"


@pytest.mark.parametrize("prose", [LATIN_PROSE, ARABIC_PROSE], ids=["latin", "arabic"])
def test_reading_a_large_file_costs_little_more_than_its_text(tmp_path: Path, prose: str) -> None:
    # Decoding all of the bytes at once holds them beside the text, and CPython
    # copies the text once more when it meets the first character wider than
    # those before it: twice the text's memory for Latin prose with a
    # typographic quote.  Read and decoded piece by piece, the bytes are freed
    # as the text grows in place.
    path = tmp_path / "large.md"
    _write(path, prose, "wordpress")
    settings = Settings(dialect="wordpress")
    loaded = []
    peak = traced_peak(lambda: loaded.append(load(str(path), "large.md", settings)))
    text = loaded[0][0].text
    assert text == path.read_text(encoding="utf-8")
    assert peak < 1.5 * sys.getsizeof(text), f"peak {peak / sys.getsizeof(text):.2f} times the text"


@pytest.mark.skipif(
    sys.version_info < (3, 10), reason="model objects take slots, and stay small, from Python 3.10"
)
def test_a_wordpress_document_holds_each_occurrence_in_under_a_kilobyte() -> None:
    # A shortcode every 230 bytes or so: a 50 MB page holds 200,000 of them,
    # and its document must not cost many times the page.  The occurrence,
    # its tag as written and its two attributes share their names and spans
    # where they agree, and an attribute's spans are built when asked for.
    count = 5000
    paragraph = LATIN_PROSE + '[gallery ids="1,2,3" columns="3"]\n\n'
    text = paragraph * count
    wordpress.parse(paragraph)
    gc.collect()
    tracemalloc.start()
    try:
        document = wordpress.parse(text, ("gallery",))
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(document.shortcodes) == len(document.raw_tags) == count
    assert [a.value for a in document.shortcodes[-1].attributes] == ["1,2,3", "3"]
    assert held < 1024 * count, f"{held / count:.0f} bytes an occurrence"
