"""embedding.py: each distinct token embedded once, with the same vectors as thinc's forward."""

import numpy
import pytest
from thinc.layers.chain import forward as chain_forward

from jlr_extract import embedding

TEXT = ("Jaguar Land Rover said on Monday that production at its Solihull plant would stay "
        "closed until October 1. \"We are working hard,\" a spokesperson told the BBC. "
        "The attack cost the company £50m a week, analysts at Barclays said. The company "
        "said the company would pay the company's suppliers.")


@pytest.mark.parametrize("columns", [1, 4, 6, 7])
def test_distinct_rows_rebuild_the_rows(columns):
    rng = numpy.random.default_rng(columns)
    pool = rng.integers(0, 2**63, size=(40, columns), dtype=numpy.uint64)
    rows = pool[rng.integers(0, 40, size=500)]
    distinct, inverse = embedding.distinct_rows(rows)
    assert numpy.array_equal(distinct[inverse], rows)
    assert len(distinct) == len({tuple(r) for r in rows.tolist()})


def test_distinct_rows_survive_key_collisions(monkeypatch):
    # every key 0: the sorted keys say "one row", the check must catch it and fall back
    monkeypatch.setattr(embedding, "_MIX", numpy.zeros(6, dtype=numpy.uint64))
    rows = numpy.array([[1, 2], [3, 4], [1, 2], [5, 6]], dtype=numpy.uint64)
    distinct, inverse = embedding.distinct_rows(rows)
    assert numpy.array_equal(distinct[inverse], rows)
    assert len(distinct) == 3


@pytest.fixture(scope="module")
def nlp():
    from jlr_extract.nlp import load_base_model, resolve_model_name

    return load_base_model(resolve_model_name())


def _switched(nlp):
    return [node for _, c in nlp.pipeline if hasattr(getattr(c, "model", None), "walk")
            for node in c.model.walk() if node._func is embedding.embed_distinct_forward]


def test_every_multi_hash_embed_is_switched_once(nlp):
    nodes = _switched(nlp)
    # the shared tok2vec's and NER's own
    assert len(nodes) >= 2
    assert all(embedding.is_multi_hash_embed(node) for node in nodes)
    assert embedding.use_distinct_embedding(nlp) == 0


def test_forward_equals_thincs_bit_for_bit(nlp):
    batches = [[nlp.make_doc(TEXT), nlp.make_doc(""), nlp.make_doc(TEXT.upper()),
                nlp.make_doc("said")],
               [nlp.make_doc("said said said")],  # one distinct row
               [nlp.make_doc("said"), nlp.make_doc("Said")]]
    for node in _switched(nlp):
        for docs in batches:
            ours = node.predict(docs)
            theirs, _ = chain_forward(node, docs, False)
            assert [a.shape for a in ours] == [b.shape for b in theirs]
            for a, b in zip(ours, theirs):
                assert a.dtype == b.dtype and numpy.array_equal(a, b)


def test_batch_without_tokens_and_training_use_thincs_forward(nlp):
    node = _switched(nlp)[0]
    empty = [nlp.make_doc("")]
    assert [a.shape[0] for a in node.predict(empty)] == [0]
    vectors, backprop = node(empty + [nlp.make_doc(TEXT)], is_train=True)
    # thinc's backprop runs; ours would raise NotImplementedError
    backprop([numpy.zeros_like(v) for v in vectors])


def test_env_opt_out(monkeypatch):
    from jlr_extract.nlp import load_base_model, resolve_model_name

    monkeypatch.setenv(embedding.EMBED_ENV, " ALL ")
    assert not embedding.enabled()
    plain = load_base_model(resolve_model_name())
    assert not _switched(plain)
    assert embedding.use_distinct_embedding(plain) == 0
    monkeypatch.delenv(embedding.EMBED_ENV)
    assert embedding.use_distinct_embedding(plain) >= 2
