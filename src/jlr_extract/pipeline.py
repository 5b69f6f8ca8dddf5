"""Runs the parse and the fact extractors over a stream of articles.

Everything streams: articles are read, parsed in small batches with `nlp.pipe`, and their
facts yielded article by article, so memory stays flat however many articles come in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from spacy.tokens import Doc

from .components import Context, sentence_starts  # noqa: F401  (Context: also registers the factories and Doc extensions)
from .article_view import release, remember_text
from .articles import Article, ArticleOrProblem, InputProblem
from .blas import single_threaded
from .nlp import ChunkedParse, is_long, load_pipeline, parse_chunks
from .records import Fact
from .registry import FACT_TYPES, REGISTRY
from .textview import TextView, make_view
BATCH_ARTICLES = 32
# A batch also ends at this many characters, so one batch of long articles cannot make the
# parse's working memory jump: peak memory stays flat whatever the input.
BATCH_CHARS = 300_000


def batches(items: Iterable[ArticleOrProblem], max_articles: int = BATCH_ARTICLES,
            max_chars: int = BATCH_CHARS) -> Iterator[list[ArticleOrProblem]]:
    """Group the input stream into batches bounded by count and by text length."""
    batch: list[ArticleOrProblem] = []
    chars = 0
    for item in items:
        batch.append(item)
        chars += len(item.text) if isinstance(item, Article) else 0
        if len(batch) >= max_articles or chars >= max_chars:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


@dataclass
class ArticleResult:
    article: str  # article id, or the input's name for a problem
    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    def records(self) -> list[dict]:
        return [fact.to_dict() for fact in self.facts]


def parse_types(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """'date,money' -> ('date', 'money') in contract order; ValueError on an unknown name."""
    if value is None:
        return FACT_TYPES
    names = [v.strip() for v in (value.split(",") if isinstance(value, str) else value)]
    names = [n for n in names if n]
    unknown = sorted(set(names) - set(FACT_TYPES))
    if unknown or not names:
        raise ValueError(
            f"unknown fact type(s) {', '.join(unknown) or '(none given)'}; "
            f"choose from {', '.join(FACT_TYPES)}"
        )
    return tuple(t for t in FACT_TYPES if t in names)


class Extractor:
    """Holds the loaded pipeline (`load(model, types)`); `run` turns articles into results.

    Each article body is read through the matching view (`textview.make_view`), parsed and
    run through our components with `nlp.pipe`; the facts' offsets are mapped back to the
    article as read (view offsets -> body offsets -> plus the header's length), so
    `text == article.text[start:end]` for every fact. Only the chosen types are emitted."""

    def __init__(self, model: str | None = None, types: Iterable[str] = FACT_TYPES, nlp=None):
        self.types = parse_types(types)
        self.nlp = nlp if nlp is not None else load_pipeline(model, self.types)
        ours = {t.component for t in REGISTRY.values()}
        self._components = [(name, proc) for name, proc in self.nlp.pipeline if name in ours]

    def run(self, items: Iterable[ArticleOrProblem]) -> Iterator[ArticleResult]:
        """Yield one result per input item, in input order, each as soon as it is done.

        numpy's BLAS is held to one thread until the generator is exhausted or closed
        (`blas.single_threaded`)."""
        with single_threaded():
            for batch in batches(items):
                yield from self._run_batch(batch)

    def run_batch(self, batch: list[ArticleOrProblem]) -> list[ArticleResult]:
        with single_threaded():
            return list(self._run_batch(batch))

    def _run_batch(self, batch: list[ArticleOrProblem]) -> Iterator[ArticleResult]:
        articles = [item for item in batch if isinstance(item, Article)]
        views = [make_view(a.text[a.body_start :]) for a in articles]
        docs = self._parse(articles, views)
        at = 0
        for item in batch:
            if isinstance(item, InputProblem):
                yield ArticleResult(item.where, error=item.message)
            else:
                yield self._result(item, views[at], next(docs))
                at += 1

    def _parse(self, articles: list[Article], views: list[TextView]) -> Iterator[Doc | ChunkedParse]:
        """Short texts go through `nlp.pipe` together; a long one becomes a ChunkedParse,
        whose chunks are parsed and run through our components one at a time when `_result`
        reads them, so memory is bounded by the chunk, not the article."""
        long = [is_long(self.nlp, view.text) for view in views]
        short = iter(self.nlp.pipe(
            (with_article(remember_text(self.nlp.make_doc(v.text), v.text), a) for a, v, x in zip(articles, views, long) if not x),
            batch_size=BATCH_ARTICLES,
        ))
        for article, view, is_long_text in zip(articles, views, long):
            if not is_long_text:
                yield next(short)
                continue
            yield parse_chunks(self.nlp, view.text, prepare=lambda doc, a=article: with_article(doc, a))

    def _result(self, article: Article, view: TextView, doc: Doc | ChunkedParse) -> ArticleResult:
        """Facts of the chosen types, in article offsets and record order.

        For a long body (a ChunkedParse) each chunk's Doc is parsed, read and dropped in turn;
        its facts' offsets and sentence numbers are shifted by the chunk's place in the body.
        Context that spans chunks (an earlier quotation's speaker) is not carried over.
        """
        facts: list[Fact] = []
        warnings = list(article.warnings)
        errors: list[str] = []
        sentences = 0  # sentences in the chunks before this one
        for offset, part in doc if isinstance(doc, ChunkedParse) else [(0, doc)]:
            facts.extend(self._facts_of(article, view, part, offset, sentences))
            if isinstance(doc, ChunkedParse):
                sentences += len(sentence_starts(part))
            warnings += part._.jlr_warnings or []
            errors += [f"internal error in the {e['component']} component: {e['error']}"
                       for e in part._.jlr_errors or []]
            release(part)  # the Doc is done: free its caches now, not at a full collection
            del part
        facts.sort(key=Fact.sort_key)
        return ArticleResult(article.id, facts, warnings, "; ".join(errors) or None)

    def _facts_of(self, article: Article, view: TextView, doc: Doc, offset: int,
                  sentences: int) -> list[Fact]:
        """The Doc's facts (a chunk at `offset` in the view) in article offsets."""
        facts: list[Fact] = []
        for record in doc._.facts or []:
            if record["type"] not in self.types:
                continue
            fact = Fact.from_dict(record)
            fact.sentence += sentences
            start, end = fact.start + offset, fact.end + offset
            while start < end - 1 and view.text[start].isspace():
                start += 1  # an entity may take in the blanks left by markup ("Friday](url)")
            while end > start + 1 and view.text[end - 1].isspace():
                end -= 1
            start, end = view.span_to_source(start, end)
            fact.start, fact.end = start + article.body_start, end + article.body_start
            fact.text = article.text[fact.start : fact.end]
            fact.article = article.id
            facts.append(fact)
        return facts


# Young-generation threshold for a long run (CPython's default is 700 allocations).
GC_THRESHOLD = (10_000, 50, 100)


def long_run_gc() -> None:
    """Tune the cyclic garbage collector for a process that parses many articles after one
    model load: what is loaded moves to the permanent generation (`gc.freeze`, so full
    collections stop walking the pipeline) and young collections run every 10,000
    allocations. Measured on the 172 benchmark articles: GC time 0.49-0.64 s -> 0.12-0.20 s
    (729 -> 229 young collections), output unchanged. It changes process-wide settings, so
    only a process that is ours calls it (the CLI, after loading); `Extractor` never does."""
    import gc

    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


def with_article(doc: Doc, article: Article) -> Doc:
    """Set the Doc attributes our components read: `pub_date` (ISO string or None), `article_id`."""
    doc._.pub_date = article.date.isoformat() if article.date else None
    doc._.article_id = article.id
    return doc


# --- process pool (--workers) -------------------------------------------------------------

_worker_extractor: Extractor | None = None


def _init_worker(model: str | None, types: tuple[str, ...]) -> None:
    """Loads the model in a spawned worker (platforms without fork)."""
    global _worker_extractor
    _worker_extractor = Extractor(model=model, types=types)


def _run_in_worker(batch: list[ArticleOrProblem]) -> list[ArticleResult]:
    assert _worker_extractor is not None
    return _worker_extractor.run_batch(batch)


def run_parallel(
    items: Iterable[ArticleOrProblem], workers: int, model: str | None, types: Iterable[str],
    batch_articles: int = 8,
) -> Iterator[ArticleResult]:
    """Like Extractor.run, over `workers` processes; results keep input order.

    The model is loaded here first, so a missing model fails once, in this process, with a
    ModelError; forked workers then share the loaded pipeline instead of loading their own.
    """
    import multiprocessing

    global _worker_extractor
    _worker_extractor = Extractor(model=model, types=types)
    if "fork" in multiprocessing.get_all_start_methods():
        pool = multiprocessing.get_context("fork").Pool(workers)
    else:
        pool = multiprocessing.get_context("spawn").Pool(workers, _init_worker, (model, tuple(types)))
    return _ordered_results(pool, items, batch_articles)


def _ordered_results(pool, items, batch_articles: int) -> Iterator[ArticleResult]:
    with pool:
        for results in pool.imap(_run_in_worker, batches(items, batch_articles)):
            yield from results
