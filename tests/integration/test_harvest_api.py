"""The harvest API: sources listed, a run started by the source's steward, its status and errors."""

from __future__ import annotations

import time

from tests.integration.harvest_support import federation, register  # noqa: F401 - fixture


def _wait(client, location: str) -> dict:  # noqa: ANN001
    deadline = time.monotonic() + 30
    while True:
        body = client.get(location).json()
        if body["status"] != "running" or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def test_steward_starts_a_run_of_own_source_and_reads_its_errors(live_api, engine, federation,  # noqa: ANN001, F811
                                                                  steward_key) -> None:
    source = register(engine, federation, "pv20")
    federation.set_fault("pv20", malformed=[1, 5])
    client = live_api.client

    listed = client.get("/v1/harvest-sources").json()["items"]
    assert any(s["id"] == source and s["organisationId"] == "pv20" and s["lastRun"] is None for s in listed)

    assert client.post(f"/v1/harvest-sources/{source}/runs").status_code == 401
    other = client.post(f"/v1/harvest-sources/{source}/runs",
                        headers={"Authorization": f"Bearer {steward_key('pv29')}"})
    assert other.status_code == 403
    assert other.headers["content-type"].startswith("application/problem+json")

    started = client.post(f"/v1/harvest-sources/{source}/runs",
                          headers={"Authorization": f"Bearer {steward_key('pv20')}"})
    assert started.status_code == 202
    location = started.headers["Location"]
    assert location.startswith("/v1/harvest-runs/")

    run = _wait(client, location)
    n = federation.count("pv20")
    assert (run["status"], run["seen"], run["created"], run["failed"]) == ("succeeded", n, n - 2, 2)
    assert run["errorsTotal"] == 2
    page = client.get(location, params={"pageSize": 1, "page": 2}).json()
    assert len(page["errors"]) == 1 and page["errors"][0]["recordIdentifier"]
    assert client.get("/v1/harvest-runs/999999").status_code == 404
    assert client.get("/v1/datasets?publisher=pv20&pageSize=1").status_code == 200
