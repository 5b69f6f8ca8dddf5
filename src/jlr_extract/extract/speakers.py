"""Who said a quotation: the reporting cue next to it, its subject, and that subject resolved.

The cue is a reporting verb, phrase or noun (data/cues.json) outside the quotation marks in the
sentence around it; a cue the quotation hangs from in the parse beats a nearer one it does not,
and a cue nested in reported speech gives way to the report around it ("X said Y believes '...'").
The speaker is the cue's subject ("X said", "said X"), the object of "according to", a
transcript label ("SMITH: ..."), or, with no cue, the subject of the sentence that introduces
the quotation or the speaker of the quotation before it. Pronouns (of a compatible gender:
data/first_names.json), "the company" and bare surnames are resolved to the most specific
earlier mention.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX
from spacy.tokens import Span, Token

from ..article_view import SUBJECT_DEPS, organisation_mentions
from ..lexicon import lexicon

# Heads whose subject a subjectless cue verb shares ("..., saying", "went on to say").
CLIMB_DEPS = ("advcl", "xcomp", "conj", "acl", "ccomp", "pcomp", "prep", "relcl")
# Right-hand dependents that stay in a speaker noun phrase ("analysts at Jefferies").
NP_RIGHT_KEEP = ("prep", "pobj", "compound", "amod", "nummod", "poss", "case", "nmod", "det")
PERSON_LABELS = ("PERSON",)
# how far back (paragraphs) an un-cued quotation may inherit the previous speaker
INHERIT_PARAGRAPHS = 1
MAX_CUE_DISTANCE = 40
# `"...," Jo Fox, a former aide to the mayor, said`: the most tokens between quote and cue
MAX_APPOSITION_TOKENS = 16
# `"...?" Jane Roe asked.` parsed as a sentence of its own: at most this many words
SHORT_REPORT_WORDS = 8
# extra cost (in tokens) of a cue the quotation does not hang from in the parse
UNGOVERNED_PENALTY = 15
# how a clause of reported speech hangs from the verb that reports it
REPORTED_DEPS = ("ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "dobj", "pobj", "prep")
# a subject in one of these entities is a misparse ("5:45 p.m. said"), not a speaker
NON_SPEAKER_ENTS = ("DATE", "TIME", "CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL")  # tokens between a cue and the quotation it attributes


# places: they never speak, so a reporting verb hung on one is misattached by the parser
PLACE_ENTS = ("GPE", "LOC", "FAC")


@dataclass
class Attribution:
    speaker: str | None = None
    cue: str | None = None
    partial: bool = False
    direct_cue: bool = False  # a cue in the same sentence governs the quotation
    looks_like_title: bool = False
    speaker_is_person: bool = False
    cued_speaker: bool = False  # the speaker is the cue's own subject or object
    quote_end: int = -1  # character offset where the quotation ends


# (paragraph index, attribution) of every earlier attributed quotation, in order
History = list[tuple[int, "Attribution"]]


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


def person_gender(person) -> str | None:
    """Gender evidence inside a PERSON mention or the title right before it ("Mrs Lee")."""
    data = gender_data()
    doc = person.doc
    before = doc[person.start - 1].lower_ if person.start > 0 else ""
    if before in data["titles"]:
        return data["titles"][before]
    for token in person:
        lower = token.lower_
        if lower in data["titles"]:
            return data["titles"][lower]
        if token.is_alpha and token.i < person.end - 1:
            return data["names"].get(lower)
    return None


def surname_genders(doc) -> dict[str, str]:
    """surname -> gender for every person the article gives a title or a known first name;
    a surname seen with both genders (a couple, relatives) gives no evidence."""
    genders: dict[str, str | None] = {}
    for ent in doc.ents:
        if ent.label_ not in PERSON_LABELS:
            continue
        gender = person_gender(ent)
        if gender is None:
            continue
        surname = ent[-1].lower_
        if genders.get(surname, gender) != gender:
            genders[surname] = None
        else:
            genders[surname] = gender
    return {k: v for k, v in genders.items() if v}


_MATCHERS: dict[int, tuple] = {}


def phrase_matcher(vocab):
    """A PhraseMatcher of the multi-word cues, built once per vocab."""
    entry = _MATCHERS.get(id(vocab))
    if entry is None or entry[0] is not vocab:
        from spacy.matcher import PhraseMatcher

        matcher = PhraseMatcher(vocab, attr="LOWER")
        matcher.add("CUE", [_make(vocab, phrase) for phrase in cue_data()["phrases"]])
        entry = (vocab, matcher)
        _MATCHERS[id(vocab)] = entry
    return entry[1]


def _make(vocab, phrase):
    from spacy.tokens import Doc

    return Doc(vocab, words=phrase.split())


# --- the document view --------------------------------------------------------------------


class DocView:
    """Per-document lookups shared by all quotations of the article."""

    def __init__(self, doc, spans, paragraphs):
        self.doc = doc
        self.text = doc.text  # doc.text is rebuilt from the tokens on every access
        self.spans = spans
        self.full_names: dict[int, str] = {}
        self.token_starts = doc.to_array(IDX).tolist()
        self.paragraph_starts = [a for a, _ in paragraphs]
        self.in_quote = bytearray(len(doc))
        for span in spans:
            first, last = self.token_at(span.start), self.token_at(span.end - 1)
            for i in range(first, last + 1):
                self.in_quote[i] = 1
        self.phrase_cues = {}  # first token index -> Span
        for _, start, end in phrase_matcher(doc.vocab)(doc):
            self.phrase_cues[start] = doc[start:end]
        self.people = [e for e in doc.ents if e.label_ in PERSON_LABELS and not self.in_quote[e.start]]
        self.orgs = organisation_mentions(doc, self.in_quote)
        self.surname_genders = surname_genders(doc)
        self.first_names_of: dict[str, set[str]] = {}  # surname -> first words of full names
        for person in self.people:
            if len(person) > 1:
                self.first_names_of.setdefault(person[-1].lower_, set()).add(person[0].lower_)

    def gender_of(self, name: str | None) -> str | None:
        """"m", "f" or None for a speaker name, from its first name or its surname's titles."""
        if not name:
            return None
        words = name.lower().split()
        first_names = gender_data()["names"]
        for word in words[:-1]:
            if word in first_names:
                return first_names[word]
        if len(words) > 1 and len(self.first_names_of.get(words[-1], ())) > 1:
            return None  # a family: "Mr Lee" tells nothing about "Ann Lee"
        return self.surname_genders.get(words[-1])

    def token_at(self, char: int) -> int:
        return max(bisect.bisect_right(self.token_starts, char) - 1, 0)

    def paragraph_of(self, char: int) -> int:
        return max(bisect.bisect_right(self.paragraph_starts, char) - 1, 0)

    def paragraph_end_token(self, char: int) -> int:
        """Index of the first token of the paragraph after the one holding char."""
        following = self.paragraph_of(char) + 1
        if following >= len(self.paragraph_starts):
            return len(self.doc)
        return self.token_at(self.paragraph_starts[following] - 1) + 1


