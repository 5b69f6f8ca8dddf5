"""BlasOps (blas.py): the same products as thinc's NumpyOps, switched in and out as documented."""

import numpy
import pytest
from thinc.api import NumpyOps

from jlr_extract import blas

TEXT = ("Jaguar Land Rover said on Monday that production at its Solihull plant would stay "
        "closed until October 1. \"We are working hard,\" a spokesperson told the BBC. "
        "The attack cost the company £50m a week, analysts at Barclays said.")


@pytest.mark.parametrize("trans1", [False, True])
@pytest.mark.parametrize("trans2", [False, True])
@pytest.mark.parametrize("with_out", [False, True])
def test_gemm_equals_numpy_ops(trans1, trans2, with_out):
    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((13, 9) if not trans1 else (9, 13)).astype("float32")
    y = rng.standard_normal((9, 5) if not trans2 else (5, 9)).astype("float32")
    expected = NumpyOps().gemm(x, y, trans1=trans1, trans2=trans2)
    ops = blas.BlasOps()
    if with_out:
        out = numpy.zeros((13, 5), dtype="float32")
        got = ops.gemm(x, y, out=out, trans1=trans1, trans2=trans2)
        assert got is out
    else:
        got = ops.gemm(x, y, trans1=trans1, trans2=trans2)
    assert got.shape == (13, 5) and got.dtype == numpy.float32
    numpy.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_gemm_rejects_other_shapes():
    with pytest.raises(ValueError):
        blas.BlasOps().gemm(numpy.zeros(3, dtype="float32"), numpy.zeros((3, 3), dtype="float32"))


def _annotations(nlp, text):
    doc = nlp(text)
    return ([(t.tag_, t.dep_, t.head.i) for t in doc],
            [(e.start, e.end, e.label_) for e in doc.ents],
            [s.start for s in doc.sents])


def test_switch_keeps_tags_parses_and_entities(monkeypatch):
    from jlr_extract.nlp import load_base_model, resolve_model_name

    monkeypatch.setenv(blas.GEMM_ENV, "blis")
    plain = load_base_model(resolve_model_name())
    assert not any(isinstance(node.ops, blas.BlasOps)
                   for _, c in plain.pipeline if hasattr(getattr(c, "model", None), "walk")
                   for node in c.model.walk())
    monkeypatch.delenv(blas.GEMM_ENV)
    fast = load_base_model(resolve_model_name())
    switched = [node for _, c in fast.pipeline if hasattr(getattr(c, "model", None), "walk")
                for node in c.model.walk() if isinstance(node.ops, blas.BlasOps)]
    assert switched, "no model node runs on BlasOps"
    assert _annotations(fast, TEXT) == _annotations(plain, TEXT)
    # a second call finds nothing left on NumpyOps
    assert blas.use_blas_ops(fast) == 0


def test_env_opt_out(monkeypatch):
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec")
    nlp.initialize()
    monkeypatch.setenv(blas.GEMM_ENV, " BLIS ")
    assert not blas.enabled()
    assert blas.use_blas_ops(nlp) == 0
    monkeypatch.setenv(blas.GEMM_ENV, "numpy")
    assert blas.enabled()
    assert blas.use_blas_ops(nlp) > 0
    assert blas.use_blas_ops(nlp) == 0


def test_single_threaded_limits_and_restores():
    threadpoolctl = pytest.importorskip("threadpoolctl")

    def blas_threads():
        return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    if not before:
        pytest.skip("no BLAS thread pool found")
    with blas.single_threaded():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_maxout_same_maxima_and_gradients(pieces):
    rng = numpy.random.default_rng(pieces)
    X = rng.standard_normal((50, 7, pieces)).astype("float32")
    X[3, 2, :] = 0.5  # ties: the arg-max is the first piece, as thinc's
    best0, which0 = NumpyOps().maxout(X)
    best, which = blas.BlasOps().maxout(X)
    assert best.dtype == numpy.float32 and best.shape == (50, 7)
    assert numpy.array_equal(best, best0)
    assert isinstance(which, blas.DeferredArgmax)
    dY = rng.standard_normal((50, 7)).astype("float32")
    assert numpy.array_equal(blas.BlasOps().backprop_maxout(dY, which, pieces),
                             NumpyOps().backprop_maxout(dY, which0, pieces))


def _layernorm(rng):
    from thinc.api import LayerNorm

    layer = LayerNorm(nI=96)
    layer.initialize()
    for name in layer.param_names:  # trained-looking parameters, not the initial zeros/ones
        shape = layer.get_param(name).shape
        layer.set_param(name, rng.normal(0.3, 0.5, shape).astype("float32"))
    layer.ops = blas.BlasOps()
    return layer


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e3])
def test_layernorm_forward_gives_thincs_numbers(scale):
    from thinc.layers import layernorm

    width = 96

    rng = numpy.random.default_rng(int(scale * 1000) + width)
    layer = _layernorm(rng)
    X = (rng.standard_normal((2000, width)) * scale + 0.2).astype("float32")
    thinc_forward, ours = layernorm.forward, blas.layernorm_forward
    before = X.copy()
    expected, _ = thinc_forward(layer, X, False)
    got, _ = ours(layer, X, False)
    assert got.dtype == numpy.float32 and got.shape == expected.shape
    assert numpy.array_equal(got, expected)
    assert numpy.array_equal(X, before)  # the input is left as it was


def test_layernorm_training_calls_keep_thincs_forward_and_backprop():
    rng = numpy.random.default_rng(7)
    layer = _layernorm(rng)
    X = rng.standard_normal((40, 96)).astype("float32")
    ours = blas.layernorm_forward
    Y, backprop = ours(layer, X, True)
    assert backprop(numpy.ones_like(Y)).shape == X.shape
    with pytest.raises(NotImplementedError):
        ours(layer, X, False)[1](numpy.ones_like(Y))


def test_pipeline_nodes_get_the_inference_forwards():
    import spacy

    from jlr_extract.nlp import load_pipeline

    nlp = load_pipeline(None, ("date",))
    funcs = {node._func for _, c in nlp.pipeline if hasattr(c, "model")
             for node in c.model.walk() if node.name == "layernorm"}
    assert funcs == {blas.layernorm_forward}
