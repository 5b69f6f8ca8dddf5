"""The shared article view: what every component knows about the article as a whole.

Computed once per Doc (`article_view(doc)`), asked by sites and speakers alike, so they agree
on the article's organisations, their fullest names and acronyms, the main organisation and
the dateline:

- `owner`: per token, the proper-name chunk (`Chunk`) that holds it: NER names first, then
  proper-noun runs the NER missed; hyphenated and linked names ("Stoke-on-Trent") grown.
- `org_names`: names the parse shows acting as organisations; `full_names`: acronym or short
  name -> the fullest name the article gives ("JLR" -> "Jaguar Land Rover", from "Jaguar Land
  Rover (JLR)", from initials, or from a longer name that contains it).
- `main_org`: the most mentioned organisation (short forms counted with their full name).
- `countries`: ISO codes the article names or implies ("British carmaker" -> GB).
- `dateline`: `is_dateline(span)` tells a wire dateline ("ATLANTA (AP) --") from a speaker.

Lexicon: `data/sites.json` (site nouns, organisation nouns and name words, demonyms).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import gazetteer
from .lexicon import lexicon

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NAME_LABELS = PLACE_LABELS | {"ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "NORP"}
PROPER_TAGS = {"NNP", "NNPS"}
NOUN_TAGS = {"NN", "NNS", "NNP", "NNPS"}
LOCATIVE_PREPS = {"in", "at", "near", "outside"}
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
ACRONYM_MAX = 8
# the most tokens on a dateline ("WASHINGTON, Aug. 7 (Reuters) --")
DATELINE_TOKENS = 12
# a dateline starts within this many tokens of the article's start
DATELINE_REACH = 60
# how many line breaks may come before the dateline (blank lines, a headline)
DATELINE_LINES = 4


def cues() -> dict:
    """The site and organisation lexicon (`data/sites.json`, lists as frozensets)."""
    return lexicon("sites", sets=True)


_PER_DOC_PREFIX = "jlr_"


def per_doc(doc, name: str, build):
    """`build(doc)`, computed once per Doc and kept in `doc.user_hooks[name]`.

    The one cache every component shares for values derived from a finished Doc (its text,
    sentence starts, the article view). `user_hooks` is never serialised, so `Doc.to_bytes`
    and DocBin are unaffected, and spaCy ignores hook names it does not know. A value must
    depend only on annotation that no later component changes. Names start with "jlr_"
    (`release` drops them)."""
    value = doc.user_hooks.get(name)
    if value is None:
        value = doc.user_hooks[name] = build(doc)
    return value


def release(doc) -> None:
    """Drop every `per_doc` value of `doc` (the hooks named "jlr_..."), once nothing will read
    them again. The article view refers back to its Doc, so a cached Doc is a reference cycle
    that only a full collection frees; `Extractor` releases each Doc as soon as its facts are
    read, so a long run frees them at once. Measured (CLI collector settings, 1,376 articles in
    one process): peak RSS 718 -> 1,137 MiB without it, flat at 667-681 MiB with it."""
    hooks = doc.user_hooks
    for name in [name for name in hooks if name.startswith(_PER_DOC_PREFIX)]:
        del hooks[name]


def doc_text(doc) -> str:
    """`doc.text`, built once per Doc (`per_doc`).

    spaCy rebuilds `Doc.text` by joining every token on each access (a pass over the whole
    Doc); the components read it many times per article. Token texts never change after
    the tokenizer and `jlr_scale_boundary` (which runs first and only splits tokens, keeping
    the text), so one copy serves every later component."""
    return per_doc(doc, "jlr_doc_text", lambda d: d.text)


def token_texts(doc) -> list[str]:
    """Every token's text, in order (`per_doc`): one pass instead of a Token object per
    look-up in the loops that read every token."""
    return per_doc(doc, "jlr_token_texts", _token_texts)


def token_starts(doc) -> list[int]:
    """Every token's character offset in the Doc's text (`Token.idx`), in order (`per_doc`)."""
    return per_doc(doc, "jlr_token_starts", _token_starts)


def _token_starts(doc) -> list[int]:
    from spacy.attrs import IDX

    return doc.to_array([IDX]).reshape(-1).tolist()


def token_tags(doc) -> list[str]:
    """Every token's fine-grained tag (`Token.tag_`), in order (`per_doc`, after the tagger)."""
    return per_doc(doc, "jlr_token_tags", _token_tags)


