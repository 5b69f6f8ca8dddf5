"""Site facts on invented sentences (organisations are made up; places are real towns)."""

import pytest

from jlr_extract.extract import sites


@pytest.fixture
def run(run_extractor):
    def go(text):
        return run_extractor(sites, text)
    return go


def by_name(facts):
    return {f.value["name"]: f.value for f in facts}


# --- which places are sites ----------------------------------------------------------------

@pytest.mark.parametrize("text, name, kind", [
    ("Volvex said it would expand its Gothenburg plant next year.", "Gothenburg", "plant"),
    ("Workers walked out at the Sunderland factory on Monday.", "Sunderland", "factory"),
    ("The firm runs a refinery in Rotterdam.", "Rotterdam", "refinery"),
    ("Output fell at the company's warehouse at Daventry.", "Daventry", "warehouse"),
    ("Glasgow's new research laboratory opened in May.", "Glasgow", "research laboratory"),
])
def test_place_tied_to_a_site_noun(run, text, name, kind):
    values = by_name(run(text))
    assert name in values
    assert values[name]["kind"] == kind


@pytest.mark.parametrize("text, name, kind", [
    ("The Pune-based drugmaker Sarvam Labs cut its forecast.", "Pune", "headquarters"),
    ("Kestrel Systems, which is headquartered in Leeds, posted a loss.", "Leeds", "headquarters"),
    ("Dalmore Motors makes vans in Valencia, Spain.", "Valencia", None),
    ("Orlen Glass said production at Zwickau would resume.", "Zwickau", None),
])
def test_place_tied_to_an_operation(run, text, name, kind):
    values = by_name(run(text))
    assert name in values
    assert values[name]["kind"] == kind


@pytest.mark.parametrize("text", [
    "Sales in China rose 5 percent, the German government said.",
    "Diplomats based in Vienna met the delegation.",
    "He lives in Boston with his family.",
    "The chairman said a pledge made in Paris would be honoured.",
    "Dalmore Motors said its two Scottish factories would close.",
    "Police sealed off the crash site in Denver.",
    "The company reported strong demand in Brazil and Mexico.",
])
def test_not_sites(run, text):
    assert run(text) == []


def test_list_of_sites_with_regions(run):
    text = ("Brightwell Motors said the outage hit its factories in Sunderland, on Wearside, "
            "and Swindon in Wiltshire, and its engine assembly site in Leipzig.")
    values = by_name(run(text))
    assert set(values) == {"Sunderland", "Swindon", "Leipzig"}
    assert values["Sunderland"]["region"] == "Wearside"
    assert values["Swindon"]["region"] == "Wiltshire"
    assert values["Leipzig"]["kind"] == "engine assembly site"
    assert values["Leipzig"]["country"] == "DE"


def test_list_after_as_well_as(run):
    text = "The van is built at Dalmore's plant at Valladolid, as well as at Vitoria and Zaragoza."
    assert set(by_name(run(text))) == {"Valladolid", "Vitoria", "Zaragoza"}


def test_name_the_ner_misses_is_found_from_sentence_shape(run):
    text = "Carvell Trucks will close the assembly plant at Hamblebury Cross next year."
    values = by_name(run(text))
    assert "Hamblebury Cross" in values
    assert values["Hamblebury Cross"]["lat"] is None


def test_hyphenated_name_broken_over_a_line(run):
    facts = run("Parts are made at the group's plant at Bois-\nColombes near the capital.")
    assert [f.value["name"] for f in facts] == ["Bois-Colombes"]
    assert facts[0].text == "Bois-\nColombes"


# --- kind ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind", [
    ("Hollin Corp's new 400 mln dlr assembly plant at Smyrna, Tenn., opened.", "assembly plant"),
    ("Its high-security research laboratory in Eindhoven will close.", "research laboratory"),
    ("Its Dearborn, Mich., truck plant will close.", "truck plant"),
])
def test_kind_phrase(run, text, kind):
    facts = run(text)
    assert facts and facts[0].value["kind"] == kind


# --- organisation -------------------------------------------------------------------------

def test_organisation_prefers_full_name_over_acronym(run):
    text = ("Northfield Aero Systems (NAS) makes wings. NAS said its Toulouse plant "
            "would hire 200 people.")
    assert by_name(run(text))["Toulouse"]["organisation"] == "Northfield Aero Systems"


