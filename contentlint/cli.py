"""The command line: parses arguments and calls the rest.

Exit status: 0 no diagnostics (or all fixed); 1 diagnostics remain (or, with
``--exit-non-zero-on-fix``, something was fixed); 2 usage, configuration or
internal error.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from typing import Any, Dict, List, Optional, Sequence, TextIO

from contentlint import __version__

EXIT_CLEAN = 0
EXIT_FOUND = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

FORMATS = ("text", "concise", "json", "json-lines", "github", "gitlab", "sarif", "junit")
COMMANDS = ("check", "shortcodes", "rule", "rules", "init", "install-hook")


class UsageError(Exception):
    pass


def _codes(value: str) -> List[str]:
    return [code.strip().upper() for code in value.split(",") if code.strip()]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contentlint",
        description="Lint and fix the shortcodes of WordPress and Hugo content.",
    )
    parser.add_argument("--version", action="version", version=f"contentlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="lint files (and fix them with --fix)")
    _add_input_options(check)
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too"
    )
    check.add_argument(
        "--diff", action="store_true", help="print a unified diff of the fixes; write nothing"
    )
    check.add_argument("--show-fixes", action="store_true", help="list what was fixed")
    check.add_argument("--format", choices=FORMATS, default=None, help="output format")
    check.add_argument("--output-file", "-o", metavar="FILE", help="write the report to FILE")
    check.add_argument("--select", type=_codes, metavar="CODES", help="rules to enable")
    check.add_argument("--extend-select", type=_codes, metavar="CODES", help="rules to add")
    check.add_argument("--ignore", type=_codes, metavar="CODES", help="rules to disable")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with diagnostics")
    check.add_argument(
        "--exit-non-zero-on-fix", action="store_true", help="exit 1 when something was fixed"
    )
    check.add_argument("--statistics", action="store_true", help="counts per rule")
    check.add_argument("--quiet", "-q", action="store_true", help="print diagnostics only")
    check.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache in .contentlint_cache/",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default: one per core for large runs, else 1)",
    )
    check.add_argument("--baseline", metavar="FILE", help="report only what FILE does not record")
    check.add_argument("--write-baseline", metavar="FILE", help="record the diagnostics in FILE")

    shortcodes = commands.add_parser("shortcodes", help="inventory of every shortcode occurrence")
    _add_input_options(shortcodes)
    shortcodes.add_argument("--format", choices=("text", "json", "json-lines"), default="text")
    shortcodes.add_argument("--summary", action="store_true", help="counts per name and attribute")

    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("code", metavar="CODE")
    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "markdown", "json"), default="text")

    init = commands.add_parser("init", help="write a starter .contentlint.toml")
    init.add_argument("root", nargs="?", default=".", metavar="PATH")

    hook = commands.add_parser("install-hook", help="install a plain git pre-commit hook")
    hook.add_argument("--force", action="store_true", help="replace a hook that is not ours")
    hook.add_argument("repo", nargs="?", default=".", metavar="PATH")
    return parser


def _add_input_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: .)")
    command.add_argument("--config", metavar="FILE", help="use this configuration file")
    command.add_argument(
        "--dialect", choices=("auto", "wordpress", "hugo"), default=None, help="shortcode dialect"
    )
    command.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply configured excludes to paths given by name too",
    )
    command.add_argument(
        "--stdin-filename", metavar="NAME", help="the name of the text read from '-'"
    )


# --------------------------------------------------------------------------- check


def _request(args: argparse.Namespace) -> Any:
    from contentlint.run.many import Request

    return Request(
        paths=list(args.paths),
        config=args.config,
        overrides=_overrides(args),
        stdin_filename=args.stdin_filename,
        force_exclude=bool(args.force_exclude),
        jobs=int(getattr(args, "jobs", 0) or 0),
        no_cache=bool(getattr(args, "no_cache", False)) or args.command != "check",
    )


def _overrides(args: argparse.Namespace) -> Dict[str, object]:
    overrides: Dict[str, object] = {}
    if getattr(args, "dialect", None):
        overrides["dialect"] = args.dialect
    for key in ("select", "extend_select", "ignore"):
        value = getattr(args, key, None)
        if value is not None:
            overrides[key.replace("_", "-")] = value
    return overrides


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    from contentlint import reporting
    from contentlint.run.files import CheckOptions
    from contentlint.run.many import run_check

    options = CheckOptions(fix=bool(args.fix), unsafe=bool(args.unsafe_fixes), diff=bool(args.diff))
    from contentlint.run import progress

    shown = progress.Progress(sys.stderr) if progress.wanted(sys.stderr, args.quiet) else None
    try:
        run = run_check(_request(args), options, shown)
    finally:
        if shown is not None:
            shown.close()
    located: List[Any] = run.located
    fixed, diffs, stdin_output = run.fixed, run.diffs, run.stdin_output

    stale: Sequence[Any] = ()
    if args.write_baseline:
        from contentlint import baseline

        baseline.write_baseline(args.write_baseline, located)
    if args.baseline:
        from contentlint import baseline

        recorded = baseline.load_baseline(args.baseline)
        located, stale = baseline.filter_new(located, recorded, checked_paths=run.checked_paths)

    report_stream = out
    if args.output_file:
        report_stream = io.StringIO()
    if diffs:
        out.write("".join(diffs))
    if stdin_output is not None and not args.diff:
        sys.stdout.write(stdin_output)
        report_stream = sys.stderr if not args.output_file else report_stream
    fmt = args.format or os.environ.get("CONTENTLINT_OUTPUT_FORMAT") or "text"
    if args.show_fixes and fixed and fmt in ("text", "concise"):
        report_stream.write(_fixes_listing(fixed))
    rendered = reporting.render(
        fmt,
        located,
        files_checked=len(run.targets),
        fixed=len(fixed),
        color=_use_color(report_stream) and fmt == "text",
        statistics=bool(args.statistics),
        quiet=bool(args.quiet),
        checked_paths=run.checked_paths,
        unsafe_fixes=bool(args.unsafe_fixes),
        dry_run=bool(args.diff),
    )
    report_stream.write(rendered)
    if stale and fmt in ("text", "concise") and not args.quiet:
        report_stream.write(
            f"{len(stale)} baseline entr{'y is' if len(stale) == 1 else 'ies are'} stale "
            "(fixed since it was written); refresh it with --write-baseline.\n"
        )
    if args.output_file:
        from contentlint.fixer import write_atomic

        assert isinstance(report_stream, io.StringIO)
        write_atomic(args.output_file, report_stream.getvalue().encode("utf-8"))
    if run.interrupted:
        fixed_files = len({item.path for item in fixed})
        sys.stderr.write(
            f"contentlint: interrupted after {run.done} file{'s' if run.done != 1 else ''}; "
            f"{fixed_files} file{'s' if fixed_files != 1 else ''} fixed, the rest untouched\n"
        )
        return EXIT_INTERRUPTED
    if args.exit_non_zero_on_fix and (fixed or diffs):
        return EXIT_FOUND
    if args.exit_zero:
        return EXIT_CLEAN
    # With --diff nothing was written, so what it would fix still stands.
    return EXIT_FOUND if located or diffs else EXIT_CLEAN


def _fixes_listing(fixed: Sequence[Any]) -> str:
    lines = [f"Fixed {len(fixed)} error{'s' if len(fixed) != 1 else ''}:"]
    by_path: Dict[str, Dict[str, int]] = {}
    for item in fixed:
        counts = by_path.setdefault(item.path, {})
        key = f"{item.code} ({item.name})"
        counts[key] = counts.get(key, 0) + 1
    for path in sorted(by_path):
        lines.append(f"- {path}:")
        for key, count in sorted(by_path[path].items()):
            lines.append(f"    {count} × {key}")
    return "\n".join(lines) + "\n\n"


def _use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


# --------------------------------------------------------------------------- shortcodes


def _run_shortcodes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from contentlint import inventory
    from contentlint.run.many import inventory as run_inventory

    records, unread = run_inventory(_request(args))
    for problem in unread:
        err.write(f"{problem.shown}:{problem.line}:{problem.column}: IO001 {problem.message}\n")
    status = EXIT_FOUND if unread else EXIT_CLEAN
    if args.summary:
        table = inventory.summary(records)
        if args.format == "text":
            out.writelines(inventory.summary_lines(table))
        else:
            out.write(json.dumps(table, ensure_ascii=False, indent=2) + "\n")
        return status
    if args.format == "json":
        out.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "json-lines":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        for record in records:
            attributes = " ".join(a["raw"] for a in record["attributes"])
            notation = f" {record['notation']}" if record["notation"] else ""
            escaped = " escaped" if record["escaped"] else ""
            out.write(
                f"{record['path']}:{record['line']}:{record['column']}: "
                f"{record['name']} ({record['form']}{notation}{escaped})"
                f"{' ' + attributes if attributes else ''}\n"
            )
    return status


# --------------------------------------------------------------------------- main


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not arguments:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    if arguments[0] not in COMMANDS and not arguments[0].startswith("-"):
        # ``contentlint content/`` reads as ``contentlint check content/``.
        arguments.insert(0, "check")
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_ERROR
    out, err = sys.stdout, sys.stderr
    try:
        return _dispatch(args, parser, out, err)
    except KeyboardInterrupt:
        err.write("contentlint: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as error:
        from contentlint import config
        from contentlint.baseline import BaselineError

        if isinstance(error, (config.ConfigError, BaselineError)):
            err.write(f"contentlint: error: {error}\n")
            return EXIT_ERROR
        if isinstance(error, UsageError):
            err.write(f"contentlint: error: {error}\n")
            return EXIT_ERROR
        import traceback

        err.write("contentlint: internal error; please report it with this trace:\n")
        traceback.print_exc(file=err)
        return EXIT_ERROR


def _dispatch(
    args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO
) -> int:
    if args.command == "check":
        _check_stdin_usage(args)
        return _run_check(args, out)
    if args.command == "shortcodes":
        _check_stdin_usage(args)
        return _run_shortcodes(args, out, err)
    if args.command == "rule":
        from contentlint import docs

        try:
            out.write(docs.rule_doc(args.code) + "\n")
        except KeyError:
            import difflib

            from contentlint.rules import BY_CODE

            close = difflib.get_close_matches(args.code.upper(), list(BY_CODE), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            err.write(f"contentlint: error: no rule {args.code!r}{hint}\n")
            return EXIT_ERROR
        return EXIT_CLEAN
    if args.command == "rules":
        from contentlint import docs

        if args.format == "markdown":
            out.write(docs.rules_markdown_table() + "\n")
        elif args.format == "json":
            import json

            from contentlint.rules import ALL_RULES

            out.write(
                json.dumps(
                    [
                        {
                            "code": r.code,
                            "name": r.name,
                            "summary": r.summary,
                            "severity": r.severity.value,
                            "fix": r.fix_availability,
                            "default": r.default_enabled,
                        }
                        for r in ALL_RULES
                    ],
                    indent=2,
                )
                + "\n"
            )
        else:
            out.write(docs.rules_listing() + "\n")
        return EXIT_CLEAN
    if args.command == "init":
        from contentlint import init

        return init.run_init(args.root, stdout=out, stderr=err)
    if args.command == "install-hook":
        from contentlint.hooks import git_hook

        return git_hook.install_hook(args.repo, force=args.force)
    parser.print_help(err)
    return EXIT_ERROR


def _check_stdin_usage(args: argparse.Namespace) -> None:
    if "-" in args.paths and len(args.paths) > 1:
        raise UsageError("'-' (standard input) cannot be combined with other paths")
    if args.stdin_filename and not args.paths:
        args.paths = ["-"]
    if getattr(args, "fix", False) and getattr(args, "diff", False):
        args.fix = False  # --diff wins: show, write nothing


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["build_parser", "main"]
