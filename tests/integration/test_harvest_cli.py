"""`fdscat harvest` and `fdscat sources` against the simulated federation."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from app.cli import app
from tests.integration.harvest_support import federation  # noqa: F401 - fixture

runner = CliRunner()


@pytest.fixture
def env(monkeypatch, settings):  # noqa: ANN001, ANN201
    monkeypatch.setenv("DATABASE_URL", settings.sqlalchemy_url)
    monkeypatch.setenv("FDS_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("FDS_HARVEST_RETRIES", "1")
    monkeypatch.setenv("FDS_HARVEST_BACKOFF", "0.01")
    monkeypatch.setenv("FDS_HARVEST_TIMEOUT", "2")


def test_adhoc_harvest_then_a_failing_source_exits_non_zero(env, federation) -> None:  # noqa: ANN001, F811
    url = f"{federation.url}/pv29/catalog"
    ok = runner.invoke(app, ["harvest", "--url", url, "--kind", "dcat", "--publisher", "pv29"])
    assert ok.exit_code == 0, ok.output
    assert "succeeded" in ok.output

    # faults switched over HTTP, as an operator or another test process would
    httpx.post(f"{federation.url}/_admin/faults/pv29", json={"status": 500}).raise_for_status()
    failed = runner.invoke(app, ["harvest", "--url", url, "--kind", "dcat", "--publisher", "pv29"])
    assert failed.exit_code == 1
    assert "HTTP 500" in failed.output


def test_sources_add_list_remove(env, federation) -> None:  # noqa: ANN001, F811
    added = runner.invoke(app, ["sources", "add", "test-pv21", "--url", f"{federation.url}/pv21", "--kind", "ckan",
                                "--org", "pv21"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["sources", "list"])
    assert "test-pv21" in listed.output and "pv28-geonetwork" in listed.output  # sources.toml loaded too
    assert runner.invoke(app, ["harvest", "test-pv21"]).exit_code == 0
    refused = runner.invoke(app, ["sources", "remove", "test-pv21"])  # it delivered datasets
    assert refused.exit_code == 1
    assert runner.invoke(app, ["harvest", "confirm", "1"]).exit_code == 1  # not a needs-review run
