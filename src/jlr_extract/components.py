"""The extractors as spaCy pipeline components: `jlr_money`, `jlr_dates`, `jlr_sites`, `jlr_quotes`.

Registered with `@Language.factory` and listed under the `spacy_factories` entry point, so
`nlp.add_pipe("jlr_money")` works without importing this package:

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("jlr_money")
    nlp("It cost £1.5 billion.")._.facts   # [{"type": "money", ..., "value": {"amount": 1500000000, ...}}]

Each component reads the Doc (tokens, tags, parse, entities), `doc._.pub_date` (ISO date string
or None) and the spans of the components it requires (`doc.spans["jlr_money"]` for dates);
it writes its spans to `doc.spans["jlr_<type>"]` (label: the rule or model label in the fact's
`source`) and appends its facts to `doc._.facts` as plain JSON-able dicts in the v1 record
shape, with `start`/`end` character offsets into `doc.text`. Everything it writes lives in
`doc.user_data` and span groups, so `Doc.to_bytes`, `DocBin(store_user_data=True)` and
multi-process `nlp.pipe` keep it. Warnings go to `doc._.jlr_warnings`; with `on_error="record"`
(what `jlr_extract.load()` configures) an exception becomes `{"component", "error"}` in
`doc._.jlr_errors` and the other components still run; the default `"raise"` re-raises.
"""


import bisect
import datetime as dt
import importlib
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from .article_view import doc_text, per_doc
from .records import Fact
from .registry import REGISTRY, FactType

for _name, _default in (("facts", None), ("pub_date", None), ("article_id", None),
                        ("jlr_warnings", None), ("jlr_errors", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@dataclass
class Context:
    """What a rule module's `extract(doc, context)` knows besides the Doc."""

    article_id: str
    pub_date: dt.date | None
    warnings: list[str] = field(default_factory=list)


def pub_date_of(doc: Doc) -> dt.date | None:
    """`doc._.pub_date` as a date (an ISO string, a date, or None; ValueError if malformed)."""
    value = doc._.pub_date
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


class FactComponent:
    """Runs one rule module over a Doc and records its facts and spans (see module doc)."""

    def __init__(self, fact_type: FactType, name: str, on_error: str = "raise"):
        if on_error not in ("raise", "record"):
            raise ValueError(f"on_error must be 'raise' or 'record', not {on_error!r}")
        self.fact_type = fact_type
        self.name = name
        self.on_error = on_error
        self._extract = importlib.import_module(fact_type.module).extract

    def __call__(self, doc: Doc) -> Doc:
        if doc._.facts is None:
            doc._.facts = []
        context = Context(doc._.article_id or "doc", pub_date_of(doc))
        try:
            facts = list(self._extract(doc, context))
            starts = sentence_starts(doc)
            records = [self._record(doc, fact, starts) for fact in facts]
        except Exception as err:  # an extractor bug must not lose the other components' facts
            if self.on_error == "raise":
                raise
            errors = doc._.jlr_errors or []
            errors.append({"component": self.name, "error": f"{type(err).__name__}: {err}"})
            doc._.jlr_errors = errors
            return doc
        spans = []
        for record in records:
            span = doc.char_span(record["start"], record["end"], label=record["source"],
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.fact_type.span_key] = spans
        doc._.facts.extend(records)
        if context.warnings:
            doc._.jlr_warnings = (doc._.jlr_warnings or []) + context.warnings
        return doc

    def _record(self, doc: Doc, fact: Fact, starts: list[int]) -> dict:
        fact.text = doc_text(doc)[fact.start : fact.end]
        fact.article = doc._.article_id or "doc"
        fact.sentence = max(bisect.bisect_right(starts, fact.start) - 1, 0)
        return fact.to_dict()


def sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where the Doc's sentences start ([0] when it has no sentences).

    Computed once per Doc (`per_doc`). It assumes, as holds in our pipeline, that it is
    first asked after the parser and that no later component moves a sentence boundary."""
    return per_doc(doc, "jlr_sentence_starts", _sentence_starts)


def _sentence_starts(doc: Doc) -> list[int]:
    if len(doc) and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [sent.start_char for sent in doc.sents]
    return [0]


def _factory(fact_type: FactType):
    @Language.factory(
        fact_type.component,
        assigns=["doc.spans", "doc._.facts"],
        requires=["doc.ents", "token.dep", "token.tag"],
        default_config={"on_error": "raise"},
    )
    def make(nlp: Language, name: str, on_error: str) -> FactComponent:
        return FactComponent(fact_type, name, on_error)

    make.__name__ = f"make_{fact_type.component}"
    make.__doc__ = f"The {fact_type.name} component (facts v1 `{fact_type.name}` records)."
    return make


make_money = _factory(REGISTRY["money"])
make_dates = _factory(REGISTRY["date"])
make_sites = _factory(REGISTRY["site"])
make_quotes = _factory(REGISTRY["quote"])