def attribute_all(doc, spans, paragraphs) -> list[Attribution]:
    """One Attribution per QuoteSpan, in order; later quotations inherit from earlier ones."""
    if len(doc) == 0:
        return [Attribution() for _ in spans]
    view = DocView(doc, spans, paragraphs)
    history: list[tuple[int, Attribution]] = []  # (paragraph, attribution) of attributed quotes
    out = []
    for span in spans:
        attribution = attribute(view, span, history)
        attribution.quote_end = span.end
        if attribution.speaker:
            history.append((view.paragraph_of(span.start), attribution))
        out.append(attribution)
    return out


def attribute(view: DocView, span, history) -> Attribution:
    doc = view.doc
    first, last = view.token_at(span.start), view.token_at(span.end - 1)
    left, right = _context_regions(view, first, last)
    attribution = Attribution()
    attribution.partial = _is_partial(view, span, first)
    attribution.looks_like_title = _looks_like_title(view, span, first, last)
    label = _transcript_label(view, span, history)
    if label is not None:
        attribution.cue, attribution.speaker = ":", label
        attribution.direct_cue = attribution.cued_speaker = attribution.speaker_is_person = True
        return attribution
    cue = _best_cue(view, left, right, first, last)
    frame = attribution_frame(view, span, first, last)
    if frame is not None and _frame_beats(frame, cue, first, last):
        attribution.cue = _verb_cue_text(frame.verb)
        attribution.direct_cue = True
        attribution.speaker, attribution.speaker_is_person = _frame_speaker(view, frame, history)
        attribution.cued_speaker = attribution.speaker is not None
        return attribution
    if cue is None:
        dash = _dash_attribution(view, span)
        if dash is not None:
            attribution.speaker, attribution.speaker_is_person = dash
            attribution.cued_speaker = True
            return attribution
    if cue is not None:
        cue_text, speaker_token, cue_token = cue
        attribution.cue = cue_text
        attribution.direct_cue = _governs(doc, cue_token, first, last) or _adjacent(view, cue_token, first, last)
        if speaker_token is not None:
            speaker, is_person = resolve_speaker(view, speaker_token, history)
            attribution.speaker, attribution.speaker_is_person = speaker, is_person
            attribution.cued_speaker = speaker is not None
    if cue is None:
        introduced = _introduced_by(view, first, history)
        if introduced is not None:
            (attribution.speaker, attribution.speaker_is_person), attribution.cue = introduced
            attribution.cued_speaker = True
            return attribution
    if attribution.speaker is None and cue is None and history:
        paragraph, previous = history[-1]
        if view.paragraph_of(span.start) - paragraph <= INHERIT_PARAGRAPHS:
            # the next quotation under the same attribution ('"A," X said. "B."') shares its cue
            attribution.speaker = previous.speaker
            attribution.speaker_is_person = previous.speaker_is_person
            if paragraph == view.paragraph_of(span.start):
                attribution.cue = previous.cue
    if attribution.speaker is None and cue is None:
        attribution.speaker, attribution.speaker_is_person = _reported_speech_before(view, first, history)
    if attribution.speaker is None and cue is None and attribution.partial:
        attribution.speaker, attribution.speaker_is_person = _subject_of_quoted_predicate(view, first, last, history)
    return attribution


def _subject_of_quoted_predicate(view, first, last, history):
    """'A resolution ... "expresses its deep sorrow ..."': a quoted predicate's subject, written
    outside the marks, is who said or wrote it."""
    doc = view.doc
    for token in doc[first : last + 1]:
        if token.pos_ not in ("VERB", "AUX"):
            continue
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and child.i < first and not view.in_quote[child.i]:
                return resolve_speaker(view, child, history)
    return None, False


# a transcript turn: "SMITH:" or "JANE ROE:" at the start of a paragraph
SPEAKER_LABEL_RE = re.compile(r"\s*((?:[A-Z][A-Z.'’-]+ ){0,2}[A-Z][A-Z.'’-]+):\s")


def speaker_label(text: str, start: int) -> tuple[str, int] | None:
    """(name, end of label) when the text at start opens a transcript turn ("SMITH: ...")."""
    match = SPEAKER_LABEL_RE.match(text, start)
    if match is None:
        return None
    return match.group(1), match.end(1) + 1


def _transcript_label(view, span, history):
    """The speaker of a transcript turn quoted whole ("SMITH: ..."), as its full name if the
    article gave one."""
    label = speaker_label(view.text, span.start + 1)
    if label is None:
        return None
    name = label[0]
    surname = name.split()[-1].lower()
    for person in reversed(view.people):
        if person.start < view.token_at(span.start) and person[-1].lower_ == surname:
            return full_name(view, person)
    return name


DASH_ATTRIBUTION_RE = re.compile(r"\s*([―—–]|--?)\s*([A-Z][^\n]{1,60}?)[\s.,]*$")


def _dash_attribution(view: DocView, span) -> tuple[str, bool] | None:
    """(speaker, is person) for a quotation signed off with a dash and a name: `"..." ― Jane
    Roe`, `"..." -Chief executive Jane Roe`. A dash is no reporting word, so there is no cue;
    a role before the name is left out (the person the NER finds in the byline)."""
    text = view.text
    paragraph = view.paragraph_of(span.start)
    starts = view.paragraph_starts
    end = starts[paragraph + 1] if paragraph + 1 < len(starts) else len(text)
    match = DASH_ATTRIBUTION_RE.match(text, span.end, end)
    if match is None or match.end() < len(text[:end].rstrip()):
        return None
    name = match.group(2).strip()
    if len(name.split()) > 6:
        return None
    lo, hi = view.token_at(match.start(2)), view.token_at(match.end(2) - 1)
    for token in view.doc[lo : hi + 1]:
        entity = _entity_of(token)
        if entity is not None and entity.label_ in PERSON_LABELS and entity.start >= lo:
            return full_name(view, entity), True
    return _clean(strip_titles(view.doc[lo : hi + 1]).text), True


