"""Money facts: exact amounts, ISO 4217 currencies, ranges, qualifiers (`mod`) and rates (`per`).

How it works
------------
One regular expression, compiled once from ``data/currencies.json``, is run over the article text.
It finds an amount (digits with separators/decimals, or number words), an optional scale
("million", "m", "bn", "mln", "lakh"...), and a currency written before it (symbols, prefixed
dollars such as "A$", ISO codes) or after it (names and plurals, wire abbreviations such as "dlrs"
and "stg", a country adjective plus a name, "20p"). Two amounts joined by "-", "to" or
"between ... and" form a range. Everything the regex finds is then checked in code: an amount
with no currency anywhere is not money (bare numbers, percentages), short ambiguous names ("won",
"marks") need a real amount, a range must be ordered and plausible.

The extent is exactly amount + currency + scale; qualifier words before it ("about") or after it
("or more") set ``mod`` and rate words after it set ``per``, all staying outside the extent.
Ranges: "£3.5m-£4m", "$5-6m", "between X and Y" and "(range) from X to Y" are one fact with
``min``/``max``; "rose (from) £5m to £6m", "rose 5p to 95p" (a change verb) and "£5m and £6m"
are two facts. A converted amount in brackets ("£1bn ($1.9bn)") is its own
fact and shares the first amount's ``mod`` and ``per``; an unscaled amount reached with "to"/"at"
in a clause about shares is a price per share. Not money: "pounds" of weight ("weighs 200
pounds"), "8p.m.", amounts inside markdown image alt text (a repeated headline, no prose).

spaCy's NER MONEY spans complete the rules: a MONEY entity that no rule fact overlaps is re-read
on its own, and an amount with a currency noun the data does not know gives a fact with
``currency`` null (source ``ner:MONEY``). The regex is the extent authority (source
``rule:money.symbol|code|name|range``) because the small model cuts many spans ("$2.3bn" ->
"2.3bn", "€40m" -> "40").

A bare "$" (also "bucks" and bare "cents")
------------------------------------------
Resolved per article, in this order:

1. If the article marks any dollar explicitly (US$, A$, C$, HK$, "US dollars", "USD"...), the
   writer distinguishes dollars, so a bare "$" is the US dollar (wire style: "A$2.08 ... $75m").
2. Otherwise, if the article states one non-US dollar as its convention ("figures in Canadian
   dollars") outside an FX note, a bare "$" is that dollar (a local paper writing "$" for its
   own money). A named amount ("4.5 billion Hong Kong dollars ($577 million)") is not enough:
   wire copy converts into US dollars written with a bare "$".
3. Otherwise USD.

Bare cents follow the same dollar, except in an article that speaks of euros and never of
dollars, where they are euro cents.

Other context-dependent names use the publication date: "francs" is FRF before 2002 and CHF
after, "marks" is DEM before 2002 and not money after, a bare "lira" ITL before 2002 and TRY
after ("lire", the Italian plural, is always ITL). With no publication date the present applies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from ..article_view import doc_text
from ..lexicon import lexicon, word_alternation
from ..records import Fact

MAX_RANGE_RATIO = 1000  # "between 10 and 20": a plausible range; "2004 to $5m" is not one


# --- vocabulary and the compiled pattern ------------------------------------------------


@lru_cache(maxsize=1)
def vocab() -> dict:
    return lexicon("currencies")


def _alt(words, flags: str = "") -> str:
    """Alternation, longest first, spaces matching any run of whitespace (grouped by first
    character: `lexicon.word_alternation`)."""
    body = word_alternation(sorted(set(words), key=len, reverse=True),
                            lambda w: re.escape(w).replace(r"\ ", r"\s+"))
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


SP = r"[^\S\n]*(?:\n[^\S\n]*)?"  # optional whitespace, at most one line break
SP1 = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"  # required whitespace, at most one line break
# Thousands with commas, Indian grouping ("1,50,000" = 150000), a continental decimal comma
# ("€2,50": exactly two digits after a lone comma), plain digits, and decimals.
DIGITS = (
    r"(?:(?:\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])|\d{1,3}(?:,\d{3})+|\d{1,3},\d{2}(?![\d,])|\d+)"
    r"(?:\.\d+)?|\.\d+)"
)
DECIMAL_COMMA = re.compile(r"\d{1,3},\d{2}")


def _side(x: str, v: dict) -> str:
    """One amount: [prefix] number [scale] [postfix]; group names suffixed with `x`."""
    prefix = _alt(list(v["prefix_symbols"]) + list(v["spaced_prefix_symbols"]) + v["iso_codes"] + _any_case(v))
    unit_words = [w for w in v["number_words"] if w not in ("a", "an")]
    word = _alt(unit_words + list(v["number_word_multipliers"]), "i")
    scale_words = [s for s in v["scales"] if s not in v["attached_only_scales"]]
    names = [n for n in v["names"] if n not in v["attached_only"]]
    adjectives = [a for fam in v["adjectives"].values() for a in fam]
    after_a = _alt(scale_words + names + list(v["number_word_multipliers"]), "i")
    fraction = _alt(v["fractions"], "i")
    # the fraction form first: "three quarters of a million" is not "three" then "a million"
    words_number = (
        rf"(?:{fraction}{SP1}(?i:of{SP1})?)?(?i:an?)(?={SP1}{after_a}(?!\w))"
        rf"|(?:(?i:an?){SP1})?{word}(?:(?:{SP1}|-)(?i:and{SP1})?{word})*(?!\w)"
    )
    # accounting brackets around the digits ("£(52)m") write a negative amount
    number = rf"\({DIGITS}\)(?!\d)|{DIGITS}(?!\d)|(?:{words_number})"
    scale = (
        rf"(?:{SP}|-)(?P<scale_{x}>{_alt(scale_words, 'i')})(?![\w])"
        rf"|(?P<ascale_{x}>{_alt(v['attached_only_scales'])})(?![A-Za-z])"
    )
    not_after = _alt(v["not_after"], "i")
    hyphen_names = _alt(v["hyphen_names"], "i")
    name = (
        rf"(?:{SP1}|(?P<hy_{x}>-)(?={hyphen_names}(?![\w-])))(?P<adj_{x}>{_alt(adjectives, 'i')}{SP1})?(?P<name_{x}>{_alt(names, 'i')})"
        # "10 euro notes" is not money, "a 10-euro note" is (the hyphen makes it the note's value)
        rf"(?![\w$])(?(hy_{x})|(?!{SP1}{not_after}(?!\w)))(?!-)"
    )
    million_codes = [p + c for p in v["million_code_prefixes"] for c in v["iso_codes"]]
    postfix = (
        rf"(?:{SP}(?=[{''.join(v['postfix_spaced_symbols'])}]))?(?P<apost_{x}>{_alt(v['postfix_symbols'])})(?![\w$])"
        rf"|{SP}(?P<miso_{x}>{_alt(million_codes)})(?![\w$])"
        rf"|(?P<aname_{x}>{_alt(v['attached_only'])})(?![\w'’]|\.[A-Za-z])"  # not "8p.m."
        # "15 EUR million": the code may come between the number and its scale word
        rf"|{SP}(?P<iso_{x}>{_alt(v['iso_codes'] + _any_case(v) + list(v['postfix_codes']))})"
        rf"(?:{SP1}(?P<cscale_{x}>{_alt(scale_words, 'i')}))?(?![\w$])"
        rf"|{name}"
    )
    # The first amount must start a word; the second follows a connector ("-" in "£3.5m-£4m").
    free_start = r"(?<![\w.,$-])" if x == "a" else ""
    return (
        rf"(?:(?<![\w$'’])(?P<pre_{x}>{prefix}){SP}|{free_start})"
        rf"(?P<num_{x}>{number})(?:{scale})?(?:{postfix})?"
    )


def _any_case(v: dict) -> list[str]:
    """ISO codes that are no English word, also in lower and title case ('eur 15')."""
    return [form for code in v["iso_codes_any_case"] for form in (code.lower(), code.title())]


def _minor_suffix(v: dict) -> str:
    """'$20 and 43 cents', '3 GBP 1 pence': a trailing count of minor units."""
    minor_names = [n for n, fam in v["names"].items()
                   if fam in v["minor_units"] and n not in v["attached_only"]]
    minor_names += [n + "s" for n in minor_names if not n.endswith("s")]
    word = _alt([w for w in v["number_words"] if w not in ("a", "an")], "i")
    return (
        rf"(?:,?{SP1}(?i:and){SP1}|{SP1})(?:(?P<minor>\d{{1,2}}|{word}(?:-{word})?)"
        rf"{SP}(?P<minor_unit>{_alt(minor_names, 'i')})(?![\w])"
        rf"|(?P<minor_digits>\d{{1,2}})(?P<minor_abbr>{_alt(v['attached_only'])})"
        rf"(?![\w'’]|\.[A-Za-z])"
        # "20 dollars 75", "nine pounds fifty": a bare count of hundredths ending the phrase
        rf"|(?P<minor_bare>\d{{2}}|{word}(?:-{word})?)(?=[^\S\n]*(?:[.,;:!?)]|$)))"
    )


@lru_cache(maxsize=1)
def money_regex() -> re.Pattern:
    v = vocab()
    connector = rf"(?P<conn>{SP}[-–—]{SP}|{SP1}(?i:to|and){SP1})"
    pattern = rf"{_side('a', v)}(?:{_minor_suffix(v)}|{connector}{_side('b', v)})?"
    return re.compile(pattern)


@lru_cache(maxsize=1)
def _context_regexes() -> dict[str, re.Pattern]:
    v = vocab()
    quals = [q for q in v["qualifiers"]]
    time_units = [u for u, unit in v["rate_units"].items() if unit in v["rate_time_units"]]
    other_units = [u for u in v["rate_units"] if u not in time_units]
    not_before = _alt(v["rate_not_before"], "i")
    # "a year earlier" is a time reference; "a barrel on Monday" is still a rate
    units = (rf"(?:{_alt(time_units, 'i')}(?![\w])(?!{SP1}{not_before}(?!\w))"
             rf"|{_alt(other_units, 'i')}(?![\w]))")
    return {
        "qualifier": re.compile(rf"(?:^|(?<=\W))(?P<q>{_alt(quals, 'i')})\s*$"),
        "opener": re.compile(  # "between $2bn and $3bn", "between about 10 and 20 euros"
            rf"(?:^|(?<=\W))(?P<o>{_alt(v['range_openers'], 'i')})"
            rf"(?:\s+{_alt([q for q, m in v['qualifiers'].items() if m == 'APPROX'], 'i')})?\s*$"
        ),
        "rate": re.compile(
            rf"^(?:(?:{SP1}|-)(?i:a|an|per|each|every)(?:{SP1}|-)|{SP}/{SP})(?P<u>{units})"
        ),
        "rate_generic": re.compile(
            rf"^(?:{SP1}|-)(?i:per)(?:{SP1}|-)(?P<u>[A-Za-z]+(?:-[A-Za-z]+)?)(?!\w)"
        ),
        "post_qualifier": re.compile(rf"^,?{SP1}(?P<q>{_alt(v['post_qualifiers'], 'i')})(?![\w-])"),
        "weight_of": re.compile(rf"(?i)^{SP1}{_alt(v['weight_not_after'])}(?!\w)"),
        "rate_adverb": re.compile(rf"^,?{SP1}(?P<u>{_alt(v['rate_adverbs'], 'i')})(?![\w-])"),
        "weight_before": re.compile(rf"(?i)\b{_alt(v['weight_cues_before'])}\b[^.;\n]*$"),
        "weight_after": re.compile(rf"(?i)^\W{{0,3}}[\d.,]+\s*{_alt(v['weight_units_after'])}\b"),
        "euro_word": re.compile(r"€|\b(?i:euros?)\b"),
        "dollar_word": re.compile(r"\$|\b(?i:dollars?|dlrs?)\b"),
        "markdown_image": re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),
        "us_marker": re.compile(
            r"(?:US|U\.S\.)\s?\$|\bUSD\b|\$US(?=\s?\d)"
            r"|\b(?:US|U\.S\.|American|United States)\s+(?:dollars?|dlrs?)\b"
        ),
        "prefixed_dollar": re.compile(
            r"(?<![\w$])(?:A|AU|C|CA|Can|HK|NZ|S|NT|Mex|Z)\$|\$(?:A|NZ|C|HK|S)(?=\s?\d)"
        ),
        "fx_note": re.compile(r"\$\s*1\s*=\s*[\d.,]+\s*(?:[A-Za-z. ]+)"),
        "change_verb": re.compile(
            # "rose 5%, from $1.2bn to $1.3bn": a percentage may sit between verb and amounts
            rf"(?i)\b{_alt(v['change_verbs'])}(?:,?\s+(?:by|of|about|around|some|nearly|almost|"
            rf"over|just|more|than|less|under|a|an|up|down|from|"
            rf"[\d.]+\s*(?:%|per\s*cent|percent|pct)))*,?\s*$"
        ),
        "share_price": re.compile(
            rf"(?i)\b{_alt(v['share_price_nouns'])}\b(?:[^.;:\n]|\.(?=\d)){{0,80}}"
            rf"\b{_alt(v['share_price_links'])}\s*$"
        ),
        "over_particle": re.compile(rf"(?i)\b{_alt(v['over_particle_verbs'])}\s+$"),
        "dollar_in_words": re.compile(
            rf"\b(?P<adj>{_alt(v['adjectives']['dollar'], 'i')})\s+(?i:dollars?|dlrs?)\b"
        ),
        "named_dollar": re.compile(
            # "figures in Canadian dollars": a convention, not an amount or the market rate
            rf"\bin\s+(?P<adj>{_alt(v['adjectives']['dollar'], 'i')})\s+(?i:dollars|dlrs)\b"
        ),
    }


# --- numbers ------------------------------------------------------------------------------


def words_to_decimal(text: str) -> Decimal | None:
    """'one hundred and twenty' -> 120; 'twenty-five' -> 25; 'a' -> 1."""
    v = vocab()
    units = {k.lower(): Decimal(str(n)) for k, n in v["number_words"].items()}
    multipliers = {k: Decimal(n) for k, n in v["number_word_multipliers"].items()}
    total, current, seen = Decimal(0), Decimal(0), False
    tokens = re.split(r"[\s-]+", text.lower())
    if len(tokens) > 1 and tokens[0] in ("a", "an") and tokens[1] not in multipliers and tokens[1] != "hundred":
        tokens = tokens[1:]  # "a ten-yen coin": the article, not one
    for token in tokens:
        if token in ("and", ""):
            continue
        if token in units:
            current += units[token]
        elif token == "hundred":
            current = (current or Decimal(1)) * 100
        elif token in multipliers:
            total += (current or Decimal(1)) * multipliers[token]
            current = Decimal(0)
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(text: str) -> Decimal | None:
    """'1,250.5' -> 1250.5, 'twenty-five' -> 25, 'half a' -> 0.5; '(52)' (accounting) -> -52."""
    text = re.sub(r"\s+", " ", text.strip())
    if text.startswith("(") and text.endswith(")"):
        inner = parse_number(text[1:-1])
        return None if inner is None else -inner
    if DECIMAL_COMMA.fullmatch(text):
        return Decimal(text.replace(",", "."))
    if text[:1].isdigit() or text[:1] == ".":
        return Decimal(text.replace(",", ""))
    fraction = re.match(r"(?i)(.+?) (?:of )?an?$", text)
    if fraction and fraction.group(1).lower() in vocab()["fractions"]:
        return Decimal(vocab()["fractions"][fraction.group(1).lower()])  # "half a million"
    return words_to_decimal(text)


def plain_number(value: Decimal | None):
    """Decimal -> int when integral, else float (JSON-friendly, exact for news amounts)."""
    if value is None:
        return None
    value = value.normalize()
    if value == value.to_integral_value():
        return int(value)
    return float(value)


# --- currencies ---------------------------------------------------------------------------


def _by_date(entry, pub_date: dt.date | None):
    """A family default, possibly a list chosen by publication date."""
    if not isinstance(entry, list):
        return entry
    for option in entry:
        until = option.get("until")
        if until is None or (pub_date is not None and pub_date < dt.date.fromisoformat(until)):
            return option["code"]
    return None


@dataclass
class ArticleCurrency:
    """Per-article decisions: what a bare '$' means (see the module docstring)."""

    text: str
    pub_date: dt.date | None
    country: str | None = None  # ISO 3166 code of the article's country, when known
    _dollar: str | None = None

    @property
    def dollar(self) -> str:
        if self._dollar is None:
            self._dollar = resolve_bare_dollar(self.text, self.country or dateline_country(self.text))
        return self._dollar

    _cent: str | None = None

    @property
    def cent(self) -> str:
        if self._cent is None:
            self._cent = resolve_bare_cent(self.text, self.dollar)
        return self._cent


def resolve_bare_cent(text: str, dollar: str) -> str:
    """Cents are the article's dollar's, or euro cents in an article that speaks only euros."""
    rx = _context_regexes()
    speaks_euro = rx["euro_word"].search(text) and not rx["dollar_word"].search(text)
    if dollar == vocab()["dollar_default"] and speaks_euro:
        return "EUR"
    return dollar


DATELINE = re.compile(
    r"^[^\S\n]*(?P<city>[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*)*)(?:,[^\S\n]*[A-Z][\w.]*(?: [\w.]+)*)*"
    r"[^\S\n]*(?:\([^)\n]*\))?[^\S\n]*[-\u2013\u2014]", re.M)


def dateline_country(text: str) -> str | None:
    """ISO 3166 code of a wire dateline's city ("TORONTO, March 3 -", "SYDNEY (Reuters) -") in
    the first lines of the body, from the gazetteer; None without one."""
    head = "\n".join(text.lstrip().splitlines()[:4])
    m = DATELINE.search(head)
    if m is None or len(m["city"]) < 3:
        return None
    from .. import gazetteer  # lazy: only articles with a dateline and a bare dollar pay for it

    place = gazetteer.best_place(m["city"].title())
    return place.country if place is not None else None


def resolve_bare_dollar(text: str, country: str | None = None) -> str:
    """What a bare '$' or 'dlrs' means in this article (facts-v1 money `currency`): USD when the
    article marks a US dollar or prefixes a dollar; else the one non-US dollar it states as its
    convention ("figures in Canadian dollars"); else, in an article datelined in another dollar
    country (`country`) that names that country's dollar in words, that dollar; else USD."""
    rx = _context_regexes()
    if rx["us_marker"].search(text) or rx["prefixed_dollar"].search(text):
        return "USD"
    without_fx = rx["fx_note"].sub(" ", text)
    named = {
        vocab()["adjectives"]["dollar"][re.sub(r"\s+", " ", m.group("adj").lower())]
        for m in rx["named_dollar"].finditer(without_fx)
    }
    named.discard("USD")
    if len(named) == 1:
        return named.pop()
    local = vocab()["dollar_countries"].get(country or "")
    if local is not None:
        written = {vocab()["adjectives"]["dollar"][re.sub(r"\s+", " ", m.group("adj").lower())]
                   for m in rx["dollar_in_words"].finditer(without_fx)}
        if local in written:
            return local
    return vocab()["dollar_default"]


