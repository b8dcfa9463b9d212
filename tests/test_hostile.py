"""Hostile input: time and memory grow with the file, never faster.

For each adversarial pattern the work is timed at size n and at 4n: the
ratio must stay at or below 5 (linear work gives about 4; quadratic work
gives about 16).  Times are process CPU time, the best of a few runs, so a
busy machine does not make the test flaky.  Where memory could grow with
findings times line length, the tracemalloc peak is compared the same way.
Hostile nesting must end in a positioned diagnostic, never a RecursionError.
"""

from __future__ import annotations

import time
from dataclasses import fields, replace
from pathlib import Path
from typing import Callable, List, Tuple

import pytest

from contentlint import config
from contentlint.fixer import fix_text
from contentlint.linter import FileContext, check, check_text, linter_for
from contentlint.model import Applicability, Diagnostic, Edit, Fix, Severity, Span
from contentlint.reporting import render
from contentlint.results import locate
from contentlint.settings import Registry, Settings
from contentlint.source import Source
from tests.peak_memory import traced_peak

RATIO = 5.0
RUNS = 3

WORDPRESS = FileContext(Settings(dialect="wordpress", known=frozenset({"card", "box"})), Registry())
HUGO = FileContext(Settings(dialect="hugo"), Registry(hugo_templates={"card": False, "box": True}))


def _growth(small: Callable[[], object], large: Callable[[], object]) -> float:
    """CPU time of ``large`` over that of ``small``; measured again, twice at most, if too high.

    A neighbour's burst of work can slow one measure on a shared machine;
    work that really grows too fast (quadratic work gives about 16) is too
    slow on every try.
    """
    small()  # imports and caches are not part of the measure
    ratio = _cpu(large) / _cpu(small)
    for _ in range(2):
        if ratio <= RATIO:
            break
        ratio = min(ratio, _cpu(large) / _cpu(small))
    return ratio


def _cpu(work: Callable[[], object]) -> float:
    import gc

    best = float("inf")
    for _ in range(RUNS):
        # The cyclic collector's passes grow with every object alive, which
        # says nothing of the algorithm: collect first, then time without it.
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            work()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return max(best, 1e-4)


def _lint(context: FileContext) -> Callable[[str], object]:
    def run(text: str) -> object:
        source = Source.from_text("post.md", text)
        return [locate(source, d) for d in check(source, context)]

    return run


def _fix(context: FileContext) -> Callable[[str], object]:
    def run(text: str) -> object:
        source = Source.from_text("post.md", text)
        outcome = fix_text(text, linter_for(source, context))
        final = source.with_text(outcome.text)
        return [locate(final, d) for d in outcome.remaining]

    return run


def _report(context: FileContext) -> Callable[[str], object]:
    """Lint, then print every finding as text and JSON, reading the line as it prints."""

    def run(text: str) -> object:
        source = Source.from_text("post.md", text)
        located = [locate(source, d) for d in check(source, context)]
        return [render(fmt, located, files_checked=1) for fmt in ("text", "junit")]

    return run


def _diff(context: FileContext) -> Callable[[str], object]:
    """Fix, then show the fixes as ``--diff`` does."""

    def run(text: str) -> object:
        from contentlint.diffs import unified_diff

        source = Source.from_text("post.md", text)
        return unified_diff("post.md", text, fix_text(text, linter_for(source, context)).text)

    return run


def _line_index(text: str) -> object:
    """Only the line index: where the old one searched the rest of the text once per line."""
    source = Source.from_text("post.md", text)
    return source.position(len(text))


def _fix_every_x(text: str) -> object:
    """Only the fixer's choice of fixes, with a lint that costs nothing: one fix per ``x``."""

    def lint(current: str) -> List[Diagnostic]:
        return [
            Diagnostic(
                "XX001",
                "an-x",
                Severity.ERROR,
                Span(index, index + 1),
                "an x",
                Fix(Applicability.SAFE, "make it y", (Edit(Span(index, index + 1), "y"),)),
            )
            for index, character in enumerate(current)
            if character == "x"
        ]

    return fix_text(text, lint)


def _yaml_levels(size: int) -> str:
    # Indentation makes the text grow as the square of the depth: size the
    # text, not the depth, so that 4n means four times the bytes.
    levels = int((2 * size) ** 0.5)
    return "---\n" + "".join(" " * level + "k:\n" for level in range(levels)) + "---\nbody\n"


