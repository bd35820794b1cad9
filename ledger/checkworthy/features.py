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


def _words(spec: str) -> str:
    """An alternation of the words (and phrases) in `spec`, longest first."""
    items = sorted({w.replace("_", " ") for w in spec.split()}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def _rx(spec: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + _words(spec) + r")(?![\w'])", flags)


_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred hundreds thousand thousands million millions billion billions trillion "
    "trillions dozen dozens half third quarter twice double triple"
)
_DIGITS = re.compile(r"\d")
_NUMBER = re.compile(r"(?<![\w])\d[\d,.]*|" + _rx(_NUMBER_WORDS).pattern, re.IGNORECASE)
_PERCENT = re.compile(r"%|(?<![\w])(?:percent|per\s+cent|percentage|percentages)(?![\w])", re.I)
_MONEY = re.compile(
    r"[$£€]\s?\d|(?<![\w])(?:dollars?|cents?|budget|budgets|deficit|deficits|debt|"
    r"spending|spend|spent|cost|costs|costing|paid|pay|pays|fund|funds|funding|funded|"
    r"tax|taxes|taxed|taxing|revenue|revenues|wage|wages|salary|salaries|income|"
    r"incomes|price|prices|premiums?|trade\s+deficit|gdp|economy|economic)(?![\w])",
    re.I,
)
_BIG = _rx("million millions billion billions trillion trillions thousand thousands hundreds")
_YEAR = re.compile(r"(?<![\w$])(?:1[89]\d\d|20\d\d)s?(?![\w])|(?<![\w])'\d\d(?![\w])")
_PEOPLE = _rx(
    "people americans workers jobs job families children kids women men voters citizens "
    "immigrants refugees veterans soldiers troops students seniors employees businesses "
    "companies population unemployed uninsured deaths killed died murders lives"
)
_COMPARISON = re.compile(
    r"(?<![\w])(?:more|less|fewer|higher|lower|greater|bigger|smaller|larger|better|worse|"
    r"faster|slower|cheaper|richer|poorer)\s+(?:\w+\s+){0,3}?than(?![\w])|(?<![\w])(?:"
    r"than\s+(?:ever|any|anyone|anybody|before)|compared\s+(?:to|with)|as\s+much\s+as|"
    r"as\s+many\s+as|twice\s+as|times\s+(?:more|as|higher|larger)|more\s+than|less\s+than|"
    r"fewer\s+than|up\s+from|down\s+from)(?![\w])",
    re.I,
)
_SUPERLATIVE = re.compile(
    r"(?<![\w])(?:most|least|highest|lowest|largest|biggest|smallest|greatest|worst|best|"
    r"fastest|slowest|first|last\s+time|only|ever|record|all-time|unprecedented|never\s+"
    r"before|number\s+one|no\s+\w+\s+has\s+ever)(?![\w])",
    re.I,
)
_TREND = _rx(
    "rose risen rise rises rising increase increased increases increasing grew grown grow "
    "grows growing growth fell fallen fall falls falling decrease decreased decreases "
    "decreasing decline declined declines declining dropped drop drops doubled tripled "
    "quadrupled halved cut cuts slashed soared skyrocketed surged plunged shrank lost "
    "gained added created create creates creating eliminated went_up went_down gone_up "
    "gone_down up_from down_from since"
)
_CAUSAL = _rx(
    "because because_of caused causes causing cause led_to leads_to lead_to result "
    "resulted results as_a_result due_to thanks_to responsible_for therefore consequence "
    "so_that which_is_why that's_why blame blamed"
)
_RECORD = _rx(
    "voted vote votes voting supported supports opposed opposes sponsored signed passed "
    "vetoed approved rejected endorsed wrote introduced raised lowered invaded said "
    "admitted promised announced funded backed called_for fought against"
)
_POLICY = _rx(
    "tax taxes obamacare healthcare health_care insurance medicare medicaid social_security "
    "unemployment jobs wages deficit debt immigration immigrants illegal border wall trade "
    "nafta tpp tariffs china iran isis terrorists terrorism terrorist military nuclear "
    "crime police guns gun abortion climate energy oil coal fracking emissions education "
    "college tuition poverty minimum_wage wall_street banks economy manufacturing "
    "refugees syria iraq afghanistan russia mexico planned_parenthood drugs opioid"
)
_PLACES = _rx(
    "america american united_states u.s. us usa china chinese russia russian iran iranian "
    "iraq syria mexico mexican canada europe european israel korea japan germany france "
    "britain afghanistan libya ukraine cuba venezuela saudi texas california florida "
    "ohio new_york washington chicago detroit"
)
_INSTITUTIONS = _rx(
    "congress senate house supreme_court administration government federal state states "
    "pentagon nato un united_nations fbi cia epa irs fed federal_reserve department "
    "agency republicans democrats republican democrat gop"
)
# Capitalised words that are not names (sentence starts are skipped separately).
_NOT_NAMES = frozenset(
    "i i'm i've i'll i'd we you he she they it this that the a an and but so if oh well "
    "yes no okay ok mr mrs ms dr sir madam thank thanks god".split()
)
_NAME = re.compile(r"(?<![\w'])[A-Z][a-z]+(?:[-'][A-Za-z]+)?|(?<![\w'])[A-Z]{2,}(?![\w'])")

