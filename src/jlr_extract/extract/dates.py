"""Date facts: temporal expressions with TIMEX3 values (facts-v1 `date`).

Recognition = the NER's DATE/TIME entities plus rules (data/dates.json) for what the small model
misses: PhraseMatcher phrases for fixed word sequences (weekdays, "the weekend", "daily", "the
coming days", "that same day"...) and Matcher patterns where a number or shape is needed
("mid-October", "the week of March 6", "two-to-three days").
Each candidate is trimmed to its TimeML extent (leading prepositions dropped, qualifiers such as
"at least" moved to `mod`), ranges ("29-30 March", "2022-23", "January 21 to February 5") are
split into two facts, non-times (ages, money rates) are dropped, and the rest is normalised by
timex.py against the publication date with the clause's tense.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..article_view import doc_text
from ..anchored import AnchoredMatcher
from ..records import Fact
from .timex import (FUTURE, PAST, PRESENT, Anchor, Timex, clean_words, format_number, load_data, normalise,
                    parse_with_dateparser, to_number)

NER_LABELS = {"DATE", "TIME"}


# --- recognition ---------------------------------------------------------------------------


def _expand(pattern, word_sets):
    """Replace "$NAME" word-set references in a Matcher pattern by their lists."""
    if isinstance(pattern, str) and pattern.startswith("$"):
        return word_sets[pattern]
    if isinstance(pattern, list):
        return [_expand(p, word_sets) for p in pattern]
    if isinstance(pattern, dict):
        return {k: _expand(v, word_sets) for k, v in pattern.items()}
    return pattern


@lru_cache(maxsize=4)
def _matcher(vocab) -> AnchoredMatcher:
    data = load_data()
    matcher = AnchoredMatcher(vocab)  # the Matcher, run only near its anchors
    for label, patterns in data["matcher_patterns"].items():
        matcher.add(label, _expand(patterns, data["matcher_word_sets"]))
    return matcher


# Splits holiday names the way spaCy's English tokenizer does (abbreviations like "St." kept,
# "'s" split off; tests/test_dates.py checks the equivalence), without building a second
# tokenizer, which would cost a third of a second at every start.
HOLIDAY_TOKEN_RE = re.compile(r"[A-Za-z]{1,3}\.(?=\s|$)|\w+|['’]s\b|[^\w\s]")


def holiday_names() -> list[str]:
    data = load_data()
    names = [n for n in (*data["holidays"], *data["nth_weekday_holidays"], *data["easter_holidays"],
                         *data["holiday_calendars"], *data["derived_holidays"])
             if not n.startswith("_")]
    names += [n + " week" for n in data["easter_holidays"] if not n.startswith("_") and " " not in n]
    return names


@lru_cache(maxsize=4)
def _holiday_matcher(vocab) -> PhraseMatcher:
    """Holiday names, tokenised the way the English tokenizer splits them."""
    matcher = PhraseMatcher(vocab, attr="LOWER")
    patterns = [Doc(vocab, words=HOLIDAY_TOKEN_RE.findall(name)) for name in holiday_names()]
    matcher.add("holiday", patterns)
    return matcher


def _phrase_variants(template: list, word_sets: dict) -> list[list[str]]:
    """["$A", "full", "$UNIT"] -> every word sequence it stands for."""
    slots = [word_sets[w] if w.startswith("$") else [w] for w in template]
    return [list(words) for words in itertools.product(*slots)]


@lru_cache(maxsize=4)
def _phrase_matcher(vocab) -> PhraseMatcher:
    """Fixed word sequences ("that same day", "in the near future", "a full month"): a
    PhraseMatcher finds them by hash lookup, far cheaper than Matcher patterns."""
    data = load_data()
    matcher = PhraseMatcher(vocab, attr="LOWER")
    for label, templates in data["phrase_patterns"].items():
        if label.startswith("_"):
            continue
        phrases = [p for t in templates for p in _phrase_variants(t, data["matcher_word_sets"])]
        matcher.add(label, [Doc(vocab, words=words) for words in phrases])
    return matcher


def candidate_spans(doc) -> list[tuple[Span, str]]:
    """NER DATE/TIME entities and rule matches, overlapping ones merged into one span."""
    found = [(ent.start, ent.end, f"ner:{ent.label_}") for ent in doc.ents if ent.label_ in NER_LABELS]
    take_the = set(load_data()["rules_taking_the_before"])
    for match_id, start, end in [*_matcher(doc.vocab)(doc), *_phrase_matcher(doc.vocab)(doc)]:
        label = doc.vocab.strings[match_id]
        if label in take_the and start > 0 and doc[start - 1].lower_ == "the":
            start -= 1  # "the week of March 6": cheaper than a pattern with an optional first token
        if label == "relative_period" and start > 0 and doc[start - 1].lower_ in ("the", "very"):
            continue  # "the last week" is a duration; "the very next year" follows a story year
        if label == "vague_ago" and _with_count_before(doc, start) < start:
            continue  # "four decades ago": counted, left to the NER and the duration rules
        if label == "present_ref" and not _is_present_ref(doc, start, end):
            continue
        if label == "story_relative" and _signal_with_object(doc, end):
            continue
        found.append((start, end, f"rule:date.{label}"))
    for _, start, end in _holiday_matcher(doc.vocab)(doc):
        if doc[start].is_title:  # "Christmas", not "christmas trees" in lower-case prose
            if start > 0 and doc[start - 1].lower_ in ("last", "next", "this"):
                start -= 1  # "last Easter": the shift is part of the expression
            found.append((start, end, "rule:date.holiday"))
    found.sort(key=lambda f: (f[0], -f[1]))
    merged: list[list] = []
    for start, end, source in found:
        if merged and start == merged[-1][1] and "TIME" in (source + merged[-1][2]):
            merged[-1][1] = end  # "9 a.m." + "Tuesday" is one time
            continue
        if merged and _joined_by_of(doc, merged[-1][1], start, end):
            merged[-1][1] = end  # "June 16th of last year" is one date
            continue
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end > last[1]:
                last[1] = end
            continue
        merged.append([start, end, source])
    return [piece for s, e, source in merged for piece in _split_before_possessive_period(doc, s, e, source)]


def _signal_with_object(doc, end: int) -> bool:
    """'the day before the vote', 'the year after 11.7 pct in 1986', 'the week after it closed':
    the last word is a signal (TimeML) taking an object, not part of 'the day before'."""
    if doc[end - 1].lower_ not in ("before", "after"):
        return False
    nxt = next((t for t in doc[end: end + 3] if not t.is_space), None)  # line breaks of wire copy
    return nxt is not None and (nxt.like_num or nxt.pos_ in ("DET", "NOUN", "PROPN", "NUM", "PRON", "ADJ", "VERB", "AUX"))


def _is_present_ref(doc, start: int, end: int) -> bool:
    """'now', 'currently', 'at present' name the present (TimeML PRESENT_REF); 'now that' is a
    conjunction, 'now-defunct' an adjective's part and a capitalised 'Now' inside a sentence
    part of a name."""
    first = doc[start]
    if first.is_title and not first.is_sent_start and start > 0 and not (doc[start - 1].is_punct or doc[start - 1].is_space):
        return False  # "Now TV", "Labour Now": capitalised inside a sentence, a name
    nxt = doc[end] if end < len(doc) else None
    if doc[end - 1].lower_ == "now" and nxt is not None:
        if nxt.lower_ == "that" and nxt.dep_ in ("mark", "advmod", "dep") or nxt.text == "-" and nxt.whitespace_ == "":
            return False
        if nxt.lower_ == "that" and nxt.head.i > nxt.i:
            return False  # "now that the plant is open": 'that' introduces a clause
    return True


def _split_before_possessive_period(doc, start: int, end: int, source: str) -> list[tuple[Span, str]]:
    """'on Monday of last week's shooting': the possessive period modifies the noun, so the
    NER's one span is two dates."""
    period_end = end - 1 if doc[end - 1].lower_ in POSSESSIVE_ENDINGS else end
    for i in range(start + 1, period_end - 1):
        if doc[i].lower_ == "of" and not _joined_by_of(doc, i, i + 1, period_end) \
                and NAMED_PERIOD.fullmatch(doc[i + 1:period_end].text.lower()):
            return [(doc[start:i], source), (doc[i + 1:end], source)]
    return [(doc[start:end], source)]


