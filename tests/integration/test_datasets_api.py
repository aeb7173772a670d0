"""The steward cycle and the API Design Rules, over real HTTP against SQLite and PostgreSQL."""

from __future__ import annotations

import copy

import pytest

VALID = {
    "identifier": "https://data.zeeland.nl/id/dataset/zoutmetingen-oosterschelde",
    "title": "Zoutmetingen Oosterschelde",
    "description": "Chloridegehalte van het oppervlaktewater, gemeten op vaste meetpunten.",
    "publisher": "pv29",
    "creator": "pv29",
    "themes": ["http://publications.europa.eu/resource/authority/data-theme/ENVI"],
    "keywords": ["verzilting", "zoutmetingen", "oppervlaktewater"],
    "accessRights": "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
    "contactPoint": {"name": "Team Water", "email": "water@zeeland.nl"},
    "landingPage": "https://www.zeeland.nl/water",
    "spatial": ["http://publications.europa.eu/resource/authority/place/NLD_ZEE"],
    "temporal": {"start": "2015-01-01", "end": "2026-06-30"},
    "issued": "2016-03-01",
    "modified": "2026-07-01",
    "accrualPeriodicity": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
    "distributions": [{
        "accessUrl": "https://service.zeeland.nl/wfs",
        "downloadUrl": "https://data.zeeland.nl/zout.csv",
        "format": "http://publications.europa.eu/resource/authority/file-type/CSV",
        "mediaType": "https://www.iana.org/assignments/media-types/text/csv",
        "license": "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
        "title": "Meetreeks als CSV",
    }],
}
MANDATORY = ["title", "description", "identifier", "publisher", "creator", "accessRights", "themes",
             "contactPoint"]


