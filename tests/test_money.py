"""Money extractor: extents, exact values, currencies, ranges, qualifiers, rates, non-money.

Every sentence here is invented for the test.
"""


import pytest

from jlr_extract.extract import money


@pytest.fixture(scope="module")
def run(run_extractor):
    def _run(text, pub_date="2024-06-01"):
        return run_extractor(money, text, pub_date)

    return _run


def only(facts):
    assert len(facts) == 1, [(f.text, f.value) for f in facts]
    return facts[0]


# --- extent and exact amount ----------------------------------------------------------------

@pytest.mark.parametrize("text, extent, amount, currency", [
    ("The council spent £120 million on roads.", "£120 million", 120_000_000, "GBP"),
    ("The mill was sold for 1.5 billion dlrs last week.", "1.5 billion dlrs", 1_500_000_000, "USD"),
    ("The grant is worth 10 million euros.", "10 million euros", 10_000_000, "EUR"),
    ("Revenue reached $2.3bn in the period.", "$2.3bn", 2_300_000_000, "USD"),
    ("The club paid €40m for the striker.", "€40m", 40_000_000, "EUR"),
    ("Tickets cost £1,500,000 in total.", "£1,500,000", 1_500_000, "GBP"),
    ("The state put in £1.5-billion.", "£1.5-billion", 1_500_000_000, "GBP"),
    ("The firm earned 7.6 mln dlrs.", "7.6 mln dlrs", 7_600_000, "USD"),
    ("The brewer lost 675 mln\ndlr on the deal.", "675 mln\ndlr", 675_000_000, "USD"),
    ("He borrowed five million pounds.", "five million pounds", 5_000_000, "GBP"),
    ("She gave one hundred and twenty dollars.", "one hundred and twenty dollars", 120, "USD"),
    ("The bank lent 3 trillion yen.", "3 trillion yen", 3_000_000_000_000, "JPY"),
    ("The prize is 5 lakh rupees.", "5 lakh rupees", 500_000, "INR"),
    ("The wage is 4 crore rupees.", "4 crore rupees", 40_000_000, "INR"),
    ("The car costs $10K new.", "$10K", 10_000, "USD"),
    ("The insurer set aside 800 mln stg.", "800 mln stg", 800_000_000, "GBP"),
])
def test_extent_and_amount(run, text, extent, amount, currency):
    fact = only(run(text))
    assert fact.text == extent
    assert fact.value["amount"] == amount and isinstance(fact.value["amount"], int)
    assert fact.value["currency"] == currency


@pytest.mark.parametrize("text, extent, amount", [
    ("A stamp now costs 20p.", "20p", 0.2),
    ("The shares closed at 10.75p.", "10.75p", 0.1075),
    ("Bread went up 55 cents.", "55 cents", 0.55),
    ("The bid was 200p a share.", "200p", 2),
    ("The charge was $20 and 43 cents.", "$20 and 43 cents", 20.43),
])
def test_pence_and_cents(run, text, extent, amount):
    fact = only(run(text))
    assert fact.text == extent
    assert fact.value["amount"] == pytest.approx(amount)


# --- currencies -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, currency", [
    ("It raised US$13 million.", "USD"),
    ("It raised A$12 million.", "AUD"),
    ("It raised C$12 million.", "CAD"),
    ("It raised HK$12 million.", "HKD"),
    ("It raised NZ$12 million.", "NZD"),
    ("It raised S$12 million.", "SGD"),
    ("It raised ¥500 million.", "JPY"),
    ("It raised ₹500 crore.", "INR"),
    ("It raised ₩500 billion.", "KRW"),
    ("It raised USD 12 million.", "USD"),
    ("It raised GBP12m.", "GBP"),
    ("It raised 12 million CHF.", "CHF"),
    ("It raised 12 million yuan.", "CNY"),
    ("It raised 12 million reais.", "BRL"),
    ("It raised 12 million Swiss francs.", "CHF"),
    ("It raised 12 mln Canadian dlrs.", "CAD"),
    ("It raised 12 million Australian dollars.", "AUD"),
    ("It raised 12 billion Swedish crowns.", "SEK"),
    ("It raised 12 million Egyptian pounds.", "EGP"),
    ("It raised Rs 500.", "INR"),
    ("It raised 42 RM.", "MYR"),
])
def test_currency_codes(run, text, currency):
    assert only(run(text)).value["currency"] == currency


