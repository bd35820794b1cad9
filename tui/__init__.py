"""Reviewer UI (Textual), shipped as ledger.tui."""