# (name, text of size n, work on a text, n)
CASES: List[Tuple[str, Callable[[int], str], Callable[[str], object], int]] = [
    ("line index of a long LF file", lambda n: "abc\n" * n, _line_index, 20000),
    ("choosing among many fixes", lambda n: "x " * n, _fix_every_x, 1000),
    ("long LF file", lambda n: "some words of prose here\n" * n, _lint(WORDPRESS), 6000),
    (
        "long LF file with shortcodes",
        lambda n: 'prose [card region="EG"] more\n' * n,
        _lint(WORDPRESS),
        600,
    ),
    ("many fixes", lambda n: "[card region=\u201dEG\u201d]\n" * n, _fix(WORDPRESS), 100),
    (
        "one long line with many findings",
        lambda n: "[card region=\u201dEG\u201d] " * n,
        _report(WORDPRESS),
        150,
    ),
    ("duplicate attributes", lambda n: "[card " + "a=1 " * n + "]\n", _lint(WORDPRESS), 800),
    ("long unclosed tags", lambda n: "[card a=1 " * n, _lint(WORDPRESS), 500),
    # Every finding is placed on its line: a line index that searched from
    # the line's start made each one cost the line's length so far.
    (
        "findings along one long line",
        lambda n: "[card a=\u201d1\u201d] " * n,
        _lint(WORDPRESS),
        1000,
    ),
    ("long unclosed Hugo tags", lambda n: "{{< card a=1 " * n, _lint(HUGO), 200),
    ("nested shortcodes", lambda n: "[box]" * n + "[/box]" * n, _lint(WORDPRESS), 400),
    ("nested Hugo shortcodes", lambda n: "{{< box >}}" * n + "{{< /box >}}" * n, _lint(HUGO), 150),
    (
        "deep TOML front matter",
        lambda n: "+++\na = " + "[" * n + "]" * n + "\n+++\nbody\n",
        _lint(HUGO),
        50000,
    ),
    (
        "deep JSON front matter",
        lambda n: '{"a":' * n + "1" + "}" * n + "\n\nbody\n",
        _lint(HUGO),
        20000,
    ),
    ("deep YAML front matter", _yaml_levels, _lint(HUGO), 60000),
    (
        "huge front matter",
        lambda n: "---\n" + "".join(f"key{i}: value {i}\n" for i in range(n)) + "---\nbody\n",
        _lint(HUGO),
        3000,
    ),
    (
        "many unused suppressions",
        lambda n: "<!-- contentlint-disable QT001 -->\ntext\n" * n,
        _fix(WORDPRESS),
        100,
    ),
    ("many invisible characters", lambda n: "[card a=\u200b1]\n" * n, _fix(WORDPRESS), 100),
    (
        # Lines that repeat all through the file, as the posts of an export do.
        "a diff of fixes among repeated lines",
        lambda n: "".join(
            f"post {i}\n" + "the same line of prose\n" * 20 + "[card region=\u201dEG\u201d]\n"
            for i in range(n)
        ),
        _diff(WORDPRESS),
        100,
    ),
]


@pytest.mark.parametrize(
    ("build", "work", "n"),
    [pytest.param(build, work, n, id=name) for name, build, work, n in CASES],
)
def test_time_grows_linearly(
    build: Callable[[int], str], work: Callable[[str], object], n: int
) -> None:
    small, large = build(n), build(4 * n)
    ratio = _growth(lambda: work(small), lambda: work(large))
    assert ratio <= RATIO, f"4x the input took {ratio:.1f}x the time"


def test_memory_follows_the_file_not_findings_times_line_length() -> None:
    # One line, many findings: each finding once held its own copy of the line.
    report = _report(WORDPRESS)
    line = "[card region=\u201dEG\u201d] "
    report(line)
    ratio = traced_peak(lambda: report(line * 400)) / traced_peak(lambda: report(line * 100))
    assert ratio <= RATIO, f"4x the input took {ratio:.1f}x the memory"


def test_findings_do_not_keep_copies_of_their_line() -> None:
    text = "[card region=\u201dEG\u201d] " * 500
    source = Source.from_text("post.md", text)
    located = [locate(source, d) for d in check(source, WORDPRESS)]
    assert len(located) >= 500
    assert all(item.source is source for item in located)
    assert "line_text" not in {field.name for field in fields(located[0])}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("+++\na = " + "[" * 600 + "]" * 600 + "\n+++\nbody\n", id="TOML arrays"),
        pytest.param(
            "+++\na = " + "{b = " * 600 + "1" + "}" * 600 + "\n+++\nbody\n", id="TOML tables"
        ),
        pytest.param('{"a":' * 5000 + "1" + "}" * 5000 + "\n\nbody\n", id="JSON"),
        pytest.param(
            "---\n" + "".join(" " * level + "k:\n" for level in range(400)) + "---\nbody\n",
            id="YAML mappings",
        ),
        pytest.param(
            "---\n" + "".join(" " * (2 * level) + "- k:\n" for level in range(400)) + "---\nbody\n",
            id="YAML sequences",
        ),
    ],
)
@pytest.mark.parametrize("dialect", ["hugo", "wordpress"])
def test_deep_front_matter_gets_a_positioned_diagnostic(text: str, dialect: str) -> None:
    found = [d for d in check_text(text, dialect=dialect) if d.code == "IO001"]
    assert len(found) == 1
    (diagnostic,) = found
    assert "nested more than" in diagnostic.message
    # At the place where the nesting goes too deep, inside the front matter.
    assert 0 < diagnostic.span.start < text.index("body")