def _token_texts(doc) -> list[str]:
    from spacy.attrs import ORTH  # here: the module imports without spaCy (pure normalisers)

    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array([ORTH]).reshape(-1).tolist()]


def _token_tags(doc) -> list[str]:
    from spacy.attrs import TAG

    strings = doc.vocab.strings
    return [strings[h] for h in doc.to_array([TAG]).reshape(-1).tolist()]


def remember_text(doc, text: str):
    """Give `doc_text` the string `doc` was tokenised from, so it is never rebuilt from the
    tokens (spaCy's tokenizer keeps every character: `doc.text == text`). Returns `doc`.
    Skipped when the lengths disagree (a Doc not made from `text`)."""
    if len(doc) == 0 or doc[-1].idx + len(doc[-1].text_with_ws) == len(text):
        doc.user_hooks.setdefault("jlr_doc_text", text)
    return doc


def article_view(doc) -> "ArticleView":
    """The article view of `doc`, computed on first use and kept for the Doc's lifetime
    (`per_doc`)."""
    return per_doc(doc, "jlr_article_view", build_article_view)


# --- proper-name chunks ------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    start: int  # token index
    end: int  # token index, exclusive
    label: str  # NER label, or "PROPN" for a proper-noun run the NER missed

    def text(self, doc) -> str:
        """`doc[start:end].text`, sliced from the Doc's text (`doc_text`) at the token offsets:
        no Span and no join of token texts per call."""
        if self.end <= self.start:
            return ""
        starts, texts = token_starts(doc), token_texts(doc)
        return doc_text(doc)[starts[self.start] : starts[self.end - 1] + len(texts[self.end - 1])]


def _is_capitalised(token) -> bool:
    return token.text[:1].isupper()


def _is_hyphen_glue(doc, i: int) -> bool:
    """Tokens inside a hyphenated name: "-", "sur-", a line break after "sur-", "le"."""
    token = doc[i]
    prev = doc[i - 1] if i > 0 else None
    if token.text == "-" and prev is not None and not prev.whitespace_:
        return True
    if token.text.endswith("-") and len(token.text) > 1 and token.text[:-1].isalpha():
        return True
    if token.is_space and prev is not None and prev.text.endswith("-"):
        return True
    return (token.is_alpha and len(token) <= 3 and not token.whitespace_
            and i + 1 < len(doc) and doc[i + 1].text == "-")


def _extend_hyphenated(doc, end: int, limit: int) -> int:
    """Grow a chunk over "-sur-Mer" / "-le-Duc" when a capitalised word follows the glue."""
    j = end
    while j < limit and _is_hyphen_glue(doc, j):
        j += 1
    if j > end and j < limit and _is_capitalised(doc[j]) and doc[j].is_alpha:
        return _extend_hyphenated(doc, j + 1, limit)
    return end


