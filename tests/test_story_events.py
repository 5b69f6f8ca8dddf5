"""The `event` of a date and the `subject` of an amount (facts v1.1), from the parse."""

import pytest

from jlr_extract.extract import dates, events, money


def _date_event(run_extractor, text, date_text, pub="2024-06-10"):
    facts = run_extractor(dates, text, pub)
    fact = next(f for f in facts if date_text in f.text)
    return fact.value["event"]


@pytest.mark.parametrize("text, date_text, key", [
    ("The hackers struck Brightwell Foods on 2 March, its chief executive said.", "2 March", "attack"),
    ("The cyberattack on the retailer began on 12 May.", "12 May", "attack"),
    ("In the wake of the breach on May 3, the bank shut its app.", "May 3", "attack"),
    ("The attackers hit the council's servers on Sunday.", "Sunday", "attack"),
    ("The brewery will restart production on 1 July.", "1 July", "restart"),
    ("Workers expect the mill to reopen next week.", "next week", "restart"),
    ("The airline resumed flights on Friday.", "Friday", "restart"),
    ("The plant halted production on 4 June.", "4 June", "halt"),
    ("Output was suspended on Tuesday after the fire.", "Tuesday", "halt"),
    ("The firm has extended the shutdown until at least 20 June.", "20 June", "restart"),
    ("The company said on Monday that sales were steady.", "Monday", "statement"),
])
def test_date_event_keys_by_word_family(run_extractor, text, date_text, key):
    assert events.event_key(_date_event(run_extractor, text, date_text)) == key


def test_reporting_verb_gives_statement(run_extractor):
    assert _date_event(run_extractor, "Ms Patel told reporters on Thursday the deal was off.", "Thursday") == "statement"


def test_anaphoric_pronoun_follows_its_antecedent(run_extractor):
    text = "The ransomware attack crippled the hospital. It happened on 9 April, officials believe."
    assert events.event_key(_date_event(run_extractor, text, "9 April")) == "attack"


def test_first_output_after_a_gap_is_restart_and_the_gap_is_halt(run_extractor):
    text = "The carmaker is set to build its first vehicles in more than three weeks on Thursday."
    assert events.event_key(_date_event(run_extractor, text, "Thursday")) == "restart"
    assert events.event_key(_date_event(run_extractor, text, "three weeks")) == "halt"


def test_bare_date_has_no_event(run_extractor):
    facts = run_extractor(dates, "3 June 2024", "2024-06-10")
    assert facts and facts[0].value["event"] is None


@pytest.mark.parametrize("phrase, key", [
    ("hack", "attack"), ("resume production", "restart"), ("production pause", "halt"),
    ("shut down", "halt"), ("vote", "vote"), (None, None),
])
def test_event_key(phrase, key):
    assert events.event_key(phrase) == key


def _subject(run_extractor, text):
    facts = run_extractor(money, text)
    assert facts, text
    return facts[0].value["subject"]


@pytest.mark.parametrize("text, subject", [
    ("The state will back a £2 billion loan guarantee for the firm.", "loan guarantee"),
    ("The strike is costing the port up to $3 million a day.", "cost"),
    ("The regulator imposed a fine of €40 million on the bank.", "fine"),
    ("Quarterly revenue was $5.2 billion, the company said.", "revenue"),
    ("The group plans a £300 million investment in the site.", "investment"),
    ("The outage could hit annual profit by about £80 million.", "profit"),
    ("Analysts say the strike will hit the bottom line by £40 million.", "bottom line"),
])
def test_money_subject(run_extractor, text, subject):
    assert _subject(run_extractor, text) == subject


def test_money_without_a_measured_noun_has_no_subject(run_extractor):
    assert _subject(run_extractor, "It was £5 million.") is None


@pytest.mark.parametrize("word, pos, lemma", [
    ("paused", "VERB", "pause"), ("stopped", "VERB", "stop"), ("hit", "VERB", "hit"),
    ("struck", "VERB", "strike"), ("factories", "NOUN", "factory"), ("attackers", "NOUN", "attacker"),
])
def test_lemma(nlp, word, pos, lemma):
    doc = nlp(word)
    doc[0].pos_ = pos
    assert events.lemma(doc[0]) == lemma


def test_another_firms_incident_names_its_target(run_extractor):
    text = ("Brightwell Foods said its factories were still shut. Brightwell Foods expects to reopen "
            "them soon. The cyber attack on Marks and Spencer in April cost that retailer dearly.")
    event = _date_event(run_extractor, text, "April")
    assert events.event_key(event) == "attack" and event.endswith("on marks and spencer")


@pytest.mark.parametrize("text", ["£5 million", "Up to $3 billion.", "Revenue: €20m"])
def test_subject_terminates_when_the_amount_is_the_root(run_extractor, text):
    facts = run_extractor(money, text)
    assert facts and all(f.value["subject"] is None or isinstance(f.value["subject"], str) for f in facts)