def _introduced_by(view: DocView, first: int, history: History) -> tuple[tuple[str | None, bool], str | None] | None:
    """((speaker, is person), cue) for an un-cued quotation introduced by the sentence before
    it: a clause ending in a colon ("X made this comment: '...'", "And from union leader Jo
    Fox:") gives its subject, or with no verb the name it holds; a sentence right before it in
    the same paragraph with a reporting verb ("..., Jo Fox said. '...'") gives that verb's
    subject and the verb as cue, as the writer is still reporting the same person."""
    doc = view.doc
    before = first - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    if before < 0 or view.in_quote[before]:
        return None
    if doc[before].text == ":":
        root = doc[before].sent.root
        subject = subject_of(root)
        cue = _verb_cue_text(root) if _is_cue_verb(root) else None
        if subject is not None and not view.in_quote[subject.i]:
            return resolve_speaker(view, subject, history), cue
        if not any(t.pos_ in ("VERB", "AUX") for t in doc[root.sent.start : before]):
            named = _name_in_verbless_intro(view, root.sent.start, before)
            if named is not None:
                return named, None
        return None
    if view.paragraph_of(doc[before].idx) != view.paragraph_of(doc[first].idx):
        return None
    for token in doc[before].sent:
        if not view.in_quote[token.i] and _is_cue_verb(token):
            subject = _usable_subject(view, token)
            if subject is not None:
                return resolve_speaker(view, subject, history), _verb_cue_text(token)
    return None


def _name_in_verbless_intro(view: DocView, start: int, colon: int) -> tuple[str | None, bool] | None:
    """The person or organisation a verbless introduction names ("And from union leader Jo
    Fox:", "The view of the Acme board:"): the last one before the colon."""
    for token in reversed(view.doc[start:colon]):
        if view.in_quote[token.i]:
            continue
        entity = _entity_of(token)
        if entity is not None and entity.label_ in PERSON_LABELS:
            return full_name(view, entity), True
        if entity is not None and entity.label_ == "ORG":
            return expand_acronym(view, entity.text), False
    # a name the NER missed, right before the colon ("..., Ivo Stam:")
    names: list[Token] = []
    for token in reversed(view.doc[start:colon]):
        if token.pos_ != "PROPN" or view.in_quote[token.i]:
            break
        names.insert(0, token)
    if names:
        surname = _person_with_surname(view, names[-1])
        return (surname, True) if surname else (_clean(" ".join(t.text for t in names)), len(names) > 1)
    return None


def _reported_speech_before(view, first, history):
    """An un-cued quotation opening a paragraph after "X told Y that ..." is X's."""
    doc = view.doc
    paragraph = view.paragraph_of(doc[first].idx)
    if paragraph == 0 or view.token_at(view.paragraph_starts[paragraph]) < first - 1:
        return None, False
    end = view.token_at(view.paragraph_starts[paragraph] - 1)
    if end <= 0:
        return None, False
    sentence = doc[end].sent
    for token in sentence:
        if not view.in_quote[token.i] and _is_cue_verb(token):
            subject = subject_of(token)
            if subject is not None:
                return resolve_speaker(view, subject, history)
    return None, False


def _context_regions(view: DocView, first: int, last: int) -> tuple[list[int], list[int]]:
    """Token indices outside any quotation before and after the quotation, in its sentences
    and its paragraphs (wire copy often runs one parsed sentence across paragraphs)."""
    doc = view.doc
    sent_open, sent_close = doc[first].sent, doc[last].sent
    lo = max(sent_open.start, view.token_at(view.paragraph_starts[view.paragraph_of(doc[first].idx)]))
    hi = min(sent_close.end, view.paragraph_end_token(doc[last].idx))
    left = [i for i in range(lo, first) if not view.in_quote[i]]
    right = [i for i in range(last + 1, hi) if not view.in_quote[i]]
    if not any(not doc[i].is_punct for i in right) and hi == sent_close.end and hi < len(doc):
        # `"...," he said.` is sometimes cut after the closing mark
        following = doc[hi].sent
        end = min(following.end, view.paragraph_end_token(doc[last].idx))
        words = [t for t in doc[hi:end] if not t.is_punct and not t.is_space]
        short_report = len(words) <= SHORT_REPORT_WORDS and any(_is_cue_verb(t) for t in words)
        if words and (
            words[0].is_lower or words[0].lower_ in cue_data()["verb_forms"] or short_report
            or _opens_with_named_report(words)
        ):
            right += [i for i in range(hi, end) if not view.in_quote[i]]
    elif hi == sent_close.end and hi < len(doc) and _ends_with_title(doc, hi):
        # `..., police spokesman Capt. Jo Fox said`: the parser ended the sentence at the title
        end = min(doc[hi].sent.end, view.paragraph_end_token(doc[last].idx))
        right += [i for i in range(hi, end) if not view.in_quote[i]]
    if not any(not doc[i].is_punct and not doc[i].is_space for i in left) and lo > 0:
        # `X said:` closing the previous sentence or paragraph
        previous = doc[lo - 1].sent
        tail = [t for t in previous if not t.is_space]
        if tail and tail[-1].text == ":":
            left = [i for i in range(previous.start, previous.end) if not view.in_quote[i]] + left
    return left, right


def _ends_with_title(doc, end: int) -> bool:
    """The sentence ending before `end` stops at an abbreviated title ("Capt.", "Sen.")."""
    tokens = [t for t in doc[max(end - 3, 0) : end] if not t.is_space]
    if not tokens:
        return False
    last = tokens[-1]
    if last.text == "." and len(tokens) > 1:
        last = tokens[-2]
        return last.lower_ + "." in cue_data()["titles"]
    return last.text.endswith(".") and last.lower_ in cue_data()["titles"]


# `"...?" Jo Fox said at a news conference ...`: the most words of a name before its cue
REPORT_NAME_WORDS = 4


def _opens_with_named_report(words: list[Token]) -> bool:
    """The sentence after a quotation opens with its speaker and a reporting verb: a name
    ("Jo Fox said during ..."), as after a question or exclamation that the parser ended there;
    a noun phrase that starts the sentence ("Its chief executive, Jo Fox, told investors ...");
    or an inversion ("So says Jo Fox, ...")."""
    for i, token in enumerate(words[: REPORT_NAME_WORDS + 1]):
        if _is_cue_verb(token):
            if i > 0 and all(w.pos_ == "PROPN" for w in words[:i]):
                return True
            break
    for i, token in enumerate(words[:MAX_APPOSITION_TOKENS]):
        if _is_cue_verb(token):
            if i == 1 and words[0].lower_ in ("so", "thus"):
                return True
            # a plain report ("said", "told") by an active subject: "The claim was denied by
            # the union" reports on the quotation, it does not attribute it
            subject = subject_of(token)
            return (
                token.lower_ in cue_data()["outer_forms"] and subject is not None and subject.dep_ == "nsubj"
                and subject.i < token.i and subject.left_edge.i == words[0].i
            )
    return False


