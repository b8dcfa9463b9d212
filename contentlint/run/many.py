"""The run over many files: walk the paths, resolve settings, map the per-file run.

``run_check`` returns a ``CheckRun``: every located diagnostic sorted for the
reporter, what was fixed, the diffs and the text that standard input becomes.
For a plain check in a format drawn file by file (``reporting.Drawing``),
each file's findings come back drawn from where the file was checked, or
from the cache: the parent then only orders and writes text, and decodes
findings only for a report that needs them.
``inventory`` returns the shortcode occurrences of the same files.

What every file of a folder shares (its settings, the start of its shown
path, the cache's context key, its Hugo site) is worked out once per folder.
"""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass, field, replace
from typing import (
    Any,
    Callable,
    Dict,
    Iterator,
    List,
    NamedTuple,
    Optional,
    Sequence,
    Set,
    Tuple,
)

from contentlint.run.files import (
    CheckOptions,
    FileOutcome,
    Unreadable,
    io_problem,
    load,
    process_file,
)
from contentlint.run.sites import SitePages, site_findings
from contentlint.safeio import take_refused
from contentlint.walk import Walker, display_path, shown_prefix


@dataclass(frozen=True)
class Request:
    """What the command line asks of a run, in the run's own terms."""

    paths: Sequence[str]
    config: Optional[str] = None
    overrides: Dict[str, object] = field(default_factory=dict)
    stdin_filename: Optional[str] = None
    force_exclude: bool = False
    jobs: int = 0
    no_cache: bool = False


class Drawn(NamedTuple):
    """One checked file's findings as the report draws them: what a worker sends back
    for a plain check, instead of the findings themselves."""

    text: str  # the findings drawn (``Drawing.draw``), "" for none
    counts: Tuple[int, int, int, int]  # their tally: errors, warnings, safe, unsafe fixes
    # The findings as the cache keeps them (``stored_text``), or None: the
    # run checks the file again if its report needs them.
    stored: Optional[str]
    identity: Optional[Tuple[int, int, int, int, int]] = None
    digest: Optional[str] = None
    refused: Sequence[Tuple[str, str]] = ()


@dataclass
class CheckRun:
    """What a run found.  With a ``drawing``, each file's findings come drawn
    (``drawn``), and ``located`` decodes them only when asked."""

    targets: List[Tuple[str, str, bool]]
    fixed: List[Any] = field(default_factory=list)
    diffs: List[str] = field(default_factory=list)
    stdin_output: Optional[str] = None
    interrupted: int = 0  # the signal that stopped the run, or 0
    done: int = 0  # files whose run finished
    walked: bool = False  # the walk has found every file
    skipped: List[Tuple[str, str]] = field(default_factory=list)  # (shown, why)
    drawing: Optional[Any] = None  # a ``reporting.Drawing``
    # Findings not drawn by file: site findings, walk problems, files run in full.
    loose: List[Any] = field(default_factory=list)
    drawn: List[Tuple[int, Drawn]] = field(default_factory=list)  # files with findings
    # Checks a file again when its findings were not kept, or do not decode.
    recheck: Optional[Callable[[int], List[Any]]] = None
    _located: Optional[List[Any]] = None

    @property
    def checked_paths(self) -> List[str]:
        return [shown for _, shown, _ in self.targets]

    @property
    def found(self) -> int:
        """How many diagnostics remain."""
        return len(self.loose) + sum(sum(answer.counts[:2]) for _, answer in self.drawn)

    @property
    def located(self) -> List[Any]:
        """Every remaining diagnostic, in report order."""
        if self._located is None:
            located: List[Any] = []
            for index, answer in self.drawn:
                located.extend(self._decoded(index, answer))
            located.extend(self.loose)
            located.sort(key=lambda item: item.sort_key())
            self._located = located
        return self._located

    def _decoded(self, index: int, answer: Drawn) -> List[Any]:
        from contentlint.run.cache import CORRUPT, decode_stored

        stored = answer.stored
        if stored is not None:
            try:
                return decode_stored(stored, self.targets[index][1])
            except CORRUPT:
                pass
        assert self.recheck is not None
        return self.recheck(index)

    def tally(self) -> Tuple[int, int, int, int]:
        from contentlint.reporters.text import add_tallies, tally

        total = tally(self.loose)
        for _, answer in self.drawn:
            total = add_tallies(total, answer.counts)
        return total

    def parts(self) -> Iterator[str]:
        """The report's parts in report order: each file's drawn text, or a diagnostic
        drawn alone where findings of several sources share a path."""
        assert self.drawing is not None
        shown_count: Dict[str, int] = {}
        for index, _ in self.drawn:
            shown = self.targets[index][1]
            shown_count[shown] = shown_count.get(shown, 0) + 1
        shared = {item.path for item in self.loose}
        shared.update(shown for shown, count in shown_count.items() if count > 1)
        units: List[Tuple[Tuple[Any, ...], int, Any]] = []
        alone: List[Any] = []
        for index, answer in self.drawn:
            shown = self.targets[index][1]
            if shown in shared:
                alone.extend(self._decoded(index, answer))
            else:
                units.append(((shown,), len(units), answer.text))
        for item in (*alone, *self.loose):
            units.append((item.sort_key(), len(units), item))
        units.sort(key=lambda unit: (unit[0], unit[1]))
        draw = self.drawing.draw
        for _, _, unit in units:
            yield unit if isinstance(unit, str) else draw([unit])


