import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def nlp():
    from jlr_extract.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def run_extractor(nlp):
    """run_extractor(module, text, pub_date=None) -> list of Fact (offsets into text)."""
    from jlr_extract.components import Context

    def run(module, text, pub_date=None):
        if isinstance(pub_date, str):
            pub_date = dt.date.fromisoformat(pub_date)
        doc = nlp(text)
        facts = list(module.extract(doc, Context("test", pub_date)))
        for fact in facts:
            fact.text = text[fact.start : fact.end]
        return sorted(facts, key=lambda f: (f.start, f.end))

    return run


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden", action="store_true",
        help="rewrite tests/golden from the current output (review the diff before committing)",
    )
