"""Runs the parse and the fact extractors over a stream of articles.

Everything streams: articles are read, parsed in small batches with `nlp.pipe`, and their
facts yielded article by article, so memory stays flat however many articles come in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from . import FACT_TYPES
from .articles import Article, ArticleOrProblem, InputProblem
from .nlp import ChunkedParse, is_long, load_model, parse_chunks
from .records import Fact

EXTRACTOR_MODULES = {name: f"jlr_extract.extract.{module}" for name, module in
                     (("date", "dates"), ("money", "money"), ("site", "sites"), ("quote", "quotes"))}
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
class Context:
    """What an extractor knows about the article besides its parsed Doc."""

    article_id: str
    pub_date: dt.date | None
    warnings: list[str] = field(default_factory=list)


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
    """Holds the loaded model and the extractors; `run` turns articles into results."""

    def __init__(self, model: str | None = None, types: Iterable[str] = FACT_TYPES, nlp=None):
        self.types = parse_types(types)
        self.nlp = nlp if nlp is not None else load_model(model)
        self._extractors = [
            (name, importlib.import_module(EXTRACTOR_MODULES[name]).extract) for name in self.types
        ]

    def run(self, items: Iterable[ArticleOrProblem]) -> Iterator[ArticleResult]:
        """Yield one result per input item, in input order."""
        for batch in batches(items):
            yield from self.run_batch(batch)

    def run_batch(self, batch: list[ArticleOrProblem]) -> list[ArticleResult]:
        articles = [item for item in batch if isinstance(item, Article)]
        docs = iter(self._parse(articles))
        results = []
        for item in batch:
            if isinstance(item, InputProblem):
                results.append(ArticleResult(item.where, error=item.message))
            else:
                results.append(self.extract_doc(item, next(docs)))
        return results

    def _parse(self, articles: list[Article]) -> list:
        bodies = [a.text[a.body_start :] for a in articles]
        long = [is_long(self.nlp, b) for b in bodies]
        parsed = iter(self.nlp.pipe((b for b, x in zip(bodies, long) if not x), batch_size=BATCH_ARTICLES))
        return [parse_chunks(self.nlp, b) if x else next(parsed) for b, x in zip(bodies, long)]

    def extract_doc(self, article: Article, doc) -> ArticleResult:
        """Run every extractor over a parsed body and turn offsets into article offsets.

        `doc` is the body's Doc, or for a long body a ChunkedParse: then each chunk is parsed
        and extracted on its own and dropped, so memory is bounded by the chunk (context that
        spans chunks, such as an earlier speaker, is not carried over).
        """
        context = Context(article.id, article.date, list(article.warnings))
        facts: list[Fact] = []
        sentences = 0  # sentences in the chunks before this one
        for offset, part in doc if isinstance(doc, ChunkedParse) else [(0, doc)]:
            found: list[Fact] = []
            for name, extract in self._extractors:
                try:
                    found.extend(extract(part, context))
                except Exception as err:  # an extractor bug must not lose the other articles
                    return ArticleResult(
                        article.id, warnings=context.warnings,
                        error=f"internal error in the {name} extractor: {type(err).__name__}: {err}",
                    )
            sentence_starts = [sent.start_char for sent in part.sents]
            for fact in found:
                fact.sentence = sentences + max(bisect.bisect_right(sentence_starts, fact.start) - 1, 0)
                fact.start += offset
                fact.end += offset
            sentences += len(sentence_starts)
            facts.extend(found)
            del part, found
        for fact in facts:
            fact.start += article.body_start
            fact.end += article.body_start
            fact.text = article.text[fact.start : fact.end]
            fact.article = article.id
            fact.extra = {}
        facts.sort(key=Fact.sort_key)
        return ArticleResult(article.id, facts, context.warnings)


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
