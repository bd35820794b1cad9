"""Speaker phrases and within-source resolution."""

from __future__ import annotations

from ledger.extract.segment import sentences
from ledger.extract.speakers import parse_mention

from .conftest import find


def mention(phrase: str):
    sents, _ = sentences(phrase)
    return parse_mention(phrase, next(iter(sents)).tokens)


def test_role_and_name_are_separated():
    m = mention("NASA administrator Joan Park")
    assert (m.name, m.role, m.kind, m.affiliation) == (
        "Joan Park",
        "NASA administrator",
        "person",
        "NASA",
    )
    m = mention("Kenyan President Ruth Mbeki")
    assert (m.name, m.role, m.affiliation) == ("Ruth Mbeki", "Kenyan President", "Kenyan")
    m = mention("Spokesperson Ida Berg")
    assert (m.name, m.role) == ("Ida Berg", "Spokesperson")


def test_organisations_metonyms_and_groups():
    assert mention("Norway’s energy ministry").kind == "organisation"
    assert mention("the White House").kind == "organisation"
    assert mention("the White House").name == "White House"
    assert mention("Tokyo").kind == "organisation"
    m = mention("senior EU diplomats")
    assert m.kind == "group" and m.name == "senior EU diplomats"


def test_pronouns_are_marked():
    m = mention("she")
    assert m.pronoun == "she" and m.name is None


def test_surname_and_honorific_resolve_to_full_name(run):
    text = (
        "Port director Piet Olsen said the ferries will run.\n\n"
        "Olsen added that fares would stay the same.\n\n"
        "Mr Olsen said the schedule is final."
    )
    out = run(text)
    names = {s.speaker.name for s in out}
    assert names == {"Piet Olsen"}
    ref = out[0].speaker
    assert "Olsen" in ref.aliases and "Port director Piet Olsen" in ref.aliases


def test_two_people_with_one_surname_stay_apart(run):
    text = "Anna Kowal said the shop is open. Marek Kowal said the shop is closed."
    out = run(text)
    assert [s.speaker.name for s in out] == ["Anna Kowal", "Marek Kowal"]


def test_he_goes_to_latest_male_compatible_person(run):
    text = (
        "Engineer Sara Nilsen said the tunnel is safe.\n\n"
        "Mr Tariq Aziz said the tunnel leaks.\n\n"
        "The repairs “will take a year,” he said."
    )
    st = find(run(text), "will take a year")
    assert st.speaker.name == "Tariq Aziz"


def test_it_goes_to_latest_organisation(run):
    text = (
        "Brussels claims to have met its targets.\n\n"
        "It has accused the auditors of using old figures."
    )
    st = find(run(text), "auditors")
    assert st.speaker_mention == "It" and st.speaker.name == "Brussels"


def test_they_goes_to_latest_group(run):
    text = "Local teachers said the plan is rushed. They warned that classes would grow."
    st = find(run(text), "classes would grow")
    assert st.speaker.name == "Local teachers"


def test_unresolvable_pronoun_keeps_mention_without_speaker(run):
    st = find(run("He said the bridge is unsafe."), "bridge")
    assert st.speaker is None and st.speaker_mention == "He"
