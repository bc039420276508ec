"""The repository passes its linter: ``ruff check`` with the configuration in pyproject.toml, as CI runs it
(ruff is in the ``test`` extra)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_ruff_check_passes_on_the_repository():
    checked = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format=concise", "."],
                             capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert checked.returncode == 0, (checked.stdout + checked.stderr)[-4000:]