@dataclass
class Currency:
    code: str | None  # ISO code, or None when unknown
    factor: Decimal = Decimal(1)  # 0.01 for pence and cents
    kind: str = "symbol"  # provenance: symbol, code, name


NOT_MONEY = Currency("", kind="none")


def _code_to_currency(code: str | None, article: ArticleCurrency, kind: str) -> Currency:
    if code == "":
        return NOT_MONEY
    if code == "$":
        return Currency(article.dollar, kind=kind)
    if code and code.startswith("$") and code != "$":
        # a symbol several currencies share ("₨"): the article's country decides, else unknown
        return Currency(vocab()["symbol_by_country"].get(code, {}).get(article.country), kind=kind)
    if code == "CENT":
        return Currency(article.cent, Decimal("0.01"), kind)
    if code and code.endswith("-MINOR"):
        return Currency(code[: -len("-MINOR")], Decimal("0.01"), kind)
    return Currency(code, kind=kind)


def currency_of(m: re.Match, x: str, article: ArticleCurrency) -> Currency | None:
    """The currency written on side `x` of a match, or None when none is written."""
    v = vocab()
    if m.group(f"pre_{x}"):
        sym = re.sub(r"\s+", " ", m.group(f"pre_{x}"))
        if sym in v["prefix_symbols"]:
            return _code_to_currency(v["prefix_symbols"][sym], article, "symbol")
        if sym in v["spaced_prefix_symbols"]:
            return Currency(v["spaced_prefix_symbols"][sym], kind="symbol")
        code = sym.upper()
        return Currency(v["iso_aliases"].get(code, code), kind="code")
    if m.group(f"apost_{x}"):
        return _code_to_currency(v["postfix_symbols"][m.group(f"apost_{x}")], article, "symbol")
    if m.group(f"miso_{x}"):
        code = re.sub(r"^M+", "", m.group(f"miso_{x}"))
        return Currency(v["iso_aliases"].get(code, code), kind="code")
    if m.group(f"iso_{x}"):
        code = m.group(f"iso_{x}")
        code = v["postfix_codes"].get(code) or v["iso_aliases"].get(code.upper(), code.upper())
        return Currency(code, kind="code")
    name = m.group(f"aname_{x}") or m.group(f"name_{x}")
    if not name:
        return None
    return currency_of_name(name, m.group(f"adj_{x}"), article)