def test_organisation_from_possessor(run):
    text = "Analysts said Hollin Motors' rivals eyed Carvell Corp's truck plant in Dearborn, Mich."
    assert by_name(run(text))["Dearborn"]["organisation"] == "Carvell Corp"


def test_its_refers_to_the_organisation_named_before(run):
    text = "Brightwell Group said Carvell Motors would shut its plant in Swindon."
    assert by_name(run(text))["Swindon"]["organisation"] == "Carvell Motors"


# --- region and country -------------------------------------------------------------------

@pytest.mark.parametrize("text, name, region, country", [
    ("Hollin Corp's truck plant in Chattanooga, Tenn., will close.", "Chattanooga", "Tennessee", "US"),
    ("Corvan runs a mill in Graz, Austria.", "Graz", None, "AT"),
    ("Its Macon, Ga., glass plant was sold.", "Macon", "Georgia", "US"),
    ("The Spanish unit of Dalmore said its Cordoba plant was idle.", "Cordoba", None, "ES"),
    ("Its Gympie site in Queensland will close.", "Gympie", "Queensland", "AU"),
])
def test_region_and_country(run, text, name, region, country):
    value = by_name(run(text))[name]
    assert value["country"] == country
    if region:
        assert value["region"] == region


def test_country_is_a_site_when_a_facility_is_placed_in_it(run):
    values = by_name(run("The attack only hit Kirin Beverage's factories in Japan."))
    assert values["Japan"]["country"] == "JP"


def test_directional_region_name(run):
    value = by_name(run("Laurel Textiles moved to North Wales, where it still has its main factory."))
    assert value["North Wales"]["country"] == "GB"


def test_all_mentions_of_a_site_share_values(run):
    text = ("Corvan's factory in Graz, Austria, makes gearboxes. "
            "The Graz plant employs 900 people, Corvan said.")
    facts = [f for f in run(text) if f.value["name"] == "Graz"]
    assert len(facts) == 2
    assert {(f.value["country"], f.value["organisation"], f.value["lat"]) for f in facts} \
        == {(facts[0].value["country"], facts[0].value["organisation"], facts[0].value["lat"])}
    assert facts[0].value["country"] == "AT"


def test_dateline_caps_name_is_normalised(run):
    assert sites.clean_name("Bois-\nColombes") == "Bois-Colombes"
    assert sites.clean_name("the  Ruhr") == "Ruhr"


def test_offsets_cover_the_name(run):
    text = "Volvex said it would expand its Gothenburg plant."
    fact = run(text)[0]
    assert text[fact.start:fact.end] == "Gothenburg"
    assert fact.source.startswith("rule:site.")


@pytest.mark.parametrize("text", [
    "The creator of an anti-abortion Web site was sued.",
    "Missiles struck alleged terrorist sites in Sudan.",
    "Protesters gathered outside the mayor's office in Denver.",
    "Officials at state election offices in Iowa checked the rolls.",
    "A Leeds-based developer bought the land.",
])
def test_more_not_sites(run, text):
    assert run(text) == []



@pytest.mark.parametrize("text, expected", [
    ("GALWAY, May 3 - A cheese factory that was the region's largest employer closed on Friday.",
     ("Galway", "cheese factory", "IE")),
    ("GALWAY, May 3 - Shares in Tullow Dairies fell, the company said.", None),
    ("GALWAY (AP) -- The creator of the site said it would reopen.", None),
])
def test_dateline(run, text, expected):
    facts = run(text)
    if expected is None:
        assert facts == []
    else:
        assert [(f.value["name"], f.value["kind"], f.value["country"]) for f in facts] == [expected]
        assert facts[0].source == "rule:site.dateline"


def test_initialism_maps_to_full_name(run):
    text = ("Hollin Motors Corp said on Monday it would sell a stake. "
            "HMC's truck plant in Dearborn, Mich., will stay open.")
    assert by_name(run(text))["Dearborn"]["organisation"] == "Hollin Motors Corp"


def test_based_names_the_organisation_after_the_noun(run):
    text = "Unions backed the Leeds-based insurer Garth Mutual in the dispute."
    value = by_name(run(text))["Leeds"]
    assert (value["kind"], value["organisation"]) == ("headquarters", "Garth Mutual")


