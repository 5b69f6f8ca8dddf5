"""The speaker lexicon: reporting cues, pronouns, titles, role and organisation nouns
(data/cues.json) and first names that tell a person's gender (data/first_names.json), loaded
once per process; a PhraseMatcher of the multi-word cues, built once per vocab."""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from ..lexicon import lexicon


PERSON_LABELS = ("PERSON",)
# a subject in one of these entities is a misparse ("5:45 p.m. said"), not a speaker
NON_SPEAKER_ENTS = ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL")


# places: they never speak, so a reporting verb hung on one is misattached by the parser
PLACE_ENTS = ("GPE", "LOC", "FAC")


@lru_cache(maxsize=1)
def cue_data() -> dict:
    data = lexicon("cues")
    forms = {form for lemma_forms in data["verbs"].values() for form in lemma_forms}
    naming = {form for lemma in data["naming_verbs"] for form in data["verbs"].get(lemma, [])}
    return {
        "verb_forms": frozenset(forms),
        "naming_forms": frozenset(naming),
        "outer_forms": frozenset(f for lemma in data["outer_verbs"] for f in data["verbs"].get(lemma, [])),
        "document_nouns": frozenset(data["document_nouns"]),
        "noun_cues": frozenset(data["noun_cues"]),
        "issuing_verbs": frozenset(data["issuing_verbs"]),
        "phrases": tuple(data["phrases"]),
        "speaker_preps": data["speaker_preps"],
        "determined_preps": frozenset(data.get("determined_speaker_preps", ())),
        "pronouns": {k: frozenset(v) for k, v in data["pronouns"].items()},
        "titles": frozenset(data["titles"]),
        "org_nouns": frozenset(data["organisation_nouns"]),
        "person_nouns": frozenset(data["person_nouns"]),
    }


@lru_cache(maxsize=1)
def gender_data() -> dict:
    """First names and titles that tell whether "he" or "she" can refer to a person."""
    data = lexicon("first_names")
    names = {name: "m" for name in data["male"]}
    names.update({name: "f" for name in data["female"]})
    titles = {title: "m" for title in data["male_titles"]}
    titles.update({title: "f" for title in data["female_titles"]})
    return {"names": names, "titles": titles}


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}


_MATCHERS: dict[int, tuple[Vocab, PhraseMatcher]] = {}


def phrase_matcher(vocab: Vocab) -> PhraseMatcher:
    """A PhraseMatcher of the multi-word cues (match id "CUE"), built once per vocab."""
    entry = _MATCHERS.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        matcher = PhraseMatcher(vocab, attr="LOWER")
        matcher.add("CUE", [_make(vocab, phrase) for phrase in cue_data()["phrases"]])
        entry = (vocab, matcher)
        _MATCHERS[id(vocab)] = entry
    return entry[1]


def _make(vocab: Vocab, phrase: str) -> Doc:
    return Doc(vocab, words=phrase.split())
