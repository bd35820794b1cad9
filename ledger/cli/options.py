"""Options several commands share, written once so they read and behave the same everywhere.

- `format_option(choices, default)`: the output `--format` (five choice sets below).
- `input_format_option`: `--input-format`, the format of what `import` and `extract` read;
  `import` also accepts its former name `--format` as a hidden alias.
- `decoding_options` and `decoding_choice`: `--errors strict|replace` and `--encoding
  NAME`, how `import` and `extract` decode the bytes they read.
- `filter_options` and `statement_filter`: the statement filters of `statements` and
  `export`, and the `StatementFilter` they make.
- `note_evidence_options`, `version_option`, `claim_option`, `force_option`: the review
  commands' why/what-with, seen-version and claim-or-statement switches.
- `ID`: the type of every id argument (ASCII digits, any size; the services say "no
  statement N" for one beyond the id columns).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from ledger.errors import is_number
from ledger.sources.decoding import ERRORS as DECODING_ERRORS
from ledger.sources.decoding import codec_name
from ledger.sources.formats import FORMATS as SOURCE_FORMATS
from ledger.sources.formats import parse_date
from ledger.vocabulary import HEDGING_LEVELS

if TYPE_CHECKING:
    from ledger.services.query import StatementFilter

F = TypeVar("F", bound=Callable[..., Any])

LIST_FORMATS = ("table", "json", "jsonl", "csv")  # lists of records
STREAM_FORMATS = ("table", "json", "jsonl")  # records with nested fields (no csv)
SUMMARY_FORMATS = ("table", "json")
TEXT_FORMATS = ("text", "json")  # one item, told as lines of text


def _stacked(options: Sequence[Callable[[F], F]]) -> Callable[[F], F]:
    """One decorator applying `options` so that they appear in `--help` in list order."""

    def decorate(f: F) -> F:
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def format_option(
    choices: Sequence[str], default: str, *, show_default: bool = True
) -> Callable[[F], F]:
    """`--format` (the parameter `fmt`): how the command prints its result."""
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=show_default
    )


_INPUT_FORMAT_ALIAS = "ledger.input_format_alias"


def _remember_alias(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta[_INPUT_FORMAT_ALIAS] = value


def _prefer_alias(ctx: click.Context, param: click.Parameter, value: str) -> str:
    # the alias is eager, so it has been seen by now; an explicit --input-format wins
    alias = ctx.meta.pop(_INPUT_FORMAT_ALIAS, None)
    explicit = ctx.get_parameter_source(param.name) is not ParameterSource.DEFAULT
    return value if alias is None or explicit else alias


def input_format_option(*, alias: bool = False) -> Callable[[F], F]:
    """`--input-format` (the parameter `input_fmt`): the format of the files read.

    With `alias`, the hidden `--format` means the same (import's name for it before
    `--input-format` was the one name for both commands).
    """
    visible = click.option(
        "--input-format",
        "input_fmt",
        type=click.Choice(SOURCE_FORMATS),
        default="auto",
        show_default=True,
        callback=_prefer_alias if alias else None,
        help="Input format (detected by content when auto).",
    )
    if not alias:
        return visible
    hidden = click.option(
        "--format",
        "input_format_alias",
        type=click.Choice(SOURCE_FORMATS),
        hidden=True,
        is_eager=True,
        expose_value=False,
        callback=_remember_alias,
    )
    return _stacked([visible, hidden])


_DECODING = "ledger.decoding"


def _remember_decoding(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if param.name == "encoding" and value is not None:
        try:
            value = codec_name(value)
        except LookupError:
            raise click.BadParameter(f"{value!r} is not a text encoding Python knows") from None
    ctx.meta.setdefault(_DECODING, {})[param.name] = value


# `--errors` and `--encoding`; the command reads them with `decoding_choice()`
decoding_options = _stacked(
    [
        click.option(
            "--errors",
            type=click.Choice(DECODING_ERRORS),
            default="strict",
            show_default=True,
            expose_value=False,
            callback=_remember_decoding,
            help="Invalid bytes in a file: an error, or replaced by U+FFFD (and the source "
            "marked).",
        ),
        click.option(
            "--encoding",
            metavar="NAME",
            expose_value=False,
            callback=_remember_decoding,
            help="Decode every file with this encoding (e.g. cp1252) instead of detecting it.",
        ),
    ]
)


def decoding_choice() -> dict[str, str | None]:
    """What the running command's `decoding_options` say: `errors` and `encoding`, the
    keywords of `Overrides.reading`."""
    given = click.get_current_context().meta.get(_DECODING, {})
    return {"errors": given.get("errors") or "strict", "encoding": given.get("encoding")}


def date_value(value: str | None, option: str) -> date | None:
    """The date an option gave (YYYY-MM-DD), `None` when it was not given."""
    return None if value is None else parse_date(value, option)


# `--speaker --source --status --since --until --search --hedging`, parameters of those names
filter_options = _stacked(
    [
        click.option("--speaker", help="Speaker id, or part of a name or alias."),
        click.option("--source", help="Source id, or part of its title, outlet, file or URL."),
        click.option("--status", help="unreviewed, in_review, verified, disputed or rejected."),
        click.option("--since", metavar="YYYY-MM-DD", help="Stated (else published) on or after."),
        click.option("--until", metavar="YYYY-MM-DD", help="Stated (else published) on or before."),
        click.option("--search", metavar="TEXT", help="Quote contains TEXT (case-insensitive)."),
        click.option("--hedging", type=click.Choice(HEDGING_LEVELS)),
    ]
)


def statement_filter(
    speaker: str | None,
    source: str | None,
    status: str | None,
    since: str | None,
    until: str | None,
    search: str | None,
    hedging: str | None,
) -> StatementFilter:
    """The filter `filter_options` describe."""
    # imported here: ledger.services.query loads SQLAlchemy and the models, which commands
    # that filter nothing (and --help) need not wait for
    from ledger.services.query import StatementFilter

    return StatementFilter(
        speaker=speaker,
        source=source,
        status=status,
        since=date_value(since, "--since"),
        until=date_value(until, "--until"),
        search=search,
        hedging=hedging,
    )


def note_evidence_options(note_help: str) -> Callable[[F], F]:
    """`--note TEXT` and the repeatable `--evidence URL|source:ID` of a decision."""
    return _stacked(
        [
            click.option("--note", help=note_help),
            click.option(
                "--evidence", multiple=True, metavar="URL|source:ID", help="Evidence (repeatable)."
            ),
        ]
    )


class IdType(click.ParamType):
    """An id typed by a user: ASCII digits, of any size. A number beyond what the id columns
    hold is passed on, for the command to say "no statement N" as for any missing id."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        from ledger.store.ids import MAX_DIGITS  # the store loads SQLAlchemy: not for --help

        text = str(value)
        if not is_number(text):
            self.fail(f"{text[:40]!r} is not an id (digits 0-9 only)", param, ctx)
        if len(text.lstrip("0")) > MAX_DIGITS:
            self.fail(f"{text[:20]}… is not an id (over {MAX_DIGITS} digits)", param, ctx)
        return int(text)


#: the type of every id argument and option (statement, claim, speaker)
ID = IdType()


def version_option(help_text: str) -> Callable[[F], F]:
    """`--version N` (the parameter `seen`): the item version the reviewer decided on."""
    return click.option("--version", "seen", type=click.IntRange(min=1), help=help_text)


claim_option = click.option("--claim", is_flag=True, help="ITEM_ID is a claim, not a statement.")
force_option = click.option("--force", is_flag=True, help="Replace FILE if it exists.")
