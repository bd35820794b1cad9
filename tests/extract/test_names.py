"""Cross-source speaker keys and the same-speaker test used by the store."""

from __future__ import annotations

from ledger.extract.names import name_key, same_speaker
from ledger.extract.types import SpeakerRef


def test_name_key_folds_case_quotes_and_honorifics():
    assert name_key("The White House") == "white house"
    assert name_key("Mr. O’Neil") == "o'neil"
    assert name_key("Ｄｒ Ada  Stone") == "ada stone"  # NFKC full-width letters
    assert name_key("Norway’s Ministry") == name_key("Norway's ministry")


def test_full_name_matches_surname_with_alias_evidence():
    ref = SpeakerRef("Carla Mendes", "person", aliases=("Mendes",))
    assert same_speaker(ref, "Mendes", "person", ["Mendes"])
    assert same_speaker(SpeakerRef("Carla Mendes", "person"), "Mendes", "person", ["Carla Mendes"])


def test_bare_surname_without_evidence_is_not_enough():
    assert not same_speaker(SpeakerRef("Carla Mendes", "person"), "Mendes", "person", [])


def test_role_is_evidence_for_a_surname():
    ref = SpeakerRef("Carla Mendes", "person", role="Mayor of Porto")
    assert same_speaker(ref, "Mendes", "person", [], b_role="mayor of Porto")


def test_two_full_names_sharing_a_surname_never_match():
    ref = SpeakerRef("Carla Mendes", "person", aliases=("Mendes",))
    assert not same_speaker(ref, "Rui Mendes", "person", ["Mendes"])


def test_initial_matches_first_name():
    assert same_speaker(SpeakerRef("J. Okoro", "person"), "James Okoro", "person", [])


def test_organisations_match_through_demonyms():
    ref = SpeakerRef("Japan’s foreign ministry", "organisation")
    assert same_speaker(ref, "Japanese foreign ministry", "organisation", [])
    assert not same_speaker(ref, "Japanese defence ministry", "organisation", [])


def test_kinds_must_agree():
    assert not same_speaker(SpeakerRef("Jordan", "person"), "Jordan", "organisation", [])
