import pytest

from jlr_extract.extract import quotes
from jlr_extract.extract.quotes import find_quote_spans
from jlr_extract.extract.speaker_lexicon import cue_data


def spans_text(text):
    return [text[s.start : s.end] for s in find_quote_spans(text)]


# --- pairing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "we will build more boats" today.', ['"we will build more boats"']),
        ("He said “we will build more boats” today.", ["“we will build more boats”"]),
        ("He said ‘we will build more boats’ today.", ["‘we will build more boats’"]),
        ("He said 'we will build more boats' today.", ["'we will build more boats'"]),
        # a curly opener closed by a straight mark
        ("He said “we will build more boats\" today.", ["“we will build more boats\""]),
        # nested quotes: only the outer one is a quotation
        ("\"I read the sign: 'keep out of here' and left,\" she said.",
         ["\"I read the sign: 'keep out of here' and left,\""]),
        ("“He told me “go home now” and I did,” she said.", ["“He told me “go home now” and I did,”"]),
    ],
)
def test_pairs_marks(text, expected):
    assert spans_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mrs Evans' dog barked at the postman all morning.",
        "The band was big in the '90s and early 2000s.",
        "They played rock 'n' roll in the old hall.",
        "We don't know what they're doing and it isn't clear.",
        "The Evans’ garden won the county prize in ’98.",
    ],
)
def test_apostrophes_are_not_marks(text):
    assert find_quote_spans(text) == []


def test_apostrophes_inside_a_quote_do_not_break_it():
    text = "\"We don't think the Evans' plan from the '90s works,\" he said."
    assert spans_text(text) == ["\"We don't think the Evans' plan from the '90s works,\""]


def test_multi_paragraph_quote_is_one_span():
    text = ("The mayor said: “We will rebuild the bridge this year.\n\n"
            "“Then we will rebuild the station, and the school after it.”\n\nOther news.")
    spans = find_quote_spans(text)
    assert len(spans) == 1
    span = spans[0]
    assert text[span.start] == "“" and text[span.end - 1] == "”"
    assert span.content(text) == ("We will rebuild the bridge this year. "
                                  "Then we will rebuild the station, and the school after it.")


@pytest.mark.parametrize(
    "text",
    [
        'He said "this has no end at all.\n\nNext paragraph here.',
        '" " " "\n\n"',
        "'\"'“‘”’",
        "",
        '"',
        'Ends with a mark "',
    ],
)
def test_unbalanced_marks_never_crash(text):
    for span in find_quote_spans(text):
        assert 0 <= span.start < span.end <= len(text)


def test_unclosed_quote_keeps_the_rest_of_the_article():
    text = 'He said "we are closing the plant.\n\nShe said "we will fight it," loudly.'
    spans = spans_text(text)
    assert '"we will fight it,"' in spans


# --- cue data -------------------------------------------------------------------------------


def test_cue_data_lists_the_inflected_forms():
    data = cue_data()
    for form in ("said", "says", "saying", "told", "wrote", "written", "insisted", "warns"):
        assert form in data["verb_forms"]
    assert "according to" in data["phrases"]


# --- extraction and attribution -------------------------------------------------------------


def quote_facts(run_extractor, text):
    return run_extractor(quotes, text)


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ('Anna Berg said: "The harvest will be late this year because of the rain."', "Anna Berg", "said"),
        ('"The harvest will be late this year," said Anna Berg.', "Anna Berg", "said"),
        ('"The harvest will be late this year," Anna Berg told reporters.', "Anna Berg", "told"),
        ('According to Anna Berg, "the harvest will be late this year."', "Anna Berg", "According to"),
        ('"The harvest will be late this year," the farmer warned on Monday.', "the farmer", "warned"),
    ],
)
def test_speaker_and_cue(run_extractor, text, speaker, cue):
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"] == speaker
    assert fact.value["cue"] == cue
    assert fact.text.startswith(('"', "“")) and fact.text.endswith(('"', "”"))


def test_fact_offsets_and_content(run_extractor):
    text = 'Tom Hale said: "We sold every boat we built, and we will build more."'
    [fact] = quote_facts(run_extractor, text)
    assert text[fact.start : fact.end] == fact.text == '"We sold every boat we built, and we will build more."'
    assert fact.value["content"] == "We sold every boat we built, and we will build more."
    assert fact.value["partial"] is False


