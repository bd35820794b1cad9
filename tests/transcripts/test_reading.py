"""Transcripts read into statements, with no database: formats, detection, stage
directions, quotations inside turns, speaker label variants and moderators."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.errors import InputError
from ledger.services.pipeline import statements_of
from ledger.sources.formats import parse_text

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"

DEBATE = """date 2024-09-10

MODERATOR LINDA PARK: Good evening and welcome to the debate in Riverton. Mr. Holm, what is your plan for the port?

MR. HOLM: We have cut the deficit by 12 percent since 2021. (APPLAUSE) Nobody did more.

SEN. ELSA MARDH: That is not true [CROSSTALK] at all. Unemployment rose to 7 percent.

PARK: Senator Mardh, your response? Let's turn to housing.

HOLM: As Ada Winter said, “A port is only as good as its roads.” We will build them.

ERIK HOLM: One more thing: the bridge opened in May.

PARK: Why did it cost twice the estimate?

MARDH: Because they ignored the engineers.
"""


def _read(text: str, origin: str = "debate.txt"):
    docs = parse_text(text, origin)
    assert len(docs) == 1
    return docs[0], statements_of(docs[0])


def _by_quote(found, needle: str):
    hits = [s for s in found if needle in s.quote]
    assert hits, f"no statement contains {needle!r}: {[s.quote for s in found]}"
    return hits[0]


def test_each_sentence_of_a_turn_is_a_statement_of_its_speaker():
    doc, found = _read(DEBATE)
    assert doc.format == "transcript" and doc.kind == "transcript"
    assert doc.text == DEBATE  # a plain-text transcript is stored as it is
    assert str(doc.published_on) == "2024-09-10"
    for st in found:
        assert doc.text[st.start : st.end] == st.quote
    cut = _by_quote(found, "cut the deficit")
    assert cut.quote == "We have cut the deficit by 12 percent since 2021."
    assert cut.kind == "transcript" and cut.speaker.name == "Erik Holm"
    assert cut.speaker_mention == "MR. HOLM"
    assert doc.text[cut.mention_start : cut.mention_end] == "MR. HOLM"
    assert str(cut.stated_on) == "2024-09-10"
    assert _by_quote(found, "Nobody did more").speaker.name == "Erik Holm"
    # MR. HOLM, HOLM and ERIK HOLM: one speaker, the longest full name
    holm = {s.speaker for s in found if s.speaker and "Holm" in s.speaker.name}
    assert len(holm) == 1 and next(iter(holm)).kind == "person"


def test_stage_directions_stay_in_the_text_but_are_never_statements():
    doc, found = _read(DEBATE)
    assert "(APPLAUSE)" in doc.text and "[CROSSTALK]" in doc.text
    assert not any(s.quote.strip("()[]. ") in ("APPLAUSE", "CROSSTALK") for s in found)
    # between sentences a direction is cut out; inside one it stays in the quote
    assert _by_quote(found, "Nobody").quote == "Nobody did more."
    assert _by_quote(found, "That is not").quote == "That is not true [CROSSTALK] at all."
    only, got = _read("ANA: We won. [applause]\n\nBEN: (LAUGHTER)\n\nANA: Thanks (ph), Ben.\n")
    assert [s.quote for s in got] == ["We won.", "Thanks (ph), Ben."]


def test_a_label_alone_on_its_line_opens_the_turn_below_it():
    text = (
        "ANA LUND:\nWe cut taxes.\nAnd we hired nurses.\n\n[00:01:05] BO HALL:\nNo.\n\nSo what?\n"
    )
    doc, found = _read(text, "t.txt")
    assert [(s.quote, s.speaker.name, s.time_start) for s in found] == [
        ("We cut taxes.", "Ana Lund", None),
        ("And we hired nurses.", "Ana Lund", None),
        ("No.", "Bo Hall", 65.0),
        ("So what?", "Bo Hall", 65.0),
    ]


def test_titles_give_roles_and_moderators_are_found():
    _, found = _read(DEBATE)
    mardh = _by_quote(found, "Unemployment").speaker
    assert (mardh.name, mardh.role) == ("Elsa Mardh", "senator")
    assert _by_quote(found, "ignored the engineers").speaker == mardh  # MARDH: the same
    park = _by_quote(found, "Good evening").speaker
    assert (park.name, park.role) == ("Linda Park", "moderator")
    # moderator by the turn pattern: the label does not say so, the questions do
    text = DEBATE.replace("MODERATOR LINDA PARK:", "LINDA PARK:")
    _, found = _read(text)
    assert _by_quote(found, "Good evening").speaker.role == "moderator"
    assert _by_quote(found, "Nobody").speaker.role is None


def test_a_quotation_inside_a_turn_is_the_quoted_persons():
    doc, found = _read(DEBATE)
    quote = _by_quote(found, "only as good as its roads")
    assert quote.speaker.name == "Ada Winter" and quote.kind == "direct"
    assert doc.text[quote.start : quote.end] == quote.quote
    # the sentence the quote fills is not Holm's, the next one is
    holm = [s.quote for s in found if s.speaker and s.speaker.name == "Erik Holm"]
    assert not any("roads" in q for q in holm)
    assert "We will build them." in holm
    # a stray mark that would make the rest of a long turn a "quote" takes nothing away
    long_turn = (
        "ANA LUND: As Bo Holm said, “we won. " + "We built the road. " * 40 + "\n\nBO: No.\n"
    )
    _, got = _read(long_turn, "t.txt")
    assert [s.speaker.name for s in got].count("Ana Lund") == 41


def test_label_variants_resolve_to_one_speaker_and_namesakes_stay_two():
    text = (
        "TRUMP: We will win.\n\nMR. TRUMP: Believe me.\n\nDONALD TRUMP: Jobs are up.\n\n"
        "President Trump: Thank you.\n\nThe PRESIDENT: It is true.\n\n"
        "BILL CLINTON: I was president.\n\n"
        "HILLARY CLINTON: I was a senator.\n\nQUESTION: Who pays?\n\n"
        "AUDIENCE: (BOOING)\n\nUNIDENTIFIED MALE: Nobody.\n"
    )
    _, found = _read(text, "t.txt")
    names = {s.quote: s.speaker for s in found}
    trump = {
        names[q]
        for q in ("We will win.", "Believe me.", "Jobs are up.", "Thank you.", "It is true.")
    }
    assert len(trump) == 1 and next(iter(trump)).name == "Donald Trump"
    assert next(iter(trump)).role == "president"
    assert names["I was president."].name == "Bill Clinton"
    assert names["I was a senator."].name == "Hillary Clinton"
    assert names["Who pays?"].name == "Question" and names["Who pays?"].kind == "unknown"
    assert names["Nobody."].name == "Unidentified Male"


VTT = """WEBVTT