POSSESSIVE_ENDINGS = ("'s", "\u2019s")
NAMED_PERIOD = re.compile(r"(?:last|next|this|the previous|the following) (?:year|week)")


def _joined_by_of(doc, left_end: int, start: int, end: int) -> bool:
    """'June 16th of last year', 'March of next year'; not 'Monday of last week's shooting',
    where the possessive period belongs to the noun after it."""
    return (start == left_end + 1 and doc[left_end].lower_ == "of"
            and NAMED_PERIOD.fullmatch(doc[start:end].text.lower()) is not None
            and not (end < len(doc) and doc[end].lower_ in ("'s", "’s")))


def _with_count_before(doc, start: int) -> int:
    """'years ago' found by a phrase: take in its count ('two years ago', 'a few years ago')."""
    data = load_data()
    counts = set(data["number_words"]) | {w for phrase in data["vague_counts"] for w in phrase.split()}
    while start > 0 and (doc[start - 1].like_num or doc[start - 1].lower_ in counts):
        start -= 1
    return start


# --- extent: trimming, qualifiers, ranges --------------------------------------------------


@lru_cache(maxsize=1)
def _qualifiers() -> list[list[str]]:
    data = load_data()
    phrases = set(data["duration_mods"]) | set(data["point_mods"])
    return sorted((p.split() for p in phrases), key=len, reverse=True)


@lru_cache(maxsize=1)
def _qualifier_words() -> frozenset[str]:
    return frozenset(w for phrase in _qualifiers() for w in phrase)


@lru_cache(maxsize=1)
def _prepositions() -> list[list[str]]:
    return sorted((p.split() for p in load_data()["leading_prepositions"]), key=len, reverse=True)


def _starts_with(span: Span, phrases: list[list[str]]) -> int:
    """Length of the longest phrase the span starts with (0 if none)."""
    words = [t.lower_ for t in span[:4]]
    for phrase in phrases:
        if words[: len(phrase)] == phrase and len(phrase) < len(span):
            return len(phrase)
    return 0


def _is_decade_with_apostrophe(span: Span) -> bool:
    doc = span.doc
    year = span[-1]
    return (re.fullmatch(r"\d{3}0", year.text) is not None and year.i > 0 and doc[year.i - 1].lower_ == "the"
            and year.i + 1 < len(doc) and doc[year.i + 1].lower_ in POSSESSIVE_ENDINGS)


FINITE_OR_BARE_VERB_TAGS = ("VB", "VBP", "VBZ", "VBD")


def trim(span: Span) -> tuple[Span, str | None, str | None]:
    """Drop leading prepositions and qualifiers and trailing punctuation.

    Returns the trimmed span, the qualifier (for `mod`) and the last preposition dropped."""
    qualifier = preposition = None
    numbers = load_data()["number_words"]
    while len(span) > 1:
        n = _starts_with(span, _qualifiers())
        # "some" and "over" qualify amounts only; before a date they are ordinary words
        if n and not (span[0].lower_ in ("some", "over", "under") and not span[1].like_num
                      and span[1].lower_ not in numbers):
            qualifier = " ".join(t.lower_ for t in span[:n])
            span = span[n:]
            continue
        n = _starts_with(span, _prepositions())
        if n:
            preposition = " ".join(t.lower_ for t in span[:n])
            span = span[n:]
            continue
        if span[0].pos_ == "VERB" and span[0].tag_ in FINITE_OR_BARE_VERB_TAGS:
            span = span[1:]  # "talks will last a week or so": the verb is not part of it
            continue
        break
    while len(span) > 1 and (span[-1].is_punct or span[-1].lower_ in ("'s", "and", "or", "to", "of", "-")):
        if _is_decade_with_apostrophe(span[:-1]):
            break
        span = span[:-1]
    if span.end < len(span.doc) and _is_decade_with_apostrophe(span):
        span = span.doc[span.start: span.end + 1]  # "the 1980's": a decade, not a possessive
    while len(span) > 1 and (span[0].is_punct or span[0].is_quote):
        span = span[1:]
    return span, qualifier, preposition


