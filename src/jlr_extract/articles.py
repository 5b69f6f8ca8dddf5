"""Reading articles: files, directories, stdin and JSON Lines; the publication-date header.

Reading never raises for a bad article: it yields an `InputProblem` naming the source and
the problem, so one unreadable article never stops a batch. Things worth saying that are not
errors (a FIFO skipped in a directory) come as an `InputNotice`.

The header is the article's first line when it gives the publication date:

    date 2025-09-29 Body...             (the body may follow on the same line)
    Date: 2025-09-29T10:00:00Z          (ISO 8601 date or date-time)
    Published: 29 September 2025        (a written date, then the end of the line)

The keyword (`date`, `dated`, `published`, `publication date`, `pubdate`) is matched in any
case, with or without a colon. A first line that starts with such a keyword and a colon but
whose date cannot be read is a warning, and is still kept out of the body.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Union

BOM = "\ufeff"
INPUT_FORMATS = ("auto", "text", "jsonl")

_KEYWORD = r"(?:publication[ \t]+date|published(?:[ \t]+on)?|pub[ \t]?date|dated?)"
# Keyword, optional colon, then the rest of the first line.
_HEADER = re.compile(
    rf"\A[\s{BOM}]*(?P<key>{_KEYWORD})\b(?P<colon>[ \t]*:)?[ \t]*(?P<rest>[^\r\n]*)(?P<eol>\r?\n)?",
    re.IGNORECASE,
)
# An ISO 8601 date or date-time token (the body may follow after a space).
_ISO_TOKEN = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?:\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"(?=[ \t]|\Z)"
)
# A token that tries to be a numeric date ("2025-13-45", "2025/09/29") makes a malformed header.
_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\S*(?=[ \t]|\Z)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ISO_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\Z")

MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?[ \t]+)?"
_TIME = r"(?:,?[ \t]+(?:at[ \t]+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]*[ap]\.?m\.?)?(?:[ \t]+[A-Z]{2,4})?)?"
# "29 September 2025", "Monday, 29 Sept. 2025", "September 29, 2025", "Sep 29 2025 10:00 BST".
_WRITTEN_DATE = [
    re.compile(rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH},?[ \t]+(?P<year>\d{{4}}){_TIME}[ \t]*\Z", re.I),
    re.compile(rf"{_WEEKDAY}{_MONTH}[ \t]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[ \t]+(?P<year>\d{{4}}){_TIME}[ \t]*\Z", re.I),
]


@dataclass
class Article:
    id: str
    text: str
    # Publication date used as the anchor (header, overridden by --date / JSONL "date").
    date: dt.date | None = None
    # Where the body starts: the header line yields no fact.
    body_start: int = 0
    warnings: list[str] = field(default_factory=list)
    # Where the article was read from: a file name, "file:line", "stdin" or "stdin:line".
    source: str = ""

    @classmethod
    def from_text(
        cls, article_id: str, text: str, date: dt.date | None = None, source: str = ""
    ) -> "Article":
        header_date, body_start, warnings = parse_header(text)
        return cls(article_id, text, date or header_date, body_start, warnings, source or article_id)


@dataclass
class InputProblem:
    """An input that could not be read as an article."""

    where: str  # file name, "file:line" or "stdin"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class InputNotice:
    """Something to tell the user about the inputs that is not an error (a skipped FIFO)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


ArticleOrProblem = Union[Article, InputProblem]


def parse_written_date(value: str) -> dt.date | None:
    """'29 September 2025', 'Monday, 29 Sept. 2025', 'September 29, 2025 10:00 BST' -> date.

    Day-month-year and month-day-year orders with English month names or their usual
    abbreviations; an optional weekday before and time of day after. None when `value` is not
    such a date, or names an impossible day (31 February).
    """
    for pattern in _WRITTEN_DATE:
        match = pattern.match(value.strip())
        if match and match.group("month").lower() in MONTHS:
            try:
                return dt.date(
                    int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day"))
                )
            except ValueError:
                return None
    return None


def parse_date_value(value: str) -> dt.date:
    """An ISO 8601 date or date-time, or a written date (see `parse_written_date`).

    A date-time gives its calendar date as written (no time-zone conversion). Raises ValueError
    with a message that repeats the value.
    """
    value = value.strip()
    match = _ISO_DATETIME.match(value)
    if match:
        value = match.group(1)
    if _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as err:
            raise ValueError(f"{value!r} is not a valid date ({err})") from None
    written = parse_written_date(value)
    if written is None:
        raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")
    return written


