"""Writers for the fact records: JSON Lines, JSON array, CSV and a rich table.

Every writer streams: `write(record)` as results arrive, `end_article()` after each
article's records (the stream is flushed there, so a slow input never holds back articles
already extracted), `close()` at the end. The table (meant for a person at a terminal) holds
one article's rows until that article ends.

`OutputFile` is the `--output FILE` target: written to a temporary file beside FILE and
renamed into place by `commit()`, so a failed or interrupted run never leaves FILE truncated.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, TextIO

from .records import VALUE_FIELDS, csv_columns, flatten_for_csv

FORMATS = ("table", "jsonl", "json", "csv")


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


class JsonlWriter:
    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(dumps(record) + "\n")

    def start_article(self, article: str) -> None:
        """Named before an article's records (the streaming formats need nothing)."""

    def end_article(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


class JsonWriter:
    """A JSON array written element by element, so nothing accumulates."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(("[\n  " if self.count == 0 else ",\n  ") + dumps(record))
        self.count += 1

    def start_article(self, article: str) -> None:
        """Named before an article's records (the streaming formats need nothing)."""

    def end_article(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        self.stream.flush()


class CsvWriter:
    def __init__(self, stream: TextIO):
        self.stream = stream
        self.writer = csv.DictWriter(stream, fieldnames=csv_columns(), lineterminator="\n")
        self.writer.writeheader()

    def write(self, record: dict[str, Any]) -> None:
        self.writer.writerow(flatten_for_csv(record))

    def start_article(self, article: str) -> None:
        """Named before an article's records (the streaming formats need nothing)."""

    def end_article(self) -> None:
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()


def _value_text(val: Any) -> str:
    if isinstance(val, list):
        return "..".join(str(v) for v in val)
    return str(val)


def summarise_value(record: dict[str, Any]) -> str:
    """The value on one line: `field=value` for the set fields in the registry's order, a
    true flag as its bare name.

    Nulls, false flags and fields that only repeat the fact's text are left out, and so is
    a quote's `content` (the text column already shows it).
    """
    parts = []
    value = record["value"]
    for name in VALUE_FIELDS.get(record["type"], tuple(value)):
        val = value.get(name)
        if val is None or val is False or name == "content" or val == record.get("text"):
            continue
        parts.append(name if val is True else f"{name}={_value_text(val)}")
    return " ".join(parts)


def shorten(text: str, limit: int) -> str:
    """`text` on one line, cut to at most `limit` characters at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit - 1
    return text[:cut].rstrip() + "…"


class TableWriter:
    """Facts laid out for a person at a terminal, one section per article.

    Each article is printed as soon as it ends (`end_article`): a heading with its id, then
    one line per fact (type, span, text, value). The layout follows the console width (the
    terminal's, or `COLUMNS`): the text column takes up to 40% of it and long texts are cut
    at a word, the value line is cut at the edge, both with an ellipsis (the JSON formats
    have everything).
    """

    def __init__(self, stream: TextIO, no_color: bool = False):
        from rich.console import Console

        self.console = Console(file=stream, no_color=no_color, highlight=False, soft_wrap=False)
        self.article: str | None = None
        self.rows: list[dict[str, Any]] = []
        self.shortened = False
        self.articles = 0

    def write(self, record: dict[str, Any]) -> None:
        if self.article is not None and record["article"] != self.article:
            self.end_article()
        self.article = record["article"]
        self.rows.append(record)

    def start_article(self, article: str) -> None:
        """Name the article whose records come next (so an article with none gets a heading)."""
        if self.article is not None and article != self.article:
            self.end_article()
        self.article = article

    def end_article(self) -> None:
        if self.article is None:
            return
        from rich.cells import cell_len
        from rich.text import Text

        width = self.console.width
        count = len(self.rows)
        heading = Text.assemble(
            (self.article, "bold"), (f"  {count} fact{'s' if count != 1 else ''}" if count else "  no facts", "dim")
        )
        self.console.print(heading, overflow="fold")
        if self.rows:
            type_width = max(len(r["type"]) for r in self.rows)
            spans = [f"{r['start']}-{r['end']}" for r in self.rows]
            span_width = max(len(span) for span in spans)
            # What is left after the indent and the type and span columns: 40% for the text.
            free = max(width - 2 - type_width - span_width - 3, 24)
            text_limit = max(10, min(48, free * 4 // 10))
            texts = [shorten(r["text"], text_limit) for r in self.rows]
            self.shortened |= any(t != " ".join(r["text"].split()) for t, r in zip(texts, self.rows))
            text_width = max(cell_len(t) for t in texts)
            for record, span, text in zip(self.rows, spans, texts):
                line = Text.assemble(
                    "  ", (record["type"].ljust(type_width), "cyan"), " ", (span.rjust(span_width), "dim"),
                    " ", text + " " * (text_width - cell_len(text)), " ", summarise_value(record),
                )
                line.truncate(max(width, 20), overflow="ellipsis")
                self.console.print(line, no_wrap=True, crop=False, soft_wrap=True)
        self.articles += 1
        self.article, self.rows = None, []
        self.console.file.flush()

    def close(self) -> None:
        self.end_article()
        if self.shortened:
            self.console.print("(… = shortened; -f jsonl has the full texts)", style="dim")
        self.console.file.flush()


def make_writer(fmt: str, stream: TextIO, no_color: bool = False):
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream)
    if fmt == "table":
        return TableWriter(stream, no_color=no_color)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


class OutputError(OSError):
    """Writing the output failed (full disk, closed device); `str()` is one readable line."""

    def __init__(self, name: str, err: OSError):
        super().__init__(err.errno, err.strerror)
        self.name = name
        self.reason = err.strerror or str(err)

    def __str__(self) -> str:
        return f"cannot write {self.name}: {self.reason}"


class GuardedStream:
    """A text stream whose write errors become `OutputError` (a broken pipe stays itself)."""

    def __init__(self, stream: TextIO, name: str):
        self.stream = stream
        self.name = name

    def _guard(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as err:
            raise OutputError(self.name, err) from err

    def write(self, text: str) -> int:
        return self._guard(self.stream.write, text)

    def flush(self) -> None:
        self._guard(self.stream.flush)

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class OutputFile:
    """`--output PATH`: a temporary file beside PATH until `commit()` renames it into place.

    A path that exists and is not a regular file (a device such as /dev/null or /dev/full,
    a FIFO) is written in place. Raises OSError when the file cannot be created. The
    replaced file's permission bits are kept; a new file gets the usual ones (umask).
    """

    def __init__(self, path: Path):
        import os
        import tempfile

        self.path = path
        self.temp: Path | None = None
        if path.exists() and not path.is_file():
            if path.is_dir():
                raise IsADirectoryError(21, "is a directory", str(path))
            raw = path.open("w", encoding="utf-8", newline="")
        else:
            fd, name = tempfile.mkstemp(
                dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.", suffix=".part"
            )
            self.temp = Path(name)
            raw = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.stream = GuardedStream(raw, str(path))

    def commit(self) -> None:
        """Close and rename into place; raises OutputError (the temporary file removed)."""
        import os

        try:
            self.stream.flush()
            self.stream.stream.close()
        except OSError as err:
            self.discard()
            raise err if isinstance(err, OutputError) else OutputError(str(self.path), err)
        if self.temp is not None:
            os.chmod(self.temp, _mode_for(self.path))
            os.replace(self.temp, self.path)
            self.temp = None

    def discard(self) -> None:
        """Close and remove the temporary file, leaving PATH as it was."""
        try:
            self.stream.stream.close()
        except OSError:
            pass
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
            self.temp = None


def _mode_for(path: Path) -> int:
    import os
    import stat

    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
