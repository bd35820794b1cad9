"""Each attribution construction, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from ledger.extract import extract, stance_of

from .conftest import find


def test_said_that(run):
    st = find(run("Mayor Ana Ruiz said that the bridge will reopen in May."), "bridge")
    assert st.kind == "indirect"
    assert st.quote == "the bridge will reopen in May"
    assert st.speaker.name == "Ana Ruiz" and st.speaker.role == "Mayor"
    assert st.cue == "said" and st.cue_stance == "neutral"


def test_sentence_final_attribution(run):
    st = find(run("The harbour will close for two weeks, the port authority said."), "harbour")
    assert st.quote == "The harbour will close for two weeks"
    assert st.speaker.kind == "organisation"


def test_according_to_both_orders(run):
    a = find(run("According to the health ministry, cases fell by a third."), "cases")
    assert a.quote == "cases fell by a third" and a.cue == "according to"
    b = find(run("Cases fell by a third, according to the health ministry."), "Cases")
    assert b.quote == "Cases fell by a third"
    assert a.speaker.name == b.speaker.name == "health ministry"


def test_told_outlet_skips_the_addressee(run):
    st = find(run("Senator Paul Okoro told Reuters the vote would be close."), "vote")
    assert st.quote == "the vote would be close"
    assert st.venue == "Reuters"


def test_reporting_verbs_and_stances(run):
    cases = {
        "The union warned that strikes would follow.": ("warned", "assertive"),
        "The firm claimed the test was a success.": ("claimed", "distancing"),
        "The coach insisted that nothing had changed.": ("insisted", "assertive"),
        "The ministry denied that any data was lost.": ("denied", "assertive"),
        "The bank admitted that fees had risen.": ("admitted", "factive"),
    }
    for text, (cue, stance) in cases.items():
        out = run(text)
        assert len(out) == 1, text
        assert out[0].cue == cue and out[0].cue_stance == stance, text


def test_accused_keeps_object_and_of_clause(run):
    st = find(run("The council accused the developer of ignoring the rules."), "developer")
    assert st.quote == "the developer of ignoring the rules"
    assert st.cue == "accused"


def test_participle_takes_the_clause_subject(run):
    text = "Local farmers repeated their complaints about the canal, saying it would flood fields."
    out = run(text)
    assert len(out) == 1, "'repeated their complaints' is an action, not a statement"
    assert out[0].quote == "it would flood fields"
    assert out[0].speaker.name == "Local farmers" and out[0].speaker.kind == "group"


def test_coordinated_cue_keeps_subject(run):
    text = "The agency has blamed the weather and reiterated that flights will resume."
    st = find(run(text), "flights will resume")
    assert st.speaker.name == "agency" and st.cue == "reiterated"


def test_colon_introduced_quote(run):
    text = "Judge Mara Lind spoke to the jury, saying: “The evidence is clear.”"
    st = find(run(text), "evidence")
    assert st.kind == "direct" and st.quote == "The evidence is clear."
    assert st.speaker.name == "Mara Lind"


def test_quote_split_by_attribution(run):
    text = "“We are not finished,” wrote the editor, “and we will publish more.”"
    out = run(text)
    assert [s.quote for s in out] == ["We are not finished", "and we will publish more."]
    assert all(s.kind == "direct" and s.speaker.name == "editor" for s in out)


def test_partial_quote_is_mixed_and_pronoun_resolves(run):
    text = (
        "Finance Minister Lena Varga spoke on Monday.\n\n"
        "Raising taxes now “would be a grave mistake,” she said."
    )
    st = find(run(text), "grave mistake")
    assert st.kind == "mixed"
    assert st.quote == "Raising taxes now “would be a grave mistake,”"
    assert st.speaker.name == "Lena Varga" and st.speaker_mention == "she"


def test_inverted_said_name(run):
    st = find(run("“Prices will fall,” said Tom Becker, a trader."), "Prices")
    assert st.speaker.name == "Tom Becker" and st.kind == "direct"


def test_action_only_is_not_a_statement(run):
    assert run("The president visited the flooded towns on Tuesday.") == []


def test_unattributed_hedged_claim(run):
    st = find(run("The king is believed to be planning a tour of the south."), "king")
    assert st.kind == "unattributed" and st.speaker is None
    assert st.hedging != "none"


def test_stance_of():
    assert stance_of("said") == "neutral"
    assert stance_of("has also said") == "neutral"
    assert stance_of("claims") == "distancing"
    assert stance_of("acknowledged") == "factive"
    assert stance_of("is believed to") == "distancing"
    assert stance_of("fears") == "belief"
    assert stance_of("walked") is None


def test_hedge_scope_is_the_content(run):
    text = "The mayor said the park may open soon, and the council said the road is finished."
    out = run(text)
    park = find(out, "park")
    road = find(out, "road")
    assert park.hedging == "medium"
    assert road.hedging == "none", "the 'may' of another statement must not leak"
    assert park.hedge_cues[0].text == "may"
    cue = park.hedge_cues[0]
    assert text[cue.start : cue.end] == "may"


def test_published_date_and_venue(run):
    text = (
        "Health Secretary Iris Moll said on Friday in an interview with the BBC that "
        "waiting lists were shrinking."
    )
    st = find(run(text, date(2024, 3, 10)), "waiting lists")
    assert st.stated_on == date(2024, 3, 8)
    assert st.venue == "interview with BBC"


def test_extract_is_deterministic():
    text = "Ann Lee said the dam is safe. “It will hold,” she said."
    assert extract(text) == extract(text)


def test_appositive_and_venue_at_sentence_end(run):
    out = run("“We will appeal,” Ines Vidal, the club’s lawyer, said in a statement.")
    assert len(out) == 1
    st = out[0]
    assert st.kind == "direct" and st.quote == "We will appeal"
    assert st.speaker.name == "Ines Vidal" and st.venue == "statement"


def test_relative_clause_inside_an_appositive(run):
    text = "Ortiz, who says the port is too small, wrote that the plan “cannot work.”"
    out = run(text)
    assert [s.speaker.name for s in out] == ["Ortiz", "Ortiz"]
    assert out[0].quote == "the port is too small"
    assert out[1].quote == "the plan “cannot work.”"


def test_party_tag_appositive(run):
    st = find(run("Sen. Ada Quinn, D-Ore., told CNN that the bill is dead."), "bill")
    assert st.speaker.name == "Ada Quinn" and st.quote == "the bill is dead"


def test_content_stops_at_asides_and_adjuncts(run):
    a = find(run("The coach said the team is ready — a bold claim after five defeats."), "ready")
    assert a.quote == "the team is ready"
    b = find(run("The mayor called the vote “a turning point”, praising the volunteers."), "vote")
    assert b.quote == "the vote “a turning point”"
    c = find(run("Ms Lee insisted the data were sound while admitting errors."), "data")
    assert c.quote == "the data were sound"


def test_one_bare_word_after_the_cue_is_no_statement():
    """“…,” Burns said again / told reporters / said so: the word after the cue is an
    adverb or the audience, not what was said; a quoted word and a yes/no answer are."""
    from ledger.extract import extract

    for tail in ("said again", "said so", "told reporters", "said sarcastically", "said then"):
        text = f"“We will never raise the tax on bread,” Burns {tail}.\n"
        quotes = [s.quote for s in extract(text)]
        assert quotes == ["We will never raise the tax on bread"], (tail, quotes)
    answered = extract("Asked whether he would run again, Burns said no.\n")
    assert [s.quote for s in answered] == ["no"]
    named = extract("Burns called it “shameful”.\n")
    assert any("shameful" in s.quote for s in named)
