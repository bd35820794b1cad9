"""The ledger's controlled vocabularies: the values a statement's kind, hedging level, cue
stance and date precision, and a speaker's kind, may take.

They sit at the bottom of the layers because both the extractor (which produces them) and
the source readers (which validate statements extracted elsewhere) need them.
"""

from __future__ import annotations

#: statement kinds
KINDS = ("direct", "indirect", "mixed", "unattributed", "transcript")
#: hedging levels, weakest commitment last (design.md §3)
HEDGING_LEVELS = ("none", "low", "medium", "high")
#: reporter's stance carried by the cue (design.md §3)
STANCES = ("factive", "neutral", "assertive", "belief", "distancing")
#: how much of a date is known, narrowest first: "last week" is a week, not its Monday
DATE_PRECISIONS = ("day", "week", "month", "year")
#: speaker kinds
SPEAKER_KINDS = ("person", "organisation", "group", "unknown")
