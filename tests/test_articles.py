"""Reading articles: header, encodings, directories, JSON Lines, problems."""

import datetime as dt
import io
import json

import pytest

from jlr_extract.articles import Article, InputProblem, iter_inputs, parse_date_option, parse_header


@pytest.mark.parametrize(
    "text, date, body",
    [
        (" date 2025-09-29 Body here.", dt.date(2025, 9, 29), "Body here."),
        ("date 2025-09-29\nBody here.", dt.date(2025, 9, 29), "Body here."),
        ("\n  date 2024-02-29\r\nBody.", dt.date(2024, 2, 29), "Body."),
        ("\ufeff date 2025-01-02 Body.", dt.date(2025, 1, 2), "Body."),
        ("No header at all.", None, "No header at all."),
        ("date night was fun.", None, "date night was fun."),
    ],
)
def test_header_gives_date_and_body(text, date, body):
    got_date, body_start, warnings = parse_header(text)
    assert got_date == date
    assert text[body_start:] == body
    assert warnings == []


@pytest.mark.parametrize("text", [" date 2025-13-45 Body.", " date 2025-02-30\nBody."])
def test_malformed_header_date_warns_and_leaves_article_undated(text):
    got_date, body_start, warnings = parse_header(text)
    assert got_date is None
    assert text[body_start:] == "Body."
    assert "malformed header date" in warnings[0]


def test_command_line_date_overrides_header():
    article = Article.from_text("a", " date 2025-09-29 Body.", dt.date(2020, 1, 1))
    assert article.date == dt.date(2020, 1, 1)


@pytest.mark.parametrize("bad", ["2025-9-1", "yesterday", "2025-02-30", ""])
def test_parse_date_option_rejects_bad_dates(bad):
    with pytest.raises(ValueError):
        parse_date_option(bad)


def _problems(items):
    return [i for i in items if isinstance(i, InputProblem)]


def test_directory_yields_sorted_txt_files_only(tmp_path):
    for name in ("b.txt", "a.txt", "notes.md"):
        (tmp_path / name).write_text("Some text.", encoding="utf-8")
    assert [a.id for a in iter_inputs([str(tmp_path)])] == ["a", "b"]


def test_problems_name_the_file_and_do_not_stop_the_batch(tmp_path):
    (tmp_path / "good.txt").write_text("Fine text.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"abc\x00def")
    empty_dir = tmp_path / "nothing"
    empty_dir.mkdir()
    paths = [str(tmp_path / n) for n in ("empty.txt", "latin1.txt", "binary.txt", "missing.txt", "good.txt")]
    items = list(iter_inputs([*paths, str(empty_dir)]))
    messages = [str(p) for p in _problems(items)]
    assert [i.id for i in items if isinstance(i, Article)] == ["good"]
    assert "empty.txt: empty article" in messages[0]
    assert "latin1.txt: not valid UTF-8 at byte offset 3" in messages[1]
    assert "binary.txt: binary file (NUL byte at byte offset 3)" in messages[2]
    assert "missing.txt: no such file or directory" in messages[3]
    assert "directory holds no *.txt articles" in messages[4]


def test_jsonl_input_lines_become_articles_and_bad_lines_problems(tmp_path):
    lines = [
        json.dumps({"id": "one", "text": "First text.", "date": "2025-01-02"}),
        "{not json",
        json.dumps({"id": "two"}),
        "",
        json.dumps({"id": "three", "text": " date 2024-05-06 Third."}),
        json.dumps({"id": "four", "text": "Bad date.", "date": "May 5"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([str(path)]))
    articles = [i for i in items if isinstance(i, Article)]
    assert [(a.id, a.date) for a in articles] == [
        ("one", dt.date(2025, 1, 2)),
        ("three", dt.date(2024, 5, 6)),
        ("four", None),
    ]
    # A malformed "date" is treated like a malformed header date: a warning, undated.
    assert any("malformed \"date\"" in w and "'May 5'" in w for w in articles[2].warnings)
    problems = [str(p) for p in _problems(items)]
    assert problems[0].startswith(f"{path}:2: not valid JSON")
    assert problems[1] == f'{path}:3: missing "text" (a string)'
    assert len(problems) == 2


def test_stdin_plain_text_and_jsonl():
    items = list(iter_inputs(["-"], stdin=io.BytesIO(b" date 2025-03-04 Hello.")))
    assert items[0].id == "stdin" and items[0].date == dt.date(2025, 3, 4)
    items = list(iter_inputs(["-"], stdin=io.BytesIO(b'{"id": "x", "text": "Hi."}\n')))
    assert items[0].id == "x"


def test_text_is_kept_exactly_as_read(tmp_path):
    raw = " date 2025-01-01\r\nLine one.\r\nLine two.\r\n"
    (tmp_path / "crlf.txt").write_bytes(raw.encode("utf-8"))
    (article,) = iter_inputs([str(tmp_path / "crlf.txt")])
    assert article.text == raw
