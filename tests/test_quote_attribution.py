"""Quote attribution on news the rules were not written for (issue 12): attribution frames,
documents as sources, bylines and colon introductions, apostrophes in single quotes,
descriptive speakers, and markup read through the matching text view."""

import pytest

from jlr_extract.extract import quotes
from jlr_extract.extract.quotes import find_quote_spans
from jlr_extract.textview import make_view


def quote_facts(run_extractor, text):
    return run_extractor(quotes, text)


def only_quote(run_extractor, text):
    [fact] = quote_facts(run_extractor, text)
    return fact.value


# --- the attribution frame decides the cue, whatever the verb ---------------------------------


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        # inverted: "...," VERB SPEAKER
        ('"The river has never been this low," sighed Greta Holm.', "Greta Holm", "sighed"),
        ('"Nobody asked us about the new road," grumbled a farmer near Tilburg.', "a farmer near Tilburg", "grumbled"),
        ('"Those figures cannot be right," bristled the finance minister.', "the finance minister", "bristled"),
        ('"We will be back next spring," quipped ferry captain Ola Dahl.', "Ola Dahl", "quipped"),
        ('"Do not count on a rate cut," cautioned economist Ines Moura.', "Ines Moura", "cautioned"),
        ('"The market is far too thin for that," scoffed one grain trader.', "one grain trader", "scoffed"),
        # plain order: "...," SPEAKER VERB
        ('"The river has never been this low," Greta Holm sighed.', "Greta Holm", "sighed"),
        ('"The queue went round the block twice," a bakery owner marvelled.', "a bakery owner", "marvelled"),
        ('"Give it another week or two," the coach shrugged after the match.', "the coach", "shrugged"),
        # before the quotation: SPEAKER VERB: "..."
        ('Greta Holm fumed: "The river has never been this low in my life."', "Greta Holm", "fumed"),
        ('The harbour master snapped angrily: "No boat leaves before the storm has passed."', "The harbour master", "snapped"),
    ],
)
def test_frame_verb_is_the_cue(run_extractor, text, speaker, cue):
    value = only_quote(run_extractor, text)
    assert (value["speaker"], value["cue"]) == (speaker, cue)
    assert value["partial"] is False


def test_frame_speaker_stops_at_the_frame(run_extractor):
    # the parser hangs "grumbled" on "the talks"; the speaker is the noun phrase before the verb
    value = only_quote(run_extractor, '"The deal could still collapse," a person close to the talks grumbled on Friday.')
    assert value["speaker"] == "a person close to the talks"
    assert value["cue"] == "grumbled"


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('"The station will reopen in May," said the mayor of Hull, Ruth Adler.', "Ruth Adler"),
        ('"The station will reopen in May," beamed Ruth Adler, the mayor of Hull.', "Ruth Adler"),
        ('"The station will reopen in May," enthused council leader Ruth Adler.', "Ruth Adler"),
    ],
)
def test_frame_names_the_person_not_the_role(run_extractor, text, speaker):
    assert only_quote(run_extractor, text)["speaker"] == speaker


def test_a_verb_in_the_frame_of_a_title_is_not_a_cue(run_extractor):
    # no frame: the quotation is not set off by a comma, question or exclamation mark
    facts = quote_facts(run_extractor, 'She read "The Long Dark Winter Nights" twice and then slept.')
    assert facts == []


# --- documents as sources ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ('The appeal court ruled against the port authority on Monday. "The permit was granted '
         'without a proper survey," the ruling states.', "The appeal court", "states"),
        ('The watchdog fined Harbour Freight Ltd last week. The notice reads: "The firm kept no '
         'record of its safety checks for two years."', "The watchdog", "reads"),
        ('"Our members will strike if the plan goes ahead," the letter from the union warned.', "the union", "warned"),
        ('Vale Mining plc published its annual report on Tuesday. According to the accounts, '
         '"trading conditions remained hard for the whole year."', "Vale Mining plc", "According to"),
        ("\"Costs rose faster than sales in every quarter,\" Vale Mining plc's report warned.", "Vale Mining plc", "warned"),
    ],
)
def test_document_speaks_for_its_issuer(run_extractor, text, speaker, cue):
    value = only_quote(run_extractor, text)
    assert (value["speaker"], value["cue"]) == (speaker, cue)


