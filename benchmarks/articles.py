"""A seeded generator of synthetic news articles in the seed format, for benchmarks and tests.

Articles mix direct quotes, split quotes, partial quotes and indirect speech, with named
speakers and roles, pronoun follow-ups and relative dates, so extraction and import do
realistic work. The vocabulary is invented here; no corpus text is used.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

FIRST = ["Elena", "Tomás", "Priya", "Amina", "Paul", "Grace", "Ivan", "Mei", "Oskar", "Lucia", "Samuel", "Hana", "Diego", "Farah", "Jonas", "Keiko"]
LAST = ["Markovic", "Reyes", "Nair", "Okafor", "Lindqvist", "Adeyemi", "Petrov", "Chen", "Berg", "Moretti", "Osei", "Tanaka", "Alvarez", "Haddad", "Keller", "Sato"]
ROLES = ["Mayor", "Finance minister", "Police chief", "Council engineer", "Health secretary", "Union leader", "Spokesperson", "Senator", "Governor", "Professor"]
ORGS = ["the city council", "the health ministry", "the water company", "the transport authority", "the central bank", "the teachers' union"]
TOPICS = ["the bridge repairs", "the new tax plan", "the hospital budget", "river pollution", "the rail strike", "school funding", "the housing shortage", "bus fares"]
CLAIMS = [
    "we will finish {t} before the winter",
    "nobody warned us about {t} in advance",
    "{t} will cost at least {n} million",
    "the figures on {t} have been misrepresented",
    "{t} is the most serious problem this city has faced in {n} years",
    "we have no plans to change course on {t}",
    "{t} could affect {n} thousand families",
    "the opposition is exaggerating {t}",
]
HEDGES = ["", "", "", "probably ", "may ", "we believe ", "it is possible that "]
CUES = ["said", "told reporters", "added", "warned", "insisted", "claimed"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _claim(rng: random.Random) -> str:
    text = rng.choice(CLAIMS).format(t=rng.choice(TOPICS), n=rng.randint(2, 90))
    hedge = rng.choice(HEDGES)
    return (hedge + text) if hedge else text


def article(rng: random.Random, published: date) -> str:
    people = [(rng.choice(FIRST), rng.choice(LAST), rng.choice(ROLES)) for _ in range(rng.randint(2, 4))]
    paras = []
    org = rng.choice(ORGS)
    paras.append(f"{org.capitalize()} {rng.choice(['said', 'announced'])} on {rng.choice(DAYS)} that {_claim(rng)}.")
    for first, last, role in people:
        c1, c2 = _claim(rng), _claim(rng)
        style = rng.randint(0, 3)
        if style == 0:
            paras.append(f"{role} {first} {last} said on {rng.choice(DAYS)}: “{c1.capitalize()}.”")
        elif style == 1:
            paras.append(f"“{c1.capitalize()},” {role.lower()} {first} {last} {rng.choice(CUES)}, “and {c2}.”")
        elif style == 2:
            paras.append(f"{first} {last}, the {role.lower()}, {rng.choice(CUES)} that {c1}.")
        else:
            paras.append(f"{role} {first} {last} said {c1} “{c2}”.")
        paras.append(f"“{c2.capitalize()},” {last} added.")
        paras.append(f"Asked about {rng.choice(TOPICS)}, {'she' if rng.random() < 0.5 else 'he'} said {_claim(rng)}.")
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
