"""What a date is the time of (`event`) and what an amount measures (`subject`), from the parse.

Both are short lower-case lemma phrases (story-v1.md, facts v1.1): "attack", "restart
production", "statement", "loan guarantee". The pipeline runs without spaCy's lemmatizer
(nlp.py), so lemmas come from the rule lemmatizer's own tables (`lemma_rules`, `lemma_index`,
`lemma_exc`), read once from the installed English model's `lemmatizer/lookups` (about 1 MB);
when no model ships them, a small suffix rule stands in (`_suffix_lemma`).

Word families (data/events.json) give the same happening told in other words one key
(`event_key`): "hack", "cyberattack", "the attackers hit" all key to "attack".
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..lexicon import lexicon

if TYPE_CHECKING:  # the story merge imports event_key without loading spaCy
    from spacy.tokens import Span, Token

_MAX_CLIMB = 8
_NOMINAL_SUFFIXES = ("tion", "sion", "ment", "ure", "age")
_PREP_DEPS = ("prep", "agent")
_MODIFIER_DEPS = ("compound", "amod", "nmod", "nummod", "quantmod", "poss", "npadvmod")


@functools.lru_cache(maxsize=1)
def load_data() -> dict:
    """events.json with each list as a set and the family index {word or phrase: key}."""
    raw = lexicon("events")
    data = {k: (frozenset(v) if isinstance(v, list) else v) for k, v in raw.items()}
    data["family_of"] = {member: key for key, members in raw["families"].items()
                         for member in (key, *members)}
    return data


# --- lemmas -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _lemmatizer():
    """spaCy's rule lemmatizer over the installed model's tables, or None when none ships them."""
    import importlib.util
    from pathlib import Path

    from spacy.lookups import Lookups

    from ..nlp import DEFAULT_MODELS

    for name in DEFAULT_MODELS:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for root in spec.submodule_search_locations:
            for folder in Path(root).glob("*/lemmatizer/lookups"):
                lookups = Lookups().from_disk(folder)
                if all(lookups.has_table(t) for t in ("lemma_rules", "lemma_index", "lemma_exc")):
                    return lookups
    return None


_UNIVERSAL = {"NOUN": "noun", "PROPN": "noun", "VERB": "verb", "AUX": "verb", "ADJ": "adj"}


@functools.lru_cache(maxsize=1)
def _rule_tables() -> dict | None:
    """{universal POS: (index set, exceptions, rules)} from the model's lemmatizer tables.

    spaCy stores each POS's index as a list; membership tests on it cost a scan of thousands
    of words per call, so the index is made a set once."""
    lookups = _lemmatizer()
    if lookups is None:
        return None
    index, exc, rules = (lookups.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
    return {univ: (frozenset(index.get(univ, ())), exc.get(univ, {}), tuple(rules.get(univ, ())))
            for univ in set(_UNIVERSAL.values())}


@functools.lru_cache(maxsize=65536)
def _rule_lemma(word: str, pos: str) -> str | None:
    """The rule lemmatizer's algorithm (spaCy `Lemmatizer.rule_lemmatize`), on one word."""
    univ = _UNIVERSAL.get(pos)
    tables = _rule_tables()
    if univ is None or tables is None:
        return None
    index, exceptions, rules = tables[univ]
    if word in exceptions:
        return exceptions[word][0]
    if word in index:
        return word
    for old, new in rules:
        if word.endswith(old):
            form = word[: len(word) - len(old)] + new
            if form and form in index:
                return form
    return None


def _suffix_lemma(word: str, pos: str) -> str:
    """Fallback: strip a plural or verb ending (-s, -es, -ies, -ed, -ing)."""
    if pos in ("NOUN", "PROPN"):
        if word.endswith("ies") and len(word) > 4:
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            return word[:-1]
        return word
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]
            return stem
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def lemma(token: Token) -> str:
    """The lower-case lemma of a token (spaCy rule tables, else the suffix rule)."""
    word = token.lower_
    if token.pos_ not in _UNIVERSAL:
        return word
    found = _rule_lemma(word, token.pos_)
    return found or _suffix_lemma(word, token.pos_)