@pytest.mark.parametrize("pub_date, currency", [("1987-03-02", "FRF"), ("2024-03-02", "CHF")])
def test_francs_follow_the_publication_date(run, pub_date, currency):
    assert only(run("The group lost two billion francs.", pub_date)).value["currency"] == currency


def test_marks_after_the_euro_are_not_money(run):
    assert run("The pupil scored 50 marks.", "2024-01-01") == []
    assert only(run("The bank lent 50 mln marks.", "1987-01-01")).value["currency"] == "DEM"


@pytest.mark.parametrize("text, currency", [
    # the writer marks other dollars explicitly, so a bare "$" is the US dollar
    ("The miner earned A$120 million, or $80 million.", "USD"),
    # no marker at all: USD by default
    ("The startup raised $5 million.", "USD"),
    # an article that names only one other dollar and never marks one: that dollar
    ("All figures are in Canadian dollars. The retailer earned $5 million.", "CAD"),
])
def test_bare_dollar_follows_the_article(run, text, currency):
    bare = [f for f in run(text) if f.text.startswith("$")]
    assert bare and bare[0].value["currency"] == currency


def test_fx_note_does_not_make_dollars_local(run):
    facts = run("The miner earned $80 million. ($1 = 1.5911 Australian dollars)")
    assert [f.value["currency"] for f in facts] == ["USD", "USD", "AUD"]
    assert facts[2].text == "1.5911 Australian dollars"
    assert facts[2].value["amount"] == pytest.approx(1.5911)


def test_converted_amount_in_brackets_is_its_own_fact(run):
    facts = run("The regulator fined the bank £1bn ($1.3bn) on Monday.")
    assert [(f.text, f.value["currency"], f.value["amount"]) for f in facts] == [
        ("£1bn", "GBP", 1_000_000_000), ("$1.3bn", "USD", 1_300_000_000)]


# --- ranges ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, extent, low, high, currency", [
    ("The repair will cost £3.5m-£4m.", "£3.5m-£4m", 3_500_000, 4_000_000, "GBP"),
    ("Bids came in at £190m-£265m.", "£190m-£265m", 190_000_000, 265_000_000, "GBP"),
    ("It is worth between $2bn and $3bn.", "$2bn and $3bn", 2_000_000_000, 3_000_000_000, "USD"),
    ("Grants run at $10,000-$17,730 a year.", "$10,000-$17,730", 10_000, 17_730, "USD"),
    ("It will cost between 250 and 500 million francs.", "250 and 500 million francs",
     250_000_000, 500_000_000, "CHF"),
    ("The fee is $5-6m.", "$5-6m", 5_000_000, 6_000_000, "USD"),
    ("Seats sell for 10 to 20 euros.", "10 to 20 euros", 10, 20, "EUR"),
])
def test_ranges(run, text, extent, low, high, currency):
    fact = only(run(text))
    assert fact.text == extent
    assert fact.value["amount"] is None
    assert (fact.value["min"], fact.value["max"], fact.value["currency"]) == (low, high, currency)


@pytest.mark.parametrize("text", [
    "Sales rose from £5m to £6m.",
    "It paid £5m and £6m in two instalments.",
])
def test_two_amounts_are_not_a_range(run, text):
    facts = run(text)
    assert [f.text for f in facts] == ["£5m", "£6m"]
    assert all(f.value["min"] is None for f in facts)


def test_year_before_an_amount_is_not_a_range(run):
    fact = only(run("It sold units in 2004 to $5m of buyers."))
    assert fact.text == "$5m"


# --- qualifiers and rates stay outside the extent ------------------------------------------------