def currency_of_name(name: str, adjective: str | None, article: ArticleCurrency) -> Currency:
    """'Australian dollars' -> AUD, 'francs' -> FRF or CHF by date, 'p' -> GBP pence."""
    v = vocab()
    family = v["names"].get(re.sub(r"\s+", " ", name.lower()))
    if family is None and name.lower().endswith("s"):
        family = v["names"].get(name.lower()[:-1])
    if adjective:
        adjective = re.sub(r"\s+", " ", adjective.strip().lower())
        code = v["adjectives"].get(family, {}).get(adjective)
        if code:
            minor = family in v["minor_units"]
            return Currency(code, Decimal("0.01") if minor else Decimal(1), "name")
    code = _by_date(v["family_default"].get(family), article.pub_date)
    return _code_to_currency(code, article, "name")


# --- matches to facts -----------------------------------------------------------------------


@dataclass
class Amount:
    start: int
    end: int
    number: Decimal
    scale: Decimal | None
    currency: Currency | None
    name: str | None  # the currency noun as written, for the ambiguity checks
    has_separator: bool
    prefix: str | None = None  # the symbol or code written before the number

    @property
    def value(self) -> Decimal:
        factor = self.currency.factor if self.currency else Decimal(1)
        return self.number * (self.scale or Decimal(1)) * factor


