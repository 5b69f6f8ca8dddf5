"""One registry of fact types: everything that lists them agrees with it."""

import ast
import json
from pathlib import Path

import pytest

import jlr_extract
from jlr_extract import registry
from jlr_extract.output import summarise_value
from jlr_extract.records import Fact, csv_columns, load_schema

PACKAGE = Path(jlr_extract.__file__).parent


def test_shipped_schema_is_the_registry_schema():
    shipped = json.loads((PACKAGE / "data" / "fact-v1.schema.json").read_text("utf-8"))
    assert shipped == registry.record_schema(), "regenerate: python -m jlr_extract.registry > src/jlr_extract/data/fact-v1.schema.json"


def test_package_constant_and_schema_come_from_the_registry():
    assert jlr_extract.FACT_TYPES == tuple(registry.REGISTRY)
    schema = load_schema()
    assert schema["properties"]["type"]["enum"] == list(registry.FACT_TYPES)
    for name, fact_type in registry.REGISTRY.items():
        assert tuple(schema["$defs"][name]["required"]) == fact_type.value_fields


def test_csv_columns_are_the_union_of_value_fields():
    columns = csv_columns()
    for fields in registry.VALUE_FIELDS.values():
        for field in fields:
            assert f"value_{field}" in columns
    assert len(columns) == len(set(columns))


def test_table_summary_follows_the_registry_order():
    record = {"type": "money", "value": {"per": "day", "currency": "GBP", "amount": 5, "min": None,
                                         "max": None, "mod": None}}
    assert summarise_value(record) == "amount=5 currency=GBP per=day"


def value(fact_type, **changes):
    base = {field: None for field in registry.VALUE_FIELDS[fact_type]}
    return {**base, **changes}


def test_to_dict_keeps_registry_order():
    fact = Fact("quote", 0, 3, "rule:x", dict(reversed(list(value("quote", content="abc", partial=False).items()))))
    assert list(fact.to_dict()["value"]) == list(registry.VALUE_FIELDS["quote"])


def test_to_dict_rejects_a_misspelt_key():
    v = value("money", amount=5)
    v["currrency"] = v.pop("currency")
    with pytest.raises(ValueError, match="currrency"):
        Fact("money", 0, 2, "rule:x", v).to_dict()


def test_to_dict_rejects_a_missing_key():
    v = value("date", timex="2025", kind="DATE", anchored=False)
    del v["range"]
    with pytest.raises(ValueError, match="range"):
        Fact("date", 0, 4, "rule:x", v).to_dict()


def test_from_dict_round_trips():
    record = Fact("site", 1, 6, "rule:x", value("site", name="Leeds"), "Leeds", 2, "a").to_dict()
    assert Fact.from_dict(record).to_dict() == record


@pytest.mark.parametrize("types, expected", [
    (("date",), ("money", "date")),
    (("quote", "money"), ("money", "quote")),
    (("site",), ("site",)),
])
def test_requirements_come_first(types, expected):
    assert registry.with_requirements(types) == expected


def _imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports, at any depth of the file."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [f"{target}.{a.name}" for a in node.names]
            found.update(n for n in [target, *names] if n.startswith("jlr_extract"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("jlr_extract"))
    return found


def test_no_import_cycle_between_modules():
    modules = {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): p
               for p in PACKAGE.rglob("*.py")}
    graph = {m: {i for i in _imports(p) if i in modules and i != m and not m.startswith(i + ".")}
             for m, p in modules.items()}
    # a package's __init__ importing its submodules lazily is not a cycle through them
    graph["jlr_extract"] = set()
    visiting, done = set(), set()

    def visit(node, trail):
        if node in done:
            return
        assert node not in visiting, "import cycle: " + " -> ".join(trail + [node])
        visiting.add(node)
        for nxt in sorted(graph[node]):
            visit(nxt, trail + [node])
        visiting.discard(node)
        done.add(node)

    for node in sorted(graph):
        visit(node, [])


def test_extract_stays_the_function_after_the_rule_modules_are_imported():
    import importlib

    import jlr_extract.extract.dates  # noqa: F401

    importlib.import_module("jlr_extract.extract.money")
    assert callable(jlr_extract.extract)


def test_pure_normalisers_import_without_spacy():
    """TIMEX3 values, amounts and currencies, and the text view are plain functions."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['spacy'] = None\n"
        "import datetime as dt\n"
        "from jlr_extract.extract.timex import Anchor, normalise\n"
        "from jlr_extract.extract.money import parse_number, words_to_decimal\n"
        "from jlr_extract.textview import make_view\n"
        "from jlr_extract.records import Fact\n"
        "print(normalise(['last', 'year'], Anchor(dt.date(2025, 9, 29))).value,"
        " parse_number('1,250.5'), words_to_decimal('three hundred'), make_view('a\\u200bb').text)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2024", "1250.5", "300", "ab"]
