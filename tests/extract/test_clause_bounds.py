"""Where a statement's content starts and ends inside a longer sentence (issue #16, span
boundaries): sentences written for these tests."""

from datetime import date

import pytest

from ledger.extract import extract


def _one(text: str):
    out = extract(text)
    assert len(out) == 1, [s.quote for s in out]
    return out[0]


def test_quote_in_a_later_clause_with_its_own_pronoun_subject():
    text = (
        "Ms Lena Varga chaired the meeting. The council sat for three hours, even if she "
        "branded the proposal “a costly mistake” for the town."
    )
    s = _one(text)
    assert s.quote == "the proposal “a costly mistake” for the town"
    assert s.kind == "mixed"
    assert s.cue == "branded"
    assert s.speaker_mention == "she"
    assert s.speaker is not None and s.speaker.name == "Lena Varga"


def test_quote_after_a_second_verb_joined_by_and():
    text = "Volunteers cleaned the beach on Sunday and then demanded “cleaner water” from the port."
    s = _one(text)
    assert s.quote == "“cleaner water” from the port"
    assert s.speaker is not None and s.speaker.name == "Volunteers"


def test_a_single_clause_keeps_the_object_of_its_verb():
    s = _one("Kim Tanaka denounced the budget as “reckless” in a statement.")
    assert s.quote.startswith("the budget as “reckless”")
    assert s.speaker is not None and s.speaker.name == "Kim Tanaka"


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # a relative clause or an appositive that runs to the sentence end is the writer's
        (
            "The harbour master said the pier would reopen in May, which surprised the crews.",
            "the pier would reopen in May",
        ),
        (
            "Ana Ruiz said she had written to Tom Berg, who chairs the port board.",
            "she had written to Tom Berg",
        ),
        (
            "The minister said the levy would stay, a blow to the hauliers who fought it.",
            "the levy would stay",
        ),
        # one closed by a comma is inside what was said
        (
            "Ana Ruiz said the levy, which was set in 2019, would stay.",
            "the levy, which was set in 2019, would stay",
        ),
        (
            "Ana Ruiz said the levy would stay, which she called fair, and that the port would grow.",
            "the levy would stay, which she called fair, and that the port would grow",
        ),
        # a second reported clause after ", but that" or a correlative ", but rather"
        (
            "Ms Ines Kowal said the depot was safe, but that the fence needed repairs.",
            "the depot was safe, but that the fence needed repairs",
        ),
        (
            "Ms Ines Kowal said the board would not close the depot, but rather sell it.",
            "the board would not close the depot, but rather sell it",
        ),
        # ", but" + the speaker's own next act still ends what was said
        (
            "Ms Ines Kowal said the depot would reopen on Monday, but gave no date for the pool.",
            "the depot would reopen on Monday",
        ),
    ],
)
def test_where_reported_content_ends(text, quote):
    assert _one(text).quote == quote


def test_the_preposition_of_a_phrasal_verb_is_not_content():
    s = _one("The drivers' union called for a “fair deal” for night crews.")
    assert s.quote == "a “fair deal” for night crews"
    s = _one("Ms Imani Okoro warned of “grave risks” to the river.")
    assert s.quote == "“grave risks” to the river"


def test_a_venue_after_a_verb_frame_is_attribution():
    s = extract(
        "Councillor Abel Mora branded the ruling “absurd” in a tweet on Sunday.", date(2024, 3, 6)
    )
    assert [x.quote for x in s] == ["the ruling “absurd”"]
    assert s[0].venue == "tweet"
    assert s[0].stated_on == date(2024, 3, 3)


def test_in_a_tweet_or_a_post_ends_indirect_content():
    s = extract("Abel Mora said the ruling was absurd in a post on Sunday.", date(2024, 3, 6))
    assert [x.quote for x in s] == ["the ruling was absurd"]
    assert s[0].stated_on == date(2024, 3, 3)


def test_an_adverbial_before_a_colon_is_no_speaker():
    s = _one(
        "Asked about the fence, Mayor Tove Lund replied, with a smile: “We will build it twice.”"
    )
    assert s.quote == "We will build it twice."
    assert s.speaker is not None and s.speaker.name == "Tove Lund"


def test_at_the_time_between_speaker_and_cue_is_a_date_phrase():
    s = _one("Councillor Abel Mora at the time said the bridge was safe.")
    assert s.quote == "the bridge was safe"
    assert s.speaker is not None and s.speaker.name == "Abel Mora"


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # an attribution set between commas into one reported clause: the clause is whole
        (
            "This campaign, Ms Ines Kowal says, is different.",
            "This campaign, Ms Ines Kowal says, is different",
        ),
        (
            "In her county, Ms Ines Kowal said, the clinics are full.",
            "In her county, Ms Ines Kowal said, the clinics are full",
        ),
    ],
)
def test_a_parenthetical_attribution_keeps_the_clause_whole(text, quote):
    s = _one(text)
    assert s.quote == quote
    assert s.speaker is not None and s.speaker.name == "Ines Kowal"


def test_a_parenthetical_attribution_keeps_its_date():
    s = extract("This campaign, Ms Ines Kowal said on Monday, is different.", date(2024, 3, 6))
    assert [x.stated_on for x in s] == [date(2024, 3, 4)]


def test_a_quote_split_by_its_attribution_stays_two_statements():
    out = extract("“We are ready,” Ms Ines Kowal said, “and we will open on time.”")
    assert [s.quote for s in out] == ["We are ready", "and we will open on time."]


@pytest.mark.parametrize(
    "text",
    [
        "Ms Ines Kowal told diners at a busy cafe in Millbrook, Oregon, on Monday that the depot would reopen.",
        "Ms Ines Kowal told the crowd at the pier that the depot would reopen.",
    ],
)
def test_place_and_time_after_the_addressee_are_attribution(text):
    assert _one(text).quote == "the depot would reopen"


def test_a_relative_that_inside_the_content_is_not_skipped_to():
    s = _one("Ms Ines Kowal told reporters the plan that the council backed would fail.")
    assert s.quote == "the plan that the council backed would fail"
