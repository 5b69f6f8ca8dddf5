"""Reading articles: files, directories, stdin and JSON Lines; the ` date YYYY-MM-DD` header.

Reading never raises for a bad article: it yields an `InputProblem` naming the source and
the problem, so one unreadable article never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Union

# Header: optional leading whitespace (a BOM counts), the word `date`, then the date token.
_HEADER = re.compile(r"\A[\s\ufeff]*date[ \t]+(\S+)[ \t]*(?:\r?\n)?", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# A token that tries to be a date ("2025-13-45", "2025/09/29") makes a malformed header.
_DATE_LIKE = re.compile(r"\d{2,4}[-/.]\d{1,2}[-/.]\d{1,4}\Z")


@dataclass
class Article:
    id: str
    text: str
    # Publication date used as the anchor (header, overridden by --date / JSONL "date").
    date: dt.date | None = None
    # Where the body starts: the header line yields no fact.
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_text(cls, article_id: str, text: str, date: dt.date | None = None) -> "Article":
        header_date, body_start, warnings = parse_header(text)
        return cls(article_id, text, date or header_date, body_start, warnings)


@dataclass
class InputProblem:
    """An input that could not be read as an article."""

    where: str  # file name, "file:line" or "stdin"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


ArticleOrProblem = Union[Article, InputProblem]


def parse_header(text: str) -> tuple[dt.date | None, int, list[str]]:
    """Return (publication date, body start offset, warnings) for an article text."""
    match = _HEADER.match(text)
    if not match:
        return None, 0, []
    token = match.group(1)
    if _ISO_DATE.match(token):
        try:
            return dt.date.fromisoformat(token), match.end(), []
        except ValueError:
            pass
    elif not _DATE_LIKE.match(token):
        # "date" followed by ordinary words is body text, not a header.
        return None, 0, []
    return None, match.end(), [f"malformed header date {token!r}; treating the article as undated"]


def parse_date_option(value: str) -> dt.date:
    """Parse a YYYY-MM-DD date; raises ValueError with a readable message."""
    if not _ISO_DATE.match(value or ""):
        raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")
    return dt.date.fromisoformat(value)


def decode_article(data: bytes, where: str) -> str | InputProblem:
    """Decode UTF-8 bytes, refusing empty, binary and non-UTF-8 input with the byte offset."""
    if not data.strip():
        return InputProblem(where, "empty article (no text)")
    nul = data.find(b"\x00")
    if nul >= 0:
        return InputProblem(where, f"binary file (NUL byte at byte offset {nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        return InputProblem(where, f"not valid UTF-8 at byte offset {err.start}")


def iter_inputs(
    paths: Iterable[str], date: dt.date | None = None, stdin: BinaryIO | None = None
) -> Iterator[ArticleOrProblem]:
    """Yield articles (or problems) from paths in the order given; '-' is stdin."""
    for raw in paths:
        if raw == "-":
            yield from _read_stream(stdin, "stdin", date)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file())
            if not files:
                yield InputProblem(raw, "directory holds no *.txt articles")
            for file in files:
                yield from _read_file(file, date)
        elif path.exists():
            yield from _read_file(path, date)
        else:
            yield InputProblem(raw, "no such file or directory")


def _read_file(path: Path, date: dt.date | None) -> Iterator[ArticleOrProblem]:
    if path.suffix == ".jsonl" or path.name.endswith(".jsonl.gz"):
        import gzip

        opener = gzip.open if path.suffix == ".gz" else open
        try:
            with opener(path, "rb") as stream:
                yield from _read_jsonl(stream, str(path), date)
        except (OSError, EOFError) as err:  # gzip: BadGzipFile is an OSError, truncation EOFError
            yield InputProblem(str(path), f"cannot read: {getattr(err, 'strerror', None) or err}")
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield InputProblem(str(path), f"cannot read: {err.strerror}")
        return
    yield _article_from_bytes(path.stem, data, str(path), date)


def _read_stream(stream: BinaryIO | None, where: str, date) -> Iterator[ArticleOrProblem]:
    if stream is None:
        yield InputProblem(where, "no standard input available")
        return
    data = stream.read()
    # JSON Lines on stdin is recognised by its first non-blank character.
    if data.lstrip()[:1] == b"{":
        import io

        yield from _read_jsonl(io.BytesIO(data), where, date)
    else:
        yield _article_from_bytes("stdin", data, where, date)


def _article_from_bytes(article_id: str, data: bytes, where: str, date) -> ArticleOrProblem:
    text = decode_article(data, where)
    if isinstance(text, InputProblem):
        return text
    return Article.from_text(article_id, text, date)


def _read_jsonl(stream: BinaryIO, where: str, date) -> Iterator[ArticleOrProblem]:
    """One article per line: {"id": ..., "text": ..., "date": "YYYY-MM-DD"?}."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        here = f"{where}:{number}"
        decoded = decode_article(line, here)
        if isinstance(decoded, InputProblem):
            yield decoded
            continue
        yield _article_from_json(decoded, here, date)


def _article_from_json(line: str, here: str, date) -> ArticleOrProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        return InputProblem(here, f"not valid JSON ({err.msg} at column {err.colno})")
    if not isinstance(record, dict):
        return InputProblem(here, "a JSON Lines article must be an object")
    text = record.get("text")
    if not isinstance(text, str):
        return InputProblem(here, 'missing "text" (a string)')
    if not text.strip():
        return InputProblem(here, "empty article (no text)")
    article_id = str(record.get("id", here.rsplit(":", 1)[-1]))
    record_date = date
    if record_date is None and record.get("date") is not None:
        try:
            record_date = parse_date_option(str(record["date"]))
        except ValueError as err:
            return InputProblem(here, f'bad "date": {err}')
    return Article.from_text(article_id, text, record_date)
