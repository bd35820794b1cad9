"""The wheel installs into a fresh venv with one import namespace, and `ledger` runs there."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def test_core_never_imports_textual():
    code = "import sys, ledger.cli, ledger.services.importing, ledger.services.query; print('textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "False"


def test_python_dash_m_ledger_runs():
    out = subprocess.run(
        [sys.executable, "-m", "ledger", "--help"], capture_output=True, text=True, cwd=REPO
    )
    assert out.returncode == 0 and "import" in out.stdout


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("statement_ledger-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    assert tops == {"ledger"}, tops
    assert "ledger/migrations/env.py" in names and "ledger/tui/__init__.py" in names
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py, ledger_bin = env_dir / "bin" / "python", env_dir / "bin" / "ledger"
    # No network here: the fresh venv sees the dependencies already installed for the tests
    # through a .pth line (a plain path: .pth files inside it are not run, so this
    # checkout's editable install does not leak in).
    deps = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlalchemy, pathlib; print(pathlib.Path(sqlalchemy.__file__).parent.parent)",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target_site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(target_site, "zz_test_deps.pth").write_text(deps + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    out = subprocess.run([str(ledger_bin), "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "import" in out.stdout and "verify" in out.stdout
    check = subprocess.run(
        [str(py), "-c", "import ledger, ledger.migrations, ledger.tui; print(ledger.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith(target_site), check.stdout
    db = tmp_path / "w.db"
    (tmp_path / "a.jsonl").write_text(
        '{"quote": "We will reopen the plant in May.", "speaker": "Ana Silva"}\n'
    )
    imp = subprocess.run(
        [str(ledger_bin), "--db", f"sqlite:///{db}", "import", "a.jsonl"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert imp.returncode == 0, imp.stderr
    assert "imported 1" in imp.stdout