# --- event of a date ----------------------------------------------------------------------


def event_key(phrase: str | None) -> str | None:
    """The family key of an event phrase: the family of the whole phrase, else of its head
    word (first word for a verb phrase, last for a noun phrase), else the phrase itself.
    'hack' -> 'attack', 'resume production' -> 'restart', 'production pause' -> 'halt'."""
    if not phrase:
        return None
    family = load_data()["family_of"]
    if phrase in family:
        return family[phrase]
    words = phrase.split()
    for word in (words[0], words[-1], *words[1:-1]):
        if word in family:
            return family[word]
    return phrase


def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def _is_event_noun(token: Token) -> bool:
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in ("ORG", "PERSON", "GPE", "DATE"):
        return False
    data = load_data()
    word = lemma(token)
    return (word in data["family_of"] or word in data["event_nouns"]
            or (token.pos_ == "NOUN" and word.endswith(_NOMINAL_SUFFIXES) and len(word) > 5))


def _noun_phrase(token: Token, keep: int = 1) -> str:
    """The noun's lemma with up to `keep` compound or classifying modifiers before it ("loan
    guarantee", "bottom line"); adjectives of time, size or order ("quarterly", "big", "first")
    are left out."""
    drop = load_data()["unclassifying_adjectives"]
    mods = [c for c in token.lefts if c.dep_ in ("compound", "amod") and c.is_alpha
            and c.pos_ in ("NOUN", "PROPN", "ADJ") and c.ent_type_ not in ("ORG", "GPE", "PERSON")
            and c.lower_ not in drop]
    words = [m.lower_ for m in mods[-keep:]] if keep else []
    return " ".join([*words, lemma(token)])


def _object_of(verb: Token, outside: range = range(0)) -> Token | None:
    """The verb's object; when the object is the date itself ("lost a month of production"),
    the noun of its 'of' phrase, else None."""
    for child in verb.children:
        if child.dep_ in ("dobj", "obj", "attr", "oprd"):
            if child.i not in outside:
                return child
            for prep in child.children:
                if prep.lower_ == "of":
                    for noun in prep.children:
                        if noun.dep_ == "pobj" and noun.i not in outside:
                            return noun
            return None
    for child in verb.children:  # "extended the pause", passive "was hacked": the subject
        if child.dep_ == "nsubjpass":
            return child
    return None


def _clause_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp") and _is_verb(child):
            return child
    return None


def _subject_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
    return None


def _antecedent(token: Token) -> Token | None:
    """The last event noun named before an anaphoric pronoun ('The hack ... It began ...')."""
    doc = token.doc
    for i in range(token.i - 1, max(token.i - 200, 0) - 1, -1):
        if _is_event_noun(doc[i]) and doc[i].dep_ != "compound":
            return doc[i]
    return None


def _prep_object_event(verb: Token) -> Token | None:
    """'have been in contact daily': the event noun of a preposition hanging from the verb."""
    found = [noun for prep in verb.children if prep.dep_ == "prep"
             for noun in prep.children if noun.dep_ == "pobj" and _is_event_noun(noun)]
    return min(found, key=lambda n: abs(n.i - verb.i), default=None)


