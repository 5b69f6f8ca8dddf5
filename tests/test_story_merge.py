"""Story merge and conflict rules (story-v1.md) on small hand-written v1 records."""

import pytest

from jlr_extract.story import build_story
from jlr_extract.story.conflicts import amounts_conflict, date_interval, dates_conflict
from jlr_extract.story.sources import quote_key, same_source

_offsets: dict[str, int] = {}


def _at(article: str, length: int = 5) -> tuple[int, int]:
    start = _offsets.get(article, 0)
    _offsets[article] = start + length + 10
    return start, start + length


def date(article, timex, event, mod=None, rng=None, kind="DATE", sentence=0):
    start, end = _at(article)
    if rng is None and kind == "DATE" and len(timex) == 10:
        rng = [timex, timex]
    return {"article": article, "type": "date", "text": timex, "start": start, "end": end,
            "sentence": sentence, "source": "rule:test",
            "value": {"timex": timex, "kind": kind, "mod": mod, "range": rng, "anchored": True,
                      "event": event}}


def money(article, amount, subject, currency="GBP", mod=None, per=None, low=None, high=None):
    start, end = _at(article)
    return {"article": article, "type": "money", "text": "£x", "start": start, "end": end,
            "sentence": 0, "source": "rule:test",
            "value": {"amount": amount, "min": low, "max": high, "currency": currency, "mod": mod,
                      "per": per, "subject": subject}}


def quote(article, content, speaker, sentence=0, start=None):
    if start is None:
        start, end = _at(article, len(content))
    else:
        end = start + len(content)
    return {"article": article, "type": "quote", "text": content, "start": start, "end": end,
            "sentence": sentence, "source": "rule:test",
            "value": {"content": content, "speaker": speaker, "cue": "said", "partial": False}}


def site(article, name, organisation):
    start, end = _at(article)
    return {"article": article, "type": "site", "text": name, "start": start, "end": end,
            "sentence": 0, "source": "rule:test",
            "value": {"name": name, "kind": "plant", "organisation": organisation, "region": None,
                      "country": "GB", "lat": 52.0, "lon": -1.0}}


def linked(document, kind):
    """The entries as sets of (article, start) pairs."""
    return [{(m["article"], m["start"]) for m in e["mentions"]} for e in document[kind]]


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b, conflict", [
    (("2024-05-03", None), ("2024-05-04", None), True),            # two days
    (("2024-05", None), ("2024-05-04", None), False),              # the month holds the day
    (("2024-05-03", "ON_OR_AFTER"), ("2024-05-20", None), False),  # "at the earliest"
    (("2024-05-03", "ON_OR_AFTER"), ("2024-04-28", None), True),
    (("2024-05-03", "BEFORE"), ("2024-05-03", None), True),        # "before 3 May" excludes it
    (("2024-05-03", "ON_OR_BEFORE"), ("2024-05-03", None), False),
    (("2024-05-03", "AFTER"), ("2024-05-04", None), False),
    (("2024-05", "START"), ("2024-05-28", None), False),           # START keeps the range
    (("2024-05-03", "APPROX"), ("2024-05-09", None), True),
])
def test_date_conflict_honours_mod(a, b, conflict):
    def value(timex, mod):
        if len(timex) == 7:
            rng = [timex + "-01", timex + "-31"]
        else:
            rng = [timex, timex]
        return {"timex": timex, "mod": mod, "range": rng}

    assert dates_conflict(value(*a), value(*b)) is conflict
    assert dates_conflict(value(*b), value(*a)) is conflict


@pytest.mark.parametrize("value", [
    {"timex": "P3D", "kind": "DURATION", "mod": None, "range": None},
    {"timex": "P1W", "kind": "SET", "mod": None, "range": None},
    {"timex": "PAST_REF", "kind": "DATE", "mod": None, "range": None},
    {"timex": "XXXX-05-03", "kind": "DATE", "mod": None, "range": ["2024-05-03", "2024-05-03"]},
])
def test_values_without_a_resolved_range_never_conflict(value):
    assert date_interval(value) is None
    assert not dates_conflict(value, {"timex": "1999-01-01", "mod": None, "range": ["1999-01-01", "1999-01-01"]})


def test_event_conflict_needs_two_articles():
    own = build_story([date("a", "2024-05-03", "fire"), date("a", "2024-05-04", "fire")])
    assert [e["status"] for e in own["events"]] == ["single"]
    assert len(own["events"][0]["values"]) == 2
    two = build_story([date("a", "2024-05-03", "fire"), date("b", "2024-05-04", "fire")])
    assert [e["status"] for e in two["events"]] == ["conflict"]
    agree = build_story([date("a", "2024-05-03", "fire"), date("b", "2024-05-03", "fire")])
    assert [e["status"] for e in agree["events"]] == ["agree"]
    assert agree["events"][0]["values"][0]["articles"] == ["a", "b"]