@pytest.mark.parametrize("text, name, kind", [
    ("Tullow Dairies runs a cheese plant, located in Mallow, that employs 300.", "Mallow", "cheese plant"),
    ("Corvan will build a battery factory near Zwickau.", "Zwickau", "battery factory"),
    ("The Leeds-headquartered insurer Garth Mutual cut jobs.", "Leeds", "headquarters"),
])
def test_more_site_shapes(run, text, name, kind):
    values = by_name(run(text))
    assert values[name]["kind"] == kind


def test_qualifier_with_hyphenated_direction(run):
    value = by_name(run("Corvan's truck plant in Sunderland, in north-east England, will close."))
    assert set(value) == {"Sunderland"}
    assert value["Sunderland"]["country"] == "GB"


def test_name_ner_takes_for_a_firm_is_a_place_when_located_elsewhere(run):
    text = ("Carvell Motors said the Hamblebury Cross plant would close. "
            "About 900 people work at Hamblebury Cross.")
    values = by_name(run(text))
    assert "Hamblebury Cross" in values
    assert values["Hamblebury Cross"]["organisation"] == "Carvell Motors"


def test_brand_before_site_noun_is_not_a_place(run):
    text = "Carvell Motors said it would close its Corvette plant. Corvette sales fell."
    assert run(text) == []


# --- generalisation checks (invented firms; real towns) -------------------------------------

@pytest.mark.parametrize("text, name, region, country", [
    ("Tarvel Foods said its warehouse in Doncaster, South Yorkshire, would close.", "Doncaster",
     "South Yorkshire", "GB"),
    ("Pellmor Metals will shut its smelter in Tilbury, Essex.", "Tilbury", "Essex", "GB"),
    ("Velmor Automotive builds vans at a factory in Nitra, Slovakia.", "Nitra", None, "SK"),
    ("Kaldera Energy runs a chemical plant in Ludwigshafen.", "Ludwigshafen", "Rheinland-Pfalz", "DE"),
    ("Brindle Data opened an office in Manchester.", "Manchester", "Greater Manchester", "GB"),
])
def test_regions_from_the_sentence_and_the_gazetteer(run, text, name, region, country):
    values = by_name(run(text))
    assert set(values) == {name}
    assert values[name]["country"] == country
    if region:
        assert values[name]["region"] == region
    else:
        assert values[name]["region"]  # a first-level division name from the gazetteer


def test_qualifier_country_overrides_a_namesake_elsewhere(run):
    values = by_name(run("Corvane Motors has assembly plants in Puebla and Silao, Mexico."))
    assert values["Silao"]["country"] == "MX"
    assert values["Silao"]["lat"] is None or values["Silao"]["lat"] < 23


@pytest.mark.parametrize("text, name, org", [
    ("Castellan Foods, headquartered in Minneapolis, posted a loss.", "Minneapolis", "Castellan Foods"),
    ("Tollan Paper, a company based in Oulu, cut jobs.", "Oulu", "Tollan Paper"),
    ("Quorra Pharma opened a research laboratory in Cambridge, Massachusetts.", "Cambridge", "Quorra Pharma"),
    ("Workers at the Longford plant of Samtrex Dairy voted to strike.", "Longford", "Samtrex Dairy"),
    ("Ferrosa, the Italian steelmaker, operates a steelworks at Taranto.", "Taranto", "Ferrosa"),
])
def test_headquarters_and_operator(run, text, name, org):
    values = by_name(run(text))
    assert name in values
    assert values[name]["organisation"] == org


@pytest.mark.parametrize("text, names", [
    ("Bexley Devices moved its headquarters from Chicago to Dallas in 2021.", {"Chicago", "Dallas"}),
    ("Brindle Data is building a data centre in Slough and another in Dublin.", {"Slough", "Dublin"}),
    ("Halcyon Brewing brews its beer in Burton upon Trent.", {"Burton upon Trent"}),
    ("Orbis Aero will expand its Bristol engineering centre.", {"Bristol"}),
])
def test_more_site_names(run, text, names):
    assert set(by_name(run(text))) == names


def test_plural_kind_is_singular(run):
    values = by_name(run("Castellan Foods operates distribution centres in Joliet, Ill."))
    assert values["Joliet"]["kind"] == "distribution centre"


@pytest.mark.parametrize("text", [
    "Cruise missiles struck camps in the hills and a chemical plant in Sudan.",
    "He asked for a list of priorities for improving security for U.S. facilities abroad.",
])
def test_country_needs_a_named_operator(run, text):
    assert run(text) == []