@pytest.mark.parametrize("qualifier, mod", [
    ("around", "APPROX"), ("about", "APPROX"), ("some", "APPROX"), ("roughly", "APPROX"),
    ("an estimated", "APPROX"), ("nearly", "LESS_THAN"), ("almost", "LESS_THAN"),
    ("under", "LESS_THAN"), ("less than", "LESS_THAN"), ("more than", "MORE_THAN"),
    ("over", "MORE_THAN"), ("above", "MORE_THAN"), ("up to", "EQUAL_OR_LESS"),
    ("as much as", "EQUAL_OR_LESS"), ("at least", "EQUAL_OR_MORE"), ("exactly", None),
])
def test_qualifier_sets_mod(run, qualifier, mod):
    fact = only(run(f"The deal is worth {qualifier} £40m to the town."))
    assert fact.text == "£40m"
    assert fact.value["mod"] == mod


@pytest.mark.parametrize("rate, per", [
    ("a day", "day"), ("per year", "year"), ("annually", "year"), ("a share", "share"),
    ("per barrel", "barrel"), ("a month", "month"), ("each week", "week"), ("per annum", "year"),
])
def test_rate_sets_per(run, rate, per):
    fact = only(run(f"The firm pays $4.20 {rate} to its partners."))
    assert fact.text == "$4.20"
    assert fact.value["per"] == per


def test_time_reference_is_not_a_rate(run):
    assert only(run("Profit was £5m a year earlier.")).value["per"] is None


def test_qualifier_and_rate_together(run):
    fact = only(run("The stoppage costs up to £5 million a day."))
    assert (fact.text, fact.value["mod"], fact.value["per"]) == ("£5 million", "EQUAL_OR_LESS", "day")


# --- not money --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Prices rose 5% in May and 3.5 per cent in June.",
    "Mr Pound said the results were good.",
    "The Euro zone grew by 2 million jobs.",
    "The company sold 5 million units.",
    "The video streams in 1080p.",
    "The bag weighs 10 pounds of flour.",
    "The team won 3 games.",
    "The call is at 8p.m. and the match at 8 p.m. on Friday.",
])
def test_not_money(run, text):
    assert run(text) == []


def test_value_is_exact_for_decimal_scales(run):
    fact = only(run("It cost £0.1bn plus."))
    assert fact.value["amount"] == 100_000_000


def test_words_to_decimal():
    assert money.words_to_decimal("twenty-five") == 25
    assert money.words_to_decimal("three thousand five hundred") == 3500
    assert money.words_to_decimal("a hundred") == 100
    assert money.words_to_decimal("lots") is None


def test_source_tells_rule_and_ner(run):
    fact = only(run("The investor paid $5 million for the stake."))
    assert fact.source == "rule:money.symbol"


# --- deeper cases ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, extent, amount", [
    # fractions and "a"
    ("She left half a million dollars to the zoo.", "half a million dollars", 500_000),
    ("They lost a quarter of a billion euros.", "a quarter of a billion euros", 250_000_000),
    ("He found a million pounds in the attic.", "a million pounds", 1_000_000),
    # an amount "of" something is still money (only "pounds of" with no scale is a weight)
    ("The central bank bought 2 trillion yen of bonds.", "2 trillion yen", 2_000_000_000_000),
    ("The firm issued $5bn of debt.", "$5bn", 5_000_000_000),
    ("The state raised 300 million euros of new capital.", "300 million euros", 300_000_000),
])
def test_spelled_and_of_amounts(run, text, extent, amount):
    fact = only(run(text))
    assert (fact.text, fact.value["amount"]) == (extent, amount)


@pytest.mark.parametrize("text", [
    "The lineman weighs 300 pounds.",
    "The charity shipped 400 pounds (181 kilograms) of rice.",
])
def test_pounds_of_weight_are_not_money(run, text):
    assert run(text) == []


def test_pounds_without_weight_cue_are_money(run):
    assert only(run("He sold the painting for 400 pounds.")).value["currency"] == "GBP"


def test_hyphenated_rate(run):
    fact = only(run("They run a $300-million-a-year trade."))
    assert (fact.text, fact.value["per"]) == ("$300-million", "year")


def test_amount_in_markdown_image_alt_text_is_skipped(run):
    text = "![Bank fined £9 million](https://example.org/pic.jpg)\n\nThe bank was fined £9 million."
    facts = run(text)
    assert [f.start for f in facts] == [text.rindex("£9 million")]