def test_split_quote_gives_two_facts_with_one_speaker(run_extractor):
    text = '"We sold every boat we built," Tom Hale said. "Next year we will build twice as many."'
    facts = quote_facts(run_extractor, text)
    assert [f.value["speaker"] for f in facts] == ["Tom Hale", "Tom Hale"]
    assert len(facts) == 2


def test_split_quote_in_one_sentence(run_extractor):
    text = '"We sold every boat we built," Tom Hale said, "and next year we will build twice as many."'
    facts = quote_facts(run_extractor, text)
    assert len(facts) == 2
    assert {f.value["speaker"] for f in facts} == {"Tom Hale"}


def test_partial_quote_inside_writers_sentence(run_extractor):
    text = ("Tom Hale said the yard was running at full speed. "
            "He said while there is “a long way to go”, the work is “well ahead of plan”.")
    facts = quote_facts(run_extractor, text)
    assert [f.value["content"] for f in facts] == ["a long way to go", "well ahead of plan"]
    assert [f.value["partial"] for f in facts] == [True, True]
    assert {f.value["speaker"] for f in facts} == {"Tom Hale"}


def test_pronoun_and_surname_resolve_to_full_name(run_extractor):
    text = ("Maria Lopez runs the bakery on the corner. "
            '"We open at six every morning," she said. '
            'Lopez added: "Bread sells out before noon most days."')
    facts = quote_facts(run_extractor, text)
    assert [f.value["speaker"] for f in facts] == ["Maria Lopez", "Maria Lopez"]


def test_title_is_dropped_and_name_resolved(run_extractor):
    text = ('Peter Hammond opened the new depot. "It will employ two hundred people," Mr Hammond said.')
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"] == "Peter Hammond"


def test_they_resolves_to_the_spokesperson(run_extractor):
    text = ('A Northwind Shipping spokesperson said: "The ferry will sail again on Friday."\n\n'
            '"Passengers will be told by text message," they added.')
    facts = quote_facts(run_extractor, text)
    assert [f.value["speaker"] for f in facts] == ["A Northwind Shipping spokesperson"] * 2
    assert facts[1].value["cue"] == "added"


def test_quote_without_cue_inherits_previous_speaker(run_extractor):
    text = ('"The ferry will sail again on Friday," said Karen Olsen.\n\n'
            '"Passengers will be told by text message as soon as we know more."')
    facts = quote_facts(run_extractor, text)
    assert [f.value["speaker"] for f in facts] == ["Karen Olsen", "Karen Olsen"]
    assert facts[1].value["cue"] is None


def test_the_company_resolves_to_the_organisation(run_extractor):
    text = ("Microsoft cut prices on Monday. "
            'The company said "demand for its cloud services remains very strong".')
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"] == "Microsoft"
    assert fact.value["partial"] is True


@pytest.mark.parametrize(
    "text",
    [
        "She starred in “Gone with the Wind” before the war.",  # title
        "The so-called “experts” were wrong again.",  # single-word scare quote
        "The firm sells “smart” fridges and “connected homes” across Europe.",  # short terms
        "They played “Yesterday” at the wedding.",
    ],
)
def test_not_quotations(run_extractor, text):
    assert quote_facts(run_extractor, text) == []


def test_multi_paragraph_quote_is_one_fact(run_extractor):
    text = ("The mayor, Ruth Adler, said: “We will rebuild the bridge this year.\n\n"
            "“Then we will rebuild the station, and the school after it.”")
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"] == "Ruth Adler"
    assert fact.value["content"].endswith("the school after it.")
    assert fact.text.endswith("”")


@pytest.mark.parametrize(
    "text",
    [
        'The minister said the closure was "very regrettable" and left.',
        'She called the plan "a disgrace" on Tuesday.',
        'The firm built a "state of the art" plant near the river.',
    ],
)
def test_short_terms_and_unattributed_idioms_are_not_quotes(run_extractor, text):
    assert run_extractor(quotes, text) == []


# --- paragraphs, transcripts ----------------------------------------------------------------


def test_web_copy_line_breaks_end_paragraphs():
    # lines longer than a wire column: each line is a paragraph, so an unclosed quote stops
    # at the line end and the next line's quote is its own
    line = "The council met for three hours on Tuesday to discuss the new budget and the roads. "
    text = line * 2 + "\n“We are out of money and out of time.” ― Ann Cole\n“We will manage somehow.” ― Bo Lund"
    parts = spans_text(text)
    assert parts == ["“We are out of money and out of time.”", "“We will manage somehow.”"]


