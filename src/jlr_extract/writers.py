"""Columnar and database writers for the fact records: Parquet (pyarrow) and SQLite (sqlite3).

Both take the same v1 records as the text writers of `output.py` (`write(record)`, `close()`)
and flatten `value` into `value_<field>` columns, the CSV columns (`records.csv_columns()`):
the common fields, then the union of every type's value fields, each once.

- Parquet (`pip install 'jlr-extract[parquet]'`): records are buffered and written as Arrow
  record batches of `BATCH_ROWS` rows, one row group each, so memory stays bounded. Column types
  come from the shipped JSON Schema (`data/fact-v1.schema.json`): numbers are float64, integers
  int64, booleans bool, arrays (a date's `range`) list<string>, everything else string; a value
  field the schema does not know is a string column (non-string values JSON-encoded). The file is
  written under a temporary name and renamed by `close()`, so a file under the final name is
  always complete.
- SQLite (standard library `sqlite3`): a `facts` table, one row per fact, unique on
  (article, type, start, end), and an `articles` table, one row per extracted article. Each
  article is written in one transaction; rerunning over the same articles upserts (updates the
  rows in place) instead of adding duplicates. Lists are stored as JSON text, booleans as 0/1.
  Facts that an earlier run wrote and the current run no longer gives are kept; their
  `extracted_at` is older than their article's.

Errors: `ModuleNotFoundError` with an install hint when pyarrow is missing; `sqlite3.Error` or
`OSError` when the file cannot be written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any, BinaryIO, Iterable

from .records import COMMON_FIELDS, csv_columns

FILE_FORMATS = ("parquet", "sqlite")
BATCH_ROWS = 10_000  # rows per Parquet record batch (= row group)
PARQUET_HINT = "Parquet output needs pyarrow: pip install 'jlr-extract[parquet]'"

_COMMON_KINDS = {"start": "integer", "end": "integer", "sentence": "integer"}


def value_columns() -> list[str]:
    """The flattened value columns, `value_<field>`, in CSV order."""
    return [c for c in csv_columns() if c not in COMMON_FIELDS]


def column_kinds() -> dict[str, str]:
    """Column name -> 'string' | 'integer' | 'number' | 'boolean' | 'list', for every CSV column.

    A value field's kind is read from the JSON Schema; a field whose kind differs between fact
    types, or that the schema does not describe, is 'string'.
    """
    from .records import load_schema

    schema = load_schema()
    defs = schema.get("$defs", {})
    found: dict[str, set[str]] = {}
    for type_name, type_def in defs.items():
        for field, spec in type_def.get("properties", {}).items() if isinstance(type_def, dict) else ():
            found.setdefault(field, set()).add(_json_kind(spec, defs))
    kinds = {name: _COMMON_KINDS.get(name, "string") for name in COMMON_FIELDS if name != "value"}
    for column in value_columns():
        seen = found.get(column[len("value_"):], {"string"})
        kinds[column] = seen.pop() if len(seen) == 1 else "string"
    return kinds


def _json_kind(spec: dict, defs: dict) -> str:
    """The one non-null JSON kind a schema allows ('string' when it allows several or none)."""
    kinds: set[str] = set()

    def visit(node):
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            visit(defs.get(node["$ref"].rsplit("/", 1)[-1], {}))
        types = node.get("type")
        for t in [types] if isinstance(types, str) else types or []:
            kinds.add(t)
        for value in node.get("enum", []):
            if value is not None:
                kinds.add({bool: "boolean", int: "integer", float: "number"}.get(type(value), "string"))
        for option in node.get("oneOf", []) + node.get("anyOf", []):
            visit(option)

    visit(spec)
    kinds.discard("null")
    if kinds == {"integer", "number"}:
        return "number"
    if kinds == {"array"}:
        return "list"
    return kinds.pop() if len(kinds) == 1 and kinds <= {"string", "integer", "number", "boolean"} else "string"


def flatten(record: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    """Common fields plus `value_<field>` (missing fields None), typed as `kinds` says."""
    row = {name: record[name] for name in COMMON_FIELDS if name != "value"}
    value = record.get("value") or {}
    for column, kind in kinds.items():
        if not column.startswith("value_"):
            continue
        val = value.get(column[len("value_"):])
        if val is not None and kind == "string" and not isinstance(val, str):
            val = json.dumps(val, ensure_ascii=False)
        elif val is not None and kind == "list":
            val = [str(v) for v in val]
        row[column] = val
    return row


# --- Parquet ---------------------------------------------------------------------------------


def arrow_schema(kinds: dict[str, str] | None = None):
    """The Arrow schema of the flattened records (pyarrow imported here, lazily)."""
    try:
        import pyarrow as pa
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(PARQUET_HINT) from err
    kinds = kinds or column_kinds()
    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
             "boolean": pa.bool_(), "list": pa.list_(pa.string())}
    return pa.schema([pa.field(name, types[kind], nullable=name.startswith("value_"))
                      for name, kind in kinds.items()])


class ParquetWriter:
    """Streams records into a Parquet file, `BATCH_ROWS` rows per record batch.

    `target` is a path (written as `<path>.part`, renamed on `close()`) or a binary stream.
    """

    def __init__(self, target: str | os.PathLike | BinaryIO, batch_rows: int = BATCH_ROWS,
                 compression: str = "zstd"):
        schema = arrow_schema()
        import pyarrow.parquet as pq

        self.kinds = column_kinds()
        self.schema = schema
        self.batch_rows = batch_rows
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        if isinstance(target, (str, os.PathLike)):
            self.final: Path | None = Path(target)
            self.part = self.final.with_name(self.final.name + ".part")
            sink: Any = str(self.part)
        else:
            self.final = self.part = None
            sink = target
        self._writer = pq.ParquetWriter(sink, schema, compression=compression)

    def start_article(self, article: str) -> None:
        pass

    def end_article(self) -> None:
        pass

    def write(self, record: dict[str, Any]) -> None:
        self.rows.append(flatten(record, self.kinds))
        if len(self.rows) >= self.batch_rows:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            import pyarrow as pa

            self._writer.write_batch(pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.count += len(self.rows)
            self.rows = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
        if self.final is not None:
            os.replace(self.part, self.final)

    def abort(self) -> None:
        """Close without renaming and remove the partial file."""
        try:
            self._writer.close()
        finally:
            if self.part is not None and self.part.exists():
                self.part.unlink()


# --- SQLite ----------------------------------------------------------------------------------

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER",
              "list": "TEXT"}
FACT_KEY = ("article", "type", "start", "end")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqliteWriter:
    """Upserts records into an SQLite database: tables `facts` and `articles`.

    `facts`: the CSV columns (a `range` as JSON text, booleans 0/1) plus `extracted_at` (UTC,
    ISO 8601), unique on (article, type, start, end). `articles`: `article` (primary key),
    `facts` (how many this run gave), `warnings` (JSON list), `extracted_at`.
    Records are grouped by article; each article is committed in one transaction when the next
    article starts, on `write_result`, or on `close()`.
    """

    def __init__(self, path: str | os.PathLike):
        import sqlite3

        self.kinds = column_kinds()
        self.connection = sqlite3.connect(str(path), isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self._create()
        self.pending: list[dict[str, Any]] = []
        self.pending_article: str | None = None
        self.count = 0
        columns = list(self.kinds) + ["extracted_at"]
        updates = ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in columns if c not in FACT_KEY)
        self._insert_fact = (
            f"INSERT INTO facts ({', '.join(map(_q, columns))}) VALUES "
            f"({', '.join('?' for _ in columns)}) "
            f"ON CONFLICT ({', '.join(map(_q, FACT_KEY))}) DO UPDATE SET {updates}"
        )
        self._fact_columns = columns

    def _create(self) -> None:
        existing = {row[1] for row in self.connection.execute("PRAGMA table_info(facts)")}
        columns = ", ".join(f"{_q(c)} {_SQL_TYPES[k]}" for c, k in self.kinds.items())
        self.connection.executescript(
            f"""
            CREATE TABLE IF NOT EXISTS facts (
                {columns}, extracted_at TEXT,
                UNIQUE ({', '.join(map(_q, FACT_KEY))})
            );
            CREATE INDEX IF NOT EXISTS facts_type ON facts (type);
            CREATE TABLE IF NOT EXISTS articles (
                article TEXT PRIMARY KEY, facts INTEGER NOT NULL, warnings TEXT NOT NULL,
                extracted_at TEXT NOT NULL
            );
            """
        )
        # A database made by an older version gains the value columns added since.
        for column, kind in self.kinds.items():
            if existing and column not in existing:
                self.connection.execute(f"ALTER TABLE facts ADD COLUMN {_q(column)} {_SQL_TYPES[kind]}")

    def start_article(self, article: str) -> None:
        """Begin an article (it gets its `articles` row even without facts)."""
        if self.pending_article is not None:
            self._commit(self.pending_article, self.pending, None)
        self.pending_article = article

    def end_article(self) -> None:
        """Commit the article and its facts in one transaction."""
        if self.pending_article is not None:
            self._commit(self.pending_article, self.pending, None)

    def write(self, record: dict[str, Any]) -> None:
        if self.pending_article is not None and record["article"] != self.pending_article:
            self._commit(self.pending_article, self.pending, None)
        self.pending_article = record["article"]
        self.pending.append(record)

    def write_result(self, result) -> int:
        """Write one `pipeline.ArticleResult` (its article row and facts) in one transaction."""
        if self.pending_article is not None:
            self._commit(self.pending_article, self.pending, None)
        records = result.records()
        self._commit(result.article, records, list(result.warnings))
        return len(records)

    def _row(self, record: dict[str, Any], now: str) -> list[Any]:
        row = flatten(record, self.kinds)
        out = []
        for column in self.kinds:
            val = row.get(column)
            if isinstance(val, list):
                val = json.dumps(val, ensure_ascii=False)
            elif isinstance(val, bool):
                val = int(val)
            out.append(val)
        return out + [now]

    def _commit(self, article: str, records: list[dict[str, Any]], warnings: list[str] | None) -> None:
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with _transaction(self.connection):
            self.connection.executemany(self._insert_fact, [self._row(r, now) for r in records])
            self.connection.execute(
                "INSERT INTO articles (article, facts, warnings, extracted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (article) DO UPDATE SET facts = excluded.facts, "
                "warnings = excluded.warnings, extracted_at = excluded.extracted_at",
                (article, len(records), json.dumps(warnings or [], ensure_ascii=False), now),
            )
        self.count += len(records)
        self.pending, self.pending_article = [], None

    def close(self) -> None:
        if self.pending_article is not None:
            self._commit(self.pending_article, self.pending, None)
        self.connection.close()


class _transaction:
    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        self.connection.execute("BEGIN")

    def __exit__(self, kind, *_):
        self.connection.execute("ROLLBACK" if kind else "COMMIT")
        return False


def make_file_writer(fmt: str, target):
    """The writer for a file format: 'parquet' (path or binary stream) or 'sqlite' (path)."""
    if fmt == "parquet":
        return ParquetWriter(target)
    if fmt == "sqlite":
        if not isinstance(target, (str, os.PathLike)):
            raise ValueError("SQLite output needs a file name (--output FILE.db)")
        return SqliteWriter(target)
    raise ValueError(f"unknown file format {fmt!r}; choose from {', '.join(FILE_FORMATS)}")


def read_parquet_records(path: str | os.PathLike) -> Iterable[dict[str, Any]]:
    """The flattened rows of a Parquet file written here, as dicts (for checks and tests)."""
    import pyarrow.parquet as pq

    return pq.read_table(str(path)).to_pylist()