def test_ner_money_with_unknown_currency_keeps_amount(nlp):
    from spacy.tokens import Span

    from jlr_extract.components import Context

    doc = nlp.make_doc("The fund paid 300 million zorkmids to savers.")
    doc.ents = [Span(doc, 3, 6, label="MONEY")]
    for token in doc[5:6]:
        token.tag_ = "NNS"
    facts = list(money.extract(doc, Context("t", None)))
    assert [(f.source, f.value["amount"], f.value["currency"]) for f in facts] == [
        ("ner:MONEY", 300_000_000, None)]


@pytest.mark.parametrize("text", ["The fund paid 3 million people.", "Donors gave millions of dollars."])
def test_ner_money_without_an_amount_or_currency_is_dropped(nlp, text):
    from spacy.tokens import Span

    from jlr_extract.components import Context

    doc = nlp(text)
    doc.ents = [Span(doc, 3, len(doc) - 1, label="MONEY")]
    assert list(money.extract(doc, Context("t", None))) == []


@pytest.mark.parametrize("text, currency", [
    ("The state spent 40 billion kyats.", "MMK"), ("Farmers got 500 million birr.", "ETB"),
])
def test_less_common_currencies(run, text, currency):
    assert only(run(text)).value["currency"] == currency


@pytest.mark.parametrize("text, extents", [
    ("Shares fell 3.5p to 245p on Friday.", ["3.5p", "245p"]),
    ("Shares rose 50p to 95p on Friday.", ["50p", "95p"]),
    ("Crude rose $2 to $85 a barrel.", ["$2", "$85"]),
])
def test_change_then_level_is_not_a_range(run, text, extents):
    assert [f.text for f in run(text)] == extents


def test_named_local_amount_does_not_make_bare_dollar_local(run):
    facts = run("The group earned 4.5 billion Hong Kong dollars ($577 million).")
    assert [f.value["currency"] for f in facts] == ["HKD", "USD"]


def test_bracketed_conversion_shares_mod_and_rate(run):
    facts = run("The museum needs about 8 million euros (US$9 million) a year to stay open.")
    assert [(f.text, f.value["mod"], f.value["per"]) for f in facts] == [
        ("8 million euros", "APPROX", "year"), ("US$9 million", "APPROX", "year")]


@pytest.mark.parametrize("text, per", [
    ("The stock slid 4.2% to C$3.15 in early trade.", "share"),
    ("Its shares closed at 182p.", "share"),
    ("The stock deal is worth $3 million.", None),
])
def test_share_price_is_per_share(run, text, per):
    assert only(run(text)).value["per"] == per


@pytest.mark.parametrize("text, mod", [
    ("The insurer handed over $5m to the fund.", None),
    ("The insurer paid over $5m to the fund.", "MORE_THAN"),
    ("The new hatchback is priced from £21,000.", "EQUAL_OR_MORE"),
])
def test_over_as_particle_and_price_from(run, text, mod):
    assert only(run(text)).value["mod"] == mod


def test_range_opener_with_qualifier(run):
    fact = only(run("The upgrade costs between about $2bn and $3bn."))
    assert (fact.text, fact.value["min"], fact.value["max"]) == ("$2bn and $3bn", 2e9, 3e9)


@pytest.mark.parametrize("text, currency", [
    ("It earned 2.5 billion lire.", "ITL"),  # the Italian plural
    ("It earned 2.5 billion Turkish lira.", "TRY"),
    ("A coffee costs 80 cents in Rome, where a meal is €12.", "EUR"),
])
def test_context_names(run, text, currency):
    assert run(text)[0].value["currency"] == currency


def test_records_follow_the_schema(run):
    import json
    from pathlib import Path

    import jsonschema

    schema_path = Path(money.__file__).parent.parent / "data" / "fact-v1.schema.json"
    validator = jsonschema.Draft202012Validator(json.loads(schema_path.read_text()))
    text = ("About £5m-£6m a year, up to 20p a share, 1.5 bln dlrs, 300 million zł and "
            "between 10 and 20 cents.")
    facts = run(text)
    assert len(facts) == 5
    for fact in facts:
        fact.article = "t"
        validator.validate(fact.to_dict())


