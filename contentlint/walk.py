"""Which files a run looks at.

Paths given on the command line are literal names, never globs: pre-commit
passes file names such as ``a (1) [draft].md`` and every one must be checked.
Folders are walked recursively, honouring ``.gitignore`` files.  A walk
never leaves the folder it was given: a symbolic link to a folder is not
walked, and a link to a file outside it is passed over (a path named on the
command line is followed wherever it points).  A folder that cannot be
listed is recorded in ``Walker.problems`` for the run to report.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterator, List, Optional, Pattern, Sequence, Tuple

from contentlint.settings import DEFAULT_EXTENSIONS

ALWAYS_SKIPPED = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".contentlint_cache"}
)
# Folders of a Hugo site that hold no content: build output (public/,
# resources/) and Go templates, assets and data.  Only at a Hugo site's root.
HUGO_NON_CONTENT = frozenset(
    {"public", "resources", "layouts", "themes", "static", "assets", "data", "i18n", "archetypes"}
)
_MAX_GITIGNORE = 16 * 1024 * 1024
_GITIGNORE_SKIPPED = "skipped: its patterns are not applied, so files it ignores may be checked"
HUGO_MARKERS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml")


@dataclass(frozen=True)
class IgnorePattern:
    pattern: str
    negated: bool
    directory_only: bool
    anchored: bool
    # The pattern as one compiled expression (see ``_compiled``): a walk asks
    # every pattern about every entry.
    regex: Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", _compiled(self.pattern, self.anchored))

    def matches(self, relative: str, is_dir: bool) -> bool:
        if self.directory_only and not is_dir:
            return False
        if self.anchored:
            return self.regex.match(relative) is not None
        return self.regex.match(relative.rsplit("/", 1)[-1]) is not None


def _compiled(pattern: str, anchored: bool) -> Pattern[str]:
    """What ``fnmatch.fnmatchcase`` matches with ``pattern``; anchored, ``a/**/b`` also
    matches ``a/b`` (and ``a/**`` matches ``a``)."""
    forms = [pattern]
    if anchored and "**" in pattern:
        forms += [pattern.replace("**/", ""), pattern.replace("/**", "")]
    return re.compile("|".join(f"(?:{fnmatch.translate(form)})" for form in forms))


def parse_gitignore(text: str) -> Tuple[IgnorePattern, ...]:
    patterns: List[IgnorePattern] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        if line.startswith("\\"):
            line = line[1:]
        directory_only = line.endswith("/")
        line = line.rstrip("/")
        anchored = "/" in line
        line = line.lstrip("/")
        if line:
            patterns.append(IgnorePattern(line, negated, directory_only, anchored))
    return tuple(patterns)


class Walker:
    """Expands command-line paths into files, remembering each folder's ignore rules."""

    def __init__(
        self,
        extensions: Sequence[str] = DEFAULT_EXTENSIONS,
        on_skip: Optional[Callable[[str, str], None]] = None,
    ) -> None:
        self.extensions = tuple(extensions)
        self._ignores: Dict[str, Tuple[IgnorePattern, ...]] = {}
        # (a walked path's folder, a folder above the walk) -> the first relative to the second.
        self._relative_folders: Dict[Tuple[str, str], str] = {}
        # ``(folder, message)`` for each folder the walk could not list.
        self.problems: List[Tuple[str, str]] = []
        # Called with (path, why) for every entry the walk leaves out (``--verbose``).
        self._on_skip = on_skip

    def on_skip(self, listener: Callable[[str, str], None]) -> None:
        """Tell ``listener`` of every entry the walk leaves out, with why."""
        self._on_skip = listener

    def _skip(self, path: str, why: str) -> None:
        if self._on_skip is not None:
            self._on_skip(path, why)

    def _ignore_patterns(self, folder: str) -> Tuple[IgnorePattern, ...]:
        cached = self._ignores.get(folder)
        if cached is None:
            from contentlint.safeio import FileProblem, NotRegular, read_support, refuse

            path = os.path.join(folder, ".gitignore")
            try:
                data = read_support(path, _MAX_GITIGNORE)
                cached = parse_gitignore(data.decode("utf-8"))
            except NotRegular as problem:
                refuse(path, problem, _GITIGNORE_SKIPPED)
                cached = ()
            except (FileProblem, UnicodeDecodeError):
                cached = ()
            self._ignores[folder] = cached
        return cached

    def _ignored(self, stack: Sequence[str], path: str, is_dir: bool) -> bool:
        ignored = False
        for folder in stack:
            patterns = self._ignore_patterns(folder)
            if not patterns:
                continue
            relative = self._relative(path, folder)
            for pattern in patterns:
                if pattern.matches(relative, is_dir):
                    ignored = not pattern.negated
        return ignored

    def _relative(self, path: str, folder: str) -> str:
        """``path`` relative to ``folder``, with ``/``: a walked path starts with the
        folders below the walk's top; an ancestor above it is worked out once a folder."""
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        if path.startswith(prefix):
            relative = path[len(prefix) :]
        else:
            parent, name = os.path.split(path)
            key = (parent, folder)
            above = self._relative_folders.get(key)
            if above is None:
                above = self._relative_folders[key] = os.path.relpath(parent or ".", folder)
            relative = name if above == "." else os.path.join(above, name)
        return relative if os.sep == "/" else relative.replace(os.sep, "/")

    def walk(self, paths: Sequence[str]) -> Iterator[Tuple[str, bool]]:
        """Yield ``(path, given)`` for each file; ``given`` is True for a path named literally."""
        for path, given, _folder, _entry in self.walk_entries(paths):
            yield path, given

    def walk_entries(
        self, paths: Sequence[str]
    ) -> Iterator[Tuple[str, bool, Optional[str], Optional[os.DirEntry[str]]]]:
        """``walk``, with the folder each file found by walking was listed in and its entry.

        Files of one folder share their folder's answers (settings, the path
        shown), and the entry knows the file's stat once asked.
        """
        for path in paths:
            if os.path.isdir(path):
                for folder, entry in self._walk_folder(path):
                    yield entry.path, False, folder, entry
            else:
                # A literal file name is always checked, whatever its extension;
                # a missing one is reported by the caller as IO001.
                yield path, True, None, None

    def _walk_folder(self, top: str) -> Iterator[Tuple[str, os.DirEntry[str]]]:
        stack = _ancestor_folders(top)
        yield from self._walk(top, stack, os.path.join(os.path.realpath(top), ""))

    def _walk(
        self, folder: str, stack: List[str], tree: str
    ) -> Iterator[Tuple[str, os.DirEntry[str]]]:
        stack = [*stack, folder]
        # The folders of ``stack`` that have patterns, found when first needed:
        # most have no .gitignore, and then no path need be made relative.
        ruled: Optional[List[str]] = None

        def ignored(path: str, is_dir: bool) -> bool:
            nonlocal ruled
            if ruled is None:
                ruled = [name for name in stack if self._ignore_patterns(name)]
            return bool(ruled) and self._ignored(ruled, path, is_dir)

        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            from contentlint.safeio import describe_os_error

            self.problems.append((folder, f"cannot list the folder: {describe_os_error(error)}"))
            return
        is_hugo_site = _holds_site_configuration(folder, entries)
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if entry.name in ALWAYS_SKIPPED:
                    self._skip(entry.path, "a folder that is never content")
                elif is_hugo_site and entry.name in HUGO_NON_CONTENT:
                    self._skip(entry.path, "a Hugo site's folder that holds no content")
                elif entry.is_symlink():
                    self._skip(entry.path, "a symbolic link to a folder")
                elif ignored(entry.path, True):
                    self._skip(entry.path, "ignored by .gitignore")
                else:
                    yield from self._walk(entry.path, stack, tree)
            elif not entry.name.lower().endswith(self.extensions):
                self._skip(entry.path, "not a content file extension")
            elif ignored(entry.path, False):
                self._skip(entry.path, "ignored by .gitignore")
            elif entry.is_symlink() and _leaves(entry.path, tree):
                self._skip(entry.path, "a symbolic link out of the folder being walked")
            else:
                # Not only regular files: the reader refuses a FIFO or a
                # device with a diagnostic instead of leaving it unsaid.
                yield folder, entry


def _holds_site_configuration(folder: str, entries: List[os.DirEntry[str]]) -> bool:
    """Whether ``folder`` holds a Hugo site configuration file, at its top or in config/_default.

    Only the names listed (compared without case, as a case-insensitive file
    system would) are asked about: most folders need no question at all.
    """
    names = {entry.name.lower() for entry in entries}
    if any(m in names and os.path.isfile(os.path.join(folder, m)) for m in HUGO_MARKERS):
        return True
    return "config" in names and any(
        os.path.isfile(os.path.join(folder, "config", "_default", m)) for m in HUGO_MARKERS
    )


def _leaves(link: str, tree: str) -> bool:
    """Whether the symbolic link ``link`` points outside ``tree`` (a real path ending in /)."""
    return not os.path.realpath(link).startswith(tree)


def _ancestor_folders(top: str) -> List[str]:
    """Folders above ``top`` up to the repository root, whose .gitignore files also apply."""
    folders: List[str] = []
    current = os.path.abspath(top)
    while True:
        parent = os.path.dirname(current)
        if os.path.isdir(os.path.join(current, ".git")) or parent == current:
            break
        current = parent
        folders.append(current)
    return list(reversed(folders))


def display_path(path: str, given: bool, cwd: Optional[str] = None) -> str:
    """Paths are printed as given, or relative to the working directory when found by walking."""
    if given:
        return path.replace(os.sep, "/")
    if cwd is None and not os.path.isabs(path):
        # A path walked from a relative root is already relative to here.
        relative = os.path.normpath(path)
        if not relative.startswith(".."):
            return relative.replace(os.sep, "/")
    base = cwd or os.getcwd()
    try:
        relative = os.path.relpath(path, base)
    except ValueError:
        relative = path
    if relative.startswith(".."):
        relative = path
    return relative.replace(os.sep, "/")


def shown_prefix(folder: str) -> Optional[str]:
    """What ``display_path`` puts before the name of each file walked in ``folder``, or
    None when it does not simply prefix it.  A name that starts with ``..`` is shown
    on its own terms (``display_path``)."""
    shown = display_path(folder, False)
    prefix = "" if shown == "." else shown if shown.endswith("/") else shown + "/"
    # display_path reads no file system: a made-up name checks the prefix.
    if display_path(os.path.join(folder, "name"), False) != prefix + "name":
        return None
    return prefix
