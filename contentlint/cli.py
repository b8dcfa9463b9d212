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
from typing import Any, Callable, Dict, List, Optional, Sequence, TextIO

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


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a number of processes; give a positive number, or 0 for automatic"
        )
    return jobs


def build_parser() -> argparse.ArgumentParser:
    # ``allow_abbrev=False`` everywhere: ``--out json`` must not mean ``--output-file json``.
    parser = argparse.ArgumentParser(
        prog="contentlint",
        description="Lint and fix the shortcodes of WordPress and Hugo content.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"contentlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help_text, allow_abbrev=False)

    check = command("check", "lint files (and fix them with --fix)")
    _add_input_options(check)
    check.add_argument("--fix", action="store_true", help="apply safe fixes")
    check.add_argument(
        "--unsafe-fixes", action="store_true", help="with --fix or --diff, apply unsafe fixes too"
    )
    check.add_argument(
        "--diff", action="store_true", help="print a unified diff of the fixes; write nothing"
    )
    check.add_argument("--show-fixes", action="store_true", help="list what was fixed")
    _add_format_option(check, FORMATS, None, "(default: text, or $CONTENTLINT_OUTPUT_FORMAT)")
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report (auto: on a terminal, honouring NO_COLOR and FORCE_COLOR; "
        "never in a file written with -o)",
    )
    check.add_argument(
        "--severity",
        choices=("error", "warning"),
        default=None,
        help="report only diagnostics at this level or above (error: errors only)",
    )
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
        type=_jobs,
        default=0,
        metavar="N",
        help="worker processes (default: one per core for large runs, else 1)",
    )
    check.add_argument("--baseline", metavar="FILE", help="report only what FILE does not record")
    check.add_argument("--write-baseline", metavar="FILE", help="record the diagnostics in FILE")

    check.add_argument(
        "--show-settings",
        metavar="FILE",
        help="print the settings that apply to FILE, then exit",
    )
    check.add_argument(
        "--show-files", action="store_true", help="list the files that would be checked, then exit"
    )

    shortcodes = command("shortcodes", "inventory of every shortcode occurrence")
    _add_input_options(shortcodes)
    _add_format_option(shortcodes, ("text", "json", "json-lines"))
    shortcodes.add_argument("--summary", action="store_true", help="counts per name and attribute")

    rule = command("rule", "print a rule's documentation")
    rule.add_argument("code", nargs="?", metavar="CODE")
    rule.add_argument("--all", action="store_true", help="every rule's documentation")
    rules = command("rules", "list every rule")
    _add_format_option(rules, ("text", "markdown", "json"))

    init = command("init", "write a starter .contentlint.toml")
    init.add_argument("root", nargs="?", default=".", metavar="PATH")

    hook = command("install-hook", "install a plain git pre-commit hook")
    hook.add_argument("--force", action="store_true", help="replace a hook that is not ours")
    hook.add_argument("repo", nargs="?", default=".", metavar="PATH")
    return parser


def _add_format_option(
    command: argparse.ArgumentParser,
    choices: Sequence[str],
    default: Optional[str] = "text",
    default_help: str = "",
) -> None:
    """``--output-format`` (ruff's name), with ``--format`` as an alias."""
    command.add_argument(
        "--output-format",
        "--format",
        dest="format",
        choices=choices,
        default=default,
        help=f"output format {default_help}".rstrip(),
    )


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
    command.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="say which configuration and dialect apply to each file, and which files are skipped",
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
    if getattr(args, "severity", None):
        overrides["report-severity"] = args.severity
    return overrides


