"""The extractors as spaCy components: factories, the Doc attributes they write, round trips."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.tokens import DocBin

import jlr_extract
from jlr_extract.components import FactComponent
from jlr_extract.nlp import load_base_model, resolve_model_name
from jlr_extract.pipeline import Extractor
from jlr_extract.registry import FACT_TYPES, REGISTRY

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = sorted((ROOT / "data" / "articles").glob("*.txt"))[0]
ALL_TYPES = "The plant in Leeds closed on 3 March 2025 at a cost of £5m. “We will reopen it soon,” said Jo Bloggs of Acme Motors."


@pytest.fixture(scope="module")
def nlp_all():
    return jlr_extract.load()


def test_add_pipe_by_name_needs_no_import():
    """The spacy_factories entry points let a bare spaCy session find our components."""
    code = ("import spacy; nlp = spacy.load(%r); nlp.add_pipe('jlr_money'); "
            "print(nlp('It cost £1.5 billion.')._.facts[0]['value']['amount'])") % resolve_model_name()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert out.stdout.strip() == "1500000000"


def test_load_has_all_four_components_after_the_model(nlp_all):
    ours = [REGISTRY[t].component for t in FACT_TYPES]
    assert [n for n in nlp_all.pipe_names if n in ours] == ["jlr_money", "jlr_dates", "jlr_sites", "jlr_quotes"]
    assert nlp_all.pipe_names.index("jlr_money") > nlp_all.pipe_names.index("ner")


def test_load_is_cached_per_model_and_types():
    assert jlr_extract.load() is jlr_extract.load()
    assert jlr_extract.load(types=("date",)) is not jlr_extract.load()


def test_load_adds_what_the_chosen_types_require():
    nlp = jlr_extract.load(types=("date",))
    ours = {t.component for t in REGISTRY.values()}
    assert [n for n in nlp.pipe_names if n in ours] == ["jlr_money", "jlr_dates"]


def test_extractor_emits_only_the_chosen_types():
    from jlr_extract.articles import Article

    [result] = Extractor(types=("date",)).run([Article.from_text("a", ALL_TYPES, dt.date(2025, 3, 4))])
    assert [f.type for f in result.facts] == ["date"]


def test_doc_facts_hold_all_four_types(nlp_all):
    doc = nlp_all(ALL_TYPES)
    assert sorted({f["type"] for f in doc._.facts}) == sorted(FACT_TYPES)
    for name in FACT_TYPES:
        spans = doc.spans[REGISTRY[name].span_key]
        facts = [f for f in doc._.facts if f["type"] == name]
        assert len(spans) == len(facts) > 0
        assert all(s.label_ == f["source"] for s, f in zip(spans, facts))
    for fact in doc._.facts:
        assert fact["text"] == doc.text[fact["start"]:fact["end"]]


def test_pub_date_anchors_relative_dates(nlp_all):
    doc = nlp_all.make_doc("Production stopped yesterday.")
    doc._.pub_date = "2025-09-29"
    doc = nlp_all(doc)
    assert [f["value"]["timex"] for f in doc._.facts if f["type"] == "date"] == ["2025-09-28"]


def test_facts_survive_docbin_with_user_data(nlp_all):
    doc = nlp_all(ALL_TYPES)
    store = DocBin(store_user_data=True)
    store.add(doc)
    [back] = list(DocBin().from_bytes(store.to_bytes()).get_docs(nlp_all.vocab))
    # msgpack gives lists back as tuples: compare as JSON, which is what records are
    assert json.dumps(back._.facts) == json.dumps(doc._.facts)
    money = [f["start"] for f in doc._.facts if f["type"] == "money"]
    assert [s.start_char for s in back.spans["jlr_money"]] == money != []


def test_facts_survive_multiprocess_pipe(nlp_all):
    texts = [ALL_TYPES, "The Leeds factory cost $3bn.", ALL_TYPES]
    serial = [d._.facts for d in nlp_all.pipe(texts)]
    parallel = [d._.facts for d in nlp_all.pipe(texts, n_process=2, batch_size=1)]
    assert parallel == serial
    assert all(serial)


def test_a_failing_component_keeps_the_other_facts(monkeypatch):
    """on_error="record" (what load() configures): the error is noted, the others still run."""
    from jlr_extract.articles import Article

    extractor = Extractor(types=FACT_TYPES)
    dates = dict(extractor.nlp.pipeline)["jlr_dates"]

    def broken(doc, context):
        raise RuntimeError("boom")

    monkeypatch.setattr(dates, "_extract", broken)
    [result] = extractor.run([Article.from_text("a1", ALL_TYPES, dt.date(2025, 3, 4))])
    assert result.error == "internal error in the jlr_dates component: RuntimeError: boom"
    assert sorted({f.type for f in result.facts}) == ["money", "quote", "site"]


def test_default_component_config_raises(monkeypatch):
    nlp = load_base_model(resolve_model_name())
    proc = nlp.add_pipe("jlr_money")
    assert isinstance(proc, FactComponent) and proc.on_error == "raise"
    monkeypatch.setattr(proc, "_extract", lambda doc, context: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        nlp("It cost £5m.")


def test_cli_reports_the_failing_component_and_writes_the_rest(monkeypatch):
    from typer.testing import CliRunner

    from jlr_extract.cli import app

    extractor = Extractor(types=FACT_TYPES)
    proc = dict(extractor.nlp.pipeline)["jlr_sites"]
    monkeypatch.setattr(proc, "_extract", lambda doc, context: 1 / 0)
    result = CliRunner().invoke(app, ["extract", "-f", "jsonl", str(SAMPLE)])
    assert result.exit_code == 1
    assert f"{SAMPLE.stem}: internal error in the jlr_sites component: ZeroDivisionError" in result.stderr
    types = {line.split('"type": "')[1].split('"')[0] for line in result.stdout.splitlines()}
    assert types == {"date", "money", "quote"}


def test_per_doc_cache_is_built_once_and_not_serialised(nlp):
    from jlr_extract.article_view import per_doc
    from jlr_extract.components import sentence_starts

    doc = nlp("One sentence here. Another one follows.")
    calls = []
    assert per_doc(doc, "jlr_test", lambda d: calls.append(1) or len(d)) == len(doc)
    assert per_doc(doc, "jlr_test", lambda d: calls.append(1) or -1) == len(doc)
    assert calls == [1]
    assert sentence_starts(doc) == [s.start_char for s in doc.sents] == [0, 19]
    from spacy.tokens import Doc
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert "jlr_test" not in restored.user_hooks


def test_token_arrays_and_remembered_text(nlp):
    from jlr_extract.article_view import doc_text, remember_text, token_tags, token_texts

    text = "Tata Motors-owned JLR said “we’re back” on 1 Oct.\n\nProduction resumed."
    doc = nlp(text)
    assert token_texts(doc) == [t.text for t in doc]
    assert token_tags(doc) == [t.tag_ for t in doc]
    assert [w.isalpha() for w in token_texts(doc)] == [t.is_alpha for t in doc]
    made = remember_text(nlp.make_doc(text), text)
    assert doc_text(made) is text
    other = remember_text(nlp.make_doc(text), text + "x")  # not its text: not remembered
    assert "jlr_doc_text" not in other.user_hooks and doc_text(other) == text


@pytest.mark.parametrize("text", [
    "Tata Motors-owned JLR said “we’re back” on 1 Oct.\n\nProduction resumed at Halewood  and Solihull.",
    "The  Jaguar Land Rover plant in Milton\nKeynes, near St. Albans, reopened; Acme Motors of Brazil SA did not.",
])
def test_chunk_text_is_the_span_text(nlp, text):
    from jlr_extract.article_view import Chunk, article_view, token_starts

    doc = nlp(text)
    assert token_starts(doc) == [t.idx for t in doc]
    chunks = {c for c in article_view(doc).owner if c is not None}
    assert chunks
    for chunk in chunks:
        assert chunk.text(doc) == doc[chunk.start:chunk.end].text
    n = len(doc)
    for start, end in [(0, 1), (0, n), (2, 7), (n - 1, n), (3, 3)]:
        assert Chunk(start, end, "ORG").text(doc) == doc[start:end].text