DOUBLE_QUOTES = {'"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "``", "''"}
SINGLE_QUOTES = {"\u2018", "\u2019", "'"}


def _is_quote_mark(token) -> bool:
    """A quotation mark token; a single one only when it does not stand for an elided '19'
    ("the \u201890s")."""
    if token.text in DOUBLE_QUOTES:
        return True
    if token.text in SINGLE_QUOTES:
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return not (nxt is not None and nxt.text[:1].isdigit() and token.whitespace_ == "")
    return False


def cut_at_quotes(span: Span) -> Span:
    """An expression never crosses a quotation mark ('the \u201ccoming days\u201d' is 'coming
    days'): keep the part between quote marks that holds the span's head."""
    cuts = [t.i for t in span if _is_quote_mark(t)]
    if not cuts:
        return span
    doc = span.doc
    bounds = [span.start - 1, *cuts, span.end]
    parts = [doc[a + 1: b] for a, b in zip(bounds, bounds[1:]) if b > a + 1]
    if not parts:
        return span
    with_head = [p for p in parts if p.start <= span.root.i < p.end]
    return with_head[0] if with_head else max(parts, key=len)


@lru_cache(maxsize=1)
def _post_mods() -> list[tuple[list[str], str]]:
    return sorted(((p.split(), mod) for p, mod in load_data()["post_mods"].items()),
                  key=lambda item: len(item[0]), reverse=True)


def post_modifier(span: Span) -> tuple[Span, str | None]:
    """'from 1 October at the earliest', 'a week or so': a qualifier written after the
    expression, inside the span (cut off) or just after it."""
    doc = span.doc
    inside = [t for t in span if not t.is_space]
    # line breaks inside the phrase are tokens of their own in running text
    after = [t for t in doc[span.end: span.end + 8] if not t.is_space]
    for words, mod in _post_mods():
        n = len(words)
        if len(inside) > n and [t.lower_ for t in inside[-n:]] == words:
            return doc[span.start: inside[-n - 1].i + 1], mod
        if [t.lower_ for t in after[:n]] == words:
            return span, mod
    return span, None


def is_possessive(span: Span) -> bool:
    """'before Wednesday's announcement': the date determines a noun, so the word before it
    qualifies that noun, not the date."""
    return _next_word(span) in ("'s", "\u2019s")


def _looks_temporal(tokens) -> bool:
    data = load_data()
    for t in tokens:
        low = t.lower_
        if t.like_num or low in data["months"] or low in data["weekdays"] or low in data["seasons"] \
                or re.fullmatch(r"\d+(st|nd|rd|th)|'\d\d|\d{2,4}s", low):
            return True
    return False


def _edge_is_point(token) -> bool:
    data = load_data()
    low = token.lower_
    return bool(token.like_num or re.fullmatch(r"\d+(st|nd|rd|th)", low)) or low in data["months"] \
        or low in data["weekdays"] or low in data["seasons"]


def _strip_dashes(span: Span) -> Span:
    while len(span) and span[0].text in ("-", "\u2013", "\u2014"):
        span = span[1:]
    while len(span) and span[-1].text in ("-", "\u2013", "\u2014"):
        span = span[:-1]
    return span


PERIOD_ENDING_WORDS = ("to", "ended", "ending", "through")
# "the year to March": a calendar word read as a stretch of time before an end date
PERIOD_AS_DURATION = {"year": "P1Y", "quarter": "P3M", "half": "P6M", "half-year": "P6M", "month": "P1M", "week": "P1W"}


def split_period_ending(span: Span, anchor: Anchor, qualifier) -> tuple[list[Span], list[Timex | None]] | None:
    """'the nine months to September 2025 and 2024', 'the year to March 2025', 'the six months
    ended June 30': a duration and the date(s) it ends on are separate facts (facts-v1); 'the
    year' here is a twelve-month stretch (P1Y), not the calendar year."""
    for i in range(1, len(span) - 1):
        if span[i].lower_ not in PERIOD_ENDING_WORDS:
            continue
        left, right = span[:i], span[i + 1:]
        words = [t.lower_ for t in left]
        if words[:1] == ["the"] and len(words) == 2 and words[1] in PERIOD_AS_DURATION:
            duration = Timex(PERIOD_AS_DURATION[words[1]], "DURATION")
        else:
            duration = normalise([t.text for t in left], anchor, qualifier)
        if duration is None or duration.kind != "DURATION" or not _looks_temporal(right):
            continue
        ends = split_range(right)
        values = _normalise_pieces(ends, replace(anchor, tense=PAST if anchor.tense is None else anchor.tense), None)
        if None in values:
            continue
        return [left, *ends], [duration, *values]
    return None


def split_range(span: Span) -> list[Span]:
    """'29-30 March 2023' -> ['29', '30 March 2023']; 'June-July', '2022-23', 'X to Y' likewise;
    a coordinated compound '6- and 9-month' -> ['6-', '9-month']."""
    connectors = set(load_data()["range_connectors"])
    text = span.text
    compound = re.match(r"\S+? ?- (?:and|or|to) \S", text) if len(span) > 2 else None
    if compound and span[-1].lower_ in load_data()["units"]:
        cut = 2 if span[0].text.endswith("-") else 3
        if cut < len(span):
            return [span[: cut - 1], span[cut:]]
    if re.fullmatch(r"\d{4}\s*-\s*\d{1,2}\s*-\s*\d{1,2}", text):
        return [span]
    for i in range(1, len(span) - 1):
        tok = span[i]
        left, right = span[:i], span[i + 1:]
        if tok.text == ",":
            # "1994, 1995 and 1997" is a list; "Dec. 21, 1988" is one date
            if left[-1].shape_ == "dddd" and right[0].shape_ == "dddd":
                return [left, *split_range(right)]
            continue
        if tok.lower_ not in connectors:
            continue
        left, right = _strip_dashes(left), _strip_dashes(right)  # "two-to-three days"
        if not (left and right and _edge_is_point(left[-1]) and _edge_is_point(right[0])):
            continue
        if _looks_temporal(left) and _looks_temporal(right):
            return [left, *split_range(right)]
    return [span]


# --- context: tense, non-times ---------------------------------------------------------------


def governing_verb(span: Span):
    """The verb the expression hangs from in the parse, None if a noun comes first."""
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB") or tok.tag_ == "MD":
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
        # "a ceremony on March 12", "the slated visit in September": the tense of the verb
        # above the noun says when it was reported, not when the event is
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("npadvmod", "compound"):
            return None
    return None


def _reporting_verb_just_before(span: Span):
    """'said Tuesday (that) ...', 'announced on Friday the plant will ...': a date right after a
    past-tense verb (or 'says') belongs to it, even where the parser hangs it on the reported
    clause."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "on":
        i -= 1
    if i < 0 or not (doc[i].tag_ == "VBD" or doc[i].lower_ in load_data()["present_reporting_verbs"]):
        return None
    if span.end < len(doc) and doc[span.end].lower_ in ("'s", "’s"):
        return None  # "said Friday's vote ...": the date belongs to the noun after it
    if span.root.dep_ in ("nsubj", "nsubjpass"):
        return None  # "said Friday would be the last day": the date is the reported subject
    if span.root.dep_ in ("compound", "amod", "nmod", "poss") and span.root.head.dep_ in ("nsubj", "nsubjpass"):
        return None  # "said Q4 deliveries would be hit": the date modifies the reported subject
    return doc[i]


def clause_tense(span: Span, preposition: str | None = None) -> str | None:
    """past / present / future of the verb the expression hangs from, None if no verb."""
    data = load_data()
    if _reporting_verb_just_before(span) is not None or preposition in data["past_prepositions"]:
        return PAST  # "said Tuesday", "highest since Thursday"
    verb = governing_verb(span)
    if verb is None:
        return _tense_through_noun(span, data)
    if preposition in data["forward_prepositions"] and verb.lower_ in data["tense_forward_verbs"]:
        return FUTURE  # "postponed until Tuesday", "delayed to next month": the new date lies ahead
    return _verb_tense(verb, data, depth=0, date_index=span.start)


def _tense_through_noun(span: Span, data) -> str | None:
    """A date inside a noun phrase takes only the clearest signals of the verb above it:
    'Monday's debate will be ...' lies ahead; 'his show on Wednesday featured ...', with the
    noun as the past verb's subject, lies behind. 'the visit in September was announced'
    stays open."""
    noun = span.root.head
    if noun.pos_ == "ADP":
        noun = noun.head  # "his program on Wednesday"
    for _ in range(3):
        if noun.pos_ not in ("NOUN", "PROPN") or noun.head is noun:
            return None
        if noun.head.pos_ in ("VERB", "AUX"):
            break
        noun = noun.head
    else:
        return None
    verb = noun.head
    tense = _verb_tense(verb, data, depth=0)
    if tense == FUTURE and (span.root.dep_ == "poss" or noun.dep_ in ("nsubj", "dobj")):
        return FUTURE
    if tense == PAST and noun.dep_ == "nsubj" and verb.tag_ == "VBD" and verb.lower_ not in data["tense_future_verbs"]:
        return PAST
    return None


def _verb_tense(verb, data, depth: int, date_index: int | None = None) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & set(data["tense_future_auxiliaries"]):
        return FUTURE
    if verb.lower_ in data["tense_future_verbs"]:
        # "plans", "is scheduled"; "planned a march on Saturday" may report a plan carried out
        # or one still ahead, so a past plan verb followed by its date leaves the direction to
        # the near-future default; a fronted date ("On Friday, they planned ...") is past
        if verb.tag_ != "VBD":
            return FUTURE
        return None if date_index is not None and date_index > verb.i else PAST
    if "to" in aux_words and verb.head is not verb and depth < 3:
        # an infinitive looks forward from its governing verb: "agreed to meet on Friday"
        governing = _verb_tense(verb.head, data, depth + 1)
        if verb.head.lower_ in data["tense_future_verbs"] or governing in (FUTURE, PRESENT):
            return FUTURE
        return None
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ == "VBN" and aux_words & {"has", "have", "'ve", "had", "'s"}:
        return PAST
    if verb.tag_ == "VBG" and aux_words & {"is", "are", "'re", "am", "'s"}:
        return FUTURE
    if verb.tag_ in ("VBZ", "VBP") or aux_words & {"is", "are", "am"}:
        return PRESENT
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod"):
        return PAST
    return None


def is_age(span: Span) -> bool:
    data = load_data()
    doc = span.doc
    words = {t.lower_ for t in span}
    if words & set(data["age_words_after"]):
        return True
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and nxt.lower_ in data["age_words_after"]:
        return True
    if nxt is not None and nxt.text == "-" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ in data["age_words_after"]:
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in data["age_words_before"] and span[0].like_num:
        return True
    return _is_decade_of_life(span, data)


def _is_decade_of_life(span: Span, data) -> bool:
    """'in his 30s', 'in their late twenties': a decade after a possessive is an age."""
    words = clean_words(t.text for t in span)
    if not re.fullmatch(r"(?:the )?(?:(?:early|mid|late) )?(?:'?[1-9]0'?s|\w+ties)", words):
        return False
    doc = span.doc
    before = [t.lower_ for t in doc[max(0, span.start - 2): span.start]]
    return bool(set(before) & set(data["age_possessives"]))


def _is_rate_phrase(span: Span) -> bool:
    return len(span) == 2 and span[0].lower_ in ("a", "an", "per") and span[1].lower_ in load_data()["units"]


def after_money(span: Span) -> bool:
    """'£5 million a day': the rate belongs to the money amount, not to the dates."""
    doc = span.doc
    if span.start == 0:
        return False
    prev = doc[span.start - 1]
    if prev.ent_type_ == "MONEY" or prev.is_currency:
        return True
    # "4.20 dlrs daily" where the small model tags no MONEY entity
    return prev.lower_ in load_data()["currency_words"] and span.start > 1 and doc[span.start - 2].like_num


def after_count(span: Span) -> bool:
    """'1,000 cars a day', 'twice a year': a frequency, i.e. a SET."""
    doc = span.doc
    for tok in reversed(doc[max(0, span.start - 4): span.start]):
        if tok.like_num or tok.lower_ in ("twice", "once", "times", "thrice"):
            return True
        if tok.is_punct or tok.pos_ in ("VERB", "AUX", "ADP"):
            return False
    return False


def _preposition_before(span: Span) -> str | None:
    """The preposition just before an expression, looking past a qualifier ("until at least")."""
    qualifier_words = _qualifier_words()
    for tok in reversed(span.doc[max(0, span.start - 3): span.start]):
        if tok.pos_ == "ADP" and tok.lower_ not in qualifier_words or tok.lower_ in ("until", "till", "since"):
            return tok.lower_
        if tok.lower_ == "to" and tok.i > 0 and tok.nbor(-1).lower_ != "up":  # not "up to"
            return tok.lower_
        if tok.lower_ not in qualifier_words:
            return None
    return None


@lru_cache(maxsize=1)
def _qualifier_last_words() -> frozenset:
    return frozenset(phrase[-1] for phrase in _qualifiers())


def _qualifier_before(span: Span) -> str | None:
    """'at least a full month' where the rule matched only 'a full month'."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].lower_ not in _qualifier_last_words():
        return None
    for phrase in _qualifiers():
        start = span.start - len(phrase)
        if start >= 0 and [t.lower_ for t in doc[start: span.start]] == phrase:
            counted = span[0].like_num or span[0].lower_ in load_data()["number_words"]
            if phrase[0] in ("some", "over", "under") and not counted:
                continue  # "over the weekend", "some days": ordinary words, see trim()
            return " ".join(phrase)
    return None


def _next_word(span: Span) -> str:
    return span.doc[span.end].lower_ if span.end < len(span.doc) else ""


def _fits_context(span: Span, source: str, tense: str | None) -> bool:
    """Rules that need their context: 'the future' / 'the time' not before 'of' ('the future of
    the firm', 'at the time of writing'), 'the time' only in a past clause, and a year after a
    period ('the first two months 1987') not when it counts a noun ('months 1500 workers')."""
    label = source.removeprefix("rule:date.")
    if label in ("future_ref", "at_the_time") and _next_word(span) == "of":
        return False
    if label == "at_the_time" and tense != PAST:
        return False
    if label == "year_after_period":
        year = span[-1]
        return not (year.dep_ == "nummod" and year.head.i > year.i)
    return True


def _after_preposition(span: Span) -> bool:
    """'for an hour', 'more than a week': a duration, not a rate."""
    doc = span.doc
    return span.start > 0 and (doc[span.start - 1].pos_ == "ADP" or doc[span.start - 1].lower_ in ("than", "least", "nearly", "almost", "about"))


def _has_calendar_word(span: Span) -> bool:
    data = load_data()
    return any(t.like_num or t.lower_ in data["weekdays"] or t.lower_ in data["months"] for t in span)


def _is_capitalised_word(token) -> bool:
    return token.is_alpha and (token.is_title or token.is_upper)


PERSON_TITLES = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame", "lady", "lord", "prof", "prof."}


def is_person_name(span: Span) -> bool:
    """'August Kessler', 'Ms June Adeyemi', 'April Jones said': a month name used as a first name.
    A lone month followed by a capitalised word that is no date word is a name when the NER
    puts the two in a person or organisation name (and not the month in a DATE) or a title
    comes before it; 'In March Ford said' stays a date."""
    data = load_data()
    doc = span.doc
    if len(span) != 1 or span[0].lower_ not in data["months"] or span[0].lower_.endswith("."):
        return False
    month = span[0]
    nxt = doc[month.i + 1] if month.i + 1 < len(doc) else None
    if nxt is None or not (nxt.is_alpha and nxt.is_title) or _edge_is_point(nxt) \
            or nxt.lower_ in data["holiday_words"]:
        return False
    prev = doc[month.i - 1] if month.i > 0 else None
    if prev is not None and prev.lower_ in PERSON_TITLES:
        return True
    if month.ent_type_ == "DATE":
        return False
    return month.ent_type_ in ("PERSON", "ORG") or nxt.ent_type_ == "PERSON"


def is_name_part(span: Span) -> bool:
    """'USA Today', 'The Daily Beast', 'CBS This Morning', 'Easter Island': a capitalised time
    word inside a name. Weekdays, months and numbers stay dates ('told CNN Sunday')."""
    first = span[0]
    if not _is_capitalised_word(first) or first.is_sent_start or _has_calendar_word(span):
        return False
    labels = set(load_data()["name_entity_labels"])
    ent = first.ent_type_ in labels and next((e for e in span.doc.ents if e.start <= first.i < e.end), None)
    if ent and (ent.start < span.start or ent.end > span.end):
        return True
    before = span.doc[span.start - 1] if span.start > 0 else None
    return (before is not None and not before.is_sent_start and _is_capitalised_word(before)
            and before.lower_ not in load_data()["leading_prepositions"])


BARE_TWO_DIGIT_DECADE_PART = re.compile(r"(?:the )?(?:low|mid|high|early|late) ?- ?\d0s")
ORDINAL_ONLY = re.compile(r"(?:the )?\d{1,2}(?:st|nd|rd|th)")


def is_not_a_time(span: Span) -> bool:
    """Number words that look like dates but count or rank something else: 'a quarter of her
    donors' (a fraction; 'a quarter of a century' stays), 'the 13th amendment' (an ordinal
    before a noun; 'the 13th of May' and 'on the 13th.' stay)."""
    data = load_data()
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is None:
        return False
    words = [t.lower_ for t in span]
    if words[-1] in ("quarter", "quarters") and len(words) <= 2 and after.lower_ == "of":
        following = [t for t in doc[span.end + 1: span.end + 4] if t.pos_ != "DET"]
        return not following or not (following[0].lower_ in data["units"] or following[0].lower_ in data["calendar_units"]
                                     or following[0].like_num)
    if BARE_TWO_DIGIT_DECADE_PART.fullmatch(span.text.lower()):
        return True  # "in the mid-30s" is far more often a rate, age or temperature
    if ORDINAL_ONLY.fullmatch(span.text.lower()) and after.pos_ in ("NOUN", "PROPN", "ADJ") \
            and after.lower_ not in data["months"] and after.lower_ not in data["weekdays"]:
        return True
    return False


def is_may_modal(span: Span) -> bool:
    return len(span) == 1 and span[0].lower_ == "may" and (span[0].tag_ == "MD" or span[0].text == "may")


# --- extraction ----------------------------------------------------------------------------


def _inherit(left: Timex | None, right: Timex, left_words: list[str]) -> Timex | None:
    """Complete the left end of a range from the right one: '29' + '30 March 2023'."""
    words = clean_words(left_words).split()
    while words and words[-1] == "-":
        words = words[:-1]  # "6- and 9-month": the left number of a coordinated compound
    count = to_number(" ".join(words)) if words else None
    duration = re.fullmatch(r"P(T?)[\d.]+([A-Z])", right.value)
    if right.kind == "DURATION" and duration and count is not None:
        # "two to three days": the bare number counts the unit written on the right
        return Timex(f"P{duration[1]}{format_number(count)}{duration[2]}", "DURATION")
    if len(words) == 1 and re.fullmatch(r"\d{1,2}(st|nd|rd|th)?", words[0]):
        m = re.fullmatch(r"([\dX]{4}-\d{2})-\d{2}", right.value)
        if m:
            day = int(re.match(r"\d+", words[0])[0])
            return Timex(f"{m[1]}-{day:02d}", anchored=right.anchored)
        return None
    if left is None:
        return None
    year = re.match(r"\d{4}", right.value)
    if year and not right.anchored and (left.anchored or left.value.startswith("XXXX")):
        # "January 21 to February 5, 2025": the year written on the right applies to both
        return Timex(year[0] + left.value[4:], left.kind, left.mod, anchored=False)
    return left


def _right_from_left(right_words: list[str], left: Timex | None) -> Timex | None:
    """'2022-23': a two-digit right end takes its century from the left; 'April 24 and 25':
    a bare day number takes the month of the left end."""
    words = clean_words(right_words).split()
    if not left or len(words) != 1:
        return None
    if re.fullmatch(r"\d{2}", words[0]) and re.fullmatch(r"\d{4}", left.value):
        return Timex(left.value[:2] + words[0])
    day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", words[0])
    month = re.fullmatch(r"([\dX]{4}-\d{2})-(\d{2})", left.value)
    if day and month and int(month[2]) < int(day[1]) <= 31:
        return Timex(f"{month[1]}-{int(day[1]):02d}", anchored=left.anchored)
    return None


def _normalise_pieces(pieces, anchor: Anchor, qualifier) -> list[Timex | None]:
    values = [normalise([t.text for t in piece], anchor, qualifier if i == 0 else None)
              for i, piece in enumerate(pieces)]
    if len(pieces) == 2:
        right_fix = _right_from_left([t.text for t in pieces[1]], values[0])
        if right_fix is not None:
            values[1] = right_fix
        if values[1] is not None:
            values[0] = _inherit(values[0], values[1], [t.text for t in pieces[0]])
    return values


def split_unreadable(span: Span, anchor: Anchor, qualifier) -> tuple[list[Span], list[Timex | None]]:
    """A span the normaliser cannot read as a whole may be two expressions side by side
    ("more than a month later this week", "the first two months 1987")."""
    for i in range(1, len(span)):
        left, right = span[:i], span[i:]
        right, _, _ = trim(right)
        a = normalise([t.text for t in left], anchor, qualifier)
        if a is None:
            continue
        # "2019 than two years earlier": the right part counts from the left one
        right_anchor = replace(anchor, reference=a) if _is_reference(a) else anchor
        b = normalise([t.text for t in right], right_anchor)
        if b is not None:
            return [left, right], [a, b]
    for i in range(1, len(span)):
        # "the day Friday", "the early hours of Thursday morning": the readable date at the end
        if _edge_is_point(span[i]):
            tail = span[i:]
            value = normalise([t.text for t in tail], anchor)
            if value is not None:
                return [tail], [value]
    return _longest_readable_edge(span, anchor, qualifier)


def _longest_readable_edge(span: Span, anchor: Anchor, qualifier) -> tuple[list[Span], list[Timex | None]]:
    """The NER ran on into other words ('Last week Stumpf said', 'this silliness years ago'):
    keep the longest readable start or end of at least two words."""
    data = load_data()
    relational = set(data["ago_words"]) | set(data["counted_from_story_words"])
    for size in range(len(span) - 1, 1, -1):
        for piece, dropped, piece_qualifier in ((span[:size], span[size:], qualifier),
                                                (span[len(span) - size:], span[:len(span) - size], None)):
            if piece[0].is_space or piece[-1].is_space or piece[-1].is_punct:
                continue
            if any(t.lower_ in relational or t.like_num for t in dropped) \
                    or not any(t.pos_ in ("NOUN", "PROPN", "VERB") or t.is_title for t in dropped):
                continue  # "the year before" is not "the year", nor "the very next year" "next year"
            value = normalise([t.text for t in piece], anchor, piece_qualifier)
            if value is not None:
                return [piece], [value]
    return [span], [None]


def read_with_dateparser(span: Span, pieces, values, anchor: Anchor, qualifier):
    """Where our rules cannot read a span (or a piece of a range split wrongly, as '21-04-2016'),
    dateparser may read the whole span as one date written in a form we do not know."""
    timex = parse_with_dateparser(span.text, anchor)
    if timex is None:
        return pieces, values
    if qualifier:
        timex.mod = load_data()["point_mods"].get(qualifier, timex.mod)
    return [span], [timex]


def _keep_rate(piece: Span, timex: Timex, source: str) -> Timex | None:
    """'a day': a SET after a count ('1,000 cars a day'), a DURATION after a preposition,
    nothing after money ('£5 million a day' is the money's rate)."""
    if timex.kind == "SET" and after_money(piece):
        return None
    if not _is_rate_phrase(piece):
        return timex
    if after_money(piece):
        return None
    if after_count(piece):
        return Timex(timex.value, "SET")
    if source.startswith("rule:") and not _after_preposition(piece):
        return None
    return timex


def _is_reference(timex: Timex) -> bool:
    """A date later expressions in the sentence may count from ('a year earlier')."""
    return timex.kind == "DATE" and bool(re.match(r"\d{4}", timex.value))


def _extended_extent(piece: Span, timex: Timex, anchor: Anchor, qualifier) -> Span:
    """Words TimeML keeps in the extent that our candidates may leave out, kept only where
    the value stays the same: a lead word of a duration ('first two months', 'the past
    three years') and a year's kind after the year ('2025 calendar year')."""
    doc = piece.doc
    data = load_data()
    candidates = []
    lead = doc[piece.start - 1] if piece.start > 0 else None
    if timex.kind == "DURATION" and lead is not None and lead.lower_ in data["duration_lead_words"] \
            and lead.pos_ != "VERB" and (piece[0].like_num or piece[0].lower_ in data["number_words"]):
        start = piece.start - 1
        if start > 0 and doc[start - 1].lower_ == "the":
            candidates.append(doc[start - 1: piece.end])
        candidates.append(doc[start: piece.end])
    if piece[-1].shape_ == "dddd":
        for suffix in data["year_suffixes"]:
            if [t.lower_ for t in doc[piece.end: piece.end + len(suffix)]] == suffix:
                candidates.append(doc[piece.start: piece.end + len(suffix)])
    for longer in candidates:
        value = normalise([t.text for t in longer], anchor, qualifier)
        if value is not None and (value.value, value.kind) == (timex.value, timex.kind):
            return longer
    return piece


def _as_set_after_every(piece: Span, timex: Timex) -> tuple[Span, Timex]:
    """'every three months', 'each 72 minutes': a duration after 'every' is a set."""
    doc = piece.doc
    if timex.kind != "DURATION" or timex.mod or piece.start == 0 or doc[piece.start - 1].lower_ not in ("every", "each"):
        return piece, timex
    return doc[piece.start - 1: piece.end], replace(timex, kind="SET")


def _without_story_anchor_word(piece: Span, timex: Timex) -> Span:
    """'three weeks later': a duration counted from an event in the story; 'later' is the
    signal linking it to that event, not part of the expression."""
    if timex.kind == "DURATION" and len(piece) > 1 \
            and load_data()["counted_from_story_words"].get(piece[-1].lower_) == 1:
        return piece[:-1]
    return piece


def extract(doc, context):
    facts: list[Fact] = []
    clock_times: list[Fact] = []
    last_year: int | None = None
    last_day: Timex | None = None
    open_end = set(load_data()["open_end_prepositions"])
    reference: tuple[int, Timex] | None = None  # (sentence start, last date named in it)
    last_period: Timex | None = None  # the last quarter or half named, for "the following quarter"
    story: list[Timex] = []  # the dates named so far, for "the following day", "two weeks later"
    country = getattr(context, "country", None)
    fiscal_periods = sets_calendar_periods_apart(doc_text(doc))
    for span, source in candidate_spans(doc):
        span, qualifier, preposition = trim(cut_at_quotes(span))
        if len(span) > 2 and _signal_with_object(span.doc, span.end):
            span = span[:-1]  # the NER's "the year after" before "11.7 pct in 1986"
        span, post_mod = post_modifier(span)
        qualifier = qualifier or _qualifier_before(span)
        preposition = preposition or _preposition_before(span)
        if is_possessive(span):
            qualifier = None
        if is_age(span) or is_may_modal(span) or is_name_part(span) or is_person_name(span) \
                or is_not_a_time(span):
            continue
        tense = clause_tense(span, preposition)
        if not _fits_context(span, source, tense):
            continue
        if tense == PAST and preposition in open_end:
            tense = None  # "had extended the pause until October 1": the end may lie ahead
        sentence_start = span.sent.start
        in_sentence = reference[1] if reference and reference[0] == sentence_start else None
        anchor = Anchor(context.pub_date, tense, last_year, last_day, in_sentence, country=country,
                        fiscal_periods=fiscal_periods, last_period=last_period, story_dates=tuple(story))
        ending = split_period_ending(span, anchor, qualifier)
        if ending is not None:
            pieces, values = ending
        else:
            pieces = split_range(span)
            values = _normalise_pieces(pieces, anchor, qualifier)
        if None in values:
            pieces, values = read_with_dateparser(span, pieces, values, anchor, qualifier)
        if len(pieces) == 1 and values[0] is None and len(span) > 1:
            pieces, values = split_unreadable(span, anchor, qualifier)
        for i, (piece, timex) in enumerate(zip(pieces, values)):
            if timex is not None:
                timex = _keep_rate(piece, timex, source)
            if timex is None:
                continue
            if post_mod and i == len(pieces) - 1 and (timex.kind != "DURATION" or post_mod == "APPROX"):
                timex.mod = post_mod
            piece = _extended_extent(_without_story_anchor_word(piece, timex), timex, anchor,
                                     qualifier if i == 0 else None)
            piece, timex = _as_set_after_every(piece, timex)
            if re.match(r"\d{4}", timex.value) and not timex.anchored:
                last_year = int(timex.value[:4])
            if DAY_OR_MONTH_VALUE.fullmatch(timex.value):
                last_day = timex
            if _is_reference(timex):
                reference = (sentence_start, timex)
            if PERIOD_VALUE.fullmatch(timex.value):
                last_period = timex
            if timex.kind == "DATE" and re.match(r"\d{4}", timex.value):
                story.append(timex)
            fact = Fact("date", piece.start_char, piece.end_char, source, timex.as_value())
            if timex.day_from_context:
                clock_times.append(fact)
            facts.append(fact)
    facts.extend(glued_dates(doc, context))
    facts.sort(key=lambda f: (f.start, f.end))
    for fact in clock_times:
        _take_day_from_sentence(doc, fact, facts)
    check_consistency(doc, facts, context)
    _add_events(doc, facts)
    return facts


def _add_events(doc, facts: list[Fact]) -> None:
    """value["event"] (facts v1.1): what each date is the time of, from the parse (events.py)."""
    from .events import annotate, event_of

    annotate(doc, facts, "event", event_of)


PERIOD_VALUE = re.compile(r"(?:FY)?\d{4}-[QH][1-4]")
CALENDAR_PERIODS_APART = re.compile(r"(?i)\bcalendar[ -](?:year|half|quarter)s?\b")


def sets_calendar_periods_apart(text: str) -> bool:
    """An article that writes 'calendar year' ('the second half of the 2025 calendar year')
    distinguishes calendar from fiscal periods: its bare results periods are fiscal
    (facts-v1, date conventions)."""
    return CALENDAR_PERIODS_APART.search(text) is not None


DAY_PREFIX = re.compile(r"(?:\d{4}|XXXX)-(?:\d{2}-\d{2}|WXX-\d)")


def _take_day_from_sentence(doc, clock: Fact, facts: list[Fact]) -> None:
    """'The blast occurred at 10:35 a.m. (0735 GMT) Friday': a clock time without its own day
    happens on the nearest day named in the same sentence, not on the publication day."""
    span = doc.char_span(clock.start, clock.end, alignment_mode="expand")
    if span is None:
        return
    sent = span.sent
    best = None
    for other in facts:
        if other is clock or not (sent.start_char <= other.start < sent.end_char):
            continue
        day = DAY_PREFIX.match(other.value["timex"])
        if day is None or other.value["kind"] not in ("DATE", "TIME") or not _close_by(doc, clock, other):
            continue
        distance = abs(other.start - clock.start)
        if best is None or distance < best[0]:
            best = (distance, day[0], other.value["anchored"])
    if best is None:
        return
    clock_part = clock.value["timex"].split("T", 1)[1]
    clock.value["timex"] = f"{best[1]}T{clock_part}"
    clock.value["anchored"] = best[2]


MAX_CLOCK_TO_DAY_GAP = 6  # tokens: "10:35 a.m. (0735 GMT) Friday", "at 6 p.m. on Monday"


def _close_by(doc, clock: Fact, other: Fact) -> bool:
    """Whether a day named in the clock's sentence gives the clock its date. A day before the
    clock does ('held on Thursday, and results came at 9 pm'); a day after it only when near,
    with no verb between: a timestamp heading ('6 p.m.  Trump is raising ... Monday's debate')
    keeps the publication day. Nothing crosses a paragraph break."""
    left, right = (clock, other) if clock.start < other.start else (other, clock)
    gap = doc_text(doc)[left.end:right.start]
    if "\n" in gap or "  " in gap:
        return False
    if other.start < clock.start:
        return True
    between = doc.char_span(left.end, right.start, alignment_mode="expand")
    if between is None:
        return len(gap.strip()) == 0
    return len(between) <= MAX_CLOCK_TO_DAY_GAP and not any(t.pos_ in ("VERB", "AUX") for t in between)


@lru_cache(maxsize=1)
def _glued_regex() -> re.Pattern:
    return re.compile(load_data()["glued_token_regex"])


def glued_dates(doc, context) -> list[Fact]:
    """Dates glued to markup in web text ("on Monday](https://...)"): the tokenizer keeps
    them inside one token, so they are read from the token's text."""
    facts = []
    if "](" not in doc_text(doc):
        return facts  # no token can hold one: skip the pass over every token
    for token in doc:
        if "](" not in token.text:
            continue
        m = _glued_regex().match(token.text)
        if not m:
            continue
        anchor = Anchor(context.pub_date, clause_tense(doc[token.i: token.i + 1]))
        timex = normalise([m["word"]], anchor)
        if timex is not None:
            start = token.idx + m.start("word")
            facts.append(Fact("date", start, start + len(m["word"]), "rule:date.glued", timex.as_value()))
    return facts


DAY_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")
DAY_VALUE_ANY_YEAR = re.compile(r"(?:\d{4}|XXXX)-\d{2}-\d{2}")
DAY_OR_MONTH_VALUE = re.compile(r"(?:\d{4}|XXXX)-(?:\d{2}(?:-\d{2})?|WXX-\d)")


def check_consistency(doc, facts: list[Fact], context) -> None:
    """'today (29 September)': warn when the date the text pins disagrees with the one
    resolved from the publication date. Both facts are kept as written."""
    text = doc_text(doc)
    for first, second in zip(facts, facts[1:]):
        if text[first.end: second.start].strip() not in ("(", ",", "— ", "—"):
            continue
        resolved, pinned = first.value["timex"], second.value["timex"]
        if not (first.value["anchored"] and DAY_VALUE.fullmatch(resolved)
                and DAY_VALUE_ANY_YEAR.fullmatch(pinned)):
            continue
        same_day = pinned[4:] == resolved[4:] and pinned[:4] in ("XXXX", resolved[:4])
        if not same_day:
            context.warnings.append(
                f"{text[first.start:first.end]!r} resolves to {resolved} from the "
                f"publication date but the text pins it as {text[second.start:second.end]!r} ({pinned})"
            )
