"""The services: the only API the CLI and the reviewer UI call (import, query, review, export)."""
