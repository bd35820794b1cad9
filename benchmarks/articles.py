"""A seeded generator of synthetic news articles in the seed format, for benchmarks and tests.

Articles mix direct quotes, split quotes, partial quotes and indirect speech, with named
speakers and roles, pronoun follow-ups and relative dates, so extraction and import do
realistic work. The vocabulary is invented here; no corpus text is used.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

FIRST = [
    "Elena",
    "Tomás",
    "Priya",
    "Amina",
    "Paul",
    "Grace",
    "Ivan",
    "Mei",
    "Oskar",
    "Lucia",
    "Samuel",
    "Hana",
    "Diego",
    "Farah",
    "Jonas",
    "Keiko",
]
LAST = [
    "Markovic",
    "Reyes",
    "Nair",
    "Okafor",
    "Lindqvist",
    "Adeyemi",
    "Petrov",
    "Chen",
    "Berg",
    "Moretti",
    "Osei",
    "Tanaka",
    "Alvarez",
    "Haddad",
    "Keller",
    "Sato",
]
ROLES = [
    "Mayor",
    "Finance minister",
    "Police chief",
    "Council engineer",
    "Health secretary",
    "Union leader",
    "Spokesperson",
    "Senator",
    "Governor",
    "Professor",
]
ORGS = [
    "the city council",
    "the health ministry",
    "the water company",
    "the transport authority",
    "the central bank",
    "the teachers' union",
]
TOPICS = [
    "the bridge repairs",
    "the new tax plan",
    "the hospital budget",
    "river pollution",
    "the rail strike",
    "school funding",
    "the housing shortage",
    "bus fares",
]
SUBJECTS = [
    "the council",
    "our department",
    "the company",
    "the government",
    "this administration",
    "the union",
    "the board",
    "the ministry",
    "our team",
    "the regulator",
    "the hospital trust",
    "the police",
    "the school board",
    "the port authority",
    "the city",
    "the opposition",
]
VERBS = [
    "will finish",
    "has underfunded",
    "never approved",
    "will review",
    "is delaying",
    "has doubled spending on",
    "cannot afford",
    "will cut",
    "misled voters about",
    "has ignored warnings about",
    "secretly expanded",
    "will freeze",
    "fully supports",
    "is investigating",
    "has mismanaged",
    "will publish the figures on",
]
OBJECTS = [
    *TOPICS,
    "the harbour dredging",
    "the water contract",
    "the pension fund",
    "the flood defences",
    "the stadium project",
    "the recycling scheme",
    "the night buses",
    "the library closures",
]
TAILS = [
    "before the winter",
    "this year",
    "within {n} months",
    "by {n} percent",
    "despite {n} complaints",
    "at a cost of {n} million",
    "for the first time in {n} years",
    "",
    "",
    "",
]
CUES = ["said", "told reporters", "added", "warned", "insisted", "claimed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HEDGES = ["", "", "", "", "probably ", "may ", "we believe ", "it is possible that "]


_SYLLABLES = [
    "ba",
    "ko",
    "ri",
    "men",
    "tal",
    "su",
    "ver",
    "din",
    "plo",
    "ca",
    "nor",
    "lis",
    "te",
    "gra",
    "mo",
    "fen",
    "dro",
    "lu",
    "sa",
    "quin",
]
_VOCAB_RNG = random.Random(2024)
#: an invented content vocabulary: real news rarely repeats a sentence by chance, and a
#: few dozen English words would make every generated claim look like every other
VOCAB = sorted(
    {
        "".join(_VOCAB_RNG.choice(_SYLLABLES) for _ in range(_VOCAB_RNG.randint(2, 3)))
        for _ in range(6000)
    }
)
FUNCTION = [
    "the",
    "of",
    "to",
    "and",
    "in",
    "for",
    "on",
    "with",
    "a",
    "that",
    "is",
    "will",
    "has",
    "was",
]


def _claim(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(9, 18)):
        if rng.random() < 0.35:
            words.append(rng.choice(FUNCTION))
        elif rng.random() < 0.3:  # a few hundred words are common, most are rare
            words.append(VOCAB[rng.randrange(300)])
        else:
            words.append(rng.choice(VOCAB))
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), str(rng.randint(2, 900)))
    hedge = rng.choice(HEDGES)
    text = " ".join(words)
    return (hedge + text) if hedge else text


#: quotes that travel: the same speaker's words reappear across articles (as news does)
_POOL_RNG = random.Random(12345)
RECURRING = [
    (
        (_POOL_RNG.choice(FIRST), _POOL_RNG.choice(LAST), _POOL_RNG.choice(ROLES)),
        _claim(_POOL_RNG) + " and " + _claim(_POOL_RNG),
    )
    for _ in range(300)
]


def article(rng: random.Random, published: date) -> str:
    people = [
        (rng.choice(FIRST), rng.choice(LAST), rng.choice(ROLES)) for _ in range(rng.randint(2, 4))
    ]
    paras = []
    org = rng.choice(ORGS)
    paras.append(
        f"{org.capitalize()} {rng.choice(['said', 'announced'])} on {rng.choice(DAYS)} that {_claim(rng)}."
    )
    for first, last, role in people:
        c1, c2 = _claim(rng), _claim(rng)
        if rng.random() < 0.15:  # a quote that has been in the news before
            (first, last, role), c1 = rng.choice(RECURRING)
        style = rng.randint(0, 3)
        if style == 0:
            paras.append(f"{role} {first} {last} said on {rng.choice(DAYS)}: “{c1.capitalize()}.”")
        elif style == 1:
            paras.append(
                f"“{c1.capitalize()},” {role.lower()} {first} {last} {rng.choice(CUES)}, “and {c2}.”"
            )
        elif style == 2:
            paras.append(f"{first} {last}, the {role.lower()}, {rng.choice(CUES)} that {c1}.")
        else:
            paras.append(f"{role} {first} {last} said {_claim(rng)}, calling it “{c1}”.")
        paras.append(f"“{c2.capitalize()},” {last} added.")
        paras.append(
            f"Asked about {rng.choice(TOPICS)}, {'she' if rng.random() < 0.5 else 'he'} said {_claim(rng)}."
        )
    paras.append(f"It is unclear whether {rng.choice(TOPICS)} will change anything.")
    return f"date {published.isoformat()}\n" + "\n\n".join(paras) + "\n"


def write_articles(folder: Path, n: int, seed: int = 7) -> list[Path]:
    """Write `n` reproducible articles into `folder`; returns their paths."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(2024, 1, 1)
    paths = []
    for i in range(n):
        path = folder / f"article_{i:06d}.txt"
        path.write_text(article(rng, start + timedelta(days=rng.randint(0, 700))), encoding="utf-8")
        paths.append(path)
    return paths
