"""Mentions and names: a speaker's noun phrase, titles and roles stripped, surnames resolved
to the fullest earlier name, organisations to the fullest name or the acronym's definition,
and the article's usual form of a role ("an Acme spokesperson")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..article_view import SUBJECT_DEPS
from ..lexicon import lexicon
from .quote_context import DocView
from .speaker_lexicon import cue_data

# Right-hand dependents that stay in a speaker noun phrase ("analysts at Jefferies").
NP_RIGHT_KEEP = ("prep", "pobj", "compound", "amod", "nummod", "poss", "case", "nmod", "det")


def entity_of(token: Token):
    """The named entity holding token (found from the IOB tags: doc.ents rebuilds every
    entity on each access)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type_)


def noun_phrase(token: Token):
    """The subject's noun phrase without appositions, relative clauses and trailing lists."""
    doc = token.doc
    start = token.left_edge.i
    # never reach back over punctuation or a quotation mark that opened the clause
    while start < token.i and (doc[start].is_punct and doc[start].text not in ("(",)):
        start += 1
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in NP_RIGHT_KEEP:
            end = child.right_edge.i + 1
        else:
            break
    while end - 1 > token.i and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
        end -= 1  # "the secretary and" cut before its conjunct
    # a heading or a caption line the parser ran into the sentence is not part of the name
    for i in range(start, token.i):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            start = i + 1
    for i in range(token.i, end - 1):
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i + 1
            break
    while start < token.i and doc[start].is_space:
        start += 1
    return doc[start:end]


def clean(text: str) -> str:
    """Outer punctuation and a possessive ending off ("Jo Fox's claim" -> "Jo Fox")."""
    text = re.sub(r"\s*['’]s$", "", text.strip())
    return " ".join(text.strip(" ,;:-—–\"“”'‘’<>").split())


def strip_titles(span: Span):
    """Drop leading titles (Mr, Sen., President) and roles before a name ("Spokesman Jo
    Bloggs") unless nothing else is left."""
    titles = cue_data()["titles"]
    tokens = list(span)
    roles = cue_data()["person_nouns"]
    while len(tokens) > 1 and (
        tokens[0].lower_ in titles or (tokens[0].lower_ in roles and tokens[1].pos_ == "PROPN")
    ):
        tokens = tokens[1:]
    return span.doc[tokens[0].i : tokens[-1].i + 1]


def full_name(view: DocView, entity: Span) -> str:
    """A surname or titled name resolved to the fullest earlier name with the same surname."""
    key = entity.start * 100003 + entity.end
    if key not in view.full_names:
        view.full_names[key] = _full_name(view, entity)
    return view.full_names[key]


def _full_name(view: DocView, entity: Span) -> str:
    """A name with a first name stays as written ("Lazaro Gonzalez" is not "Juan Gonzalez")
    unless an earlier name extends it ("Suu Kyi"); a bare or titled surname takes the latest
    earlier full name with that surname, preferring one introduced as a subject (the person
    the writer is talking about)."""
    name = strip_titles(entity)
    words = name.text.split()
    candidates = []
    for start, candidate, longer in people_by_last_word(view).get(words[-1] if words else "", ()):
        if start >= entity.start:
            break
        # "Suu Kyi" of "Aung San Suu Kyi": the earlier name ends with all of this one
        if len(longer) > len(words) and longer[-len(words) :] == words:
            candidates.append(candidate)
    if not candidates:
        return clean(name.text)
    if len(words) > 1:
        return clean(max(candidates, key=len).text)
    subjects = [c for c in candidates if _is_subject_mention(c)]
    return clean((subjects or candidates)[-1].text)


def people_by_last_word(view: DocView) -> dict[str, list[tuple[int, Span, list[str]]]]:
    """last word -> (start, name without titles, its words) of each person mention outside
    quotations, in text order (built once per document and kept on the view: a name is looked
    up among the earlier names that end with its words)."""
    if view.people_by_last_word is None:
        index: dict[str, list[tuple[int, Span, list[str]]]] = {}
        for person in view.people:
            stripped = strip_titles(person)
            words = stripped.text.split()
            if words:
                index.setdefault(words[-1], []).append((person.start, stripped, words))
        view.people_by_last_word = index
    return view.people_by_last_word


def _is_subject_mention(span: Span) -> bool:
    """The mention is a clause subject or in apposition to one ("Its head, Jo Fox, said")."""
    root = span.root
    if root.dep_ in SUBJECT_DEPS:
        return True
    return root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS


def person_with_surname(view: DocView, token: Token):
    for person in reversed(view.people):
        if person.start < token.i and len(person) > 1 and person[-1].text == token.text:
            return full_name(view, person)
    return None


def bare(name: str) -> str:
    return name.removesuffix("'s").removesuffix("’s")


def is_definite(token: Token) -> bool:
    dets = [c for c in token.children if c.dep_ == "det"]
    mods = [c for c in token.children if c.dep_ in ("compound", "amod", "poss", "prep")]
    return bool(dets) and dets[0].lower_ in ("the", "this", "that") and not mods


def np_is_entity(phrase: Span, entity: Span) -> bool:
    words = [t for t in phrase if t.dep_ != "det" and not t.is_punct]
    return all(entity.start <= t.i < entity.end for t in words)


def is_definite_nominal(token: Token) -> bool:
    """"the company", "the data protection authority", "Britain's regulator": a description
    of an organisation already named, not a name."""
    if token.ent_type_ and token.ent_type_ not in ("GPE", "NORP"):
        return False
    dets = [c for c in token.children if c.dep_ in ("det", "poss")]
    if not dets or any(c.dep_ in ("prep", "relcl", "acl", "nummod") for c in token.children):
        return False
    det = dets[0]
    if det.dep_ == "det":
        return det.lower_ in ("the", "this", "that")
    return det.ent_type_ in ("GPE", "NORP") or det.lower_ in ("its", "their")


