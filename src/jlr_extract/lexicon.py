"""The one loader for the pattern data shipped in `jlr_extract/data/*.json`.

Every rule module asks `lexicon(name)` (cached per process) instead of reading files itself.
Keys starting with "_" are comments in the data files and are dropped.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def lexicon(name: str, sets: bool = False) -> dict[str, Any]:
    """The data file `data/<name>.json` as a dict (without "_" comment keys); with `sets`, every
    top-level list becomes a frozenset (for membership tests). Raises FileNotFoundError for an
    unknown name and json.JSONDecodeError for a broken file."""
    text = resources.files("jlr_extract.data").joinpath(f"{name}.json").read_text("utf-8")
    data = {k: v for k, v in json.loads(text).items() if not k.startswith("_")}
    if sets:
        data = {k: frozenset(v) if isinstance(v, list) else v for k, v in data.items()}
    return data