def _scale_of(m: re.Match, x: str) -> Decimal | None:
    word = m.group(f"scale_{x}") or m.group(f"ascale_{x}") or m.group(f"cscale_{x}")
    if not word and m.group(f"miso_{x}"):
        return Decimal(1_000_000)  # "12 MCHF"
    if not word:
        return None
    scales = vocab()["scales"]
    return Decimal(scales.get(word, scales.get(word.lower(), 1)))


def amount_of(m: re.Match, x: str, article: ArticleCurrency) -> Amount | None:
    if m.group(f"num_{x}") is None:
        return None
    number = parse_number(m.group(f"num_{x}"))
    if number is None:
        return None
    name = m.group(f"aname_{x}") or m.group(f"name_{x}")
    start = m.start(f"pre_{x}") if m.group(f"pre_{x}") else m.start(f"num_{x}")
    end = max(e for e in (m.end(f"num_{x}"), m.end(f"scale_{x}"), m.end(f"ascale_{x}"),
                          m.end(f"apost_{x}"), m.end(f"aname_{x}"), m.end(f"iso_{x}"),
                          m.end(f"miso_{x}"), m.end(f"cscale_{x}"), m.end(f"name_{x}")) if e is not None)
    digits = m.group(f"num_{x}")
    return Amount(start, end, number, _scale_of(m, x), currency_of(m, x, article),
                  name.lower() if name else None, bool(re.search(r"[,.]", digits)), m.group(f"pre_{x}"))