def _run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from contentlint import reporting
    from contentlint.run.files import CheckOptions
    from contentlint.run.many import run_check

    fmt = _output_format(args)
    if args.statistics and fmt not in reporting.STATISTICS_FORMATS:
        raise UsageError(
            f"--statistics cannot be shown as {fmt}; use it with "
            f"--output-format {' or '.join(reporting.STATISTICS_FORMATS)}"
        )

    log = _log(err)
    options = CheckOptions(
        fix=bool(args.fix),
        unsafe=bool(args.unsafe_fixes),
        diff=bool(args.diff),
        explain=bool(args.verbose),
    )
    if args.show_files:
        from contentlint import config
        from contentlint.run.many import targets

        loader = config.ConfigLoader(args.config, _overrides(args))
        for _, shown, _ in targets(_request(args), loader, log=log if args.verbose else None):
            out.write(f"{shown}\n")
        return EXIT_CLEAN
    from contentlint.run import progress

    # Progress redraws one line of standard error; --verbose writes lines there.
    wanted = progress.wanted(sys.stderr, args.quiet) and not args.verbose
    meter = progress.Progress(sys.stderr) if wanted else None
    drawing = None
    plain = not (args.fix or args.diff or args.statistics or args.baseline or args.write_baseline)
    if plain and fmt in reporting.DRAWN_FORMATS:
        # Each file's findings are drawn where it is checked, and the cache keeps them drawn.
        color = _use_color(args, out)
        drawing = reporting.Drawing(fmt, color, bool(args.unsafe_fixes))
    try:
        run = run_check(
            _request(args),
            options,
            progress=meter,
            log=log if args.verbose else None,
            drawing=drawing,
        )
    finally:
        if meter is not None:
            meter.close()
    _say_skipped(args, run.skipped, sys.stderr)
    if not run.targets and not run.interrupted:
        err.write(_nothing_checked(args.paths))
    if run.drawing is not None:
        return _write_drawn(args, run, out)
    located: List[Any] = run.located
    fixed, diffs, stdin_output = run.fixed, run.diffs, run.stdin_output

    # An interrupted run would record only part of the findings.
    if args.write_baseline and not run.interrupted:
        from contentlint import baseline

        baseline.write_baseline(args.write_baseline, located)
        count = len(located)
        err.write(
            f"contentlint: recorded {count} finding{'' if count == 1 else 's'} "
            f"in {args.write_baseline}\n"
        )
        return EXIT_CLEAN
    stale: Sequence[Any] = ()
    if args.baseline:
        from contentlint import baseline

        recorded = baseline.load_baseline(args.baseline)
        located, stale = baseline.filter_new(located, recorded, checked_paths=run.checked_paths)

    report_stream = out
    if args.output_file:
        report_stream = io.StringIO()
    elif args.diff:
        # Standard output carries the diff alone, so that it can be piped to patch.
        report_stream = err
    if diffs:
        out.write("".join(diffs))
    if stdin_output is not None and not args.diff:
        sys.stdout.write(stdin_output)
        report_stream = sys.stderr if not args.output_file else report_stream
    if args.show_fixes and fixed and fmt in ("text", "concise"):
        report_stream.write(_fixes_listing(fixed))
    if args.diff and not args.output_file:
        from contentlint.reporters.text import summary

        rendered = summary(located, fixed=fixed, unsafe_fixes=bool(args.unsafe_fixes), dry_run=True)
    elif not run.targets and fmt in reporting.HUMAN_FORMATS:
        rendered = ""  # the warning above says it; "All checks passed!" would not be true
    elif fmt in reporting.HUMAN_FORMATS:
        # Written as it is drawn: a large run never holds its whole report.
        for chunk in reporting.human_chunks(
            fmt,
            located,
            fixed=fixed,
            color=_use_color(args, report_stream),
            statistics=bool(args.statistics),
            quiet=bool(args.quiet),
            unsafe_fixes=bool(args.unsafe_fixes),
            dry_run=bool(args.diff),
        ):
            report_stream.write(chunk)
        rendered = ""
    else:
        rendered = reporting.render(
            fmt,
            located,
            files_checked=len(run.targets),
            fixed=fixed,
            color=_use_color(args, report_stream),
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
        assert isinstance(report_stream, io.StringIO)
        _write_report(args.output_file, report_stream.getvalue().encode("utf-8"))
    return _check_status(args, run, found=len(located), diffs=bool(diffs))


def _write_drawn(args: argparse.Namespace, run: Any, out: TextIO) -> int:
    """Write the report of a plain check whose findings came drawn (``run.parts``)."""
    from contentlint import reporting

    stream: TextIO = io.StringIO() if args.output_file else out
    if run.targets or run.drawing.fmt not in reporting.HUMAN_FORMATS:
        for chunk in reporting.drawn_chunks(
            run.drawing, run.parts(), run.tally(), quiet=bool(args.quiet)
        ):
            stream.write(chunk)
    if args.output_file:
        assert isinstance(stream, io.StringIO)
        _write_report(args.output_file, stream.getvalue().encode("utf-8"))
    return _check_status(args, run, found=run.found)


def _check_status(args: argparse.Namespace, run: Any, *, found: int, diffs: bool = False) -> int:
    if run.interrupted:
        fixed_files = len({item.path for item in run.fixed})
        sys.stderr.write(
            f"contentlint: interrupted after {run.done} file{'s' if run.done != 1 else ''}; "
            f"{fixed_files} file{'s' if fixed_files != 1 else ''} fixed, the rest untouched\n"
        )
        return EXIT_INTERRUPTED
    if args.exit_non_zero_on_fix and (run.fixed or diffs):
        return EXIT_FOUND
    if args.exit_zero:
        return EXIT_CLEAN
    # With --diff nothing was written, so what it would fix still stands.
    return EXIT_FOUND if found or diffs else EXIT_CLEAN


def _write_report(path: str, data: bytes) -> None:
    from contentlint.safeio import FileProblem, describe_os_error, write_report

    try:
        write_report(path, data)
    except FileProblem as problem:
        raise UsageError(f"--output-file: {problem.message}") from None
    except OSError as error:
        message = f"cannot write {path}: {describe_os_error(error)}"
        raise UsageError(f"--output-file: {message}") from None


def _say_skipped(args: argparse.Namespace, skipped: Sequence[Any], err: TextIO) -> None:
    if args.verbose:
        for shown, reason in skipped:
            err.write(f"contentlint: skipped {shown}: {reason}\n")


def _log(err: TextIO) -> Callable[[str], None]:
    def log(message: str) -> None:
        err.write(f"contentlint: {message}\n")

    return log


def _nothing_checked(paths: Sequence[str]) -> str:
    from contentlint.settings import DEFAULT_EXTENSIONS

    where = ", ".join(paths) if paths else "."
    return (
        f"contentlint: warning: no content files found in {where}, so nothing was checked "
        f"(contentlint looks for {' '.join(DEFAULT_EXTENSIONS)}; run with -v to see what "
        "was skipped)\n"
    )


def _fixes_listing(fixed: Sequence[Any]) -> str:
    from contentlint.reporters.text import count_by_severity

    lines = [f"Fixed {count_by_severity(fixed)}:"]
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


def _use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    """``--color``; ``auto`` follows NO_COLOR, FORCE_COLOR and the terminal.  Never into ``-o``."""
    if getattr(args, "output_file", None):
        return False
    choice = getattr(args, "color", "auto")
    if choice != "auto":
        return bool(choice == "always")
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _output_format(args: argparse.Namespace) -> str:
    from contentlint.reporting import FORMATS as KNOWN

    if args.format:
        return str(args.format)
    fmt = os.environ.get("CONTENTLINT_OUTPUT_FORMAT") or "text"
    if fmt not in KNOWN:
        raise UsageError(
            f"CONTENTLINT_OUTPUT_FORMAT={fmt!r} is not an output format; "
            f"choose from {', '.join(KNOWN)}"
        )
    return fmt


# --------------------------------------------------------------------------- shortcodes


def _run_shortcodes(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import json

    from contentlint import inventory
    from contentlint.run.many import inventory as run_inventory

    records, unread, skipped = run_inventory(_request(args), _log(err) if args.verbose else None)
    for problem in unread:
        err.write(f"{problem.shown}:{problem.line}:{problem.column}: IO001 {problem.message}\n")
    _say_skipped(args, skipped, err)
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
    out, err = sys.stdout, sys.stderr
    first = arguments[0]
    if first not in COMMANDS and not first.startswith("-"):
        if first != "-" and not os.path.lexists(first):
            err.write(_unknown_command(first))
            return EXIT_ERROR
        # ``contentlint content/`` reads as ``contentlint check content/``.
        arguments.insert(0, "check")
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exit_:
        return int(exit_.code) if isinstance(exit_.code, int) else EXIT_ERROR
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


def _show_settings(args: argparse.Namespace, out: TextIO) -> int:
    from contentlint import config, discovery, explain

    path = args.show_settings
    loader = config.ConfigLoader(args.config, _overrides(args))
    settings = loader.settings_for(os.path.abspath(path))
    from contentlint.safeio import FileProblem, read_regular

    try:
        text = read_regular(path, settings.max_file_size)[0].decode("utf-8", "replace")
    except FileProblem:
        text = ""  # the settings of a file yet to be written (or not a regular file)
    registry = discovery.discover(os.path.abspath(path), settings.themes_dir)
    dialect, why = discovery.explain_dialect(
        text, settings.dialect, registry.hugo_site_root is not None
    )
    document = explain.settings_document(path, settings, dialect.value, why)
    if _output_format(args) == "json":
        import json

        out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(explain.settings_text(document))
    return EXIT_CLEAN


def _unknown_command(word: str) -> str:
    import difflib

    close = difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.5)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return (
        f"contentlint: error: {word!r} is neither a command nor an existing file or folder{hint}\n"
        f"Commands: {', '.join(COMMANDS)}. Run 'contentlint --help' for help.\n"
    )


def _dispatch(
    args: argparse.Namespace, parser: argparse.ArgumentParser, out: TextIO, err: TextIO
) -> int:
    if args.command == "check":
        _check_stdin_usage(args)
        if args.show_settings is not None:
            return _show_settings(args, out)
        return _run_check(args, out, err)
    if args.command == "shortcodes":
        _check_stdin_usage(args)
        return _run_shortcodes(args, out, err)
    if args.command == "rule":
        from contentlint import docs

        if args.all:
            if args.code is not None:
                raise UsageError("give a rule CODE or --all, not both")
            separator = "\n\n" + "-" * 72 + "\n\n"
            out.write(separator.join(docs.rule_doc(r.code) for r in docs.rules_in_code_order()))
            out.write("\n")
            return EXIT_CLEAN
        if args.code is None:
            raise UsageError("give a rule CODE (e.g. 'contentlint rule QT001'), or --all")
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
                        for r in docs.rules_in_code_order()
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
