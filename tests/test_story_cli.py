"""`jlr-extract story`: files, directories, JSON Lines articles and record streams give one story;
the golden story document of the sample articles."""

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from jlr_extract.cli import app
from jlr_extract.records import load_schema

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "data" / "articles"
GOLDEN_STORY = ROOT / "tests" / "golden" / "story" / "sample-story.json"

FIRST = (" date 2024-03-12 Northway Steel said on Tuesday its Redcar works will reopen on 20 March "
         "after a fire on 2 March halted output. \"We expect full output by April,\" said Anna Berg, "
         "its chief executive. The repairs will cost £12 million.\n")
SECOND = (" date 2024-03-14 A fire at Northway Steel's Redcar plant on 3 March stopped production. "
          "The works will reopen on 20 March, the company said. Repairs are expected to cost "
          "£12 million. \"We expect full output by April,\" Ms Berg said.\n")

runner = CliRunner()


def invoke(*args, stdin=None):
    return runner.invoke(app, [str(a) for a in args], input=stdin)


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("story")
    (folder / "first.txt").write_text(FIRST, encoding="utf-8")
    (folder / "second.txt").write_text(SECOND, encoding="utf-8")
    return folder


def _without_articles(document):
    return {k: v for k, v in document.items() if k != "articles"}


def test_story_from_files_and_from_a_record_stream_agree(story_dir):
    files = invoke("story", "--format", "json", story_dir / "first.txt", story_dir / "second.txt")
    assert files.exit_code == 0, files.stderr
    from_files = json.loads(files.stdout)
    records = invoke("extract", "--format", "jsonl", story_dir / "first.txt", story_dir / "second.txt")
    piped = invoke("story", "--format", "json", "-", stdin=records.stdout)
    assert piped.exit_code == 0, piped.stderr
    from_records = json.loads(piped.stdout)
    assert _without_articles(from_records) == _without_articles(from_files)
    assert [a["article"] for a in from_records["articles"]] == ["first", "second"]
    assert all(a["date"] is None and a["title"] is None for a in from_records["articles"])
    assert [a["date"] for a in from_files["articles"]] == ["2024-03-12", "2024-03-14"]
    assert from_files["articles"][0]["title"].startswith("Northway Steel said")


def test_story_merges_the_fire_across_articles_and_marks_the_conflict(story_dir):
    document = json.loads(invoke("story", "-f", "json", story_dir).stdout)
    fire = [e for e in document["events"] if {m["text"] for m in e["mentions"]} >= {"2 March", "3 March"}]
    assert len(fire) == 1 and fire[0]["status"] == "conflict"
    reopen = [e for e in document["events"] if any(m["text"] == "20 March" for m in e["mentions"])]
    assert len(reopen) == 1 and reopen[0]["status"] == "agree"
    assert len({m["article"] for m in reopen[0]["mentions"]}) == 2
    cost = [m for m in document["amounts"] if m["values"][0]["amount"] == 12_000_000]
    assert len(cost) == 1 and cost[0]["status"] == "agree"
    quotes = [q for q in document["quotes"] if "full output" in q["content"]]
    assert len(quotes) == 1 and quotes[0]["status"] == "agree"


def test_story_reads_directories_and_jsonl_articles_alike(story_dir, tmp_path):
    lines = [json.dumps({"id": name, "text": (story_dir / f"{name}.txt").read_text("utf-8")})
             for name in ("first", "second")]
    (tmp_path / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_jsonl = json.loads(invoke("story", "-f", "json", tmp_path / "articles.jsonl").stdout)
    from_dir = json.loads(invoke("story", "-f", "json", story_dir).stdout)
    assert from_jsonl == from_dir


def test_story_reads_a_json_array_of_records(story_dir):
    array = invoke("extract", "--format", "json", story_dir).stdout
    from_array = json.loads(invoke("story", "-f", "json", "-", stdin=array).stdout)
    from_dir = json.loads(invoke("story", "-f", "json", story_dir).stdout)
    assert _without_articles(from_array) == _without_articles(from_dir)


def test_story_reads_a_record_file(story_dir, tmp_path):
    records = invoke("extract", "--format", "jsonl", story_dir).stdout
    (tmp_path / "facts.jsonl").write_text(records, encoding="utf-8")
    from_file = json.loads(invoke("story", "-f", "json", tmp_path / "facts.jsonl").stdout)
    from_dir = json.loads(invoke("story", "-f", "json", story_dir).stdout)
    assert _without_articles(from_file) == _without_articles(from_dir)


def test_story_table_and_html_views(story_dir):
    table = invoke("story", "-f", "table", story_dir)
    assert table.exit_code == 0
    assert "Timeline of events" in table.stdout and "conflict" in table.stdout
    html = invoke("story", "-f", "html", story_dir)
    assert html.stdout.startswith("<!DOCTYPE html>") and "<svg" in html.stdout


def test_story_bad_record_line_is_reported_and_exit_1(story_dir):
    records = invoke("extract", "--format", "jsonl", story_dir / "first.txt").stdout
    result = invoke("story", "-f", "json", "-", stdin=records + "{not json\n")
    assert result.exit_code == 1
    assert "stdin:" in result.stderr
    assert json.loads(result.stdout)["events"]


def test_records_carry_event_and_subject_and_validate(story_dir):
    records = [json.loads(l) for l in invoke("extract", "-f", "jsonl", story_dir / "first.txt").stdout.splitlines()]
    schema = load_schema()
    for record in records:
        jsonschema.validate(record, schema)
    assert all("event" in r["value"] for r in records if r["type"] == "date")
    assert all("subject" in r["value"] for r in records if r["type"] == "money")
    assert any(r["value"].get("subject") == "cost" for r in records if r["type"] == "money")


def test_sample_story_matches_golden_document(request):
    result = invoke("story", "--format", "json", ARTICLES)
    assert result.exit_code == 0, result.stderr
    if request.config.getoption("--update-golden"):
        GOLDEN_STORY.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN_STORY.write_text(result.stdout, encoding="utf-8")
    assert json.loads(result.stdout) == json.loads(GOLDEN_STORY.read_text(encoding="utf-8"))