# --- wire and regional styles, post-qualifiers, open rates, "from X to Y" ------------------------

@pytest.mark.parametrize("text, extent, amount, currency", [
    # wire copy writes the dollar abbreviation before the number
    ("The agency pledged dlrs 40 million in aid.", "dlrs 40 million", 40_000_000, "USD"),
    ("Each victim got 5,000 rand (dlrs 830).", "dlrs 830", 830, "USD"),
    # Australian and New Zealand papers put the country after the sign
    ("The airline lost $US1.2 billion.", "$US1.2 billion", 1_200_000_000, "USD"),
    ("The miner earned $A420 million.", "$A420 million", 420_000_000, "AUD"),
    # East African shillings
    ("The court awarded KSh2 million in damages.", "KSh2 million", 2_000_000, "KES"),
    # Indian compound scale
    ("The budget set aside ₹2.5 lakh crore.", "₹2.5 lakh crore", 2_500_000_000_000, "INR"),
    ("The notes were worth 50 mln European currency units.", "50 mln European currency units",
     50_000_000, "XEU"),
])
def test_regional_styles(run, text, extent, amount, currency):
    fact = [f for f in run(text) if f.text == extent]
    assert fact, [f.text for f in run(text)]
    assert (fact[0].value["amount"], fact[0].value["currency"]) == (amount, currency)


@pytest.mark.parametrize("text, mod", [
    ("Donors who gave $250 or less were counted.", "EQUAL_OR_LESS"),
    ("Households earning $80,000 or more pay the tax.", "EQUAL_OR_MORE"),
    ("The repair takes £300 or so.", "APPROX"),
    ("Tickets cost $40 and up.", "EQUAL_OR_MORE"),
])
def test_qualifier_after_the_amount_sets_mod(run, text, mod):
    fact = only(run(text))
    assert fact.value["mod"] == mod
    assert not fact.text.endswith(("less", "more", "so", "up"))


@pytest.mark.parametrize("text, per", [
    ("The city spends $1,800 per resident.", "resident"),
    ("The levy is €2 per passenger.", "passenger"),
    ("Income was $52,000 per capita.", "person"),
])
def test_per_any_noun_is_a_rate(run, text, per):
    assert only(run(text)).value["per"] == per


@pytest.mark.parametrize("text, extent, low, high", [
    ("Fines range from $100 to $5,000.", "$100 to $5,000", 100, 5000),
    ("Salaries go from $30,000 to $60,000 a year.", "$30,000 to $60,000", 30000, 60000),
    ("Prices run from 10 euros to 20 euros.", "10 euros to 20 euros", 10, 20),
])
def test_from_x_to_y_without_a_change_verb_is_a_range(run, text, extent, low, high):
    fact = only(run(text))
    assert (fact.text, fact.value["min"], fact.value["max"]) == (extent, low, high)


@pytest.mark.parametrize("text", [
    "Its dividend was raised from 20p to 22p.",
    "The fare went from $2 to $3.",
    "The price increased from €5m to €6m.",
])
def test_from_x_to_y_after_a_change_verb_is_two_amounts(run, text):
    facts = run(text)
    assert len(facts) == 2 and all(f.value["min"] is None for f in facts)


@pytest.mark.parametrize("text", [
    "The truck carried 2,000 pounds of cement.",
    "She bought 3 pounds of apples.",
])
def test_pounds_of_a_substance_are_weight(run, text):
    assert run(text) == []


@pytest.mark.parametrize("text, extent, amount", [
    ("The prize is Rs 1,50,000 this year.", "Rs 1,50,000", 150_000),  # Indian grouping
    ("The scheme paid ₹12,34,56,789 to farmers.", "₹12,34,56,789", 123_456_789),
    ("An espresso costs €2,50 in the square.", "€2,50", 2.5),  # continental decimal comma
    ("The bill was $1,250,000.", "$1,250,000", 1_250_000),
])
def test_digit_grouping_styles(run, text, extent, amount):
    fact = only(run(text))
    assert (fact.text, fact.value["amount"]) == (extent, amount)


