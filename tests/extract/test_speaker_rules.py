"""Speaker choice rules added for PolNeAR speaker accuracy, on sentences written for these tests."""

from __future__ import annotations

from .conftest import find


def _speaker(st):
    return st.speaker.name if st.speaker else None


def test_attribution_after_a_quote_that_ends_with_a_full_stop(run):
    out = run(
        "The vote was close. “We will win the county.” Jane Okafor said. "
        "“Is the plan ready?” Tom Brennan asked of the council on Monday."
    )
    assert _speaker(find(out, "win the county")) == "Jane Okafor"
    assert _speaker(find(out, "plan ready")) == "Tom Brennan"


def test_a_quote_after_an_earlier_statement_still_ends_its_sentence(run):
    out = run("Jane Okafor said the port “will reopen in May.” He added that the fees would fall.")
    assert find(out, "will reopen").quote == "the port “will reopen in May.”"
    fees = find(out, "fees would fall")
    assert fees.quote == "the fees would fall" and fees.speaker_mention == "He"


def test_possessive_and_adjective_make_a_cue_a_noun(run):
    out = run("The union shrugged off the mayor’s comments, telling reporters the strike goes on.")
    st = find(out, "strike goes on")
    assert _speaker(st) == "union"
    assert not any(s.cue == "comments" for s in out)
    out = run("Okafor delivered a sharp retort: “Nobody is leaving this table.”")
    assert _speaker(find(out, "Nobody is leaving")) == "Okafor"


def test_participle_subject_over_appositive_party_tag_and_date(run):
    cases = {
        "Pia Lindqvist, the port director, issued a notice Thursday, saying the quay is unsafe.": "Pia Lindqvist",
        "Sen. Omar Haddad (D-Ore.) on Saturday criticized the accord, saying it goes nowhere.": "Omar Haddad",
        "Independent mayoral candidate Nadia Silva rejected the budget, saying it cuts too much.": "Nadia Silva",
    }
    for text, name in cases.items():
        assert _speaker(run(text)[0]) == name, text


def test_participle_subject_is_a_common_noun_phrase_not_a_date_or_object(run):
    out = run("The two agencies declined to give details, saying they cannot discuss the case.")
    assert find(out, "cannot discuss").speaker_mention == "The two agencies"
    out = run("On Monday, the water board published a report, saying the dam is safe.")
    assert find(out, "dam is safe").speaker_mention == "the water board"


def test_appositives_asides_and_party_tags_before_the_cue(run):
    cases = {
        "The bank, however, says that rates will stay flat.": "bank",
        "Maria Keller, Republican of Ohio, said the bill is dead.": "Maria Keller",
        "Sen. Laura Novak (D-Mo.), who has backed the plan, said the vote is close.": "Laura Novak",
        "Okafor himself said on Tuesday that the count is over.": "Okafor",
    }
    for text, name in cases.items():
        assert _speaker(run(text)[0]) == name, text


def test_told_is_never_inverted(run):
    out = run("“Act now,” Representative Jane Roe, Republican of Ohio, told the mayor.")
    assert _speaker(find(out, "Act now")) == "Jane Roe"


def test_inverted_speaker_with_lower_case_modifiers(run):
    out = run(
        "“I do not know where he stands,” said undecided voter Pia Sato of Derry, before the rally."
    )
    st = find(out, "where he stands")
    assert _speaker(st) == "Pia Sato" and st.speaker.role and "voter" in st.speaker.role


def test_year_after_the_cue_is_not_content_and_not_a_quote(run):
    st = run("Rep. Hank Okoro said in ‘08 that voters were a ‘surprise’ to him.")[0]
    assert _speaker(st) == "Hank Okoro" and st.quote.startswith("voters were")
    st = run("Okoro said in 2012 the party was weak.")[0]
    assert st.quote == "the party was weak"


def test_participle_after_an_object_takes_the_subject(run):
    st = run("The town released a statement Wednesday saying the remarks were wrong.")[0]
    assert st.speaker_mention == "The town" and st.quote == "the remarks were wrong"


def test_lone_quote_goes_to_the_subject_of_the_sentence_before(run):
    out = run(
        "Pavel Moreau said the talks would resume.\n\n"
        "Elena Sato praised the mayor for his work on the port.\n\n"
        "“We need someone who is going to cut through the noise and fix it.”"
    )
    assert _speaker(find(out, "cut through")) == "Elena Sato"