def _split_entity(doc, ent) -> list[tuple[int, int]]:
    """Token ranges of an entity without a leading "the", cut at a place preposition the NER
    swallowed ("Kolar near Bangalore" -> "Kolar", "Bangalore")."""
    c = cues()
    start = ent.start + (1 if ent[0].lower_ == "the" and len(ent) > 1 else 0)
    ranges = []
    for i in range(start, ent.end):
        token = doc[i]
        glued = i > 0 and doc[i - 1].text.endswith("-")
        if token.text in "()" or token.tag_ == "POS" or (token.is_space and not glued) or (token.is_lower and (
                token.lower_ in c["qualifier_preps"] or token.lower_ in c["proximity_preps"]
                or token.lower_ == "at")):
            if i > start:
                ranges.append((start, i))
            start = i + 1
    end = ent.end
    while end > start + 1 and doc[end - 1].is_lower and doc[end - 1].tag_ in ("NN", "NNS"):
        end -= 1  # "Bristol engineering centre": the NER took the kind's first word
    if start < end:
        ranges.append((start, _extend_linked(doc, _extend_hyphenated(doc, end, len(doc)))))
    return ranges


def _extend_linked(doc, end: int) -> int:
    """Grow a name over "upon Trent" / "am Main" when the gazetteer knows the longer name."""
    links = cues()["name_link_words"]
    for width in (2, 3):
        last = end + width - 1
        if last >= len(doc) or not _is_capitalised(doc[last]) or not doc[last].is_alpha:
            continue
        if all(doc[k].lower_ in links and doc[k].is_lower for k in range(end, last)):
            start = end - 1
            while start > 0 and doc[start - 1].tag_ in PROPER_TAGS and _is_capitalised(doc[start - 1]):
                start -= 1
            if gazetteer.lookup(doc[start : last + 1].text):
                return last + 1
    return end


def find_chunks(doc) -> list[Chunk | None]:
    """Per token, the proper-name chunk that holds it (entities first, then proper-noun runs)."""
    owner: list[Chunk | None] = [None] * len(doc)
    other_entity = [False] * len(doc)  # dates, amounts: never part of a name
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            for i in range(ent.start, ent.end):
                other_entity[i] = True
            continue
        for start, end in _split_entity(doc, ent):
            chunk = Chunk(start, end, ent.label_)
            for i in range(start, end):
                owner[i] = chunk
    # Token texts and tags from arrays (Token.is_alpha is str.isalpha of the text).
    texts, tags, n = token_texts(doc), token_tags(doc), len(doc)
    i = 0
    while i < n:
        text = texts[i]
        if owner[i] is not None or other_entity[i] or not text[:1].isupper():
            i += 1
            continue
        hyphen_start = text.endswith("-") and text[:-1].isalpha()
        if (tags[i] in PROPER_TAGS and text.isalpha()) or hyphen_start:
            j = i + 1
            while not hyphen_start and j < n and owner[j] is None and tags[j] in PROPER_TAGS \
                    and texts[j][:1].isupper() and texts[j].isalpha():
                j += 1
            j = _extend_linked(doc, _extend_hyphenated(doc, j, len(doc)))
            if hyphen_start and j == i + 1:
                i += 1  # "Bois-" with nothing after it is no name
                continue
            chunk = Chunk(i, j, "PROPN")
            for k in range(i, j):
                if owner[k] is None or owner[k].label in ("PERSON", "PROPN"):
                    owner[k] = chunk
            i = j
        else:
            i += 1
    _grow_place_names(doc, owner, other_entity)
    _join_organisation_of_place(doc, owner)
    return owner


def _join_organisation_of_place(doc, owner) -> None:
    """"Acme Motors of Brazil SA", "Alder Motors of Canada": a firm's name that goes on with
    "of" and a country or region (and maybe a company suffix) is one organisation name, the
    subsidiary's, not a firm followed by a place."""
    c = cues()
    chunks = sorted({x for x in owner if x is not None}, key=lambda x: x.start)
    for chunk in chunks:
        if chunk.label != "ORG" or owner[chunk.start] is not chunk or chunk.end + 1 >= len(doc):
            continue
        if doc[chunk.end].lower_ != "of" or doc[chunk.end - 1].lower_ not in c["organisation_name_words"]:
            continue
        place = owner[chunk.end + 1]
        if place is None or place.start != chunk.end + 1:
            continue
        words = doc[place.start : place.end]
        # "Brazil SA" (one NER name) or "Canada": the place, then company suffix words
        k = place.start
        while k < place.end and not doc[k].lower_ in c["organisation_name_words"]:
            k += 1
        if k == place.start or not any(p.is_country or p.is_region for p in gazetteer.lookup(doc[place.start:k].text)):
            continue
        end = place.end
        while end < len(doc) and doc[end].lower_ in c["organisation_name_words"] and _is_capitalised(doc[end]):
            end += 1
        if not words:
            continue
        joined = Chunk(chunk.start, end, "ORG")
        for i in range(chunk.start, end):
            owner[i] = joined


