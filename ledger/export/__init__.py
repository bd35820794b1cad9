"""Exports: statements as JSON, JSONL and CSV (and, with reviews, ClaimReview and PROV)."""