@pytest.mark.parametrize("text, per", [
    ("Crude was $80/bbl on Monday.", "barrel"), ("The flat rents for £1,100 pcm.", "month"),
])
def test_abbreviated_rates(run, text, per):
    assert only(run(text)).value["per"] == per


def test_fx_note_with_the_full_currency_name(run):
    facts = run("The miner paid 9 billion yuan. ($1 = 7.1830 Chinese yuan renminbi)")
    assert facts[-1].text == "7.1830 Chinese yuan renminbi"
    assert facts[-1].value["currency"] == "CNY"


@pytest.mark.parametrize("text", [
    "Net income rose 8%, from $1.2 billion to $1.3 billion.",
    "Profit jumped by 12 per cent from £40m to £45m.",
])
def test_change_with_a_percentage_is_two_amounts(run, text):
    assert len(run(text)) == 2


# --- issue 13: currency forms, signs, small units, the article's own dollar ---------------

@pytest.mark.parametrize("text, extent, amount, currency", [
    ("The lender was repaid USD$ 80 million.", "USD$ 80 million", 80_000_000, "USD"),
    ("The lender was repaid USD$80m.", "USD$80m", 80_000_000, "USD"),
    ("The Toronto unit lost CAD$ 25 million.", "CAD$ 25 million", 25_000_000, "CAD"),
    ("The Sydney office booked AUD$3.5m.", "AUD$3.5m", 3_500_000, "AUD"),
])
def test_iso_code_glued_to_a_dollar_sign(run, text, extent, amount, currency):
    fact = only(run(text))
    assert (fact.text, fact.value["amount"], fact.value["currency"]) == (extent, amount, currency)


@pytest.mark.parametrize("text, extent, amount, currency", [
    ("BYD will invest Rmb5bn in the plant.", "Rmb5bn", 5_000_000_000, "CNY"),
    ("BYD will invest Rmb 5bn in the plant.", "Rmb 5bn", 5_000_000_000, "CNY"),
    ("The Basel unit was sold for SFr2.4bn.", "SFr2.4bn", 2_400_000_000, "CHF"),
    ("Scania took a SKr3bn charge.", "SKr3bn", 3_000_000_000, "SEK"),
    ("The Aarhus plant cost DKr750m.", "DKr750m", 750_000_000, "DKK"),
    ("Equinor set aside NKr2bn.", "NKr2bn", 2_000_000_000, "NOK"),
    ("Toyota earned Y900bn in the year.", "Y900bn", 900_000_000_000, "JPY"),
])
def test_press_style_currency_abbreviations(run, text, extent, amount, currency):
    fact = only(run(text))
    assert (fact.text, fact.value["amount"], fact.value["currency"]) == (extent, amount, currency)


def test_one_letter_abbreviation_must_touch_its_digits(run):
    assert run("Generation Y 500 workers joined.") == []


@pytest.mark.parametrize("text, amount, currency", [
    ("The fee was eur 40.", 40, "EUR"),
    ("The fee was 40 gbp.", 40, "GBP"),
    ("The fee was Jpy 900.", 900, "JPY"),
    ("The contract is worth 12 MCHF.", 12_000_000, "CHF"),
    ("The contract is worth 3 MEUR.", 3_000_000, "EUR"),
    ("A coffee costs 3 € there.", 3, "EUR"),
    ("The toll is c $ 16 for cars.", 16, "CAD"),
    ("The toll is hk $ 30 for cars.", 30, "HKD"),
    ("The ticket costs ₴200.", 200, "UAH"),
    ("The ticket costs ₸500.", 500, "KZT"),
])
def test_codes_in_any_case_symbols_and_tokenised_forms(run, text, amount, currency):
    fact = only(run(text))
    assert (fact.value["amount"], fact.value["currency"]) == (amount, currency)


def test_a_lone_a_before_a_spaced_dollar_is_the_article(run):
    fact = only(run("They charged a $ 5 fee."))
    assert fact.value["currency"] == "USD"


def test_shared_symbol_without_the_articles_country_has_no_currency(run):
    fact = only(run("The stall charged ₨50 a plate."))
    assert (fact.value["amount"], fact.value["currency"]) == (50, None)


