"""Hostile input to every import format: a one-line error or a whole import, never a
traceback, never a partial record."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledger.sources.formats import SOURCE_FIELDS, STATEMENT_FIELDS
from ledger.store.db import open_database
from ledger.store.models import Source, Statement
from ledger.store.verify import verify

ANY_TEXT = st.text(max_size=300)
NASTY = st.sampled_from(
    [
        "'; DROP TABLE statement; --",
        '" OR 1=1 --',
        "[bold red]markup[/bold red] [link=http://x]x[/link]",
        "\x1b[31mred\x1b[0m\x1b]0;title\x07",
        "\x9b31m",
        '=HYPERLINK("http://evil.example")',
        "../../etc/passwd",
        "/etc/passwd",
        "%s %d {0} {}",
        "\u202eevil\u202c",
        "\x00",
        "\ufeff",
        "“",
        "a" * 5000,
    ]
)
WORDS = st.one_of(ANY_TEXT, NASTY, st.lists(NASTY, max_size=3).map(" ".join))
JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), WORDS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


_OPEN: dict[str, object] = {}


def _state(url: str) -> tuple[int, int]:
    """(sources, statements) after checking the history and every quote's offsets."""
    db = _OPEN.get(url)
    if db is None:  # a new ledger (see conftest.Ledgers): let the last one go
        for old in _OPEN.values():
            old.dispose()
        _OPEN.clear()
        db = _OPEN[url] = open_database(url)
    with db.read() as s:
        result = verify(s)
        assert result.ok, result.problem
        for quote, text, start, end in s.execute(
            select(Statement.quote, Source.text, Statement.start, Statement.end).join(Source)
        ):
            assert text[start:end] == quote
        return (
            s.scalar(select(func.count()).select_from(Source)),
            s.scalar(select(func.count()).select_from(Statement)),
        )


def _import_checked(cli, url: str, path, *args: str) -> None:
    before = _state(url)
    r = cli("import", str(path), *args, db=url)
    after = _state(url)
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    assert r.code in (0, 1), (r.code, r.err)
    m = re.search(r"imported (\d+), unchanged \d+, failed (\d+) \((\d+) statements\)", r.out)
    assert m, (r.out, r.err)
    imported, failed, statements = (int(g) for g in m.groups())
    # what was reported is exactly what was stored: nothing partial
    assert after == (before[0] + imported, before[1] + statements)
    if failed:
        assert r.code == 1 and r.err.strip()
        for line in r.err.strip().splitlines():
            assert line.startswith("ledger: ") or "unchanged" in line


@given(body=WORDS, date=st.one_of(st.dates().map(str), WORDS))
def test_seed_format(cli, ledgers, tmp_path, body, date):
    sqlite_url = ledgers.url()
    f = tmp_path / "in.txt"
    f.write_text(f"date {date}\n{body}", encoding="utf-8", errors="surrogatepass")
    _import_checked(cli, sqlite_url, f, "--format", "seed")


@given(
    meta=st.lists(
        st.tuples(st.sampled_from(["title", "outlet", "url", "date", "kind", "Title"]), WORDS),
        max_size=5,
    ),
    fenced=st.booleans(),
    body=WORDS,
)
def test_text_with_front_matter(cli, ledgers, tmp_path, meta, fenced, body):
    sqlite_url = ledgers.url()
    head = "\n".join(f"{k}: {v}" for k, v in meta)
    text = f"---\n{head}\n---\n{body}" if fenced else f"{head}\n\n{body}"
    f = tmp_path / "in.txt"
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    _import_checked(cli, sqlite_url, f)


@given(
    title=WORDS,
    paras=st.lists(WORDS, max_size=4),
    tags=st.lists(
        st.sampled_from(["<p>", "</p>", "<script>", "<b>", "<!--", "]]>", "&amp;", "&#0;"]),
        max_size=6,
    ),
)
def test_html(cli, ledgers, tmp_path, title, paras, tags):
    sqlite_url = ledgers.url()
    body = "".join(f"<p>{p}</p>{t}" for p, t in zip(paras, tags + [""] * len(paras), strict=False))
    f = tmp_path / "in.html"
    f.write_text(
        f"<!doctype html><html><head><title>{title}</title></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
        errors="surrogatepass",
    )
    _import_checked(cli, sqlite_url, f, "--format", "html")


STATEMENT = st.fixed_dictionaries(
    {"quote": WORDS},
    optional={
        **{k: JSON_VALUE for k in STATEMENT_FIELDS if k != "quote"},
        "source": st.one_of(
            JSON_VALUE,
            st.fixed_dictionaries({}, optional={k: JSON_VALUE for k in SOURCE_FIELDS}),
        ),
        "type": st.sampled_from(["statement", "source", None]),
    },
)


@given(rows=st.lists(st.one_of(STATEMENT, JSON_VALUE), min_size=1, max_size=5))
def test_jsonl_statements(cli, ledgers, tmp_path, rows):
    sqlite_url = ledgers.url()
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    _import_checked(cli, sqlite_url, f, "--format", "jsonl")


@given(data=st.binary(max_size=400), fmt=st.sampled_from(["auto", "seed", "text", "html", "jsonl"]))
def test_raw_bytes_in_any_format(cli, ledgers, tmp_path, data, fmt):
    sqlite_url = ledgers.url()
    f = tmp_path / "in.txt"
    f.write_bytes(data)
    _import_checked(cli, sqlite_url, f, "--format", fmt)


@given(rows=st.lists(STATEMENT, min_size=1, max_size=3))
def test_jsonl_on_stdin(cli, ledgers, rows):
    sqlite_url = ledgers.url()
    before = _state(sqlite_url)
    r = cli(
        "import",
        "-",
        "--format",
        "jsonl",
        db=sqlite_url,
        stdin="\n".join(json.dumps(x) for x in rows),
    )
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    assert r.code in (0, 1)
    m = re.search(r"imported (\d+), unchanged \d+, failed \d+ \((\d+) statements\)", r.out)
    assert m
    after = _state(sqlite_url)
    assert after == (before[0] + int(m.group(1)), before[1] + int(m.group(2)))
