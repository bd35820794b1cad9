"""Statement Ledger: a fact-checking and statement-provenance ledger.

The package is the domain core (sources, extraction, linking, store, services). The
reviewer UI (`tui/`) and the Alembic migrations (`migrations/`) live at the top of the
repository and ship inside this namespace in the wheel as `ledger.tui` and
`ledger.migrations`. In a source checkout the two folders sit beside this package, so the
package path is widened to find them there too.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"

_here = Path(__file__).resolve().parent
if not (_here / "migrations").is_dir() and (_here.parent / "migrations" / "env.py").is_file():
    # A source checkout (editable install or tests): let `ledger.tui` and
    # `ledger.migrations` resolve to the top-level folders.
    __path__.append(str(_here.parent))  # type: ignore[name-defined]  # noqa: F821