Log = Callable[[str], None]


class Target(NamedTuple):
    path: str
    shown: str
    given: bool
    folder: str  # the absolute folder the file is in
    absolute: str
    place: Optional[_Folder]  # for a file found by walking, its folder's shared answers
    entry: Any  # for a file found by walking, its ``os.DirEntry``


class _Folder:
    """What every file walked in one folder shares."""

    __slots__ = ("absolute", "context", "prefix", "settings")

    def __init__(self, absolute: str, prefix: Optional[str], settings: Any) -> None:
        self.absolute = absolute
        self.prefix = prefix  # what the shown path puts before the name, if simply that
        self.settings = settings
        self.context: Optional[str] = None  # the cache's context key, when it is per folder


def targets(
    request: Request, loader: Any, walker: Optional[Walker] = None, log: Optional[Log] = None
) -> Iterator[Tuple[str, str, bool]]:
    """Yield ``(path, shown, given)``, applying include/exclude settings.

    ``walker`` keeps the folders it could not list, for the run to report.
    ``log`` (``--verbose``) hears which configuration governs each folder and
    every file left out, with the reason.
    """
    for target in _found(request, loader, walker, log):
        yield target.path, target.shown, target.given


def _found(
    request: Request, loader: Any, walker: Optional[Walker] = None, log: Optional[Log] = None
) -> Iterator[Target]:
    """``targets``, each with what the run reuses of its folder."""
    from contentlint import config

    def skipped(path: str, why: str) -> None:
        if log is not None:
            log(f"skipped {display_path(path, False)}: {why}")

    logged: Set[str] = set()
    places: Dict[str, _Folder] = {}
    if walker is None:
        walker = Walker()
    if log is not None:
        walker.on_skip(skipped)
    for path, given, listed, entry in walker.walk_entries(list(request.paths) or ["."]):
        place: Optional[_Folder] = None
        if listed is not None and entry is not None:
            place = places.get(listed)
            if place is None:
                absolute_folder = os.path.abspath(listed)
                place = places[listed] = _Folder(
                    absolute_folder,
                    shown_prefix(listed),
                    loader.settings_for_folder(absolute_folder),
                )
            named: Optional[str] = path
            name = entry.name
            if place.prefix is None or name.startswith(".."):
                shown = display_path(path, False)
            else:
                shown = place.prefix + name
            if shown == path:
                shown = path  # one string for both: a large run keeps them all
            folder = place.absolute
            absolute = folder + name if folder.endswith(os.sep) else folder + os.sep + name
        else:
            named = request.stdin_filename if path == "-" else path
            shown = (named or "-") if path == "-" else display_path(path, given)
            absolute = os.path.abspath(path if path != "-" else named or "stdin")
            folder = os.path.dirname(absolute)
        if log is not None and path != "-" and folder not in logged:
            logged.add(folder)
            from contentlint.explain import shown_path

            origin = loader.config_path_for(folder)
            log(f"{shown_path(folder)}{os.sep}: configuration {shown_path(origin)}")
        if (not given or request.force_exclude) and named:
            # With --force-exclude, the name standard input stands for is
            # excluded like any other (the git hook checks staged text so).
            if place is not None:
                settings = place.settings
                excluded = config.is_excluded(settings, absolute, is_dir=False)
            else:
                absolute_name = os.path.abspath(named)
                settings = loader.settings_for(absolute_name)
                excluded = config.is_excluded(settings, absolute_name)
            if excluded:
                skipped(path, "excluded by the configuration")
                continue
            if not given and not config.is_included(settings, absolute):
                skipped(path, "not matched by the configuration's include")
                continue
        yield Target(path, shown, given, folder, absolute, place, entry)


