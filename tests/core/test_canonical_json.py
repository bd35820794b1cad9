"""The history's canonical JSON never changes: every stored hash was computed over it.

The fast encoder (orjson) must write byte for byte what the reference encoder (the json
module, sorted keys, no spaces, no ASCII escaping) writes, or hand the value over to it.
"""

from __future__ import annotations

import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from ledger.store.canonical import canonical_bytes, canonical_json
from ledger.store.journal import event_hash

REFERENCE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too, which orjson refuses
    | st.floats()  # NaN, infinities, exponents either side
    | st.text()
    | st.sampled_from([1e-05, 1e-4, 9.99e15, 1e16, 1e22, 0.0, -0.0, 2.5e-7, 1.5])
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=30,
)


@given(json_values)
def test_canonical_json_is_the_reference_encoding(value):
    assert canonical_json(value) == REFERENCE.encode(value)
    assert canonical_bytes(value) == REFERENCE.encode(value).encode("utf-8")


@given(
    st.integers(min_value=1, max_value=2**62),
    st.text(),
    st.text(),
    st.text(),
    st.text(),
)
def test_event_hash_is_sha256_of_the_reference_encoding(seq, actor, action, subject, payload):
    at, prev = "2026-11-29T10:00:00.000000Z", "0" * 64
    body = REFERENCE.encode([seq, at, actor, action, subject, payload, prev])
    expected = hashlib.sha256(body.encode("utf-8")).hexdigest()
    assert event_hash(seq, at, actor, action, subject, payload, prev) == expected


def test_a_known_event_keeps_its_hash():
    # Pinned: a change here would make every existing ledger fail `ledger verify`.
    payload = canonical_json(
        {"quote": 'He said "ça va"\n', "score": 87.5, "tiny": 1e-05, "id": 3, "cues": ["may"]}
    )
    assert payload == (
        '{"cues":["may"],"id":3,"quote":"He said \\"ça va\\"\\n","score":87.5,"tiny":1e-05}'
    )
    digest = event_hash(
        7, "2026-11-29T10:00:00.000000Z", "alice", "insert", "statement:3", payload, "0" * 64
    )
    assert (
        digest
        == hashlib.sha256(
            (
                '[7,"2026-11-29T10:00:00.000000Z","alice","insert","statement:3",'
                + json.dumps(payload, ensure_ascii=False)
                + ',"'
                + "0" * 64
                + '"]'
            ).encode("utf-8")
        ).hexdigest()
    )
