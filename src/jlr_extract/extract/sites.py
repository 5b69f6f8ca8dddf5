"""Site facts: named places where an organisation has a physical operation.

A place counts only when the sentence ties it to an operation:
- a site noun next to it: "the Leeds factory", "its Macon, Ga., truck plant",
  "a factory in Zwickau", "Glasgow's research laboratory", "X, where it has its factory";
- headquarters: "Pune-based", "headquartered in X", "based in X";
- production: "production at X", "cars produced at X", "makes cars in X";
- a facility's own name before a site noun of the ground ("the X field", "X mine", "the X
  complex"), whatever the NER calls it; its region and country come from the places written
  with it, never from a town of the same name;
- the operator's work: "its X workers", "its operations in X", "Acme was founded in X".
Continents and broad regions ("Asia", "the Middle East", "Scandinavia") are never sites.
Places listed after a site ("in A, on Region, and B in Region2") are sites too; places right
after a site introduced by "in"/"on" or a comma are its region or country, not sites.

Every mention is emitted; mentions of one site (same folded name) share name, region,
country, organisation and coordinates, resolved once per article from all their qualifiers.
A qualifier names a wider area than its place ("Crewe, Cheshire", "West Point, Georgia": a US
state that shares its name with a country is the state when the town is there or unknown);
"Poland, Hungary and Slovakia" is a list. A town of several countries is read with the
article's evidence (its other sites' countries, the countries it names, its dateline) before
population.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .. import gazetteer
from ..article_view import (NOUN_TAGS, PLACE_LABELS, PROPER_TAGS, ArticleView, Chunk, article_view,
                            before_site_noun, cues, is_located_name, is_site_noun)
from ..anchored import AnchoredMatcher
from ..records import Fact
POSSESSIVE_PRONOUNS = {"its", "their", "his", "her", "our"}
SUBJECT_PRONOUNS = {"it", "they", "we"}
APOSTROPHE_S = {"'s", "’s", "'", "’"}
COPULAS = {"is", "are", "was", "were", "remains", "remain", "lies", "sits", "stands"}
# A town of this size is taken even when the article names none of its country's places.
FAR_NAMESAKE_POPULATION = 150_000
BIG_CITY_POPULATION = FAR_NAMESAKE_POPULATION
# A name the NER calls a product is a town only if this big (or in a country the article names).
PRODUCT_TOWN_POPULATION = 50_000


@lru_cache(maxsize=8)
def _matchers(vocab):
    """Anchor matchers, built once per vocabulary: site nouns, operation and headquarters words."""
    c = cues()
    matcher = AnchoredMatcher(vocab)  # the Matcher, run only near its anchors
    matcher.add("SITE", [[{"LOWER": {"IN": sorted(c["site_nouns"])}, "TAG": {"IN": ["NN", "NNS"]}}]])
    matcher.add("OPERATION", [[{"LOWER": {"IN": sorted(c["operation_words"])}, "IS_LOWER": True}]])
    based = sorted(c["headquarters_words"])
    matcher.add("BASED", [[{"TEXT": "-"}, {"LOWER": {"IN": based}}],
                          [{"LOWER": {"IN": based}}, {"LOWER": {"IN": sorted(c["headquarters_preps"])}}]])
    matcher.add("FOUNDED", [[{"LOWER": {"IN": sorted(c["founding_words"])}, "TAG": {"IN": ["VBN", "VBD"]}}]])
    matcher.add("WORKERS", [[{"LOWER": {"IN": sorted(c["worker_nouns"])}, "TAG": {"IN": ["NN", "NNS"]}}]])
    matcher.add("OPERATIONS", [[{"LOWER": {"IN": sorted(c["operation_nouns"])}, "TAG": {"IN": ["NN", "NNS"]}}]])
    phrases = PhraseMatcher(vocab, attr="LOWER")
    phrases.add("SITE", [Doc(vocab, words=p.split()) for p in sorted(c["multiword_site_nouns"])])
    return matcher, phrases


# --- proper-name chunks ------------------------------------------------------------------


@dataclass
class SitePhrase:
    head: int  # index of the site noun
    start: int  # first token of the kind phrase (its leftmost modifier)
    kind: str


def _is_kind_modifier(doc, i: int) -> bool:
    """A common noun in the kind phrase ("engine manufacturing"), not an amount's unit
    ("400 mln dlr plant") nor the tail of a hyphenated adjective ("low-cost")."""
    token = doc[i]
    gerund = token.tag_ == "VBG" and (token.dep_ == "compound" or (  # "gas processing plant"
        token.dep_ == "amod" and token.lower_ not in cues()["non_kind_gerunds"]))  # "bottling plant"
    if (token.tag_ not in ("NN", "NNS") and not gerund) or not token.is_lower or not token.is_alpha:
        return False
    if token.lower_ in cues()["amount_words"]:
        return False
    if token.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY", "DATE", "PERCENT"):
        return False
    return not (i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_)


def _named_facility(doc, head: int, start: int) -> bool:
    """"the Brent field", "Grasberg mine": a site noun of the ground ('named_site_nouns') right
    after a capitalised name."""
    return doc[head].lower_ in cues()["named_site_nouns"] and start > 0 \
        and doc[start - 1].text[:1].isupper() and doc[start - 1].is_alpha \
        and (doc[start - 1].tag_ in PROPER_TAGS or not doc[start - 1].is_sent_start)


def _site_phrase(doc, head: int, phrase_start: int) -> SitePhrase | None:
    """The kind phrase ("engine manufacturing site") of a site noun, or None if not a site."""
    c = cues()
    start = phrase_start
    while start > 0 and (_is_kind_modifier(doc, start - 1)
                         or (doc[start - 1].is_space and start > 1 and _is_kind_modifier(doc, start - 2))
                         or (start > 1 and start < head + 1 and doc[start - 1].lower_ in ("and", "&")
                             and _is_kind_modifier(doc, start - 2) and _is_kind_modifier(doc, start))):
        start -= 1  # "research and development centre", "paint and assembly shops"
    if doc[start].is_space:
        start += 1
    # "web site", "alleged terrorist sites", "state election offices": not an operation
    if doc[phrase_start - 1].lower_ in c["kind_stop_modifiers"] if phrase_start > 0 else False:
        return None
    if phrase_start < head and doc[phrase_start].lower_ in c["kind_stop_modifiers"]:
        return None
    if start > 0 and doc[start - 1].lower_ in c["kind_stop_modifiers"]:
        return None
    if doc[head].lower_ in c["weak_site_nouns"] and head == phrase_start and not any(
            doc[k].lower_ in c["weak_site_modifiers"] for k in range(start, head)) \
            and not _named_facility(doc, head, start):
        return None
    words = [t.lower_ for t in doc[start : head + 1] if not t.is_space]
    words[-1] = c["site_nouns"].get(words[-1], c["plural_heads"].get(words[-1], words[-1]))
    return SitePhrase(head, start, " ".join(words))


# --- candidate sites ---------------------------------------------------------------------


@dataclass
class Mention:
    chunk: Chunk
    kind: str | None
    source: str
    org: str | None
    qualifiers: list[Chunk] = field(default_factory=list)
    # Whether the text ties the site to an owner (a name, "its", an organisation subject)
    # rather than the article's main organisation being assumed.
    tied: bool = True
    facility: bool = False  # named after its ground ("the Brent field"): no town of that name


def is_broad_region(text: str) -> bool:
    """A continent or a region of several countries ("Asia", "the Middle East", "southern
    Europe"): where a market or a setting is, never a site (facts-v1: a site is a named place of
    a physical operation)."""
    broad = cues()["broad_regions"]
    words = " ".join(text.split()).lower()
    if words in broad or words.removeprefix("the ") in broad:
        return True
    first, _, rest = words.partition(" ")
    return first in cues()["directional_words"] and rest.removeprefix("the ") in broad


def _is_place(info: ArticleView, chunk: Chunk | None, strict: bool) -> bool:
    """Whether a chunk names a place. strict: the NER or the gazetteer must say so."""
    if chunk is None or chunk.label == "WORK_OF_ART":
        return False
    text = chunk.text(info.doc)
    if is_broad_region(text):
        return False
    if chunk.label == "NORP" and text.lower() in cues()["demonyms"]:
        return False
    if chunk.label in ("PRODUCT", "NORP"):  # "its Schweinfurt site", "the Bremen site": a town the NER mislabelled
        return strict and any(p.kind == gazetteer.KIND_PLACE and (
            p.country in info.countries or p.population >= PRODUCT_TOWN_POPULATION)
            for p in gazetteer.lookup(text))
    if text.lower() in cues()["demonyms"]:
        return False  # "its two Scottish factories": a nationality, not a place
    if chunk.label in PLACE_LABELS:
        return text not in info.org_names
    if text in info.org_names or text in info.full_names:
        return False
    places = gazetteer.lookup(text)
    if places and strict and info.countries:
        # A name the NER took for an organisation or person is a place only if the
        # gazetteer has it in a country the article names.
        return any(p.country in info.countries for p in places)
    return bool(places) or not strict


def _skip_words(doc, i: int, words: frozenset | set, limit: int) -> int:
    """Position of the first token from i that is neither in `words` nor a line break."""
    while i < limit and (doc[i].lower_ in words or doc[i].is_space):
        i += 1
    return i


def _rank(text: str) -> int:
    """3 for a country, 2 for a first-level region ("Bavaria", "England"), 1 for a county,
    0 for a town or a name the gazetteer lacks."""
    places = gazetteer.lookup(text)
    if any(p.is_country for p in places):
        return 3
    regions = [p for p in places if p.is_region]
    if not regions:
        return 0
    return 2 if any(gazetteer.is_first_level(p) for p in regions) else 1


def _qualifiers(info: ArticleView, i: int, limit: int, of: Chunk | None = None) -> tuple[list[Chunk], int]:
    """Read "in the East Midlands", ", Tenn.", ", on Teesside", "near Bangalore" after position i.

    Returns the region/country chunks and the position after them; proximity phrases are
    skipped (a nearby city is neither the site nor its region). A qualifier names a wider area
    than the place `of` it: after a comma, "Poland, Hungary" is a list of two countries and
    "Bavaria, Saxony" one of two regions, while "Bavaria, Germany" is a region and its country.
    """
    doc, c = info.doc, cues()
    found: list[Chunk] = []
    rank = _rank(of.text(doc)) if of is not None else 0
    while i < limit:
        j = _skip_words(doc, i, (), limit)
        comma = j < limit and doc[j].text == ","
        if comma:
            j = _skip_words(doc, j + 1, (), limit)
        if j >= limit:
            break
        # a preposition is lower-case: "South" of "South Yorkshire" is part of the name
        word = doc[j].lower_ if doc[j].is_lower else ""
        has_prep = word in c["qualifier_preps"]
        if has_prep or word in c["proximity_preps"]:
            k = _skip_words(doc, j + 1, {"the", "of", "outskirts", "to"}, limit)
        else:
            k = j
        while k < limit and doc[k].lower_ in c["directional_words"] | {"the", "-"} and info.chunk_at(k) is None:
            k += 1
        chunk = info.chunk_at(k)
        if chunk is None or chunk.start != k or _is_organisation(info, chunk) \
                or chunk.text(doc).lower() in c["demonyms"]:
            break
        if word in c["proximity_preps"]:
            i = chunk.end
            continue
        places = gazetteer.lookup(chunk.text(doc))
        is_area = not places or any(p.is_country or p.is_region for p in places)
        if not has_prep and (not comma or not is_area):
            break  # "A, B" with B a town is a list, not a qualifier
        if not has_prep and rank and places and _rank(chunk.text(doc)) <= rank:
            break  # "Poland, Hungary": a list of areas of one rank
        found.append(chunk)
        rank = max(rank, _rank(chunk.text(doc)))
        i = chunk.end
    return found, i


def _list_items(info: ArticleView, i: int, limit: int) -> tuple[Chunk | None, int]:
    """The next place of a list after a site: ", and B", "as well as at C", "or D"."""
    doc, c = info.doc, cues()
    j = _skip_words(doc, i, c["list_connectors"], limit)
    if j == i or j >= limit:
        return None, i
    if not any(doc[k].lower_ in ("and", "or", "plus", ",", "as") for k in range(i, j)):
        return None, i
    if j < limit and doc[j].lower_ == "the":  # "and the Netherlands"
        j += 1
    chunk = info.chunk_at(j)
    if chunk is None or chunk.start != j or not _is_place(info, chunk, strict=True):
        return None, i
    if chunk.label == "PERSON" and not gazetteer.lookup(chunk.text(doc)):
        return None, i
    if before_site_noun(doc, chunk.end):
        return None, i  # "and its Macon plant": its own site phrase reads it
    return chunk, chunk.end


def _collect_list(info, first: Mention, after: int, limit: int, quals_after: bool) -> list[Mention]:
    """The first site, its qualifiers, and the places listed after it with theirs."""
    mentions = [first]
    current, i = first, after
    while True:
        if quals_after:
            quals, i = _qualifiers(info, i, limit, current.chunk)
            current.qualifiers.extend(quals)
        quals_after = True
        nxt, j = _list_items(info, i, limit)
        if nxt is None:
            return mentions
        current = Mention(nxt, first.kind, "rule:site.list", first.org, tied=first.tied)
        mentions.append(current)
        i = j


def _operator(info: ArticleView, token, explicit: str | None, pronoun_at: int | None = None) -> str | None:
    return _operator_tie(info, token, explicit, pronoun_at)[0]


def _operator_tie(info: ArticleView, token, explicit: str | None,
                  pronoun_at: int | None = None) -> tuple[str | None, bool]:
    """Who runs the site, and whether the text says so: an organisation named in the phrase;
    for "its", the nearest organisation named before it in the sentence; else the clause
    subject when it is an organisation ("it", "the company" -> the article's main one); else
    the article's main organisation, untied."""
    doc = info.doc
    if explicit:
        return info.full_name(explicit), True
    if pronoun_at is not None and doc[pronoun_at].lower_ in ("his", "her"):
        # "her Brooklyn headquarters": a person's, named as the article names them
        sent = doc[pronoun_at].sent
        for i in sorted(range(sent.start, sent.end), key=lambda k: (k > pronoun_at, abs(k - pronoun_at))):
            chunk = info.chunk_at(i)
            if chunk is not None and chunk.label == "PERSON" and chunk.text(doc) not in info.org_names:
                return chunk.text(doc), True  # before it first, then after ("her X office, Clinton ...")
    if pronoun_at is not None:
        for i in range(pronoun_at - 1, doc[pronoun_at].sent.start - 1, -1):
            chunk = info.chunk_at(i)
            if chunk is not None and chunk.text(doc) in info.org_names:
                return info.full_name(chunk.text(doc)), True
            if doc[i].text in info.full_names:
                return info.full_names[doc[i].text], True
    tied = pronoun_at is not None
    node = token
    for _ in range(8):
        for child in node.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ in ("which", "that") and node.dep_ == "relcl":
                    child = node.head  # "Stanmore Foods, which runs a bakery in X"
                chunk = info.chunk_at(child.i)
                if chunk is not None and _is_organisation(info, chunk):
                    return info.full_name(chunk.text(doc)), True
                if child.lower_ in SUBJECT_PRONOUNS:
                    return info.main_org, True
                if child.tag_ in ("NN", "NNS"):
                    return info.main_org, (tied or child.lower_ in cues()["organisation_nouns"]
                                           or _sentence_names_org(info, token))
        if node.head is node:
            break
        node = node.head
    return info.main_org, tied or _sentence_names_org(info, token)


def _sentence_names_org(info: ArticleView, token) -> bool:
    """Whether the sentence names an organisation ("According to Acme, the attack hit
    factories in Japan"): the text then ties its sites to someone."""
    sent = token.sent
    for i in range(sent.start, sent.end):
        chunk = info.chunk_at(i)
        if chunk is not None and chunk.start == i and _is_organisation(info, chunk):
            return True
    return False


def _is_organisation(info: ArticleView, chunk: Chunk) -> bool:
    text = chunk.text(info.doc)
    if text in info.org_names:
        return True
    return chunk.label == "ORG" and not (chunk.label in PLACE_LABELS or gazetteer.lookup(text))


def _skip_left_modifiers(doc, i: int, sent_start: int) -> int:
    """Move left over adjectives, numbers, line breaks and hyphenated words ("hi-tech")."""
    while i >= sent_start:
        token = doc[i]
        hyphen_joined = token.text == "-" or (i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_)
        if token.tag_ in ("JJ", "JJS", "JJR", "VBN", "HYPH", "CD") or token.is_space or hyphen_joined \
                or token.lower_ in cues()["amount_words"] or token.text in ("$", "£", "€"):
            i -= 1
        else:
            break
    return i


@dataclass
class LeftContext:
    place: Chunk | None = None
    qualifiers: list[Chunk] = field(default_factory=list)
    brand: Chunk | None = None  # an organisation or brand right before the kind ("Corvette plant")
    possessor: Chunk | None = None  # "Acme's plant"
    place_is_possessor: bool = False  # "Leeds's laboratory"
    personal: bool = False  # owned by a common noun that is no organisation ("the mayor's office")
    facility: bool = False  # the place is a facility's own name ("the Brent field")
    listed: list = field(default_factory=list)  # [(place, qualifiers)] listed before the place
    determiner: int = -1  # index of the token before the noun phrase's name part


def _left_of_phrase(info: ArticleView, phrase: SitePhrase, sent_start: int) -> LeftContext:
    """Read leftwards from a kind phrase: "its Macon, Ga., truck plant", "the Leeds factory"."""
    doc = info.doc
    left = LeftContext()
    i = _skip_left_modifiers(doc, phrase.start - 1, sent_start)
    chunk = info.chunk_at(i)
    split = _brand_then_place(info, chunk) if chunk is not None and chunk.end == phrase.start else None
    if split is not None:  # "the Nissan Sunderland plant": the brand, then the town
        left.brand, left.place = split
        left.determiner = split[0].start - 1
        return left
    if chunk is not None and chunk.end == phrase.start and _named_facility(doc, phrase.head, phrase.start) \
            and not _is_organisation_name(info, chunk) and not is_broad_region(chunk.text(doc)):
        left.place, left.determiner, left.facility = chunk, chunk.start - 1, True
        return left  # "the Grasberg mine": the facility's own name, whatever the NER calls it
    if chunk is not None and chunk.label in ("ORG", "PRODUCT", "PERSON") and not _is_place(info, chunk, strict=True) \
            and not is_located_name(info, chunk) and not (chunk.label != "ORG" and _left_list(info, chunk, sent_start)):
        # (a name listed with places, "its Solihull and X plants", is a place the gazetteer lacks)
        left.brand = chunk
        i = _skip_left_modifiers(doc, chunk.start - 1, sent_start)
        chunk = info.chunk_at(i)
    if chunk is None and i > sent_start and doc[i].text in APOSTROPHE_S:
        owner = info.chunk_at(i - 1)  # "Acme's plant" (operator) or "Glasgow's laboratory" (place)
        if owner is not None and _is_possessive_place(info, owner):
            left.place, left.determiner, left.place_is_possessor = owner, i, True
        elif owner is not None:
            left.possessor, left.determiner = owner, i
        elif doc[i - 1].tag_ in ("NN", "NNS") and doc[i - 1].lower_ not in cues()["organisation_nouns"]:
            left.personal = True  # "the mayor's office": a person's or an office-holder's, not a firm's
        return left
    if chunk is None and i >= sent_start and doc[i].text == ",":
        # "its Macon, Ga., truck plant": the region, then the town before it
        region = info.chunk_at(i - 1)
        if region is not None and _is_area(info, region) and doc[region.start - 1].text == ",":
            town = info.chunk_at(region.start - 2)
            if town is not None:
                left.qualifiers, chunk, i = [region], town, town.end - 1
    if chunk is not None:
        left.place = chunk
        left.listed = _left_list(info, chunk, sent_start)
        leftmost = left.listed[-1][0] if left.listed else chunk
        left.determiner = leftmost.start - 1
        k = _skip_left_modifiers(doc, leftmost.start - 1, sent_start)
        if k > sent_start and doc[k].text in APOSTROPHE_S:  # "Acme's Leeds plant"
            owner = info.chunk_at(k - 1)
            if owner is not None and not _is_possessive_place(info, owner):
                left.possessor = owner
    else:
        left.determiner = i
    return left


def _brand_then_place(info: ArticleView, chunk: Chunk) -> tuple[Chunk, Chunk] | None:
    """Split a name the NER ran together, "Nissan Sunderland", "Orrin Foods Leicester", into an
    organisation and the town after it: only when the whole is no place, its tail is a town the
    gazetteer knows, and its head is an organisation (a known one, an ORG label, a firm's word)
    or the NER calls the whole a facility (FAC)."""
    doc = info.doc
    if chunk.end - chunk.start < 2 or chunk.label in ("GPE", "LOC") or gazetteer.lookup(chunk.text(doc)):
        return None
    for k in range(chunk.start + 1, chunk.end):
        tail = doc[k:chunk.end].text
        towns = [p for p in gazetteer.lookup(tail) if p.kind == gazetteer.KIND_PLACE]
        if not towns or not any(p.country in info.countries or p.population >= PRODUCT_TOWN_POPULATION
                                for p in towns):
            continue
        head = doc[chunk.start:k]
        known = head.text in info.org_names or head.text in info.full_names or head.text == info.main_org
        if known or chunk.label in ("ORG", "FAC") or doc[k - 1].lower_ in cues()["organisation_name_words"]:
            return Chunk(chunk.start, k, "ORG"), Chunk(k, chunk.end, "GPE")
        return None
    return None


def _left_list(info: ArticleView, chunk: Chunk, sent_start: int) -> list[tuple[Chunk, list[Chunk]]]:
    """Places listed before the place of a kind phrase, nearest first: "its Solihull and
    Castle Bromwich plants", "its Kenosha, Wis., and Toledo, Ohio, plants" (with qualifiers)."""
    doc = info.doc
    found = []
    start = chunk.start
    while True:
        j, connectors = start - 1, []
        while j >= sent_start and doc[j].lower_ in (",", "and", "or"):
            connectors.append(doc[j].lower_)
            j -= 1
        if not connectors or not any(c in ("and", "or", ",") for c in connectors):
            return found
        prev = info.chunk_at(j)
        if prev is None or prev.end != j + 1 or not _is_place(info, prev, strict=True) \
                or _is_organisation(info, prev):
            return found
        quals = []
        if _is_area(info, prev) and prev.start - 2 >= sent_start and doc[prev.start - 1].text == ",":
            town = info.chunk_at(prev.start - 2)  # "Kenosha, Wis.,"
            if town is not None and town.end == prev.start - 1 and _is_place(info, town, strict=True):
                prev, quals = town, [prev]
        if "and" not in connectors and "or" not in connectors and not found and not _is_list_end(doc, chunk):
            return found  # "Leeds, Bradford plant" is no list without "and" somewhere
        found.append((prev, quals))
        start = prev.start


def _is_list_end(doc, chunk: Chunk) -> bool:
    """Whether "and"/"or" comes right before this place (the last item of a list)."""
    j = chunk.start - 1
    return j >= 0 and doc[j].lower_ in ("and", "or")


def _is_organisation_name(info: ArticleView, chunk: Chunk) -> bool:
    """A name the article uses as an organisation, or whose last word says firm ("Acme Mining")."""
    text = chunk.text(info.doc)
    return text in info.org_names or text in info.full_names \
        or info.doc[chunk.end - 1].lower_ in cues()["organisation_name_words"]


def _is_possessive_place(info: ArticleView, chunk: Chunk) -> bool:
    """"Leeds's laboratory" names a place, "Acme's plant" an owner: a possessor is a place only
    when the NER calls it one (or misses it) and the gazetteer knows it."""
    if chunk.label not in ("GPE", "LOC", "PROPN", "PERSON") or _is_organisation(info, chunk):
        return False
    places = gazetteer.lookup(chunk.text(info.doc))
    if chunk.label == "PERSON":  # the NER often calls "City's" a person: trust only a known city
        return any(p.population >= BIG_CITY_POPULATION or p.country in info.countries for p in places)
    return bool(places)


def _is_area(info: ArticleView, chunk: Chunk) -> bool:
    places = gazetteer.lookup(chunk.text(info.doc))
    return bool(places) and any(p.is_country or p.is_region for p in places)


def _site_noun_mentions(info: ArticleView, head: int, phrase_start: int) -> list[Mention]:
    doc = info.doc
    phrase = _site_phrase(doc, head, phrase_start)
    if phrase is None:
        return []
    sent = doc[head].sent
    limit = sent.end
    left = _left_of_phrase(info, phrase, sent.start)
    if left.personal:
        return []
    place = left.place
    possessor = left.possessor.text(doc) if left.possessor is not None else None
    pronoun = 0 <= left.determiner and doc[left.determiner].lower_ in POSSESSIVE_PRONOUNS
    kind = phrase.kind
    org = possessor
    if left.brand is not None:
        if possessor or pronoun:  # "its Corvette plant": a brand made there, part of the kind
            kind = f"{left.brand.text(doc).lower()} {kind}"
        else:  # "a Siemens factory": the operator
            org = left.brand.text(doc)
    if place is not None and not left.facility and not _is_place(info, place, strict=True) \
            and not is_located_name(info, place) and not left.listed:
        if not (pronoun and place.label in ("PROPN", "ORG") and place.text(doc) not in info.org_names):
            place = None
    if place is not None and gazetteer.country_code(place.text(doc)) and _has_other_place(info, head):
        place = None  # "its main UK factory" beside a named town: the town is the site
    if place is not None and left.place_is_possessor and _place_after(info, head + 1, limit) is not None:
        org, place = place.text(doc), None  # "Kirin's factories in Korea": the owner, then the site
    j = head + 1
    owner = _of_owner(info, j)  # "the plant of Renault in X"
    if owner is not None and not org:
        org, j = owner.text(doc), owner.end
    operator, tied = _operator_tie(info, doc[head], org, pronoun_at=left.determiner if pronoun else None)
    if place is not None and left.facility:
        first = Mention(place, kind, "rule:site.named", operator, list(left.qualifiers), tied, facility=True)
        first.qualifiers.extend(_facility_places(info, j, limit))
        return [first]
    if place is not None:
        first = Mention(place, kind, "rule:site.modifier", operator, list(left.qualifiers), tied)
        listed = [Mention(c, kind, "rule:site.list", operator, list(q), tied) for c, q in left.listed]
        return listed[::-1] + _collect_list(info, first, j, limit, quals_after=True)
    # "factory in X", "plant at X"; "its biggest factory is in X"
    verb = doc[head].head
    if doc[head].dep_ == "nsubj" and verb.lower_ in COPULAS and verb.i > head and not any(
            doc[k].text in (",", ";") for k in range(head + 1, verb.i)):
        j = verb.i + 1
    chunk = _place_after(info, j, limit, allow_near=phrase.start < head or kind != "site")
    if chunk is not None:
        first = Mention(chunk, kind, "rule:site.prep", operator, tied=tied)
        return _collect_list(info, first, chunk.end, limit, quals_after=True)
    chunk = _appositive_place(info, left.determiner, sent.start)
    if chunk is not None:
        return [Mention(chunk, kind, "rule:site.appositive", operator, tied=tied)]
    moved = _relocation_mentions(info, head, kind, operator, tied)
    if moved:
        return moved
    return _where_mentions(info, phrase, operator)


def _facility_places(info: ArticleView, j: int, limit: int) -> list[Chunk]:
    """Where a named facility is: "the X mine in Y", "the X field off Y", "the X refinery near
    Y", read as its qualifiers (they give its region and country, never a second site)."""
    doc = info.doc
    j = _skip_words(doc, j, cues()["location_participles"] | {","}, limit)
    if j >= limit or doc[j].lower_ not in ("in", "at", "near", "off", "outside", "on"):
        return []
    k = _skip_words(doc, j + 1, {"the"} | cues()["directional_words"], limit)
    chunk = info.chunk_at(k)
    if chunk is None or chunk.start != k or _is_organisation(info, chunk):
        return []
    quals, _ = _qualifiers(info, chunk.end, limit, chunk)
    return [chunk, *quals]


def _of_owner(info: ArticleView, j: int) -> Chunk | None:
    """The organisation in "the plant of Renault" (j at "of")."""
    doc = info.doc
    if j + 1 >= len(doc) or doc[j].lower_ != "of":
        return None
    k = _skip_words(doc, j + 1, {"the"}, len(doc))
    owner = info.chunk_at(k)
    if owner is not None and owner.start == k and (owner.label == "ORG" or _is_organisation(info, owner)) \
            and not _is_place(info, owner, strict=True):
        return owner
    return None


def _relocation_mentions(info: ArticleView, head: int, kind: str, operator, tied: bool) -> list[Mention]:
    """"moved its headquarters from X to Y", "will relocate its plant to Y": both places."""
    doc = info.doc
    c = cues()
    verb = doc[head].head
    if verb.lower_ not in c["relocation_words"] or doc[head].dep_ not in ("dobj", "nsubjpass"):
        return []
    found = []
    sent_end = doc[head].sent.end
    j = head + 1
    while j < min(sent_end, head + 12):
        if doc[j].lower_ in c["relocation_preps"]:
            k = _skip_words(doc, j + 1, {"the"}, sent_end)
            chunk = info.chunk_at(k)
            if chunk is not None and chunk.start == k and _is_place(info, chunk, strict=True) \
                    and not _is_organisation(info, chunk):
                mention = Mention(chunk, kind, "rule:site.relocation", operator, tied=tied)
                quals, j = _qualifiers(info, chunk.end, sent_end)
                mention.qualifiers.extend(quals)
                found.append(mention)
                continue
        j += 1
    return found


def _appositive_place(info: ArticleView, determiner: int, sent_start: int) -> Chunk | None:
    """"X, its largest steelworks" / "X, the group's main plant": the place before the comma."""
    doc = info.doc
    determiner = _skip_left_modifiers(doc, determiner, sent_start)
    if determiner <= sent_start + 1 or doc[determiner].lower_ not in POSSESSIVE_PRONOUNS | {"the", "a", "an"}:
        return None
    if doc[determiner - 1].text != ",":
        return None
    chunk = info.chunk_at(determiner - 2)
    if chunk is not None and _is_place(info, chunk, strict=True) and not _is_organisation(info, chunk):
        return chunk
    return None


def _place_after(info: ArticleView, j: int, limit: int, allow_near: bool = True) -> Chunk | None:
    """The place in "... in X" / "... at the X" / "near X" starting at token j (after a site
    noun); "near" only when the noun surely names a facility ("a site near X" may be any)."""
    doc = info.doc
    j = _skip_words(doc, j, cues()["location_participles"] | {","}, limit)
    if j >= limit:
        return None
    if doc[j].lower_ in ("in", "at"):
        strict = False
    elif allow_near and doc[j].lower_ in ("near", "outside"):
        strict = True  # "a plant near X": X locates it, when it is surely a place
    else:
        return None
    k = _skip_words(doc, j + 1, {"the"}, limit)
    chunk = info.chunk_at(k)
    if strict and chunk is not None and chunk.start == k and _is_area(info, chunk):
        # "its first plant outside Japan in Smyrna": abroad, not a place; read on
        return _place_after(info, chunk.end, limit, allow_near=False)
    if chunk is not None and chunk.start == k and _is_place(info, chunk, strict=strict):
        return chunk
    return None


def _has_other_place(info: ArticleView, head: int) -> bool:
    """Whether the sentence of a site noun names a place that is not a country."""
    doc = info.doc
    sent = doc[head].sent
    for ent in sent.ents:
        if ent.label_ in PLACE_LABELS and not gazetteer.country_code(ent.text):
            return True
    return False


def _where_mentions(info: ArticleView, phrase: SitePhrase, operator) -> list[Mention]:
    """"moving to X in 1961, where it still has its main factory"."""
    doc = info.doc
    sent = doc[phrase.head].sent
    for w in range(phrase.start - 1, sent.start, -1):
        if doc[w].lower_ != "where":
            continue
        for k in range(w - 1, max(sent.start, w - 6) - 1, -1):
            chunk = info.chunk_at(k)
            if chunk is not None and _is_place(info, chunk, strict=True):
                return [Mention(chunk, phrase.kind, "rule:site.where", operator)]
        break
    return []


def _based_mentions(info: ArticleView, start: int, end: int) -> list[Mention]:
    """"a Pune-based company", "the firm is headquartered in X", "based in X": only when what
    is based there is an organisation (not "diplomats based in X")."""
    doc = info.doc
    if doc[start].text == "-":  # X-based
        chunk = info.chunk_at(start - 1)
        if chunk is None or chunk.end != start or not (_is_place(info, chunk, strict=True) or (
                gazetteer.lookup(chunk.text(doc)) and not _is_organisation(info, chunk))):
            return []  # "X-based": X is a place whatever label the NER gave it, unless a firm
        org = _based_entity(info, doc[start + 1])
        if org is None:
            return []
        return [Mention(chunk, "headquarters", "rule:site.based",
                        _operator(info, doc[start + 1], org or None),
                        tied=bool(org) or _sentence_names_org(info, doc[start + 1]))]
    k = _skip_words(doc, end, {"the"}, len(doc))
    while k < len(doc) and doc[k].is_lower and doc[k].lower_ in cues()["directional_words"]:
        k += 1  # "headquartered in south Manchester"
    chunk = info.chunk_at(k)
    if chunk is None or chunk.start < end or not _is_place(info, chunk, strict=True):
        return []
    org = _based_entity(info, doc[start])
    if org is None:
        return []
    first = Mention(chunk, "headquarters", "rule:site.hq", _operator(info, doc[start], org or None))
    return _collect_list(info, first, chunk.end, doc[start].sent.end, quals_after=True)


def _based_entity(info: ArticleView, based) -> str | None:
    """What "based"/"headquartered" describes: an organisation's name, "" for an organisation
    noun or pronoun ("company", "it") whose name the operator rules find, None otherwise."""
    doc = info.doc
    postposed = based.dep_ in ("acl", "relcl") and based.head.i < based.i
    if not postposed and (based.dep_ in ("amod", "acl", "compound", "npadvmod") or based.head.i > based.i):
        # attributive: "a Pune-based drug company", "US-based Some Institute"
        head = based.head.i if based.head.i > based.i else min(based.i + 6, based.sent.end - 1)
        for k in range(based.i + 1, head + 1):
            chunk = info.chunk_at(k)
            if chunk is not None:
                return chunk.text(doc) if _is_organisation(info, chunk) else None
            if doc[k].text in (",", ".", ";"):
                return None
            if doc[k].lower_ in cues()["organisation_nouns"] and (k == head or doc[k + 1].tag_ not in NOUN_TAGS):
                named = info.chunk_at(k + 1)  # "the X-based utility giant Some Resources"
                is_name = named is not None and named.label not in PLACE_LABELS | {"NORP", "DATE"}
                return named.text(doc) if is_name else ""
        return None
    subject = next((c for c in based.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:  # "Acme, headquartered in X", "a company based in X"
        subject = based.head if based.dep_ in ("acl", "relcl") else None
    elif subject.lower_ in ("which", "that") and based.dep_ == "relcl":
        subject = based.head
    if subject is None:
        return None
    chunk = info.chunk_at(subject.i)
    if chunk is not None:
        return chunk.text(doc) if _is_organisation(info, chunk) else None
    if subject.lower_ == "it" or subject.lower_ in cues()["organisation_nouns"]:
        return ""
    return None


def _operation_mentions(info: ArticleView, i: int) -> list[Mention]:
    """"production at X", "cars produced at X", "makes cars in X" (X a town, not a country).
    A verb of making needs its object between it and the place ("makes cars in X"), since
    "a pledge made in X" is no production."""
    doc = info.doc
    sent = doc[i].sent
    needs_object = doc[i].lower_ in cues()["make_words"]
    for j in range(i + 1, min(i + 5, sent.end - 1)):
        if is_site_noun(doc[j]) or doc[j].tag_.startswith("V") or doc[j].text in (",", ";"):
            return []
        if doc[j].lower_ not in cues()["operation_place_preps"]:
            continue
        if needs_object and not any(doc[k].tag_ in ("NN", "NNS") for k in range(i + 1, j)):
            return []
        chunk = info.chunk_at(_skip_words(doc, j + 1, {"the"}, sent.end))
        if chunk is None or chunk.start < j + 1 or not _is_place(info, chunk, strict=True):
            return []
        if any(p.is_country or p.is_region for p in gazetteer.lookup(chunk.text(doc))):
            return []  # "production in China" is a market or a setting, not a site
        first = Mention(chunk, None, "rule:site.operation", _operator(info, doc[i], None))
        return _collect_list(info, first, chunk.end, sent.end, quals_after=True)
    return []


def _owner_before(info: ArticleView, i: int, sent_start: int) -> tuple[str | None, int | None, bool]:
    """Who owns the noun phrase ending before token i: ("Acme", None, True) for "Acme's",
    (None, k, True) for "its" at k, (None, None, False) when nothing owns it."""
    doc = info.doc
    k = _skip_left_modifiers(doc, i, sent_start)
    if k >= sent_start and doc[k].lower_ in POSSESSIVE_PRONOUNS:
        return None, k, True
    if k > sent_start and doc[k].text in APOSTROPHE_S:
        owner = info.chunk_at(k - 1)
        if owner is not None and _is_organisation(info, owner):
            return owner.text(doc), None, True
    return None, None, False


def _worker_mentions(info: ArticleView, i: int) -> list[Mention]:
    """"its Leeds workers", "Acme's Swindon workforce": a place that modifies the operator's
    workers is where it works (no kind); an unowned "Detroit workers" is not a site."""
    doc = info.doc
    place = info.chunk_at(i - 1)
    if place is None or place.end != i or not _is_place(info, place, strict=True) \
            or _is_area(info, place) or _is_organisation(info, place):
        return []
    sent = doc[i].sent
    possessor, pronoun, owned = _owner_before(info, place.start - 1, sent.start)
    if not owned:
        return []
    operator, tied = _operator_tie(info, doc[i], possessor, pronoun_at=pronoun)
    return [Mention(place, None, "rule:site.workers", operator, tied=tied)]


def _operations_mentions(info: ArticleView, i: int) -> list[Mention]:
    """"its operations in Glasgow", "Acme's business at X": an owned operation placed in a
    town (a country or a region is a market or a setting here, as for "production in")."""
    doc = info.doc
    sent = doc[i].sent
    possessor, pronoun, owned = _owner_before(info, i - 1, sent.start)
    if not owned:
        return []
    chunk = _place_after(info, i + 1, sent.end, allow_near=False)
    if chunk is None or _is_area(info, chunk) or not _is_place(info, chunk, strict=True):
        return []
    operator, tied = _operator_tie(info, doc[i], possessor, pronoun_at=pronoun)
    first = Mention(chunk, None, "rule:site.operations", operator, tied=tied)
    return _collect_list(info, first, chunk.end, sent.end, quals_after=True)


def _founding_mentions(info: ArticleView, i: int) -> list[Mention]:
    """"Acme was founded in Kent": where an organisation began is one of its sites (no kind);
    a country or a wider area is a setting, not a site."""
    doc = info.doc
    verb = doc[i]
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return []
    chunk = info.chunk_at(subject.i)
    if not ((chunk is not None and _is_organisation(info, chunk))
            or subject.lower_ == "it" or subject.lower_ in cues()["organisation_nouns"]):
        return []
    for j in range(i + 1, min(i + 8, verb.sent.end)):
        if doc[j].text in (",", ";") or doc[j].tag_.startswith("V"):
            break  # "founded by its late namesake in Kent": within the founding clause
        if doc[j].lower_ not in ("in", "at"):
            continue
        k = _skip_words(doc, j + 1, {"the"}, verb.sent.end)
        place = info.chunk_at(k)
        if place is None or place.start != k or not _is_place(info, place, strict=True) \
                or _is_organisation(info, place) or gazetteer.country_code(place.text(doc)):
            continue
        operator = info.full_name(chunk.text(doc)) if chunk is not None else _operator(info, verb, None)
        return [Mention(place, None, "rule:site.founded", operator)]
    return []


def find_mentions(doc, info: ArticleView) -> list[Mention]:
    matcher, phrases = _matchers(doc.vocab)
    mentions: list[Mention] = []
    multiword_heads = set()
    unplaced_heads = []  # site nouns with no place of their own, for the dateline rule
    for _, start, end in phrases(doc):
        multiword_heads.add(end - 1)
        if doc[end - 1].is_lower:
            found = _site_noun_mentions(info, end - 1, start)
            mentions.extend(found)
            if not found:
                unplaced_heads.append((end - 1, start))
    for match_id, start, end in matcher(doc):
        label = doc.vocab.strings[match_id]
        if label == "SITE" and start not in multiword_heads and is_site_noun(doc[start]):
            if info.chunk_at(start) is None:
                found = _site_noun_mentions(info, start, start)
                mentions.extend(found)
                if not found:
                    unplaced_heads.append((start, start))
        elif label == "BASED":
            mentions.extend(_based_mentions(info, start, end))
        elif label == "OPERATION":
            mentions.extend(_operation_mentions(info, start))
        elif label == "FOUNDED":
            mentions.extend(_founding_mentions(info, start))
        elif label == "WORKERS":
            mentions.extend(_worker_mentions(info, start))
        elif label == "OPERATIONS":
            mentions.extend(_operations_mentions(info, start))
    mentions.extend(_dateline_mentions(info, unplaced_heads))
    return mentions


DATELINE_DASHES = {"-", "--", "—", "–"}


def _dateline(info: ArticleView) -> tuple[Chunk, int] | None:
    """A wire dateline "CITY, Month Day -" / "CITY, Country, Month Day -" / "CITY (Agency) -":
    the city chunk and the index of the first token after the dash."""
    doc = info.doc
    for i in range(min(len(doc), 60)):
        chunk = info.chunk_at(i)
        if chunk is None or chunk.start != i:
            continue
        text = chunk.text(doc)
        if not (text.isupper() and len(text) > 2):
            continue
        for k in range(chunk.end, min(chunk.end + 12, len(doc))):
            if doc[k].is_space and "\n" in doc[k].text:
                break  # a dateline is on one line
            if doc[k].text in DATELINE_DASHES and doc[k - 1].whitespace_:
                return chunk, k + 1
    return None


def _dateline_mentions(info: ArticleView, unplaced_heads: list[tuple[int, int]]) -> list[Mention]:
    """A site noun in the lead sentence with no place of its own and no owner named in the
    phrase ("CITY, April 11 - A sugar mill ... closed") is at the dateline city."""
    found = _dateline(info)
    if found is None:
        return []
    city, body_start = found
    doc = info.doc
    lead_end = doc[body_start].sent.end if body_start < len(doc) else 0
    if not _is_place(info, city, strict=False) or _is_organisation(info, city):
        return []
    for head, start in unplaced_heads:
        if not body_start <= head < lead_end or doc[head].dep_ == "compound":
            continue
        phrase = _site_phrase(doc, head, start)
        if phrase is None:
            continue
        determiners = {c.lower_ for c in doc[head].children if c.dep_ == "det"}
        if phrase.start == head and not determiners & {"a", "an"}:
            continue  # a bare "the site" points back to something already named
        return [Mention(city, phrase.kind, "rule:site.dateline", _operator(info, doc[head], None))]
    return []


# --- resolving names, regions, countries --------------------------------------------------


def clean_name(text: str) -> str:
    """"Bois-\\nColombes" -> "Bois-Colombes"; whitespace collapsed; leading "the" dropped."""
    name = " ".join(text.split())
    name = name.replace("- ", "-")
    if name.lower().startswith("the "):
        name = name[4:]
    return name


def _display_name(name: str) -> str:
    """Names written in capitals (datelines) take the gazetteer's spelling or title case."""
    if not name.isupper() or len(name) <= 3:
        return name
    for place in gazetteer.lookup(name):
        if gazetteer.fold_name(place.name) == gazetteer.fold_name(name):
            return place.name
    return name.title()


@dataclass
class Resolved:
    name: str
    region: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


def _resolve_facility(name: str, quals: list[str], info: ArticleView) -> Resolved:
    """A facility named after its ground ("the Brent field", "the Grasberg mine") is no town:
    its region and country come from the places written with it ("in Papua, Indonesia"), or
    from a place of that name in a country the article names; no coordinates."""
    if quals:
        where = _resolve(quals[0], quals[1:], info, Counter())
        region = where.region if where.region or where.country is None else None
        return Resolved(name, region, where.country)
    place = gazetteer.best_place(name, set(info.countries))
    if place is not None and not place.is_country and place.country in info.countries:
        return Resolved(name, place.region, place.country)
    return Resolved(name)


def _dominant_reading(name: str) -> bool:
    """Whether one place of this name outweighs every namesake in another country
    (gazetteer.DOMINANCE_RATIO times as populous): "Dundee" is the Scottish city."""
    places = [p for p in gazetteer.lookup(name) if p.kind == gazetteer.KIND_PLACE]
    if not places:
        return False
    top = max(places, key=lambda p: p.population)
    others = [p.population for p in places if p.country != top.country]
    return not others or top.population > gazetteer.DOMINANCE_RATIO * max(others)


def _one_country(name: str) -> bool:
    """Whether every place of this name is in one country (a country's own name included)."""
    places = gazetteer.lookup(name)
    return bool(places) and (places[0].is_country or len({p.country for p in places}) == 1)


def _dateline_countries(info: ArticleView) -> Counter:
    """The country of the dateline city ("LONDON, May 3 -"), when the gazetteer knows it."""
    found = _dateline(info)
    if found is None:
        return Counter()
    place = gazetteer.best_place(found[0].text(info.doc), set(info.countries))
    return Counter([place.country]) if place is not None else Counter()


def _resolve(name: str, qualifier_names: list[str], info: ArticleView, site_countries: Counter,
             fallback: bool = False, evidence: bool = False) -> Resolved:
    """Region, country and coordinates of a site from its qualifiers, then the gazetteer.
    With `evidence`, `site_countries` holds all the article's country evidence (its sites,
    the countries it names, its dateline) and ranks same-name places before population."""
    resolved = Resolved(_display_name(name))
    countries: set[str] = set()
    regions: set[str] = set()
    region_places = []
    for qual in qualifier_names:
        code = gazetteer.country_code(qual)
        region = gazetteer.region_of(qual)
        if code and not (region is not None and _reads_as_region(name, code, region)):
            countries.add(code)
            continue
        if region is not None:
            region_places.append(region)
            regions.add(region.name)
            countries.add(region.country)
            resolved.region = resolved.region or region.name
            continue
        town = gazetteer.best_place(qual, countries or set(info.countries))
        if town is not None and not town.is_country:
            countries.add(town.country)
            resolved.region = resolved.region or town.region
        elif town is None:
            resolved.region = resolved.region or qual  # an area the gazetteer lacks: "Teesside"
    context = countries or set(site_countries) or set(info.countries)
    place = _directional_base(name, context, regions)
    if place is None or place.kind == gazetteer.KIND_PLACE:
        place = gazetteer.best_place(name, context, regions, evidence=evidence) or place
    if place is not None and countries and place.country not in countries:
        place = None  # "Silao, Mexico" when the gazetteer only knows a Silao elsewhere
    if place is not None and not countries and info.countries and place.kind == "P" \
            and place.country not in context and place.population < FAR_NAMESAKE_POPULATION:
        place = None  # a small namesake far from where the article is set: better unknown
    if place is not None:
        if place.is_country:
            resolved.country = place.country
            return resolved
        if place.is_region:
            resolved.region = resolved.region or place.name
        else:
            if place.region and any(gazetteer.is_first_level(r) and r.country == place.country
                                    and r.admin1 == place.admin1 for r in region_places):
                resolved.region = place.region  # "Dundee, Scotland": its county, within Scotland
            if resolved.region is None and place.region and _same_name(place.region, place.name):
                resolved.region = resolved.name  # a town its region is named after, as written
            resolved.region = resolved.region or place.region
            resolved.lat, resolved.lon = place.lat, place.lon
        resolved.country = next(iter(countries)) if len(countries) == 1 else place.country
        return resolved
    # Unknown to the gazetteer: the country its qualifiers name, else where the article's
    # other sites are, else the country the article names most.
    resolved.country = _dominant(countries, site_countries, info.countries if fallback else ())
    return resolved


# Two spellings of one name ("Ras Al Khaimah" / "Ra's al Khaymah") are at least this similar.
SAME_NAME_RATIO = 0.85


def _same_name(a: str, b: str) -> bool:
    """Whether two names are one name in two transliterations (folded, difflib ratio)."""
    a, b = gazetteer.fold_name(a), gazetteer.fold_name(b)
    return a == b or SequenceMatcher(None, a, b).ratio() >= SAME_NAME_RATIO


def _reads_as_region(name: str, code: str, region) -> bool:
    """Whether a qualifier that names both a country and a region ("Georgia") is the region:
    when the town is known there and not in the country, or is unknown ("Ellabell, Georgia":
    "Town, State" is the usual US address; a town in the country is usually in the gazetteer)."""
    towns = [p for p in gazetteer.lookup(name) if not p.is_country]
    if not towns:
        return True
    in_region = any(p.country == region.country and p.admin1 == region.admin1 for p in towns)
    return in_region and not any(p.country == code for p in towns)


def _directional_base(name: str, countries: set[str], regions: set[str]):
    """"North Wales" -> Wales, "southern Lyon" -> Lyon."""
    words = name.split()
    if len(words) > 1 and words[0].lower() in cues()["directional_words"] \
            and not any(p.is_region or p.is_country for p in gazetteer.lookup(name)):  # "South Australia"
        return gazetteer.best_place(" ".join(words[1:]), countries, regions)
    return None


def _dominant(*counters) -> str | None:
    for counter in counters:
        if counter:
            return Counter(counter).most_common(1)[0][0]
    return None


def extract(doc, context):
    info = article_view(doc)
    mentions = find_mentions(doc, info)
    seen: dict[tuple[int, int], int] = {}
    unique: list[Mention] = []
    for mention in mentions:
        key = (mention.chunk.start, mention.chunk.end)
        if not mention.tied and gazetteer.country_code(mention.chunk.text(doc)):
            continue  # "a chemical plant in Sudan", "U.S. facilities": no named operator
        if key not in seen:
            seen[key] = len(unique)
            unique.append(mention)
        elif unique[seen[key]].kind is None and mention.kind is not None:
            unique[seen[key]] = mention  # "output at the Brent field": the site noun's reading
    groups: dict[str, list[Mention]] = {}
    for mention in unique:
        name = clean_name(mention.chunk.text(doc))
        groups.setdefault(gazetteer.fold_name(name), []).append(mention)
    facts = []
    site_countries: Counter = Counter()  # countries of sites that only one reading allows
    resolved_groups = []
    for key, group in groups.items():
        name = clean_name(group[0].chunk.text(doc))
        quals = [clean_name(q.text(doc)) for m in group for q in m.qualifiers]
        if any(m.facility for m in group):
            resolved_groups.append((group, name, quals, _resolve_facility(name, quals, info)))
            continue
        resolved = _resolve(name, quals, info, Counter(), fallback=False)
        if resolved.country and (quals or _one_country(name) or _dominant_reading(name)):
            site_countries[resolved.country] += 1
        resolved_groups.append((group, name, quals, resolved))
    article_evidence = site_countries + info.countries + _dateline_countries(info)
    for group, name, quals, resolved in resolved_groups:
        evidence = article_evidence.copy()
        if resolved.country and (quals or _one_country(name) or _dominant_reading(name)):
            evidence[resolved.country] -= 1  # a site is no evidence for itself
            evidence = +evidence
        if any(m.facility for m in group):
            if resolved.country is None:
                resolved.country = _dominant(evidence)
        elif resolved.country is None:
            resolved = _resolve(name, quals, info, evidence, fallback=True)
        elif not quals and not _one_country(name) and evidence:
            # An ambiguous town ("Hull") is read with the article's evidence before population:
            # the countries of its other sites, the countries it names, its dateline.
            resolved = _resolve(name, quals, info, evidence, fallback=False, evidence=True)
        orgs = Counter(m.org for m in group if m.org and m.tied) or Counter(m.org for m in group if m.org)
        shared = orgs.most_common(1)[0][0] if orgs else info.main_org
        for mention in group:
            # Two firms' sites in one town stay apart: a mention tied to its own operator keeps it.
            organisation = mention.org if mention.tied and mention.org else shared
            span = doc[mention.chunk.start : mention.chunk.end]
            facts.append(Fact(
                "site", span.start_char, span.end_char, mention.source,
                {"name": resolved.name, "kind": mention.kind, "organisation": organisation,
                 "region": resolved.region, "country": resolved.country,
                 "lat": resolved.lat, "lon": resolved.lon},
            ))
    return facts