def settings_for(loader: Any, path: str, shown: str) -> Any:
    anchor = os.path.abspath(path if path != "-" else shown if shown != "-" else "stdin")
    return loader.settings_for(anchor)


def run_check(
    request: Request,
    options: CheckOptions,
    progress: Optional[Any] = None,
    log: Optional[Log] = None,
    drawing: Optional[Any] = None,
) -> CheckRun:
    """Lint (or fix) every requested file; on SIGINT or SIGTERM, stop and say so.

    ``progress``, when given, hears ``update(done, found, walking)`` after each file.
    ``log`` (``--verbose``) hears the walk's choices and each file's dialect.
    ``drawing`` (a ``reporting.Drawing``), for a plain check, has each file's
    findings drawn where the file is checked, and kept drawn in the cache.
    """
    from contentlint import config, discovery
    from contentlint.run import pool

    if options.fix or options.diff or options.explain:
        drawing = None
    discovery.clear_caches()  # each run sees the sites as they are now
    take_refused()  # a run reports what it refuses itself
    loader = config.ConfigLoader(request.config, request.overrides)
    run = CheckRun(targets=[], drawing=drawing)

    def recheck(index: int) -> List[Any]:
        path, shown, _ = run.targets[index]
        located: List[Any] = process_file(
            path, shown, options, settings_for(loader, path, shown)
        ).located
        return located

    run.recheck = recheck
    refused: Dict[str, str] = {}
    walker = Walker()
    sites = SitePages()
    flag = pool.StopFlag()
    restore = pool.install_stop_handlers(flag)
    try:
        answers = _outcomes(request, options, loader, run, flag, walker, sites, log)
        for index, outcome in answers:
            run.done += 1
            if progress is not None:
                progress.update(run.done, len(run.targets), not run.walked)
            if isinstance(outcome, Drawn):
                if outcome.text or outcome.counts != (0, 0, 0, 0):
                    run.drawn.append((index, outcome))
                if outcome.refused:
                    refused.update(outcome.refused)
                continue
            if outcome.skipped:
                run.skipped.append((run.targets[index][1], outcome.skipped))
            if log is not None and outcome.dialect is not None:
                log(f"{run.targets[index][1]}: dialect {outcome.dialect}")
            run.loose.extend(outcome.located)
            refused.update(outcome.refused)
            run.fixed.extend(outcome.fixed)
            if outcome.diff:
                run.diffs.append(outcome.diff)
            if outcome.output_text is not None:
                run.stdin_output = outcome.output_text
    except pool.Interrupted:
        run.interrupted = flag.signal_number or 2
    finally:
        restore()
    run.loose.extend(site_findings(sites, loader))
    refused.update(take_refused())
    run.loose.extend(_walk_problems(walker, loader, sorted(refused.items())))
    return run


def _walk_problems(
    walker: Walker, loader: Any, refused: Sequence[Tuple[str, str]] = ()
) -> List[Any]:
    """IO001 for each folder the walk could not list, and each file read to learn about
    the content (configuration, templates...) that was refused, where IO001 is selected."""
    problems = [*walker.problems, *refused]
    if not problems:
        return []  # and the rules' registry stays unimported
    from contentlint import selection
    from contentlint.rules import BY_CODE

    return [
        io_problem(display_path(path, False), message)
        for path, message in problems
        if selection.is_selected(loader.settings_for(os.path.abspath(path)), BY_CODE["IO001"])
    ]


# Below this many files a run is quicker in one process than with workers.
_PARALLEL_FROM = 200
# How many folders a worker remembers the absolute path of.
_FOLDERS_KEPT = 4096