def test_long_appositives_with_commas_of_their_own(run):
    cases = {
        "Sandy Okafor, who lost her son in Aurora, Colorado, in 2012, said the senator was rude.": "Sandy Okafor",
        "Greg Silva, chief executive of Jet Services, a charter broker for firms and families, "
        "said the jet was unusual.": "Greg Silva",
    }
    for text, name in cases.items():
        assert _speaker(run(text)[0]) == name, text


def test_pronoun_inside_reported_content_is_the_reporting_speaker(run):
    out = run(
        "Ana Ruiz spoke first. Tomas Keller has hailed the vote as “historic,” telling reporters "
        "on Friday that he thinks the exit is “a great thing.”"
    )
    inner = [s for s in out if s.cue == "thinks"]
    assert inner and inner[0].speaker_mention == "he" and _speaker(inner[0]) == "Tomas Keller"
    telling = [s for s in out if s.cue == "telling"]
    assert telling and _speaker(telling[0]) == "Tomas Keller"
    hailed = find(out, "historic")
    assert hailed.quote == "the vote as “historic,”"
    out = run("Young voters say they believe success will take effort.")
    assert _speaker(find(out, "success will")) == "Young voters"


def test_hearsay_adverbs_and_idioms_are_no_frames(run):
    st = run("Judge Ana Silva said a conspiracy Okoro allegedly plotted was enough.")
    assert [s.speaker.name for s in st if s.speaker] == ["Ana Silva"]
    out = run("Sen. Pia Moreau said that once the Senate goes on recess, “I intend to help.”")
    assert [_speaker(s) for s in out] == ["Pia Moreau"]
    out = run("Okafor spoke with a passion that almost suggested the question was out of line.")
    assert not any(s.speaker_mention == "that almost" for s in out)


def test_as_clauses_report_what_follows(run):
    st = run(
        "As the Harbour Gazette noted in an editorial Thursday, the mayor “has earned a few fans.”"
    )
    assert st and _speaker(st[0]) == "Harbour Gazette" and st[0].quote.startswith("the mayor")
    st = run("As Ruth Okafor puts it, the council is trying to make an offer.")
    assert st and _speaker(st[0]) == "Ruth Okafor" and st[0].cue == "puts it"


def test_weak_cue_with_quoted_words_is_a_statement(run):
    out = run(
        "Nadia Keller called the flood “a disaster,” but she also noted the “quick, brave work” of the crews."
    )
    st = find(out, "brave work")
    assert st.cue == "noted" and _speaker(st) == "Nadia Keller"


def test_possessive_before_an_adjective_cue(run):
    out = run(
        "Omar Sato, who is a farmer, also decried the minister’s repeated calls to close the "
        "market, noting he has “lost nothing” himself."
    )
    assert _speaker(find(out, "lost nothing")) == "Omar Sato"


def test_role_then_name_appositive_and_dates_after_the_cue(run):
    out = run(
        "“Is the mayor going to resign?” the party’s presidential nominee, Donald Okafor, tweeted Sunday."
    )
    st = find(out, "resign")
    assert st.quote == "Is the mayor going to resign?" and _speaker(st) == "Donald Okafor"
    out = run("“We do not need more troops,” Ben Rhodes, the deputy adviser, said Sunday.")
    assert _speaker(find(out, "troops")) == "Ben Rhodes"


def test_statement_participle_label_with_party_tag_and_long_role(run):
    st = run("His office put out a statement saying the city “cannot vet every family.”")[0]
    assert st.speaker_mention == "His office"
    st = run("Rep. Trey Silva (R-S.C.): “I have not heard anyone cite that figure.”")[0]
    assert _speaker(st) == "Trey Silva"
    st = run("“The facts have not changed,” a spokesman for committee Democrats said.")[0]
    assert "Democrats" in st.speaker_mention and st.quote == "The facts have not changed"


def test_quote_joined_to_the_attribution_before_it(run):
    out = run(
        "Donations are checked against the limits, Ana Strother said, but “we do not ask about income.”"
    )
    assert _speaker(find(out, "ask about income")) == "Ana Strother"