def test_two_firms_in_one_town_keep_their_operators(run):
    facts = run("The Miami-based Harlan Foundation sued. Protesters gathered at the Kestrel Bank "
                "office in Miami.")
    orgs = {f.value["organisation"] for f in facts if f.value["name"] == "Miami"}
    assert orgs == {"Harlan Foundation", "Kestrel Bank"}


def test_city_preferred_over_a_same_named_state():
    from jlr_extract import gazetteer
    assert gazetteer.best_place("Washington").kind == gazetteer.KIND_PLACE


# --- issue 11: sites on news the rules have never seen --------------------------------------
# Organisations are invented; places are real.

def fields(value):
    return value["kind"], value["organisation"], value["region"], value["country"]


# 1. lists of places tied to one facility noun
@pytest.mark.parametrize("text, names, kind, org", [
    ("Norcross Paper said its mills in Bremen, Kassel and Dortmund would close.",
     ["Bremen", "Kassel", "Dortmund"], "mill", "Norcross Paper"),
    ("Velmar Foods has production facilities in Lyon, Nantes and the Netherlands.",
     ["Lyon", "Nantes", "Netherlands"], "production facility", "Velmar Foods"),
    ("Hartwell Retail operates stores in Leeds, York, Hull and Bradford.",
     ["Leeds", "York", "Hull", "Bradford"], "store", "Hartwell Retail"),
    ("Brandt Steel runs plants in Poland, Hungary and Slovakia.",
     ["Poland", "Hungary", "Slovakia"], "plant", "Brandt Steel"),
])
def test_every_place_of_a_list_is_a_site(run, text, names, kind, org):
    values = by_name(run(text))
    assert sorted(values) == sorted(names)
    assert all(v["kind"] == kind and v["organisation"] == org for v in values.values())


@pytest.mark.parametrize("text, countries", [
    ("Brandt Steel runs plants in Poland, Hungary and Slovakia.",
     {"Poland": "PL", "Hungary": "HU", "Slovakia": "SK"}),
    ("Velmar Foods has factories in Bavaria, Saxony and Thuringia.",
     {"Bavaria": "DE", "Saxony": "DE", "Thuringia": "DE"}),
])
def test_a_list_of_areas_is_not_read_as_qualifiers(run, text, countries):
    values = by_name(run(text))
    assert {n: v["country"] for n, v in values.items()} == countries


# 2. facilities whose name the NER does not tag as a place
@pytest.mark.parametrize("text, name, kind, region, country", [
    ("Kestrel Mining shut the Grasberg mine in Papua, Indonesia.", "Grasberg", "mine", "Papua", "ID"),
    ("Petrolia said output at the Jubilee field off Ghana fell.", "Jubilee", "field", None, "GH"),
    ("Halcyon Chemicals runs the Jurong complex in Singapore.", "Jurong", "complex", None, "SG"),
    ("Arcadia Energy operates the Pernis refinery near Rotterdam.", "Pernis", "refinery", "South Holland", "NL"),
])
def test_named_facility(run, text, name, kind, region, country):
    values = by_name(run(text))
    assert name in values
    value = values[name]
    assert (value["kind"], value["region"], value["country"]) == (kind, region, country)


def test_a_named_facility_is_not_geocoded_as_a_namesake_town(run):
    # "Grasberg" is also a German village: a mine named so, with no place given, is not there
    value = by_name(run("Kestrel Mining shut the Grasberg mine after the flood."))["Grasberg"]
    assert value["country"] is None and value["lat"] is None


def test_an_organisation_before_a_mine_is_its_operator(run):
    values = by_name(run("Acme Mining said the Acme Mining mine at Kalgoorlie would expand."))
    assert "Acme Mining" not in values and values["Kalgoorlie"]["organisation"] == "Acme Mining"


# 3. place names cut short
@pytest.mark.parametrize("text, name, region, country", [
    ("Hollin Rail has a factory in Newton Aycliffe, County Durham.", "Newton Aycliffe", "County Durham", "GB"),
    ("Orrin Foods opened a bakery in Ste. Foy, Quebec.", "Ste. Foy", "Quebec", "CA"),
    ("Orrin Foods opened a bakery in St. Albans, Hertfordshire.", "St. Albans", "Hertfordshire", "GB"),
    ("Corvan Glass has a factory in Milton\nKeynes.", "Milton Keynes", "Buckinghamshire", "GB"),
    ("Delmar Motors has a plant in Sunderland, Tyne and Wear.", "Sunderland", "Tyne and Wear", "GB"),
    ("Lorne Textiles has a mill in West Bromwich.", "West Bromwich", "West Midlands", "GB"),
])
def test_longest_gazetteer_name_around_the_ner_span(run, text, name, region, country):
    values = by_name(run(text))
    assert list(values) == [name]  # the qualifier is no second site
    assert (values[name]["region"], values[name]["country"]) == (region, country)


