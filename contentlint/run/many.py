"""The run over many files: walk the paths, resolve settings, map the per-file run.

``run_check`` returns a ``CheckRun``: every located diagnostic sorted for the
reporter, what was fixed, the diffs and the text that standard input becomes.
``inventory`` returns the shortcode occurrences of the same files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from contentlint.run.files import (
    CheckOptions,
    FileOutcome,
    Unreadable,
    io_problem,
    load,
    process_file,
)
from contentlint.run.sites import site_findings
from contentlint.safeio import take_refused
from contentlint.walk import Walker, display_path


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


@dataclass
class CheckRun:
    targets: List[Tuple[str, str, bool]]
    located: List[Any] = field(default_factory=list)
    fixed: List[Any] = field(default_factory=list)
    diffs: List[str] = field(default_factory=list)
    stdin_output: Optional[str] = None
    interrupted: int = 0  # the signal that stopped the run, or 0
    done: int = 0  # files whose run finished
    walked: bool = False  # the walk has found every file
    skipped: List[Tuple[str, str]] = field(default_factory=list)  # (shown, why)

    @property
    def checked_paths(self) -> List[str]:
        return [shown for _, shown, _ in self.targets]


Log = Callable[[str], None]


def targets(
    request: Request, loader: Any, walker: Optional[Walker] = None, log: Optional[Log] = None
) -> Iterator[Tuple[str, str, bool]]:
    """Yield ``(path, shown, given)``, applying include/exclude settings.

    ``walker`` keeps the folders it could not list, for the run to report.
    ``log`` (``--verbose``) hears which configuration governs each folder and
    every file left out, with the reason.
    """
    from contentlint import config

    def skipped(path: str, why: str) -> None:
        if log is not None:
            log(f"skipped {display_path(path, False)}: {why}")

    folders: Set[str] = set()
    if walker is None:
        walker = Walker()
    if log is not None:
        walker.on_skip(skipped)
    for path, given in walker.walk(list(request.paths) or ["."]):
        named = request.stdin_filename if path == "-" else path
        shown = (named or "-") if path == "-" else display_path(path, given)
        if log is not None and path != "-":
            folder = os.path.dirname(os.path.abspath(path))
            if folder not in folders:
                folders.add(folder)
                from contentlint.explain import shown_path

                origin = loader.config_path_for(folder)
                log(f"{shown_path(folder)}{os.sep}: configuration {shown_path(origin)}")
        if (not given or request.force_exclude) and named:
            # With --force-exclude, the name standard input stands for is
            # excluded like any other (the git hook checks staged text so).
            absolute = os.path.abspath(named)
            settings = loader.settings_for(absolute)
            if config.is_excluded(settings, absolute):
                skipped(path, "excluded by the configuration")
                continue
            if not given and not config.is_included(settings, absolute):
                skipped(path, "not matched by the configuration's include")
                continue
        yield path, shown, given


def settings_for(loader: Any, path: str, shown: str) -> Any:
    anchor = os.path.abspath(path if path != "-" else shown if shown != "-" else "stdin")
    return loader.settings_for(anchor)


def run_check(
    request: Request,
    options: CheckOptions,
    progress: Optional[Any] = None,
    log: Optional[Log] = None,
) -> CheckRun:
    """Lint (or fix) every requested file; on SIGINT or SIGTERM, stop and say so.

    ``progress``, when given, hears ``update(done, found, walking)`` after each file.
    ``log`` (``--verbose``) hears the walk's choices and each file's dialect.
    """
    from contentlint import config, discovery
    from contentlint.run import pool

    discovery.clear_caches()  # each run sees the sites as they are now
    take_refused()  # a run reports what it refuses itself
    loader = config.ConfigLoader(request.config, request.overrides)
    run = CheckRun(targets=[])
    refused: Dict[str, str] = {}
    walker = Walker()
    flag = pool.StopFlag()
    restore = pool.install_stop_handlers(flag)
    try:
        for index, outcome in _outcomes(request, options, loader, run, flag, walker, log):
            run.done += 1
            if outcome.skipped:
                run.skipped.append((run.targets[index][1], outcome.skipped))
            if log is not None and outcome.dialect is not None:
                log(f"{run.targets[index][1]}: dialect {outcome.dialect}")
            if progress is not None:
                progress.update(run.done, len(run.targets), not run.walked)
            run.located.extend(outcome.located)
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
    run.located.extend(site_findings(run.targets, loader))
    refused.update(take_refused())
    run.located.extend(_walk_problems(walker, loader, sorted(refused.items())))
    run.located.sort(key=lambda item: item.sort_key())
    return run


def _walk_problems(
    walker: Walker, loader: Any, refused: Sequence[Tuple[str, str]] = ()
) -> List[Any]:
    """IO001 for each folder the walk could not list, and each file read to learn about
    the content (configuration, templates...) that was refused, where IO001 is selected."""
    from contentlint import selection
    from contentlint.rules import BY_CODE

    return [
        io_problem(display_path(path, False), message)
        for path, message in (*walker.problems, *refused)
        if selection.is_selected(loader.settings_for(os.path.abspath(path)), BY_CODE["IO001"])
    ]


# Below this many files a run is quicker in one process than with workers.
_PARALLEL_FROM = 200


def _outcomes(
    request: Request,
    options: CheckOptions,
    loader: Any,
    run: CheckRun,
    flag: Any,
    walker: Walker,
    log: Optional[Log] = None,
) -> Iterator[Tuple[int, FileOutcome]]:
    """Stream the walk into the per-file run, in this process or in workers."""
    from itertools import chain

    from contentlint.run import pool

    def tasks(found: Iterator[Tuple[str, str, bool]]) -> Iterator[pool.Task]:
        for target in found:
            run.targets.append(target)
            yield len(run.targets) - 1, target[0], target[1]
        run.walked = True

    stream: Iterator[pool.Task] = tasks(targets(request, loader, walker, log))
    cache = _open_cache(request, options)
    pending: Dict[int, Tuple[str, str]] = {}  # index -> (absolute path, context key)
    hits: List[Tuple[int, FileOutcome]] = []
    if cache is not None:
        stream = _through_cache(stream, cache, loader, options, pending, hits)
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
    job = FileJob(request, replace(options, cache=cache is not None))
    if jobs == 1:
        answers = pool.run_serial(stream, job.bind(loader), flag)
    else:
        casualties: List[pool.Casualty] = []
        answers = pool.run_parallel(stream, job, jobs, flag, casualties)
    try:
        for index, outcome in answers:
            while hits:
                yield hits.pop()
            if cache is not None:
                _record(cache, pending.pop(index, None), outcome)
            yield index, outcome
        while hits:
            yield hits.pop()
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


def _through_cache(
    stream: Iterator[Any],
    cache: Any,
    loader: Any,
    options: CheckOptions,
    pending: Dict[int, Tuple[str, str]],
    hits: List[Tuple[int, FileOutcome]],
) -> Iterator[Any]:
    """Answer what the cache knows; pass the rest on, remembering their keys."""
    from contentlint import discovery

    for task in stream:
        index, path, shown = task
        if path == "-":
            yield task
            continue
        absolute = os.path.abspath(path)
        context = cache.context_key(settings_for(loader, path, shown), discovery.discover(absolute))
        located = cache.lookup(absolute, context)
        if located is not None and not _fixable(located, options):
            hits.append((index, FileOutcome(located=[replace(i, path=shown) for i in located])))
            continue
        pending[index] = (absolute, context)
        yield task


def _fixable(located: List[Any], options: CheckOptions) -> bool:
    if not (options.fix or options.diff):
        return False
    allowed = ("safe", "unsafe") if options.unsafe else ("safe",)
    return any(item.fix is not None and item.fix.applicability in allowed for item in located)


def _record(cache: Any, key: Optional[Tuple[str, str]], outcome: FileOutcome) -> None:
    if key is None or outcome.identity is None or outcome.digest is None:
        return
    absolute, context = key
    cache.record(absolute, outcome.identity, outcome.digest, context, outcome.located)


@dataclass(frozen=True)
class FileJob:
    """The per-file run as workers hold it: settings are resolved where the file is read."""

    request: Request
    options: CheckOptions

    def __call__(self) -> Callable[[str, str], FileOutcome]:
        from contentlint import config

        return self.bind(config.ConfigLoader(self.request.config, self.request.overrides))

    def bind(self, loader: Any) -> Callable[[str, str], FileOutcome]:
        options = self.options

        def job(path: str, shown: str) -> FileOutcome:
            return process_file(path, shown, options, settings_for(loader, path, shown))

        return job


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