def test_wire_copy_line_breaks_are_wrapping():
    text = 'He said "the bridge will\nreopen next spring" today.'
    assert spans_text(text) == ['"the bridge will\nreopen next spring"']


def test_dash_signature_on_web_copy_lines(run_extractor):
    filler = "Readers sent us their thoughts on the new park and the plans for the old station. "
    text = filler * 2 + "\n“The park is the best thing to happen to this town.” ― Ann Cole\n“I will miss the old station more than anything.” ― Bo Lund\n"
    facts = quote_facts(run_extractor, text)
    assert [f.value["speaker"] for f in facts] == ["Ann Cole", "Bo Lund"]


def test_transcript_turns_split_and_take_the_label_as_speaker(run_extractor):
    text = ('Tom Reed interviewed Sara Voss on Sunday. Partial transcript:\n\n'
            '"REED: Will you run for the seat again next year?\n\n'
            '"VOSS: I will not. We have done what we came to do.\n\n'
            '"And I am proud of every day of it."')
    facts = quote_facts(run_extractor, text)
    assert len(facts) == 2
    assert facts[0].value["content"].startswith("REED:")
    assert facts[1].value["content"].endswith("every day of it.")
    assert [f.value["speaker"] for f in facts] == ["Tom Reed", "Sara Voss"]
    assert [f.value["cue"] for f in facts] == [":", ":"]


# --- choosing the cue -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        # the quotation hangs from "saying", not from the nearer "complains"
        ("Jane Cole mocked the idea, saying anybody who complains about the heat “is not working hard enough.”",
         "Jane Cole"),
        # a cue nested in reported speech: the reporter's words are quoted
        ("Paul Grant said in the letter that the poster “plainly and falsely” suggests the town backs him.",
         "Paul Grant"),
        # a participle describing a person: that person speaks
        ("The advert shows footage of Linda Marsh asking, “Why is nobody fixing the roads in this county?”",
         "Linda Marsh"),
        # a short sentence of its own after the quotation
        ("“Why does nobody answer the phone at the town hall?” Jane Cole demanded. The office was shut.",
         "Jane Cole"),
    ],
)
def test_cue_that_governs_the_quotation(run_extractor, text, speaker):
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"] == speaker


# --- resolving speakers ---------------------------------------------------------------------


def test_she_skips_a_man_quoted_just_before(run_extractor):
    text = ('Mary Evans chairs the parish board.\n\n"The vote was very close," said Peter Grant.\n\n'
            '"We will try again next year," she said.')
    facts = quote_facts(run_extractor, text)
    assert [f.value["speaker"] for f in facts] == ["Peter Grant", "Mary Evans"]


def test_titles_give_gender_to_surnames(run_extractor):
    text = ('Mrs Hollis met Mr Dunmore at the depot.\n\n"The trucks are late again," said Mr Dunmore.\n\n'
            '"Then we will rent more of them," she said.')
    facts = quote_facts(run_extractor, text)
    assert facts[1].value["speaker"] == "Hollis"


def test_pronoun_prefers_the_subject_of_its_own_sentence(run_extractor):
    text = ('"It is over for the shop," said Mary Evans.\n\n'
            'Jane Cole, the manager, said the shop would close, but she said that '
            '"the staff will all be paid in full".')
    facts = quote_facts(run_extractor, text)
    assert facts[1].value["speaker"] == "Jane Cole"


def test_described_organisation_resolves_to_its_name(run_extractor):
    text = ('The Office of Fair Trading Standards (OFTS) fined Brandle Ltd on Monday.\n\n'
            '"The firm failed its customers again and again," states Britain\'s consumer regulator.')
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"].endswith("Office of Fair Trading Standards")


def test_possessive_role_takes_the_articles_usual_form(run_extractor):
    text = ('"We are looking into it," said a Brandle spokesperson.\n\n'
            '"Customers will be refunded in full," explained Brandle\'s spokesperson.')
    facts = quote_facts(run_extractor, text)
    assert [f.value["speaker"] for f in facts] == ["a Brandle spokesperson"] * 2


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a clause ending in a colon introduces the quotation
        ("Last spring Jane Cole made the following remark:\n\n“Nobody in this town has ever asked us what we need.”",
         "Jane Cole"),
        # the sentence before, in the same paragraph, reports the same person
        ("The vote may be delayed until spring, Paul Grant said. “Nobody wants to rush a decision of this size.”",
         "Paul Grant"),
        # the passive: the quoted title is the subject, the agent wrote it
        ("“Stay calm and keep every door shut” was written by Jo Fox on the board.", "Jo Fox"),
        # a long apposition between the quotation and its cue
        ("“We will appeal the ruling next week,” Jo Fox, a lawyer for the three families, said on Friday.",
         "Jo Fox"),
    ],
)
def test_speaker_without_a_plain_subject(run_extractor, text, speaker):
    facts = quote_facts(run_extractor, text)
    assert facts and facts[-1].value["speaker"] == speaker


