"""The reporting cue of a quotation and the cue's subject.

The cue is a reporting verb, phrase or noun (data/cues.json) outside the quotation marks in the
sentence around it; a cue the quotation hangs from in the parse beats a nearer one it does not,
and a cue nested in reported speech gives way to the report around it ("X said Y believes
'...'"). The subject is the cue's subject ("X said", "said X"), the object of "according to",
or the noun phrase next to the cue when the parse has none."""

from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc, Span, Token

from ..article_view import SUBJECT_DEPS
from .quote_context import DocView
from .speaker_lexicon import NON_SPEAKER_ENTS, PERSON_LABELS, PLACE_ENTS, cue_data

# Heads whose subject a subjectless cue verb shares ("..., saying", "went on to say").
CLIMB_DEPS = ("advcl", "xcomp", "conj", "acl", "ccomp", "pcomp", "prep", "relcl")
MAX_CUE_DISTANCE = 40
# `"...," Jo Fox, a former aide to the mayor, said`: the most tokens between quote and cue
MAX_APPOSITION_TOKENS = 16
# `"...?" Jane Roe asked.` parsed as a sentence of its own: at most this many words
SHORT_REPORT_WORDS = 8
# extra cost (in tokens) of a cue the quotation does not hang from in the parse
UNGOVERNED_PENALTY = 15
# how a clause of reported speech hangs from the verb that reports it
REPORTED_DEPS = ("ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "dobj", "pobj", "prep")


# a cue found: (cue as written, the speaker token or None, the cue's token)
Cue = tuple[str, "Token | None", Token]


class Region:
    """Token indices outside every quotation within some ranges of the Doc, range by range in
    ascending order. Membership and a window of it cost O(ranges + window), not O(range)."""

    __slots__ = ("view", "ranges")

    def __init__(self, view: DocView, ranges: list[tuple[int, int]]):
        self.view = view
        self.ranges = ranges  # (start, end) token index pairs, end exclusive

    def __contains__(self, i: int) -> bool:
        return not self.view.in_quote[i] and any(a <= i < b for a, b in self.ranges)

    def __iter__(self) -> Iterator[int]:
        return self.window(0, len(self.view.doc))

    def window(self, lo: int, hi: int) -> Iterator[int]:
        """The region's indices i with lo <= i < hi, in region order."""
        next_free = self.view.skips()[0]
        for a, b in self.ranges:
            i, end = next_free[max(a, lo, 0)], min(b, hi)
            while i < end:
                yield i
                i = next_free[i + 1]


def cue_verbs(view: DocView, sent: Span) -> list[Token]:
    """The reporting verbs of a sentence outside quotations, in order (cached on the view)."""
    key = ("cue_verbs", sent.start)
    found = view.per_sentence.get(key)
    if found is None:
        found = [t for t in sent if not view.in_quote[t.i] and is_cue_verb(t)]
        view.per_sentence[key] = found
    return found


def context_regions(view: DocView, first: int, last: int) -> tuple[Region, Region]:
    """Token indices outside any quotation before and after the quotation, in its sentences
    and its paragraphs (wire copy often runs one parsed sentence across paragraphs)."""
    doc = view.doc
    _, next_unpunct, prev_content = view.skips()
    sent_open, sent_close = view.sentence(first), view.sentence(last)
    lo = max(sent_open.start, view.token_at(view.paragraph_starts[view.paragraph_of(doc[first].idx)]))
    hi = min(sent_close.end, view.paragraph_end_token(doc[last].idx))
    left = Region(view, [(lo, first)])
    right = Region(view, [(last + 1, hi)])
    if next_unpunct[min(last + 1, len(doc))] >= hi and hi == sent_close.end and hi < len(doc):
        # `"...," he said.` is sometimes cut after the closing mark
        following = view.sentence(hi)
        end = min(following.end, view.paragraph_end_token(doc[last].idx))
        words = []  # the first words are enough to tell a report from a new sentence
        for t in doc[hi:end]:
            if not t.is_punct and not t.is_space:
                words.append(t)
                if len(words) > SHORT_REPORT_WORDS:
                    break
        short_report = len(words) <= SHORT_REPORT_WORDS and any(is_cue_verb(t) for t in words)
        if words and (
            words[0].is_lower or words[0].lower_ in cue_data()["verb_forms"] or short_report
            or _opens_with_named_report(words)
        ):
            right.ranges.append((hi, end))
    elif hi == sent_close.end and hi < len(doc) and _ends_with_title(doc, hi):
        # `..., police spokesman Capt. Jo Fox said`: the parser ended the sentence at the title
        end = min(view.sentence(hi).end, view.paragraph_end_token(doc[last].idx))
        right.ranges.append((hi, end))
    if prev_content[first] < lo and lo > 0:
        # `X said:` closing the previous sentence or paragraph
        previous = view.sentence(lo - 1)
        tail = previous.end - 1
        while tail >= previous.start and doc[tail].is_space:
            tail -= 1
        if tail >= previous.start and doc[tail].text == ":":
            left.ranges.insert(0, (previous.start, previous.end))
    return left, right


def _ends_with_title(doc: Doc, end: int) -> bool:
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
        if is_cue_verb(token):
            if i > 0 and all(w.pos_ == "PROPN" for w in words[:i]):
                return True
            break
    for i, token in enumerate(words[:MAX_APPOSITION_TOKENS]):
        if is_cue_verb(token):
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


def best_cue(view: DocView, left: Region, right: Region, first: int, last: int) -> Cue | None:
    """(cue text, subject token or None, cue token) of the nearest reporting cue, or None."""
    data = cue_data()
    doc = view.doc
    best = None
    # only tokens within MAX_CUE_DISTANCE of the quotation can be its cue
    windows = ((left.window(first - MAX_CUE_DISTANCE, len(doc)), True),
               (right.window(0, last + MAX_CUE_DISTANCE + 1), False))
    for region, before in windows:
        for i in region:
            token = doc[i]
            if i in view.cue_candidates:  # a token near several quotations is read once
                candidate = view.cue_candidates[i]
            else:
                candidate = None
                phrase = view.phrase_cues.get(i)
                if phrase is not None and not any(view.in_quote[j] for j in range(phrase.start, phrase.end)):
                    candidate = _phrase_cue(phrase)
                if candidate is None and is_cue_verb(token) and not _names_an_intention(token):
                    candidate = (verb_cue_text(token), usable_subject(view, token), token)
                view.cue_candidates[i] = candidate
            if candidate is None and token.lower_ in data["noun_cues"] and token.pos_ == "NOUN":
                candidate = _noun_cue(view, token, first, last)
            if candidate is None:
                continue
            distance = (first - i) if before else (i - last)
            if distance > MAX_CUE_DISTANCE:
                continue
            cost = distance + (0 if candidate[1] is not None else MAX_CUE_DISTANCE)
            if candidate[2].i not in view.governors(first, last):
                # "saying anybody who complains 'X'": the verb the quotation hangs from wins
                cost += UNGOVERNED_PENALTY
            if best is None or cost < best[0]:
                best = (cost, candidate)
    if best is None:
        return None
    return _outermost_report(view, best[1], Region(view, left.ranges + right.ranges))


def _outermost_report(view: DocView, cue: Cue, region: Region):
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
        if is_cue_verb(token) and token.lower_ in cue_data()["outer_forms"]:
            head = token
            subject = view.memo("usable_subject", head, lambda: usable_subject(view, head))
            if subject is not None:
                outer = (view.memo("cue_text", head, lambda: verb_cue_text(head)), subject, token)
    if outer is None and (token.i != cue[2].i or token.dep_ == "ROOT"):
        # "X said, a majority have come to believe '...'": the report is a parenthetical
        for child in view.memo("children", token, lambda: list(token.children)):
            if child.dep_ == "parataxis" and child.i in region and child.lower_ in cue_data()["outer_forms"]:
                subject = usable_subject(view, child) if is_cue_verb(child) else None
                if subject is not None:
                    return (verb_cue_text(child), subject, child)
    return cue if outer is None else outer


def _names_an_intention(verb: Token) -> bool:
    """"the decision to deny him a hearing": an infinitive describing a noun reports nothing."""
    return (
        verb.dep_ == "acl" and verb.head.pos_ == "NOUN"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _noun_cue(view: DocView, noun: Token, first: int, last: int):
    """"Jo Fox's claim that '...'", "his warning of '...'": the possessor is the speaker, when
    the quotation is what the noun says (hangs from it), not a comment on it."""
    if noun.i not in view.governors(first, last):
        return None
    for child in noun.children:
        # "its prediction": a thing's possessive names the document, not who spoke
        if child.dep_ == "poss" and not view.in_quote[child.i] and child.lower_ not in ("its", "their"):
            return (noun.text, child, noun)
    return None


def usable_subject(view: DocView, verb: Token):
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


def _is_count_of_people(token: Token) -> bool:
    """"hundreds of children", "two of the officials": a number counting who speaks."""
    return token.ent_type_ == "CARDINAL" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _is_object_of(token: Token, verb: Token) -> bool:
    while token.dep_ in ("compound", "amod", "det", "nummod") and token.head.i != token.i:
        token = token.head
    return token.head.i == verb.i and token.dep_ in ("dobj", "dative", "attr", "oprd")


def _agent_of(verb: Token):
    for agent in (c for c in verb.children if c.dep_ == "agent"):
        for obj in agent.children:
            if obj.dep_ == "pobj":
                return obj
    return None


def _name_after_quote(view: DocView, verb: Token):
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


def _neighbour_noun(view: DocView, verb: Token):
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


def is_cue_verb(token: Token) -> bool:
    """A reporting verb form used as a verb, not inside a compound word ("so-called")."""
    if token.lower_ not in cue_data()["verb_forms"] or not token.tag_.startswith("VB"):
        return False
    doc = token.doc
    if token.i > 0 and doc[token.i - 1].text in ("-", "–") and not doc[token.i - 1].whitespace_:
        return False
    return True


def _phrase_cue(phrase: Span):
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
        return (verb_cue_text(verb) if is_cue_verb(verb) else text, subject_of(verb), verb)
    return None


def verb_cue_text(token: Token) -> str:
    """The cue as written; a particle stays with its verb ("pointed out")."""
    parts = [c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1]
    return token.doc[token.i : parts[-1].i + 1].text if parts else token.text


def subject_of(verb: Token):
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


def _issuer(noun: Token):
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


def adjacent(view: DocView, cue_token: Token, first: int, last: int) -> bool:
    """The cue sits right against the quotation: `said: "...` or `"...," said`."""
    doc = view.doc
    between = doc[cue_token.i + 1 : first] if cue_token.i < first else doc[last + 1 : cue_token.i]
    return len([t for t in between if not t.is_punct]) <= 3