def is_plausible(amount: Amount, text: str) -> bool:
    """Filters for names that are also ordinary words, weights and pence-looking video sizes."""
    v = vocab()
    if amount.currency is None or amount.currency.kind == "none":
        return False
    if amount.prefix is not None and len(amount.prefix) == 1 and amount.prefix.isalpha() \
            and text[amount.start + 1: amount.start + 2].isspace():
        return False  # a one-letter press abbreviation ("Y500m") is written against its digits
    if looks_like_weight(text, amount):
        return False
    if amount.name in v["ambiguous_names"]:
        return amount.scale is not None or amount.has_separator
    if amount.name in v["attached_only"] and amount.scale is not None:
        return False
    if amount.name == "p" and str(amount.number) in v["video_resolutions"]:
        return False
    return True


def looks_like_weight(text: str, amount: Amount) -> bool:
    """'weighs 236 pounds', '500 pounds (225 kilograms)': pounds of weight, not sterling."""
    if amount.name not in vocab()["weight_names"] or amount.scale is not None:
        return False
    rx = _context_regexes()
    if rx["weight_of"].match(text[amount.end : amount.end + 10]):
        return True
    return bool(rx["weight_before"].search(text[max(0, amount.start - 60) : amount.start])
                or rx["weight_after"].match(text[amount.end : amount.end + 30]))


