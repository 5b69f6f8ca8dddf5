"""Golden files: compare extracted records with reviewed expected JSON Lines files."""

from __future__ import annotations

import difflib
from pathlib import Path

from .output import dumps


def expected_path(directory: Path, article: str) -> Path:
    return directory / f"{article}.jsonl"


def render(records: list[dict]) -> list[str]:
    return [dumps(record) + "\n" for record in records]


def diff_article(directory: Path, article: str, records: list[dict]) -> list[str]:
    """Unified diff lines (empty when equal) between the expected file and `records`."""
    path = expected_path(directory, article)
    expected = path.read_text(encoding="utf-8").splitlines(keepends=True) if path.exists() else []
    actual = render(records)
    if expected == actual:
        return []
    label = str(path) if path.exists() else f"{path} (missing)"
    return list(difflib.unified_diff(expected, actual, label, f"{article} (extracted)", n=1))


def write_expected(directory: Path, article: str, records: list[dict]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    expected_path(directory, article).write_text("".join(render(records)), encoding="utf-8")
