"""Speakers as sources, and quotation words as a merge key (story-v1.md).

A company and its spokesperson are one source; two named people are two. Sources are compared
by their distinctive words (role nouns, determiners and titles set aside) and by the initials
of a multi-word name ("Jaguar Land Rover" = "JLR"), as the eval's speaker match compares words,
not characters. Quotations are compared after case and punctuation are ignored and all spaces
removed (Quotebank's normalisation, plus "under way" = "underway").
"""

from __future__ import annotations

import re
import unicodedata

_ROLE_WORDS = frozenset("""
a an the its his her their our of for and at in on from to by with
spokesperson spokesman spokeswoman spokespeople spokespersons representative representatives
official officials source sources statement company firm group carmaker business chief executive
ceo cfo coo chairman chairwoman chair president director head manager minister secretary
professor prof dr mr mrs ms miss sir lord lady dame senior junior deputy vice economics
business analyst analysts expert experts people person member members team staff
""".split())
_PRONOUNS = frozenset("i we he she they it you me us him them one someone".split())


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def source_words(speaker: str | None) -> frozenset[str]:
    """The distinctive words of a speaker, with the initials of its capitalised run of words
    ("A Jaguar Land Rover (JLR) spokesperson" -> {jaguar, land, rover, jlr}); empty for a
    pronoun, a bare role ("a spokesperson") or None."""
    if not speaker:
        return frozenset()
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", speaker)
    folded = [_fold(w).strip("'’") for w in words]
    if len(folded) == 1 and folded[0] in _PRONOUNS:
        return frozenset()
    keep = {w for w in folded if w not in _ROLE_WORDS and w not in _PRONOUNS and len(w) > 1}
    for run in re.findall(r"(?:[A-Z][a-z]+\s+){1,5}[A-Z][a-z]+", speaker):
        keep.add("".join(word[0] for word in run.split()).lower())
    return frozenset(keep)


def same_source(a: str | None, b: str | None) -> bool | None:
    """True (one source), False (two sources) or None (cannot be told: a pronoun or a bare role)."""
    x, y = source_words(a), source_words(b)
    if not x or not y:
        return None
    return bool(x & y)


def quote_key(content: str) -> str:
    """Case, punctuation and every space removed: the form quotations are compared in."""
    return "".join(c for c in _fold(content) if c.isalnum())
