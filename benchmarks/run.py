#!/usr/bin/env python3
"""Time contentlint against its peers on the shared synthetic corpus, in one run.

    python benchmarks/run.py [--sizes 5000,50000] [--repeat 5] [--jobs N]

For each size the corpus is generated once (deterministic for a seed), and
every tool runs several times on the same files, in turns, so that a machine
whose speed drifts slows them all alike.  Each figure is the median of the
runs; peak memory is the largest resident set of the tool and every process
it started.  Tools that are not installed are listed as such
(``pip install texthooks``, ``apt-get install ripgrep``,
``npm install -g markdownlint-cli2``).

What is timed:

* contentlint cold: ``check`` with an empty cache;
* contentlint warm: the same again, nothing changed;
* contentlint --fix: on a fresh copy of the corpus each run;
* texthooks ``fix-smartquotes --check`` on the same files;
* ripgrep: one candidate scan for shortcode openers and typographic quotes;
* markdownlint-cli2 on the Markdown files (the smallest size only: it is slow);
* one file: ``contentlint check FILE`` against ``python -c "import regex"``.

Above ``--full-up-to`` files (5,000) only the cold check is timed, as many
times as ``--large-repeat`` says: the targets at 50,000 files are its time
against the smallest size's and its peak memory.  Before timing, the
package's bytecode is written, as ``pip install`` does.

The summary lines at the end state each target of the speed issue as a
ratio measured in this run.  Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
DEFAULT_GENERATOR = HERE.parent / "tests" / "data" / "corpus_generate.py"

# Runs a command and prints its wall time and the peak RSS (KiB) of it and its children.
_MEASURE = r"""
import os, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(f"{wall} {peak} {done.returncode}\n")
sys.stderr.buffer.write(done.stderr[-600:])
"""


class Measure:
    def __init__(self) -> None:
        self.wall: List[float] = []
        self.peak_kib: List[int] = []
        self.failed = ""

    @property
    def median(self) -> float:
        return statistics.median(self.wall) if self.wall else float("nan")

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024 if self.peak_kib else float("nan")


def _compile_package() -> None:
    """Write contentlint's bytecode, as ``pip install`` does.

    An editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set would
    otherwise compile every module again in every process it starts.
    """
    import compileall

    import contentlint

    compileall.compile_dir(os.path.dirname(contentlint.__file__), quiet=1)


def _measure_once(command: Sequence[str], cwd: Path, env: Dict[str, str], into: Measure) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        wall, peak, status = done.stdout.split()
    except ValueError:
        into.failed = done.stderr[-300:]
        return
    if int(status) not in (0, 1, 123):  # 123: xargs, when a batch found something
        into.failed = f"exit {status}: {done.stderr[-300:]}"
        return
    into.wall.append(float(wall))
    into.peak_kib.append(int(peak))


Prepare = Callable[[], Tuple[Sequence[str], Path, Dict[str, str]]]


def _round_robin(jobs: Dict[str, Prepare], repeat: int) -> Dict[str, Measure]:
    """Run each job ``repeat`` times, A B C A B C …, after one warm-up each."""
    results = {label: Measure() for label in jobs}
    for round_number in range(repeat + 1):
        for label, prepare in jobs.items():
            command, cwd, env = prepare()
            target = results[label] if round_number else Measure()  # round 0 warms up
            _measure_once(command, cwd, env, target)
            if target.failed:
                results[label].failed = target.failed
    return results


def _generate(generator: Path, out: Path, files: int, seed: int) -> None:
    subprocess.run(
        [sys.executable, str(generator), str(out), "--files", str(files), "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _files(corpus: Path) -> List[str]:
    return sorted(
        str(p.relative_to(corpus)) for p in (corpus / "content").rglob("*") if p.is_file()
    )


def bench_size(args: argparse.Namespace, files: int, scratch: Path) -> Dict[str, Measure]:
    corpus = scratch / f"corpus-{files}"
    _generate(args.corpus_generator, corpus, files, args.seed)
    names = _files(corpus)
    size = sum((corpus / name).stat().st_size for name in names)
    print(f"\n## {len(names)} files, {size / 1e6:.1f} MB (seed {args.seed})", flush=True)
    env = dict(os.environ)
    env.pop("CI", None)
    contentlint = [sys.executable, "-m", "contentlint", "check", "--quiet", "--exit-zero"]
    if args.jobs:
        contentlint += ["--jobs", str(args.jobs)]
    warm_cache = scratch / f"warm-cache-{files}"

    def cold() -> Tuple[Sequence[str], Path, Dict[str, str]]:
        cache = Path(tempfile.mkdtemp(dir=scratch, prefix="cold-cache-"))
        return [*contentlint, "content"], corpus, {**env, "CONTENTLINT_CACHE_DIR": str(cache)}

    def warm() -> Tuple[Sequence[str], Path, Dict[str, str]]:
        return [*contentlint, "content"], corpus, {**env, "CONTENTLINT_CACHE_DIR": str(warm_cache)}

    def fix() -> Tuple[Sequence[str], Path, Dict[str, str]]:
        copy = scratch / f"fix-copy-{files}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(corpus, copy)
        return [*contentlint, "--fix", "--no-cache", "content"], copy, env

    jobs: Dict[str, Prepare] = {"contentlint cold": cold, "contentlint warm": warm}
    if files > args.full_up_to:
        # The targets at this size are about the cold run alone.
        results = _round_robin({"contentlint cold": cold}, args.large_repeat or args.repeat)
        _print_results(results)
        return results
    jobs["contentlint --fix"] = fix
    list_file = scratch / f"files-{files}.txt"
    list_file.write_text("\0".join(names), encoding="utf-8")
    if shutil.which("fix-smartquotes"):
        # xargs keeps the argument list within the system's limit, as pre-commit does.
        texthooks = f"xargs -0 -a {list_file} fix-smartquotes --check"
        jobs["texthooks fix-smartquotes"] = lambda: (["sh", "-c", texthooks], corpus, env)
    if shutil.which("rg"):
        pattern = r"\[[A-Za-z_]|\{\{[<%]|[\u201c\u201d\u2033\u00ab\u00bb]"
        jobs["ripgrep scan"] = lambda: (["rg", "-c", pattern, "content"], corpus, env)
    if shutil.which("markdownlint-cli2") and files <= args.markdownlint_up_to:
        mdl = ["markdownlint-cli2", "content/**/*.md"]
        jobs["markdownlint-cli2"] = lambda: (mdl, corpus, env)
    results = _round_robin(jobs, args.repeat)
    _print_results(results)
    for peer in ("fix-smartquotes", "rg", "markdownlint-cli2"):
        if not shutil.which(peer):
            print(f"{peer:28} not installed")
    return results


def _print_results(results: Dict[str, Measure]) -> None:
    for label, measure in results.items():
        if measure.failed:
            print(f"{label:28} failed: {measure.failed.strip()}")
        else:
            print(
                f"{label:28} median {measure.median:8.3f} s  "
                f"(min {min(measure.wall):.3f}, max {max(measure.wall):.3f})  "
                f"peak {measure.peak_mib:7.1f} MiB",
                flush=True,
            )


def bench_one_file(args: argparse.Namespace, scratch: Path) -> Dict[str, Measure]:
    corpus = scratch / "corpus-one"
    _generate(args.corpus_generator, corpus, 20, args.seed)
    one = next(name for name in _files(corpus) if name.endswith(".md"))
    env = {**os.environ, "CONTENTLINT_CACHE_DIR": str(scratch / "one-cache")}
    env.pop("CI", None)
    jobs: Dict[str, Prepare] = {
        "contentlint one file": lambda: (
            [sys.executable, "-m", "contentlint", "check", "--no-cache", "--exit-zero", one],
            corpus,
            env,
        ),
        'python -c "import regex"': lambda: ([sys.executable, "-c", "import regex"], corpus, env),
    }
    results = _round_robin(jobs, args.repeat * 4)
    print("\n## one file, as pre-commit runs it")
    for label, measure in results.items():
        print(f"{label:28} median {measure.median * 1000:8.1f} ms")
    return results


def _verdict(label: str, ratio: float, limit: float) -> str:
    mark = "met" if ratio <= limit else "NOT met"
    return f"{label}: {ratio:.2f}x (target at most {limit}x) {mark}"


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="5000,50000", help="corpus sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0, help="contentlint --jobs (0: its default)")
    parser.add_argument("--markdownlint-up-to", type=int, default=5000)
    parser.add_argument(
        "--full-up-to",
        type=int,
        default=5000,
        help="above this many files, time only the cold check (the targets there are about it)",
    )
    parser.add_argument(
        "--large-repeat", type=int, default=0, help="runs at the larger sizes (0: --repeat)"
    )
    parser.add_argument("--corpus-generator", type=Path, default=DEFAULT_GENERATOR)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    _compile_package()
    with tempfile.TemporaryDirectory(prefix="contentlint-bench-") as folder:
        scratch = Path(folder)
        by_size = {size: bench_size(args, size, scratch) for size in sizes}
        one = bench_one_file(args, scratch)
    print("\n## summary")
    small = by_size[min(sizes)]
    cold = small["contentlint cold"].median
    if "texthooks fix-smartquotes" in small:
        texthooks = small["texthooks fix-smartquotes"].median
        print(_verdict(f"cold check {min(sizes)} files / texthooks", cold / texthooks, 1.0))
    if "ripgrep scan" in small:
        print(
            _verdict(
                f"cold check {min(sizes)} files / ripgrep",
                cold / small["ripgrep scan"].median,
                30.0,
            )
        )
    print(_verdict("warm re-run / cold run", small["contentlint warm"].median / cold, 0.1))
    print(
        _verdict(
            "one file / python -c 'import regex'",
            one["contentlint one file"].median / one['python -c "import regex"'].median,
            2.5,
        )
    )
    if len(sizes) > 1:
        large = by_size[max(sizes)]
        growth = large["contentlint cold"].median / cold
        print(
            _verdict(
                f"{max(sizes)} files / {min(sizes)} files",
                growth,
                11.0 * max(sizes) / min(sizes) / 10,
            )
        )
        peak = large["contentlint cold"].peak_mib
        print(
            f"peak memory at {max(sizes)} files: {peak:.0f} MiB (target under 150 MiB) "
            f"{'met' if peak < 150 else 'NOT met'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
