"""The worker pool: interrupts, dead workers, workers that outlive their parent.

Each test drives ``contentlint.run.pool`` with small jobs of its own that
leave a trace on disk, so what ran, and when, can be counted afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pytest

from contentlint.run import pool

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="the tests count processes the POSIX way"
)


class TraceJob:
    """Per-file job: appends the file's name to a log, then does what the file says."""

    def __init__(self, log: str, delay: float = 0.0) -> None:
        self.log, self.delay = log, delay

    def __call__(self) -> Callable[[str, str], Any]:
        def job(path: str, shown: str) -> Any:
            with open(self.log, "a", encoding="utf-8") as handle:
                handle.write(shown + "\n")
            if shown.startswith("kill-self"):
                os.kill(os.getpid(), signal.SIGKILL)
            if shown.startswith("interrupt-parent"):
                os.kill(os.getppid(), signal.SIGINT)
            if shown.startswith("writing"):
                pool.writing()
            if "interrupt-self" in shown:
                os.kill(os.getpid(), signal.SIGINT)
            if shown.endswith("-long"):
                # A large file's check: work, not sleep, for longer than any test waits.
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    pass
                with open(self.log, "a", encoding="utf-8") as handle:
                    handle.write("finished-" + shown + "\n")
            time.sleep(self.delay)
            return f"done {shown}"

        return job


def _tasks(names: List[str]) -> List[pool.Task]:
    return [(index, name, name) for index, name in enumerate(names)]


def _started(log: Path) -> List[str]:
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def test_every_file_is_answered_once(tmp_path: Path) -> None:
    names = [f"f{i}" for i in range(137)]
    casualties: List[pool.Casualty] = []
    answers = dict(
        pool.run_parallel(
            _tasks(names), TraceJob(str(tmp_path / "log")), 2, pool.StopFlag(), casualties
        )
    )
    assert sorted(answers) == list(range(len(names)))
    assert answers[5] == "done f5"
    assert casualties == []


def test_a_written_file_is_told_before_its_worker_can_die(tmp_path: Path) -> None:
    # Answers go back a batch at a time, but the answer about a file whose
    # fixes were written goes at once: a worker that dies later in the batch
    # must not take it along, or the file would be checked again, found
    # fixed, and the report would not say that it was fixed.
    log = tmp_path / "log"
    names = ["writing-a", "kill-self-b", "c", "d"]
    casualties: List[pool.Casualty] = []
    answers = dict(
        pool.run_parallel(_tasks(names), TraceJob(str(log)), 2, pool.StopFlag(), casualties)
    )
    assert answers[0] == "done writing-a"
    assert _started(log).count("writing-a") == 1
    assert [task[2] for task, _ in casualties] == ["kill-self-b"]
    assert sorted(answers) == [0, 2, 3]


def test_a_dead_worker_costs_only_its_file(tmp_path: Path) -> None:
    names = [f"f{i}" for i in range(60)]
    names[17] = "kill-self-a"
    names[41] = "kill-self-b"
    casualties: List[pool.Casualty] = []
    answers = dict(
        pool.run_parallel(
            _tasks(names),
            TraceJob(str(tmp_path / "log")),
            2,
            pool.StopFlag(),
            casualties,
        )
    )
    assert sorted(answers) == [i for i in range(60) if i not in (17, 41)]
    assert sorted(task[2] for task, _ in casualties) == ["kill-self-a", "kill-self-b"]
    assert all("SIGKILL" in death for _, death in casualties)


def _answered_until_stopped(
    run: Callable[[pool.StopFlag], Any],
) -> Tuple[List[int], pool.StopFlag]:
    """The indexes a run answered before a signal stopped it, with its stop handlers on."""
    flag = pool.StopFlag()
    restore = pool.install_stop_handlers(flag)
    answered: List[int] = []
    try:
        with pytest.raises(pool.Interrupted):
            for index, _ in run(flag):
                answered.append(index)
    finally:
        restore()
    return answered, flag


def test_interrupt_starts_no_new_file(tmp_path: Path) -> None:
    log = tmp_path / "log"
    names = [f"f{i}" for i in range(400)]
    names[10] = "interrupt-parent"
    answered, flag = _answered_until_stopped(
        lambda flag: pool.run_parallel(_tasks(names), TraceJob(str(log), delay=0.02), 2, flag, [])
    )
    started = _started(log)
    position = started.index("interrupt-parent")
    # Each worker may have begun one file when the signal arrives: no more.
    assert len(started) <= position + 2, started[position:]
    assert flag.signal_number == signal.SIGINT
    # What a worker finished is told; a file it was checking is dropped.
    assert set(answered) <= {names.index(name) for name in started}
    assert len(started) - len(answered) <= 2


def test_serial_run_stops_before_the_next_file(tmp_path: Path) -> None:
    log = tmp_path / "log"
    flag = pool.StopFlag()
    job = TraceJob(str(log))()

    def tasks() -> Any:
        for index, name in enumerate(["a", "b", "c", "d"]):
            if index == 2:
                flag.raised = True
            yield index, name, name

    with pytest.raises(pool.Interrupted):
        list(pool.run_serial(tasks(), job, flag))
    assert _started(log) == ["a", "b"]