def test_document_without_a_named_issuer_stays_the_document(run_extractor):
    text = 'Jo Fox spoke at the rally on Sunday. "The plan is a disaster for every one of us," the clip says.'
    value = only_quote(run_extractor, text)
    assert value["speaker"] == "the clip"  # speaking at a rally is not issuing the clip
    assert value["cue"] == "says"


# --- attribution on its own line, bylines --------------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ("From the head of the rowing club, Ivo Stam:\n\n“The boathouse has to be rebuilt before winter.”",
         "Ivo Stam", None),
        ("In a short statement, Harbour Freight said:\n\n“All sailings are suspended until further notice.”",
         "Harbour Freight", "said"),
        ("Ivo Stam, who chairs the rowing club, wrote:\n\n“The boathouse has to be rebuilt before winter.”",
         "Ivo Stam", "wrote"),
    ],
)
def test_attribution_closing_the_paragraph_before(run_extractor, text, speaker, cue):
    value = only_quote(run_extractor, text)
    assert (value["speaker"], value["cue"]) == (speaker, cue)


@pytest.mark.parametrize(
    "byline",
    ["- Head coach Lena Park", "— Lena Park", "– Lena Park, head coach", "-Lena Park"],
)
def test_dash_byline_names_the_speaker_without_a_cue(run_extractor, byline):
    text = f"“Every one of them played the game of their lives tonight.” {byline}"
    value = only_quote(run_extractor, text)
    assert value["speaker"] == "Lena Park"
    assert value["cue"] is None


def test_next_quotation_under_the_same_attribution_shares_its_cue(run_extractor):
    text = '"We sold every ticket," said Ola Dahl. "The next tour starts in June."'
    facts = quote_facts(run_extractor, text)
    assert [(f.value["speaker"], f.value["cue"]) for f in facts] == [("Ola Dahl", "said"), ("Ola Dahl", "said")]


def test_introducing_sentence_gives_its_verb_as_cue(run_extractor):
    text = 'The tour sold out within an hour, Ola Dahl said on Monday. "The next tour starts in June."'
    value = only_quote(run_extractor, text)
    assert (value["speaker"], value["cue"]) == ("Ola Dahl", "said")


def test_phrase_cue_with_its_verb_gives_the_verb(run_extractor):
    value = only_quote(run_extractor, 'Harbour Freight said in a statement: "All sailings are suspended until Friday."')
    assert (value["speaker"], value["cue"]) == ("Harbour Freight", "said")


# --- apostrophes inside single-quoted quotations ---------------------------------------------------


@pytest.mark.parametrize(
    "text, content",
    [
        ("‘The farmers’ patience has run out,’ said Greta Holm.", "The farmers’ patience has run out,"),
        ("Greta Holm said: ‘The farmers’ patience has run out.’", "The farmers’ patience has run out."),
        ("'The drivers' union will not sign,' said Greta Holm.", "The drivers' union will not sign,"),
        ("‘Both the nurses’ and the doctors’ rotas are wrong,’ said Greta Holm.",
         "Both the nurses’ and the doctors’ rotas are wrong,"),
    ],
)
def test_plural_possessive_does_not_close_a_single_quote(run_extractor, text, content):
    value = only_quote(run_extractor, text)
    assert value["content"] == content
    assert value["speaker"] == "Greta Holm"


def test_a_closing_single_mark_after_s_still_closes_before_a_new_quote():
    text = "She called it ‘a gift for the bosses’ and ‘a blow to the workers’ on Monday."
    spans = [text[s.start : s.end] for s in find_quote_spans(text)]
    assert spans == ["‘a gift for the bosses’", "‘a blow to the workers’"]


