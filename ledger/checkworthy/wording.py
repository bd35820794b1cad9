"""The wording of checked claims: a fixed table of words and how much more often each
appears in check-worthy sentences than in the others.

Owns the lexical part of the check-worthiness score. `WORDS` maps a word (lower case, digit
runs folded to "0", so "1990" and "$40" read as "0" and "$0") to its smoothed log-odds of
appearing in a check-worthy sentence rather than another, counted on CheckThat 2020 Task 5's
training debates by `benchmarks/tune_checkworthy.py --fit` (words seen at least
`MIN_COUNT` times, smoothing 0.5; only words whose weight is at least `MIN_WEIGHT` away from
0 are kept). The table is data written by that script, not by hand: rerun it to refit.

`wording(text)` is the sum of its distinct words' weights over the square root of their
number (a long sentence is not check-worthy for its length alone), with the words that
raised it most.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

__all__ = [
    "MIN_COUNT",
    "MIN_WEIGHT",
    "WORDS",
    "evidence_of",
    "strongest",
    "words_of",
    "wording",
    "wording_of",
]

MIN_COUNT = 50
MIN_WEIGHT = 0.5

_TOKEN = re.compile(r"[a-z0-9$%']+")
# a digit run is always inside one word, so folding the text's runs folds its words' runs
_DIGITS = re.compile(r"[0-9]+")


def words_of(text: str) -> frozenset[str]:
    """The distinct words of `text` as the table keys them."""
    return _words(text.lower())


def _words(lower: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(_DIGITS.sub("0", lower)))


# word:weight pairs, written by benchmarks/tune_checkworthy.py --fit
_TABLE = """
increase:2.962 highest:2.516 hundreds:2.42 immigrants:2.313 illegal:2.248 biggest:2.238 billions:2.206 earth:2.206
billion:2.203 fund:2.15 amnesty:2.127 voted:2.124 spend:2.105 check:2.032 wants:2.012 wages:2.005
drugs:1.985 african:1.983 muslims:1.968 since:1.952 cities:1.95 raise:1.943 period:1.932 $0:1.925
libya:1.897 members:1.897 nato:1.897 saudi:1.897 wage:1.897 foundation:1.88 amendment:1.874 almost:1.87
department:1.856 giving:1.843 program:1.826 gave:1.818 third:1.815 budget:1.813 costs:1.813 minimum:1.813
million:1.811 cuts:1.793 single:1.782 months:1.778 hours:1.773 infrastructure:1.773 created:1.769 looked:1.754
defense:1.742 crime:1.71 criminal:1.704 hillary:1.697 japan:1.681 relationship:1.681 wealth:1.663 putin:1.656
obamacare:1.655 while:1.637 percent:1.631 women:1.625 borders:1.618 massive:1.618 lower:1.616 total:1.612
nations:1.611 spending:1.597 rebuild:1.596 seen:1.596 totally:1.59 used:1.588 returns:1.58 favor:1.564
powerful:1.564 started:1.559 she:1.55 young:1.542 bringing:1.533 terrorist:1.533 ago:1.518 they've:1.518
tried:1.518 iraq:1.511 entire:1.506 radical:1.506 amount:1.497 debates:1.497 inner:1.497 video:1.497
year:1.497 e:1.476 obama's:1.476 organization:1.476 recent:1.476 took:1.476 nice:1.473 release:1.473
countries:1.472 candidate:1.47 fact:1.463 death:1.459 dollars:1.458 rigged:1.456 sign:1.456 administration:1.452
already:1.447 create:1.447 war:1.447 millions:1.436 continue:1.425 cnn:1.417 couple:1.417 losing:1.417
insurance:1.383 provide:1.377 barack:1.376 eight:1.376 lost:1.375 call:1.367 under:1.364 ran:1.362
speech:1.362 east:1.359 half:1.356 communities:1.352 policies:1.352 buy:1.344 wouldn't:1.336 run:1.333
beginning:1.326 paid:1.326 days:1.311 guns:1.302 speak:1.302 until:1.302 thousands:1.298 basically:1.292
poverty:1.292 obama:1.29 called:1.282 gotten:1.276 throughout:1.276 her:1.275 china:1.273 ever:1.272
open:1.27 cases:1.259 ones:1.259 turned:1.259 trillion:1.258 pay:1.256 happening:1.252 line:1.252
history:1.249 0:1.248 guys:1.243 six:1.243 statement:1.243 citizens:1.236 down:1.236 disaster:1.234
yet:1.234 truth:1.232 military:1.229 chris:1.227 least:1.227 pence:1.227 few:1.225 across:1.222
debt:1.222 terrorism:1.221 weeks:1.221 kids:1.217 income:1.214 clinton's:1.212 room:1.209 three:1.206
shouldn't:1.198 passed:1.196 strength:1.196 korea:1.191 either:1.188 everyone:1.183 clinton:1.176 terms:1.166
worked:1.166 against:1.156 words:1.156 term:1.151 cannot:1.142 high:1.142 less:1.142 certain:1.137
getting:1.132 nuclear:1.132 weapons:1.126 spent:1.125 allow:1.115 far:1.111 horrible:1.109 recently:1.109
even:1.108 between:1.107 wanted:1.105 report:1.095 russia:1.095 taxes:1.095 top:1.095 americans:1.089
america's:1.081 drug:1.081 years:1.078 border:1.076 jobs:1.074 numbers:1.066 race:1.066 went:1.063
isn't:1.047 made:1.046 national:1.045 middle:1.043 attacks:1.041 group:1.041 worst:1.041 than:1.039
turn:1.037 has:1.028 paul:1.028 wealthy:1.028 through:1.024 gun:1.019 world:1.017 whatever:1.015
others:1.01 without:1.007 allowed:1.003 by:1.003 free:1.0 coming:0.99 which:0.989 attack:0.983
health:0.98 climate:0.978 we've:0.969 black:0.965 chinese:0.965 close:0.965 democracy:0.965 hell:0.965
his:0.965 immigration:0.965 international:0.965 legislation:0.965 negotiate:0.965 ready:0.965 street:0.965 tremendous:0.957
who's:0.953 businesses:0.948 earlier:0.945 funding:0.945 regime:0.945 congress:0.944 enforcement:0.942 gone:0.94
number:0.938 find:0.932 nothing:0.932 into:0.931 men:0.931 rate:0.93 when:0.929 agenda:0.926
raised:0.926 religious:0.926 supporting:0.926 came:0.924 first:0.922 before:0.92 finally:0.918 man:0.913
said:0.909 europe:0.907 fought:0.907 rich:0.907 sometimes:0.907 talks:0.907 terrorists:0.907 trade:0.907
an:0.904 told:0.899 were:0.897 actually:0.896 problems:0.894 taken:0.89 today:0.889 endorsed:0.888
huge:0.888 raising:0.888 supported:0.884 she's:0.875 whole:0.875 as:0.874 threat:0.873 coal:0.869
legal:0.869 must:0.869 result:0.869 signed:0.869 willing:0.869 had:0.858 somebody:0.857 honor:0.851
record:0.851 russians:0.851 anything:0.841 tax:0.837 especially:0.833 service:0.833 behind:0.83 college:0.83
two:0.83 example:0.828 children:0.827 isis:0.826 security:0.821 based:0.819 george:0.816 islamic:0.816
leaving:0.816 marco:0.816 month:0.816 romney:0.816 financial:0.809 wasn't:0.809 him:0.808 bad:0.806
allies:0.798 focus:0.798 starting:0.798 united:0.797 israel:0.791 donald:0.79 instead:0.788 many:0.782
among:0.781 easy:0.781 low:0.781 responsibility:0.781 after:0.78 goes:0.778 i'd:0.77 difference:0.768
gets:0.768 haven't:0.768 intelligence:0.768 experience:0.765 hands:0.765 mistake:0.765 ronald:0.765 where:0.764
democrats:0.762 protect:0.762 never:0.761 wall:0.76 these:0.758 any:0.755 clear:0.754 deals:0.748
elected:0.748 father:0.748 hear:0.748 little:0.748 morning:0.748 small:0.748 using:0.748 there's:0.742
gonna:0.739 putting:0.739 over:0.737 remember:0.735 he:0.734 states:0.733 decisions:0.732 movement:0.732
poll:0.732 didn't:0.731 supreme:0.729 other:0.728 being:0.726 one:0.723 only:0.723 company:0.72
deal:0.72 more:0.719 our:0.719 democrat:0.716 led:0.716 v:0.716 because:0.715 cost:0.71
interests:0.71 tape:0.71 heard:0.707 become:0.701 companies:0.701 personal:0.701 rights:0.701 strongly:0.701
state:0.699 families:0.696 give:0.687 then:0.686 old:0.682 paying:0.682 workers:0.675 story:0.673
such:0.673 them:0.673 common:0.67 federal:0.67 stronger:0.67 times:0.665 along:0.664 help:0.659
come:0.657 audience:0.655 safety:0.655 seven:0.655 john:0.649 who:0.647 case:0.646 asked:0.643
air:0.641 crisis:0.641 places:0.641 poor:0.641 or:0.64 time:0.639 defend:0.638 special:0.638
america:0.637 out:0.636 including:0.63 major:0.629 advantage:0.626 higher:0.626 in:0.626 still:0.626
agreement:0.62 every:0.62 ted:0.62 happen:0.617 at:0.616 oil:0.612 position:0.612 wrong:0.606
from:0.603 was:0.603 of:0.601 left:0.6 senate:0.6 country:0.598 past:0.598 plans:0.598
forward:0.595 leave:0.595 process:0.595 also:0.593 new:0.587 killed:0.584 like:0.581 been:0.58
during:0.578 court:0.57 themselves:0.57 else:0.559 assad:0.557 foreign:0.553 anybody:0.546 idea:0.546
look:0.546 all:0.543 industry:0.543 longer:0.543 ought:0.543 running:0.541 u:0.541 once:0.538
happy:0.53 maybe:0.53 show:0.53 can't:0.525 justice:0.525 real:0.525 someone:0.522 front:0.517
guess:0.517 share:0.517 break:0.508 lives:0.507 media:0.507 very:0.506 0th:0.504 constitution:0.504
large:0.504 nation:0.504 says:0.504 solve:0.504 watching:0.504 are:0.5 same:0.5 add:-0.501
minute:-0.501 path:-0.501 ways:-0.501 away:-0.506 aren't:-0.515 read:-0.515 re:-0.524 need:-0.527
fake:-0.528 presidency:-0.528 point:-0.537 bell:-0.542 rather:-0.542 view:-0.542 place:-0.551 anymore:-0.555
concerned:-0.555 elect:-0.555 worse:-0.568 built:-0.581 commercial:-0.581 living:-0.581 off:-0.581 carolina:-0.594
response:-0.594 trump's:-0.594 we'll:-0.603 republican:-0.612 i'm:-0.615 anderson:-0.619 hold:-0.619 me:-0.619
nomination:-0.619 sense:-0.619 thanks:-0.619 fine:-0.644 question:-0.646 fix:-0.656 obviously:-0.656 standing:-0.656
works:-0.656 convention:-0.668 god:-0.668 laughter:-0.68 school:-0.68 veterans:-0.68 both:-0.687 carson:-0.691
executive:-0.691 how:-0.694 that's:-0.7 dr:-0.703 moment:-0.703 incredible:-0.714 polls:-0.714 serious:-0.737
terrible:-0.737 level:-0.747 promise:-0.747 stay:-0.747 violence:-0.747 everybody:-0.758 opportunity:-0.758 send:-0.758
wait:-0.758 issue:-0.769 talk:-0.778 conservative:-0.78 here:-0.78 minutes:-0.79 wisconsin:-0.79 certainly:-0.801
rid:-0.801 together:-0.818 face:-0.821 listen:-0.821 frankly:-0.831 friends:-0.831 name:-0.831 set:-0.831
quote:-0.841 action:-0.851 force:-0.851 ground:-0.851 involved:-0.851 night:-0.851 tough:-0.861 word:-0.861
leaders:-0.871 chief:-0.88 live:-0.88 private:-0.89 greatest:-0.918 given:-0.945 pretty:-0.954 bit:-0.963
mexico:-0.972 lead:-0.98 looking:-0.98 okay:-0.98 please:-1.006 let's:-1.009 oh:-1.014 politics:-1.014
growth:-1.031 rubio:-1.095 won't:-1.11 inaudible:-1.133 nominee:-1.14 energy:-1.147 bush:-1.162 each:-1.162
five:-1.162 done:-1.174 governor:-1.175 again:-1.179 folks:-1.204 kasich:-1.204 ahead:-1.218 reason:-1.218
welcome:-1.232 proud:-1.245 don:-1.271 yeah:-1.291 voters:-1.303 begin:-1.309 respond:-1.309 work:-1.32
power:-1.334 here's:-1.393 agree:-1.491 week:-1.507 can:-1.516 love:-1.557 candidates:-1.576 party:-1.77
long:-1.798 washington:-1.846 thank:-1.858 i'll:-1.903 debate:-1.916 crosstalk:-1.96 t:-2.017 mr:-2.339
"""

WORDS: dict[str, float] = {
    w: float(v) for w, _, v in (item.rpartition(":") for item in _TABLE.split())
}


@lru_cache(maxsize=4096)
def wording(text: str) -> tuple[float, tuple[str, ...]]:
    """(the lexical evidence of `text`, its words that raised it most, strongest first)."""
    return wording_of(text.lower())


def wording_of(lower: str) -> tuple[float, tuple[str, ...]]:
    """`wording` of a text given in lower case."""
    value, hits = evidence_of(lower)
    return value, strongest(hits)


def evidence_of(lower: str) -> tuple[float, list[tuple[float, str]]]:
    """(the lexical evidence of a lower-case text, its words in the table with their
    weights, in no order)."""
    words = _words(lower)
    if not words:
        return 0.0, []
    get = WORDS.get
    hits = [(v, w) for w in words if (v := get(w)) is not None]
    return sum(v for v, _ in hits) / math.sqrt(len(words)), hits


def strongest(hits: list[tuple[float, str]]) -> tuple[str, ...]:
    """The three words of `hits` that raised the evidence most, strongest first: the words
    a reviewer can read as a reason, so not the folded numbers ("0", "$0"), which the
    "number" cue names, nor words under three letters."""
    return tuple(
        w
        for v, w in sorted(hits, key=lambda t: (-t[0], t[1]))
        if v > 0 and "0" not in w and len(w) >= 3
    )[:3]
