"""Check-worthiness: how worth checking a statement is (0-1), from its own text.

Pure text work beside `ledger.extract`: no database, no download, no network.
`score(text)` gives a `Checkworthiness` (the value and the cues that raised it);
`features.py` owns what is measured, `model.py` the fitted weights.
"""

from .model import Checkworthiness, score

__all__ = ["Checkworthiness", "score"]
