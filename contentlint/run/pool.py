"""Worker processes for the run over many files.

The parent streams the walk into the workers in small batches, several per
worker in flight, and reads results back as they come.  Each worker holds
its own configuration loader, so settings are resolved where the file is
read and the parent keeps only what the report needs.

Guarantees, each held by a test in ``tests/test_pool.py``:

* **Interrupts.** After SIGINT or SIGTERM no new file is started (in the
  parent or a worker).  A file still being checked is dropped at once, so a
  large file does not hold the stop up; one whose fixes are being written
  (``writing``) finishes, atomically, and the run reports what it did.
  ``Interrupted`` tells the caller.
* **Workers die with their parent.** On Linux the kernel kills each worker
  when the parent dies, even one blocked in a system call; everywhere, a
  worker whose parent is gone sees its pipe close and stops before its next
  file.
* **A dead worker costs only its files.** The files it held but had not
  answered are tried again one by one in a fresh worker; a file that kills
  its worker on its own gets a diagnostic, and the run completes.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
from collections import deque
from dataclasses import dataclass, field
from typing import (
    Any,
    Callable,
    Deque,
    Dict,
    Iterable,
    Iterator,
    List,
    Sequence,
    Tuple,
)

# One unit of work: (index in walk order, path, shown path).
Task = Tuple[int, str, str]
# What the run does with one file, in whichever process it runs.
FileJob = Callable[[str, str], Any]
# A file whose worker died while holding it: (task, description of the death).
Casualty = Tuple[Task, str]

_BATCH = 8  # files per message to a worker
_IN_FLIGHT = 2  # batches a worker holds at once


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; the files done so far are what the run did.

    Raised inside the check of a file, it must pass the handlers that turn
    a rule's failure into a finding: hence a ``BaseException``, as
    ``KeyboardInterrupt`` is.
    """


class _UnderWay:
    """Whether the file under way in this process may be dropped when a stop arrives.

    True while the file is read and checked, which change nothing on disk;
    ``writing`` ends it, so that a write, once begun, finishes.
    """

    droppable = False
    wrote = False  # ``writing`` was called for the file under way


def writing() -> None:
    """The file under way is about to be written: a stop from now on waits for it."""
    _UnderWay.droppable = False
    _UnderWay.wrote = True


def _drop_if_droppable() -> None:
    """Called as a stop arrives: leave the file under way if nothing of it is written yet."""
    if _UnderWay.droppable:
        _UnderWay.droppable = False
        raise Interrupted


@dataclass
class StopFlag:
    """Set by SIGINT or SIGTERM in the parent; checked before every file.

    ``listeners`` run as the signal arrives, so workers hear of it at once
    rather than when the parent next looks.
    """

    raised: bool = False
    signal_number: int = 0
    listeners: List[Callable[[], None]] = field(default_factory=list)


def install_stop_handlers(flag: StopFlag) -> Callable[[], None]:
    """Route SIGINT and SIGTERM to ``flag``; returns a function that restores the old handlers."""

    def handler(number: int, _frame: Any) -> None:
        flag.raised = True
        flag.signal_number = number
        for listener in flag.listeners:
            listener()
        _drop_if_droppable()

    previous: Dict[int, Any] = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        # Outside the main thread signals stay with the caller.
        with contextlib.suppress(ValueError):
            previous[number] = signal.signal(number, handler)

    def restore() -> None:
        for number, old in previous.items():
            signal.signal(number, old)

    return restore


def run_serial(tasks: Iterable[Task], job: FileJob, flag: StopFlag) -> Iterator[Tuple[int, Any]]:
    for index, path, shown in tasks:
        if flag.raised:
            raise Interrupted
        yield index, _dropping(job, path, shown)


def _dropping(job: FileJob, path: str, shown: str) -> Any:
    """``job(path, shown)``, which a stop may drop until it begins writing."""
    _UnderWay.droppable = True
    try:
        return job(path, shown)
    finally:
        _UnderWay.droppable = False


# --------------------------------------------------------------------------- workers


def _worker_main(connection: Any, job_factory: Callable[[], FileJob], parent: int) -> None:
    """A worker's loop: batches in, their answers out, until told to stop.

    The answers to a batch go back together when it is done, which spares
    the parent a wake-up per file.  An answer about a file whose fixes were
    written goes at once: if the worker then died, the file would be tried
    again and found fixed, and the report would not know what was fixed.
    Before the worker stops, what it has answered is sent.
    """
    stopping = [False]
    busy = [False]
    unsent: List[Tuple[int, Any]] = []

    def on_term(_number: int, _frame: Any) -> None:
        if not busy[0] and not unsent:
            # Idle, perhaps blocked reading a pipe that another worker's
            # inherited copy keeps open: nothing is under way, so leave now.
            os._exit(0)
        stopping[0] = True
        _drop_if_droppable()

    def send_answers() -> bool:
        """Send what is answered and unsent; False when the parent is gone."""
        if unsent:
            try:
                connection.send(list(unsent))
            except (BrokenPipeError, OSError):
                return False
            unsent.clear()
        return True

    signal.signal(signal.SIGTERM, on_term)
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent:
        return
    job = job_factory()
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):
            return  # the parent is gone
        if batch is None:
            return
        for index, path, shown in batch:
            if stopping[0] or os.getppid() != parent:
                send_answers()
                return
            busy[0] = True
            _UnderWay.wrote = False
            try:
                unsent.append((index, _dropping(job, path, shown)))
            except Interrupted:
                send_answers()
                return  # the file was dropped before anything of it was written
            finally:
                busy[0] = False
            if (_UnderWay.wrote or stopping[0]) and not send_answers():
                return
            if stopping[0]:
                return
        if not send_answers():
            return


