"""Roles (single-user default, reviewer/editor/admin, never without an admin) and the
review settings (validation, rating scale, in-use ratings)."""

from __future__ import annotations

import pytest

from ledger.errors import InputError, PermissionDenied
from ledger.services import decisions, derivation, roles, settings


def test_an_empty_role_table_is_single_user_mode(db):
    with db.read() as s:
        assert roles.role_of(s, "anyone") == "admin"
        roles.require(s, "anyone", "settings")


def test_once_roles_exist_unknown_users_are_reviewers(ledger):
    db, ids = ledger
    with db.write() as s:
        roles.set_role(s, "ada", "admin", by="ada")
        roles.set_role(s, "eve", "editor", by="ada")
    with db.read() as s:
        assert roles.role_of(s, "ada") == "admin"
        assert roles.role_of(s, "eve") == "editor"
        assert roles.role_of(s, "rex") == "reviewer"
        assert roles.can(s, "rex", "decide") and not roles.can(s, "rex", "rate")
        assert roles.can(s, "eve", "export_verified") and not roles.can(s, "eve", "settings")
    with db.write() as s:  # a reviewer decides on statements
        decisions.decide(s, ids["statements"][0], "verified", seen_version=1, reviewer="rex")
    with pytest.raises(
        PermissionDenied, match="rex is a reviewer: rating a claim needs the editor"
    ):
        with db.write() as s:
            decisions.rate_claim(s, ids["claims"][0], "false", seen_version=2, reviewer="rex")
    with pytest.raises(PermissionDenied, match="changing settings needs the admin role"):
        with db.write() as s:
            settings.set_setting(s, "required_approvals", 2, user="eve")
    with pytest.raises(PermissionDenied):
        with db.write() as s:
            decisions.assign(s, ids["statements"][1], "eve", seen_version=1, reviewer="rex")
    with db.write() as s:  # ... but may take one for themselves
        assert (
            decisions.assign(s, ids["statements"][1], "rex", seen_version=1, reviewer="rex")[
                "assigned_to"
            ]
            == "rex"
        )
    with db.read() as s:
        assert derivation.claim_status(s, ids["claims"][0])["rating"] is None


def test_a_reviewer_cannot_export_verified_claims(ledger):
    from ledger.export.claimreview import claim_reviews
    from ledger.export.prov import provenance

    db, _ = ledger
    with db.write() as s:
        roles.set_role(s, "ada", "admin", by="ada")
    with db.read() as s:
        with pytest.raises(PermissionDenied, match="exporting verified claims"):
            claim_reviews(s, org_name="F", org_url="https://f.example", user="rex")
        with pytest.raises(PermissionDenied):
            provenance(s, user="rex")


def test_the_ledger_never_loses_its_last_admin(db):
    with pytest.raises(InputError, match="without an admin: make yourself admin first"):
        with db.write() as s:
            roles.set_role(s, "bob", "reviewer", by="me")
    with db.write() as s:
        roles.set_role(s, "me", "admin", by="me")
    with pytest.raises(InputError, match="without an admin"):
        with db.write() as s:
            roles.set_role(s, "me", "editor", by="me")
    with pytest.raises(InputError, match="role 'boss'"):
        with db.write() as s:
            roles.set_role(s, "bob", "boss", by="me")
    with db.write() as s:
        roles.set_role(s, "bob", "admin", by="me")
        roles.set_role(s, "me", None, by="bob")
    with db.read() as s:
        assert roles.list_roles(s) == [{"user": "bob", "role": "admin"}]


@pytest.mark.parametrize(
    "key,value,message",
    [
        ("required_approvals", "0", "between 1 and"),
        ("required_approvals", "two", "whole number"),
        ("required_approvals", True, "whole number"),
        ("lease_minutes", "-5", "between 1 and"),
        ("colour", "blue", "unknown setting"),
        ("rating_scale", "[", "not valid JSON"),
        ("rating_scale", "[]", "non-empty"),
        ("rating_scale", '[{"name": "a"}, {"name": "A"}]', "appears twice"),
        (
            "rating_scale",
            '[{"name": "x", "ratingValue": 1, "bestRating": 5, "worstRating": 0}]',
            "worstRating",
        ),
        (
            "rating_scale",
            '[{"name": "x", "ratingValue": 6, "bestRating": 5, "worstRating": 1}]',
            "between them",
        ),
        ("rating_scale", '[{"name": "note"}]', "reserved"),
        ("rating_scale", '[{"name": "x", "colour": 1}]', "unknown field"),
    ],
)
def test_bad_settings_are_refused(db, key, value, message):
    with pytest.raises(InputError, match=message):
        with db.write() as s:
            settings.set_setting(s, key, value)
    with db.read() as s:
        assert settings.get_setting(s, "required_approvals") == 1
        assert settings.rating_scale(s) == settings.DEFAULT_RATING_SCALE


def test_default_scale_has_claimreview_numbers(db):
    with db.read() as s:
        scale = {e["name"]: e for e in settings.rating_scale(s)}
    assert list(scale) == ["true", "mostly true", "misleading", "false", "unproven"]
    for name in ("true", "mostly true", "misleading", "false"):
        e = scale[name]
        assert 1 <= e["worstRating"] <= e["ratingValue"] <= e["bestRating"] and e["alternateName"]
    assert scale["true"]["ratingValue"] > scale["mostly true"]["ratingValue"]
    assert scale["mostly true"]["ratingValue"] > scale["misleading"]["ratingValue"]
    assert scale["misleading"]["ratingValue"] > scale["false"]["ratingValue"]
    assert scale["unproven"]["ratingValue"] is None  # no place on the truth scale


def test_a_custom_scale_and_ratings_in_use(ledger):
    db, ids = ledger
    custom = (
        '[{"name": "correct", "ratingValue": 3, "bestRating": 3, "worstRating": 1},'
        ' {"name": "wrong", "alternateName": "Wrong", "ratingValue": 1, "bestRating": 3, "worstRating": 1}]'
    )
    with db.write() as s:
        settings.set_setting(s, "rating_scale", custom)
    with db.write() as s:
        cid = ids["claims"][0]
        state = decisions.rate_claim(
            s, cid, "Correct", seen_version=derivation.claim_status(s, cid)["version"]
        )
    assert state["rating"] == "correct"
    with pytest.raises(InputError, match="'correct' is in use"):
        with db.write() as s:
            settings.set_setting(s, "rating_scale", '[{"name": "wrong"}]')
    with db.read() as s:
        assert settings.rating_entry(s, "correct")["alternateName"] == "Correct"
