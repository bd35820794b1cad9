"""benchmarks/bench_tui.py runs end to end on a small database and prints one JSON object."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_tui.py"


@pytest.mark.slow
def test_bench_tui_prints_one_json_object(tmp_path):
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    run = subprocess.run(
        [sys.executable, str(BENCH), "--statements", "300", "--moves", "5", "--db", url],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["statements"] == 300
    for key in ("first_screen_s", "next_item_ms", "filter_ms", "peak_rss_mb"):
        assert isinstance(result[key], int | float) and result[key] > 0, key
