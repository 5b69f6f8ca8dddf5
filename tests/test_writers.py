"""Parquet and SQLite output: the same facts as JSON Lines, typed columns, upserts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import need
from typer.testing import CliRunner

from jlr_extract.cli import app
from jlr_extract.records import csv_columns
from jlr_extract.writers import ParquetWriter, SqliteWriter, column_kinds, flatten

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
# Written for these tests: a range, a quote (boolean `partial`), an amount and a site.
EXTRA = (
    " date 2024-09-02 Fenwick Glass said on Tuesday that output at its works in Sunderland fell "
    "in June-July, costing between £2m and £3m. \u201cWe will recover quickly,\u201d said Ana "
    "Lopes, its finance director. Analysts expect the summer of 2025 to be better.\n"
)
EMPTY = "No facts are in this sentence at all.\n"

runner = CliRunner()


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "extra.txt").write_text(EXTRA, encoding="utf-8")
    (tmp_path / "empty.txt").write_text(EMPTY, encoding="utf-8")
    return [*sorted(ARTICLES.glob("*.txt")), tmp_path / "extra.txt", tmp_path / "empty.txt"]


def extract(*args):
    result = runner.invoke(app, ["extract", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def jsonl_records(inputs):
    return [json.loads(line) for line in extract("--format", "jsonl", *inputs).stdout.splitlines()]


def test_column_kinds_come_from_the_schema():
    kinds = column_kinds()
    assert list(kinds) == [c for c in csv_columns()]
    assert kinds["start"] == kinds["end"] == kinds["sentence"] == "integer"
    assert kinds["value_range"] == "list"
    assert kinds["value_amount"] == kinds["value_min"] == kinds["value_lat"] == "number"
    assert kinds["value_anchored"] == kinds["value_partial"] == "boolean"
    assert kinds["value_timex"] == kinds["value_currency"] == kinds["value_mod"] == "string"


@pytest.mark.parametrize("record_value, column, expected", [
    ({"range": ["2024-06-01", "2024-07-31"]}, "value_range", ["2024-06-01", "2024-07-31"]),
    ({"partial": False}, "value_partial", False),
    ({"amount": 2000000.0}, "value_amount", 2000000.0),
    ({"timex": "2024-W36"}, "value_timex", "2024-W36"),
    ({}, "value_speaker", None),
])
def test_flatten_keeps_types(record_value, column, expected):
    record = {"article": "a", "type": "date", "text": "x", "start": 0, "end": 1, "sentence": 0,
              "source": "rule:x", "value": record_value}
    row = flatten(record, column_kinds())
    assert row[column] == expected
    assert set(row) == set(csv_columns())


def test_parquet_holds_the_jsonl_facts(tmp_path, inputs, jsonl_records):
    pq = need("pyarrow.parquet")
    target = tmp_path / "facts.parquet"
    extract("--format", "parquet", "-o", target, *inputs)
    table = pq.read_table(target)
    assert table.num_rows == len(jsonl_records) > 20
    assert table.column_names == csv_columns()
    kinds = column_kinds()
    assert table.to_pylist() == [flatten(r, kinds) for r in jsonl_records]
    # Typed columns, not text: a range is a list, amounts are numbers.
    import pyarrow as pa

    assert pa.types.is_list(table.schema.field("value_range").type)
    assert table.schema.field("value_range").type.value_type == pa.string()
    assert table.schema.field("value_amount").type == pa.float64()
    assert table.schema.field("value_partial").type == pa.bool_()
    ranges = [r for r in table.column("value_range").to_pylist() if r]
    assert ranges and all(isinstance(r, list) and len(r) == 2 for r in ranges)
    assert not list(tmp_path.glob("*.part")), "the temporary file was renamed"


def test_parquet_is_written_in_record_batches(tmp_path, jsonl_records):
    pq = need("pyarrow.parquet")
    writer = ParquetWriter(tmp_path / "small.parquet", batch_rows=7)
    for record in jsonl_records:
        writer.write(record)
    assert not (tmp_path / "small.parquet").exists(), "not under the final name before close"
    writer.close()
    meta = pq.ParquetFile(tmp_path / "small.parquet").metadata
    assert meta.num_row_groups == -(-len(jsonl_records) // 7)
    assert meta.num_rows == len(jsonl_records)


def test_parquet_with_no_facts_is_a_valid_empty_table(tmp_path, inputs):
    pq = need("pyarrow.parquet")
    extract("--format", "parquet", "-o", tmp_path / "none.parquet", inputs[-1])
    table = pq.read_table(tmp_path / "none.parquet")
    assert table.num_rows == 0 and table.column_names == csv_columns()


def rows(db: Path, query: str, *params):
    with sqlite3.connect(db) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(r) for r in connection.execute(query, params)]


def test_sqlite_holds_the_jsonl_facts(tmp_path, inputs, jsonl_records):
    db = tmp_path / "facts.db"
    result = extract("--format", "sqlite", "-o", db, *inputs)
    assert result.stdout == ""
    stored = rows(db, 'SELECT * FROM facts ORDER BY rowid')
    assert len(stored) == len(jsonl_records)
    kinds = column_kinds()
    for record, row in zip(jsonl_records, stored):
        flat = flatten(record, kinds)
        for column in ("article", "type", "text", "start", "end", "sentence", "source"):
            assert row[column] == flat[column]
        for column, kind in kinds.items():
            if not column.startswith("value_"):
                continue
            value = row[column]
            if kind == "list" and value is not None:
                value = json.loads(value)
            elif kind == "boolean" and value is not None:
                value = bool(value)
            assert value == flat[column], (column, record)
    # Every extracted article has a row, the one without facts too.
    articles = {r["article"]: r["facts"] for r in rows(db, "SELECT * FROM articles")}
    assert set(articles) == {p.stem for p in inputs}
    assert articles["empty"] == 0
    assert sum(articles.values()) == len(jsonl_records)


def test_sqlite_rerun_upserts_instead_of_duplicating(tmp_path, inputs, jsonl_records):
    db = tmp_path / "facts.db"
    extract("--format", "sqlite", "-o", db, *inputs)
    first = rows(db, "SELECT article, type, start, \"end\", value_timex FROM facts ORDER BY rowid")
    with sqlite3.connect(db) as connection:  # a value to be corrected by the rerun
        connection.execute("UPDATE facts SET value_timex = 'XXXX' WHERE type = 'date'")
    extract("--format", "sqlite", "-o", db, *inputs[-2:])  # some articles again
    extract("--format", "sqlite", "-o", db, *inputs)
    again = rows(db, "SELECT article, type, start, \"end\", value_timex FROM facts ORDER BY rowid")
    assert again == first
    assert len(rows(db, "SELECT * FROM articles")) == len(inputs)


def test_sqlite_commits_each_article(tmp_path, jsonl_records):
    """An article's facts are committed when the next article starts: a crash loses at most one."""
    db = tmp_path / "partial.db"
    writer = SqliteWriter(db)
    first_article = jsonl_records[0]["article"]
    for record in jsonl_records:
        writer.write(record)
        if record["article"] != first_article:
            break
    committed = rows(db, "SELECT DISTINCT article FROM facts")  # another connection
    assert committed == [{"article": first_article}]
    writer.close()


def test_file_formats_need_an_output(inputs):
    result = runner.invoke(app, ["extract", "--format", "sqlite", str(inputs[0])])
    assert result.exit_code == 2 and "needs --output" in result.stderr