def test_front_matter_nested_as_deep_as_allowed_is_read() -> None:
    text = "+++\na = " + "[" * 100 + "]" * 100 + "\n+++\nbody\n"
    assert [d for d in check_text(text, dialect="hugo") if d.code == "IO001"] == []


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("select = " + "[" * 600 + "]" * 600 + "\n", id="arrays"),
        pytest.param("x = " + "{a = " * 600 + "1" + "}" * 600 + "\n", id="inline tables"),
    ],
)
def test_deep_configuration_is_a_positioned_error(tmp_path: Path, body: str) -> None:
    path = tmp_path / ".contentlint.toml"
    path.write_text("# hostile\n" + body, encoding="utf-8")
    with pytest.raises(config.ConfigError) as caught:
        config.ConfigLoader(str(path), {}).settings_for(str(tmp_path / "a.md"))
    assert ":2:" in caught.value.message and "nested more than" in caught.value.message


def test_deep_configuration_time_grows_linearly(tmp_path: Path) -> None:
    def load(depth: int) -> Callable[[], object]:
        path = tmp_path / f"{depth}.toml"
        path.write_text("x = " + "[" * depth + "]" * depth + "\n", encoding="utf-8")

        def run() -> object:
            with pytest.raises(config.ConfigError):
                config.ConfigLoader(str(path), {}).settings_for(str(tmp_path / "a.md"))
            return None

        return run

    ratio = _growth(load(50000), load(200000))
    assert ratio <= RATIO, f"4x the input took {ratio:.1f}x the time"


def test_settings_used_here_are_what_they_claim() -> None:
    # A guard on the fixtures: the Hugo context really parses as Hugo.
    assert replace(HUGO.settings).dialect == "hugo"


def test_decoding_under_a_tracer_grows_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    # Coverage and debuggers trace every line.  A large file is decoded in
    # steps appended to one text, which CPython extends in place only in
    # code it has specialised, and a tracer turns that off: each step then
    # copied the whole text so far.  Small steps show it at a small size.
    import sys

    from contentlint import source as source_module

    monkeypatch.setattr(source_module, "_STEP", 64)
    data = "\u0645\u0631\u062d\u0628\u0627 ".encode() * 4000

    def traced(chunks: List[bytes]) -> Callable[[], object]:
        def tracer(frame: object, event: str, arg: object) -> object:
            return tracer

        def run() -> object:
            sys.settrace(tracer)
            try:
                return Source.from_chunks("post.md", list(chunks))
            finally:
                sys.settrace(None)

        return run

    small, large = traced([data]), traced([data] * 4)
    assert large().text == data.decode() * 4
    ratio = _growth(small, large)
    assert ratio <= RATIO, f"4x the input took {ratio:.1f}x the time"


def test_fixing_an_export_holds_no_more_than_the_fixed_text_beside_a_check(
    tmp_path: Path,
) -> None:
    # The fixed export was joined from a list of every piece of it, then
    # encoded whole: the text thrice over beside what a check holds.  Now it
    # is built a piece at a time and written a step at a time.
    import shutil
    import sys

    from contentlint.run.files import CheckOptions, process_file
    from tests.wxr_exports import PostSpec, export

    body = "<p>Prose \u201cquoted\u201d, nothing to report.</p>\n" * 6
    posts = [
        PostSpec(n, f"Post {n}", "post", body + "[gallery ids=\u201d4,5\u201d]\n", "cdata")
        for n in range(1, 4000)
    ]
    original = tmp_path / "original.xml"
    original.write_text(export(posts), encoding="utf-8")
    target = tmp_path / "export.xml"
    settings = config.ConfigLoader(None, {}).settings_for(str(target))

    def run(fix: bool) -> Callable[[], object]:
        options = CheckOptions(fix=fix, unsafe=False, diff=False)
        return lambda: process_file(str(target), "export.xml", options, settings)

    shutil.copy(original, target)
    run(False)()  # what is imported on first use is not part of the measure
    checking = traced_peak(run(False))
    fixing = traced_peak(run(True))
    assert target.read_text(encoding="utf-8").count('[gallery ids="4,5"]') == len(posts)
    text_size = sys.getsizeof(original.read_text(encoding="utf-8"))
    # Beside what a check holds, a fix holds the fixed text and what it
    # found (the text twice over was 2.2 times its size).
    assert fixing <= checking + 1.6 * text_size, (fixing, checking, text_size)


def test_a_text_built_from_pieces_is_held_once() -> None:
    import sys

    from contentlint.source import concatenated

    if sys.gettrace() is not None or sys.getprofile() is not None:
        pytest.skip("under a tracer the pieces are joined, which holds them all at once")
    text = ("a" * 997 + "\u201d") * 4000

    def pieces() -> object:
        return (text[start : start + 1000] for start in range(0, len(text), 1000))

    built: List[str] = []
    peak = traced_peak(lambda: built.append(concatenated(pieces())))  # type: ignore[arg-type]
    assert built == [text]
    assert peak <= 1.3 * sys.getsizeof(text)