@pytest.mark.parametrize("text, extent, amount", [
    ("Free cash flow was minus £120m.", "minus £120m", -120_000_000),
    ("Free cash flow came in at -£2.5bn.", "-£2.5bn", -2_500_000_000),
    ("Free cash flow came in at \u2212£2.5bn.", "\u2212£2.5bn", -2_500_000_000),
    ("Working capital was negative $80 million.", "negative $80 million", -80_000_000),
    ("The unit's result was £(14)m.", "£(14)m", -14_000_000),
])
def test_written_signs_make_negative_amounts(run, text, extent, amount):
    fact = only(run(text))
    assert (fact.text, fact.value["amount"]) == (extent, amount)


@pytest.mark.parametrize("text", [
    "The company lost £120m.",
    "Profit fell by £2.5bn to £1bn.",
])
def test_losses_and_falls_stay_positive(run, text):
    assert all(f.value["amount"] > 0 for f in run(text))


def test_dash_range_is_not_a_sign(run):
    fact = only(run("The bill will be £3m-£4m."))
    assert (fact.value["min"], fact.value["max"]) == (3_000_000, 4_000_000)


@pytest.mark.parametrize("text, amount, currency", [
    ("The bid was half a billion euros.", 500_000_000, "EUR"),
    ("The bid was three quarters of a million pounds.", 750_000, "GBP"),
    ("The meter costs 20 dollars 75.", 20.75, "USD"),
    ("The meter costs nine pounds fifty.", 9.5, "GBP"),
    ("The stamp is a 25-cent stamp.", 0.25, "USD"),
    ("He found a ten-yen coin.", 10, "JPY"),
    ("It won a 300 mln franc contract.", 300_000_000, "CHF"),
])
def test_amount_forms(run, text, amount, currency):
    fact = only(run(text))
    assert (fact.value["amount"], fact.value["currency"]) == (amount, currency)


def test_between_a_dollar_amount_and_a_bare_number_is_a_range(run):
    fact = only(run("Tickets cost between $10 and 20."))
    assert (fact.value["min"], fact.value["max"]) == (10, 20)


def test_a_ten_pound_bag_is_a_weight(run):
    assert run("She carried a 10-pound bag of flour.") == []


@pytest.mark.parametrize("text, currency", [
    ("It paid 300 pesetas.", "ESP"),
    ("It paid 300 escudos.", "PTE"),
    ("It paid 300 schillings.", "ATS"),
    ("It paid 300 drachmas.", "GRD"),
    ("It paid 300 markkaa.", "FIM"),
    ("It paid 300 Irish punts.", "IEP"),
])
def test_historic_european_currencies(run, text, currency):
    assert only(run(text, "1995-06-01")).value["currency"] == currency


@pytest.mark.parametrize("body, bare", [
    ("WINNIPEG, May 4 - The grain firm earned 12 mln dlrs, against 9 mln Canadian dlrs.", "CAD"),
    ("WINNIPEG, May 4 - The grain firm earned 12 mln dlrs, or 9 mln U.S. dlrs, after 8 mln Canadian dlrs.", "USD"),
    ("WINNIPEG, May 4 - The grain firm earned 12 mln dlrs.", "USD"),
    ("CHICAGO, May 4 - The grain firm earned 12 mln dlrs, against 9 mln Canadian dlrs.", "USD"),
])
def test_bare_dollars_in_an_article_datelined_in_another_dollar_country(run, body, bare):
    facts = run("Grain results\n    " + body + "\n", "1987-05-04")
    assert facts[0].text == "12 mln dlrs" and facts[0].value["currency"] == bare


@pytest.mark.parametrize("text, extent, amount, currency", [
    ("The fund raised 15 EUR million.", "15 EUR million", 15_000_000, "EUR"),
    ("The fund raised 2.5 usd bn.", "2.5 usd bn", 2_500_000_000, "USD"),
])
def test_code_between_the_number_and_its_scale(run, text, extent, amount, currency):
    fact = only(run(text))
    assert (fact.text, fact.value["amount"], fact.value["currency"]) == (extent, amount, currency)