def _verb_event(verb: Token, depth: int = 0, outside: range = range(0)) -> str | None:
    data = load_data()
    word = lemma(verb)
    if word in data["reporting_verbs"]:
        return "statement"
    subject = _subject_of(verb)
    if subject is not None and subject.lower_ in data["anaphors"]:
        found = _antecedent(subject)
        subject = found if found is not None else subject
    obj = _object_of(verb, outside)
    phrase_with_subject = f"{lemma(subject)} {word}" if subject is not None else None
    if phrase_with_subject in data["family_of"]:
        return phrase_with_subject  # "the attackers hit"
    if word in data["happen_verbs"] and subject is not None and _is_event_noun(subject):
        return _noun_phrase(subject)  # "the attack happened on Monday"
    if word in data["light_verbs"] and depth < 3:
        clause = _clause_of(verb)
        if clause is not None:
            return _verb_event(clause, depth + 1, outside)  # "planned to restart production"
        if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(obj)  # "extended the production pause"
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
            return _noun_phrase(verb.head)  # "a statement sent today"
        noun = _prep_object_event(verb)
        if noun is not None:
            return _noun_phrase(noun)
        if word == "announce":
            return "statement"
        if subject is not None and _is_event_noun(subject):
            return _noun_phrase(subject)
        if subject is not None and subject.dep_ == "csubj" and _is_verb(subject):
            return _verb_event(subject, depth + 1, outside)  # "getting lines running could take months"
    if obj is not None and obj.pos_ == "NOUN" and obj.ent_type_ == "" and word not in data["family_of"]:
        return f"{word} {lemma(obj)}"  # "produce cars", "restart production"
    if obj is not None and obj.pos_ == "NOUN" and f"{word} {lemma(obj)}" in data["family_of"]:
        return f"{word} {lemma(obj)}"
    return word


_TARGETED_FAMILIES = ("attack", "halt", "restart")


def event_of(span: Span) -> str | None:
    """The `event` of a date expression (see `_event_of`), with " on <organisation>" when an
    attack, halt or restart is told of another organisation than the article's main one ("the
    cyber attack on M&S in April" in an article about another firm: "attack on m&s"), so that
    the story keeps other firms' incidents apart."""
    phrase = _event_of(span)
    key = event_key(phrase)
    if key not in _TARGETED_FAMILIES:
        return phrase
    family = load_data()["family_of"]
    candidates = [t for t in span.sent if family.get(lemma(t)) == key and t.i not in range(span.start, span.end)]
    if not candidates:
        return phrase
    token = min(candidates, key=lambda t: abs(t.i - span.start))
    org = _target_org(token)
    if org is None or _is_main_org(span.doc, org):
        return phrase
    return f"{phrase} on {org.lower()}"


def _entity_text(token: Token) -> str | None:
    """The organisation's name: its proper-noun subtree ("Marks and Spencer", "M&S")."""
    words = [t.text for t in token.subtree if t.pos_ in ("PROPN", "CCONJ") or t.text == "&"]
    return " ".join(words).strip() or token.text