def _best_cue(view: DocView, left, right, first, last):
    """(cue text, subject token or None, cue token) of the nearest reporting cue, or None."""
    data = cue_data()
    doc = view.doc
    best = None
    for region, before in ((left, True), (right, False)):
        for i in region:
            token = doc[i]
            candidate = None
            phrase = view.phrase_cues.get(i)
            if phrase is not None and not any(view.in_quote[j] for j in range(phrase.start, phrase.end)):
                candidate = _phrase_cue(phrase)
            if candidate is None and _is_cue_verb(token) and not _names_an_intention(token):
                candidate = (_verb_cue_text(token), _usable_subject(view, token), token)
            if candidate is None and token.lower_ in data["noun_cues"] and token.pos_ == "NOUN":
                candidate = _noun_cue(view, token, first, last)
            if candidate is None:
                continue
            distance = (first - i) if before else (i - last)
            if distance > MAX_CUE_DISTANCE:
                continue
            cost = distance + (0 if candidate[1] is not None else MAX_CUE_DISTANCE)
            if not _governs(doc, candidate[2], first, last):
                # "saying anybody who complains 'X'": the verb the quotation hangs from wins
                cost += UNGOVERNED_PENALTY
            if best is None or cost < best[0]:
                best = (cost, candidate)
    if best is None:
        return None
    return _outermost_report(view, best[1], set(left) | set(right))


def _outermost_report(view, cue, region):
    """A cue inside reported speech gives way to the report around it: in "X said Y believes
    'Z'" the article quotes X's words, so X is the speaker."""
    token = cue[2]
    outer = None
    for _ in range(4):
        if token.dep_ not in REPORTED_DEPS or token.head.i == token.i:
            break
        token = token.head
        if token.i not in region:
            break
        if token.dep_ == "relcl":
            break  # "a man who said ...": a relative clause describes someone, it reports nothing
        if _is_cue_verb(token) and token.lower_ in cue_data()["outer_forms"]:
            subject = _usable_subject(view, token)
            if subject is not None:
                outer = (_verb_cue_text(token), subject, token)
    if outer is None and (token.i != cue[2].i or token.dep_ == "ROOT"):
        # "X said, a majority have come to believe '...'": the report is a parenthetical
        for child in token.children:
            if child.dep_ == "parataxis" and child.i in region and child.lower_ in cue_data()["outer_forms"]:
                subject = _usable_subject(view, child) if _is_cue_verb(child) else None
                if subject is not None:
                    return (_verb_cue_text(child), subject, child)
    return cue if outer is None else outer