# --- unnamed and descriptive speakers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        ('Talks with Harbour Freight went on all night. "Nobody expects a deal before Friday," '
         'said a person familiar with the talks.', "a person familiar with the talks"),
        ('Harbour Freight cut its forecast. "The whole sector is in trouble," an industry insider said.',
         "an industry insider"),
        ('Harbour Freight closed the depot. "We lost half our trade overnight," one cafe owner said.',
         "one cafe owner"),
    ],
)
def test_descriptive_speaker_as_written(run_extractor, text, speaker):
    assert only_quote(run_extractor, text)["speaker"] == speaker


# --- markup in web copies, read through the matching view ---------------------------------------


def view_facts(run_extractor, source):
    """Quote facts extracted from the matching view of `source` (markup blanked, same length)."""
    view = make_view(source)
    assert len(view.text) == len(source)
    return run_extractor(quotes, view.text)


@pytest.mark.parametrize(
    "source, speaker, content",
    [
        ('"We found **no sign** that any data was taken," said [Ivo Stam](https://example.org/stam), '
         "a spokesperson for the club.", "Ivo Stam", "We found no sign that any data was taken,"),
        ('[Harbour Freight](https://example.org/hf) said: "All sailings are back '
         '[on schedule](https://example.org/times)."', "Harbour Freight", "All sailings are back on schedule."),
        ('> "The boathouse has to be rebuilt before _winter_," said Ivo Stam.', "Ivo Stam",
         "The boathouse has to be rebuilt before winter,"),
        ("## Club news\n\n**Ivo Stam**, the club chairman, said: \"The boathouse has to be rebuilt.\"",
         "Ivo Stam", "The boathouse has to be rebuilt."),
    ],
)
def test_markup_reaches_neither_speaker_nor_content(run_extractor, source, speaker, content):
    [fact] = view_facts(run_extractor, source)
    assert fact.value["speaker"] == speaker
    assert fact.value["content"] == content
    assert not any(c in fact.value["content"] for c in "[]()*_#>")


def test_heading_is_not_part_of_the_speaker(run_extractor):
    source = '### Update\n\n[Harbour Freight](https://example.org/hf) said: "All sailings are back to normal."'
    [fact] = view_facts(run_extractor, source)
    assert fact.value["speaker"] == "Harbour Freight"


def test_quote_offsets_are_offsets_into_the_source(run_extractor):
    source = '* [Ivo Stam](https://example.org/stam) said: "The boathouse has to be rebuilt before winter."'
    [fact] = view_facts(run_extractor, source)
    assert source[fact.start : fact.end] == '"The boathouse has to be rebuilt before winter."'


@pytest.mark.parametrize(
    "content, expected",
    [
        ("back on schedule  .", "back on schedule."),
        ("rose ( see chart ) and fell  , sharply", "rose (see chart) and fell, sharply"),
        ("3.5 per cent, as planned", "3.5 per cent, as planned"),
    ],
)
def test_blank_runs_collapse_in_content(content, expected):
    text = f'"{content}"'
    [span] = find_quote_spans(text)
    assert span.content(text) == expected


# --- speakers named after the quotation, "told" and "says", organisations in full ---------------


@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ('Harbour Freight cut its forecast. "Not one depot will close this year." Its chief '
         "executive, Ivo Stam, told investors the cuts were over.", "Ivo Stam", "told"),
        ('"Not one depot will close this year." So says Ivo Stam, who runs Harbour Freight.', "Ivo Stam", "says"),
        ('"Not one depot will close this year," Ivo Stam told the Evening Post.', "Ivo Stam", "told"),
        ('"Not one depot will close this year," says Ivo Stam.', "Ivo Stam", "says"),
    ],
)
def test_speaker_named_after_the_quotation(run_extractor, text, speaker, cue):
    value = only_quote(run_extractor, text)
    assert (value["speaker"], value["cue"]) == (speaker, cue)


def test_quotation_followed_by_someone_elses_report_is_not_theirs(run_extractor):
    # the next sentence reports about the speaker, it does not attribute the quotation
    text = '"Not one depot will close this year." The claim was denied by the union on Friday.'
    assert only_quote(run_extractor, text)["cue"] is None


def test_organisation_speaker_in_full(run_extractor):
    text = ('Northwind Holdings plc, which trades as Northwind, builds ferries. '
            '"We expect a far better year," Northwind said.')
    assert only_quote(run_extractor, text)["speaker"] == "Northwind Holdings plc"


