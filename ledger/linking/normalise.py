"""Text normalisation for linking and search: one place decides what "the same words" means.

`normalise` folds case, Unicode quotes and dashes, accents and punctuation away and keeps
numbers intact ("1,000" -> "1000", "3.5" stays "3.5", "70%" -> "70 percent"), so two quotes
that differ only in typography compare equal. `content_tokens` additionally drops stop
words (used for paraphrase scoring and for blocking). Negations are deliberately *not* stop
words: "is safe" and "is not safe" must not look alike.

The output of `normalise` is plain space-separated tokens and `normalise` is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "NEGATIONS",
    "NUMBER_WORDS",
    "STOP_WORDS",
    "content_text",
    "content_tokens",
    "display_tokens",
    "normalise",
    "numbers",
    "tokens",
]

# Typographic variants of quotes and dashes, folded before anything else so that the
# apostrophe rule below sees one kind of apostrophe.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u0060\u00b4\u02bc\uff07", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_INWORD_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
# Keep a dot only between two digits (a decimal point); everything else that is not a
# letter or digit becomes a separator. `_` counts as \w in Python, so it is removed too.
_SEPARATORS = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[^\w.]|_)+")
_NUMBER = re.compile(r"\S*\d\S*")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}.,;:!?…-–—"

# Function words that carry no claim. Hand-picked; negations ("not", "no", "never") and
# quantifiers that change a claim ("all", "most", "more", "less") are intentionally absent.
STOP_WORDS: frozenset[str] = frozenset(
    """
    a an the and or but if then than so as of at by for from in into on onto to with
    about above after again against along also although among around because before
    behind below beneath beside between beyond both during each either even ever every
    here how however i me my mine myself we us our ours ourselves you your yours
    yourself yourselves he him his himself she her hers herself it its itself they them
    their theirs themselves this that these those what which who whom whose where when
    why is are was were be been being am have has had having do does did doing will
    would shall should can could may might must just only very really too there
    such own same other another while until unless upon via within without s t
    said says say saying told tell tells according just well still yet ll re ve d m
    dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt
    im youre hes shes its were theyre ive youve weve theyve id youd hed shed wed theyd
    """.split()
) - {"not", "no", "never"}

#: content tokens that negate a claim ("is not safe", "no evidence", "never said");
#: negated contractions ("isnt") become "not" in content tokens
NEGATIONS: frozenset[str] = frozenset("not no never nothing none nobody neither nor cannot".split())

# Contractions of negations keep their meaning as a separate "not" marker for scoring.
_NEGATED = frozenset(
    "dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt".split()
)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _normalise_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_FOLD)
    if not text.isascii():
        text = _strip_marks(text)
    text = text.casefold()
    text = _THOUSANDS.sub("", text)
    text = text.replace("%", " percent ")
    text = _INWORD_APOSTROPHE.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def normalise(text: str) -> str:
    """Case-folded, typography-free text: tokens separated by single spaces.

    Idempotent: ``normalise(normalise(t)) == normalise(t)``.
    """
    once = _normalise_once(text)
    if once.isascii():
        return once
    # Unicode case folding and compatibility decomposition can each create input for the
    # other (rare scripts); iterate to the fixed point so the function stays idempotent.
    for _ in range(4):
        again = _normalise_once(once)
        if again == once:
            break
        once = again
    return once


def tokens(text: str) -> list[str]:
    """Normalised tokens, stop words included (used for repeat/altered and diffs)."""
    return normalise(text).split()


def content_tokens(text_or_tokens: str | Iterable[str]) -> list[str]:
    """Normalised tokens without stop words; negated contractions add a "not" token."""
    toks = tokens(text_or_tokens) if isinstance(text_or_tokens, str) else text_or_tokens
    out: list[str] = []
    for t in toks:
        if t in STOP_WORDS:
            if t in _NEGATED:
                out.append("not")
            continue
        out.append(t)
    return out


def content_text(normalised: str) -> str:
    """Content tokens of an already normalised text, joined by spaces."""
    return " ".join(content_tokens(normalised.split()))


def numbers(text: str) -> list[str]:
    """Number tokens of `text` ("122", "3.5", "1990s"), in order, normalised."""
    return _NUMBER.findall(normalise(text))


def display_tokens(text: str, normalised: str | None = None) -> list[tuple[str, str]]:
    """(normalised token, word as written) pairs, for diffs a reviewer can read.

    A written word that normalises to several tokens ("out-of-state") shows each token as
    normalised; a word that normalises to one token keeps its original spelling minus
    surrounding punctuation. `normalised` (= normalise(text)) may be passed if known.
    """
    words = text.split()
    norm = (normalise(text) if normalised is None else normalised).split()
    if len(words) == len(norm):
        # The common case: one token per written word.
        bare = [w.strip(_EDGE_PUNCT) for w in words]
        if all(b.lower() == t for b, t in zip(bare, norm, strict=True)):
            return list(zip(norm, bare, strict=True))
    out: list[tuple[str, str]] = []
    for word in words:
        bare_word = word.strip(_EDGE_PUNCT)
        if bare_word.isascii() and bare_word.isalnum():
            out.append((bare_word.lower(), bare_word))
            continue
        toks = normalise(word).split()
        if len(toks) == 1:
            out.append((toks[0], bare_word or toks[0]))
        else:
            out.extend((t, t) for t in toks)
    return out


#: number words read as their digits (the pair model and search share them) ("two" agrees with "2" and conflicts with "three");
#: "one" is left out, it is as often a pronoun ("one of them", "no one")
NUMBER_WORDS: dict[str, str] = {
    w: str(n)
    for n, w in enumerate(
        "zero _ two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
    if w != "_"
} | {
    w: str(10 * n)
    for n, w in enumerate("thirty forty fifty sixty seventy eighty ninety".split(), 3)
}