def organisation_for(view: DocView, token: Token):
    """The organisation a description refers to: one whose name holds the same noun
    ("the commission" -> "the Debate Commission"), else the article's main actor: the
    organisation named most often before."""
    before = [o for o in view.orgs if o.start < token.i]
    named = [o for o in before if token.lower_ in o.text.lower().split()]
    if named:
        return named[-1]
    # a one-word "organisation" that is a person's surname ("Lee said") is the NER's mistake
    surnames = {p[-1].lower_ for p in view.people if len(p) > 1}
    eligible = [o for o in before if not (len(o) == 1 and o[0].lower_ in surnames)]
    return _most_mentioned_before(eligible, token)


def _most_mentioned_before(ents: list[Span], token: Token):
    counts: dict[str, int] = {}
    last: dict[str, object] = {}
    first: dict[str, int] = {}
    for ent in ents:
        if ent.start >= token.i:
            break
        name = ent.text.removesuffix("'s").removesuffix("’s")
        counts[name] = counts.get(name, 0) + 1
        last[name] = ent
        first.setdefault(name, ent.start)
    if not counts:
        return None
    # ties go to the organisation named first: the article's subject is introduced early
    return last[max(counts, key=lambda name: (counts[name], -first[name]))]


POSSESSIVE_ROLE_RE = re.compile(r"^(?:the )?([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,4})['’]s (\w+)$")


def usual_form(view: DocView, speaker: str) -> str:
    """"Acme's spokesperson" is written the way the article usually names that role
    ("an Acme spokesperson") when it does, so one speaker gets one form. Once per name and
    document."""
    return view.by_name("usual_form", speaker, lambda: _scan_usual_form(view, speaker))


def _scan_usual_form(view: DocView, speaker: str) -> str:
    match = POSSESSIVE_ROLE_RE.match(speaker)
    if match is None or match.group(2).lower() not in cue_data()["person_nouns"]:
        return speaker
    org, role = match.groups()
    usual = re.search(rf"\b(?:an?|the) {re.escape(org)} {re.escape(role)}\b", view.text, re.IGNORECASE)
    return usual.group(0) if usual else speaker


def expand_acronym(view: DocView, name: str) -> str:
    """An acronym introduced earlier as "Long Name (ACRONYM)" is given its long name; a short
    organisation name ("Acme") the fullest name that extends it ("Acme Group Holdings Ltd.").
    Once per name and document."""
    return view.by_name("acronym", name, lambda: _expand_acronym(view, name))


def _expand_acronym(view: DocView, name: str) -> str:
    if not (name.isupper() and name.isalpha() and 2 <= len(name) <= 6):
        return fullest_org_name(view, name)
    text = view.text
    marker = f"({name})"
    at = text.find(marker)
    if at <= 0:
        return name
    doc = view.doc
    token = view.token_at(at - 1)
    for ent in doc.ents:
        if ent.end == token + 1 or ent.end == token:
            if ent.label_ in ("ORG", "GPE", "NORP", "FAC"):
                initials = "".join(w[0] for w in ent.text.split() if w[:1].isupper())
                if initials.upper().startswith(name[0]):
                    return ent.text
    spelled = _spelled_out_before(doc, token, name)
    return spelled if spelled is not None else name


def is_surname_of_someone(view: DocView, entity: Span) -> bool:
    """A name that ends a longer person name in the article ("Clinton" of "Jo Clinton")."""
    last = entity[-1].text
    return any(len(p) > len(entity) and p[-1].text == last for p in view.people)


def fullest_org_name(view: DocView, name: str) -> str:
    """The longest organisation mention that starts with `name` and goes on with capitalised
    words (a legal suffix like "Ltd." included): the most specific mention of it. Once per
    name and document."""
    return view.by_name("fullest_org", name, lambda: _scan_fullest_org_name(view, name))


def _scan_fullest_org_name(view: DocView, name: str) -> str:
    best = name
    documents = cue_data()["document_nouns"]
    for ent in view.orgs:
        # blanked markup leaves space runs, and a stray full stop after them ("Advisory ].")
        text = re.sub(r"\s+[.,;:]+$", "", " ".join(ent.text.split()))
        if len(text) > len(best) and text.startswith(name + " ") and text[len(name) + 1 : len(name) + 2].isupper():
            last = text.split()[-1].lower().rstrip(".")
            # "Acme Group Holdings Ltd.", not "Acme Security Advisory" or "Acme Compute Engine"
            if last not in documents and last in lexicon("sites", sets=True)["organisation_name_words"]:
                best = text
    return best


ACRONYM_GLUE = ("of", "and", "for", "on", "the", "'s", "’s", "&", "-")


def _spelled_out_before(doc: Doc, last: int, acronym: str):
    """The capitalised words before "(ACRONYM)" whose initials spell it, when the NER missed
    the name ("Office of Fair Play (OFP)")."""
    words, i = [], last
    while i >= 0 and len(words) < 3 * len(acronym):
        token = doc[i]
        if not (token.text[:1].isupper() or token.lower_ in ACRONYM_GLUE):
            break
        words.insert(0, token)
        i -= 1
    for start in range(len(words)):
        capitals = [t for t in words[start:] if t.text[:1].isupper()]
        if "".join(t.text[0] for t in capitals) == acronym and words[start].text[:1].isupper():
            return doc[words[start].i : last + 1].text
    return None