# A place name is grown over at most this many words around its chunk.
PLACE_NAME_WORDS = 4
# Abbreviated name words written with a full stop ("St. Albans", "Ste. Foy", "Mt. Vernon").
NAME_ABBREVIATIONS = {"st", "ste", "mt", "ft", "pt"}


def _name_word(doc, i: int, other_entity) -> bool:
    token = doc[i]
    abbreviation = token.text.endswith(".") and token.lower_[:-1] in NAME_ABBREVIATIONS
    return _is_capitalised(token) and (token.is_alpha or abbreviation) and not other_entity[i]


def _name_extent(doc, i: int, step: int, other_entity, limit: int) -> list[int]:
    """Token positions that may end a grown name, walking from token i by `step` (+1/-1) over
    capitalised words, one line break, a full stop after a name abbreviation, "and"
    between capitalised words ("Tyne and Wear") and the glue of hyphenated names."""
    ends = []
    k, words = i, 0
    while 0 <= k + step < len(doc) and words < limit:
        nxt = k + step
        glue = doc[nxt]
        if glue.is_space and glue.text.count("\n") == 1 and glue.text.strip() == "":
            nxt += step  # a name broken over a line in wire copy
        elif glue.text == "." and step > 0 and doc[k].lower_ in NAME_ABBREVIATIONS:
            nxt += step  # "Ste. Foy"
        elif glue.text == "." and step < 0 and nxt > 0 and doc[nxt - 1].lower_ in NAME_ABBREVIATIONS:
            nxt += step
        elif glue.lower_ in ("and", "upon", "on", "under") and glue.is_lower:
            nxt += step
        if not 0 <= nxt < len(doc) or not _name_word(doc, nxt, other_entity):
            break
        k, words = nxt, words + 1
        ends.append(k)
    return ends


def _grow_place_names(doc, owner, other_entity) -> None:
    """A place name is the longest gazetteer name around the NER's span: "Newton" of "Newton
    Aycliffe", "Tyne" of "Tyne and Wear", "Milton" of "Milton\\nKeynes", "Ste" of "Ste. Foy".
    Only chunks the NER calls a place, a person or leaves unlabelled grow, and only over
    capitalised words outside organisation names."""
    chunks = sorted({c for c in owner if c is not None}, key=lambda c: c.start)
    for chunk in chunks:
        if owner[chunk.start] is not chunk or chunk.label not in PLACE_LABELS | {"PERSON", "PROPN"}:
            continue
        width = chunk.end - chunk.start
        if width >= PLACE_NAME_WORDS:
            continue

        def free(k):
            return owner[k] is None or owner[k] is chunk or owner[k].label in PLACE_LABELS | {"PERSON", "PROPN"}

        rights = [e for e in _name_extent(doc, chunk.end - 1, 1, other_entity, PLACE_NAME_WORDS - width)]
        lefts = [s for s in _name_extent(doc, chunk.start, -1, other_entity, PLACE_NAME_WORDS - width)]
        best = None
        for start in [chunk.start, *lefts]:
            for end in [chunk.end - 1, *rights]:
                if (start, end) == (chunk.start, chunk.end - 1):
                    continue
                if not all(free(k) for k in range(start, end + 1)):
                    continue
                if doc[start].lower_ in ("and", "upon", "on") or doc[end].lower_ in ("and",):
                    continue
                text = doc[start : end + 1].text
                if not gazetteer.lookup(text):
                    continue
                if best is None or end - start > best[1] - best[0]:
                    best = (start, end)
        if best is None:
            continue
        parts = {owner[k].label for k in range(best[0], best[1] + 1) if owner[k] is not None}
        label = next((p for p in ("GPE", "LOC", "FAC") if p in parts), "GPE")
        grown = Chunk(best[0], best[1] + 1, label)
        for k in range(best[0], best[1] + 1):
            owner[k] = grown


