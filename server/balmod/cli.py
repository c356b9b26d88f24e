"""The `balmod` command: `check` and `deps` for terminals and CI, `serve` for editors."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from balmod import __version__
from balmod.findings import CODES
from balmod.languages import Homes, ballerina, import_all, language_services

if TYPE_CHECKING:
    from balmod.checking import FileReport

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

_Made = TypeVar("_Made")


def _add_roots_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--ballerina-home",
        type=Path,
        metavar="DIR",
        help="the Ballerina distribution (default: $BALLERINA_HOME)",
    )
    parser.add_argument(
        "--user-home",
        type=Path,
        metavar="DIR",
        help="the user's .ballerina directory (default: $BALLERINA_HOME_DIR or ~/.ballerina)",
    )
    parser.add_argument(
        "--ceylon-home",
        type=Path,
        metavar="DIR",
        help="the Ceylon distribution (default: $CEYLON_HOME)",
    )
    parser.add_argument(
        "--ceylon-user-dir",
        type=Path,
        metavar="DIR",
        help="the user's .ceylon directory with repo/ and cache/ (default: ~/.ceylon)",
    )


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, not {value!r}")
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="balmod", description="Ballerina module imports and manifests, checked from disk."
    )
    parser.add_argument("--version", action="version", version=f"balmod {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser("check", help="report problems in .bal files and manifests")
    check.add_argument("paths", nargs="*", type=Path, default=[Path()], metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="check in up to N processes (default: one per CPU; only for 200 files or more)",
    )
    _add_roots_arguments(check)

    deps = commands.add_parser("deps", help="show what every import of a package resolves to")
    deps.add_argument("path", nargs="?", type=Path, default=Path(), metavar="PATH")
    _add_roots_arguments(deps)

    commands.add_parser("codes", help="list every finding code with its severity and meaning")

    serve = commands.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead")
    serve.add_argument("--log-level", default="INFO", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    _add_roots_arguments(serve)
    return parser


def _homes(args: argparse.Namespace) -> Homes:
    return Homes(args.ballerina_home, args.user_home, args.ceylon_home, args.ceylon_user_dir)


def _display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _print_text(reports: Sequence[FileReport], out: TextIO) -> None:
    errors = warnings = 0
    for report in reports:
        shown = _display_path(report.path)
        for item in report.findings:
            out.write(
                f"{shown}:{item.line + 1}:{item.column + 1}: "
                f"{item.finding.severity.label} {item.finding.code}: {item.finding.message}\n"
            )
            errors += item.finding.severity == 1
            warnings += item.finding.severity == 2
    files = len(reports)
    if errors or warnings:
        out.write(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"in {files} file{'s' * (files != 1)}\n"
        )
    else:
        out.write(f"no problems in {files} file{'s' * (files != 1)}\n")


def _print_json(reports: Sequence[FileReport], out: TextIO) -> None:
    items = [
        item.to_json(_display_path(report.path)) for report in reports for item in report.findings
    ]
    json.dump(items, out, indent=2, ensure_ascii=False)
    out.write("\n")


def run_check(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"balmod: {path}: no such file or directory", file=sys.stderr)
        return EXIT_USAGE
    from balmod.checking import available_cpus, check_paths  # not needed by `serve`

    jobs = args.jobs if args.jobs is not None else available_cpus()
    result = check_paths(_made_without_collection(language_services, args), args.paths, jobs)
    for problem in result.unreadable:
        print(f"balmod: {problem}", file=sys.stderr)
    (_print_json if args.format == "json" else _print_text)(result.reports, sys.stdout)
    if result.unreadable:
        return EXIT_USAGE
    return EXIT_FINDINGS if result.has_errors else EXIT_OK


def run_deps(args: argparse.Namespace) -> int:
    if not args.path.exists():
        print(f"balmod: {args.path}: no such file or directory", file=sys.stderr)
        return EXIT_USAGE
    from balmod.deps import dependency_lines  # the engine: imported by the command that uses it

    lines = dependency_lines(_made_without_collection(ballerina, args).engine, args.path)
    if lines is None:
        print(f"balmod: {args.path}: not inside a Ballerina package", file=sys.stderr)
        return EXIT_USAGE
    for line in lines:
        print(line)
    return EXIT_OK


def run_codes() -> int:
    import_all()  # each module system registers its codes when it is imported

    for info in sorted(CODES.values(), key=lambda i: i.code):
        print(f"{info.code}  {info.severity.label:<7}  {info.summary}")
    return EXIT_OK


def _made_without_collection(factory: Callable[[Homes], _Made], args: argparse.Namespace) -> _Made:
    """The module systems (what ``factory`` makes), imported with the collector off: see
    `run_serve`."""
    gc.disable()
    try:
        return factory(_homes(args))
    finally:
        gc.freeze()
        gc.enable()


def run_serve(args: argparse.Namespace) -> int:
    # Start-up allocates many objects that live as long as the process (modules, classes,
    # pygls's converters) and next to no garbage: the collector's passes over them are
    # wasted, so it is off until `start` has frozen them out of its sight.
    gc.disable()
    # Imported here so that `check` never pays for loading pygls.
    from balmod.lsp.server import start

    logging.basicConfig(
        stream=sys.stderr, level=args.log_level, format="%(levelname)s %(name)s: %(message)s"
    )
    # pygls logs every JSON-RPC frame at INFO: a cost on every keystroke, and noise.
    logging.getLogger("pygls").setLevel(max(logging.WARNING, logging.getLogger().level))
    return start(tcp=args.tcp, homes=_homes(args))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["serve", *(argv or [])])
    if args.command == "check":
        logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="balmod: %(message)s")
        return run_check(args)
    if args.command == "codes":
        return run_codes()
    if args.command == "deps":
        logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="balmod: %(message)s")
        return run_deps(args)
    return run_serve(args)