00:00:01.000 --> 00:00:04.500
<v Anna Berg>Welcome to the hearing. The budget rose by 4 percent

00:00:04.500 --> 00:00:07.000
<v Anna Berg>last year.

00:00:07.200 --> 00:00:10.000
<v Sen. Tom Reyes>That is not what the report says. [inaudible]

3
00:00:10.500 --> 00:00:12.000
BERG: Senator, it &amp; the table are on page two.
"""


def test_webvtt_voice_spans_and_name_prefixes_with_time_codes():
    doc, found = _read(VTT, "hearing.vtt")
    assert doc.format == "transcript" and doc.kind == "transcript"
    assert "[00:00:01.000] Anna Berg: Welcome" in doc.text
    assert "[inaudible]" in doc.text
    for st in found:
        assert doc.text[st.start : st.end] == st.quote
    rose = _by_quote(found, "budget rose")
    # a sentence over two cues: one statement, from the first cue's start to the second's end
    assert rose.quote == "The budget rose by 4 percent last year."
    assert (rose.time_start, rose.time_end) == (1.0, 7.0)
    reyes = _by_quote(found, "report says")
    assert (reyes.speaker.name, reyes.speaker.role, reyes.time_start) == (
        "Tom Reyes",
        "senator",
        7.2,
    )
    page = _by_quote(found, "page two")
    assert page.speaker.name == "Anna Berg" and "&" in page.quote
    assert [s.quote for s in found if "inaudible" in s.quote] == []


SRT = """1
00:00:01,000 --> 00:00:03,000
MAYOR LENA ORTIZ: We hired 40 new teachers.

2
00:00:03,100 --> 00:00:05,000
Class sizes fell by a fifth.

