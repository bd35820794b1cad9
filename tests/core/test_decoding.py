"""Verbatim decoding (#13 item 4): real byte sequences in, the text they mean out, or a
one-line error naming the bytes; the encoding chosen is stored with the source and shown."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.errors import InputError
from ledger.sources.decoding import decode_bytes, normalise_newlines

QUOTE = "We have found the money for the repairs"
# cp1252: 0x93/0x94 are the curly double quotes, 0xe9 is é
CP1252 = b"\x93" + QUOTE.encode() + b",\x94 Mayor Ana Silva told reporters at the caf\xe9.\n"
# Latin-1: 0xea is ê (cp1250 reads it as ę)
LATIN1 = (
    b"Les pr\xeats du maire: \xab Nous r\xe9parerons le pont \xbb, a d\xe9clar\xe9 Ana Silva.\n"
)
UTF8 = f"“{QUOTE},” Mayor Ana Silva told reporters at the café.\n".encode()


def _sources(cli, db):
    return json.loads(cli("sources", "--format", "json", db=db).out)


def _stored_text(db_url) -> str:
    """The one source's text as the ledger stored it (the context shown is only its paragraph)."""
    from sqlalchemy import select

    from ledger.store.db import open_database
    from ledger.store.models import Source

    db = open_database(db_url)
    try:
        with db.read() as s:
            return s.scalars(select(Source.text)).one()
    finally:
        db.engine.dispose()


def test_cp1252_curly_quotes_are_cp1252(cli, db_url, tmp_path):
    f = tmp_path / "cp1252.txt"
    f.write_bytes(CP1252)
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    assert "decoded as cp1252" in r.err
    (src,) = _sources(cli, db_url)
    assert src["encoding"] == "cp1252"
    assert _stored_text(db_url) == CP1252.decode("cp1252")
    table = cli("sources", db=db_url).out
    assert "encoding" in table and "cp1252" in table