def test_programme_title_next_to_a_cue_is_not_a_quote(run_extractor):
    # the sentence's comma sits inside the marks of the title, American style
    text = "“We have no plans to resign,” Jo Fox said on “Good Morning Britain,” on Sunday."
    facts = quote_facts(run_extractor, text)
    assert [f.value["content"] for f in facts] == ["We have no plans to resign,"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a noun of saying: its possessor speaks
        ("Critics mocked Jane Cole's claim that the town had “the cleanest streets in the country”.", "Jane Cole"),
        # the object of a perception verb speaks, through "footage of"
        ("The advert uses footage of Linda Marsh asking, “Who will pay for all of this in the end?”",
         "Linda Marsh"),
        # a naming verb
        ("Norway branded the plan “a danger to every fishing town on the coast”.", "Norway"),
    ],
)
def test_other_reporting_cues(run_extractor, text, speaker):
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"] == speaker


def test_they_after_an_unnamed_individual_is_singular_they(run_extractor):
    text = (
        'Acme Corp paused output this month. An Acme spokesperson said: "We are working hard to '
        'restart all lines."\n\n"We expect to have more news for customers next week," they added.'
    )
    facts = run_extractor(quotes, text)
    assert [f.value["speaker"] for f in facts] == ["An Acme spokesperson", "An Acme spokesperson"]


def test_they_after_an_organisation_stays_the_organisation(run_extractor):
    text = (
        'Acme Corp said: "We are working hard to restart all lines."\n\n'
        '"We expect to have more news for customers next week," they added.'
    )
    facts = run_extractor(quotes, text)
    assert facts[-1].value["speaker"] == "Acme Corp"


def test_flattened_paragraph_reopening_mark_is_not_content(run_extractor):
    text = (
        'The minister said: "We worked very hard on this plan for months. '
        '"I have no doubt the staff will find new jobs quickly."'
    )
    (fact,) = run_extractor(quotes, text)
    assert fact.value["content"] == (
        "We worked very hard on this plan for months. I have no doubt the staff will find new jobs quickly."
    )


def test_role_before_a_name_is_not_part_of_the_speaker(run_extractor):
    text = '"We are closing the mill for good next month," Spokesman Peter Grady said on Monday.'
    (fact,) = run_extractor(quotes, text)
    assert fact.value["speaker"] == "Peter Grady"


def test_short_organisation_name_gets_its_fullest_mention(run_extractor):
    text = (
        "Brixton Foods Holdings Ltd. said its plants were hit by an outage.\n\n"
        '"We are restoring our systems one by one," Brixton said.'
    )
    facts = run_extractor(quotes, text)
    assert facts[-1].value["speaker"] == "Brixton Foods Holdings Ltd."


# --- generalisation: typewriter marks, partial flag, names, pronouns, datelines ---------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("``We will open two more depots,'' Ann Ruiz said.", ["``We will open two more depots,''"]),
        ("''We will open two more depots,'' Ann Ruiz said.", ["''We will open two more depots,''"]),
        # a single `...' inside a typewriter quotation, closed together with it
        ("``Call it a `fresh start,''' she said.", ["``Call it a `fresh start,'''"]),
    ],
)
def test_typewriter_marks_pair_as_double_quotes(text, expected):
    assert spans_text(text) == expected


def test_typewriter_content_leaves_out_the_marks(run_extractor):
    [fact] = quote_facts(run_extractor, "``We will open two more depots,'' Ann Ruiz said.")
    assert fact.value["content"] == "We will open two more depots,"
    assert fact.value["speaker"] == "Ann Ruiz"


def test_typewriter_multi_paragraph_quote_ends_at_its_closing_mark():
    text = ("Ann Ruiz said: ``We will open two depots this year.\n\n"
            "``Then we will hire more drivers.''\n\nOther news.")
    [span] = find_quote_spans(text)
    assert text[span.start : span.end].endswith("drivers.''")


