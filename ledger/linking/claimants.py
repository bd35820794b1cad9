"""Does a query's speaker agree with a fact-check's claimant? Pure name matching.

"Checked before?" ranks the fact-checks of the person who said a sentence above those of
others. The two sides name people differently: a debate transcript says "TRUMP", "SEN.
BERNIE SANDERS" or "Vice President Biden", a fact-check "Donald Trump", "Bernie Sanders",
"Joe Biden". `name_agreement` compares two names on their own, with no statistics of any
corpus (so a result never depends on what else is stored):

* titles and honorifics in front ("President", "Sen.", "Mr.", "Vice President", "Former
  Gov.") and generational suffixes behind ("Jr.", "III") are dropped; case, accents and
  punctuation do not count;
* the surname is the last word, or the last words when the other name ends with the same
  several ("Wasserman Schultz");
* with the same surname, two first names must be compatible: equal, one an initial of
  the other, or a common nickname of it ("Joe"/"Joseph", "Bill"/"William"); "Bill
  Clinton" and "Hillary Clinton" do not agree.

Scores: 1.0 the same person by full name (or the same single name), `SURNAME_ONLY` when
one side gives only the surname, `FIRST_ONLY` when one side is a bare first name that is
the other's, 0.0 otherwise; None when either side has no name at all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["FIRST_ONLY", "SURNAME_ONLY", "name_agreement", "name_words", "best_agreement"]

#: one side names only the surname ("Biden" vs "Joe Biden"): very likely, not certain
SURNAME_ONLY = 0.8
#: one side is a bare first name that is the other's ("Bernie" vs "Bernie Sanders")
FIRST_ONLY = 0.5

# Words that come before a name as a title: dropped from the front only, so a surname
# that happens to be one of them ("John Speaker") survives.
_TITLES = frozenset(
    """
    president vice vp sen senator gov governor rep representative congressman
    congresswoman congressmember mr mrs ms miss mx dr doctor prof professor sec secretary
    former ex candidate mayor judge justice chief rev reverend fr father gen general lt
    col colonel adm admiral capt captain sgt hon honorable the first lady gentleman
    gentlewoman sir dame lord speaker leader majority minority house senate us u s state
    of attorney ag delegate councilman councilwoman councilmember commissioner chairman
    chairwoman chair prime minister premier pres sir king queen prince princess
    assemblyman assemblywoman assemblymember state's lieutenant
    """.split()
)
_SUFFIXES = frozenset("jr sr ii iii iv v phd md esq".split())

# Common English given-name variants. Each group is one name; a name in two groups is
# compatible with both ("Chris" with "Christopher" and "Christine").
_NICKNAME_GROUPS = (
    "william bill billy will willy liam",
    "robert bob bobby rob robbie bert beto",
    "joseph joe joey",
    "michael mike mikey mick",
    "james jim jimmy jamie",
    "thomas tom tommy",
    "richard dick rick ricky rich richie",
    "edward ed eddie ted teddy ned",
    "theodore ted teddy theo",
    "bernard bernie",
    "christopher chris kit",
    "christine chris chrissy tina",
    "christina chris tina",
    "daniel dan danny",
    "david dave davy",
    "donald don donnie",
    "elizabeth liz lizzie beth betsy betty eliza libby",
    "katherine kathy kate katie kat",
    "catherine cathy kate katie cat",
    "kathleen kathy kate",
    "patrick pat",
    "patricia pat patty trish",
    "ronald ron ronnie",
    "timothy tim timmy",
    "anthony tony",
    "andrew andy drew",
    "alexander alex al xander sasha",
    "alexandra alex sandra",
    "alexandria alex",
    "albert al bert",
    "alan al",
    "allen al",
    "stephen steve stevie",
    "steven steve stevie",
    "samuel sam sammy",
    "samantha sam",
    "benjamin ben benny",
    "gregory greg",
    "jeffrey jeff",
    "geoffrey jeff geoff",
    "jonathan jon",
    "john jack johnny jon",
    "charles charlie chuck chas",
    "newton newt",
    "willard mitt",
    "randal rand randy",
    "randall rand randy",
    "nicholas nick",
    "nicole nikki",
    "nimrata nikki",
    "matthew matt",
    "margaret maggie meg peggy",
    "deborah debbie deb",
    "debra debbie deb",
    "susan sue susie",
    "jennifer jen jenny",
    "rebecca becky",
    "kenneth ken kenny",
    "lawrence larry",
    "gerald gerry jerry",
    "jerome jerry",
    "frederick fred",
    "raymond ray",
    "peter pete",
    "philip phil",
    "phillip phil",
    "douglas doug",
    "leonard leo len lenny",
    "gerard gerry",
    "harold harry hal",
    "henry harry hank",
    "frances fran",
    "francis frank",
    "franklin frank",
    "terence terry",
    "terrence terry",
    "vincent vince",
    "zachary zach zack",
    "joshua josh",
    "jacob jake",
    "nathaniel nate nathan",
    "nathan nate",
    "abraham abe",
    "barbara barb",
    "victoria vicky tori",
    "cynthia cindy",
    "pamela pam",
    "madeleine madeline maddie",
    "judith judy",
    "kimberly kim",
    "melissa missy",
    "jessica jess",
    "hillary hilary",
    "joseph joe",
)


def _nickname_index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for gid, group in enumerate(_NICKNAME_GROUPS):
        for name in group.split():
            index.setdefault(name, set()).add(gid)
    return {k: frozenset(v) for k, v in index.items()}


_NICKNAMES = _nickname_index()
_NON_WORD = re.compile(r"[^\w\s-]+")
_SPLIT = re.compile(r"[\s_-]+")


@lru_cache(maxsize=65536)
def name_words(name: str | None) -> tuple[str, ...]:
    """The words of a name that identify the person: case-folded, accents and punctuation
    removed, titles in front and suffixes behind dropped.

    ``"SEN. BERNIE SANDERS"`` -> ``("bernie", "sanders")``; ``"Vice President Biden"`` ->
    ``("biden",)``. A name that is all title ("The President") keeps its last word.
    """
    if not name:
        return ()
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    # "O'Malley" -> "omalley", "J.D." -> "jd": apostrophes and dots join, they never split.
    text = text.replace("'", "").replace("\u2019", "").replace(".", ". ")
    words = [w for w in _SPLIT.split(_NON_WORD.sub(" ", text)) if w]
    if not words:
        return ()
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    start = 0
    while start < len(words) - 1 and words[start] in _TITLES:
        start += 1
    return tuple(words[start:])


def _first_names_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial: "J. Biden"
        return a[0] == b[0]
    ga, gb = _NICKNAMES.get(a), _NICKNAMES.get(b)
    return bool(ga and gb and ga & gb)


def _surname_length(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many final words the two names share (0: different surnames)."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


@lru_cache(maxsize=262144)
def _agreement(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if a == b:
        return 1.0
    shared = _surname_length(a, b)
    if shared:
        ra, rb = a[: len(a) - shared], b[: len(b) - shared]
        if not ra or not rb:
            return SURNAME_ONLY
        return 1.0 if _first_names_agree(ra[0], rb[0]) else 0.0
    # One side a bare first name ("Bernie") that is the other's.
    if len(a) == 1 and len(b) > 1 and _first_names_agree(a[0], b[0]) and len(a[0]) > 1:
        return FIRST_ONLY
    if len(b) == 1 and len(a) > 1 and _first_names_agree(b[0], a[0]) and len(b[0]) > 1:
        return FIRST_ONLY
    return 0.0


def name_agreement(a: str | None, b: str | None) -> float | None:
    """How surely names `a` and `b` are the same person, 0.0-1.0 (see the module's
    docstring); None when either has no name."""
    wa, wb = name_words(a), name_words(b)
    if not wa or not wb:
        return None
    return _agreement(wa, wb)


def best_agreement(names: list[str | None] | tuple[str | None, ...], other: str | None) -> float:
    """The best agreement of any of `names` with `other` (0.0 when none has a name)."""
    best = 0.0
    for name in names:
        score = name_agreement(name, other)
        if score is not None and score > best:
            best = score
    return best