def _die_with_parent() -> None:
    """Ask the kernel to kill this worker when the parent dies (Linux); elsewhere the pipe tells."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        # SIGKILL, not SIGTERM: a worker blocked in a system call would
        # only note a SIGTERM and go on waiting.  Writes are atomic, and the
        # next run removes a temporary file the kill leaves.
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _context() -> Any:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork starts a worker in about a millisecond and needs no re-import; the
    # run starts no threads, so it is safe here.
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class _Worker:
    def __init__(self, context: Any, job_factory: Callable[[], FileJob]) -> None:
        parent_end, child_end = context.Pipe(duplex=True)
        self.connection = parent_end
        self.process = context.Process(
            target=_worker_main, args=(child_end, job_factory, os.getpid()), daemon=True
        )
        self.process.start()
        child_end.close()
        self.held: Deque[Task] = deque()  # sent, not yet answered, in the order sent
        self.isolating = False  # holds one file that an earlier worker died on
        # Asked each time whether an answer waits: made once, not once per question
        # as ``Connection.poll`` would.
        self._waiting: Callable[[], bool] = self.connection.poll
        if hasattr(select, "poll"):  # not on Windows
            poll = select.poll()
            poll.register(self.connection.fileno(), select.POLLIN)
            self._waiting = lambda: bool(poll.poll(0))

    def send(self, batch: Sequence[Task]) -> None:
        self.held.extend(batch)
        # If it died, the wait for its sentinel finds out.
        with contextlib.suppress(BrokenPipeError, OSError):
            self.connection.send(list(batch))

    def answers(self) -> Iterator[Tuple[int, Any]]:
        """What it has said so far, without blocking."""
        try:
            while self._waiting():
                for index, outcome in self.connection.recv():
                    while self.held and self.held.popleft()[0] != index:
                        pass
                    if not self.held:
                        self.isolating = False
                    yield index, outcome
        except (EOFError, OSError):
            return

    def death(self) -> str:
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exited with status {code}"

    def stop(self) -> None:
        """Stop before the next file: SIGTERM if it is busy, end of work if it is idle."""
        with contextlib.suppress(BrokenPipeError, OSError):
            self.connection.send(None)
        if self.process.is_alive():
            with contextlib.suppress(OSError):
                os.kill(self.process.pid, signal.SIGTERM)

    def close(self) -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            self.connection.send(None)
        self.process.join(5.0)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def run_parallel(
    tasks: Iterable[Task],
    job_factory: Callable[[], FileJob],
    jobs: int,
    flag: StopFlag,
    casualties: List[Casualty],
) -> Iterator[Tuple[int, Any]]:
    """Yield ``(index, outcome)`` as workers answer, in no particular order.

    ``job_factory`` runs once in each worker and returns the per-file job.
    Files that killed their worker on their own are appended to ``casualties``.
    Raises ``Interrupted`` once the files under way are answered after a stop.
    """
    import selectors

    context = _context()
    # Every worker's pipe and process sentinel, registered once per worker.
    selector = selectors.DefaultSelector()
    feed = iter(tasks)
    retry: Deque[Task] = deque()  # files to run alone, after a worker died holding them
    workers: List[_Worker] = []
    exhausted = False
    stopping = False

    def next_batch() -> List[Task]:
        nonlocal exhausted
        batch: List[Task] = []
        while not exhausted and len(batch) < _BATCH:
            try:
                batch.append(next(feed))
            except StopIteration:
                exhausted = True
        return batch

    def top_up(worker: _Worker) -> None:
        if flag.raised or worker.isolating:
            return
        if retry:
            if not worker.held:
                worker.isolating = True
                worker.send([retry.popleft()])
            return
        while len(worker.held) < _BATCH * _IN_FLIGHT:
            batch = next_batch()
            if not batch:
                return
            worker.send(batch)

    def stop_all() -> None:
        # Runs inside the signal handler: a signal only, never the pipe,
        # which the interrupted code may be writing to.
        for worker in workers:
            with contextlib.suppress(OSError):
                os.kill(worker.process.pid, signal.SIGTERM)

    def start() -> _Worker:
        worker = _Worker(context, job_factory)
        workers.append(worker)
        selector.register(worker.connection, selectors.EVENT_READ)
        selector.register(worker.process.sentinel, selectors.EVENT_READ)
        return worker

    def forget(worker: _Worker) -> None:
        workers.remove(worker)
        for watched in (worker.connection, worker.process.sentinel):
            with contextlib.suppress(KeyError, ValueError):
                selector.unregister(watched)

    flag.listeners.append(stop_all)
    try:
        for _ in range(jobs):
            start()
        for worker in workers:
            top_up(worker)
        while workers and (any(w.held for w in workers) or retry or not exhausted):
            if flag.raised and not stopping:
                stopping = True
                for worker in workers:
                    worker.stop()
            ready = {key.fileobj for key, _ in selector.select(timeout=0.5)}
            for worker in list(workers):
                if worker.connection in ready or worker.process.sentinel in ready:
                    yield from worker.answers()
                if worker.process.sentinel in ready:
                    yield from worker.answers()
                    worker.process.join(5.0)  # reap it, so its exit status is known
                    forget(worker)
                    if not stopping:
                        for task in worker.held:
                            if worker.isolating:
                                casualties.append((task, worker.death()))
                            else:
                                retry.append(task)
                    worker.held.clear()
                    worker.close()
                    if not stopping:
                        top_up(start())
                elif not stopping:
                    top_up(worker)
            if stopping and not any(w.process.is_alive() for w in workers):
                for worker in workers:
                    yield from worker.answers()
                break
        if flag.raised:
            raise Interrupted
    finally:
        flag.listeners.remove(stop_all)
        selector.close()
        for worker in workers:
            worker.close()