def _outcomes(
    request: Request,
    options: CheckOptions,
    loader: Any,
    run: CheckRun,
    flag: Any,
    walker: Walker,
    sites: SitePages,
    log: Optional[Log] = None,
) -> Iterator[Tuple[int, Any]]:
    """Stream the walk into the per-file run, in this process or in workers.

    Each answer is a ``FileOutcome``, or with ``run.drawing`` mostly a ``Drawn``.
    """
    from itertools import chain

    from contentlint.run import pool

    cache = _open_cache(request, options)
    pending: Dict[int, Tuple[str, str]] = {}  # index -> (absolute path, context key)
    hits: List[Tuple[int, Any]] = []

    def tasks(found: Iterator[Target]) -> Iterator[pool.Task]:
        for target in found:
            index = len(run.targets)
            run.targets.append((target.path, target.shown, target.given))
            if target.path != "-":
                sites.add(target.folder, target.absolute)
                if cache is not None and _answered(cache, loader, options, run, target, index):
                    continue
            yield index, target.path, target.shown
        run.walked = True

    def _answered(
        cache: Any, loader: Any, options: CheckOptions, run: CheckRun, target: Target, index: int
    ) -> bool:
        answer, context = _from_cache(cache, loader, options, run.drawing, target)
        if answer is None:
            pending[index] = (target.absolute, context)
            return False
        hits.append((index, answer))
        return True

    stream: Iterator[pool.Task] = tasks(_found(request, loader, walker, log))
    jobs = request.jobs
    if jobs <= 0:
        # Workers pay off only on large runs: look ahead (past cache hits) to decide.
        head: List[pool.Task] = []
        for task in stream:
            head.append(task)
            if len(head) >= _PARALLEL_FROM:
                break
        jobs = min(os.cpu_count() or 1, 8) if len(head) >= _PARALLEL_FROM else 1
        stream = chain(head, stream)
    job = FileJob(request, replace(options, cache=cache is not None), run.drawing)
    if jobs == 1:
        answers = pool.run_serial(stream, job.bind(loader), flag)
    else:
        casualties: List[pool.Casualty] = []
        answers = pool.run_parallel(stream, job, jobs, flag, casualties)
    try:
        for index, outcome in answers:
            if hits:
                yield from hits
                hits.clear()
            if cache is not None:
                _record(cache, pending.pop(index, None), outcome, run.drawing, run, index)
            yield index, outcome
        yield from hits
        hits.clear()
    finally:
        if cache is not None:
            cache.save()
    if jobs != 1:
        for (index, _path, shown), death in casualties:
            problem = io_problem(shown, f"not checked: the worker checking it {death}")
            yield index, FileOutcome(located=[problem])


def _open_cache(request: Request, options: CheckOptions) -> Any:
    if request.no_cache or options.explain:
        # --verbose tells each file's dialect, which only reading the file says.
        return None
    from contentlint.run.cache import Cache

    return Cache.open()


def _context(cache: Any, loader: Any, target: Target) -> str:
    """The cache's key for what besides its bytes decides a file's findings."""
    place = target.place
    if place is not None and place.context:
        return place.context
    from contentlint import discovery

    if place is None:
        settings = settings_for(loader, target.path, target.shown)
        registry = discovery.discover(target.absolute, settings.themes_dir)
        return str(cache.context_key(settings, registry))
    themes_dir = place.settings.themes_dir
    if place.context is None:
        outside = discovery.folder_registry(place.absolute, themes_dir)
        place.context = "" if outside is None else cache.context_key(place.settings, outside)
        if place.context:
            return place.context
    # In a Hugo site a page's language is its own.
    return str(cache.context_key(place.settings, discovery.discover(target.absolute, themes_dir)))


def _from_cache(
    cache: Any, loader: Any, options: CheckOptions, drawing: Any, target: Target
) -> Tuple[Any, str]:
    """What the cache knows of ``target`` (a ``Drawn`` or ``FileOutcome``, or None),
    and its context key."""
    context = _context(cache, loader, target)
    stat = None
    if target.entry is not None:
        with contextlib.suppress(OSError):
            stat = target.entry.stat()
    if drawing is None:
        located = cache.lookup(target.absolute, context, stat)
        if located is None or _fixable(located, options):
            return None, context
        shown = target.shown
        return FileOutcome(located=[replace(i, path=shown) for i in located]), context
    hit = cache.find(target.absolute, context, stat)
    if hit is None:
        return None, context
    key = drawing.key(target.shown)
    text = hit.drawing(key)
    if text is None:
        located = cache.decoded(hit, target.shown)
        if located is None:
            return None, context
        text = drawing.draw(located) if located else ""
        cache.add_drawing(hit, key, text)
    return Drawn(text, hit.counts, hit.stored), context


