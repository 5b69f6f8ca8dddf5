"""The v1 fact record (see facts-v1.md) and its serialisations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .registry import COMMON_FIELDS, FACT_TYPES, VALUE_FIELDS, record_schema

TYPE_ORDER = {name: i for i, name in enumerate(FACT_TYPES)}


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
        """The v1 record. Raises ValueError when `value` has a key its type does not declare
        or lacks one it declares (a misspelt key must never become a silent null)."""
        value = checked_value(self.type, self.value)
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


    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> "Fact":
        """The inverse of `to_dict` (a record from `doc._.facts` or a JSON Lines stream)."""
        return cls(record["type"], record["start"], record["end"], record["source"],
                   checked_value(record["type"], record["value"]), record.get("text", ""),
                   record.get("sentence", 0), record.get("article", ""))


def checked_value(fact_type: str, value: dict[str, Any]) -> dict[str, Any]:
    """`value` in the registry's field order; ValueError on an unknown type, an undeclared key
    or a missing key."""
    try:
        fields = VALUE_FIELDS[fact_type]
    except KeyError:
        raise ValueError(f"unknown fact type {fact_type!r}") from None
    unknown = set(value) - set(fields)
    missing = [name for name in fields if name not in value]
    if unknown or missing:
        raise ValueError(f"{fact_type} value: unknown keys {sorted(unknown)}, missing keys {missing}")
    return {name: value[name] for name in fields}


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
    """The JSON Schema of a v1 record (built from the registry; the same document is shipped
    as `data/fact-v1.schema.json` for other tools)."""
    return record_schema()
