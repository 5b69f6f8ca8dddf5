"""jlr-extract: normalised dates, sites, money amounts and quotes from news articles.

The library core never prints and never exits; `cli.py` is the only place that does.
Heavy imports (spaCy, dateparser) happen lazily so that `jlr-extract --help` stays fast.
"""

__version__ = "0.1.0"

FACT_TYPES = ("date", "money", "site", "quote")


def extract(text, *, article="stdin", date=None, types=FACT_TYPES, model=None):
    """Extract the facts of one article text; returns a list of `Fact`.

    `date` is the publication date (a `datetime.date`, or None to use the text's
    ` date YYYY-MM-DD` header if any).
    """
    from .articles import Article
    from .pipeline import Extractor

    extractor = Extractor(model=model, types=types)
    result = next(extractor.run([Article.from_text(article, text, date)]))
    if result.error:
        raise ValueError(result.error)
    return result.facts


__all__ = ["FACT_TYPES", "__version__", "extract"]
