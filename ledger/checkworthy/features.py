"""The features of one statement that say whether it is worth checking.

Owns what the check-worthiness model looks at: cheap, deterministic tests on the statement's
own words (regular expressions over word lists, no corpus statistics, no model download), so
a statement's score never changes with what else is stored and `ledger rescore` equals a
fresh import. Two groups:

* what makes a verifiable assertion: numbers, percentages, money, quantities of people,
  years, comparisons, superlatives and records, trends, causal links, votes and records of
  office, named actors and places, policy subjects (taxes, jobs, crime ...);
* what makes a sentence not worth checking: questions, greetings and thanks, debate
  procedure, opinion and feeling, promises, interruptions and very short turns, stage
  directions.

`FEATURES` names each value of `features()`, in order; `CUE_NAMES` is the human-readable
name of each, shown to reviewers as the reasons a score was raised. The only context is
what the statement itself carries: whether its speaker has the role "moderator".
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

__all__ = ["CUE_NAMES", "FEATURES", "features"]


def _set(spec: str) -> frozenset[str]:
    """The words and phrases of `spec` (phrases written with "_"), as `_grams` keys them."""
    return frozenset(w.replace("_", " ") for w in spec.split())


_NUMBER_WORDS = _set(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred hundreds thousand thousands million millions billion billions trillion "
    "trillions dozen dozens half third quarter twice double triple"
)
_PERCENT = _set("percent per_cent percentage percentages")
_MONEY = _set(
    "dollar dollars cent cents budget budgets deficit deficits debt spending spend spent "
    "cost costs costing paid pay pays fund funds funding funded tax taxes taxed taxing "
    "revenue revenues wage wages salary salaries income incomes price prices premium "
    "premiums gdp economy economic"
)
_BIG = _set("million millions billion billions trillion trillions thousand thousands hundreds")
# a year (1800-2099, "1990s") or "'92", not inside a word or after "$": each branch opens
# with a literal so the search skips ahead (the "not after" test is the look-behind that
# follows it)
_YEAR = re.compile(r"(?:1(?<![\w$]1)[89]\d\d|2(?<![\w$]2)0\d\d)s?(?!\w)|'(?<!\w')\d\d(?!\w)")
_PEOPLE = _set(
    "people americans workers jobs job families children kids women men voters citizens "
    "immigrants refugees veterans soldiers troops students seniors employees businesses "
    "companies population unemployed uninsured deaths killed died murders lives"
)
_COMPARATIVES = _set(
    "more less fewer higher lower greater bigger smaller larger better worse faster slower "
    "cheaper richer poorer"
)
_COMPARISON = _set(
    "than_ever than_any than_anyone than_anybody than_before compared_to compared_with "
    "as_much_as as_many_as twice_as times_more times_as times_higher times_larger more_than "
    "less_than fewer_than up_from down_from"
)
_SUPERLATIVE = _set(
    "most least highest lowest largest biggest smallest greatest worst best fastest slowest "
    "first last_time only ever record all-time unprecedented never_before number_one"
)
_TREND = _set(
    "rose risen rise rises rising increase increased increases increasing grew grown grow "
    "grows growing growth fell fallen fall falls falling decrease decreased decreases "
    "decreasing decline declined declines declining dropped drop drops doubled tripled "
    "quadrupled halved cut cuts slashed soared skyrocketed surged plunged shrank lost "
    "gained added created create creates creating eliminated went_up went_down gone_up "
    "gone_down up_from down_from since"
)
_CAUSAL = _set(
    "because because_of caused causes causing cause led_to leads_to lead_to result "
    "resulted results as_a_result due_to thanks_to responsible_for therefore consequence "
    "so_that which_is_why that's_why blame blamed"
)
_RECORD = _set(
    "voted vote votes voting supported supports opposed opposes sponsored signed passed "
    "vetoed approved rejected endorsed wrote introduced raised lowered invaded said "
    "admitted promised announced funded backed called_for fought against"
)
_POLICY = _set(
    "tax taxes obamacare healthcare health_care insurance medicare medicaid social_security "
    "unemployment jobs wages deficit debt immigration immigrants illegal border wall trade "
    "nafta tpp tariffs china iran isis terrorists terrorism terrorist military nuclear "
    "crime police guns gun abortion climate energy oil coal fracking emissions education "
    "college tuition poverty minimum_wage wall_street banks economy manufacturing "
    "refugees syria iraq afghanistan russia mexico planned_parenthood drugs opioid"
)
_PLACES = _set(
    "america american united_states u.s us usa china chinese russia russian iran iranian "
    "iraq syria mexico mexican canada europe european israel korea japan germany france "
    "britain afghanistan libya ukraine cuba venezuela saudi texas california florida "
    "ohio new_york washington chicago detroit"
)
_INSTITUTIONS = _set(
    "congress senate house supreme_court administration government federal state states "
    "pentagon nato un united_nations fbi cia epa irs fed federal_reserve department "
    "agency republicans democrats republican democrat gop"
)
# Capitalised words that are not names (sentence starts are skipped separately).
_NOT_NAMES = frozenset(
    "i i'm i've i'll i'd we you he she they it this that the a an and but so if oh well "
    "yes no okay ok mr mrs ms dr sir madam thank thanks god".split()
)
# a capitalised word ("Keller", "O'Neil") or an acronym ("NATO"), not inside a word: the
# capital first, so the search skips ahead, then the look-behind at the letter before it
_NAME = re.compile(r"[A-Z](?<![\w'][A-Z])(?:[a-z]+(?:[-'][A-Za-z]+)?|[A-Z]+(?![\w']))")
_QUESTION_WORDS = _set(
    "what why how who whom whose which when where do does did is are was were will would "
    "should could can have has had shall may might isn't aren't don't doesn't didn't won't "
    "wouldn't"
)
_FILLERS = _set("so and but now well okay ok")
_GREETING = _set(
    "thank thanks thank_you good_evening good_morning good_night welcome hello "
    "congratulations congratulate appreciate applause honored pleasure ladies_and_gentlemen "
    "god_bless bless_you nice_to see_you"
)
_PROCEDURE = _set(
    "minute minutes seconds rebuttal respond response question questions debate moderator "
    "next_question go_ahead let_me let's_go turn_to time_is_up your_time the_rules "
    "commercial break audience stage candidates senator governor secretary mr_president "
    "microphone tonight"
)
_OPINION = _set(
    "i_think i_believe i_feel i_guess i_hope i_love i_like in_my_opinion frankly honestly "
    "believe think feel love hate wonderful terrible horrible great amazing incredible "
    "beautiful tremendous fantastic disaster disgrace disgraceful ridiculous sad shame "
    "stupid crazy smart nice proud important should must ought"
)
_PROMISE = _set(
    "i_will i'll we_will we'll i'm_going_to we're_going_to i_am_going_to we_are_going_to "
    "gonna i_would i'd we_would we'd i_want we_want we_need we_have_to my_plan my_plans "
    "i_promise going_to_be will_be"
)
_FIRST_PERSON = _set("i i'm i've i'd i'll me my myself")
_SECOND_PERSON = _set("you you're you've your yours")
_THIRD_PARTY = _set(
    "he she they his her their them he's she's they're they've hillary clinton trump "
    "obama romney bush sanders cruz rubio biden pelosi his_administration"
)
_NEGATION = _set("not no never nothing none nobody n't didn't doesn't don't isn't wasn't won't")
_STAGE = re.compile(r"^\W*[(\[][^()\[\]]*[)\]]\W*$")
#: a statement that opens or ends with one of these was interrupted
_BREAKS = ("--", "—", "–", "...", "…")
# words as the lexicons key them: lower case, the typographic apostrophe folded
_TOKEN = re.compile(r"[a-z0-9$%'.]*[a-z0-9$%']")
_DIGITS = re.compile(r"\d")

#: (feature name, the cue a reviewer sees when it raised the score)
_SPEC: tuple[tuple[str, str], ...] = (
    ("number", "number"),
    ("percent", "percentage"),
    ("money", "money or the economy"),
    ("big_quantity", "large quantity"),
    ("year", "year"),
    ("people", "people or jobs counted"),
    ("comparison", "comparison"),
    ("superlative", "superlative or record"),
    ("trend", "trend"),
    ("causal", "causal claim"),
    ("record", "vote or record of office"),
    ("policy", "policy subject"),
    ("place", "named place"),
    ("institution", "named institution"),
    ("named", "named actor"),
    ("third_party", "claim about others"),
    ("negation", "negation"),
    ("length", "long statement"),
    ("short", "short turn"),
    ("question", "question"),
    ("greeting", "greeting or thanks"),
    ("procedure", "debate procedure"),
    ("opinion", "opinion"),
    ("promise", "promise or plan"),
    ("first_person", "speaks of self"),
    ("second_person", "addresses someone"),
    ("interrupted", "interrupted"),
    ("stage", "stage direction"),
    ("moderator", "moderator"),
)
FEATURES: tuple[str, ...] = tuple(name for name, _ in _SPEC)
CUE_NAMES: dict[str, str] = dict(_SPEC)


#: the lexicons `_text_features` counts, in the order it reads their counts
_LEXICONS: tuple[frozenset[str], ...] = (
    _NUMBER_WORDS,
    _PERCENT,
    _MONEY,
    _BIG,
    _PEOPLE,
    _COMPARISON,
    _SUPERLATIVE,
    _TREND,
    _CAUSAL,
    _RECORD,
    _POLICY,
    _PLACES,
    _INSTITUTIONS,
    _GREETING,
    _PROCEDURE,
    _OPINION,
    _PROMISE,
    _FIRST_PERSON,
    _SECOND_PERSON,
    _THIRD_PARTY,
    _NEGATION,
)
(
    _L_NUMBER,
    _L_PERCENT,
    _L_MONEY,
    _L_BIG,
    _L_PEOPLE,
    _L_COMPARISON,
    _L_SUPERLATIVE,
    _L_TREND,
    _L_CAUSAL,
    _L_RECORD,
    _L_POLICY,
    _L_PLACES,
    _L_INSTITUTIONS,
    _L_GREETING,
    _L_PROCEDURE,
    _L_OPINION,
    _L_PROMISE,
    _L_FIRST_PERSON,
    _L_SECOND_PERSON,
    _L_THIRD_PARTY,
    _L_NEGATION,
) = range(len(_LEXICONS))


def _index(lexicons: tuple[frozenset[str], ...]) -> dict[str, tuple[int, ...]]:
    """Every word and phrase of the lexicons -> the lexicons (by position) it belongs to:
    one dictionary look-up per word of a statement instead of one set intersection per
    lexicon."""
    out: dict[str, list[int]] = {}
    for i, lexicon in enumerate(lexicons):
        for gram in lexicon:
            out.setdefault(gram, []).append(i)
    return {gram: tuple(ids) for gram, ids in out.items()}


_GRAM_INDEX = _index(_LEXICONS)


def _phrases(index: dict[str, tuple[int, ...]]) -> dict[str, tuple[tuple[list[str], str], ...]]:
    """The lexicons' phrases by their first word: (the words after it, the phrase)."""
    out: dict[str, list[tuple[list[str], str]]] = {}
    for gram in index:
        if " " in gram:
            first, *rest = gram.split()
            out.setdefault(first, []).append((rest, gram))
    return {first: tuple(v) for first, v in out.items()}


