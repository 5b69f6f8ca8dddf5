"""jlr-extract: normalised dates, sites, money amounts and quotes from news articles.

The library core never prints and never exits; `cli.py` is the only place that does.
Heavy imports (spaCy, dateparser) happen lazily so that `jlr-extract --help` stays fast.
"""

# The rule modules live in the subpackage `jlr_extract.extract`; importing it (an empty
# package, cheap) before `extract` the function is defined keeps `jlr_extract.extract` the
# function: a later `import jlr_extract.extract.dates` finds the subpackage in sys.modules
# and no longer rebinds the package attribute to it.
from . import extract as _rules  # noqa: F401
from .registry import FACT_TYPES

__version__ = "0.1.0"


def load(model: str | None = None, types=FACT_TYPES):
    """The spaCy pipeline `model` (default: the installed English model, see `nlp.py`) with the
    jlr components for `types` added, plus the components those need (dates read money spans),
    cached per (model, types). Returns a `spacy.Language`; raises `nlp.ModelError` when no model
    can be loaded and ValueError for an unknown type.

    `nlp(text)._.facts` then holds the facts of `text` as v1 record dicts; set
    `doc._.pub_date` (an ISO date string) on a Doc made with `nlp.make_doc` to anchor relative
    dates. Components configured by `load` record an extractor's exception in
    `doc._.jlr_errors` instead of raising."""
    from .nlp import load_pipeline
    from .pipeline import parse_types

    return load_pipeline(model, parse_types(types))


def extract(text, *, article="stdin", date=None, types=FACT_TYPES, model=None):
    """Extract the facts of one article text; returns a list of `records.Fact`.

    `date` is the publication date (a `datetime.date`, or None to use the text's
    ` date YYYY-MM-DD` header if any). Uses the cached `load(model, types)` pipeline.
    Raises ValueError when an extractor failed (the message names the component)."""
    from .articles import Article
    from .pipeline import Extractor

    extractor = Extractor(model=model, types=types)
    result = next(extractor.run([Article.from_text(article, text, date)]))
    if result.error:
        raise ValueError(result.error)
    return result.facts


__all__ = ["FACT_TYPES", "__version__", "extract", "load"]
