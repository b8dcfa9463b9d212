#!/usr/bin/env python3
"""Check one large LF Markdown file: time and peak memory against its size.

    python benchmarks/large_file.py [--sizes 12,25,50] [--dialect wordpress] [--prose arabic]
                                    [--every N] [--enclosing]

Writes a Markdown file of prose with a shortcode after every ``--every``
paragraphs (LF line endings, some damaged quotes so that there are findings), runs
``python -m contentlint check`` on it in a child process for each size, and
prints the wall time, the child's CPU time and its peak resident memory
(``ru_maxrss``) with their ratios to the file's size.  The promise: time
grows in proportion to the size, and memory stays under three times it.
Timing lives here, never in the tests.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Tuple

PROSE = (
    "Plain prose that a writer typed, with a few words in it and nothing to report at all.\n"
    "A second line of the same paragraph, so that most lines hold no shortcode whatsoever.\n"
    "\n"
)
# Arabic letters take two bytes in the file and two in memory; its spaces
# and line breaks one in the file and two in memory.
ARABIC = (
    "نص عادي كتبه كاتب، فيه بعض الكلمات ولا شيء يستحق التقرير.\n"
    "سطر ثان من الفقرة نفسها، بلا رمز قصير.\n"
    "\n"
)
SHORTCODES = {
    "wordpress": ('[gallery ids="1,2,3" columns="3"]\n\n', "[gallery ids=\u201d4,5\u201d]\n\n"),
    "hugo": (
        '{{< figure src="a.jpg" title="A" >}}\n\n',
        "{{< figure src=\u201db.jpg\u201d >}}\n\n",
    ),
    # --enclosing: Hugo notes and WordPress captions, each with its closing tag.
    "notes": (
        "{{< note >}}A note.{{< /note >}}\n\n",
        "{{< note title=\u201dx\u201d >}}A note.{{< /note >}}\n\n",
    ),
    "captions": (
        '[caption id="a1"]<img src="/a.jpg" /> A caption[/caption]\n\n',
        '[caption id=\u201da2\u201d]<img src="/b.jpg" /> Its quotes are curly[/caption]\n\n',
    ),
}


def write_file(
    path: Path,
    megabytes: float,
    every: int = 1,
    prose: str = PROSE,
    dialect: str = "wordpress",
    kind: str = "",
) -> int:
    """A file of about ``megabytes`` MB, a shortcode of ``dialect`` (or of ``kind``) after
    every ``every`` paragraphs, one in 21 with typographic quotes."""
    shortcode, damaged = SHORTCODES[kind or dialect]
    block = ((prose * every + shortcode) * 20 + damaged).encode("utf-8")
    count = max(1, int(megabytes * 1024 * 1024) // len(block))
    with path.open("wb") as handle:
        for _ in range(count):
            handle.write(block)
    return path.stat().st_size


def measure(path: Path, dialect: str) -> Tuple[float, float, int, int]:
    """(wall seconds, child CPU seconds, peak RSS bytes, exit status) of one check."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "contentlint",
            "check",
            "--no-cache",
            "--dialect",
            dialect,
            "--format",
            "concise",
            "--quiet",
            str(path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of the children is the largest of them so far: run the sizes
    # from small to large so that each figure is that size's own peak.
    peak = after.ru_maxrss * 1024 if sys.platform != "darwin" else after.ru_maxrss
    if completed.returncode not in (0, 1):
        sys.stderr.write(completed.stderr.decode(errors="replace")[-2000:])
    return wall, cpu, peak, completed.returncode


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="12.5,25,50", help="file sizes in MB, comma-separated")
    parser.add_argument("--dialect", default="wordpress", choices=("wordpress", "hugo"))
    parser.add_argument(
        "--every", type=int, default=1, help="paragraphs of prose between shortcodes (default 1)"
    )
    parser.add_argument(
        "--prose",
        default="latin",
        choices=("latin", "arabic"),
        help="the paragraphs' script: Latin (default) or Arabic",
    )
    parser.add_argument(
        "--enclosing", action="store_true", help="tags with closing tags (captions, Hugo notes)"
    )
    args = parser.parse_args(argv)
    sizes = sorted(float(size) for size in args.sizes.split(","))
    print(
        f"{'size MB':>8} {'wall s':>8} {'cpu s':>8} {'cpu s/MB':>9} {'peak MB':>8} {'peak/size':>9}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = Path(folder) / "large.md"
            prose = ARABIC if args.prose == "arabic" else PROSE
            kind = ("notes" if args.dialect == "hugo" else "captions") if args.enclosing else ""
            size = write_file(path, megabytes, args.every, prose, args.dialect, kind)
            wall, cpu, peak, status = measure(path, args.dialect)
            mb = size / 1024 / 1024
            print(
                f"{mb:8.1f} {wall:8.2f} {cpu:8.2f} {cpu / mb:9.3f} {peak / 1024 / 1024:8.0f} "
                f"{peak / size:9.2f}" + ("" if status in (0, 1) else f"  exit {status}")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