3
00:01:05,500 --> 00:01:07,250
>> REPORTER: How much did it cost?
"""


def test_srt_speakers_continue_until_the_next_label():
    doc, found = _read(SRT, "council.srt")
    assert [(s.quote, s.speaker.name, s.time_start, s.time_end) for s in found] == [
        ("We hired 40 new teachers.", "Lena Ortiz", 1.0, 3.0),
        ("Class sizes fell by a fifth.", "Lena Ortiz", 3.1, 5.0),
        ("How much did it cost?", "Reporter", 65.5, 67.25),
    ]
    assert found[0].speaker.role == "mayor"


def test_csv_and_tsv_exports_with_times():
    csv_text = (
        "Speaker,Start Time,End Time,Text\n"
        "Jonas Weber,0:01.0,0:05.5,Based on the tests the water is safe. We found no lead.\n"
        'Maria Costa,0:09,0:12,"Is that true, Mr. Weber?"\n'
    )
    doc, found = _read(csv_text, "export.csv")
    assert doc.format == "transcript"
    assert [(s.quote, s.speaker.name, s.time_start) for s in found] == [
        ("Based on the tests the water is safe.", "Jonas Weber", 1.0),
        ("We found no lead.", "Jonas Weber", 1.0),
        ("Is that true, Mr. Weber?", "Maria Costa", 9.0),
    ]
    tsv = "name\tutterance\tstart\nJonas Weber\tWe found no lead.\t12.5\n"
    _, found = _read(tsv, "export.tsv")
    assert [(s.quote, s.time_start, s.time_end) for s in found] == [
        ("We found no lead.", 12.5, None)
    ]


def test_bad_timed_files_are_one_line_errors():
    with pytest.raises(InputError, match=r"line 2: start time 'soon' is not a time"):
        parse_text("speaker,text,start\nAna,Hello.,soon\n", "x.csv")
    for bad in ("nan", "inf", "-3", "1e9"):
        with pytest.raises(InputError, match=r"line 2: end time .* is not a time"):
            parse_text(f"speaker,text,end\nAna,Hello.,{bad}\n", "x.csv")
    with pytest.raises(InputError, match=r"line 2: not a readable table \(field larger"):
        parse_text('speaker,text\nAna,"' + "y" * 200_000 + '"\n', "x.csv")
    with pytest.raises(InputError, match="not a valid WebVTT file"):
        parse_text("Hello, this is no subtitle file.\n", "x.vtt")
    with pytest.raises(InputError, match="no cue or row with text"):
        parse_text("WEBVTT\n\nthis is no cue --> at all\n", "x.vtt")
    with pytest.raises(InputError, match="not a valid SRT file"):
        parse_text("1\nnot a time\nHello\n", "x.srt")
    with pytest.raises(InputError, match="no speaker turns"):
        parse_text("Just an article about the port.\n", "x.txt", "transcript")


def test_front_matter_and_named_format():
    text = "title: Port debate\noutlet: Riverton Radio\n\nANA LUND: The port lost money.\n"
    doc, found = _read(text)
    assert (doc.format, doc.title, doc.outlet) == ("transcript", "Port debate", "Riverton Radio")
    assert found[0].speaker.name == "Ana Lund"
    # named: a one-turn file with a body after a plain paragraph
    named = parse_text(
        "A speech.\n\nANA LUND: We will cut taxes.\n\nAnd spend less.\n", "s.txt", "transcript"
    )[0]
    got = statements_of(named)
    assert [(s.quote, s.speaker.name) for s in got] == [
        ("We will cut taxes.", "Ana Lund"),
        ("And spend less.", "Ana Lund"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Carly Dunn: Budget Cuts Are Coming, Says Mayor.\n\nThe mayor said on Monday that the city will cut its budget.\n\nJOHN: Hello.\n\nMARY: Hi.\n",
        "Editor's note: This story was updated.\n\nEditor's note: And again.\n",
        "The mayor said the bridge will reopen.\n\nMAYOR: It will.\n\nREPORTER: When?\n",
        "WASHINGTON: The Senate passed the bill on Tuesday.\n\nIt now goes to the House, where its fate is unclear.\n\nLeaders said they would vote next week.\n",
    ],
)
def test_articles_are_not_transcripts(text):
    assert parse_text(text, "a.txt")[0].format == "text"


def test_seed_and_corpus_articles_are_not_transcripts():
    files = sorted(SEEDS.glob("*.txt"))
    polnear = SHARED / "data" / "polnear-train" / "text"
    if polnear.is_dir():
        files += sorted(polnear.glob("*.txt"))
    assert files
    detected = [
        f.name
        for f in files
        if any(d.format == "transcript" for d in parse_text(f.read_text("utf-8"), str(f)))
    ]
    assert detected == []