# 4. the right country
@pytest.mark.parametrize("text, name, region, country", [
    ("Delmar Motors has a factory in West Point, Georgia.", "West Point", "Georgia", "US"),
    ("Delmar Motors has a factory in Ellabell, Georgia.", "Ellabell", "Georgia", "US"),
    ("Delmar Motors has a factory in Kutaisi, Georgia.", "Kutaisi", "Imereti", "GE"),
    ("Velmar Foods has a factory in Georgia.", "Georgia", None, "GE"),  # a country's own name
    ("Ardent Paper has a mill in Jordan.", "Jordan", None, "JO"),
    ("Brandt Steel built a plant in the Soviet Union in 1975.", "Soviet Union", None, "RU"),
    ("Skoda Works had factories in Czechoslovakia.", "Czechoslovakia", None, "CZ"),
    ("Bentwood Cars has a factory in Crewe, Cheshire.", "Crewe", "Cheshire", "GB"),
    ("Corvan Glass has a plant in Paris, Texas.", "Paris", "Texas", "US"),
])
def test_country_and_region_from_qualifiers(run, text, name, region, country):
    values = by_name(run(text))
    assert list(values) == [name]
    assert (values[name]["region"], values[name]["country"]) == (region, country)


@pytest.mark.parametrize("text, name, country", [
    ("Hartwell Retail operates stores in Leeds, York and Hull.", "Hull", "GB"),
    ("Hartwell Retail has a store in Dundee, Scotland. It also has a depot in Perth.", "Perth", "GB"),
    ("Velmar Foods has plants in Canberra and in Perth.", "Perth", "AU"),
])
def test_ambiguous_town_read_with_the_articles_evidence(run, text, name, country):
    assert by_name(run(text))[name]["country"] == country


def test_dateline_is_evidence_for_an_ambiguous_town(run):
    text = "LONDON, May 3 (Reuters) - Hartwell Retail said its store in Richmond would close."
    assert by_name(run(text))["Richmond"]["country"] == "GB"


# 5. not sites
@pytest.mark.parametrize("text", [
    "Velmar Foods has factories in Asia and Europe.",
    "The company has plants in Scandinavia, Velmar Foods said.",
    "Velmar Foods opened offices in Latin America.",
    "Hartwell Retail said its stores in the Middle East were busy.",
    "Velmar Foods expanded its operations in southern Europe.",
    "Velmar Foods sells to supermarkets in France.",
    "Detroit workers protested outside the city hall.",
])
def test_broad_regions_and_markets_are_not_sites(run, text):
    assert run(text) == []


# 6. the operator
@pytest.mark.parametrize("text, name, org", [
    ("Acme Motors said its subsidiary Acme Motors of Brazil SA would close its plant in Curitiba.",
     "Curitiba", "Acme Motors of Brazil SA"),
    ("Alder Motors of Canada has a plant in London, Ontario.", "London", "Alder Motors of Canada"),
    ("Brightwell Group owns Stanmore Foods, which runs a bakery in Leicester.", "Leicester", "Stanmore Foods"),
    ("Rivian opened a warehouse in Athens, Georgia.", "Athens", "Rivian"),
    ("Corvan Glass has a plant in Birmingham, Alabama.", "Birmingham", "Corvan Glass"),
])
def test_operator_named_as_fully_as_the_article_names_it(run, text, name, org):
    assert by_name(run(text))[name]["organisation"] == org


def test_a_person_subject_is_not_an_operator(run):
    values = by_name(run("Mr. Kessler said Velmar Foods has a plant in Leeds."))
    assert values["Leeds"]["organisation"] == "Velmar Foods"


# 7. the kind
@pytest.mark.parametrize("text, kind", [
    ("Velmar Foods opened a research and development centre in Cambridge.", "research and development centre"),
    ("Petrolia Energy runs a gas processing plant in Aberdeen.", "gas processing plant"),
    ("Hartwell Retail opened a distribution hub in Daventry.", "distribution hub"),
    ("Velmar Foods has a bottling plant in Leeds.", "bottling plant"),
    ("Brightwell Motors is adding paint and assembly shops in Swindon.", "paint and assembly shop"),
    ("Velmar Foods said its existing plant in Leeds would grow.", "plant"),
])
def test_kind_is_the_site_noun_phrase_as_written(run, text, kind):
    assert run(text)[0].value["kind"] == kind