def _target_org(token: Token) -> str | None:
    """The organisation an event word is told of: its possessor or compound ("M&S's outage"),
    the object of 'on'/'against'/'at' ("the attack on M&S"), or a verb's object or passive
    subject ("hackers hit M&S", "M&S was hacked")."""
    for child in token.children:
        if child.dep_ in ("poss", "compound", "nmod", "dobj", "nsubjpass") and child.ent_type_ == "ORG":
            return _entity_text(child)
        if child.dep_ == "prep" and child.lower_ in ("on", "against", "at"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "ORG":
                    return _entity_text(obj)
    return None


def _is_main_org(doc, org: str) -> bool:
    """True when `org` is the doc's most named organisation (by words or initials)."""
    from collections import Counter

    from ..story.sources import source_words

    cache = doc.user_data.setdefault("jlr_events_main_org", {})
    if "words" not in cache:
        counts = Counter(e.text for e in doc.ents if e.label_ == "ORG")
        main = counts.most_common(1)[0][0] if counts else None
        cache["words"] = source_words(main) if main else frozenset()
    words = source_words(org)
    return not cache["words"] or not words or bool(words & cache["words"])


def _event_of(span: Span) -> str | None:
    """The `event` of a date expression: the lemma phrase of the verb or event noun it is the
    time of, "statement" for a reporting verb, None when the parse ties it to nothing.

    Climbs the dependency tree from the span's root through prepositions, appositions and
    non-event nouns ("the three months to the end of September ... it produced") to the
    first event verb or event noun; light verbs hand over to their object or clause
    ("extended the pause until ..."); a pronoun subject follows its antecedent. A halt
    "until" a date is the time of the restart. Source: TimeML EVENT heads and their
    TLINK signals (Pustejovsky et al. 2003).
    """
    data = load_data()
    inside = range(span.start, span.end)
    until = _until_predicate(span)
    if until is not None:
        return until
    noun = _event_noun_before(span)
    if noun is not None:
        if noun.dep_ in ("dobj", "obj") and _is_verb(noun.head) and lemma(noun.head) not in data["light_verbs"]:
            return _verb_event(noun.head, outside=inside)  # "restart production on 1 July"
        return _noun_phrase(noun, keep=0 if lemma(noun) in data["family_of"] else 1)
    token = span.root
    preposition = None
    passed: list[str] = []  # every preposition climbed through
    for _ in range(_MAX_CLIMB):
        if token.head.i == token.i:
            break
        child, token = token, token.head
        if token.i in inside:
            continue
        if token.pos_ == "ADP" or child.dep_ == "pobj":
            preposition = preposition or token.lower_
            passed.append(token.lower_)
            continue
        if _is_verb(token):
            first = _first_since(token, inside, [*passed, _word_before(span, _AMOUNT_QUALIFIERS)])
            if first is not None:
                return first
            return _with_signal(_verb_event(token, outside=inside), preposition)
        if _is_event_noun(token):
            word = lemma(token)
            if token.dep_ in ("dobj", "obj") and _is_verb(token.head) \
                    and lemma(token.head) not in data["light_verbs"]:
                # "restart some production in the coming days": the verb is the event
                return _with_signal(_verb_event(token.head, outside=inside), preposition)
            if word in data["light_verbs"] or word in ("production", "manufacturing", "output"):
                phrase = _noun_phrase(token)
            else:
                phrase = _noun_phrase(token, keep=0 if word in data["family_of"] else 1)
            return _with_signal(phrase, preposition)
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass", "ROOT"):
            break
    return None


def _first_since(verb: Token, inside: range, prepositions: list[str]) -> str | None:
    """'preparing to build its first cars in more than a month later this week': making the
    first output after a gap is the restart (the point date), and the gap ('in more than a
    month', 'for weeks') is the halt."""
    data = load_data()
    target = verb
    for _ in range(3):
        if lemma(target) in data["production_verbs"]:
            break
        clause = _clause_of(target)
        if clause is None:
            return None
        target = clause
    else:
        return None
    obj = _object_of(target, inside)
    if obj is None or not any(c.lower_ == "first" for c in obj.children if c.dep_ in ("amod", "advmod")):
        return None
    gap = any(p in ("in", "for", "since") for p in prepositions)
    return "halt production" if gap else "restart production"


def _event_noun_before(span: Span) -> Token | None:
    """'the breach on May 3', 'the vote in June': a date in a preposition right after an event
    noun is that noun's time, wherever the parser attaches the preposition."""
    doc = span.doc
    i = span.start - 1
    if i - 1 < span.sent.start or doc[i].lower_ not in ("on", "in", "of", "at"):
        return None
    noun = doc[i - 1]
    return noun if _is_event_noun(noun) and noun.dep_ != "compound" else None


_UNTIL_QUALIFIERS = ("at", "least", "the", "earliest", "latest", "most", "no", "later", "than")
_AMOUNT_QUALIFIERS = ("more", "than", "over", "nearly", "almost", "about", "around", "less",
                      "fewer", "under", "at", "least", "some", "roughly", "just")


def _word_before(span: Span, skip: tuple[str, ...]) -> str | None:
    """The word before the span, past qualifiers ('in more than a month' -> 'in')."""
    doc = span.doc
    i = span.start - 1
    while i >= span.sent.start and doc[i].lower_ in skip:
        i -= 1
    return doc[i].lower_ if i >= span.sent.start else None


def _until_predicate(span: Span) -> str | None:
    """'extended the pause until at least October 1 after ...': the parser often hangs the
    date on a later verb; 'until' belongs to the nearest predicate before it, and a halt
    until a date is the restart at that date."""
    doc = span.doc
    i = span.start - 1
    while i >= span.sent.start and doc[i].lower_ in _UNTIL_QUALIFIERS:
        i -= 1
    if i < span.sent.start or doc[i].lower_ not in ("until", "till", "til"):
        return None
    for j in range(i - 1, span.sent.start - 1, -1):
        token = doc[j]
        if _is_event_noun(token) or (_is_verb(token) and lemma(token) not in load_data()["light_verbs"]):
            phrase = _noun_phrase(token) if not _is_verb(token) else _verb_event(token)
            return _with_signal(phrase, "until")
    return None


def _with_signal(phrase: str | None, preposition: str | None) -> str | None:
    """'paused until October 1', 'extended the pause until ...': the end of a halt is the
    restart (TimeML signal 'until' marks the end point of the event)."""
    if phrase and preposition in ("until", "till", "til") and event_key(phrase) == "halt":
        return "restart"
    return phrase


# --- subject of an amount -----------------------------------------------------------------


def subject_of(span: Span) -> str | None:
    """The `subject` of a money expression: the noun it measures or is the value of, as a
    lower-case lemma phrase ("loan guarantee", "cost", "loss"), None when the text does not say.

    Rules (by the parse of the amount's root): a modifier of a noun gives that noun with its
    compound ("a £1.5bn loan guarantee"); the object of a measure verb gives the verb's noun
    ("costing £5m a day" -> "cost"); the object of 'by' after a verb gives that verb's object
    ("hit the bottom line by £120m"); the object of 'of'/'worth' gives the noun they hang from
    ("a fine of £2m"); an attribute gives the subject ("revenue was $5bn"); 'to'/'from' after a
    change verb gives its subject ("profit rose to £3m").
    """
    data = load_data()
    root = span.root
    head = root.head
    if head.i == root.i:
        return None
    inside = range(span.start, span.end)
    while head.i in inside and head.head.i != head.i:
        head = head.head
    dep = root.dep_
    if dep in _MODIFIER_DEPS and head.pos_ in ("NOUN", "PROPN"):
        return _subject_noun(head)
    if head.pos_ == "ADP" or dep == "pobj":
        prep = head.lower_
        governor = head.head
        if prep in data["value_prepositions"] and governor.pos_ in ("NOUN", "PROPN"):
            return _subject_noun(governor)
        if _is_verb(governor):
            if prep == "by":
                obj = _object_of(governor)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                    return _subject_noun(obj)
            return _verb_subject(governor)
        if governor.pos_ in ("NOUN", "PROPN"):
            return _subject_noun(governor)
        return None
    if head.lower_ in data["value_prepositions"] and head.head.pos_ in ("NOUN", "PROPN"):
        return _subject_noun(head.head)  # "a deal worth £5m" (worth as ADJ)
    if _is_verb(head):
        return _verb_subject(head)
    if head.pos_ in ("NOUN", "PROPN") and dep == "appos":
        return _subject_noun(head)
    return None


def _verb_subject(verb: Token) -> str | None:
    data = load_data()
    word = lemma(verb)
    if word in data["measure_verbs"]:
        return data["measure_verbs"][word]
    obj = _object_of(verb)
    subject = _subject_of(verb)
    for noun in (subject, obj):
        if noun is not None and noun.pos_ == "NOUN":
            return _subject_noun(noun)
    return None


def _subject_noun(noun: Token) -> str | None:
    data = load_data()
    if lemma(noun) in data["non_subject_nouns"] or noun.ent_type_ in ("ORG", "PERSON", "GPE"):
        return None
    words = re.findall(r"[a-z][a-z-]*", _noun_phrase(noun, keep=data["subject_compounds_kept"]))
    return " ".join(words) or None


def annotate(doc, facts, key: str, reader) -> None:
    """Set `fact.value[key]` to `reader(span)` for each fact (None where its characters make no
    span): the one way `event` (dates) and `subject` (money) are filled (facts v1.1)."""
    for fact in facts:
        span = doc.char_span(fact.start, fact.end, alignment_mode="expand")
        fact.value[key] = reader(span) if span is not None and len(span) else None