def _fixable(located: List[Any], options: CheckOptions) -> bool:
    if not (options.fix or options.diff):
        return False
    allowed = ("safe", "unsafe") if options.unsafe else ("safe",)
    return any(item.fix is not None and item.fix.applicability in allowed for item in located)


def _record(
    cache: Any,
    key: Optional[Tuple[str, str]],
    outcome: Any,
    drawing: Any,
    run: CheckRun,
    index: int,
) -> None:
    if key is None or outcome.identity is None or outcome.digest is None:
        return
    absolute, context = key
    if isinstance(outcome, Drawn):
        drawn = {drawing.key(run.targets[index][1]): outcome.text}
        identity, digest = outcome.identity, outcome.digest
        cache.record(absolute, identity, digest, context, outcome.stored, outcome.counts, drawn)
    else:
        cache.record(absolute, outcome.identity, outcome.digest, context, outcome.located)


@dataclass(frozen=True)
class FileJob:
    """The per-file run as workers hold it: settings are resolved where the file is read.

    With a ``drawing``, a plain check's findings go back drawn (``Drawn``):
    the parent then only orders and writes them.
    """

    request: Request
    options: CheckOptions
    drawing: Optional[Any] = None

    def __call__(self) -> Callable[[str, str], Any]:
        from contentlint import config

        return self.bind(config.ConfigLoader(self.request.config, self.request.overrides))

    def bind(self, loader: Any) -> Callable[[str, str], Any]:
        options, drawing = self.options, self.drawing
        # Folder as walked -> absolute folder: the files of a folder come together.
        absolute = functools.lru_cache(maxsize=_FOLDERS_KEPT)(os.path.abspath)

        def job(path: str, shown: str) -> Any:
            if path == "-":
                settings = settings_for(loader, path, shown)
            else:
                # A file, never a folder: its folder's settings, without a stat to tell.
                settings = loader.settings_for_folder(absolute(os.path.dirname(path)))
            outcome = process_file(path, shown, options, settings)
            return outcome if drawing is None else _drawn(outcome, shown, drawing, options.cache)

        return job


def _drawn(outcome: FileOutcome, shown: str, drawing: Any, stored: bool) -> Any:
    """``outcome`` as a ``Drawn``, when it is no more than findings at ``shown``.

    Only ``stored`` (for the cache) does it keep the findings themselves, as
    text: a report that needs them again (rarely) has the file checked again.
    """
    if outcome.skipped or outcome.dialect is not None or outcome.fixed or outcome.diff:
        return outcome
    located = outcome.located
    if outcome.output_text is not None or any(item.path != shown for item in located):
        return outcome
    if not located:
        return Drawn("", (0, 0, 0, 0), "[]", outcome.identity, outcome.digest, outcome.refused)
    from contentlint.reporters.text import tally

    kept: Optional[str] = None
    if stored:
        from contentlint.run.cache import stored_text

        kept = stored_text(located)
    text = drawing.draw(located)
    return Drawn(text, tally(located), kept, outcome.identity, outcome.digest, outcome.refused)


@dataclass
class Unread:
    """A file the inventory could not read (IO001), positioned where known."""

    shown: str
    message: str
    line: int
    column: int


def inventory(
    request: Request, log: Optional[Log] = None
) -> Tuple[List[Dict[str, Any]], List[Unread], List[Tuple[str, str]]]:
    """Every shortcode occurrence of the requested files, the files it could not
    read, and the files it skipped as not posts, with why (``(shown, why)``)."""
    from contentlint import config, linter
    from contentlint import inventory as occurrences
    from contentlint.run.files import container

    loader = config.ConfigLoader(request.config, request.overrides)
    records: List[Dict[str, Any]] = []
    unread: List[Unread] = []
    skipped: List[Tuple[str, str]] = []
    for path, shown, _ in targets(request, loader, log=log):
        try:
            source, context, _ = load(path, shown, settings_for(loader, path, shown))
        except Unreadable as error:
            unread.append(Unread(shown, error.message, error.line, error.column))
            continue
        kind = container(shown, source.text)
        if kind is None:
            records.extend(occurrences.occurrences(source, linter.parse(source, context)))
        elif not kind.export:
            skipped.append((shown, kind.reason))
        else:
            from contentlint.containers import export

            found, problems = export.occurrences(source, context)
            records.extend(found)
            unread.extend(Unread(shown, p.message, p.line, p.column) for p in problems)
    unread.extend(Unread(display_path(path, False), why, 1, 1) for path, why in take_refused())
    return records, unread, skipped
