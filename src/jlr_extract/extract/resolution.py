"""A cue's subject resolved to the most specific mention of the speaker: pronouns (of a
compatible gender: data/first_names.json), "the company", "the spokesperson", bare surnames,
and documents that speak for whoever issued them ("the ruling states")."""

from __future__ import annotations

from typing import Callable

from spacy.tokens import Span, Token

from ..article_view import SUBJECT_DEPS
from .names import (
    bare,
    clean,
    entity_of,
    expand_acronym,
    full_name,
    fullest_org_name,
    is_definite,
    is_definite_nominal,
    is_surname_of_someone,
    noun_phrase,
    np_is_entity,
    organisation_for,
    person_with_surname,
    usual_form,
)
from .quote_context import INHERIT_PARAGRAPHS, DocView, History
from .speaker_lexicon import PERSON_LABELS, PRONOUN_GENDER, cue_data


def resolve_speaker(view: DocView, token: Token, history: History) -> tuple[str | None, bool]:
    """(speaker text, is a person) for the subject token of a cue."""
    data = cue_data()
    lower = token.lower_
    pronouns = data["pronouns"]
    if lower in pronouns["person"]:
        return _resolve_person_pronoun(view, token, history)
    if lower in pronouns["group"] or lower in pronouns["thing"]:
        return _resolve_group_pronoun(view, token, history)
    if lower in pronouns["first"] or lower in pronouns["relative"]:
        if lower in pronouns["relative"] and token.head.dep_ in ("relcl",) and token.head.head is not None:
            return resolve_speaker(view, token.head.head, history)
        return None, False
    entity = entity_of(token)
    if entity is not None and entity.label_ in PERSON_LABELS:
        # the small NER often tags a company's short name as a person ("Acme said")
        org_name = fullest_org_name(view, entity.text)
        if org_name != entity.text and not is_surname_of_someone(view, entity):
            return org_name, False
        return full_name(view, entity), True
    if token.pos_ == "PROPN":
        # a surname the NER missed ("Lopez added") still finds the full name given earlier
        person = person_with_surname(view, token)
        if person is not None:
            return person, True
    if lower in data["document_nouns"] and not token.ent_type_:
        issuer = _document_issuer(view, token, history)
        if issuer is not None:
            return issuer
    if token.pos_ == "NOUN":
        # "the mayor, Ruth Adler, said": the apposed name is the more specific mention
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return resolve_speaker(view, child, history)
    if token.pos_ in ("NOUN",) and lower in data["org_nouns"] and is_definite_nominal(token):
        # "the company" is usually the article's main organisation, not the last one named
        org = organisation_for(view, token)
        if org is not None:
            return expand_acronym(view, org.text), False
    if token.pos_ in ("NOUN",) and lower in data["person_nouns"] and is_definite(token):
        earlier = _earlier_speaker_with_head(history, token)
        if earlier is not None:
            return earlier.speaker, earlier.speaker_is_person
    if token.pos_ == "NOUN" and lower in data["person_nouns"] and _is_anaphoric_role(token):
        person = _person_just_named(view, token, history)
        if person is not None:
            return person, True
    phrase = noun_phrase(token)
    if entity is not None and entity.label_ == "ORG" and np_is_entity(phrase, entity):
        return expand_acronym(view, bare(entity.text)), False
    return usual_form(view, expand_acronym(view, clean(phrase.text))), False


# how many sentences back "the researcher" looks for the person it refers to
ROLE_SENTENCES = 2


def _is_anaphoric_role(token: Token) -> bool:
    """"the researcher", "the security researcher": a singular role with "the" and at most
    noun or adjective modifiers before it, nothing after it that would introduce someone new."""
    if token.tag_ != "NN" or token.ent_type_:
        return False
    children = list(token.children)
    dets = [c for c in children if c.dep_ == "det"]
    if not dets or dets[0].lower_ != "the":
        return False
    return all((c.dep_ in ("det", "compound", "amod") and c.i < token.i) or c.is_space for c in children)


def _person_just_named(view: DocView, token: Token, history: History) -> str | None:
    """The person "the researcher" refers to: the named person quoted just before, else the
    named person who is the subject of this or the sentence before."""
    if history:
        paragraph, previous = history[-1]
        if (
            previous.speaker_is_person and previous.speaker and len(previous.speaker.split()) > 1
            and view.paragraph_of(token.idx) - paragraph <= INHERIT_PARAGRAPHS
            and previous.speaker.split()[0].lower() not in ("a", "an", "the", "one")
        ):
            return previous.speaker
    doc = view.doc
    earliest, counted = view.sentence(token.i).start, 1
    while counted < ROLE_SENTENCES and earliest > 0:
        sent = view.sentence(earliest - 1)
        earliest = sent.start
        # a sentence of the quotation itself is not one the writer narrates
        counted += any(not view.in_quote[t.i] and not t.is_space for t in sent)
    for subject in reversed(doc[earliest : token.i]):
        if subject.dep_ in SUBJECT_DEPS and not view.in_quote[subject.i]:
            name = _person_name_of(view, subject)
            if name is not None:
                return name
    return None


