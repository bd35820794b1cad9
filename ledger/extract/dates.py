"""When a statement was made: date phrases resolved against the source's own date, as an
interval (a start and a precision).

"on Sunday", "Friday", "yesterday", "today", "March 3", "3 March 2023" and ISO dates are
days; "last week" and "this week" are weeks (Monday to Sunday); "last month", "this month"
and "in March" are months; "last year" and "this year" are years. The stored
date is the interval's start (`interval` gives its end): "last week" is the whole week, not
its Monday, and the precision says so.

Speech is reported after the fact, so a weekday or month resolves to the latest such day on
or before the source date. Without a source date, only explicit dates with a year resolve;
anything else stays None: a date is never guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from ledger.vocabulary import DATE_PRECISIONS

from .lexicon import MONTH_ABBR, MONTHS, WEEKDAYS

#: how much of a date the extractor knew, narrowest first (the store's DATE_PRECISIONS)
PRECISIONS = DATE_PRECISIONS


def start_of(day: date, precision: str | None) -> date:
    """The first day of the interval of this precision that holds `day` (the Monday of its
    week, the 1st of its month, 1 January); a day is itself."""
    if precision == "week":
        return day - timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def interval(start: date, precision: str | None) -> tuple[date, date]:
    """The first and last day that a date of this precision covers; `start` is the first
    (a week's Monday, a month's 1st, 1 January). No precision is a day."""
    if precision == "week":
        return start, start + timedelta(days=6)
    if precision == "month":
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start, start.replace(month=12, day=31)
    return start, start


_MONTH_ALT = "|".join(list(MONTHS) + [m for m in MONTH_ABBR if m != "may"]) + r"|sept"
_DATE_RE = re.compile(
    rf"""(?P<iso>\b(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b)
    |(?P<md>\b(?P<mon1>{_MONTH_ALT})\.?\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year1>\d{{4}})\b)?)
    |(?P<dm>\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MONTH_ALT})\b\.?(?:,?\s+(?P<year2>\d{{4}})\b)?)
    |(?P<wd>\b(?:(?:on|last|this\s+past)\s+)?(?P<weekday>{"|".join(WEEKDAYS)})\b)
    |(?P<yest>\byesterday\b)
    |(?P<today>\b(?:today|tonight|this\s+morning|this\s+afternoon|this\s+evening)\b)
    |(?P<lastweek>\blast\s+week\b)
    |(?P<lastmonth>\blast\s+month\b)
    |(?P<lastyear>\blast\s+year\b)
    |(?P<this>\b(?:earlier\s+)?this\s+(?P<unit>week|month|year)\b)
    |(?P<inmonth>\b(?:in|earlier\s+in|early|late|in\s+early|in\s+late|in\s+mid-?)\s*(?P<mon3>{_MONTH_ALT})\b(?:\s+(?P<year3>\d{{4}})\b)?)
    """,
    re.IGNORECASE | re.VERBOSE,
)


# the same pattern, case-sensitive, for a lower-cased copy (case-insensitive alternations
# are slow in `re`); every literal in it is lower case
_DATE_RE_LOW = re.compile(_DATE_RE.pattern, re.VERBOSE)

# Most attribution text holds no date at all. Case-insensitive alternations are slow in
# `re`, so plain substring tests on the lower-cased window decide whether the full pattern
# runs at all.
_HINT_RE = re.compile(
    r"\d|day|yesterday|tonight|week|month|year|morning|afternoon|evening|"
    + "|".join(sorted({m[:3] for m in MONTHS}))
)


_YEAR_RE = re.compile(r"\d{4}")
_LEAD = 24


def _month(name: str) -> int:
    return MONTH_ABBR[name.lower().rstrip(".")[:3]] if name.lower()[:4] != "sept" else 9


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _latest(day: int, month: int, ref: date) -> date | None:
    d = _safe(ref.year, month, day)
    if d is not None and d > ref:
        d = _safe(ref.year - 1, month, day)
    return d


def resolve(m: re.Match[str], ref: date | None) -> tuple[date | None, str | None]:
    """The interval a matched phrase names: its start and precision (day, week, month,
    year), or (None, None) when it cannot be placed."""
    g = m.groupdict()
    if g["iso"]:
        return _safe(int(g["y"]), int(g["m"]), int(g["d"])), "day"
    if g["md"] or g["dm"]:
        mon = _month(g["mon1"] or g["mon2"])
        day = int(g["day1"] or g["day2"])
        year = g["year1"] or g["year2"]
        if year:
            return _safe(int(year), mon, day), "day"
        return (_latest(day, mon, ref), "day") if ref else (None, None)
    if ref is None:
        if g["inmonth"] and g["year3"]:
            return _safe(int(g["year3"]), _month(g["mon3"]), 1), "month"
        return None, None
    if g["wd"]:
        want = WEEKDAYS.index(g["weekday"].lower())
        back = (ref.weekday() - want) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        return ref - timedelta(days=back), "day"
    if g["yest"]:
        return ref - timedelta(days=1), "day"
    if g["today"]:
        return ref, "day"
    if g["lastweek"]:
        return ref - timedelta(days=ref.weekday() + 7), "week"
    if g["lastmonth"]:
        first = ref.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), "month"
    if g["lastyear"]:
        return date(ref.year - 1, 1, 1), "year"
    if g["this"]:
        # the unit the source date falls in ("earlier this week": said by the source date)
        unit = g["unit"].lower()
        if unit == "week":
            return ref - timedelta(days=ref.weekday()), "week"
        if unit == "month":
            return ref.replace(day=1), "month"
        return date(ref.year, 1, 1), "year"
    if g["inmonth"]:
        mon = _month(g["mon3"])
        if g["year3"]:
            return _safe(int(g["year3"]), mon, 1), "month"
        year = ref.year if mon <= ref.month else ref.year - 1
        return date(year, mon, 1), "month"
    return None, None


def find_date(
    text: str, spans: list[tuple[int, int]], ref: date | None
) -> tuple[date | None, str | None]:
    """The first date phrase inside any of `spans` (the attribution, not the content) that
    resolves: (the interval's start, its precision), or (None, None)."""
    for s, e in spans:
        if e <= s:
            continue
        if ref is None and _YEAR_RE.search(text, s, e) is None:
            continue  # without a source date only a date with a year can resolve
        # one character before the window, so "\b" sees what precedes it
        b = max(0, s - 1)
        window = text[b:e]
        low = window.lower()
        hint = _HINT_RE.search(low, s - b)
        if hint is None:
            continue
        # every date phrase holds a hint, at most a few words in ("this past Sunday",
        # "earlier in March", "3rd of March"): none can start well before the first one
        first = max(s - b, hint.start() - _LEAD)
        # lower() may change the length of odd characters ("İ"): then match the original
        lowered = len(low) == len(window)
        found = _DATE_RE_LOW.finditer(low, first) if lowered else _DATE_RE.finditer(text, s, e)
        original = window if lowered else text
        for m in found:
            if m.group("this") and original[m.start("unit") : m.end("unit")].istitle():
                continue  # a title ("on ABC's “This Week”"), not a time
            d, precision = resolve(m, ref)
            if d is not None:
                return d, precision
    return None, None
