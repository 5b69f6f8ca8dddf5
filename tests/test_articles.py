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
        # the common variants: Date:/Published:/Dated, ISO datetimes, written dates
        ("Date: 2025-09-29\nBody here.", dt.date(2025, 9, 29), "Body here."),
        (" date 2025-09-29T10:00:00Z Body here.", dt.date(2025, 9, 29), "Body here."),
        ("DATE: 2024-03-04T23:30:00+01:00\r\nBody.", dt.date(2024, 3, 4), "Body."),
        ("Published: 29 September 2025\nBody here.", dt.date(2025, 9, 29), "Body here."),
        ("published 3rd Feb. 2024\n\nBody.", dt.date(2024, 2, 3), "\nBody."),
        ("Dated: Monday, 4 March 2024\nBody.", dt.date(2024, 3, 4), "Body."),
        ("Publication date: March 4, 2024 10:30 GMT\nBody.", dt.date(2024, 3, 4), "Body."),
        ("Published on Sept 30 2023\nBody.", dt.date(2023, 9, 30), "Body."),
        ("\ufeffDate: 2025-01-02\nBody.", dt.date(2025, 1, 2), "Body."),
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


# --- header forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Date: sometime last week\nBody.", "Published: 31 February 2025\nBody.", "date: 09/29\nBody."]
)
def test_unreadable_header_line_warns_and_stays_out_of_the_body(text):
    got_date, body_start, warnings = parse_header(text)
    assert got_date is None
    assert text[body_start:] == "Body."
    assert len(warnings) == 1 and ("cannot read the header date" in warnings[0] or "malformed" in warnings[0])


@pytest.mark.parametrize(
    "text",
    ["Published reports say the plant will close.", "Dates were set for the talks.",
     "Dated furniture sold well.", "Date palms grow here: 12 of them."],
)
def test_ordinary_first_lines_are_not_headers(text):
    assert parse_header(text) == (None, 0, [])


@pytest.mark.parametrize("text", [" date 2025-09-29\n", "Published: 1 May 2024\n  \n"])
def test_header_without_body_warns(text):
    _, body_start, warnings = parse_header(text)
    assert text[body_start:].strip() == ""
    assert any("no text after it" in w for w in warnings)


def test_parse_date_option_repeats_the_bad_value():
    with pytest.raises(ValueError, match=r"'2025-13-45' is not a valid date"):
        parse_date_option("2025-13-45")


# --- encodings, JSON Lines detection, input format ------------------------------------------


def _write(path, data: bytes):
    path.write_bytes(data)
    return str(path)


def test_bom_is_dropped_from_text_jsonl_files_and_stdin(tmp_path):
    bom = b"\xef\xbb\xbf"
    text_file = _write(tmp_path / "a.txt", bom + b" date 2025-01-02 Body.")
    jsonl_file = _write(tmp_path / "b.jsonl", bom + b'{"id": "b", "text": "Hi."}\n')
    (text_article,) = iter_inputs([text_file])
    assert text_article.text == " date 2025-01-02 Body." and text_article.date == dt.date(2025, 1, 2)
    (jsonl_article,) = iter_inputs([jsonl_file])
    assert jsonl_article.id == "b"
    (stdin_article,) = iter_inputs(["-"], stdin=io.BytesIO(bom + b'\n{"id": "c", "text": "Yo."}\n'))
    assert stdin_article.id == "c"


@pytest.mark.parametrize("name", ["UP.JSONL", "mixed.JsonL"])
def test_jsonl_suffix_in_any_case(tmp_path, name):
    path = _write(tmp_path / name, b'{"id": "x", "text": "Hi."}\n')
    assert [a.id for a in iter_inputs([path])] == ["x"]


def test_directory_takes_txt_in_any_case(tmp_path):
    for name in ("B.TXT", "a.txt", "c.Txt", "d.md"):
        (tmp_path / name).write_text("Text.", encoding="utf-8")
    assert [a.id for a in iter_inputs([str(tmp_path)])] == ["B", "a", "c"]