def _value(amount=None, low=None, high=None, currency=None, mod=None, per=None) -> dict:
    return {"amount": plain_number(amount), "min": plain_number(low), "max": plain_number(high),
            "currency": currency, "mod": mod, "per": per}


def _mod_before(text: str, start: int) -> tuple[str | None, int]:
    """The qualifier just before `start` (mod, where it starts), skipping a range opener."""
    rx = _context_regexes()
    window = text[max(0, start - 40) : start]
    match = rx["qualifier"].search(window)
    if not match:
        return None, start
    phrase = re.sub(r"\s+", " ", match.group("q").lower())
    begin = start - (len(window) - match.start("q"))
    if phrase == "over" and rx["over_particle"].search(text[max(0, begin - 20) : begin]):
        return None, start  # "handed over $5m"
    return vocab()["qualifiers"].get(phrase), begin


def _opener_before(text: str, start: int) -> str | None:
    match = _context_regexes()["opener"].search(text[max(0, start - 30) : start])
    return match.group("o").lower() if match else None


def _per_after(text: str, end: int) -> str | None:
    rx = _context_regexes()
    window = text[end : end + 40]
    v = vocab()
    match = rx["rate"].match(window)
    if match:
        return v["rate_units"][re.sub(r"\s+", " ", match.group("u").lower())]
    match = rx["rate_adverb"].match(window)
    if match:
        return v["rate_adverbs"][re.sub(r"\s+", " ", match.group("u").lower())]
    match = rx["rate_generic"].match(window)  # "$1,200 per resident": any noun after "per"
    if match and match.group("u").lower() not in v["rate_generic_not"]:
        return match.group("u").lower()
    return None


def _mod_after(text: str, end: int) -> str | None:
    """'$200 or less', '$1m or more': a qualifier written after the amount."""
    match = _context_regexes()["post_qualifier"].match(text[end : end + 20])
    if not match:
        return None
    return vocab()["post_qualifiers"][re.sub(r"\s+", " ", match.group("q").lower())]


def _is_share_price(text: str, amount: Amount) -> bool:
    """'The stock fell 11% to A$2.08', 'shares closed at 245p': a price per share."""
    if amount.scale is not None:
        return False
    before = text[max(0, amount.start - 100) : amount.start]
    return bool(_context_regexes()["share_price"].search(before))


WRITTEN_SIGN = re.compile(r"(?:(?<![\w-])(?i:minus|negative)[^\S\n]+|(?<![\w.,)\]%-])[-\u2212])$")


def _with_written_sign(text: str, amount: Amount) -> Amount:
    """'-£1.2bn', 'minus £300m', 'negative $450m': a sign written before the amount makes it
    negative and joins the extent (facts-v1 `amount`); a loss or a fall stays positive."""
    m = WRITTEN_SIGN.search(text[max(0, amount.start - 10): amount.start])
    if m is None or amount.number < 0:
        return amount
    return replace(amount, start=amount.start - (len(m[0])), number=-amount.number)