def test_a_stop_drops_the_file_being_checked(tmp_path: Path) -> None:
    # A large file takes its time; a stop does not wait for its check,
    # which has written nothing yet.
    log = tmp_path / "log"
    names = ["a", "interrupt-self-long", "c"]
    answered, _ = _answered_until_stopped(
        lambda flag: pool.run_serial(_tasks(names), TraceJob(str(log))(), flag)
    )
    assert _started(log) == ["a", "interrupt-self-long"]
    assert answered == [0]


def test_a_stop_lets_a_write_under_way_finish(tmp_path: Path) -> None:
    log = tmp_path / "log"
    names = ["a", "writing-interrupt-self", "c"]
    answered, _ = _answered_until_stopped(
        lambda flag: pool.run_serial(_tasks(names), TraceJob(str(log), delay=0.2)(), flag)
    )
    assert _started(log) == ["a", "writing-interrupt-self"]
    assert answered == [0, 1]


def test_a_stop_drops_the_files_workers_are_checking(tmp_path: Path) -> None:
    log = tmp_path / "log"
    names = [f"f{i}" for i in range(40)]
    names[3] = "interrupt-parent-long"
    answered, _ = _answered_until_stopped(
        lambda flag: pool.run_parallel(_tasks(names), TraceJob(str(log)), 2, flag, [])
    )
    started = _started(log)
    assert "interrupt-parent-long" in started
    assert "finished-interrupt-parent-long" not in started
    assert 3 not in answered


PARENT = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    sys.path.insert(0, {tests!r})
    from contentlint.run import pool
    from test_pool import TraceJob
    names = ["f%d" % i for i in range(10000)]
    tasks = [(i, n, n) for i, n in enumerate(names)]
    for _ in pool.run_parallel(tasks, TraceJob({log!r}, delay={delay!r}), 2, pool.StopFlag(), []):
        pass
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc for child pids")
@pytest.mark.parametrize(
    "delay, started",
    [
        (0.01, 20),  # workers between files
        (600.0, 2),  # each worker blocked in a system call that outlasts the test
    ],
)
def test_workers_die_with_their_parent(tmp_path: Path, delay: float, started: int) -> None:
    log = tmp_path / "log"
    script = PARENT.format(
        root=str(Path(__file__).resolve().parents[1]),
        tests=str(Path(__file__).resolve().parent),
        log=str(log),
        delay=delay,
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 60
        while len(_started(log)) < started and time.monotonic() < deadline:
            time.sleep(0.05)
        children = [
            int(pid)
            for pid in Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()
        ]
        assert children, "the parent started no workers"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [pid for pid in children if _alive(pid)]
        for pid in left:  # never leave one behind the test
            os.kill(pid, signal.SIGKILL)
        assert not left
        written = len(_started(log))
        time.sleep(0.5)
        assert len(_started(log)) == written
    finally:
        if parent.poll() is None:
            parent.kill()


_DAMAGED = "[card region=\u201dEG\u201d]\n"


def _fix_until_stopped(folder: Path, posts: int) -> Tuple[int, List[str]]:
    """A one-process ``--fix`` of ``posts`` damaged posts in ``folder``: its status
    and the posts it fixed."""
    from contentlint import cli

    for number in range(posts):
        (folder / f"p{number}.html").write_text(_DAMAGED, encoding="utf-8")
    status = cli.main(["check", "--fix", "--jobs", "1", "--select", "QT", str(folder)])
    fixed = [p.name for p in sorted(folder.iterdir()) if p.read_text(encoding="utf-8") != _DAMAGED]
    return status, fixed


def test_check_fix_interrupted_reports_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from contentlint.run import many

    real = many.process_file
    calls: List[str] = []

    def interrupting(path: str, *rest: Any) -> Any:
        calls.append(path)
        outcome = real(path, *rest)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGINT)
        return outcome

    monkeypatch.setattr(many, "process_file", interrupting)
    status, fixed = _fix_until_stopped(tmp_path, 6)
    assert status == 130
    assert fixed == ["p0.html", "p1.html"]
    assert "interrupted after 2 files; 2 files fixed" in capsys.readouterr().err


def test_a_stop_as_the_fixes_are_written_lets_them_finish_and_be_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The check of a file may be dropped, its write may not: a signal that
    # arrives as the write begins lets it finish, and the report counts it.
    from contentlint.run import files

    real = files.write_fixed

    def interrupted_write(path: str, *rest: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        real(path, *rest)

    monkeypatch.setattr(files, "write_fixed", interrupted_write)
    status, fixed = _fix_until_stopped(tmp_path, 3)
    assert status == 130
    assert fixed == ["p0.html"]
    assert "interrupted after 1 file; 1 file fixed" in capsys.readouterr().err


def test_output_is_the_same_whatever_the_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from contentlint import cli

    for number in range(230):  # past the size at which workers start on their own
        folder = tmp_path / f"d{number % 7}"
        folder.mkdir(exist_ok=True)
        damage = "\u201d" if number % 3 else '"'
        (folder / f"p{number}.html").write_text(
            f"[card region={damage}E{number}{damage}]\n", encoding="utf-8"
        )
    # How many times each format names the code of one finding.
    mentions = {"json": 1, "text": 2, "concise": 1, "github": 2}
    for fmt, times in mentions.items():
        reports = []
        for jobs in ("1", "2", "0"):
            cli.main(["check", "--no-cache", "--format", fmt, "--jobs", jobs, str(tmp_path)])
            reports.append(capsys.readouterr().out)
        assert reports[0] == reports[1] == reports[2]
        assert reports[0].count("QT001") == sum(1 for n in range(230) if n % 3) * times