@pytest.mark.parametrize(
    "text",
    [
        "''We are ready for the storm,'' Tom Berg said. ''This is our home.''",
        "Tom Berg spoke to the crowd. ``We are ready for the storm and we will stay.''",
    ],
)
def test_quotation_after_a_full_stop_is_not_partial(run_extractor, text):
    facts = quote_facts(run_extractor, text)
    assert facts and not facts[-1].value["partial"]


def test_lower_case_pronoun_is_not_a_title(run_extractor):
    [fact] = quote_facts(run_extractor, "``Send him back,'' said Rita Lowe, a nurse.")
    assert fact.value["speaker"] == "Rita Lowe"


def test_long_unattributed_fragment_is_a_quotation(run_extractor):
    text = ("A motion, approved by the town board, \"calls on every resident to save water "
            "during the long summer months.\"")
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["partial"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a first name is kept, not replaced by a longer name with the same surname
        ("Paul Ortiz Mendez runs the shop. \"We sell bread every single day,\" said Carla Mendez.",
         "Carla Mendez"),
        # a bare surname takes the latest full name introduced as a subject
        ("Paul Mendez owns the shop. Later, Carla Mendez opened a bakery. "
         "\"We sell bread every single day,\" Mendez said.", "Carla Mendez"),
    ],
)
def test_full_names(run_extractor, text, speaker):
    facts = quote_facts(run_extractor, text)
    assert facts[-1].value["speaker"] == speaker


@pytest.mark.parametrize(
    "text, speaker",
    [
        # a person introduced as a subject, by apposition, after the last quotation
        ("\"We will win the vote,\" Tom Hale said.\n\n"
         "The head of the local police union, David Brown, said the talks had stalled.\n\n"
         "\"We will not accept this offer,\" he said.", "David Brown"),
        # an unnamed official quoted just before
        ("\"The bridge is closed for now,\" said a city official in Leeds. "
         "\"It will open again next week,\" he said.", "a city official in Leeds"),
        # a question ends the parsed sentence; the next one opens with the name and its cue
        ("Her brother was angry.\n\n\"Who gave them the right to close our school?\" "
         "Pedro Alvarez Ruiz said during a meeting in the town hall on Monday evening.",
         "Pedro Alvarez Ruiz"),
        # the parser ends the sentence at an abbreviated title
        ("\"We can confirm that a man was detained near the harbour today\" in the morning, "
         "fire service spokesman Capt. Lena Moss said.", "Lena Moss"),
        # a count of people speaks; the place they march through does not
        ("In the capital, thousands of nurses marched past the Plaza Mayor chanting "
         "\"We want fair pay now!\"", "thousands of nurses"),
    ],
)
def test_speaker_of_the_last_quote(run_extractor, text, speaker):
    facts = quote_facts(run_extractor, text)
    assert facts[-1].value["speaker"] == speaker


def test_dateline_is_not_an_organisation(run_extractor):
    text = ("\n\nLAGOS (Wire) --\n\nThe pipes burst on Monday.\n\n"
            "\"We will repair the pipes before the rains come,\" the company said.")
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["speaker"] == "the company"  # as written: the dateline names no organisation


def test_per_names_a_source_not_a_unit(run_extractor):
    text = "Voting is barred \"to fill a seat on the board of the club,\" per the club's rules."
    [fact] = quote_facts(run_extractor, text)
    assert fact.value["cue"] == "per"
    assert "rules" in fact.value["speaker"]


def test_surname_gender_does_not_carry_across_a_family(run_extractor):
    text = ("Mr. Ruiz runs the farm with his son Tomas Ruiz. Two cousins came to the town hall. "
            "One of them, Yamile Ruiz, told a news conference that the water had run out.\n\n"
            "\"We have not had a drop of rain since the spring,\" she said.")
    facts = quote_facts(run_extractor, text)
    assert facts[-1].value["speaker"] == "Yamile Ruiz"


def test_of_two_parsed_subjects_the_nearest_speaks(nlp):
    from spacy.tokens import Doc

    from jlr_extract.extract.cue_search import subject_of

    words = ["Note", "\n\n", "We", "won", ",", "Rosa", "said"]
    heads = [6, 0, 3, 6, 6, 6, 6]
    deps = ["nsubj", "dep", "nsubj", "ccomp", "punct", "nsubj", "ROOT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert subject_of(doc[6]).text == "Rosa"