def test_latin1_prets_stays_prets(cli, db_url, tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(LATIN1)
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    (src,) = _sources(cli, db_url)
    assert src["encoding"] in ("cp1252", "iso8859-1")
    ex = cli("extract", "--format", "json", f)
    assert ex.code == 0
    assert decode_bytes(LATIN1, "f").text == LATIN1.decode("latin-1")
    assert "pręts" not in decode_bytes(LATIN1, "f").text


def test_one_bad_byte_in_utf8_is_an_error_naming_the_offset(cli, db_url, tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(UTF8)
    assert cli("import", good, db=db_url).code == 0
    at = UTF8.index(b"Mayor")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(UTF8[:at] + b"\xff" + UTF8[at:])
    r = cli("import", bad, db=db_url)
    assert r.code == 1
    assert f"{bad}: not valid UTF-8: 1 invalid byte at offset {at};" in r.err
    assert "--errors replace" in r.err and len(r.err.strip().splitlines()) == 1
    assert len(_sources(cli, db_url)) == 1  # nothing lost, nothing half-stored
    ex = cli("extract", bad)
    assert ex.code == 1 and f"offset {at}" in ex.err


def test_errors_replace_marks_the_source(cli, db_url, tmp_path):
    at = UTF8.index(b"Mayor")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(UTF8[:at] + b"\xff\xfe" + UTF8[at:])
    r = cli("import", "--errors", "replace", bad, db=db_url)
    assert r.code == 0, r.err
    assert f"2 invalid bytes at offsets {at}, {at + 1} replaced with U+FFFD" in r.err
    (src,) = _sources(cli, db_url)
    assert src["encoding"] == "utf-8 (2 bytes replaced)"
    text = UTF8.decode()
    assert _stored_text(db_url) == (
        text[: text.index("Mayor")] + "\ufffd\ufffd" + text[text.index("Mayor") :]
    )
    ex = cli("extract", "--errors", "replace", bad)
    assert ex.code == 0 and "replaced with U+FFFD" in ex.err
    sid = json.loads(cli("statements", "--format", "jsonl", db=db_url).out.splitlines()[0])["id"]
    shown = json.loads(cli("show", str(sid), "--format", "json", db=db_url).out)
    assert shown["source_encoding"] == "utf-8 (2 bytes replaced)"
    assert "source_encoding: utf-8 (2 bytes replaced)" in cli("show", str(sid), db=db_url).out


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_with_bom(cli, db_url, tmp_path, codec):
    f = tmp_path / "wide.txt"
    f.write_bytes(("\ufeff" + UTF8.decode()).encode(codec))
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    assert r.err == ""  # a BOM is not a guess: nothing to say
    (src,) = _sources(cli, db_url)
    assert src["encoding"] == codec
    assert _stored_text(db_url) == UTF8.decode()


def test_ascii_empty_and_binary(cli, db_url, tmp_path):
    ascii_ = tmp_path / "a.txt"
    ascii_.write_bytes(b'"We have found the money," Mayor Ana Silva said.\r\n')
    assert cli("import", ascii_, db=db_url).code == 0
    assert _sources(cli, db_url)[0]["encoding"] == "utf-8"
    for name, data, says in [
        ("empty.txt", b" \n", "file is empty"),
        ("bom.txt", b"\xff\xfe", "file is empty"),
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ]:
        f = tmp_path / name
        f.write_bytes(data)
        r = cli("import", f, db=db_url)
        assert r.code == 1 and says in r.err, (name, r.err)
    assert len(_sources(cli, db_url)) == 1
    wide = tmp_path / "utf16.txt"
    wide.write_bytes(UTF8.decode().encode("utf-16-le"))  # no BOM
    r = cli("import", wide, db=db_url)
    assert r.code == 1 and "without a BOM, name it with --encoding" in r.err
    assert cli("import", "--encoding", "utf-16-le", wide, db=db_url).code == 0
    assert _sources(cli, db_url)[1]["encoding"] == "utf-16-le"


def test_forced_encoding(cli, db_url, tmp_path):
    f = tmp_path / "euro.txt"
    f.write_bytes(
        "Le prix est de 5 € pour l’œuvre, a dit Ana Silva.".replace("’", "'").encode("iso-8859-15")
    )
    ex = cli("extract", "--encoding", "ISO-8859-15", "--format", "json", f)
    assert ex.code == 0 and ex.err == ""
    r = cli("import", "--encoding", "latin9", f, db=db_url)
    assert r.code == 0, r.err
    assert _sources(cli, db_url)[0]["encoding"] == "iso8859-15"
    bad = cli("import", "--encoding", "rot13", f, db=db_url)
    assert bad.code == 2 and "not a text encoding" in bad.err
    wrong = cli("import", "--encoding", "utf-8", f, db=db_url)
    assert wrong.code == 1 and "not valid utf-8: 2 invalid bytes at offsets 17, 26" in wrong.err


def test_workers_decode_with_the_same_setting(cli, db_url, tmp_path, monkeypatch):
    from ledger.services import prepare

    monkeypatch.setattr(prepare, "PARALLEL_MIN", 2)
    at = UTF8.index(b"Mayor")
    for i in range(3):
        (tmp_path / f"{i}.txt").write_bytes(
            f"Story {i}. ".encode() + UTF8[:at] + b"\xff" + UTF8[at:]
        )
    r = cli(
        "import", "--jobs", "1", "--errors", "replace", *sorted(tmp_path.glob("*.txt")), db=db_url
    )
    assert r.code == 0, r.err
    assert [s["encoding"] for s in _sources(cli, db_url)] == ["utf-8 (1 byte replaced)"] * 3
    strict = cli("import", "--jobs", "1", *sorted(tmp_path.glob("*.txt")), db=db_url)
    assert strict.code == 1 and strict.err.count("invalid byte at offset") == 3


def test_decoder_cases():
    assert decode_bytes(CP1252, "f").encoding == "cp1252"
    # charset-normalizer ranks cp775 (DOS Baltic) first for this: "dķclarķ", "c¶tķ"
    french = "Le maire a déclaré : « Nous réparerons le pont », selon l'agence. Le café était fermé à côté de l'hôtel."
    assert decode_bytes(french.encode("cp1252"), "f").text == french
    german = "Der Bürgermeister sagte: „Das ist groß“, und die Brücke wird gebaut.".encode("cp1252")
    assert decode_bytes(german, "f").text == german.decode("cp1252")  # ß“ is valid UTF-8
    polish = (
        "Burmistrz powiedział, że most zostanie otwarty. „Znaleźliśmy pieniądze”, dodał.".encode(
            "cp1250"
        )
    )
    assert decode_bytes(polish, "f").text == polish.decode("cp1250")
    russian = "Мэр сказал, что мост откроется в мае. «Мы нашли деньги», добавил он.".encode(
        "cp1251"
    )
    assert decode_bytes(russian, "f").text == russian.decode("cp1251")
    with pytest.raises(
        InputError, match="no single encoding fits the whole file; name it with --encoding"
    ):
        decode_bytes(b"abc \x81\x8d def", "f")  # undefined in cp1252, C1 in Latin-1
    with pytest.raises(InputError, match="not valid UTF-16: 2 invalid bytes at offsets 4, 5;"):
        decode_bytes(b"\xff\xfea\x00\x00\xd8b\x00", "f")  # a lone surrogate: one 2-byte unit
    with pytest.raises(
        InputError, match=r"20 invalid bytes, the first at offsets 10, 12, 14, 16, 18;"
    ):
        decode_bytes("“ok” x".encode() + b"\xffx" * 20, "f")


def test_a_mixed_file_is_damaged_utf8_not_a_legacy_encoding(cli, db_url, tmp_path):
    # a UTF-8 paragraph ("café", "fermé") and a pasted cp1252 one: the whole file fits
    # cp1252 and ISO-8859-10, which would store "cafÃ©" (or "cafÃĐ" and "pręts")
    utf8 = "Le café est fermé depuis lundi, a dit Ana Silva.\n".encode()
    cp1252 = "« Les prêts seront remboursés », a-t-elle ajouté.\n".encode("cp1252")
    f = tmp_path / "mixed.txt"
    f.write_bytes(utf8 + cp1252)
    first = len(utf8) + cp1252.index(b"\xab")
    r = cli("import", f, db=db_url)
    assert r.code == 1 and f"{f}: not valid UTF-8: " in r.err, r.err
    assert f"5 invalid bytes at offsets {first}, " in r.err and "--encoding NAME" in r.err
    assert _sources(cli, db_url) == []
    # one emoji or three UTF-8 "é" beside four stray bytes are UTF-8 too
    for data in (
        "ok 😀 ".encode() + "é è à ç".encode("cp1252"),
        "ééé ".encode() + b"\xe9t\xe9\xe9\xe9",
    ):
        with pytest.raises(InputError, match="not valid UTF-8"):
            decode_bytes(data, "f")


def test_whole_file_legacy_readings_that_look_like_utf8():
    # French typography: "été", a no-break space and "»" are the bytes e9 a0 bb, valid
    # UTF-8 for U+983B; the rest of the file is not UTF-8, so it is cp1252
    french = "Il a dit\xa0: «\xa0C'est l'été\xa0», et la société\xa0» a réagi.\n"
    assert decode_bytes(french.encode("cp1252"), "f").text == french
    # uppercase Russian before a closing guillemet: "Р»" (d0 bb) is UTF-8 for "л"
    russian = "Компания «ЦЕНТР» и фирма «ПРОГРЕСС» сообщили, что цены упадут.\n"
    decoded = decode_bytes(russian.encode("cp1251"), "f")
    assert (decoded.text, decoded.encoding) == (russian, "cp1251")


def test_short_polish_is_cp1250_when_charset_normalizer_ranks_cp1252_first():
    # charset-normalizer's first proposal here is cp1252 itself, its second cp1250:
    # "powiedzia³", "pieni¹dze" in the Western reading, none in cp1250's
    polish = "Minister powiedział, że pieniądze będą. „Wszystko jest źle”, dodał Łukasz.\n"
    decoded = decode_bytes(polish.encode("cp1250"), "f")
    assert (decoded.text, decoded.encoding) == (polish, "cp1250")
    greek = "Ο υπουργός είπε ότι οι τιμές θα πέσουν. «Όλα θα πάνε καλά», πρόσθεσε.\n"
    assert decode_bytes(greek.encode("cp1253"), "f").text == greek


def test_short_accented_western_text_is_not_baltic_or_central_european():
    # charset-normalizer rejects these cp1252 readings at its default threshold and
    # proposed cp1257 ("ēa déją élčve") and cp1250 ("açăo soluçăo")
    for text in (
        "été « ça déjà élève forêt a ça the Genève café les café.\n",
        "ação avô solução.\n",
    ):
        decoded = decode_bytes(text.encode("cp1252"), "f")
        assert (decoded.text, decoded.encoding) == (text, "cp1252")
    # a Latin reading with words of accented letters only is Cyrillic read wrong...
    russian = "in цены the будет said.\n"
    assert decode_bytes(russian.encode("cp1251"), "f").text == russian
    # ...but one such word can be Swedish
    swedish = "Tecknen åäö och ÅÄÖ finns i svenska, sade ministern.\n"
    assert decode_bytes(swedish.encode("cp1252"), "f").text == swedish


def test_iso8859_15_when_an_oe_stands_inside_a_word():
    # "c½ur" in cp1252 is "cœur" in ISO-8859-15; charset-normalizer proposed hp-roman8
    # ("c§ur", "5 Ê"), which has as many symbols inside words as cp1252
    for text in (
        "Le prix est de 5 € pour un cœur.\n",
        "Le cœur de l'œuvre est là, dit la sœur du ministre.\n",
    ):
        decoded = decode_bytes(text.encode("iso8859-15"), "f")
        assert (decoded.text, decoded.encoding) == (text, "iso8859-15")
    # apostrophes, and halves after digits or spaces, are no sign of another encoding
    for text in ("He said “don’t” — l·l and naïve § 3.\n", "Il a mangé ½ pomme et 1½ poire.\n"):
        assert decode_bytes(text.encode("cp1252"), "f").encoding == "cp1252"


def test_jsonl_sources_store_the_file_encoding(cli, db_url, tmp_path):
    f = tmp_path / "s.jsonl"
    line = {"quote": "Les prêts baisseront.", "speaker": "Ana Silva", "source": {"title": "T"}}
    f.write_bytes((json.dumps(line, ensure_ascii=False) + "\n").encode("cp1252"))
    r = cli("import", f, db=db_url)
    assert r.code == 0, r.err
    (src,) = _sources(cli, db_url)
    assert src["encoding"] == "cp1252"
    quote = json.loads(cli("statements", "--format", "jsonl", db=db_url).out)["quote"]
    assert quote == "Les prêts baisseront."


TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


@settings(max_examples=200, deadline=None)
@given(TEXT.filter(lambda s: s.strip()), st.booleans())
def test_any_utf8_text_decodes_to_itself(text, bom):
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    decoded = decode_bytes(data, "f")
    # without our BOM, text starting with U+FEFF starts with one: dropped, as Python does
    marked = bom or text.startswith("\ufeff")
    expected = text if bom else text.removeprefix("\ufeff")
    assert decoded.text == normalise_newlines(expected)
    assert decoded.encoding == ("utf-8-sig" if marked else "utf-8") and decoded.note is None


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_a_bad_byte_in_utf8_is_named_or_replaced(before, after):
    head = before.encode()
    data = head + b"\xff" + ("“" + after).encode()
    with pytest.raises(InputError, match=rf"1 invalid byte at offset {len(head)};"):
        decode_bytes(data, "f")
    replaced = decode_bytes(data, "f", "replace")
    assert replaced.text == normalise_newlines(before.removeprefix("\ufeff") + "\ufffd“" + after)
    sig = "-sig" if before.startswith("\ufeff") else ""
    assert replaced.encoding == f"utf-8{sig} (1 byte replaced)"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["strict", "replace"]))