def _names_an_intention(verb) -> bool:
    """"the decision to deny him a hearing": an infinitive describing a noun reports nothing."""
    return (
        verb.dep_ == "acl" and verb.head.pos_ == "NOUN"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _noun_cue(view, noun, first, last):
    """"Jo Fox's claim that '...'", "his warning of '...'": the possessor is the speaker, when
    the quotation is what the noun says (hangs from it), not a comment on it."""
    if not _governs(view.doc, noun, first, last):
        return None
    for child in noun.children:
        # "its prediction": a thing's possessive names the document, not who spoke
        if child.dep_ == "poss" and not view.in_quote[child.i] and child.lower_ not in ("its", "their"):
            return (noun.text, child, noun)
    return None


def _usable_subject(view, verb):
    """The cue's subject, unless the parser took it from inside a quotation or from a time
    expression; then the noun phrase right next to the cue ("...," said X / X said)."""
    subject = subject_of(verb)
    if subject is not None and not view.in_quote[subject.i] and (
        subject.ent_type_ not in NON_SPEAKER_ENTS or _is_count_of_people(subject)
    ):
        return _issuer(subject)
    agent = _agent_of(verb)  # '"A Song" was written by Jo Fox': the passive subject is quoted
    if agent is not None and not view.in_quote[agent.i]:
        return agent
    return _neighbour_noun(view, verb) or _name_after_quote(view, verb)


def _is_count_of_people(token) -> bool:
    """"hundreds of children", "two of the officials": a number counting who speaks."""
    return token.ent_type_ == "CARDINAL" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _is_object_of(token, verb) -> bool:
    while token.dep_ in ("compound", "amod", "det", "nummod") and token.head.i != token.i:
        token = token.head
    return token.head.i == verb.i and token.dep_ in ("dobj", "dative", "attr", "oprd")


def _agent_of(verb):
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for obj in agent.children:
            if obj.dep_ == "pobj":
                return obj
    return None


def _name_after_quote(view, verb):
    """`"...," Jo Fox, a former aide, said`: the first name after the closing mark, when
    only its apposition separates it from the cue."""
    doc = view.doc
    i = verb.i - 1
    while i >= 0 and not view.in_quote[i] and verb.i - i <= MAX_APPOSITION_TOKENS:
        i -= 1
    if i < 0 or not view.in_quote[i]:
        return None
    between = doc[i + 1 : verb.i]
    if any(t.pos_ in ("VERB", "AUX") for t in between):
        return None
    for token in between:
        if token.ent_type_ in PERSON_LABELS + ("ORG",):
            while token.dep_ == "compound" and token.head.i < verb.i and token.head.ent_type_ == token.ent_type_:
                token = token.head
            return token
    return None


def _neighbour_noun(view, verb):
    """The noun right before the cue (`..." X said`), else right after it (`said X`)."""
    doc = view.doc
    before = range(verb.i - 1, max(verb.i - 5, -1), -1)
    after = range(verb.i + 1, min(verb.i + 4, len(doc)))
    for indices in (before, after):
        for i in indices:
            token = doc[i]
            if view.in_quote[i] or token.is_punct or token.pos_ in ("ADP", "VERB", "AUX", "SCONJ", "CCONJ"):
                break
            if i > verb.i and _is_object_of(token, verb):
                break  # "suggesting a few questions": an object, not an inverted subject
            if token.pos_ in ("PROPN", "NOUN", "PRON") and token.ent_type_ not in NON_SPEAKER_ENTS:
                while token.dep_ in ("compound", "amod") and token.head.i > token.i and not view.in_quote[token.head.i]:
                    token = token.head
                return token
    return None


def _is_cue_verb(token) -> bool:
    """A reporting verb form used as a verb, not inside a compound word ("so-called")."""
    if token.lower_ not in cue_data()["verb_forms"] or not token.tag_.startswith("VB"):
        return False
    doc = token.doc
    if token.i > 0 and doc[token.i - 1].text in ("-", "–") and not doc[token.i - 1].whitespace_:
        return False
    return True


def _phrase_cue(phrase):
    """A multi-word cue: "according to X" names the speaker; "in a statement" leans on its verb."""
    data = cue_data()
    text = phrase.text
    prep_word = data["speaker_preps"].get(phrase.text.lower())
    if prep_word:
        prep = next((t for t in phrase if t.lower_ == prep_word), phrase[-1])
        objects = [c for c in prep.children if c.dep_ in ("pobj", "dobj", "nsubj", "appos")]
        if prep_word in data["determined_preps"]:
            # "per the report" names a source, "per share" a unit
            named = [o for o in objects if o.pos_ == "PROPN" or any(c.dep_ in ("det", "poss") for c in o.children)]
            return (prep.text, named[0], prep) if named else None
        if not objects:
            # the parser sometimes hangs the noun elsewhere: take the next noun after the phrase
            doc = phrase.doc
            nxt = next((t for t in doc[phrase.end : phrase.end + 6] if t.pos_ in ("PROPN", "NOUN", "PRON")), None)
            objects = [nxt] if nxt is not None else []
        return (text, objects[0] if objects else None, prep)
    verb = phrase.root.head if phrase.root.dep_ == "prep" else phrase.root
    if verb.pos_ in ("VERB", "AUX"):
        # "Acme said in a statement": the reporting verb is the cue; the phrase stands in for
        # a verb that reports nothing itself ("Acme, in a statement, confirmed" is a verb too)
        return (_verb_cue_text(verb) if _is_cue_verb(verb) else text, subject_of(verb), verb)
    return None


def _verb_cue_text(token) -> str:
    """The cue as written; a particle stays with its verb ("pointed out")."""
    parts = [c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1]
    return token.doc[token.i : parts[-1].i + 1].text if parts else token.text


def subject_of(verb):
    """The subject token of a cue verb, climbing to the governing verb when it has none."""
    token = verb
    for _ in range(3):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS and c.text[:1].isalnum()]
        # "5:45 p.m. Jo Fox's doctor is calling ...": a time taken as a subject is a misparse
        # of two subjects (a misparse), the one nearest the verb: "&UR; ... '...,' Jo said"
        subjects.sort(key=lambda c: (c.ent_type_ in NON_SPEAKER_ENTS, abs(c.i - token.i)))
        if subjects:
            return subjects[0]
        if token.dep_ == "xcomp" and token.tag_ == "VBG":
            # "the ad shows her saying": the object of the perception verb speaks
            objects = [c for c in token.head.children if c.dep_ == "dobj" and c.i < token.i]
            if objects:
                return _issuer(objects[0])
        agents = [c for c in token.children if c.dep_ == "agent"]
        for agent in agents:
            objects = [c for c in agent.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
        if (
            token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN") and token.tag_ in ("VBG", "VBD", "VBN")
            and token.head.ent_type_ not in PLACE_ENTS  # "marched around the square chanting": misattached
        ):
            # "footage of Ann Lee saying", "a woman who ...": the noun it describes speaks
            return _issuer(token.head)
        if token.dep_ not in CLIMB_DEPS or token.head.i == token.i:
            return None
        token = token.head
    return None


def _issuer(noun):
    """For a document ("issued a statement saying"), whoever issued it; else the noun."""
    if noun.lower_ not in cue_data()["document_nouns"]:
        return noun
    # "footage of Ann Lee saying": the person the footage shows speaks
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            people = [c for c in prep.children if c.dep_ == "pobj" and c.ent_type_ in PERSON_LABELS]
            if people:
                return people[0]
    if noun.dep_ == "dobj":
        for child in noun.head.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
    return noun


def _governs(doc, cue_token, first, last) -> bool:
    """True when a token inside the quotation hangs (transitively) from the cue."""
    for token in doc[first : last + 1]:
        if token.is_punct:
            continue
        head = token
        for _ in range(12):
            if head.i == cue_token.i:
                return True
            if head.head.i == head.i:
                break
            head = head.head
    return False


def _adjacent(view, cue_token, first, last) -> bool:
    """The cue sits right against the quotation: `said: "...` or `"...," said`."""
    doc = view.doc
    between = doc[cue_token.i + 1 : first] if cue_token.i < first else doc[last + 1 : cue_token.i]
    return len([t for t in between if not t.is_punct]) <= 3


def _is_partial(view, span, first) -> bool:
    """A fragment inside the writer's own sentence, not a sentence set off by its cue."""
    text = view.text
    content = text[span.start + 1 : span.end].lstrip(" \"“”'‘’`")
    if not content:
        return True
    if content[0].islower():
        return True
    doc = view.doc
    token = doc[first]
    if token.is_sent_start or first == 0:
        return False
    before = text[: span.start].rstrip()
    if not before or before[-1] in ":,;—–-([" or before.endswith("\n"):
        return False
    if before[-1] in ".!?" and not _ends_with_abbreviation(before):
        # a capitalised quotation after a full stop opens a sentence of its own, even where
        # the parser ran it into the sentence before (typewriter marks confuse it)
        return False
    if view.paragraph_of(span.start) != view.paragraph_of(len(before) - 1 if before else 0):
        return False
    previous = doc[first - 1]
    if previous.lower_ in cue_data()["verb_forms"]:
        return False
    return True


ABBREVIATION_END_RE = re.compile(r"(?:\b[A-Za-z]\.){2,}$|\b(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|No)\.$")


def _ends_with_abbreviation(before: str) -> bool:
    """"the U.S." or "Dr." before a quotation: the full stop does not end the sentence."""
    return ABBREVIATION_END_RE.search(before) is not None


def _is_mark(token) -> bool:
    return all(char in "\"“”„«»'‘’‚`" for char in token.text)


# parts of speech a title may leave in lower case ("Gone with the Wind", "Out of Africa")
TITLE_LOWER_POS = ("DET", "ADP", "CCONJ", "SCONJ", "PART")


def _looks_like_title(view, span, first, last) -> bool:
    """A title or a name: every content word capitalised and no sentence punctuation."""
    doc = view.doc
    inside = [t for t in doc[first : last + 1] if not t.is_punct and not t.is_space]
    if not inside:
        return True
    if all(t.ent_type_ and t.ent_type_ not in ("CARDINAL", "DATE", "TIME") for t in inside):
        return True
    content_words = [t for t in inside if not t.is_stop and t.is_alpha]
    if not content_words or len(inside) > 10:
        return False
    if any(t.is_alpha and t.is_lower and t.pos_ not in TITLE_LOWER_POS for t in inside):
        return False  # "Send him back": a title keeps only its small function words lower-case
    # American style puts the sentence's comma or full stop inside the marks: "Face the Nation,"
    body = [t for t in doc[first : last + 1] if not _is_mark(t)]
    has_end_punct = any(t.text in (".", "!", "?", ",") for t in body[:-1])
    return all(t.text[0].isupper() for t in content_words) and not has_end_punct


# --- attribution frames -------------------------------------------------------------------
#
# The frame of an attribution decides its cue, whatever the verb ("sighed", "fumed", "bristled"
# need no list): `"...," VERB SPEAKER`, `"...," SPEAKER VERB` and `SPEAKER VERB: "..."`. The cue
# list (data/cues.json) still recognises reporting verbs everywhere else.

FINITE_VERB_TAGS = ("VBD", "VBZ", "VBP")
# how a speaker noun phrase may start
NP_START_POS = ("DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON")
# a quotation set off by its attribution ends with one of these inside the marks ("...," said)
SET_OFF_PUNCT = ",?!…—–-"
# the most tokens of an attribution frame after the quotation
MAX_FRAME_TOKENS = 20
RELATIVE_WORDS = ("who", "which", "that", "whose", "whom")


@dataclass
class Frame:
    """An attribution frame: its verb (the cue) and the speaker noun phrase as written."""

    verb: Token
    np: Span


def attribution_frame(view: DocView, span, first: int, last: int) -> Frame | None:
    """The attribution frame around a quotation (token indices `first`..`last` inclusive of
    its marks), or None: after it (`"...," sighed X`, `"...," X sighed`) or before it
    (`X sighed: "..."`, also across a paragraph break)."""
    return _frame_after(view, span, last) or _frame_before(view, first)


def _frame_after(view: DocView, span, last: int) -> Frame | None:
    doc = view.doc
    content = view.text[span.start + 1 : span.end - 1].rstrip(" \"“”'‘’")
    i = last + 1
    comma_after = i < len(doc) and doc[i].text == ","
    if not (content[-1:] in SET_OFF_PUNCT or comma_after):
        return None
    if comma_after:
        i += 1
    end = min(view.paragraph_end_token(doc[last].idx), len(doc), i + MAX_FRAME_TOKENS)
    words: list[Token] = []
    for token in doc[i:end]:
        if view.in_quote[token.i] or token.text in (".", "!", "?", ";", ":") or "\n" in token.text:
            break
        if not token.is_space:
            words.append(token)
    while words and words[-1].is_punct:
        words.pop()
    if len(words) < 2:
        return None
    if 2 <= len(words) <= 4 and words[-2].lower_ in cue_data()["document_nouns"] and words[-1].is_lower:
        # "...," the ruling states / the notice reads: the tagger often takes the noun for a
        # verb and the verb for a plural noun
        return Frame(words[-1], doc[words[0].i : words[-2].i + 1])
    if _is_finite_verb(words[0]) or _is_mistagged_past(words[0]):  # "...," sighed one shop owner
        np = _nominal_prefix(words[1:])
        return Frame(words[0], doc[np[0].i : np[-1].i + 1]) if np else None
    for k, token in enumerate(words):  # "...," one shop owner sighed
        if token.pos_ in ("VERB", "AUX"):
            # with no auxiliary before it a past participle is the small tagger's past tense
            if k == 0 or not (_is_finite_verb(token) or (token.pos_ == "VERB" and token.tag_ == "VBN")):
                return None
            np = _nominal_prefix(words[:k])
            if np is None or len(np) != k:
                return None
            return Frame(token, doc[np[0].i : np[-1].i + 1])
    return None


def _frame_before(view: DocView, first: int) -> Frame | None:
    """`X sighed: "..."`: a finite verb (then at most adverbs and phrases without a verb)
    before the colon that opens the quotation, with its subject or a noun phrase before it."""
    doc = view.doc
    colon = first - 1
    while colon >= 0 and doc[colon].is_space:
        colon -= 1
    if colon <= 0 or doc[colon].text != ":" or view.in_quote[colon]:
        return None
    start = doc[colon].sent.start
    for j in range(colon - 1, max(start, colon - MAX_FRAME_TOKENS) - 1, -1):
        token = doc[j]
        if view.in_quote[j]:
            return None
        if token.pos_ in ("VERB", "AUX"):
            if not _is_finite_verb(token):
                return None
            subject = subject_of(token)
            if subject is not None and start <= subject.i < j and not view.in_quote[subject.i]:
                phrase = noun_phrase(subject)
                return Frame(token, phrase if phrase.end <= j else doc[subject.i : subject.i + 1])
            words = [t for t in doc[start:j] if not t.is_space]
            np = _nominal_suffix(words)
            return Frame(token, doc[np[0].i : np[-1].i + 1]) if np else None
    return None


def _is_finite_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.tag_ in FINITE_VERB_TAGS


def _is_mistagged_past(token: Token) -> bool:
    """A lower-case "-ed" word the small tagger took for an adjective or a noun ("enthused",
    "beamed"): in the inverted frame `"...," enthused X` it is the verb."""
    return token.is_alpha and token.is_lower and token.lower_.endswith("ed") and token.pos_ in ("ADJ", "NOUN", "VERB")


def _nominal_prefix(words: list[Token]) -> list[Token] | None:
    """The speaker noun phrase at the start of `words`, cut before any verb (and a relative
    word before it), or None when `words` does not start like a noun phrase."""
    if not words or words[0].pos_ not in NP_START_POS:
        return None
    np: list[Token] = []
    for token in words:
        if token.pos_ in ("VERB", "AUX"):
            break
        np.append(token)
    while np and (np[-1].is_punct or np[-1].pos_ in ("ADP", "CCONJ", "SCONJ") or np[-1].lower_ in RELATIVE_WORDS):
        np.pop()
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in np):
        return None
    return np


