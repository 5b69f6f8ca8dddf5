"""The v1 fact record (see facts-v1.md) and its serialisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Value fields per fact type, in contract order. CSV columns and the table use this order.
VALUE_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("timex", "kind", "mod", "range", "anchored", "event"),
    "money": ("amount", "min", "max", "currency", "mod", "per", "subject"),
    "site": ("name", "kind", "organisation", "region", "country", "lat", "lon"),
    "quote": ("content", "speaker", "cue", "partial"),
}
TYPE_ORDER = {name: i for i, name in enumerate(VALUE_FIELDS)}
COMMON_FIELDS = ("article", "type", "text", "start", "end", "sentence", "source")


def csv_columns() -> list[str]:
    """Common fields then the union of all value fields, each once, as `value_<field>`."""
    seen: dict[str, None] = {}
    for fields in VALUE_FIELDS.values():
        seen.update(dict.fromkeys(fields))
    return [*COMMON_FIELDS, *(f"value_{name}" for name in seen)]


@dataclass
class Fact:
    type: str
    start: int
    end: int
    source: str
    value: dict[str, Any]
    text: str = ""
    sentence: int = 0
    article: str = ""
    # Extractor-private annotations (never serialised), e.g. a span handle for later passes.
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.start, self.end, TYPE_ORDER[self.type])

    def to_dict(self) -> dict[str, Any]:
        value = {name: self.value.get(name) for name in VALUE_FIELDS[self.type]}
        return {
            "article": self.article,
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "source": self.source,
            "value": value,
        }


def flatten_for_csv(record: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: common fields plus `value_<field>`; lists joined with '/'."""
    row = {name: record[name] for name in COMMON_FIELDS}
    for name, val in record["value"].items():
        if isinstance(val, list):
            val = "/".join(str(v) for v in val)
        elif isinstance(val, bool):
            val = "true" if val else "false"
        row[f"value_{name}"] = val
    return row


def load_schema() -> dict[str, Any]:
    """The JSON Schema of a v1 record, shipped in the package."""
    import json
    from importlib.resources import files

    return json.loads(files("jlr_extract").joinpath("data/fact-v1.schema.json").read_text("utf-8"))
