"""Dutch search behind GET /v1/datasets, on SQLite and PostgreSQL: analysis end to end, boosts,
prefix/phrase, filters and facets, paging, and the index kept by the change feed."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from app.config import Settings
from app.models.records import DatasetRecord, DistributionRecord
from app.services.followers import catch_up
from app.services.registry import Origin, upsert_dataset, withdraw_dataset
from app.services.search import Filters, search_ids
from app.services.search.follower import SearchFollower
from app.services.search.service import filters_of

THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FILE = "http://publications.europa.eu/resource/authority/file-type/"
PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
ADMIN = Origin(role="admin")

CORPUS = [  # (key, publisher, title, description, keywords, themes, format, modified)
    ("gws", "pv25", "Grondwaterstanden Veluwe", "Meetreeksen van peilbuizen in Gelderland.", ["grondwater"],
     ["ENVI"], "CSV", "2026-05-01"),
    ("frl", "pv21", "Natuurgebieden in Fryslân", "Begrenzing van het natuurnetwerk.", ["natuur"], ["ENVI"],
     "GEOJSON", "2025-01-10"),
    ("zon", "pv27", "Zonneparken en windturbines", "Locaties van duurzame energieopwekking.", ["energie"],
     ["ENER"], "GEOJSON", "2026-02-02"),
    ("ste", "pv26", "Stikstofdepositie op Natura 2000", "Berekende depositie per hexagon.", ["stikstof"],
     ["ENVI", "AGRI"], "CSV", "2024-11-11"),
    ("wat", "pv29", "Waterkwaliteit oppervlaktewater", "Metingen van chloride en nutriënten in sloten.",
     ["water"], ["ENVI"], "CSV", "2026-06-06"),
    ("bed", "pv30", "Bedrijventerreinen Brabant", "Kavels en uitgifte van bedrijventerreinen.", ["economie"],
     ["ECON"], "XLSX", "2023-03-03"),
    ("per", "pv22", "Landbouwpercelen en gewassen", "Gewaspercelen uit de basisregistratie.", ["landbouw"],
     ["AGRI"], "CSV", "2026-01-15"),
    ("oev", "pv23", "Oevers van de IJssel", "Beheer van oevers; het water staat hoog in de winter.",
     ["rivier"], ["ENVI"], "WMS_SRVC", "2022-02-02"),
    ("fie", "pv24", "Fietspaden Flevoland", "Ligging van fietspaden langs het water.", ["fiets", "water"],
     ["TRAN"], "GEOJSON", "2025-09-09"),
]


def record(key: str, publisher: str, title: str, description: str, keywords: list[str], themes: list[str],
           fmt: str, modified: str) -> DatasetRecord:
    return DatasetRecord(
        iri=f"https://data.example.nl/id/dataset/{key}", identifier=key, title=title, description=description,
        publisher=publisher, keywords=keywords, themes=[THEME + t for t in themes], access_rights=PUBLIC,
        modified=modified,
        distributions=[DistributionRecord(access_url=f"https://data.example.nl/{key}", format=FILE + fmt,
                                          license=CC0)])


def load(db: Session, corpus=CORPUS) -> dict[str, str]:  # noqa: ANN001
    """Write the corpus through the one write path; returns key → dataset id."""
    return {row[0]: upsert_dataset(db, record(*row), origin=ADMIN, strict=False).dataset.id for row in corpus}


@pytest.fixture
def follower(settings: Settings, engine) -> SearchFollower:  # noqa: ANN001
    return SearchFollower(settings)


@pytest.fixture
def ids(session: Session, engine, follower: SearchFollower) -> dict[str, str]:  # noqa: ANN001
    keys = load(session)
    catch_up(engine, follower)
    return keys


def found(follower: SearchFollower, text, filters: Filters | None = None) -> list[str]:  # noqa: ANN001
    return [i for i, _ in search_ids(follower.index, text, filters, limit=100)]


def test_stemming_accents_and_compounds(follower, ids) -> None:  # noqa: ANN001
    assert found(follower, "grondwaterstand") == [ids["gws"]]  # grondwaterstanden
    assert found(follower, "Fryslan") == [ids["frl"]]  # Fryslân
    assert found(follower, "FRYSLÂN natuurgebied") == [ids["frl"]]
    assert ids["gws"] in found(follower, "stand")  # grond-water-stand-en
    assert ids["zon"] in found(follower, "zon")  # zonn-e-parken
    assert ids["zon"] in found(follower, "windturbine")
    assert ids["bed"] in found(follower, "bedrijf")  # bedrijv-en-terreinen
    assert ids["per"] in found(follower, "perceel") and ids["per"] in found(follower, "gewas")
    assert found(follower, "Gelderland") == [ids["gws"]]  # not stemmed to "lderland"


def test_title_hits_rank_above_keyword_and_description_hits(follower, ids) -> None:  # noqa: ANN001
    ranked = found(follower, "water")
    # title "Waterkwaliteit oppervlaktewater" (compound parts) and keyword "water" (fie) rank above
    # the description-only hit (oev: "het water staat hoog"), and the compound part in gws
    assert set(ranked) >= {ids["wat"], ids["fie"], ids["oev"], ids["gws"]}
    assert ranked.index(ids["fie"]) < ranked.index(ids["oev"])
    assert ranked.index(ids["wat"]) < ranked.index(ids["oev"])


def test_stop_words_alone_find_nothing_special_and_all_words_must_match(follower, ids) -> None:  # noqa: ANN001
    assert found(follower, "fietspaden Flevoland") == [ids["fie"]]
    assert found(follower, "fietspaden Gelderland") == []
    assert set(found(follower, "de het")) == set(ids.values())  # nothing left to search: everything


def test_prefix_and_phrase_queries(follower, ids) -> None:  # noqa: ANN001
    assert found(follower, "grondw*") == [ids["gws"]]
    assert set(found(follower, "zonne*")) == {ids["zon"]}
    assert found(follower, '"natura 2000"') == [ids["ste"]]
    assert found(follower, '"2000 natura"') == []
    assert found(follower, '"water staat hoog"') == [ids["oev"]]


def test_expanded_alternatives_rank_datasets_matching_more_of_them_first(follower, ids) -> None:  # noqa: ANN001
    ranked = found(follower, ["fietspad", "water", "flevoland"])
    assert ranked[0] == ids["fie"]
    assert ids["oev"] in ranked


def test_filters_restrict_without_changing_which_text_matches(follower, ids) -> None:  # noqa: ANN001
    assert set(found(follower, "water", filters_of(publisher=["pv24"]))) == {ids["fie"]}
    assert set(found(follower, None, filters_of(theme=["AGRI"]))) == {ids["ste"], ids["per"]}
    assert set(found(follower, None, filters_of(format=["CSV"], publisher=["pv25", "pv22"]))) == {ids["gws"],
                                                                                                  ids["per"]}
    assert set(found(follower, None, filters_of(modified_since="2026-03-01"))) == {ids["gws"], ids["wat"]}
    assert set(found(follower, None, filters_of(keyword=["Water"]))) == {ids["wat"], ids["fie"]}


def test_index_rebuilt_from_sql_equals_index_kept_by_the_change_feed(session, engine, follower, ids,
                                                                     settings, tmp_path: Path) -> None:  # noqa: ANN001
    upsert_dataset(session, record("zon", "pv27", "Zonneweides en zonneparken", "Nieuw.", ["zon"], ["ENER"],
                                   "CSV", "2026-07-07"), origin=ADMIN, strict=False)
    withdraw_dataset(session, ids["bed"], origin=ADMIN)
    catch_up(engine, follower)
    rebuilt = SearchFollower(settings.model_copy(update={"data_dir": tmp_path / "other"}))
    rebuilt.rebuild(session)
    assert rebuilt.position() == follower.position()
    for text in ["water", "zon", "bedrijf", "grondw*", '"natura 2000"', None, "fryslan natuur"]:
        assert sorted(found(follower, text)) == sorted(found(rebuilt, text)), text
    assert ids["bed"] not in found(follower, None)
    assert found(follower, "zonneweide") == [ids["zon"]]


def test_search_api_facets_filters_and_links(live_api, session, ids) -> None:  # noqa: ANN001
    live_api.catch_up()
    client = live_api.client
    body = client.get("/v1/datasets", params={"q": "water", "pageSize": 2}).json()
    assert body["total"] == 4 and len(body["items"]) == 2 and body["page"] == 1 and body["pageSize"] == 2
    assert body["links"]["next"]["href"].endswith("page=2") and "q=water" in body["links"]["next"]["href"]
    assert body["links"]["last"]["href"].endswith("page=2") and "prev" not in body["links"]
    themes = {f["value"]: f for f in body["facets"]["theme"]}
    assert themes[THEME + "ENVI"]["count"] == 3 and themes[THEME + "ENVI"]["label"].startswith("Milieu")
    publishers = {f["value"]: f for f in body["facets"]["publisher"]}
    assert publishers["pv24"] == {"value": "pv24", "label": "Provincie Flevoland", "count": 1}
    formats = {f["value"]: f["label"] for f in body["facets"]["format"]}
    assert formats[FILE + "CSV"] == "CSV"
    assert body["facets"]["license"][0]["label"] == "CC0 1.0"
    assert body["facets"]["accessRights"][0] == {"value": PUBLIC, "label": "openbaar", "count": 4}

    filtered = client.get("/v1/datasets", params=[("theme", "ENVI"), ("format", "CSV"), ("sort", "modified")])
    assert [i["identifier"] for i in filtered.json()["items"]] == ["wat", "gws", "ste"]
    titles = client.get("/v1/datasets", params={"sort": "title", "pageSize": 100}).json()["items"]
    assert [i["title"] for i in titles] == sorted((i["title"] for i in titles), key=str.lower)
    assert client.get("/v1/datasets", params={"pageSize": 101}).status_code == 400
    assert client.get("/v1/datasets", params={"sort": "random"}).status_code == 400
    assert client.get("/v1/datasets", params={"bbox": "1,2,3"}).status_code == 400


def test_paging_is_stable_without_duplicates_or_gaps(live_api, session) -> None:  # noqa: ANN001
    extra = [(f"k{i:02d}", "pv26", f"Wegen en fietspaden deel {i}", "Wegenregister.", ["wegen"], ["TRAN"], "CSV",
              f"2025-01-{1 + i % 5:02d}") for i in range(23)]
    keys = load(session, extra)
    live_api.catch_up()
    for params in ({"q": "wegen"}, {"sort": "modified"}, {"sort": "title"}, {"q": "fietspad", "sort": "title"}):
        seen: list[str] = []
        page = 1
        while True:
            body = live_api.client.get("/v1/datasets", params=params | {"pageSize": 5, "page": page}).json()
            seen += [i["id"] for i in body["items"]]
            if "next" not in body["links"]:
                break
            page += 1
        assert len(seen) == len(set(seen)) == body["total"] == len(keys), params


def test_api_write_is_searchable_after_catch_up_and_withdrawal_removes_it(live_api, steward_key) -> None:
    client, headers = live_api.client, {"Authorization": f"Bearer {steward_key('pv29')}"}
    body = {
        "identifier": "zoetwaterbel-schouwen", "title": "Zoetwaterbellen Schouwen-Duiveland",
        "description": "Dikte van de zoetwaterlens onder kreekruggen.", "publisher": "pv29", "creator": "pv29",
        "themes": [THEME + "ENVI"], "accessRights": PUBLIC, "keywords": ["verzilting"],
        "contactPoint": {"name": "Team Water", "email": "water@zeeland.nl"},
    }
    created = client.post("/v1/datasets", json=body, headers=headers)
    assert created.status_code == 201, created.text
    live_api.catch_up()
    hits = client.get("/v1/datasets", params={"q": "zoetwaterbel"}).json()
    assert [i["id"] for i in hits["items"]] == [created.json()["id"]]
    assert client.delete(f"/v1/datasets/{created.json()['id']}", headers=headers).status_code == 204
    live_api.catch_up()
    assert client.get("/v1/datasets", params={"q": "zoetwaterbel"}).json()["total"] == 0


def test_two_processes_on_one_index_directory_take_turns_and_see_each_others_writes(settings, engine,
                                                                                     session) -> None:  # noqa: ANN001
    import threading

    api, cli = SearchFollower(settings), SearchFollower(settings)  # two Index objects, one directory
    assert api.index.path == cli.index.path
    keys = load(session)
    workers = [threading.Thread(target=catch_up, args=(engine, f)) for f in (api, cli)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert api.position() == cli.position() > 0
    assert found(api, "grondwaterstand") == found(cli, "grondwaterstand") == [keys["gws"]]
    withdraw_dataset(session, keys["gws"], origin=ADMIN)
    catch_up(engine, cli)  # the CLI applies it ...
    api.position()  # ... the API's next poll sees the position move and reloads
    assert found(api, "grondwaterstand") == []


def test_place_and_bbox_filters(session, engine, follower) -> None:  # noqa: ANN001
    tooi = "https://identifier.overheid.nl/tooi/id/provincie/pv21"
    polygon = "POLYGON((5.9 52.0, 6.1 52.0, 6.1 52.2, 5.9 52.2, 5.9 52.0))"  # around the Veluwe's east
    keys = {
        "frl": upsert_dataset(session, record("frl", "pv21", "Meren", "Meren.", [], ["ENVI"], "CSV", "2025-01-01")
                              .model_copy(update={"spatial": [tooi]}), origin=ADMIN, strict=False).dataset.id,
        "vel": upsert_dataset(session, record("vel", "pv25", "Heide", "Heide.", [], ["ENVI"], "CSV", "2025-01-01")
                              .model_copy(update={"spatial": [polygon]}), origin=ADMIN, strict=False).dataset.id,
    }
    catch_up(engine, follower)
    assert found(follower, None, filters_of(place=["Friesland"])) == [keys["frl"]]
    assert found(follower, None, filters_of(place=["Fryslân"])) == [keys["frl"]]
    assert found(follower, None, filters_of(bbox="6.0,52.1,7.0,53.0")) == [keys["vel"]]  # overlaps
    assert found(follower, None, filters_of(bbox="3.3,51.2,4.0,51.7")) == []  # Zeeland: no overlap
