"""Story inputs: article files, directories and JSON Lines (as for `extract`), or streams of v1
fact records (`jlr-extract extract ... | jlr-extract story -`).

A stream (stdin, or a .jsonl/.json file) is a record stream when its first non-blank line is a
JSON object with `type`, `value`, `article`, `start` and `end`, or when it is one JSON array of
such records (`extract --format json`); otherwise it is read as articles.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

from ..articles import Article, ArticleOrProblem, iter_inputs

TITLE_CHARS = 160


def is_record(obj) -> bool:
    """A v1 fact record (facts-v1.md) rather than an article object."""
    return (isinstance(obj, dict) and isinstance(obj.get("value"), dict)
            and isinstance(obj.get("type"), str) and "article" in obj
            and isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int))


def _first_json(data: bytes):
    for line in data.splitlines():
        if line.strip():
            try:
                return json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                return None
    return None


def _json_array_of_records(data: bytes):
    """The records of `extract --format json` (one array), or None when data is not that."""
    if data.lstrip()[:1] != b"[":
        return None
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if isinstance(obj, list) and obj and all(is_record(r) for r in obj):
        return obj
    return None


def parse_records(data: bytes, where: str) -> tuple[list[dict], list[str]]:
    """(records, problems) of a JSON Lines record stream (or one JSON array of records); a bad
    line is a problem, not an error."""
    array = _json_array_of_records(data)
    if array is not None:
        return array, []
    records, problems = [], []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            problems.append(f"{where}:{number}: not a JSON record ({err})")
            continue
        if is_record(obj):
            records.append(obj)
        else:
            problems.append(f"{where}:{number}: not a v1 fact record")
    return records, problems


def title_of(article: Article) -> Optional[str]:
    """The first non-blank line of the body, cut at TITLE_CHARS on a word boundary."""
    for line in article.text[article.body_start:].splitlines():
        line = " ".join(line.split())
        if line:
            if len(line) <= TITLE_CHARS:
                return line
            return line[:TITLE_CHARS].rsplit(" ", 1)[0] + " …"
    return None


@dataclass
class StoryInputs:
    """What `story` reads: records taken as they are, and article inputs still to extract."""

    records: list[dict] = field(default_factory=list)
    article_paths: list[str] = field(default_factory=list)
    stdin_articles: Optional[bytes] = None
    problems: list[str] = field(default_factory=list)
    # Filled while the articles stream past: [{"article", "date", "title"}] and the texts.
    articles: list[dict] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)

    @classmethod
    def gather(cls, paths: list[str], stdin: BinaryIO | None = None) -> "StoryInputs":
        """Sort the inputs into record streams and article inputs (reads stdin and peeks at
        .jsonl files; never raises for a bad input: it becomes a problem)."""
        inputs = cls()
        for raw in paths:
            if raw == "-":
                data = stdin.read() if stdin is not None else b""
                if is_record(_first_json(data)) or _json_array_of_records(data) is not None:
                    records, problems = parse_records(data, "stdin")
                    inputs.records.extend(records)
                    inputs.problems.extend(problems)
                else:
                    inputs.stdin_articles = data
                    inputs.article_paths.append(raw)
                continue
            path = Path(raw)
            if path.suffix in (".jsonl", ".json") and path.is_file():
                try:
                    data = path.read_bytes()
                except OSError as err:
                    inputs.problems.append(f"{raw}: cannot read: {err.strerror}")
                    continue
                if is_record(_first_json(data)) or _json_array_of_records(data) is not None:
                    records, problems = parse_records(data, raw)
                    inputs.records.extend(records)
                    inputs.problems.extend(problems)
                    continue
            inputs.article_paths.append(raw)
        return inputs

    def iter_articles(self, pub_date: dt.date | None = None) -> Iterator[ArticleOrProblem]:
        """The article inputs, noting each article's id, date, title and text as it passes."""
        stdin = io.BytesIO(self.stdin_articles) if self.stdin_articles is not None else None
        for item in iter_inputs(self.article_paths, pub_date, stdin=stdin):
            if isinstance(item, Article):
                self.articles.append({"article": item.id,
                                      "date": item.date.isoformat() if item.date else None,
                                      "title": title_of(item)})
                self.texts[item.id] = item.text
            yield item