# how many sentences back the issuer of a document ("the notice reads") may be named
ISSUER_SENTENCES = 3


def _document_issuer(view: DocView, noun: Token, history: History) -> tuple[str | None, bool] | None:
    """Who issued a document that speaks ("the ruling states", "according to the accounts",
    "Acme's letter warned"): its possessor, the "from"/"by" phrase after it, or, for "the
    <document>", the subject the article last gave in this or the sentences before (who
    ruled, wrote, fined); None when the article does not say."""
    for child in noun.children:
        if child.dep_ == "poss" and not view.in_quote[child.i]:
            speaker, is_person = resolve_speaker(view, child, history)
            return (bare(speaker) if speaker else speaker), is_person
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and not view.in_quote[obj.i] and obj.lower_ not in cue_data()["document_nouns"]:
                    if obj.ent_type_ in PERSON_LABELS + ("ORG",) or obj.lower_ in cue_data()["org_nouns"]:
                        return resolve_speaker(view, obj, history)
    for child in noun.lefts:  # "the Sygnia report", "the Conti training document": the name issued it
        names = [t for t in child.subtree if t.pos_ == "PROPN" and t.dep_ == "compound" and not view.in_quote[t.i]]
        if child.dep_ in ("compound", "amod") and names:
            return resolve_speaker(view, names[0], history)
    doc = view.doc
    dets = [c.lower_ for c in noun.children if c.dep_ == "det"]
    if not dets and noun.i > 0 and noun.dep_ == "amod":
        dets = [doc[noun.i - 1].lower_]  # "the ruling states" misparsed: "ruling" as a modifier
    if not dets or dets[0] not in ("the", "this", "that"):
        return None
    sent = view.sentence(noun.i)
    for _ in range(ISSUER_SENTENCES):
        subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < noun.i and not view.in_quote[t.i]]
        for subject in reversed(subjects):
            if _can_issue(subject) and _issues(subject.head):
                return resolve_speaker(view, subject, history)
        if sent.start == 0:
            break
        sent = view.sentence(sent.start - 1)
    return None


def _issues(verb: Token) -> bool:
    """The verb says its subject issued something: an issuing verb ("ruled", "wrote",
    "fined") or any verb whose object is a document ("put out a notice")."""
    data = cue_data()
    if verb.lower_ in data["issuing_verbs"]:
        return True
    return any(c.dep_ in ("dobj", "attr") and c.lower_ in data["document_nouns"] for c in verb.children)


def _can_issue(token: Token) -> bool:
    """A subject that can issue a document: a person, an organisation, a role or a body."""
    data = cue_data()
    if token.lower_ in data["document_nouns"]:
        return False
    if token.ent_type_ in PERSON_LABELS + ("ORG",):
        return True
    return token.pos_ == "NOUN" and (token.lower_ in data["org_nouns"] or token.lower_ in data["person_nouns"])


def _earlier_speaker_with_head(history: History, token: Token):
    head = token.lower_
    for _, previous in reversed(history):
        if previous.speaker and previous.speaker.lower().split()[-1] == head and len(previous.speaker.split()) > 2:
            return previous
    return None


def _salient_before(view: DocView, ents: list[Span], token: Token, sentences: int = 4):
    """The last entity before token, preferring one that is the subject of its clause."""
    earliest = view.sentence(token.i).start
    for _ in range(sentences - 1):
        if earliest == 0:
            break
        earliest = view.sentence(earliest - 1).start
    fallback = None
    for ent in reversed(ents):
        if ent.start >= token.i:
            continue
        if fallback is None:
            fallback = ent
        if ent.start < earliest:
            break
        if ent.root.dep_ in SUBJECT_DEPS:
            return ent
    return fallback


def _recent_speaker(view: DocView, token: Token, history: History, person: bool):
    """The speaker of the last quotation in this or the previous paragraph, if of the right kind."""
    if not history:
        return None
    paragraph, previous = history[-1]
    if view.paragraph_of(token.idx) - paragraph <= INHERIT_PARAGRAPHS and previous.speaker_is_person == person:
        return previous
    return None