# 8. sites without a site noun
@pytest.mark.parametrize("text, name, org", [
    ("Hundreds of Brightwell Motors' Swindon workers walked out.", "Swindon", "Brightwell Motors"),
    ("Velmar Foods said its Leeds workers would be offered new jobs.", "Leeds", "Velmar Foods"),
    ("Hartwell Retail expanded its operations in Glasgow.", "Glasgow", "Hartwell Retail"),
    ("Hartwell Retail is headquartered in south Manchester.", "Manchester", "Hartwell Retail"),
    ("Orrin Foods was founded by its namesake in Kent in 1955.", "Kent", "Orrin Foods"),
    ("Velmar Foods makes crisps in Corby.", "Corby", "Velmar Foods"),
])
def test_place_tied_to_the_operators_work_by_the_parse(run, text, name, org):
    value = by_name(run(text))[name]
    assert value["kind"] in (None, "headquarters") and value["organisation"] == org


@pytest.mark.parametrize("text", [
    "Orrin Foods was founded in Britain in 1955.",  # a country is a setting
    "The museum was founded in Leeds in 1901 by a collector.",  # no organisation
])
def test_founding_place_needs_an_organisation_and_a_town(run, text):
    assert run(text) == []


def test_county_within_a_first_level_qualifier(run):
    # "Dundee, Scotland": Scotland locates it, the region is its county (facts-v1, UK)
    value = by_name(run("Hartwell Retail has a store in Dundee, Scotland."))["Dundee"]
    assert (value["region"], value["country"]) == ("Dundee City", "GB")


@pytest.mark.parametrize("a, b, same", [
    ("Marrakesh", "Marrakech", True), ("Ras al-Khaimah", "Ra's al Khaymah", True),
    ("Sharjah", "Ash Shariqah", False), ("Leeds", "Leicester", False),
])
def test_same_name_in_two_transliterations(a, b, same):
    assert sites._same_name(a, b) is same


@pytest.mark.parametrize("text, names", [
    ("Brightwell Motors said its Solihull and Castle Bromwich plants would reopen.",
     ["Solihull", "Castle Bromwich"]),  # the second name is one the gazetteer lacks
    ("Delmar Motors will close its Kenosha, Wis., and Toledo, Ohio, plants.", ["Kenosha", "Toledo"]),
    ("Velmar Foods said its Leeds, Hull and York depots were full.", ["Leeds", "Hull", "York"]),
])
def test_places_listed_before_the_site_noun(run, text, names):
    values = by_name(run(text))
    assert sorted(values) == sorted(names)
    assert len({(v["kind"], v["organisation"]) for v in values.values()}) == 1


def test_kenosha_keeps_its_own_qualifier_in_a_left_list(run):
    values = by_name(run("Delmar Motors will close its Kenosha, Wis., and Toledo, Ohio, plants."))
    assert (values["Kenosha"]["region"], values["Toledo"]["region"]) == ("Wisconsin", "Ohio")


def test_outside_a_country_is_abroad_not_a_site(run):
    values = by_name(run("Acme Motors built its first plant outside Japan in Smyrna, Tennessee."))
    assert list(values) == ["Smyrna"] and values["Smyrna"]["region"] == "Tennessee"


@pytest.mark.parametrize("text, name, org", [
    ("Workers at the Nissan Sunderland plant voted to strike.", "Sunderland", "Nissan"),
    ("The Orrin Foods Leicester factory will close.", "Leicester", "Orrin Foods"),
])
def test_brand_and_town_run_together_by_the_ner(run, text, name, org):
    values = by_name(run(text))
    assert list(values) == [name] and values[name]["organisation"] == org


@pytest.mark.parametrize("text, name", [
    ("Velmar Foods' biggest factory is in Wrexham.", "Wrexham"),
    ("The company's main plant remains in Zwickau, Brandt Steel said.", "Zwickau"),
])
def test_site_noun_subject_of_a_copula(run, text, name):
    assert name in by_name(run(text))


def test_town_the_ner_calls_a_nationality(run):
    assert "Bremen" in by_name(run("The group's Bremen site employs 800 people, Brandt Steel said."))
