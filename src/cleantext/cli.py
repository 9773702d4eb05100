"""The ``cleantext`` command: print, check, diff, explain or fix files."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO, TextIO

from cleantext import __version__
from cleantext.config import Config, ConfigError
from cleantext.engine import Explanation, clean_and_explain
from cleantext.rules import REGISTRY, RULE_SETS

EXIT_OK = 0
EXIT_JUNK_FOUND = 1
EXIT_ERROR = 2

STDIN = "-"


class InputError(Exception):
    """A file that cannot be cleaned; the message names the problem."""


def _split_codes(value: str) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Remove boilerplate lines (navigation, promotion, share buttons, footers) from article text.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="text files to clean; '-' reads standard input")
    mode = parser.add_argument_group("what to do (default: print the cleaned text)")
    mode.add_argument("-i", "--in-place", action="store_true", help="rewrite files that change, atomically")
    mode.add_argument("--check", action="store_true", help="write nothing; list removals; exit 1 if any")
    mode.add_argument("--diff", action="store_true", help="print a unified diff of what would be removed")
    mode.add_argument("--explain", action="store_true", help="list every removed line with its rule and reason")
    mode.add_argument("--list-rules", action="store_true", help="list the rules and exit")
    rules = parser.add_argument_group("which rules run")
    rules.add_argument(
        "--select",
        type=_split_codes,
        default=("ALL",),
        metavar="CODES",
        help="comma-separated rule codes or sets to run (default: ALL)",
    )
    rules.add_argument(
        "--ignore", type=_split_codes, default=(), metavar="CODES", help="comma-separated rule codes or sets to skip"
    )
    rules.add_argument("--preview", action="store_true", help="also run rules whose status is preview")
    parser.add_argument("--format", choices=("text", "markdown"), default="text", help="format of --list-rules")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _read(path: str) -> str:
    """The file's text; raises InputError for what cannot be cleaned safely."""
    try:
        if path == STDIN:
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if b"\0" in data:
        raise InputError("binary file (contains NUL bytes); left as it is")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start}); left as it is") from None


def _write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` by ``data`` so that readers see the old or the new file, never a mix."""
    mode = os.stat(path).st_mode
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".cleantext-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


@dataclass(frozen=True)
class _Options:
    in_place: bool
    check: bool
    diff: bool
    explain: bool


def _render(path: str, result: Explanation, original: str, options: _Options, out: BinaryIO) -> None:
    """Write what the mode asks for about one file; every mode renders the same Explanation."""
    lines: list[str] = []
    if options.check:
        lines += [f"{path}:{r.line_number}: {r.code} {r.name}\n" for r in result.removals]
    if options.explain:
        lines += [f"{path}:{r.line_number}: {r.code} {r.name}: {r.reason}: {r.line!r}\n" for r in result.removals]
    if options.diff and result.text != original:
        lines += difflib.unified_diff(
            original.splitlines(keepends=True),
            result.text.splitlines(keepends=True),
            fromfile=f"a/{path}",
            tofile=f"b/{path}",
        )
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n\\ No newline at end of file\n"
    if not (options.check or options.explain or options.diff or options.in_place):
        out.write(result.text.encode("utf-8"))
        return
    out.write("".join(lines).encode("utf-8"))


def _list_rules(fmt: str, out: TextIO) -> None:
    rules = list(REGISTRY.values())
    if fmt == "markdown":
        out.write("| code | name | set | status | where | what it removes |\n|---|---|---|---|---|---|\n")
        for r in rules:
            out.write(f"| `{r.code}` | {r.name} | {r.rule_set} | {r.status} | {r.zone} | {r.summary} |\n")
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        out.write(f"{r.code:<11} {r.name:<{width}} {r.rule_set:<8} {r.status!s:<8} {r.summary}\n")
    out.write(f"{len(rules)} rules in {len(RULE_SETS)} rule sets\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_rules:
        _list_rules(args.format, sys.stdout)
        return EXIT_OK
    if not args.files:
        parser.error("no FILE given (use '-' for standard input)")
    if args.in_place and (args.check or args.diff):
        parser.error("--in-place cannot be combined with --check or --diff")
    if args.in_place and STDIN in args.files:
        parser.error("--in-place cannot rewrite standard input")
    try:
        config = Config(select=args.select, ignore=args.ignore, preview=args.preview)
    except ConfigError as exc:
        parser.error(str(exc))
    options = _Options(args.in_place, args.check, args.diff, args.explain)

    out = sys.stdout.buffer
    status = EXIT_OK
    found_junk = False
    for path in args.files:
        name = "<stdin>" if path == STDIN else path
        try:
            text = _read(path)
        except InputError as exc:
            print(f"cleantext: {name}: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        result = clean_and_explain(text, config)
        found_junk = found_junk or bool(result.removals)
        _render(name, result, text, options, out)
        if options.in_place and result.text != text:
            try:
                _write_atomically(path, result.text.encode("utf-8"))
            except OSError as exc:
                print(f"cleantext: {name}: cannot rewrite: {exc.strerror or exc}", file=sys.stderr)
                status = EXIT_ERROR
                continue
            print(f"Fixing {name}", file=sys.stderr)
        out.flush()
    if status == EXIT_OK and options.check and found_junk:
        return EXIT_JUNK_FOUND
    return status