def auth(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


def test_steward_cycle_create_read_replace_withdraw(live_api, steward_key) -> None:
    client, key = live_api.client, steward_key("pv29")
    created = client.post("/v1/datasets", json=VALID, headers=auth(key))
    assert created.status_code == 201, created.text
    location = created.headers["location"]
    assert location.startswith("/v1/datasets/")
    read = client.get(location)
    assert read.status_code == 200
    body = read.json()
    assert body == created.json()
    for field in ("title", "description", "keywords", "themes", "accessRights", "spatial", "temporal",
                  "issued", "modified", "accrualPeriodicity", "landingPage"):
        assert body[field] == VALID[field], field
    assert body["publisher"] == {"id": "pv29", "name": "Provincie Zeeland",
                                 "iri": "https://identifier.overheid.nl/tooi/id/provincie/pv29"}
    assert body["contactPoint"]["email"] == "water@zeeland.nl"
    assert body["distributions"][0]["accessUrl"] == "https://service.zeeland.nl/wfs"
    assert body["status"] == "active" and body["source"] is None
    assert body["createdAt"] and body["updatedAt"]

    changed = copy.deepcopy(VALID) | {"title": "Zoutmetingen Oosterschelde en Westerschelde"}
    replaced = client.put(location, json=changed, headers=auth(key))
    assert replaced.status_code == 200, replaced.text
    assert client.get(location).json()["title"] == changed["title"]

    assert client.delete(location, headers=auth(key)).status_code == 204
    gone = client.get(location)
    assert gone.status_code == 404
    assert gone.headers["content-type"].startswith("application/problem+json")
    assert all(item["id"] != body["id"] for item in client.get("/v1/datasets").json()["items"])


def test_writes_need_a_key(live_api) -> None:
    response = live_api.client.post("/v1/datasets", json=VALID)
    assert response.status_code == 401
    assert response.json()["status"] == 401
    bad = live_api.client.post("/v1/datasets", json=VALID, headers=auth("fds_not-a-real-key"))
    assert bad.status_code == 401


def test_steward_cannot_write_for_another_province(live_api, steward_key) -> None:
    client = live_api.client
    zeeland, utrecht = steward_key("pv29"), steward_key("pv26")
    assert client.post("/v1/datasets", json=VALID, headers=auth(utrecht)).status_code == 403
    location = client.post("/v1/datasets", json=VALID, headers=auth(zeeland)).headers["location"]
    assert client.put(location, json=VALID, headers=auth(utrecht)).status_code == 403
    assert client.delete(location, headers=auth(utrecht)).status_code == 403
    assert client.get(location).status_code == 200


def test_missing_mandatory_fields_are_each_named(live_api, steward_key) -> None:
    response = live_api.client.post("/v1/datasets", json={"keywords": ["x"]}, headers=auth(steward_key()))
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    named = {p["name"] for p in response.json()["invalid-params"]}
    assert set(MANDATORY) <= named
    partial = {k: v for k, v in VALID.items() if k != "accessRights"}
    response = live_api.client.post("/v1/datasets", json=partial, headers=auth(steward_key()))
    assert [p["name"] for p in response.json()["invalid-params"]] == ["accessRights"]


def test_unknown_field_and_wrong_types_are_400_not_422(live_api, steward_key) -> None:
    body = VALID | {"themes": "not-a-list", "colour": "blue"}
    response = live_api.client.post("/v1/datasets", json=body, headers=auth(steward_key()))
    assert response.status_code == 400
    named = {p["name"] for p in response.json()["invalid-params"]}
    assert {"themes", "colour"} <= named


@pytest.mark.parametrize("content_type,body", [
    ("application/json", b'{"title": "half'),
    ("text/turtle", b"@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<x> a dcat:Dataset ;; ."),
])
def test_malformed_bodies_are_400_and_store_nothing(live_api, steward_key, content_type, body) -> None:
    before = live_api.client.get("/v1/datasets").json()["total"]
    response = live_api.client.post("/v1/datasets", content=body,
                                    headers=auth(steward_key()) | {"Content-Type": content_type})
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert live_api.client.get("/v1/datasets").json()["total"] == before


def test_unsupported_body_type_is_415(live_api, steward_key) -> None:
    response = live_api.client.post("/v1/datasets", content=b"title=x",
                                    headers=auth(steward_key()) | {"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_oversized_body_is_413(live_api, steward_key) -> None:
    huge = b"{" + b" " * (live_api.settings.max_body_bytes + 10) + b"}"
    response = live_api.client.post("/v1/datasets", content=huge,
                                    headers=auth(steward_key()) | {"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["status"] == 413


def test_unsupported_accept_is_406(live_api, steward_key) -> None:
    location = live_api.client.post("/v1/datasets", json=VALID, headers=auth(steward_key())).headers["location"]
    response = live_api.client.get(location, headers={"Accept": "application/pdf"})
    assert response.status_code == 406
    assert response.headers["content-type"].startswith("application/problem+json")


def test_content_negotiation_round_trip(live_api, steward_key) -> None:
    """JSON in, Turtle out, Turtle back in as a new dataset: the same dataset."""
    client, key = live_api.client, steward_key()
    original = client.post("/v1/datasets", json=VALID, headers=auth(key)).json()
    for media in ("text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"):
        response = client.get(f"/v1/datasets/{original['id']}", headers={"Accept": media})
        assert response.status_code == 200, media
        assert response.headers["content-type"].startswith(media)
    turtle = client.get(f"/v1/datasets/{original['id']}", headers={"Accept": "text/turtle"}).content
    # Withdraw, then register the Turtle again: it must come back as the same dataset.
    assert client.delete(f"/v1/datasets/{original['id']}", headers=auth(key)).status_code == 204
    again = client.post("/v1/datasets", content=turtle, headers=auth(key) | {"Content-Type": "text/turtle"})
    assert again.status_code == 201, again.text
    restored = again.json()
    assert restored["id"] == original["id"]
    for field in ("iri", "identifier", "title", "description", "themes", "accessRights", "contactPoint",
                  "spatial", "temporal", "issued", "modified", "accrualPeriodicity", "distributions",
                  "publisher", "landingPage"):
        assert restored[field] == original[field], field
    assert sorted(restored["keywords"]) == sorted(original["keywords"])


def test_api_design_rules_headers_and_openapi(live_api) -> None:
    client = live_api.client
    for path in ("/v1/datasets", "/v1/organisations", "/v1/nope", "/health", "/v1/openapi.json"):
        assert client.get(path).headers.get("api-version") == "1.0.0", path
    spec = client.get("/v1/openapi.json", headers={"Origin": "https://example.org"})
    assert spec.status_code == 200
    assert spec.headers["access-control-allow-origin"] == "*"
    doc = spec.json()
    assert doc["openapi"].startswith("3.")
    assert doc["servers"][0]["url"].endswith("/v1")
    assert "/datasets/{dataset_id}" in doc["paths"]
    assert all(not p.endswith("/") for p in doc["paths"])
    from openapi_spec_validator import validate

    validate(doc)
    assert client.get("/v1/datasets/").status_code == 404
    assert client.get("/v1/docs").status_code == 200


def test_method_not_allowed_is_problem_json(live_api) -> None:
    response = live_api.client.patch("/v1/organisations")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "allow" in {k.lower() for k in response.headers}


def test_the_twelve_provinces_are_known(live_api) -> None:
    body = live_api.client.get("/v1/organisations").json()
    provinces = {o["id"]: o["name"] for o in body["items"] if o["kind"] == "provincie"}
    assert sorted(provinces) == [f"pv{n}" for n in range(20, 32)]
    assert provinces["pv21"] == "Provincie Fryslân"
    one = live_api.client.get("/v1/organisations/pv29").json()
    assert one["iri"] == "https://identifier.overheid.nl/tooi/id/provincie/pv29"
    assert live_api.client.get("/v1/organisations/pv99").status_code == 404