def _nominal_suffix(words: list[Token]) -> list[Token] | None:
    """The noun phrase that ends `words` (the subject right before a verb the parser left
    without one)."""
    np: list[Token] = []
    for token in reversed(words):
        if token.pos_ not in NP_START_POS + ("PART",) or token.is_punct:
            break
        np.insert(0, token)
    return np if any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in np) else None


def _frame_beats(frame: Frame, cue, first: int, last: int) -> bool:
    """The frame decides unless the cue search found a speaker with a cue at least as near."""
    if cue is None or cue[1] is None:
        return True
    if cue[2].i == frame.verb.i:
        # the same verb: the frame only adds the person its phrase names ("said the mayor of
        # Hull, Ruth Adler"), where the cue's subject is not a person
        return _frame_head(frame).ent_type_ in PERSON_LABELS and cue[1].ent_type_ not in PERSON_LABELS
    if frame.np.start <= cue[2].i < frame.np.end:
        return True  # the cue search took a word of the speaker's phrase for a verb

    def distance(i: int) -> int:
        return first - i if i < first else i - last

    return distance(frame.verb.i) < distance(cue[2].i)


def _frame_head(frame: Frame) -> Token:
    """The head of the frame's noun phrase: its first noun or pronoun whose parse head lies
    outside the phrase, else its last noun."""
    np = frame.np
    # "shop steward Alan Rudd", "the mayor of Leeds, Ann Cole": the person named, not the role
    after_comma = True
    for token in np:
        if token.pos_ == "ADP":
            after_comma = False
        if token.text == ",":
            after_comma = True
        modifies_later = np.start <= token.head.i < np.end and token.head.i > token.i  # "an Acme spokesperson"
        if after_comma and token.ent_type_ in PERSON_LABELS and _ends_entity(token) and not (
            _is_possessor(token) or modifies_later
        ):
            return token
    for token in np:
        if token.pos_ in ("NOUN", "PROPN", "PRON") and not (np.start <= token.head.i < np.end and token.head.i != token.i):
            return token
    nouns = [t for t in np if t.pos_ in ("NOUN", "PROPN", "PRON")]
    return nouns[-1] if nouns else np[-1]


