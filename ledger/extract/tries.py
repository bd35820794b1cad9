"""Word lists as regular expressions shaped like a trie: `(?:sa(?:id|y(?:s)?)|told)` rather
than `said|say|says|told`, so the engine follows one branch per character instead of trying
every word at every position (the cue and hedge prefilters run over every paragraph).
"""

from __future__ import annotations

import re


def trie_pattern(words: frozenset[str]) -> str:
    """A regex alternation shaped as a trie, so the engine follows one branch per character
    instead of trying every word at every position."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        alts = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return walk(trie)