def test_input_format_forces_text_or_jsonl(tmp_path):
    brace = b'{"id": "x", "text": "Hi."}\n'
    (forced_text,) = iter_inputs(["-"], stdin=io.BytesIO(brace), input_format="text")
    assert forced_text.id == "stdin" and forced_text.text == brace.decode()
    path = _write(tmp_path / "lines.txt", brace)
    assert [a.id for a in iter_inputs([path], input_format="jsonl")] == ["x"]
    assert [a.id for a in iter_inputs([path])] == ["lines"]
    with pytest.raises(ValueError, match="unknown input format"):
        list(iter_inputs([path], input_format="xml"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_named_as_such(tmp_path, encoding):
    path = _write(tmp_path / "wide.txt", "Acme paid $5 million.".encode(encoding))
    (problem,) = iter_inputs([path])
    assert isinstance(problem, InputProblem)
    assert problem.message.startswith("UTF-16 text: convert it to UTF-8")


@pytest.mark.parametrize(
    "line, message",
    [
        ('{"id": "a", "text": 12345}', '"text" must be a string, not a number'),
        ('{"id": "a", "text": ["x"]}', '"text" must be a string, not an array'),
        ('{"id": "a", "text": null}', '"text" must be a string, not null'),
        ('["just", "a list"]', "must be an object, not an array"),
        ('{"id": "a", "text": "tab\there"}', "not valid JSON (Invalid control character at column"),
    ],
)
def test_jsonl_problems_say_what_is_wrong_once(tmp_path, line, message):
    path = _write(tmp_path / "bad.jsonl", line.encode() + b"\n")
    (problem,) = iter_inputs([path])
    assert isinstance(problem, InputProblem)
    assert message in problem.message
    assert "at at" not in problem.message


@pytest.mark.parametrize("value", ["2025-09-29T10:00:00Z", "29 September 2025", "2025-09-29"])
def test_jsonl_date_accepts_the_header_forms(tmp_path, value):
    path = _write(tmp_path / "d.jsonl", json.dumps({"id": "a", "text": "Hi.", "date": value}).encode())
    (article,) = iter_inputs([path])
    assert article.date == dt.date(2025, 9, 29) and article.warnings == []


def test_fifo_in_a_directory_is_skipped_with_a_notice(tmp_path):
    import os

    from jlr_extract.articles import InputNotice

    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    items = list(iter_inputs([str(tmp_path)], notices=True))  # must not block on the FIFO
    assert [type(i).__name__ for i in items] == ["Article", "InputNotice"]
    assert isinstance(items[1], InputNotice) and "FIFO" in items[1].message
    assert str(tmp_path / "pipe.txt") == items[1].where
    # Library callers that do not ask for notices get articles and problems only.
    assert [a.id for a in iter_inputs([str(tmp_path)])] == ["a"]


def test_duplicate_ids_name_the_earlier_source(tmp_path):
    from jlr_extract.articles import DuplicateIds

    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.txt").write_text("Text.", encoding="utf-8")
    seen = DuplicateIds()
    first, second = iter_inputs([str(tmp_path / "a"), str(tmp_path / "b")])
    assert seen.check(first) is None
    assert seen.check(second) == str(tmp_path / "a" / "x.txt")
    assert second.source == str(tmp_path / "b" / "x.txt")


@pytest.mark.parametrize(
    "value, date",
    [("29 September 2025", dt.date(2025, 9, 29)), ("Sun, 5 Jan 2025", dt.date(2025, 1, 5)),
     ("December 1st, 2024 at 9:15 am", dt.date(2024, 12, 1)), ("Smarch 5, 2024", None),
     ("5 May", None), ("30 Feb 2024", None)],
)
def test_parse_written_date(value, date):
    from jlr_extract.articles import parse_written_date

    assert parse_written_date(value) == date