def _is_possessor(token: Token) -> bool:
    """"Brandle" of "Brandle's spokesperson": the owner, not the head of the phrase."""
    doc = token.doc
    return token.dep_ == "poss" or (token.i + 1 < len(doc) and doc[token.i + 1].lower_ in ("'s", "’s"))


def _ends_entity(token: Token) -> bool:
    doc = token.doc
    return token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I"


def _frame_speaker(view: DocView, frame: Frame, history: History) -> tuple[str | None, bool]:
    """The frame's speaker, resolved like a cue's subject but never running past the phrase
    the frame gives (the parser may hang the rest of the sentence on it)."""
    head = _frame_head(frame)
    speaker, is_person = resolve_speaker(view, head, history)
    if head.pos_ == "PRON" or not speaker:
        return speaker, is_person
    doc = view.doc
    written = _clean(frame.np.text.split(",")[0])
    if not head.ent_type_ and written.startswith(speaker + " "):
        # "a dealer in Solihull": the parser hung the phrase's last words on the verb
        return _usual_form(view, written), is_person
    outside = {t.lower_ for t in doc[frame.np.end : min(frame.np.end + MAX_FRAME_TOKENS, len(doc))] if t.is_alpha}
    inside = {t.lower_ for t in frame.np}
    if any(w.lower() in outside - inside for w in speaker.split()) or speaker.lower() in ("", frame.verb.lower_):
        bounded = _clean(strip_titles(frame.np).text)
        return _usual_form(view, expand_acronym(view, bounded)), is_person
    return speaker, is_person


# --- speaker resolution -------------------------------------------------------------------


def resolve_speaker(view: DocView, token, history) -> tuple[str | None, bool]:
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
    entity = _entity_of(token)
    if entity is not None and entity.label_ in PERSON_LABELS:
        # the small NER often tags a company's short name as a person ("Acme said")
        org_name = _fullest_org_name(view, entity.text)
        if org_name != entity.text and not _is_surname_of_someone(view, entity):
            return org_name, False
        return full_name(view, entity), True
    if token.pos_ == "PROPN":
        # a surname the NER missed ("Lopez added") still finds the full name given earlier
        person = _person_with_surname(view, token)
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
    if token.pos_ in ("NOUN",) and lower in data["org_nouns"] and _is_definite_nominal(token):
        # "the company" is usually the article's main organisation, not the last one named
        org = _organisation_for(view, token)
        if org is not None:
            return expand_acronym(view, org.text), False
    if token.pos_ in ("NOUN",) and lower in data["person_nouns"] and _is_definite(token):
        earlier = _earlier_speaker_with_head(history, token)
        if earlier is not None:
            return earlier.speaker, earlier.speaker_is_person
    phrase = noun_phrase(token)
    if entity is not None and entity.label_ == "ORG" and _np_is_entity(phrase, entity):
        return expand_acronym(view, _bare(entity.text)), False
    return _usual_form(view, expand_acronym(view, _clean(phrase.text))), False


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
            return (_bare(speaker) if speaker else speaker), is_person
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and not view.in_quote[obj.i] and obj.lower_ not in cue_data()["document_nouns"]:
                    if obj.ent_type_ in PERSON_LABELS + ("ORG",) or obj.lower_ in cue_data()["org_nouns"]:
                        return resolve_speaker(view, obj, history)
    doc = view.doc
    dets = [c.lower_ for c in noun.children if c.dep_ == "det"]
    if not dets and noun.i > 0 and noun.dep_ == "amod":
        dets = [doc[noun.i - 1].lower_]  # "the ruling states" misparsed: "ruling" as a modifier
    if not dets or dets[0] not in ("the", "this", "that"):
        return None
    sent = noun.sent
    for _ in range(ISSUER_SENTENCES):
        subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass") and t.i < noun.i and not view.in_quote[t.i]]
        for subject in reversed(subjects):
            if _can_issue(subject) and _issues(subject.head):
                return resolve_speaker(view, subject, history)
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
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


POSSESSIVE_ROLE_RE = re.compile(r"^(?:the )?([A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,4})['’]s (\w+)$")


def _usual_form(view, speaker: str) -> str:
    """"Acme's spokesperson" is written the way the article usually names that role
    ("an Acme spokesperson") when it does, so one speaker gets one form."""
    match = POSSESSIVE_ROLE_RE.match(speaker)
    if match is None or match.group(2).lower() not in cue_data()["person_nouns"]:
        return speaker
    org, role = match.groups()
    usual = re.search(rf"\b(?:an?|the) {re.escape(org)} {re.escape(role)}\b", view.text, re.IGNORECASE)
    return usual.group(0) if usual else speaker


def _is_definite_nominal(token) -> bool:
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


def _organisation_for(view, token):
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


def _bare(name: str) -> str:
    return name.removesuffix("'s").removesuffix("’s")


def _is_definite(token) -> bool:
    dets = [c for c in token.children if c.dep_ == "det"]
    mods = [c for c in token.children if c.dep_ in ("compound", "amod", "poss", "prep")]
    return bool(dets) and dets[0].lower_ in ("the", "this", "that") and not mods


def _np_is_entity(phrase, entity) -> bool:
    words = [t for t in phrase if t.dep_ != "det" and not t.is_punct]
    return all(entity.start <= t.i < entity.end for t in words)


def _entity_of(token):
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


def noun_phrase(token):
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


def _clean(text: str) -> str:
    """Outer punctuation and a possessive ending off ("Jo Fox's claim" -> "Jo Fox")."""
    text = re.sub(r"\s*['’]s$", "", text.strip())
    return " ".join(text.strip(" ,;:-—–\"“”'‘’<>").split())


