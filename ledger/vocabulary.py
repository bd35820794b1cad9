"""The ledger's controlled vocabularies: the values a statement's kind, hedging level and
cue stance, and a speaker's kind, may take.

They sit at the bottom of the layers because both the extractor (which produces them) and
the source readers (which validate statements extracted elsewhere) need them.
"""

from __future__ import annotations

#: statement kinds
KINDS = ("direct", "indirect", "mixed", "unattributed")
#: hedging levels, weakest commitment last (design.md §3)
HEDGING_LEVELS = ("none", "low", "medium", "high")
#: reporter's stance carried by the cue (design.md §3)
STANCES = ("factive", "neutral", "assertive", "belief", "distancing")
#: speaker kinds
SPEAKER_KINDS = ("person", "organisation", "group", "unknown")