@pytest.mark.parametrize("first, second", [
    ("attack", "cyberattack"), ("hack", "attacker hit"), ("breach", "attack"),
    ("restart production", "resume production"), ("reopen", "restart"),
    ("halt production", "pause"), ("suspend production", "shut down"), ("production pause", "halt"),
])
def test_events_told_in_other_words_merge(first, second):
    document = build_story([date("a", "2024-05-03", first), date("b", "2024-05-09", second)])
    assert len(document["events"]) == 1
    assert document["events"][0]["status"] == "conflict"


@pytest.mark.parametrize("first, second", [
    ("attack", "restart production"), ("halt production", "restart"), ("fire", "vote"),
])
def test_different_events_never_merge_because_values_agree(first, second):
    document = build_story([date("a", "2024-05-03", first), date("b", "2024-05-03", second)])
    assert len(document["events"]) == 2
    assert {e["status"] for e in document["events"]} == {"single"}


def test_dates_tied_to_no_event_stay_apart():
    document = build_story([date("a", "2024-05-03", None), date("b", "2024-05-03", None)])
    assert len(document["events"]) == 2


def test_habitual_time_does_not_merge_with_a_dated_happening():
    document = build_story([date("a", "P1D", "build car", kind="SET", rng=None),
                            date("b", "2024-05-03", "build car")])
    assert len(document["events"]) == 2


def test_statements_merge_by_source_of_their_quotation():
    records = [
        date("a", "2024-05-06", "statement", sentence=3), quote("a", "We are on track", "Acme Motors", sentence=3),
        date("b", "2024-05-07", "statement", sentence=1),
        quote("b", "Output is steady again", "an Acme spokeswoman", sentence=1),
        date("c", "2024-05-06", "statement", sentence=0), quote("c", "Not our fault", "Jane Roe", sentence=0),
    ]
    document = build_story(records)
    statements = [e for e in document["events"] if e["event"] == "statement"]
    by_articles = sorted(sorted({m["article"] for m in e["mentions"]}) for e in statements)
    assert by_articles == [["a", "b"], ["c"]]
    assert next(e for e in statements if len(e["mentions"]) == 2)["status"] == "conflict"


def test_events_ordered_by_earliest_value_and_mentions_name_their_value():
    document = build_story([date("a", "2024-06-01", "vote"), date("a", "2024-05-01", "fire"),
                            date("b", "2024-05-02", "fire")])
    assert [e["event"] for e in document["events"]] == ["fire", "vote"]
    fire = document["events"][0]
    for mention in fire["mentions"]:
        value = fire["values"][mention["value"]]
        assert mention["article"] in value["articles"]


# --- amounts ------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b, conflict", [
    ({"amount": 100}, {"amount": 104}, False),                         # within 5%
    ({"amount": 100}, {"amount": 110}, True),
    ({"amount": 100, "mod": "MORE_THAN"}, {"amount": 100}, True),      # "more than £100m" vs £100m
    ({"amount": 100, "mod": "MORE_THAN"}, {"amount": 150}, False),
    ({"amount": 100, "mod": "EQUAL_OR_MORE"}, {"amount": 100}, False),
    ({"amount": 5, "mod": "APPROX"}, {"amount": 5.2}, False),
    ({"amount": 5, "mod": "APPROX"}, {"amount": 5.5}, True),
    ({"amount": 5, "mod": "EQUAL_OR_LESS"}, {"amount": 7}, True),
    ({"amount": 5, "mod": "LESS_THAN"}, {"amount": 4}, False),
    ({"amount": None, "min": 3, "max": 4}, {"amount": 3.5}, False),
    ({"amount": None, "min": 3, "max": 4}, {"amount": 6}, True),
])
def test_amount_conflict_honours_mod(a, b, conflict):
    assert amounts_conflict(a, b) is conflict
    assert amounts_conflict(b, a) is conflict


@pytest.mark.parametrize("first, second, merged", [
    ("loan guarantee", "loan", True),
    ("cost", "daily cost", True),
    ("revenue", "profit", False),
    ("loan", None, False),  # no subject: merged only when the figure repeats exactly
])
def test_amounts_merge_when_subjects_share_a_content_word(first, second, merged):
    document = build_story([money("a", 1_500_000_000, first), money("b", 2_000_000, second)])
    assert (len(document["amounts"]) == 1) is merged