# --- article-level knowledge -------------------------------------------------------------


@dataclass
class ArticleView:
    doc: object
    owner: list
    org_names: set[str] = field(default_factory=set)  # names used as organisations
    full_names: dict[str, str] = field(default_factory=dict)  # acronym/short name -> full name
    main_org: str | None = None
    countries: Counter = field(default_factory=Counter)
    located_names: set[str] = field(default_factory=set)  # names written after "in"/"at"/"near"

    def chunk_at(self, i: int) -> Chunk | None:
        return self.owner[i] if 0 <= i < len(self.owner) else None

    def full_name(self, name: str) -> str:
        return self.full_names.get(name, name)


def _acronyms(doc, owner) -> dict[str, str]:
    """"Full Name (FN)" -> {"FN": "Full Name"}: a multi-word name followed by its bracketed acronym."""
    found = {}
    for chunks_end, chunk in _chunk_ends(owner):
        if chunks_end + 2 >= len(doc) or chunk.end - chunk.start < 2:
            continue
        opening, acronym, closing = doc[chunks_end], doc[chunks_end + 1], doc[chunks_end + 2]
        name = chunk.text(doc)
        if opening.text == "(" and closing.text == ")" and acronym.text.isupper() \
                and 2 <= len(acronym.text) <= ACRONYM_MAX and acronym.text[0] == name[0]:
            found[acronym.text] = name
    return found


def _chunk_ends(owner) -> list[tuple[int, Chunk]]:
    return sorted({(c.end, c) for c in owner if c is not None}, key=lambda pair: pair[0])


def _short_to_full(org_texts: set[str], single_names: set[str]) -> dict[str, str]:
    """A one-word name -> the shortest longer organisation name that contains it as a word."""
    mapping = {}
    for short in (org_texts | single_names):
        if " " in short:
            continue
        longer = [o for o in org_texts if o != short and short in o.replace(",", " ").split()
                  and not any(w.isdigit() for w in o.split())]  # "Patriot 13 years": no name
        if longer:
            mapping[short] = min(longer, key=len)
    return mapping


def build_article_view(doc) -> ArticleView:
    """Compute the article view of a parsed Doc (use `article_view(doc)`, which caches it)."""
    info = ArticleView(doc, find_chunks(doc))
    chunks = sorted({c for c in info.owner if c is not None}, key=lambda c: c.start)
    acting = {c.text(doc) for c in chunks if _acts_as_organisation(doc, c)}
    org_texts = {c.text(doc) for c in chunks if c.label == "ORG"} | acting
    single_names = {c.text(doc) for c in chunks if c.end - c.start == 1 and c.label not in PLACE_LABELS}
    info.full_names = _short_to_full(org_texts, single_names)
    info.full_names.update(_initialisms(doc, org_texts))
    info.full_names.update(_acronyms(doc, info.owner))
    info.org_names = acting | set(info.full_names)
    info.located_names = {c.text(doc) for c in chunks if _after_locative_prep(doc, c.start)
                          and not (c.end < len(doc) and doc[c.end].tag_ in NOUN_TAGS)}
    info.main_org = _main_org(doc, chunks, info)
    info.countries = _article_countries(doc)
    return info


def _after_locative_prep(doc, i: int) -> bool:
    j = i - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    return j >= 0 and doc[j].lower_ in LOCATIVE_PREPS