def _resolve_person_pronoun(view: DocView, token: Token, history: History):
    """he/she: a person who is the subject earlier in the same sentence, else the last quoted
    person nearby, else the last person named as a subject; never one of the other gender."""
    gender = PRONOUN_GENDER.get(token.lower_)

    def fits(name: str):
        known = view.gender_of(name)
        return gender is None or known is None or known == gender

    candidates = [p for p in view.people if fits(full_name(view, p))]
    sent_start = view.sentence(token.i).start
    for person in reversed(candidates):
        if sent_start <= person.start and person.end <= token.i and person.root.dep_ in SUBJECT_DEPS:
            return full_name(view, person), True
    after = history[-1][1].quote_end if history else -1
    introduced = _main_subject_person(view, token, after, fits)
    if introduced is not None:
        return introduced, True
    previous = _recent_speaker(view, token, history, person=True)
    if previous is not None and fits(previous.speaker):
        return previous.speaker, True
    previous = _recent_nominal_speaker(view, token, history)
    if previous is not None:
        return previous.speaker, False
    person = _salient_before(view, candidates, token)
    if person is not None:
        return full_name(view, person), True
    return None, False


NP_PREPOSITIONS = ("in", "at", "of", "for", "from", "with", "to", "on")
GROUP_NOUNS = ("people", "police")
# how many sentences back a pronoun looks for the person a sentence is about
MAIN_SUBJECT_SENTENCES = 3


def _main_subject_person(view: DocView, token: Token, after: int, fits: Callable[[str | None], bool]):
    """A person introduced as the subject of a main clause since the last quotation ("Its
    head, Jo Fox, said the ... . '...,' he said"): the writer has moved on to that person."""
    sent = view.sentence(token.i)
    for _ in range(MAIN_SUBJECT_SENTENCES):
        if sent.end_char <= after:
            break
        for subject in view.main_subjects(sent):  # the clause nearest the pronoun first
            if subject.i >= token.i or subject.idx <= after or view.in_quote[subject.i]:
                continue
            name = _person_name_of(view, subject)
            if name is not None and fits(name):
                return name
        if sent.start == 0:
            break
        sent = view.sentence(sent.start - 1)
    return None


def _person_name_of(view: DocView, subject: Token):
    """The person a subject names: itself, its apposition ("the head, Jo Fox,") or a bare
    surname of someone named earlier; None for anything else."""
    # the parser often hangs the apposition on the last noun of the subject's phrase
    appositions = [t for t in subject.subtree if t.dep_ == "appos" and t.i > subject.i]
    for token in [subject] + appositions[:1]:
        entity = entity_of(token)
        if entity is not None and entity.label_ in PERSON_LABELS:
            return full_name(view, entity)
        if token.pos_ == "PROPN":  # a surname the NER missed or took for a place ("Lee")
            person = person_with_surname(view, token)
            if person is not None:
                return person
    return None


def _recent_nominal_speaker(view: DocView, token: Token, history: History):
    """'"...," said a police officer. "...," he said': an unnamed individual quoted just before."""
    if not history:
        return None
    paragraph, previous = history[-1]
    if view.paragraph_of(token.idx) - paragraph > INHERIT_PARAGRAPHS or not previous.speaker:
        return None
    words = previous.speaker.lower().split()
    if words[0] not in ("a", "an", "the"):
        return None
    cut = next((i for i, w in enumerate(words) if w in NP_PREPOSITIONS), len(words))
    head = words[cut - 1]
    if head in cue_data()["person_nouns"] and not head.endswith("s") and head not in GROUP_NOUNS:
        return previous
    return None


def _singular_they(token: Token, history: History):
    """'they' after a quote by an unnamed individual ("a company spokesperson said: ...")
    is singular they: that individual, not the organisation."""
    if token.lower_ != "they" or not history:
        return None
    previous = history[-1][1]
    if not previous.speaker:
        return None
    head = previous.speaker.split()[-1].lower()
    return previous if head in cue_data()["person_nouns"] else None


def _resolve_group_pronoun(view: DocView, token: Token, history: History):
    """they/it/we: the last non-person speaker nearby, else the last organisation named."""
    individual = _singular_they(token, history)
    if individual is not None:
        return individual.speaker, individual.speaker_is_person
    previous = _recent_speaker(view, token, history, person=False)
    if previous is not None:
        return previous.speaker, False
    org = _salient_before(view, view.orgs, token)
    if org is not None:
        return expand_acronym(view, org.text), False
    return None, False