def parse_header(text: str) -> tuple[dt.date | None, int, list[str]]:
    """Return (publication date, body start offset, warnings) for an article text.

    See the module docstring for the header forms. The body start is 0 when the text has no
    header; a header that tries to give a date but cannot be read still ends before the body,
    with a warning, and the article is undated.
    """
    match = _HEADER.match(text)
    if not match:
        return None, 0, []
    rest = match.group("rest")
    rest_start = match.start("rest")
    date: dt.date | None = None
    warnings: list[str] = []
    iso = _ISO_TOKEN.match(rest)
    like = _DATE_LIKE.match(rest)
    if iso or like:
        token_end = rest_start + (iso or like).end()
        body_start = _skip_line_end(text, token_end)
        token = (iso or like).group(0)
        try:
            date = dt.date.fromisoformat(iso.group("date")) if iso else None
        except ValueError:
            date = None
        if date is None:
            warnings.append(f"malformed header date {token!r}; treating the article as undated")
    else:
        date = parse_written_date(rest)
        if date is None and not match.group("colon"):
            # "date" or "published" followed by ordinary words is body text, not a header.
            return None, 0, []
        body_start = match.end()
        if date is None:
            warnings.append(
                f"cannot read the header date {rest.strip()!r} (use YYYY-MM-DD or a written date "
                "like 29 September 2025); treating the article as undated"
            )
    if not text[body_start:].strip():
        warnings.append("the article has a header but no text after it")
    return date, body_start, warnings


def _skip_line_end(text: str, pos: int) -> int:
    """After a header token: skip spaces, and the line break when the line ends there."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    if text.startswith("\r\n", pos):
        return pos + 2
    if text.startswith("\n", pos):
        return pos + 1
    return pos


def parse_date_option(value: str) -> dt.date:
    """Parse a YYYY-MM-DD date; raises ValueError with a message that repeats the value."""
    if not _ISO_DATE.match(value or ""):
        raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as err:
        raise ValueError(f"{value!r} is not a valid date ({err})") from None


def _looks_like_utf16(data: bytes) -> bool:
    """A UTF-16 byte-order mark, or ASCII text with every other byte NUL."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    sample = data[:400]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return even.count(0) > 0.8 * len(even) or odd.count(0) > 0.8 * len(odd)


