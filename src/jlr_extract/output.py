"""Writers for the fact records: JSON Lines, JSON array, CSV and a rich table.

Every writer streams: `write(record)` as results arrive, `close()` at the end. Only the
table (meant for a person at a terminal) holds rows until the end.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from .records import VALUE_FIELDS, csv_columns, flatten_for_csv

FORMATS = ("table", "jsonl", "json", "csv", "parquet", "sqlite")


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


class JsonlWriter:
    def __init__(self, stream: TextIO):
        self.stream = stream

    def write(self, record: dict[str, Any]) -> None:
        self.stream.write(dumps(record) + "\n")

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

    def close(self) -> None:
        self.stream.flush()


def summarise_value(record: dict[str, Any]) -> str:
    """The non-null value fields as `field=value`, the quote's content left to its own column."""
    parts = []
    for name in VALUE_FIELDS[record["type"]]:
        val = record["value"].get(name)
        if val is None or name == "content" or val is False:
            continue
        if isinstance(val, list):
            val = "..".join(str(v) for v in val)
        parts.append(f"{name}={val}")
    return " ".join(parts)


class TableWriter:
    """A rich table for a person at a terminal (never used for piped output)."""

    def __init__(self, stream: TextIO, no_color: bool = False):
        from rich.console import Console
        from rich.table import Table

        self.console = Console(file=stream, no_color=no_color, highlight=False)
        self.table = Table(show_lines=False, header_style="bold")
        for name, kwargs in (
            ("article", {"overflow": "fold"}),
            ("type", {}),
            ("span", {"justify": "right"}),
            ("text", {"overflow": "fold", "max_width": 60}),
            ("value", {"overflow": "fold"}),
        ):
            self.table.add_column(name, **kwargs)

    def write(self, record: dict[str, Any]) -> None:
        from rich.markup import escape

        self.table.add_row(
            escape(record["article"]),
            record["type"],
            f"{record['start']}-{record['end']}",
            escape(record["text"]),
            escape(summarise_value(record)),
        )

    def close(self) -> None:
        self.console.print(self.table)


def make_writer(fmt: str, stream: TextIO, no_color: bool = False):
    if fmt == "jsonl":
        return JsonlWriter(stream)
    if fmt == "json":
        return JsonWriter(stream)
    if fmt == "csv":
        return CsvWriter(stream)
    if fmt == "table":
        return TableWriter(stream, no_color=no_color)
    if fmt in ("parquet", "sqlite"):  # `stream` is a file name here (or a binary stream: parquet)
        from .writers import make_file_writer

        return make_file_writer(fmt, stream)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