def _single_fact(text: str, amount: Amount, source: str) -> Fact:
    amount = _with_written_sign(text, amount)
    mod = _mod_before(text, amount.start)[0] or _mod_after(text, amount.end)
    per = _per_after(text, amount.end) or ("share" if _is_share_price(text, amount) else None)
    return Fact("money", amount.start, amount.end, source,
                _value(amount.value, currency=amount.currency.code or None, mod=mod, per=per))


def _range_fact(text: str, a: Amount, b: Amount, source: str, connector: str) -> Fact | None:
    """A range, or None when the two amounts do not make one (the caller splits them)."""
    currency = b.currency or a.currency
    if a.currency and b.currency and a.currency.code != b.currency.code:
        return None
    if a.scale is not None and b.scale is None:
        return None
    # "$5-6m", "between 250 and 500 million francs": the end's scale and currency carry over.
    a = replace(a, scale=a.scale or b.scale, currency=a.currency or currency)
    b = replace(b, currency=b.currency or currency)
    low, high = a.value, b.value
    # "3.5p to 245p" is a change and a level; a range written with "to" has close ends.
    # "from $100 to $5,000" is opened as a range and may span more.
    close_ends = connector == "to" and _opener_before(text, a.start) not in ("from", "between")
    ratio = vocab()["range_max_ratio_to"] if close_ends else MAX_RANGE_RATIO
    if not (Decimal(0) < low < high <= low * ratio):
        return None
    mod = _mod_before(text, a.start)[0] or _mod_after(text, b.end)
    return Fact("money", a.start, b.end, source,
                _value(None, low, high, currency.code or None, mod, _per_after(text, b.end)))


def _source(kind: str) -> str:
    return f"rule:money.{kind}"


def facts_from_match(text: str, m: re.Match, article: ArticleCurrency) -> list[Fact]:
    a = amount_of(m, "a", article)
    if a is None:
        return []
    if m.group("minor") or m.group("minor_digits") or m.group("minor_bare"):
        return _with_minor(text, m, a, article)
    b = amount_of(m, "b", article) if m.group("conn") else None
    if b is None:
        return [_single_fact(text, a, _source(a.currency.kind))] if is_plausible(a, text) else []
    return _range_or_split(text, m.group("conn").strip().lower(), a, b)


def _range_or_split(text: str, connector: str, a: Amount, b: Amount) -> list[Fact]:
    """One range, or the amounts that stand on their own.

    "between X and Y" and "X-Y" / "X to Y" are ranges; "X and Y" without "between" is two amounts,
    and so is "rose (from) £5m to £6m" when both ends carry their currency (a change, not a
    range);
    "fines range from $100 to $5,000" is one range.
    """
    opener = _opener_before(text, a.start)
    both_written = a.currency is not None and b.currency is not None
    if connector == "and" and opener != "between":
        return _split(text, a, b)
    if connector == "to" and both_written and _after_change_verb(text, a):
        return _split(text, a, b)  # "rose (from) £5m to £6m": a change, not a range
    plausible = all(x.currency is None or is_plausible(x, text) for x in (a, b))
    if plausible and (a.currency or b.currency):
        fact = _range_fact(text, a, b, _source("range"), connector)
        if fact is not None:
            return [fact]
    return _split(text, a, b)


def _after_change_verb(text: str, a: Amount) -> bool:
    return bool(_context_regexes()["change_verb"].search(text[max(0, a.start - 40) : a.start]))


def _split(text: str, a: Amount, b: Amount) -> list[Fact]:
    return [_single_fact(text, x, _source(x.currency.kind)) for x in (a, b)
            if x.currency is not None and is_plausible(x, text)]


def _with_minor(text: str, m: re.Match, a: Amount, article: ArticleCurrency) -> list[Fact]:
    """'$20 and 43 cents' is one amount; '1.5 bln dlrs and 20p' is two."""
    if m.group("minor_bare"):
        return _with_bare_minor(text, m, a)
    number, unit = ("minor", "minor_unit") if m.group("minor") else ("minor_digits", "minor_abbr")
    minor_number = parse_number(m.group(number))
    minor = Amount(m.start(number), m.end(unit), minor_number or Decimal(0), None,
                   currency_of_name(m.group(unit), None, article), m.group(unit).lower(), False)
    if a.currency is None:  # "between 10 and 20 cents"
        return _range_or_split(text, "and", a, minor) if minor_number is not None else []
    whole = a.currency.factor == 1 and a.scale is None
    if whole and minor_number is not None and minor_number < 100 and a.number % 1 == 0:
        a.number += minor_number / 100
        a.end = minor.end
        return [_single_fact(text, a, _source(a.currency.kind))] if is_plausible(a, text) else []
    return [_single_fact(text, x, _source(x.currency.kind)) for x in (a, minor)
            if minor_number is not None and is_plausible(x, text)]


