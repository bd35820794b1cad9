"""Persistence: models, sessions, migrations, the hash-chained journal and the process caches."""
