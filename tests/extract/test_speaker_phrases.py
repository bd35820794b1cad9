"""Speaker phrases of local news (issue #16 item 2): datelines, "NAME of ORG", unnamed
roles with an affiliation, appositive roles, inanimate subjects, a surname joined to a
full name said earlier, venues and dates before a colon quote. Sentences written for
these tests."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.extract.names import same_speaker

from .conftest import find


@pytest.mark.parametrize(
    "text",
    [
        "KESTREL BAY - Authorities in Kestrel Bay said the beach would stay shut.",
        "KESTREL BAY, Ore. (AP) — Authorities in Kestrel Bay said the beach would stay shut.",
        "HALDEN, May 3 (Reuters) - Authorities in Kestrel Bay said the beach would stay shut.",
    ],
)
def test_a_dateline_is_never_the_speaker(run, text):
    (st,) = run(text)
    assert st.quote == "the beach would stay shut"
    assert st.speaker.name == "Authorities in Kestrel Bay"
    assert st.speaker.kind == "group" and st.speaker.unnamed
    assert st.speaker.affiliation == "Kestrel Bay"


def test_a_dateline_stays_out_of_the_statement_before_an_attribution(run):
    (st,) = run("HALDEN (AP) — “The ferry is cancelled,” the harbour master said.")
    assert st.quote == "The ferry is cancelled"
    (st,) = run("HALDEN — The ferry is cancelled, officials said.")
    assert st.quote == "The ferry is cancelled"


def test_capitals_before_a_dash_mid_sentence_are_no_dateline(run):
    (st,) = run("The levy - a modest one - stays, NATO said.")
    assert st.speaker.name == "NATO"


def test_name_of_organisation_splits_into_name_and_affiliation(run):
    (st,) = run("Priya Nandakumar of Halden Plastics said the spill was small.")
    assert st.speaker.name == "Priya Nandakumar"
    assert st.speaker.kind == "person" and not st.speaker.unnamed
    assert st.speaker.affiliation == "Halden Plastics"
    (bank,) = run("The Bank of Halden said rates would hold.")
    assert bank.speaker.name == "Bank of Halden" and bank.speaker.kind == "organisation"


@pytest.mark.parametrize(
    "text, name, role, affiliation",
    [
        (
            "A spokeswoman for the harbour board said the dredging was finished.",
            "spokeswoman for the harbour board",
            "spokeswoman",
            "harbour board",
        ),
        (
            "A senior official at the water utility said the pipes were old.",
            "senior official at the water utility",
            "senior official",
            "water utility",
        ),
        (
            "A spokesman for Halden Plastics said the plant was closed.",
            "spokesman for Halden Plastics",
            "spokesman",
            "Halden Plastics",
        ),
    ],
)
def test_an_unnamed_person_keeps_role_and_affiliation(run, text, name, role, affiliation):
    (st,) = run(text)
    sp = st.speaker
    assert (sp.name, sp.kind, sp.role, sp.affiliation) == (name, "person", role, affiliation)
    assert sp.unnamed


def test_unnamed_speakers_are_never_the_same_speaker_across_sources(run):
    (a,) = run("A spokeswoman for the harbour board said the dredging was finished.")
    (b,) = run("A spokeswoman for the harbour board said the fees would rise.")
    assert not same_speaker(a.speaker, b.speaker.name, b.speaker.kind, b.speaker.aliases)
    (g,) = run("Officials said the fees would rise.")
    assert g.speaker.unnamed
    assert not same_speaker(g.speaker, "Officials", "group", [])
    (named,) = run("Priya Nandakumar said the fees would rise.")
    assert same_speaker(named.speaker, "Priya Nandakumar", "person", [])


def test_a_named_title_stays_a_title(run):
    (st,) = run("Secretary of State Ana Ruiz said the talks were over.")
    assert st.speaker.name == "Ana Ruiz" and not st.speaker.unnamed


@pytest.mark.parametrize(
    "text, needle",
    [
        ("Dr Mensah, the county health director, warned that the clinic was full.", "clinic"),
        ("“The clinic is full,” said Dr Mensah, the county health director.", "clinic"),
    ],
)
def test_an_appositive_role_is_kept(run, text, needle):
    st = find(run(text), needle)
    assert st.speaker.name == "Mensah"
    assert st.speaker.role == "county health director"


def test_an_appositive_role_with_an_organisation(run):
    (st,) = run("Ana Ruiz, a spokeswoman for the port authority, said the cranes were idle.")
    assert st.speaker.name == "Ana Ruiz"
    assert st.speaker.role == "spokeswoman for the port authority"
    assert st.speaker.affiliation == "port authority"
    (age,) = run("Ana Ruiz, 52, said the cranes were idle.")
    assert age.speaker.role is None


def test_an_inanimate_subject_inside_reported_content_is_no_new_statement(run):
    out = run("Inspector Tove Brekke said the new readings suggest the leak has stopped.")
    assert len(out) == 1
    assert out[0].quote == "the new readings suggest the leak has stopped"
    assert out[0].speaker.name == "Tove Brekke"


def test_an_inanimate_subject_is_not_a_speaker(run):
    (st,) = run("The audit said the harbour accounts were in order.")
    assert st.speaker is None and st.speaker_mention == "The audit"
    assert st.quote == "the harbour accounts were in order"


def test_an_honorific_and_surname_join_a_full_name_said_earlier(run):
    text = (
        "The bakery owned by Jonas Lindahl reopened on Monday after the flood.\n\n"
        "Mr Lindahl told reporters the flour delivery was late."
    )
    st = find(run(text), "flour delivery")
    assert st.speaker.name == "Jonas Lindahl" and "Mr Lindahl" in st.speaker.aliases


def test_a_surname_with_two_full_names_before_it_stays_apart(run):
    text = (
        "The bakery of Jonas Lindahl and the cafe of Maren Lindahl both flooded.\n\n"
        "Lindahl told reporters the flour delivery was late."
    )
    st = find(run(text), "flour delivery")
    assert st.speaker.name == "Lindahl"


def test_venue_and_date_before_a_colon_quote(run):
    text = (
        "The mayor told a news conference at the town hall on Tuesday: “We will rebuild the pier.”"
    )
    (st,) = run(text, date(2024, 5, 10))
    assert st.kind == "direct" and st.quote == "We will rebuild the pier."
    assert st.venue == "news conference at the town hall"
    assert st.stated_on == date(2024, 5, 7)


def test_a_clause_before_a_colon_is_still_content(run):
    (st,) = run("The mayor said the pier was lost: “We will rebuild it.”")
    assert st.quote.startswith("the pier was lost")


def test_an_interview_venue_keeps_a_number_in_its_name(run):
    st = find(run("In an interview with Channel 9, the minister said the levy would rise."), "levy")
    assert st.venue == "interview with Channel 9"


def test_surname_lookups_stay_linear_on_many_names():
    import random
    import string
    import time

    from ledger.extract import extract

    rng = random.Random(3)
    names = [
        "".join(rng.choice(string.ascii_lowercase) for _ in range(7)).capitalize()
        for _ in range(3000)
    ]
    text = " ".join(f"Mr {n} said the pier was closed." for n in names)
    text += " The shop of Jonas Okafor and the cafe of Elena Okafor shut." * 2000
    text += " Okafor said the pier was closed."
    t = time.process_time()
    out = extract(text)
    assert time.process_time() - t < 5.0  # ~0.3 s here; an unbounded scan took minutes
    assert out[-1].speaker.name == "Okafor"  # two full names before it: no guess


def test_the_addressee_after_a_quote_is_no_statement(run):
    out = run("“We will rebuild the pier,” the mayor told the cheering crowd.")
    assert [s.quote for s in out] == ["We will rebuild the pier"]
    out = run("“We will rebuild,” the mayor told reporters, “and soon.”")
    assert [s.quote for s in out] == ["We will rebuild", "and soon."]


def test_a_programme_title_before_the_speaker_is_no_statement(run):
    (st,) = run("On Channel 9’s “Harbour Watch,” Ruiz said the pier was unsafe.")
    assert st.quote == "the pier was unsafe" and st.speaker.name == "Ruiz"
    (said,) = run("In the end, “we won,” Ruiz said.")
    assert "we won" in said.quote


def test_a_title_in_a_clause_is_no_quote_of_the_subject(run):
    assert run("Ruiz appeared on Channel 9’s “Harbour Watch” and praised the pier.") == []
    assert (
        run("So the pier stayed, Ruiz recalled in her 2019 memoir, “Salt And Stone.”")[-1].quote
        == "So the pier stayed"
    )
    (scare,) = run("Ruiz renewed her criticism of “harbour values.”")
    assert "harbour values" in scare.quote
