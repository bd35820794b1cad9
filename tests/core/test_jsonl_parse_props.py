"""Property tests of the JSONL reader and the URL rule: whatever a line holds, the reader
returns documents or raises one InputError naming the file and line, never anything else."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.errors import InputError
from ledger.sources.formats import detect_format, http_url, parse_jsonl, parse_text

FAST = settings(max_examples=60, deadline=None)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
fields = st.sampled_from(
    ["quote", "speaker", "kind", "start", "end", "hedge_cues", "source", "stated_on", "hedging"]
)


def _parse_or_input_error(text: str, name: str = "f.jsonl") -> None:
    try:
        docs = parse_jsonl(text, name)
    except InputError as err:
        msg = str(err)
        assert msg.startswith(f"{name}:") and "\n" not in msg, msg
        return
    for doc in docs:
        doc.text.encode("utf-8")  # storable
        for g in doc.given:
            assert doc.text[g.start : g.end] == g.quote


@FAST
@given(st.dictionaries(fields, json_values, max_size=6), st.booleans())
def test_any_object_is_documents_or_one_input_error(obj, quote):
    if quote:
        obj.setdefault("quote", "A quote.")
    _parse_or_input_error(json.dumps(obj) + "\n")


@FAST
@given(st.text(max_size=60))
def test_any_line_is_documents_or_one_input_error(line):
    _parse_or_input_error(line + "\n" + line)


@FAST
@given(st.text(st.characters(min_codepoint=0xD700, max_codepoint=0xE0FF), min_size=1))
def test_a_lone_surrogate_anywhere_is_an_input_error(text):
    line = json.dumps({"quote": "Fine. " + text, "speaker": text, "source": {"title": text}})
    # (a high and a low surrogate side by side are read as one character)
    lone = any(0xD800 <= ord(ch) <= 0xDFFF for ch in json.loads(json.dumps(text)))
    try:
        parse_jsonl(line, "s.jsonl")
    except InputError as err:
        assert lone and "s.jsonl: line 1:" in str(err) and "surrogate" in str(err)
    else:
        assert not lone


@FAST
@given(st.integers(1, 150_000), st.sampled_from(["[", '{"a":']))
def test_any_depth_is_read_or_refused_in_one_line(depth, opener):
    closer = "]" if opener == "[" else "}"
    inner = opener * depth + "1" + closer * depth
    line = '{"quote": "q", "hedge_cues": ' + inner + "}"
    try:
        parse_jsonl(line, "d.jsonl")
    except InputError as err:
        assert str(err).startswith("d.jsonl: line 1: ")
    # by content, a deep first line is text (or JSONL while shallow), never an error
    fmt = detect_format(inner)
    assert fmt == "text" if opener == "[" or depth > 50_000 else fmt in ("text", "jsonl")


@FAST
@given(st.integers(4301, 6000))
def test_long_numbers_are_one_input_error(digits):
    line = '{"quote": "q", "start": ' + "8" * digits + "}"
    try:
        parse_text(line, "n.jsonl")
    except InputError as err:
        assert str(err).startswith("n.jsonl: line 1: number too long")
    else:
        raise AssertionError("a 4,301-digit number was read")


@FAST
@given(st.text(max_size=40))
def test_only_http_urls_with_a_host_are_urls(text):
    ok = http_url(text)
    if ok:
        assert text.lower().startswith(("http://", "https://"))
        assert not any(ch.isspace() for ch in text)
    assert not http_url("javascript:" + text)
    assert not http_url("data:" + text)
