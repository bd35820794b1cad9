"""Check-worthiness: how worth checking a statement is (0-1), from its own text.

Pure text work beside `ledger.extract`: no database, no download, no network.
"""
