"""The CI snippets in README.md are valid YAML and call contentlint as it really is.

Each ```yaml block under the "pre-commit", "GitHub Actions" and "GitLab CI"
headings is parsed; every ``contentlint`` command in it is parsed with the
CLI's own argument parser; pre-commit hook ids must exist in
``.pre-commit-hooks.yaml``, and report files must be the ones uploaded.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import yaml

from contentlint import __version__

PROJECT_ROOT = Path(__file__).resolve().parents[1]
README = PROJECT_ROOT / "README.md"
DEMO_ARTICLE = PROJECT_ROOT / "examples" / "arabic-news-covid-cards.txt"
SECTIONS = ("pre-commit", "GitHub Actions", "GitLab CI")
SHELL_OPERATORS = frozenset({"&&", "||", "|", ";", ">", ">>", "<", "&"})


def sections(markdown: str) -> Dict[str, str]:
    """Heading text -> the text up to the next heading of the same or a higher level."""
    found: Dict[str, str] = {}
    current: List[Tuple[str, int, List[str]]] = []
    in_fence = False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        level = len(line) - len(line.lstrip("#"))
        if not in_fence and 0 < level <= 6 and line[level : level + 1] == " ":
            while current and current[-1][1] >= level:
                title, _, body = current.pop()
                found.setdefault(title, "\n".join(body))
            for _, _, body in current:
                body.append(line)
            current.append((line[level:].strip(), level, []))
            continue
        for _, _, body in current:
            body.append(line)
    while current:
        title, _, body = current.pop()
        found.setdefault(title, "\n".join(body))
    return found


def yaml_blocks(text: str) -> List[str]:
    blocks: List[str] = []
    block: List[str] = []
    inside = False
    for line in text.splitlines():
        stripped = line.strip()
        if not inside and stripped in ("```yaml", "```yml"):
            inside, block = True, []
        elif inside and stripped == "```":
            inside = False
            blocks.append("\n".join(block))
        elif inside:
            block.append(line)
    return blocks


def snippets(section: str) -> List[Any]:
    if not README.is_file():
        pytest.skip("README.md does not exist")
    text = sections(README.read_text(encoding="utf-8")).get(section)
    if text is None:
        pytest.skip(f"README.md has no {section!r} section yet")
    blocks = yaml_blocks(text)
    assert blocks, f"the {section!r} section of README.md has no ```yaml block"
    return [yaml.safe_load(block) for block in blocks]


def strings(document: Any, key: str) -> Iterator[str]:
    """Every string under ``key`` anywhere in ``document`` (lists flattened)."""
    if isinstance(document, dict):
        for name, value in document.items():
            if name == key:
                values = value if isinstance(value, list) else [value]
                yield from (item for item in values if isinstance(item, str))
            else:
                yield from strings(value, key)
    elif isinstance(document, list):
        for item in document:
            yield from strings(item, key)


def contentlint_commands(script: str) -> List[List[str]]:
    """The arguments of each ``contentlint`` command in a shell script."""
    commands: List[List[str]] = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
        for index, word in enumerate(words):
            if word == "contentlint" and (index == 0 or words[index - 1] in SHELL_OPERATORS):
                arguments: List[str] = []
                for following in words[index + 1 :]:
                    if following in SHELL_OPERATORS:
                        break
                    arguments.append(following)
                commands.append(arguments)
    return commands


def parse(arguments: List[str]) -> argparse.Namespace:
    from contentlint.cli import build_parser

    try:
        return build_parser().parse_args(arguments)
    except SystemExit:
        pytest.fail(
            f"contentlint rejects the README's command: contentlint {shlex.join(arguments)}"
        )


def option(arguments: List[str], name: str) -> str:
    return arguments[arguments.index(name) + 1]


def test_pre_commit_snippets_use_the_offered_hooks() -> None:
    offered = {
        hook["id"]: hook
        for hook in yaml.safe_load(
            (PROJECT_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
        )
    }
    for config in snippets("pre-commit"):
        repositories = config["repos"]
        ours = [repo for repo in repositories if "contentlint" in repo["repo"]]
        assert ours, "the pre-commit snippet does not use contentlint's repository"
        for repository in ours:
            assert repository["repo"] == "https://github.com/contentlint/contentlint"
            assert repository["rev"] == f"v{__version__}"
            for hook in repository["hooks"]:
                assert hook["id"] in offered, f"no hook {hook['id']!r} in .pre-commit-hooks.yaml"
                entry = shlex.split(offered[hook["id"]]["entry"])
                assert entry[0] == "contentlint"
                parsed = parse([*entry[1:], *hook.get("args", [])])
                assert parsed.command == "check"


def test_github_actions_snippet() -> None:
    for workflow in snippets("GitHub Actions"):
        assert "jobs" in workflow
        commands = [c for run in strings(workflow, "run") for c in contentlint_commands(run)]
        assert commands, "the workflow runs no contentlint command"
        formats = {parse(arguments).format: arguments for arguments in commands}
        assert "github" in formats
        uploads = [
            step
            for step in strings(workflow, "uses")
            if step.startswith("github/codeql-action/upload-sarif@")
        ]
        if "sarif" in formats:
            assert uploads, "SARIF is written but not uploaded"
            sarif_files = list(strings(workflow, "sarif_file"))
            assert sarif_files == [option(formats["sarif"], "--output-file")]


def test_gitlab_snippet() -> None:
    for pipeline in snippets("GitLab CI"):
        commands = [
            c for script in strings(pipeline, "script") for c in contentlint_commands(script)
        ]
        assert commands, "the job runs no contentlint command"
        formats = {parse(arguments).format: arguments for arguments in commands}
        assert "gitlab" in formats
        reports = list(strings(pipeline, "codequality"))
        assert reports == [option(formats["gitlab"], "--output-file")]


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("contentlint check --format github", [["check", "--format", "github"]]),
        (
            "pip install x && contentlint check -q 'a b.md' > out.json",
            [["check", "-q", "a b.md"]],
        ),
        ("echo contentlint", []),
        ("python -m pip install contentlint==0.1.0", []),
    ],
)
def test_commands_are_found_in_shell_lines(script: str, expected: List[List[str]]) -> None:
    assert contentlint_commands(script) == expected


def test_sections_stop_at_the_next_heading_of_their_level() -> None:
    text = "# T\n## a\none\n```yaml\n# not a heading\n```\n### b\ntwo\n## c\nthree\n"
    found = sections(text)
    assert found["a"] == "one\n```yaml\n# not a heading\n```\n### b\ntwo"
    assert found["b"] == "two"
    assert found["c"] == "three"
    assert yaml_blocks(found["a"]) == ["# not a heading"]


# ----------------------------------------------------------------------------- configuration


def configuration_examples() -> List[str]:
    if not README.is_file():
        pytest.skip("README.md does not exist")
    text = sections(README.read_text(encoding="utf-8"))["Configuration"]
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert len(blocks) == 2, "the Configuration section shows a .contentlint.toml and a pyproject"
    return blocks


@pytest.mark.parametrize(("name", "index"), [(".contentlint.toml", 0), ("pyproject.toml", 1)])
def test_configuration_example_pastes_into_its_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    index: int,
) -> None:
    """Pasted as shown, each form loads, and the demo article passes it once fixed."""
    from contentlint.cli import main

    example = configuration_examples()[index]
    assert example.startswith("[tool.contentlint]") == (name == "pyproject.toml")
    (tmp_path / name).write_text(example, encoding="utf-8")
    article = tmp_path / DEMO_ARTICLE.name
    shutil.copyfile(DEMO_ARTICLE, article)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--show-settings", article.name]) == 0
    settings = capsys.readouterr().out
    assert f"origin: {name}" in settings
    assert "covid19-ultimate-card" in settings
    # Before the fix only the damaged quotes are reported; after it, nothing.
    assert main(["check", "--output-format", "json", article.name]) == 1
    codes = {record["code"] for record in json.loads(capsys.readouterr().out)}
    assert codes == {"QT001"}
    assert main(["check", "--fix", article.name]) == 0
    capsys.readouterr()
    assert main(["check", "--select", "ALL", "--output-format", "json", article.name]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_both_configuration_forms_say_the_same(tmp_path: Path) -> None:
    from contentlint.config import ConfigLoader

    plain, tool = configuration_examples()
    assert tool.splitlines()[0] == "[tool.contentlint]"
    loaded = []
    for name, text in ((".contentlint.toml", plain), ("pyproject.toml", tool)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        settings = ConfigLoader().settings_for(str(folder / "post.md"))
        loaded.append(dataclasses.replace(settings, origin=None, root=None))
    assert loaded[0] == loaded[1]
    schema = loaded[0].schemas["covid19-ultimate-card"]
    assert schema.required == ("region-name",)
    assert dict(loaded[0].severity) == {"QT005": "error"}
