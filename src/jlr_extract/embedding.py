"""Hash-embed each distinct token once per batch (an inference forward for spaCy's MultiHashEmbed).

spaCy's `MultiHashEmbed` (the `embed` half of `spacy.Tok2Vec.v2`, used by the small English
model's shared tok2vec and by NER's own) turns every token into a vector in two steps that
read nothing but the token's own features: `extract_features` takes the token's attribute
IDs (NORM, PREFIX, SUFFIX, SHAPE, and for the shared tok2vec SPACY and IS_SPACE), four or six
`HashEmbed` tables look them up, and a Maxout with LayerNorm mixes the pieces. Two tokens
with the same feature row get the same vector, and news repeats its words: over the 172
benchmark articles 27,060 of 126,872 feature rows are distinct within their batch of 32
articles. `embed_distinct_forward` runs the tables and the mixing layer on the distinct rows
only and copies each result to the tokens that share it. Measured on those articles (one
thread): the shared tok2vec's embed step 0.78 s -> 0.26 s, with arrays equal to thinc's
forward bit for bit (`tests/test_embedding.py` checks the equality; every step is row-wise,
and the BLAS computes each row of a matrix product with the same sums whatever the other
rows are, so a row's numbers do not depend on the batch; a batch with one distinct row
keeps thinc's forward, since numpy would switch to a matrix-vector product).

Distinct rows are found by sorting one 64-bit key per row (the columns mixed by odd
multipliers) and then checking that every row equals the representative of its key; a
collision (never seen, but possible) falls back to `numpy.unique(axis=0)` on the rows
themselves, so the result never depends on the key. Training calls (`is_train=True`) and
nodes of another shape or on GPU ops keep thinc's forward. `JLR_EXTRACT_EMBED=all` turns the
forward off.
"""

from __future__ import annotations

import os

import numpy
from thinc.api import NumpyOps
from thinc.layers.chain import forward as chain_forward

from .blas import model_nodes, no_backprop

EMBED_ENV = "JLR_EXTRACT_EMBED"
_LAYER_NAMES = ("extract_features", "list2ragged", None, None, "ragged2list")
# Odd 64-bit multipliers (from splitmix64) that spread each column over the key.
_MIX = numpy.array([0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB,
                    0xD6E8FEB86659FD93, 0xA0761D6478BD642F, 0xE7037ED1A0B428DB],
                   dtype=numpy.uint64)


def enabled() -> bool:
    """False when `JLR_EXTRACT_EMBED=all` asks to embed every token (thinc's forward)."""
    return os.environ.get(EMBED_ENV, "distinct").strip().lower() != "all"


def is_multi_hash_embed(node) -> bool:
    """True for a chain shaped like spaCy's MultiHashEmbed: extract_features >> list2ragged >>
    with_array(tables) >> with_array(mixing Maxout) >> ragged2list, on CPU numpy ops."""
    layers = getattr(node, "layers", ())
    if len(layers) != len(_LAYER_NAMES) or not isinstance(node.ops, NumpyOps):
        return False
    return all(want is None or layer.name == want for want, layer in zip(_LAYER_NAMES, layers))


def use_distinct_embedding(nlp) -> int:
    """Give every MultiHashEmbed node of `nlp`'s components `embed_distinct_forward`.

    Returns how many nodes were switched (0 when disabled, or when called again)."""
    if not enabled():
        return 0
    switched = 0
    for node in model_nodes(nlp):
        if node._func is chain_forward and is_multi_hash_embed(node):
            node._func = embed_distinct_forward
            switched += 1
    return switched


def embed_distinct_forward(model, docs, is_train: bool):
    """MultiHashEmbed's forward for inference: a list of Docs in, a list of (tokens, width)
    float32 arrays out, the same numbers as thinc's chain forward. `is_train` calls, and
    batches without tokens, go to thinc's forward."""
    if is_train:
        return chain_forward(model, docs, is_train)
    extract, _, tables, mix, _ = model.layers
    features = extract.predict(docs)
    lengths = [len(f) for f in features]
    if not sum(lengths):
        return chain_forward(model, docs, is_train)
    rows = numpy.ascontiguousarray(numpy.concatenate(features))
    distinct, inverse = distinct_rows(rows)
    if len(distinct) < 2 <= len(rows):
        # one distinct row: numpy would take a matrix-vector product (gemv) where thinc's
        # forward takes a matrix product, and the two may differ in the last bits
        return chain_forward(model, docs, is_train)
    vectors = mix.predict(tables.predict(distinct))[inverse]
    return numpy.split(vectors, numpy.cumsum(lengths)[:-1]), no_backprop


def distinct_rows(rows):
    """(distinct, inverse) for an (n, k) integer array: `distinct[inverse]` equals `rows`,
    and `distinct` holds each different row once (in no promised order)."""
    if rows.shape[1] > len(_MIX):
        distinct, inverse = numpy.unique(rows, axis=0, return_inverse=True)
        return distinct, inverse.ravel()
    keys = numpy.bitwise_xor.reduce(rows.astype(numpy.uint64, copy=False) * _MIX[:rows.shape[1]],
                                    axis=1)
    _, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
    distinct = rows[first]
    if not numpy.array_equal(distinct[inverse], rows):  # two rows share a key
        distinct, inverse = numpy.unique(rows, axis=0, return_inverse=True)
    return distinct, inverse.ravel()
