"""The import benchmark runs and reports what the issue asks for (not how fast: that is
the script's own output, read on an idle machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_import_prints_one_json_object_with_the_figures(tmp_path):
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_import.py"), "--articles", "80"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=True,
    ).stdout
    figures = json.loads(out)
    for key in ("articles", "seconds", "articles_per_s", "statements_per_s", "peak_rss_mb"):
        assert figures[key] > 0, key
    assert figures["articles"] == figures["imported"] == 80 and figures["failed"] == 0
    # about 11 statements per generated article, all stored
    assert figures["statements"] >= 80 * 5
    # the rate is the count over the time (both rounded for printing)
    assert abs(figures["articles_per_s"] * figures["seconds"] - 80) < 0.05 * 80
