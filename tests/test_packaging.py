"""The wheel users install carries every module and data file (an editable install hides gaps)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the wheel

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_holds_every_package_module_and_the_sample(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    [wheel] = tmp_path.glob("trustboard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        str(path.relative_to(ROOT))
        for folder in ("board", "widgets", "sample_data")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".py", ".tcss", ".json", ".toml") and "__pycache__" not in path.parts
    }
    assert wanted - names == set()
    assert "board/transfer/merge.py" in names and "widgets/trustboard.tcss" in names
    assert "board/outreach/templates.toml" in names  # the built-in messages are data
