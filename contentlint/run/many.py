"""The run over many files: walk the paths, resolve settings, map the per-file run.

``run_check`` returns a ``CheckRun``: every located diagnostic sorted for the
reporter, what was fixed, the diffs and the text that standard input becomes.
``inventory`` returns the shortcode occurrences of the same files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple

from contentlint.run.files import (
    CheckOptions,
    FileOutcome,
    Unreadable,
    io_problem,
    load,
    process_file,
)
from contentlint.run.sites import site_findings


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

    @property
    def checked_paths(self) -> List[str]:
        return [shown for _, shown, _ in self.targets]


def targets(request: Request, loader: Any) -> Iterator[Tuple[str, str, bool]]:
    """Yield ``(path, shown, given)``, applying include/exclude settings."""
    from contentlint import config
    from contentlint.walk import Walker, display_path

    for path, given in Walker().walk(list(request.paths) or ["."]):
        if path == "-":
            yield path, request.stdin_filename or "-", True
            continue
        shown = display_path(path, given)
        if not given or request.force_exclude:
            settings = loader.settings_for(os.path.abspath(path))
            if config.is_excluded(settings, os.path.abspath(path)):
                continue
            if not given and not config.is_included(settings, os.path.abspath(path)):
                continue
        yield path, shown, given


def settings_for(loader: Any, path: str, shown: str) -> Any:
    anchor = os.path.abspath(path if path != "-" else shown if shown != "-" else "stdin")
    return loader.settings_for(anchor)


def run_check(request: Request, options: CheckOptions, progress: Optional[Any] = None) -> CheckRun:
    """Lint (or fix) every requested file; on SIGINT or SIGTERM, stop and say so.

    ``progress``, when given, hears ``update(done, found, walking)`` after each file.
    """
    from contentlint import config, discovery
    from contentlint.run import pool

    discovery.clear_caches()  # each run sees the sites as they are now
    loader = config.ConfigLoader(request.config, request.overrides)
    run = CheckRun(targets=[])
    flag = pool.StopFlag()
    restore = pool.install_stop_handlers(flag)
    try:
        for _index, outcome in _outcomes(request, options, loader, run, flag):
            run.done += 1
            if progress is not None:
                progress.update(run.done, len(run.targets), not run.walked)
            run.located.extend(outcome.located)
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
    run.located.sort(key=lambda item: item.sort_key())
    return run


# Below this many files a run is quicker in one process than with workers.
_PARALLEL_FROM = 200


def _outcomes(
    request: Request, options: CheckOptions, loader: Any, run: CheckRun, flag: Any
) -> Iterator[Tuple[int, FileOutcome]]:
    """Stream the walk into the per-file run, in this process or in workers."""
    from itertools import chain

    from contentlint.run import pool

    def tasks(found: Iterator[Tuple[str, str, bool]]) -> Iterator[pool.Task]:
        for target in found:
            run.targets.append(target)
            yield len(run.targets) - 1, target[0], target[1]
        run.walked = True

    stream: Iterator[pool.Task] = tasks(targets(request, loader))
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
    if request.no_cache:
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


def inventory(request: Request) -> Tuple[List[Dict[str, Any]], List[Unread]]:
    """Every shortcode occurrence of the requested files, and the files it could not read."""
    from contentlint import config, linter
    from contentlint import inventory as occurrences

    loader = config.ConfigLoader(request.config, request.overrides)
    records: List[Dict[str, Any]] = []
    unread: List[Unread] = []
    for path, shown, _ in targets(request, loader):
        try:
            source, context = load(path, shown, settings_for(loader, path, shown))
        except Unreadable as error:
            unread.append(Unread(shown, error.message, error.line, error.column))
            continue
        records.extend(occurrences.occurrences(source, linter.parse(source, context)))
    return records, unread
