"""Bounded work on hostile text (issue 16, points 1 and 2), checked by structure and by
operation counts, not by timing: the times are in benchmarks/bench_hostile.py."""

import pytest

from jlr_extract import nlp as nlp_module
from jlr_extract.articles import Article
from jlr_extract.extract import cue_search, quote_context, quotes
from jlr_extract.pipeline import Extractor

# --- point 1: a long article is parsed and extracted chunk by chunk ----------------------

PARAGRAPHS = [
    "Acme Motors paid ${n} million for a plant in Ohio on {d} March 2021.",
    "The group said sales rose to £{n}bn in 2019, Jane Roe told reporters.",
    "“We expect to hire {n} people at the factory,” said Tom Lee, its chief executive.",
]


def long_text(count):
    return "\n\n".join(PARAGRAPHS[i % 3].format(n=i + 2, d=i % 27 + 1) for i in range(count))


class CountingNlp:
    """Wraps the pipeline to count calls; everything else passes through."""

    def __init__(self, nlp):
        self.nlp, self.calls = nlp, 0

    def __call__(self, text):
        self.calls += 1
        return self.nlp(text)

    def __getattr__(self, name):
        return getattr(self.nlp, name)


def test_chunks_are_parsed_one_at_a_time(nlp, monkeypatch):
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 500)
    counting = CountingNlp(nlp)
    text = long_text(30)
    chunks = iter(nlp_module.parse_chunks(counting, text))
    offset, first = next(chunks)
    assert (offset, counting.calls) == (0, 1)  # nothing beyond the first chunk parsed yet
    rest = list(chunks)
    assert counting.calls == 1 + len(rest) > 2
    pieces = [first] + [doc for _, doc in rest]
    assert "".join(doc.text for doc in pieces) == text
    assert [o for o, _ in rest] == [sum(len(d.text) for d in pieces[:i]) for i in range(1, len(pieces))]


def test_extractors_never_see_more_than_a_chunk(nlp, monkeypatch):
    """Memory is bounded by the chunk: no extractor is handed the whole long article (nor
    a Doc joined from its chunks), only one chunk's Doc at a time."""
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 600)
    text = long_text(40)
    extractor = Extractor()
    seen = []

    def watch(name, extract):
        def run(doc, context):
            seen.append((name, len(doc.text)))
            return extract(doc, context)
        return run

    for name, component in extractor._components:
        monkeypatch.setattr(component, "_extract", watch(name, component._extract))
    (result,) = list(extractor.run([Article.from_text("long", text)]))
    assert result.error is None and len(result.facts) > 24
    chunks = len(nlp_module.split_long_text(text, 600))
    assert len(seen) == chunks * len(extractor._components) and chunks > 3
    assert max(size for _, size in seen) <= 600


def test_chunked_facts_equal_whole_document_facts(nlp, monkeypatch):
    """Paragraph-local facts are the same whether the article is parsed whole or in chunks,
    offsets and sentence numbers included."""
    text = " date 2025-09-29\n" + long_text(18)
    article = Article.from_text("a", text)
    (whole,) = list(Extractor().run([article]))
    monkeypatch.setattr(nlp_module, "CHUNK_CHARS", 700)
    assert nlp_module.is_long(nlp, text)
    (chunked,) = list(Extractor().run([article]))
    assert chunked.records() == whole.records()
    assert len({r["sentence"] for r in whole.records()}) > 10


# --- point 2: attribution work is linear in the number of quotations ---------------------


def _count_calls(monkeypatch, name):
    counter = {"calls": 0}
    original = getattr(cue_search, name)

    def counted(*args, **kwargs):
        counter["calls"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(cue_search, name, counted)
    return counter


@pytest.mark.parametrize(
    "unit",
    ["“ he said ” “", "Smith said “we are fine”, and ", "“it works,” Ann Lee said, and "],
)
def test_cue_search_grows_linearly_with_quotations(nlp, monkeypatch, unit):
    """One sentence with k quotations: the cue candidates read must grow like k, not k²
    (the cue search once reran over the whole sentence for each quotation)."""
    counts = []
    for k in (40, 80):
        text = "Tata said: " + unit * k
        doc = nlp(text)
        verbs = _count_calls(monkeypatch, "is_cue_verb")
        subjects = _count_calls(monkeypatch, "usable_subject")
        quotes.extract(doc, None)
        counts.append((verbs["calls"], subjects["calls"]))
        monkeypatch.undo()
    (v1, s1), (v2, s2) = counts
    assert v2 <= 2.5 * v1 + 10, counts
    assert s2 <= 2.5 * s1 + 10, counts


def _governs_by_walking(doc, cue, first, last):
    """The definition: a non-punctuation token of the quotation hangs from the cue within
    12 steps up the parse."""
    for token in doc[first : last + 1]:
        if token.is_punct:
            continue
        head = token
        for _ in range(12):
            if head.i == cue.i:
                return True
            if head.head.i == head.i:
                break
            head = head.head
    return False


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe said that “the plant will close next year, and we are sorry,” adding more.",
        "“It is over,” he told reporters at the site, where the managers who said it met.",
        "The report, which Tom Lee wrote, says “costs rose” and “sales fell sharply”.",
    ],
)
def test_governor_set_matches_walking_the_parse(nlp, text):
    doc = nlp(text)
    spans = quotes.find_quote_spans(text)
    view = quote_context.DocView(doc, spans, quotes.paragraph_bounds(text))
    assert spans
    for span in spans:
        first, last = view.token_at(span.start), view.token_at(span.end - 1)
        governors = view.governors(first, last)
        for cue in doc:
            assert (cue.i in governors) == _governs_by_walking(doc, cue, first, last), cue


# --- memory: a finished Doc is freed at once, not at the next full collection ------------

RELEASE_TEXT = (" date 2025-09-29\nJaguar Land Rover said on Monday that its Solihull plant "
                "would stay closed until October 1. \"We are working hard,\" a spokesperson "
                "said. The attack cost £50m a week.")


def test_release_drops_only_our_per_doc_values(nlp):
    from jlr_extract.article_view import article_view, doc_text, release

    doc = nlp(RELEASE_TEXT)
    article_view(doc), doc_text(doc)
    doc.user_hooks["sents"] = lambda d: iter(())  # a hook that is not ours stays
    assert {"jlr_article_view", "jlr_doc_text"} <= set(doc.user_hooks)
    release(doc)
    assert set(doc.user_hooks) == {"sents"}


def test_extractor_leaves_no_doc_for_the_collector():
    """The article view refers back to its Doc: unreleased, every Doc would wait for a full
    collection (peak RSS grew 718 -> 1,137 MiB over 1,376 articles with the CLI's collector)."""
    import gc

    from spacy.tokens import Doc

    extractor = Extractor()
    articles = [Article.from_text(f"a{i}", RELEASE_TEXT) for i in range(3)]
    list(extractor.run(articles[:1]))  # loads everything first
    gc.collect()
    gc.disable()
    try:
        results = list(extractor.run(articles))
        alive = sum(isinstance(o, Doc) for o in gc.get_objects())
    finally:
        gc.enable()
    assert all(r.facts for r in results)
    assert alive == 0
