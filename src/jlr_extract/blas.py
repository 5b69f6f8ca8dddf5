"""Matrix products of the model through numpy's BLAS instead of thinc's bundled BLIS.

spaCy's CPU models run on thinc's `NumpyOps`, whose `gemm` calls BLIS (`blis.py.gemm`, the
cython-blis package); numpy's `matmul` calls the BLAS numpy is built with (OpenBLAS in the
PyPI wheels, with kernels picked for the CPU at run time). Measured on the development
machine (AMD EPYC, AVX2; `benchmarks/README.md`): a 20,000 x 288 by 288 x 288 float32 product
takes 0.144 s through BLIS and 0.045 s through OpenBLAS on one thread, and the model's
tok2vec, parser and NER layers run ~1.5-2x faster, with identical tags, parses and entities
on the 172 benchmark articles (tests/test_blas.py checks the equality on our own text).
The same idea as thinc-apple-ops, which routes `gemm` to Apple's Accelerate.

`BlasOps` changes `gemm` and `maxout`, and `use_blas_ops` gives LayerNorm nodes an inference
forward that does thinc's numpy operations once each, in place (`layernorm_forward`). A
piece-major Maxout (W permuted so the max runs over contiguous columns, ~30% faster max) was
measured and dropped: OpenBLAS's sums depend on a column's position, so the last bits
changed. Every other kernel (seq2col, hash embedding, the
embedding sums) and the parser's per-step C loop stay thinc's, which measured faster than
their numpy equivalents. `JLR_EXTRACT_GEMM=blis` keeps thinc's own ops.

`maxout` (the max over the pieces of every Maxout layer: tok2vec's mixing and window layers,
NER's own tok2vec) computes the maxima with `numpy.maximum` over the piece axis, ~2x faster
than thinc's scalar loop on (tokens, 96, 3) arrays (measured: 70 vs 144 ms for 128,000
tokens), and defers the arg-max, which only training's `backprop_maxout` reads: it is
computed there, by thinc's kernel, from the kept inputs. The maxima are the same numbers
(a max involves no rounding); only a NaN piece would differ (numpy propagates it).

OpenBLAS starts one thread per core; on the model's products two threads cost ~40% more CPU
than one for a few percent of wall time (measured), and they compete with `--workers`
processes, so `single_threaded()` limits numpy's BLAS to one thread while the extractor
runs (threadpoolctl; the previous limits are restored afterwards).
"""

from __future__ import annotations

import contextlib
import os

import numpy
from thinc.api import NumpyOps

GEMM_ENV = "JLR_EXTRACT_GEMM"


class BlasOps(NumpyOps):
    """thinc's NumpyOps with `gemm` through `numpy.matmul` (float32 in, float32 out)."""

    name = "jlr_blas"

    def gemm(self, x, y, out=None, trans1: bool = False, trans2: bool = False):
        """x @ y (x.T and/or y.T with trans1/trans2), 2-d arrays; written into `out` when
        given (shape (x rows, y columns), same dtype). Raises ValueError on other shapes."""
        if x.ndim != 2 or y.ndim != 2:
            raise ValueError(f"gemm needs 2-d arrays, not {x.ndim}-d and {y.ndim}-d")
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out

    def maxout(self, X):
        """(best, which) for a (rows, outputs, pieces) float array: best[i, o] =
        max_p X[i, o, p]; `which` (the arg-max) is a `DeferredArgmax`, made an int32 array
        by `backprop_maxout` only if a backward pass asks for it."""
        if X.ndim != 3 or X.shape[2] < 2 or X.dtype.kind != "f":
            return super().maxout(X)
        best = numpy.maximum(X[..., 0], X[..., 1])
        for piece in range(2, X.shape[2]):
            numpy.maximum(best, X[..., piece], out=best)
        return best, DeferredArgmax(X)

    def backprop_maxout(self, dY, which, P: int):
        if isinstance(which, DeferredArgmax):
            which = super().maxout(which.X)[1]
        return super().backprop_maxout(dY, which, P)


class DeferredArgmax:
    """The inputs of one `BlasOps.maxout` call, kept until a backward pass needs the arg-max
    (inference drops it with the backprop closure)."""

    __slots__ = ("X",)

    def __init__(self, X):
        self.X = X


def enabled() -> bool:
    """False when `JLR_EXTRACT_GEMM=blis` asks for thinc's own ops."""
    return os.environ.get(GEMM_ENV, "numpy").strip().lower() != "blis"


def use_blas_ops(nlp) -> int:
    """Give every model node of `nlp` that runs on plain `NumpyOps` a shared `BlasOps`, and
    its LayerNorm nodes the inference forward below (`layernorm_forward`; training calls
    still go to thinc's).

    Returns how many nodes were switched (0 when disabled or on GPU ops, which are left
    alone). Safe to call twice."""
    if not enabled():
        return 0
    from thinc.layers import layernorm

    forwards = {layernorm.forward: layernorm_forward}
    ops = BlasOps()
    switched = 0
    for node in model_nodes(nlp):
        if type(node.ops) is NumpyOps:
            node.ops = ops
            switched += 1
        if isinstance(node.ops, BlasOps) and node._func in forwards:
            node._func = forwards[node._func]
    return switched


def model_nodes(nlp):
    """Every thinc model node of `nlp`'s components that have a model, in walk order."""
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            yield from model.walk()


def layernorm_forward(model, X, is_train: bool):
    """thinc's LayerNorm forward for inference, with the same numpy operations in the same
    order (so the same numbers: tests/test_blas.py) but each done once and in place: thinc
    computes the mean twice (in `mean` and inside `var`) and X - mean twice, and allocates a
    new array at every step. ~27% faster on (24,000, 96) float32 (9.0 vs 12.2 ms).
    `is_train` calls go to thinc's forward. Input and output (N, nI) float32."""
    from thinc.layers.layernorm import forward

    if is_train or X.ndim != 2 or X.dtype.kind != "f":
        return forward(model, X, is_train)
    n = X.shape[1]
    mean = numpy.add.reduce(X, axis=1, keepdims=True)
    mean /= n
    Y = numpy.subtract(X, mean)
    var = numpy.add.reduce(numpy.multiply(Y, Y), axis=1, keepdims=True)
    var /= n
    var += 1e-08
    var **= -1.0 / 2.0
    Y *= var
    Y *= model.get_param("G")
    Y += model.get_param("b")
    return Y, no_backprop


def no_backprop(dY):
    raise NotImplementedError("jlr_extract's inference forwards have no backward pass; "
                              "train with is_train=True (thinc's forwards)")


@contextlib.contextmanager
def single_threaded():
    """Limit numpy's BLAS to one thread inside the block (threadpoolctl); a no-op when
    threadpoolctl finds no BLAS or is missing."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - it is a dependency
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield
