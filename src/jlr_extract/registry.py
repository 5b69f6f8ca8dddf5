"""The one registry of fact types: name, spaCy component, span key, value fields.

Everything that lists fact types derives from `REGISTRY`: the package constant
`FACT_TYPES`, the record's value fields (`records.VALUE_FIELDS`), the CSV columns, the table
and the JSON Schema of a record (`record_schema()`, shipped as `data/fact-v1.schema.json`
and checked against this module by the tests). Adding a fact type touches this file, one
component and its tests.

Field meanings are those of the contract (facts-v1.md, version 1.1). Importing this module is
cheap: no spaCy, no data files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional, TypedDict

# --- typed values, one per fact type (contract order) -------------------------------------

TIMEX3_MODS = ["START", "MID", "END", "APPROX", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER",
               "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"]
MONEY_MODS = ["APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS", "EQUAL_OR_MORE"]


class DateValue(TypedDict):
    """A TIMEX3 value: `timex` ISO-TimeML value, `kind` TIMEX3 type, `mod` TIMEX3 mod,
    `range` first and last calendar day (ISO dates, inclusive) or None, `anchored` True when
    resolving needed the publication date, `event` (facts 1.1) what happens at that time as a
    short lower-case lemma phrase ("attack", "restart production", "statement") or None."""

    timex: str
    kind: str
    mod: Optional[str]
    range: Optional[list[str]]
    anchored: bool
    event: Optional[str]


class MoneyValue(TypedDict):
    """`amount` (units of the currency, exact) or `min`/`max` for a range; `currency` ISO 4217;
    `mod` a qualifier; `per` the unit of a rate ("day", "share"); `subject` (facts 1.1) what
    the amount measures as a short lower-case phrase ("loan guarantee", "cost") or None."""

    amount: Optional[float]
    min: Optional[float]
    max: Optional[float]
    currency: Optional[str]
    mod: Optional[str]
    per: Optional[str]
    subject: Optional[str]


class SiteValue(TypedDict):
    """A named place of an organisation's operation; `country` ISO 3166-1 alpha-2, `lat`/`lon`
    degrees (WGS84) from the offline gazetteer."""

    name: str
    kind: Optional[str]
    organisation: Optional[str]
    region: Optional[str]
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]


class QuoteValue(TypedDict):
    """A direct quotation: `content` the words inside the marks, `speaker`, `cue` the reporting
    verb or phrase as written, `partial` True for a fragment inside the writer's sentence."""

    content: str
    speaker: Optional[str]
    cue: Optional[str]
    partial: bool


_NULL_STRING = {"type": ["string", "null"]}
_NULL_NUMBER = {"type": ["number", "null"]}

# JSON Schema of each value field (draft 2020-12), in contract order.
FIELD_SCHEMAS: dict[str, dict[str, dict[str, Any]]] = {
    "date": {
        "timex": {"type": "string", "minLength": 1},
        "kind": {"enum": ["DATE", "TIME", "DURATION", "SET"]},
        "mod": {"enum": [None, *TIMEX3_MODS]},
        "range": {"oneOf": [
            {"type": "null"},
            {"type": "array", "minItems": 2, "maxItems": 2,
             "items": {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}},
        ]},
        "anchored": {"type": "boolean"},
        "event": _NULL_STRING,
    },
    "money": {
        "amount": _NULL_NUMBER,
        "min": _NULL_NUMBER,
        "max": _NULL_NUMBER,
        "currency": {"oneOf": [{"type": "null"}, {"type": "string", "pattern": "^[A-Z]{3}$"}]},
        "mod": {"enum": [None, *MONEY_MODS]},
        "per": _NULL_STRING,
        "subject": _NULL_STRING,
    },
    "site": {
        "name": {"type": "string", "minLength": 1},
        "kind": _NULL_STRING,
        "organisation": _NULL_STRING,
        "region": _NULL_STRING,
        "country": {"oneOf": [{"type": "null"}, {"type": "string", "pattern": "^[A-Z]{2}$"}]},
        "lat": {"oneOf": [{"type": "null"}, {"type": "number", "minimum": -90, "maximum": 90}]},
        "lon": {"oneOf": [{"type": "null"}, {"type": "number", "minimum": -180, "maximum": 180}]},
    },
    "quote": {
        "content": {"type": "string", "minLength": 1},
        "speaker": _NULL_STRING,
        "cue": _NULL_STRING,
        "partial": {"type": "boolean"},
    },
}