def _with_bare_minor(text: str, m: re.Match, a: Amount) -> list[Fact]:
    """'$20 43', 'nine pounds fifty': the trailing count is hundredths of a whole amount of a
    main unit; 'between $10 and 20' is a range, and an amount with a scale keeps its own value."""
    minor_number = parse_number(m.group("minor_bare"))
    if _opener_before(text, a.start) and minor_number is not None:
        bound = Amount(m.start("minor_bare"), m.end("minor_bare"), minor_number, None, None, None, False)
        return _range_or_split(text, "and", a, bound)
    whole = a.currency is not None and a.currency.factor == 1 and a.scale is None and a.number % 1 == 0
    if whole and minor_number is not None and minor_number < 100 and (a.name or a.prefix or a.currency.kind == "code"):
        a.number += minor_number / 100
        a.end = m.end("minor_bare")
    return [_single_fact(text, a, _source(a.currency.kind))] if a.currency and is_plausible(a, text) else []


# --- NER cross-check ---------------------------------------------------------------------------


def _overlaps(fact: Fact, start: int, end: int) -> bool:
    return fact.start < end and start < fact.end


def _money_entities_not_found(facts: list[Fact], doc) -> list:
    """The MONEY entities that no rule fact overlaps."""
    return [ent for ent in doc.ents if ent.label_ == "MONEY"
            and not any(_overlaps(f, ent.start_char, ent.end_char) for f in facts)]


@lru_cache(maxsize=1)
def _unknown_currency_regex() -> re.Pattern:
    v = vocab()
    scale_words = [s for s in v["scales"] if s not in v["attached_only_scales"]]
    return re.compile(
        rf"(?<![\w.,])(?P<num>{DIGITS})(?:\s*(?P<scale>{_alt(scale_words, 'i')}))?"
        rf"\s+(?P<noun>[A-Za-z][A-Za-z-]*(?:\s+[A-Za-z][A-Za-z-]*)?)$"
    )


def fact_from_unknown_currency(text: str, ent) -> Fact | None:
    """A MONEY entity like '500 million birr' whose currency noun is not in our data.

    The amount is kept with currency null; entities that are no exact amount ("millions of
    dollars") or whose last word is not a noun are dropped.
    """
    v = vocab()
    last = ent[-1]
    known = (v["scales"], v["vague_scales"], v["names"], v["not_currency_nouns"])
    if not last.tag_.startswith("NN") or any(last.lower_ in words for words in known):
        return None  # a known name was already judged by the rules; the rest is no currency
    m = _unknown_currency_regex().search(ent.text)
    if not m:
        return None
    number = parse_number(m.group("num"))
    scale_word = (m.group("scale") or "").lower()
    scale = Decimal(v["scales"].get(scale_word, 1))
    start = ent.start_char + m.start("num")
    mod, _ = _mod_before(text, start)
    return Fact("money", start, ent.end_char, "ner:MONEY",
                _value(number * scale, mod=mod, per=_per_after(text, ent.end_char)))


BRACKET_OPEN = re.compile(r"\s*[(\[]\s*$")
BRACKET_CLOSE = re.compile(r"^\s*[)\]]")


def share_bracketed_conversions(facts: list[Fact], text: str) -> None:
    """'about 10 million euros (US$13 million) a year': both amounts are about and yearly."""
    facts.sort(key=lambda f: f.start)
    for first, converted in zip(facts, facts[1:]):
        between = text[first.end : converted.start]
        close = BRACKET_CLOSE.match(text[converted.end : converted.end + 3])
        if not (BRACKET_OPEN.match(between) and close):
            continue
        for field in ("mod", "per"):
            if converted.value[field] is None:
                converted.value[field] = first.value[field]
        if first.value["per"] is None:
            per = _per_after(text, converted.end + close.end())
            first.value["per"] = converted.value["per"] = per


def _outside_markup(facts: list[Fact], text: str) -> list[Fact]:
    """Drop amounts inside markdown image syntax: alt text repeats a headline, it is no prose."""
    if "![" not in text:
        return facts
    images = [m.span() for m in _context_regexes()["markdown_image"].finditer(text)]
    return [f for f in facts if not any(s <= f.start and f.end <= e for s, e in images)]


def extract(doc, context):
    text = doc_text(doc)
    article = ArticleCurrency(text, getattr(context, "pub_date", None), getattr(context, "country", None))
    facts: list[Fact] = []
    for m in money_regex().finditer(text):
        facts.extend(facts_from_match(text, m, article))
    for ent in _money_entities_not_found(facts, doc):
        fact = fact_from_unknown_currency(text, ent)
        if fact is not None:
            facts.append(fact)
    share_bracketed_conversions(facts, text)
    facts = _outside_markup(facts, text)
    _add_subjects(doc, facts)
    return facts


def _add_subjects(doc, facts: list[Fact]) -> None:
    """value["subject"] (facts v1.1): what each amount measures, from the parse (events.py)."""
    from .events import annotate, subject_of

    annotate(doc, facts, "subject", subject_of)