def _acts_as_organisation(doc, chunk: Chunk) -> bool:
    """The NER labels many towns ORG and many firms PERSON; a name is taken as an
    organisation where the parse shows it acting or owning. ORG: subject, possessor (not of a
    site) or agent ("made by X"). Another name: subject of a clause that goes on with "it" or
    "its" (people are "he", "she")."""
    root = doc[chunk.start : chunk.end].root
    c = cues()
    if (chunk.label not in ("GPE", "LOC", "NORP") or not gazetteer.lookup(chunk.text(doc))) \
            and doc[chunk.end - 1].lower_ in c["organisation_name_words"] and chunk.end - chunk.start > 1:
        return True  # "Quorra Pharma", "Delmar Motors": the name itself says firm
    if any(child.dep_ == "appos" and child.lower_ in c["organisation_nouns"] for child in root.children):
        return True  # "Ferrosa, the Italian steelmaker, ..."
    if chunk.label == "ORG":
        if root.dep_ == "poss" and not before_site_noun(doc, chunk.end + 1):
            return True
        if root.dep_ == "pobj" and root.head.lower_ == "by":
            return True
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if chunk.label == "ORG":
        return True
    if chunk.start > 0 and doc[chunk.start - 1].lower_.rstrip(".") in _titles():
        return False  # "Mr. Clarke": a person
    if chunk.label not in ("PERSON", "PROPN", "WORK_OF_ART", "NORP"):
        return False
    if chunk.label == "NORP" and doc[chunk.start : chunk.end].text.lower() in c["demonyms"]:
        return False
    if root.dep_ == "nsubj" and _owns_site(root.head) and not _has_first_name(doc, chunk):
        return True  # "Rivian opened a warehouse", "Corvan Glass runs a plant"
    if chunk.start > 0 and doc[chunk.start - 1].tag_ in ("NN", "NNS") and doc[chunk.start - 1].is_lower:
        # "chairman Jane Doe": a title makes it a person; "the supplier Kessler Antriebe" a firm
        return doc[chunk.start - 1].lower_ in c["organisation_nouns"]
    for token in doc[chunk.end : root.sent.end]:
        if token.lower_ in ("he", "she", "his", "her", "him"):
            return False
        if token.lower_ in ("it", "its"):
            return True
    return False


def _titles() -> frozenset:
    """Courtesy titles that make a name a person's ("Mr", "Ms", "Dr"), from first_names.json."""
    names = lexicon("first_names", sets=True)
    return frozenset(t.rstrip(".") for t in names["male_titles"] | names["female_titles"])


def _owns_site(verb) -> bool:
    """Whether a verb's direct object is a site noun phrase ("has a plant", "opened two stores")."""
    return any(child.dep_ == "dobj" and is_site_noun(child) for child in verb.children)


def _has_first_name(doc, chunk: Chunk) -> bool:
    """Whether a name opens with a common first name ("Alan Rudd"): a person, not a firm."""
    names = lexicon("first_names", sets=True)
    first = doc[chunk.start].lower_
    return chunk.end - chunk.start > 1 and (first in names["male"] or first in names["female"])


def _initialisms(doc, org_texts: set[str]) -> dict[str, str]:
    """"HMC" -> "Hollin Motors Corp" when the capitals of a longer name spell it."""
    mapping = {}
    initials_of = None
    for text in token_texts(doc):
        if not (text.isupper() and text.isalpha() and 2 <= len(text) <= ACRONYM_MAX):
            continue
        if initials_of is None:  # in set order, as the names are tried
            initials_of = [(name, "".join(w[0] for w in name.split() if w[:1].isupper()))
                           for name in org_texts]
        for name, initials in initials_of:
            if initials == text and name != text:
                mapping[text] = name
                break
    return mapping


