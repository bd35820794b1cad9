"""Persistence: models, sessions, migrations and the hash-chained journal."""
