"""The OpenAPI document passes the Logius API Design Rules linter (Spectral ruleset in ../shared)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from app.config import Settings
from app.main import create_app

SPECTRAL = "@stoplight/spectral-cli@6"


def test_openapi_passes_the_api_design_rules_linter(shared_dir: Path, tmp_path: Path) -> None:
    ruleset = shared_dir / "ref" / "adr" / "adr-ruleset.yaml"
    if shutil.which("npx") is None:
        pytest.skip("npx (Node.js) is not installed; the linter runs with it")
    install = subprocess.run(["npm", "install", "--silent", "--prefix", str(tmp_path / "npm"), SPECTRAL],
                             capture_output=True, text=True, timeout=300)
    if install.returncode != 0:
        pytest.skip(f"could not install {SPECTRAL} from the npm registry: {install.stderr[-300:]}")
    app = create_app(Settings(data_dir=tmp_path / "data", base_url="https://data.provincies.nl"))
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(app.openapi()))
    lint = subprocess.run([str(tmp_path / "npm" / "node_modules" / ".bin" / "spectral"), "lint", "-r", str(ruleset),
                           str(document)], capture_output=True, text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout[-4000:]