_QUESTION_START = re.compile(
    r"^\W*(?:so\s+|and\s+|but\s+|now\s+|well\s+|okay\s+|ok\s+)?(?:what|why|how|who|whom|"
    r"whose|which|when|where|do|does|did|is|are|was|were|will|would|should|could|can|"
    r"have|has|had|shall|may|might|isn't|aren't|don't|doesn't|didn't|won't|wouldn't)\b",
    re.I,
)
_GREETING = _rx(
    "thank thanks thank_you good_evening good_morning good_night welcome hello "
    "congratulations congratulate appreciate applause honored pleasure ladies_and_gentlemen "
    "god_bless bless_you nice_to see_you"
)
_PROCEDURE = _rx(
    "minute minutes seconds rebuttal respond response question questions debate moderator "
    "next_question go_ahead let_me let's_go turn_to time_is_up your_time the_rules "
    "commercial break audience stage candidates senator governor secretary mr_president "
    "microphone tonight"
)
_OPINION = _rx(
    "i_think i_believe i_feel i_guess i_hope i_love i_like in_my_opinion frankly honestly "
    "believe think feel love hate wonderful terrible horrible great amazing incredible "
    "beautiful tremendous fantastic disaster disgrace disgraceful ridiculous sad shame "
    "stupid crazy smart nice proud important should must ought"
)
_PROMISE = _rx(
    "i_will i'll we_will we'll i'm_going_to we're_going_to i_am_going_to we_are_going_to "
    "gonna i_would i'd we_would we'd i_want we_want we_need we_have_to my_plan my_plans "
    "i_promise going_to_be will_be"
)
_FIRST_PERSON = _rx("i i'm i've i'd i'll me my myself")
_SECOND_PERSON = _rx("you you're you've your yours")
_THIRD_PARTY = _rx(
    "he she they his her their them he's she's they're they've hillary clinton trump "
    "obama romney bush sanders cruz rubio biden pelosi his_administration"
)
_NEGATION = _rx("not no never nothing none nobody n't didn't doesn't don't isn't wasn't won't")
_STAGE = re.compile(r"^\W*[(\[][^()\[\]]*[)\]]\W*$")
_INTERRUPTED = re.compile(r"(?:--|—|–|\.\.\.|…)\s*$|^\s*(?:--|—|–|\.\.\.|…)")
_TOKEN = re.compile(r"[\w'’$%]+")

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


def _count(rx: re.Pattern[str], text: str, cap: int = 2) -> float:
    """How often `rx` matches, capped (the first hit says most; many hits say a bit more)."""
    n = 0
    for _ in rx.finditer(text):
        n += 1
        if n >= cap:
            break
    return float(n)


def _named(text: str) -> float:
    """Capitalised words that are not the first of a sentence, nor pronouns or fillers."""
    n = 0
    for m in _NAME.finditer(text):
        i = m.start()
        before = text[:i].rstrip()
        if not before or before[-1] in '.!?:;"“(':
            continue
        if m.group(0).lower() in _NOT_NAMES:
            continue
        n += 1
        if n >= 3:
            break
    return float(n)


@lru_cache(maxsize=4096)
def _text_features(text: str) -> tuple[float, ...]:
    text = " ".join(text.split())
    tokens = _TOKEN.findall(text)
    n = len(tokens)
    stripped = text.rstrip()
    question = 1.0 if stripped.endswith("?") else 0.5 if _QUESTION_START.match(text) else 0.0
    has_digit = bool(_DIGITS.search(text))
    return (
        _count(_NUMBER, text) + (1.0 if has_digit else 0.0),
        _count(_PERCENT, text, 1),
        _count(_MONEY, text),
        _count(_BIG, text, 1),
        _count(_YEAR, text, 1),
        _count(_PEOPLE, text),
        _count(_COMPARISON, text, 1),
        _count(_SUPERLATIVE, text, 1),
        _count(_TREND, text),
        _count(_CAUSAL, text, 1),
        _count(_RECORD, text),
        _count(_POLICY, text),
        _count(_PLACES, text),
        _count(_INSTITUTIONS, text),
        _named(text),
        _count(_THIRD_PARTY, text),
        _count(_NEGATION, text, 1),
        # log length, capped: long sentences carry more claims, up to a point
        round(min(math.log1p(n), math.log1p(60)), 1),
        1.0 if n <= 4 else 0.5 if n <= 7 else 0.0,
        question,
        _count(_GREETING, text, 1),
        _count(_PROCEDURE, text),
        _count(_OPINION, text),
        _count(_PROMISE, text),
        _count(_FIRST_PERSON, text),
        _count(_SECOND_PERSON, text),
        1.0 if _INTERRUPTED.search(text) else 0.0,
        1.0 if _STAGE.match(text) else 0.0,
    )


def features(text: str, *, moderator: bool = False) -> tuple[float, ...]:
    """The values of `FEATURES` for one statement (`moderator`: its speaker has that role)."""
    return _text_features(text) + (1.0 if moderator else 0.0,)
