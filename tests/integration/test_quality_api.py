"""POST /v1/validations, per-dataset stored findings, and organisation quality, over real HTTP."""

from __future__ import annotations

import copy
import json
import time

from sqlmodel import Session

from app.models.records import DatasetRecord
from app.services import registry
from app.services.followers import latest_seq
from tests.unit.test_shacl_findings import BROKEN, COMPLETE

GOOD = {
    "identifier": "https://data.zeeland.nl/id/dataset/zoutmetingen",
    "title": "Zoutmetingen Oosterschelde",
    "description": "Chloridegehalte van het oppervlaktewater, gemeten op vaste meetpunten.",
    "publisher": "pv29", "creator": "pv29",
    "themes": ["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
    "keywords": ["verzilting", "oppervlaktewater"],
    "accessRights": "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
    "contactPoint": {"name": "Team Water", "email": "water@zeeland.nl"},
    "issued": "2016-03-01", "modified": "2026-07-01",
    "distributions": [{
        "accessUrl": "https://data.zeeland.nl/zout.csv", "downloadUrl": "https://data.zeeland.nl/zout.csv",
        "format": "http://publications.europa.eu/resource/authority/file-type/CSV",
        "mediaType": "https://www.iana.org/assignments/media-types/text/csv",
        "license": "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
    }],
}


def bad_record(n: int) -> dict:
    """A harvested record as provinces sometimes publish it: no theme, no licence, no contact point."""
    record = copy.deepcopy(GOOD)
    record.update(identifier=f"https://data.zeeland.nl/id/dataset/oud-{n}", title=f"Oude kaart {n}", themes=[],
                  contactPoint=None)
    record["distributions"][0]["license"] = None
    return record


def test_validation_of_turtle_explains_each_problem(live_api) -> None:  # noqa: ANN001
    start = time.perf_counter()
    response = live_api.client.post("/v1/validations", content=BROKEN.encode(),
                                    headers={"Content-Type": "text/turtle"})
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.text
    assert elapsed < 1.0
    body = response.json()
    assert body["conforms"] is False and body["violationCount"] == len(body["violations"]) >= 3
    [dataset] = body["datasets"]
    assert dataset["title"] == "Primaire waterkeringen" and dataset["conforms"] is False
    paths = {v["path"]: v for v in dataset["violations"]}
    assert {"dcat:theme", "dct:license", "dcat:contactPoint"} <= set(paths)
    theme = paths["dcat:theme"]
    assert theme["message"]["nl"] == "Dataset: thema (dcat:theme) ontbreekt; minstens 1 is verplicht."
    assert theme["message"]["en"] == "Dataset: theme (dcat:theme) is missing; at least 1 is mandatory."
    assert "data-theme/ENVI" in theme["fix"]["nl"] and theme["property"] == {"nl": "thema", "en": "theme"}
    assert dataset["quality"]["maxPoints"] == 405 and dataset["quality"]["rating"] in ("bad", "sufficient", "good")


def test_validation_of_complete_record_and_of_json(live_api) -> None:  # noqa: ANN001
    client = live_api.client
    ok = client.post("/v1/validations", content=COMPLETE.encode(), headers={"Content-Type": "text/turtle"})
    assert ok.status_code == 200 and ok.json()["conforms"] is True, ok.json()["violations"]
    as_json = client.post("/v1/validations", json=GOOD)
    assert as_json.status_code == 200 and as_json.json()["conforms"] is True, as_json.json()["violations"]
    several = client.post("/v1/validations", json=[GOOD, bad_record(1)])
    verdicts = sorted(d["conforms"] for d in several.json()["datasets"])
    assert verdicts == [False, True]
    # Nothing is stored.
    assert client.get("/v1/organisations/pv29").json()["datasetCount"] == 0


def test_validation_rejects_bad_input_with_problems(live_api) -> None:  # noqa: ANN001
    client = live_api.client
    broken = client.post("/v1/validations", content=b"<a> <b> .", headers={"Content-Type": "text/turtle"})
    assert broken.status_code == 400 and broken.headers["content-type"] == "application/problem+json"
    turtle = b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<x> a dcat:Dataset ;; ."
    relative = client.post("/v1/validations", content=turtle, headers={"Content-Type": "text/turtle"})
    assert relative.status_code == 400, relative.text
    html = client.post("/v1/validations", content=b"<p>hoi</p>", headers={"Content-Type": "text/html"})
    assert html.status_code == 415
    wrong = client.post("/v1/validations", json={"title": "x", "nietBestaand": 1})
    assert wrong.status_code == 400 and wrong.json()["invalid-params"]


def store(engine, records: list[dict]) -> list[str]:  # noqa: ANN001
    with Session(engine) as db:
        results = registry.upsert_batch(db, [DatasetRecord.model_validate(r) for r in records],
                                        origin=registry.Origin(), strict=False)
    assert all(isinstance(r, registry.Upsert) for r in results), results
    return [r.dataset_id for r in results]


def settle(live_api, engine, timeout: float = 60) -> None:  # noqa: ANN001
    """Hand the feed to the followers, then wait for the quality worker to reach its end."""
    live_api.catch_up()
    follower = live_api.app.state.followers["quality"]
    with Session(engine) as db:
        end = latest_seq(db)
    deadline = time.monotonic() + timeout
    while follower.stored_position() < end:
        assert time.monotonic() < deadline, "quality follower did not catch up"
        time.sleep(0.05)


def test_harvested_violations_are_stored_and_shown(live_api, engine) -> None:  # noqa: ANN001
    good_id, bad_id = store(engine, [GOOD, bad_record(1)])
    settle(live_api, engine)
    client = live_api.client
    bad = client.get(f"/v1/datasets/{bad_id}/quality")
    assert bad.status_code == 200, bad.text
    body = bad.json()
    assert body["conforms"] is False and body["violationCount"] >= 3
    assert {"dcat:theme", "dct:license", "dcat:contactPoint"} <= {v["path"] for v in body["violations"]}
    assert all(v["message"]["nl"] and v["message"]["en"] and v["fix"]["nl"] for v in body["violations"])
    good = client.get(f"/v1/datasets/{good_id}/quality").json()
    assert good["conforms"] is True and good["points"] > body["points"]
    assert {"findability", "accessibility", "interoperability", "reusability", "contextuality"} == set(
        good["dimensions"])
    # An edit at the source that fixes the record clears its violations.
    fixed = bad_record(1) | {"themes": GOOD["themes"], "contactPoint": GOOD["contactPoint"],
                             "distributions": GOOD["distributions"]}
    store(engine, [fixed])
    settle(live_api, engine)
    assert client.get(f"/v1/datasets/{bad_id}/quality").json()["conforms"] is True
    assert client.get("/v1/datasets/onbekend/quality").status_code == 404


def test_organisation_quality_averages_worst_and_commonest(live_api, engine) -> None:  # noqa: ANN001
    ids = store(engine, [GOOD, bad_record(1), bad_record(2), bad_record(3)])
    settle(live_api, engine)
    response = live_api.client.get("/v1/organisations/pv29/quality?worst=2")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["organisation"]["id"] == "pv29" and body["datasetCount"] == body["assessedCount"] == 4
    assert body["conformingCount"] == 1 and body["maxPoints"] == 405
    assert set(body["dimensions"]) == {"findability", "accessibility", "interoperability", "reusability",
                                       "contextuality"}
    assert all(0 <= d["percentage"] <= 100 for d in body["dimensions"].values())
    assert len(body["worstDatasets"]) == 2 and ids[0] not in {d["id"] for d in body["worstDatasets"]}
    top = body["commonProblems"][0]
    assert top["severity"] == "violation" and top["datasets"] == 3 and top["share"] == 0.75
    assert {"dcat:theme", "dcat:contactPoint", "dct:license"} <= {p["path"] for p in body["commonProblems"][:3]}
    assert top["message"]["nl"] and top["fix"]["en"]
    empty = live_api.client.get("/v1/organisations/pv20/quality").json()
    assert empty["assessedCount"] == 0 and empty["rating"] is None
    assert live_api.client.get("/v1/organisations/bestaat-niet/quality").status_code == 404


def test_fdscat_quality_prints_the_twelve_provinces(engine, settings, monkeypatch, capsys) -> None:  # noqa: ANN001
    from typer.testing import CliRunner

    from app.cli import app as cli

    store(engine, [GOOD, bad_record(1)])
    monkeypatch.setenv("DATABASE_URL", settings.sqlalchemy_url)
    monkeypatch.setenv("FDS_DATA_DIR", str(settings.data_dir))
    result = CliRunner().invoke(cli, ["quality", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 12 and [r["id"] for r in rows][:2] == ["pv20", "pv21"]
    zeeland = next(r for r in rows if r["id"] == "pv29")
    assert zeeland["assessedCount"] == 2 and zeeland["conformingCount"] == 1
    table = CliRunner().invoke(cli, ["quality"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and "Zeeland" in table.output and "Groningen" in table.output