def test_amounts_of_other_currency_or_rate_stay_apart():
    document = build_story([money("a", 5e6, "cost", per="day"), money("b", 5e6, "cost"),
                            money("c", 5e6, "cost", currency="USD", per="day")])
    assert len(document["amounts"]) == 3


def test_repeated_figure_without_subject_joins_its_twin():
    document = build_story([money("a", 1_500_000_000, "loan guarantee"), money("b", 1_500_000_000, None)])
    assert len(document["amounts"]) == 1
    assert document["amounts"][0]["status"] == "agree"
    assert document["amounts"][0]["subject"] == "loan guarantee"


def test_amount_status_conflict_across_articles_only():
    document = build_story([money("a", 5e6, "fine"), money("b", 9e6, "fine")])
    assert document["amounts"][0]["status"] == "conflict"
    same = build_story([money("a", 5e6, "fine"), money("a", 9e6, "fine")])
    assert same["amounts"][0]["status"] == "single"


# --- quotes -------------------------------------------------------------------------------


def test_quote_key_ignores_case_punctuation_and_spaces():
    assert quote_key("The work is firmly under way.") == quote_key("the work is firmly underway")
    assert quote_key("“Yes,” she said") != quote_key("No, she said")


@pytest.mark.parametrize("speaker_a, speaker_b, status", [
    ("Acme Motors", "an Acme Motors spokesman", "agree"),       # a company and its spokesperson
    ("Acme Motors (AM)", "AM", "agree"),
    ("Jaguar Land Rover", "JLR", "agree"),                      # initials
    ("Mr Smith", "John Smith", "agree"),
    ("John Smith", "Mary Jones", "conflict"),                   # two named people
    ("John Smith", "he", "agree"),                              # a pronoun cannot be told
])
def test_quote_status_by_source(speaker_a, speaker_b, status):
    words = "We will rebuild the plant before the winter comes"
    document = build_story([quote("a", words, speaker_a), quote("b", words.upper() + "!", speaker_b)])
    assert len(document["quotes"]) == 1
    assert document["quotes"][0]["status"] == status


def test_contained_quotations_merge_transitively():
    records = [quote("a", "much more to do", "Acme"),
               quote("a", "We know there is much more to do, and we will do it", "Acme"),
               quote("b", "We thank everyone. We know there is much more to do, and we will do it.", "Acme"),
               quote("b", "Something else entirely was said", "Acme")]
    assert sorted(map(len, linked(build_story(records), "quotes"))) == [1, 3]


def test_short_quotations_merge_only_when_equal():
    document = build_story([quote("a", "no way", "A"), quote("b", "there is no way out of this", "B")])
    assert len(document["quotes"]) == 2


def test_same_source():
    assert same_source("A Jaguar Land Rover (JLR) spokesperson", "a JLR spokesperson") is True
    assert same_source("David Bailey", "Ralf Speth") is False
    assert same_source("a spokesperson", "Ralf Speth") is None


# --- sites and the document ----------------------------------------------------------------


def test_sites_merge_by_organisation_and_place():
    document = build_story([site("a", "Halewood", "Jaguar Land Rover"), site("b", "Halewood", "JLR"),
                            site("b", "Halewood", "Ford"), site("a", "Solihull", "Jaguar Land Rover")])
    assert sorted(map(len, linked(document, "sites"))) == [1, 1, 2]


def test_every_fact_in_at_most_one_entry_and_ids_are_stable():
    records = [date("a", "2024-05-03", "fire"), date("b", "2024-05-03", "fire"), money("a", 5.0, "fine"),
               quote("a", "We will rebuild the plant", "Acme"), site("a", "Leeds", "Acme")]
    document = build_story(records)
    seen = [(m["article"], m["start"]) for kind in ("events", "amounts", "sites", "quotes")
            for e in document[kind] for m in e["mentions"]]
    assert len(seen) == len(set(seen)) == len(records)
    assert [e["id"] for e in document["events"]] == ["e1"]
    assert build_story(list(reversed(records))) == document  # input order within articles is irrelevant
    assert [a["article"] for a in document["articles"]] == ["a", "b"]


def test_one_articles_own_disagreement_is_no_conflict():
    records = [date("a", "2024-05-03", "fire"), date("a", "2024-05-04", "fire"),
               date("b", "2024-05", "fire", rng=["2024-05-01", "2024-05-31"])]
    event = build_story(records)["events"][0]
    assert len(event["values"]) == 3
    assert event["status"] == "agree"


def test_another_organisations_incident_stays_apart():
    document = build_story([date("a", "2024-05-03", "attack"), date("b", "2024-04-20", "attack on acme"),
                            date("c", "2024-04-21", "cyberattack on acme"), date("c", "2024-05-03", "hack")])
    assert sorted(map(len, linked(document, "events"))) == [2, 2]