#: the lexicons' phrases by first word (`_grams` looks for them after that word)
_PHRASES = _phrases(_GRAM_INDEX)
#: a count capped at 1 or 2, as a float (`_CAP1[n]`, `_CAP2[n]`; no lexicon is longer)
_LONGEST = max(len(lexicon) for lexicon in _LEXICONS) + 1
_CAP1 = (0.0,) + (1.0,) * _LONGEST
_CAP2 = (0.0, 1.0) + (2.0,) * _LONGEST


def _named(text: str) -> float:
    """Capitalised words that are not the first of a sentence, nor pronouns or fillers
    (`text` has its whitespace folded to single spaces)."""
    n = 0
    for m in _NAME.finditer(text):
        j = m.start() - 1
        if j >= 0 and text[j] == " ":
            j -= 1
        if j < 0 or text[j] in '.!?:;"“(':
            continue
        if m.group(0).lower() in _NOT_NAMES:
            continue
        n += 1
        if n >= 3:
            break
    return float(n)


def _grams(tokens: list[str]) -> set[str]:
    """The text's words, and the lexicons' phrases it has."""
    out = set(tokens)
    for i, t in enumerate(tokens):
        phrases = _PHRASES.get(t)
        if phrases is not None:
            for rest, phrase in phrases:
                if tokens[i + 1 : i + 1 + len(rest)] == rest:
                    out.add(phrase)
    return out


