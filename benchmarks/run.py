#!/usr/bin/env python3
"""Time contentlint against its peers on the shared synthetic corpus.

    python benchmarks/run.py [--files N] [--corpus-generator PATH] [--repeat K]

Generates a corpus with ``generate.py`` (deterministic for a seed), then times
each tool that is installed on the same files and prints the time of each and
its ratio to contentlint's.  Peers that are not installed are listed as such:
``pip install texthooks`` and ``npm install -g markdownlint-cli2`` add them.
Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Sequence

HERE = Path(__file__).resolve().parent
DEFAULT_GENERATOR = HERE.parent / "tests" / "data" / "corpus_generate.py"


def _time(command: Sequence[str], cwd: Path, repeat: int) -> Optional[float]:
    best: Optional[float] = None
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run(command, cwd=cwd, capture_output=True, check=False)
        elapsed = time.perf_counter() - start
        if completed.returncode not in (0, 1):
            sys.stderr.write(
                f"{command[0]} exited {completed.returncode}: "
                f"{completed.stderr.decode(errors='replace')[:300]}\n"
            )
            return None
        best = elapsed if best is None else min(best, elapsed)
    return best


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus-generator", type=Path, default=DEFAULT_GENERATOR)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        subprocess.run(
            [
                sys.executable,
                str(args.corpus_generator),
                str(corpus),
                "--files",
                str(args.files),
                "--seed",
                str(args.seed),
            ],
            check=True,
        )
        files = sorted(
            str(p.relative_to(corpus)) for p in (corpus / "content").rglob("*") if p.is_file()
        )
        size = sum((corpus / f).stat().st_size for f in files)
        tools = {
            "contentlint check": [
                sys.executable,
                "-m",
                "contentlint",
                "check",
                "--quiet",
                "--exit-zero",
                "content",
            ],
            "contentlint check --jobs 2": [
                sys.executable,
                "-m",
                "contentlint",
                "check",
                "--quiet",
                "--exit-zero",
                "--jobs",
                "2",
                "content",
            ],
        }
        if shutil.which("fix-smartquotes"):
            tools["texthooks fix-smartquotes"] = ["fix-smartquotes", "--show-changes", *files]
        if shutil.which("markdownlint-cli2"):
            tools["markdownlint-cli2"] = ["markdownlint-cli2", "content/**/*.md"]
        if shutil.which("vale"):
            tools["vale"] = ["vale", "--no-exit", "content"]
        results = {}
        for label, command in tools.items():
            # texthooks rewrites files: give every tool its own fresh copy.
            work = Path(folder) / label.replace(" ", "_")
            shutil.copytree(corpus, work)
            results[label] = _time(command, work, args.repeat)
        baseline = results["contentlint check"]
        print(f"corpus: {len(files)} files, {size / 1e6:.1f} MB (seed {args.seed})")
        for label, seconds in results.items():
            if seconds is None:
                print(f"{label:32} failed")
                continue
            ratio = f"{seconds / baseline:6.2f}x contentlint" if baseline else ""
            print(f"{label:32} {seconds:8.3f} s  {ratio}")
        for peer in ("fix-smartquotes", "markdownlint-cli2", "vale"):
            if not shutil.which(peer):
                print(f"{peer:32} not installed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
