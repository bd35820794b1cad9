"""Alembic migrations of the ledger schema (shipped in the wheel as `ledger.migrations`)."""