def _counts(grams: set[str]) -> list[int]:
    """How many of each lexicon's words and phrases are among `grams` (by position)."""
    counts = [0] * len(_LEXICONS)
    get = _GRAM_INDEX.get
    for gram in grams:
        ids = get(gram)
        if ids is not None:
            for i in ids:
                counts[i] += 1
    return counts


def _comparison(tokens: list[str], compared: int) -> float:
    # "more … than" with up to three words between, or a fixed comparative phrase
    if compared:
        return 1.0
    for i, t in enumerate(tokens):
        if t == "than" and any(w in _COMPARATIVES for w in tokens[max(0, i - 4) : i]):
            return 1.0
    return 0.0


def normalised(text: str) -> tuple[str, str]:
    """(`text` with its whitespace folded to single spaces, that in lower case): the two
    forms the features and the wording (`wording.wording_of`) read."""
    text = " ".join(text.split())
    return text, text.lower()


def text_features(text: str, lower: str) -> tuple[float, ...]:
    """The values of `FEATURES` but the last (`moderator`) for `text` as `normalised`
    gives it, with its lower-case form."""
    low = lower.replace("’", "'") if "’" in lower else lower
    tokens = _TOKEN.findall(low)
    c = _counts(_grams(tokens))
    n = len(tokens)
    if text.endswith("?"):
        question = 1.0
    else:
        first = [t for t in tokens[:2] if t not in _FILLERS][:1]
        question = 0.5 if first and first[0] in _QUESTION_WORDS else 0.0
    has_digit = bool(_DIGITS.search(text))
    digits = sum(1 for t in tokens if t[0].isdigit() or t[0] == "$") if has_digit else 0
    cap1, cap2 = _CAP1.__getitem__, _CAP2.__getitem__
    return (
        float(min(2, digits + c[_L_NUMBER])) + (1.0 if has_digit else 0.0),
        1.0 if "%" in text or c[_L_PERCENT] else 0.0,
        float(min(2, ("$" in text or "£" in text or "€" in text) + c[_L_MONEY])),
        cap1(c[_L_BIG]),
        1.0 if has_digit and _YEAR.search(text) else 0.0,
        cap2(c[_L_PEOPLE]),
        _comparison(tokens, c[_L_COMPARISON]),
        cap1(c[_L_SUPERLATIVE]),
        cap2(c[_L_TREND]),
        cap1(c[_L_CAUSAL]),
        cap2(c[_L_RECORD]),
        cap2(c[_L_POLICY]),
        cap2(c[_L_PLACES]),
        cap2(c[_L_INSTITUTIONS]),
        _named(text),
        cap2(c[_L_THIRD_PARTY]),
        1.0 if c[_L_NEGATION] or "n't" in low else 0.0,
        # log length, capped: long sentences carry more claims, up to a point
        _LOG_LENGTH[min(n, 60)],
        1.0 if n <= 4 else 0.5 if n <= 7 else 0.0,
        question,
        cap1(c[_L_GREETING]),
        cap2(c[_L_PROCEDURE]),
        cap2(c[_L_OPINION]),
        cap2(c[_L_PROMISE]),
        cap2(c[_L_FIRST_PERSON]),
        cap2(c[_L_SECOND_PERSON]),
        1.0 if text.endswith(_BREAKS) or text.startswith(_BREAKS) else 0.0,
        1.0 if _STAGE.match(text) else 0.0,
    )


#: the length feature by word count (0-60; longer counts as 60)
_LOG_LENGTH = tuple(round(math.log1p(n), 1) for n in range(61))


@lru_cache(maxsize=4096)
def _text_features(text: str) -> tuple[float, ...]:
    return text_features(*normalised(text))


def features(text: str, *, moderator: bool = False) -> tuple[float, ...]:
    """The values of `FEATURES` for one statement (`moderator`: its speaker has that role)."""
    return _text_features(text) + (1.0 if moderator else 0.0,)