def test_any_bytes_decode_or_fail_in_one_line(data, errors):
    try:
        decoded = decode_bytes(data, "f", errors)
    except InputError as err:
        assert str(err).startswith("f: ") and "\n" not in str(err)
        return
    assert decoded.text.strip() and "\x00" not in decoded.text and "\r" not in decoded.text
    assert len(decoded.encoding) <= 40  # Source.encoding is String(40)
    if decoded.replaced:
        assert decoded.note and decoded.encoding.endswith("replaced)")


WESTERN_TEXT = st.text(
    st.sampled_from(list("abcdefghij éèàçôüößñ“”’«»…–€")), min_size=1, max_size=60
)


@settings(max_examples=200, deadline=None)
@given(WESTERN_TEXT, WESTERN_TEXT, st.sampled_from(["é", "“", "😀", "ß", "Ā"]))
def test_utf8_beside_cp1252_is_never_read_as_one_legacy_text(utf8, cp1252, strong):
    # a UTF-8 part holding a Western letter, curly quote or emoji, a cp1252 part holding a
    # byte that is not UTF-8: refused with the offsets, never read as mojibake
    data = (utf8 + strong).encode() + cp1252.encode("cp1252")
    if not any(b >= 0x80 for b in cp1252.encode("cp1252")):
        return  # all ASCII: valid UTF-8
    try:
        decoded = decode_bytes(data, "f")
    except InputError as err:
        assert "not valid UTF-8" in str(err)
        return
    # only when the cp1252 bytes happen to be valid UTF-8 too: "ß“" is df 93, U+07D3
    assert decoded.encoding == "utf-8", decoded