def strip_titles(span):
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


def full_name(view: DocView, entity) -> str:
    """A surname or titled name resolved to the fullest earlier name with the same surname."""
    key = entity.start * 100003 + entity.end
    if key not in view.full_names:
        view.full_names[key] = _full_name(view, entity)
    return view.full_names[key]


def _full_name(view: DocView, entity) -> str:
    """A name with a first name stays as written ("Lazaro Gonzalez" is not "Juan Gonzalez")
    unless an earlier name extends it ("Suu Kyi"); a bare or titled surname takes the latest
    earlier full name with that surname, preferring one introduced as a subject (the person
    the writer is talking about)."""
    name = strip_titles(entity)
    words = name.text.split()
    candidates = []
    for person in view.people:
        if person.start >= entity.start:
            break
        candidate = strip_titles(person)
        longer = candidate.text.split()
        # "Suu Kyi" of "Aung San Suu Kyi": the earlier name ends with all of this one
        if len(longer) > len(words) and longer[-len(words) :] == words:
            candidates.append(candidate)
    if not candidates:
        return _clean(name.text)
    if len(words) > 1:
        return _clean(max(candidates, key=len).text)
    subjects = [c for c in candidates if _is_subject_mention(c)]
    return _clean((subjects or candidates)[-1].text)


def _is_subject_mention(span) -> bool:
    """The mention is a clause subject or in apposition to one ("Its head, Jo Fox, said")."""
    root = span.root
    if root.dep_ in SUBJECT_DEPS:
        return True
    return root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS


def _person_with_surname(view, token):
    for person in reversed(view.people):
        if person.start < token.i and len(person) > 1 and person[-1].text == token.text:
            return full_name(view, person)
    return None


def _earlier_speaker_with_head(history, token):
    head = token.lower_
    for _, previous in reversed(history):
        if previous.speaker and previous.speaker.lower().split()[-1] == head and len(previous.speaker.split()) > 2:
            return previous
    return None


def _salient_before(view, ents, token, sentences=4):
    """The last entity before token, preferring one that is the subject of its clause."""
    doc = view.doc
    earliest = token.sent.start
    for _ in range(sentences - 1):
        if earliest == 0:
            break
        earliest = doc[earliest - 1].sent.start
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


def _recent_speaker(view, token, history, person: bool):
    """The speaker of the last quotation in this or the previous paragraph, if of the right kind."""
    if not history:
        return None
    paragraph, previous = history[-1]
    if view.paragraph_of(token.idx) - paragraph <= INHERIT_PARAGRAPHS and previous.speaker_is_person == person:
        return previous
    return None


def _resolve_person_pronoun(view, token, history):
    """he/she: a person who is the subject earlier in the same sentence, else the last quoted
    person nearby, else the last person named as a subject; never one of the other gender."""
    gender = PRONOUN_GENDER.get(token.lower_)

    def fits(name):
        known = view.gender_of(name)
        return gender is None or known is None or known == gender

    candidates = [p for p in view.people if fits(full_name(view, p))]
    for person in reversed(candidates):
        if token.sent.start <= person.start and person.end <= token.i and person.root.dep_ in SUBJECT_DEPS:
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


def _main_subject_person(view, token, after: int, fits):
    """A person introduced as the subject of a main clause since the last quotation ("Its
    head, Jo Fox, said the ... . '...,' he said"): the writer has moved on to that person."""
    doc = view.doc
    sent = token.sent
    for _ in range(MAIN_SUBJECT_SENTENCES):
        if sent.end_char <= after:
            break
        main_verbs = [sent.root] + [c for c in sent.root.children if c.dep_ == "conj"]
        subjects = [c for verb in main_verbs for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subject in sorted(subjects, key=lambda t: -t.i):  # the clause nearest the pronoun first
            if subject.i >= token.i or subject.idx <= after or view.in_quote[subject.i]:
                continue
            name = _person_name_of(view, subject)
            if name is not None and fits(name):
                return name
        if sent.start == 0:
            break
        sent = doc[sent.start - 1].sent
    return None


def _person_name_of(view, subject):
    """The person a subject names: itself, its apposition ("the head, Jo Fox,") or a bare
    surname of someone named earlier; None for anything else."""
    # the parser often hangs the apposition on the last noun of the subject's phrase
    appositions = [t for t in subject.subtree if t.dep_ == "appos" and t.i > subject.i]
    for token in [subject] + appositions[:1]:
        entity = _entity_of(token)
        if entity is not None and entity.label_ in PERSON_LABELS:
            return full_name(view, entity)
        if token.pos_ == "PROPN":  # a surname the NER missed or took for a place ("Lee")
            person = _person_with_surname(view, token)
            if person is not None:
                return person
    return None


def _recent_nominal_speaker(view, token, history):
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


def _singular_they(token, history):
    """'they' after a quote by an unnamed individual ("a company spokesperson said: ...")
    is singular they: that individual, not the organisation."""
    if token.lower_ != "they" or not history:
        return None
    previous = history[-1][1]
    if not previous.speaker:
        return None
    head = previous.speaker.split()[-1].lower()
    return previous if head in cue_data()["person_nouns"] else None


def _resolve_group_pronoun(view, token, history):
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
    previous = _recent_speaker(view, token, history, person=False)
    if previous is not None:
        return previous.speaker, False
    return None, False


def _most_mentioned_before(ents, token):
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


def expand_acronym(view, name: str) -> str:
    """An acronym introduced earlier as "Long Name (ACRONYM)" is given its long name; a short
    organisation name ("Acme") the fullest name that extends it ("Acme Group Holdings Ltd.")."""
    if not (name.isupper() and name.isalpha() and 2 <= len(name) <= 6):
        return _fullest_org_name(view, name)
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


def _is_surname_of_someone(view, entity) -> bool:
    """A name that ends a longer person name in the article ("Clinton" of "Jo Clinton")."""
    last = entity[-1].text
    return any(len(p) > len(entity) and p[-1].text == last for p in view.people)


def _fullest_org_name(view, name: str) -> str:
    """The longest organisation mention that starts with `name` and goes on with capitalised
    words (a legal suffix like "Ltd." included): the most specific mention of it."""
    best = name
    for ent in view.orgs:
        text = ent.text
        if len(text) > len(best) and text.startswith(name + " ") and text[len(name) + 1 : len(name) + 2].isupper():
            best = text
    return best


ACRONYM_GLUE = ("of", "and", "for", "on", "the", "'s", "’s", "&", "-")


def _spelled_out_before(doc, last, acronym):
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