@dataclass(frozen=True)
class FactType:
    """One fact type: `name` as in records, `component` its spaCy factory name, `span_key` the
    `doc.spans` key it writes, `value_type` its TypedDict, `requires` the other fact types whose
    spans it reads (their components run first)."""

    name: str
    component: str
    value_type: type
    module: str
    requires: tuple[str, ...] = ()

    @property
    def span_key(self) -> str:
        return f"jlr_{self.name}"

    @property
    def value_fields(self) -> tuple[str, ...]:
        return tuple(self.value_type.__annotations__)


REGISTRY: dict[str, FactType] = {
    t.name: t
    for t in (
        # dates read the money spans: "£5 million a day" is a rate, not a date
        FactType("date", "jlr_dates", DateValue, "jlr_extract.extract.dates", requires=("money",)),
        FactType("money", "jlr_money", MoneyValue, "jlr_extract.extract.money"),
        FactType("site", "jlr_sites", SiteValue, "jlr_extract.extract.sites"),
        FactType("quote", "jlr_quotes", QuoteValue, "jlr_extract.extract.quotes"),
    )
}
FACT_TYPES: tuple[str, ...] = tuple(REGISTRY)
VALUE_FIELDS: dict[str, tuple[str, ...]] = {name: t.value_fields for name, t in REGISTRY.items()}
COMMON_FIELDS = ("article", "type", "text", "start", "end", "sentence", "source")


def with_requirements(types: tuple[str, ...]) -> tuple[str, ...]:
    """The chosen types plus every type they read, in an order where each comes after what it
    requires (registry order otherwise): ("date",) -> ("money", "date")."""
    needed: set[str] = set()

    def add(name: str) -> None:
        if name not in needed:
            needed.add(name)
            for other in REGISTRY[name].requires:
                add(other)

    for name in types:
        add(name)
    ordered: list[str] = []

    def place(name: str) -> None:
        if name in ordered:
            return
        for other in REGISTRY[name].requires:
            place(other)
        ordered.append(name)

    for name in FACT_TYPES:
        if name in needed:
            place(name)
    return tuple(ordered)


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one v1 record, built from the registry."""
    defs = {}
    for name, fields in FIELD_SCHEMAS.items():
        defs[name] = {
            "type": "object",
            "required": list(fields),
            "additionalProperties": False,
            "properties": fields,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "jlr-extract/fact-v1.schema.json",
        "title": "jlr-extract fact record, version 1",
        "type": "object",
        "required": [*COMMON_FIELDS, "value"],
        "additionalProperties": False,
        "properties": {
            "article": {"type": "string", "minLength": 1},
            "type": {"enum": list(FACT_TYPES)},
            "text": {"type": "string", "minLength": 1},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 1},
            "sentence": {"type": "integer", "minimum": 0},
            "source": {"type": "string", "pattern": "^(ner|rule|parse|model):[A-Za-z0-9_.:-]+$"},
            "value": {"type": "object"},
        },
        "allOf": [
            {"if": {"properties": {"type": {"const": name}}},
             "then": {"properties": {"value": {"$ref": f"#/$defs/{name}"}}}}
            for name in FACT_TYPES
        ],
        "$defs": defs,
    }


def _check_registry() -> None:
    for name, fact_type in REGISTRY.items():
        if tuple(FIELD_SCHEMAS[name]) != fact_type.value_fields:
            raise AssertionError(f"{name}: schema fields differ from {fact_type.value_type.__name__}")


_check_registry()


if __name__ == "__main__":  # python -m jlr_extract.registry > src/jlr_extract/data/fact-v1.schema.json
    import json

    print(json.dumps(record_schema(), indent=2, ensure_ascii=False))