def _main_org(doc, chunks: list[Chunk], info: ArticleView) -> str | None:
    """The most mentioned organisation (acronyms and short names counted with their full
    name); ties go to the one named first."""
    named = [(c.start, info.full_name(c.text(doc))) for c in chunks
             if c.text(doc) in info.org_names or (c.label == "ORG" and not is_located_name(info, c)
                                                  and not gazetteer.lookup(c.text(doc)))]
    in_chunk = {i for c in chunks for i in range(c.start, c.end)}
    named += [(i, info.full_names[text]) for i, text in enumerate(token_texts(doc))
              if text in info.full_names and i not in in_chunk and text.isupper()]
    if not named:
        return None
    counts = Counter(name for _, name in named)
    first = {}
    for position, name in sorted(named):
        first.setdefault(name, position)
    return max(counts, key=lambda n: (counts[n], -first[n]))


def _article_countries(doc) -> Counter:
    """Countries the article names or implies by a nationality word ("British carmaker")."""
    demonyms = cues()["demonyms"]
    counts: Counter = Counter()
    for ent in doc.ents:
        if ent.label_ == "GPE":
            code = gazetteer.country_code(ent.text)
            if code:
                counts[code] += 1
        elif ent.label_ == "NORP":
            code = demonyms.get(ent.text.lower())
            if code:
                counts[code] += 1
    return counts


# --- site nouns (the organisation test asks whether a site noun follows) -------------------


def is_site_noun(token) -> bool:
    return token.lower_ in cues()["site_nouns"] and token.tag_ in ("NN", "NNS") and token.is_lower


def before_site_noun(doc, i: int) -> bool:
    """Whether a site noun follows within a few modifier tokens ("Leipzig manufacturing site")."""
    for j in range(i, min(i + 4, len(doc))):
        if is_site_noun(doc[j]):
            return True
        if doc[j].tag_ not in NOUN_TAGS and doc[j].text not in (",",):
            return False
    return False


def is_located_name(info: ArticleView, chunk: Chunk) -> bool:
    """A name the article also writes after "in"/"at"/"near" and never uses as an organisation:
    a place the NER missed ("the Hamblebury plant ... cars made at Hamblebury")."""
    text = chunk.text(info.doc)
    return text in info.located_names and text not in info.org_names and text not in info.full_names


# --- organisation mentions and the dateline ---------------------------------------------


def organisation_mentions(doc, in_quote):
    """ORG entities plus proper-noun subjects the NER left unlabelled ("JLR is ..."), in order."""
    mentions = [e for e in doc.ents if e.label_ == "ORG" and not in_quote[e.start]]
    covered = {i for e in doc.ents for i in range(e.start, e.end)}
    for token in doc:
        if token.dep_ in SUBJECT_DEPS and token.pos_ == "PROPN" and token.i not in covered and not in_quote[token.i]:
            start = token.i
            while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
                start -= 1
            mentions.append(doc[start : token.i + 1])
    mentions.sort(key=lambda span: span.start)
    return [m for m in mentions if not is_dateline(m)]


def is_dateline(span) -> bool:
    """"ATLANTA (AP) --", "JOHANNESBURG, August 7 (Xinhua) --": a short line with no verb
    that opens an article names the place and the agency, not an organisation that speaks."""
    doc = span.doc
    if span.start > DATELINE_REACH:
        return False
    start = span.start
    while start > 0 and "\n" not in doc[start - 1].text and span.start - start <= DATELINE_TOKENS:
        start -= 1
    end = span.end
    while end < len(doc) and "\n" not in doc[end].text and end - span.start <= DATELINE_TOKENS:
        end += 1
    line = doc[start:end]
    if len(line) > DATELINE_TOKENS or (start > 0 and "\n" not in doc[start - 1].text):
        return False
    lines_before = sum(t.text.count("\n") for t in doc[:start] if t.is_space)
    opens_with_place = line[0].text.isupper() and len(line[0]) > 3
    return lines_before <= DATELINE_LINES and opens_with_place and not any(t.pos_ in ("VERB", "AUX") for t in line)