# --- found auditing markdown security-news copies ------------------------------------------------


def test_the_company_is_not_a_document_named_after_it(run_extractor):
    source = ("Microsoft warned on Friday that its mail servers are under attack.\n\n"
              '"Patch as soon as you can," [the company said](https://example.org/a) on Monday.\n\n'
              "Admins should read the [Microsoft Security Advisory](https://example.org/b).")
    [fact] = view_facts(run_extractor, source)
    assert fact.value["speaker"] == "Microsoft"


@pytest.mark.parametrize(
    "text",
    [
        'Mira Kovac found the flaw in May. "Nobody had patched it by June," the researcher said.',
        '"The flaw is easy to abuse," Mira Kovac told the Gazette. "Patch it," the researcher added.',
    ],
)
def test_the_role_refers_to_the_person_just_named(run_extractor, text):
    facts = quote_facts(run_extractor, text)
    assert facts[-1].value["speaker"] == "Mira Kovac"


def test_a_role_with_no_one_named_stays_as_written(run_extractor):
    value = only_quote(run_extractor, 'The flaw was found in May. "Nobody had patched it by June," the researcher said.')
    assert value["speaker"] == "the researcher"


def test_a_name_before_a_document_issued_it(run_extractor):
    value = only_quote(run_extractor, '"The gang waits for months before it strikes," details the Corvid report.')
    assert (value["speaker"], value["cue"]) == ("Corvid", "details")


def test_a_product_name_is_not_the_organisations_full_name(run_extractor):
    text = ("Google built the Google Compute Engine scanner into its hypervisor.\n\n"
            '"Agents slow every machine they run on," explains Google in a blog post.')
    assert quote_facts(run_extractor, text)[-1].value["speaker"] == "Google"


def test_participle_inside_the_document_phrase(run_extractor):
    value = only_quote(run_extractor, '"Pay within three days or lose the files," reads the leaked Corvid playbook.')
    assert (value["speaker"], value["cue"]) == ("Corvid", "reads")


def test_link_anchor_with_brackets_inside_is_blanked(run_extractor):
    source = ('"They signed up with [mail[.]example](http://mail.example/) accounts," explained '
              "researcher Mira Kovac.")
    [fact] = view_facts(run_extractor, source)
    assert fact.value["content"] == "They signed up with mail[.]example accounts,"
    assert fact.value["speaker"] == "Mira Kovac"


def test_the_role_looks_past_the_sentences_of_the_quotation(run_extractor):
    text = ("Mira Kovac added that the attacks began in May.\n\n"
            '"Some attempts on the gateway. Also some password spraying. Remember to patch," '
            "the security researcher tweeted today.")
    assert only_quote(run_extractor, text)["speaker"] == "Mira Kovac"


@pytest.mark.parametrize("text", [
    "“We will,” he said. “Never,” she said, adding: “Not now.” Then, he left .",
    "No quotations here at all, just words, commas and a full stop.",
    "“All of it is quoted.”",
    "He said:\n\n“Yes.”  Then  he left,\n“and that was all.”\n",
    "",
])
def test_skip_arrays_match_their_definitions(nlp, text):
    from jlr_extract.extract.quote_context import DocView

    doc = nlp(text)
    spans = find_quote_spans(text)
    view = DocView(doc, spans, [(0, len(text))])
    next_free, next_unpunct, prev_content = view.skips()
    n = len(doc)
    free = [not view.in_quote[i] for i in range(n)]
    punct = [t.is_punct for t in doc]
    space = [t.is_space for t in doc]
    assert next_free == [next((j for j in range(i, n) if free[j]), n) for i in range(n + 1)]
    assert next_unpunct == [next((j for j in range(i, n) if free[j] and not punct[j]), n)
                            for i in range(n + 1)]
    assert prev_content == [-1] + [max((j for j in range(i + 1) if free[j] and not punct[j]
                                        and not space[j]), default=-1) for i in range(n)]
    if spans:
        assert not all(free)
    if "\n" in text:
        assert any(space)