def test_two_quoted_sentences_in_a_row_are_two_sentences(run):
    out = run(
        "His office said the city “cannot vet every family.” “We do not need more troops,” Ben Rhodes said."
    )
    assert find(out, "cannot vet").speaker_mention == "His office"
    assert _speaker(find(out, "more troops")) == "Ben Rhodes"


def test_naming_cue_content_ends_with_the_name_given(run):
    out = run(
        "Okafor called the count “rigged” in a post Tuesday, and two lawmakers asked for a review."
    )
    assert find(out, "rigged").quote == "the count “rigged”"


def test_asides_adverbs_and_quote_commas_around_the_cue(run):
    st = run("Carter however said he would welcome the plan.")[0]
    assert _speaker(st) == "Carter" and st.quote == "he would welcome the plan"
    st = run(
        "Silva fired back forcefully: “If they sue us, they will lose,” referencing the voters."
    )[0]
    assert st.quote == "If they sue us, they will lose" and st.kind == "direct"
    st = run("Sanders had previously said, “We will see,” when asked whether he would help.")[0]
    assert st.quote == "We will see"


def test_attribution_with_a_party_tag_after_a_quote_that_ends_a_sentence(run):
    out = run("The hall was full. “Perpetual motion!” Rep. Glenn Okafor, R-Pa., said of the crowd.")
    assert _speaker(find(out, "Perpetual")) == "Glenn Okafor"


def test_time_phrases_venues_and_relative_clauses_before_the_cue(run):
    out = run("A few minutes later they reversed course and said they will count again.")
    assert find(out, "count again").speaker_mention == "they"
    st = run("Jeb Okafor in a blog post said he would pick more judges.")[0]
    assert _speaker(st) == "Jeb Okafor" and st.venue == "blog post"
    st = run(
        "Current and former officials who spoke with the Harbour Gazette said the office is a shell."
    )[0]
    assert st.speaker_mention == "Current and former officials"


def test_colon_labels_and_paragraph_final_colons(run):
    st = run("Former secretary of state Ana Silva Okafor: “We learned that from the department.”")[
        0
    ]
    assert _speaker(st) == "Ana Silva Okafor" and st.speaker.role == "Former secretary of state"
    out = run("Jared Potts, 17, echoed:\n\n“He speaks his mind, and that is what the town needs.”")
    assert _speaker(out[0]) == "Jared Potts"
    out = run('We collected some posts:\n\n<tweet author="someone" id="123">a post</tweet>')
    assert all(s.speaker is None for s in out)


def test_named_things_and_passives_with_by(run):
    out = run("They slammed the tax loophole called an “inversion,” in which a firm moves abroad.")
    assert not any(s.cue == "called" for s in out)
    st = run(
        "Okafor was asked by the moderator Gerard Silva whether the plan would cost too much."
    )[0]
    assert _speaker(st) == "Gerard Silva" and st.quote == "whether the plan would cost too much"


def test_texts_that_read(run):
    st = run("The letter read: “We will not sign this agreement.”")[0]
    assert st.speaker_mention == "The letter" and st.cue == "read"
    assert run("Okafor read the report aloud to the council.") == []
    out = run("The email read: “We won.” He sent it at once.")
    assert all(s.speaker_mention != "He" or s.speaker is None for s in out)


def test_dash_appositives_and_leading_words_before_an_adverbial(run):
    st = run("Jason Silva — a teacher from Derry — says he chose at the last minute.")[0]
    assert _speaker(st) == "Jason Silva" and st.quote == "he chose at the last minute"
    st = run(
        "Here in Lagos, Okafor stepped up his attacks on the port plan, saying, “We must do better.”"
    )[0]
    assert _speaker(st) == "Okafor"
    st = run("The mayor's biographers, David and Jeanne Keller, wrote that he “had a tin ear.”")[0]
    assert "Keller" in st.speaker_mention and st.quote == "he “had a tin ear.”"


def test_any_past_tense_after_a_quote_attributes_it(run):
    out = run(
        "The host leaned in. “Would it be negotiable?” Hannity pressed. "
        "“France will always be France,” an angry Okafor retorted."
    )
    assert _speaker(find(out, "negotiable")) == "Hannity"
    assert "Okafor" in _speaker(find(out, "always be France"))