def decode_article(data: bytes, where: str) -> str | InputProblem:
    """Decode UTF-8 bytes (a leading BOM dropped), refusing empty, binary, UTF-16 and other
    non-UTF-8 input with the byte offset of the problem."""
    skipped = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[skipped:]
    if not data.strip():
        return InputProblem(where, "empty article (no text)")
    nul = data.find(b"\x00")
    if _looks_like_utf16(data):
        return InputProblem(where, "UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)")
    if nul >= 0:
        return InputProblem(where, f"binary file (NUL byte at byte offset {nul + skipped})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        return InputProblem(where, f"not valid UTF-8 at byte offset {err.start + skipped}")


def iter_inputs(
    paths: Iterable[str],
    date: dt.date | None = None,
    stdin: BinaryIO | None = None,
    input_format: str = "auto",
    notices: bool = False,
) -> Iterator[Union[Article, InputProblem, InputNotice]]:
    """Yield articles, problems and notices from paths in the order given; '-' is stdin.

    `input_format` is "auto" (a `.jsonl` suffix in any case, or stdin whose first character
    is `{`, means JSON Lines), "text" or "jsonl". A directory gives its `*.txt` files (any
    case), sorted; a FIFO or other non-regular entry in it is skipped, with an `InputNotice`
    when `notices` is true (the command line prints them; the pipeline does not take them).
    Raises ValueError for an unknown `input_format`.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {input_format!r}; choose from {', '.join(INPUT_FORMATS)}")
    items = _iter_inputs(paths, date, stdin, input_format)
    if notices:
        yield from items
    else:
        yield from (item for item in items if not isinstance(item, InputNotice))


def _iter_inputs(paths, date, stdin, input_format):
    for raw in paths:
        if raw == "-":
            yield from _read_stream(stdin, "stdin", date, input_format)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_directory(path, raw, date, input_format)
        elif path.exists():
            yield from _read_file(path, date, input_format)
        else:
            yield InputProblem(raw, "no such file or directory")


def _read_directory(path: Path, raw: str, date, input_format: str):
    import stat

    found = False
    for entry in sorted(path.iterdir()):
        try:
            mode = entry.stat().st_mode
        except OSError as err:
            if entry.suffix.lower() == ".txt":
                yield InputNotice(str(entry), f"skipped: {err.strerror or err}")
            continue
        if stat.S_ISFIFO(mode):
            yield InputNotice(str(entry), "skipped: a FIFO (named pipe), not a regular file")
        elif entry.suffix.lower() != ".txt":
            continue
        elif stat.S_ISREG(mode):
            found = True
            yield from _read_file(entry, date, input_format)
        elif not stat.S_ISDIR(mode):
            yield InputNotice(str(entry), "skipped: not a regular file")
    if not found:
        yield InputProblem(raw, "directory holds no *.txt articles")


def _read_file(path: Path, date, input_format: str) -> Iterator[ArticleOrProblem]:
    as_jsonl = input_format == "jsonl" or (input_format == "auto" and path.suffix.lower() == ".jsonl")
    if as_jsonl:
        try:
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, str(path), date)
        except OSError as err:
            yield InputProblem(str(path), f"cannot read: {err.strerror}")
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield InputProblem(str(path), f"cannot read: {err.strerror}")
        return
    yield _article_from_bytes(path.stem, data, str(path), date)


def _read_stream(stream: BinaryIO | None, where: str, date, input_format: str) -> Iterator[ArticleOrProblem]:
    if stream is None:
        yield InputProblem(where, "no standard input available")
        return
    data = stream.read()
    # JSON Lines on stdin is recognised by its first non-blank character (after a BOM).
    first = data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if input_format == "jsonl" or (input_format == "auto" and first == b"{"):
        import io

        yield from _read_jsonl(io.BytesIO(data), where, date)
    else:
        yield _article_from_bytes("stdin", data, where, date)


def _article_from_bytes(article_id: str, data: bytes, where: str, date) -> ArticleOrProblem:
    text = decode_article(data, where)
    if isinstance(text, InputProblem):
        return text
    return Article.from_text(article_id, text, date, source=where)


def _read_jsonl(stream: BinaryIO, where: str, date) -> Iterator[ArticleOrProblem]:
    """One article per line: {"id": ..., "text": ..., "date": "YYYY-MM-DD"?}."""
    for number, line in enumerate(stream, start=1):
        if not line.strip() or line.strip() == b"\xef\xbb\xbf":
            continue
        here = f"{where}:{number}"
        decoded = decode_article(line, here)
        if isinstance(decoded, InputProblem):
            yield decoded
            continue
        yield _article_from_json(decoded, here, date)


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def _article_from_json(line: str, here: str, date) -> ArticleOrProblem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        # Some messages end in "at" ("Invalid control character at"): say it once.
        reason = err.msg.removesuffix(" at")
        return InputProblem(here, f"not valid JSON ({reason} at column {err.colno})")
    if not isinstance(record, dict):
        return InputProblem(here, f"a JSON Lines article must be an object, not {_json_type(record)}")
    if "text" not in record:
        return InputProblem(here, 'missing "text" (a string)')
    text = record["text"]
    if not isinstance(text, str):
        return InputProblem(here, f'"text" must be a string, not {_json_type(text)}')
    if not text.strip():
        return InputProblem(here, "empty article (no text)")
    text = text.removeprefix(BOM)
    article_id = str(record.get("id", here.rsplit(":", 1)[-1]))
    record_date = date
    warnings: list[str] = []
    if record_date is None and record.get("date") is not None:
        try:
            record_date = parse_date_value(str(record["date"]))
        except ValueError as err:
            warnings.append(f'malformed "date": {err}; treating the article as undated')
    article = Article.from_text(article_id, text, record_date, source=here)
    article.warnings[:0] = warnings
    return article


class DuplicateIds:
    """Remembers article ids and where each was read, to name both inputs of a duplicate."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def check(self, article: Article) -> str | None:
        """The source of an earlier article with the same id, or None the first time."""
        earlier = self._seen.get(article.id)
        if earlier is None:
            self._seen[article.id] = article.source
        return earlier
