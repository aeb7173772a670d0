"""A series of near-duplicates does not fill the top of the list when other relevant data exists,
and the asked area's datasets reach the candidates however many other provinces match; over real
HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.models.datasets import Dataset
from app.models.records import DatasetRecord
from app.services.registry import Origin, upsert_batch
from app.services.vraagsturing import candidates, service
from app.services.vraagsturing.candidates import IndexCandidates

PV = "https://identifier.overheid.nl/tooi/id/provincie/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
QUESTION = "Waar dreigt in de zomer zoetwatertekort voor de landbouw in Zeeland?"


def record(slug: str, title: str, description: str, keywords: list[str], province: str = "pv29",
           modified: str = "2025-06-01") -> DatasetRecord:
    return DatasetRecord(iri=f"https://example.org/id/dataset/{slug}", identifier=slug, title=title,
                         description=description, keywords=keywords, publisher=PV + province,
                         spatial=[PV + province], themes=[THEME + "ENVI"], modified=modified, languages=[],
                         distributions=[])


SERIES = [record(f"beregening-{place.lower()}-{year}", f"Beregeningsverboden {place} {year}",
                 f"Gebieden en perioden waarin beregenen uit grond- of oppervlaktewater in {place} verboden is.",
                 ["beregening", "onttrekkingsverbod", "droogte", place], modified=f"{year}-05-01")
          for place, year in [("Vlissingen", 2025), ("Terneuzen", 2023), ("Middelburg", 2016), ("Goes", 2020),
                              ("Tholen", 2019), ("Vlissingen", 2019)]]
OTHERS = [
    record("grondwater-mdb", "Grondwaterstanden Middelburg 2024", "Gemeten grondwaterstanden in peilbuizen.",
           ["grondwater", "peilbuis", "droogte"]),
    record("verzilting-goes", "Verzilting oppervlaktewater Goes 2023", "Chlorideconcentraties in sloten; basis "
           "voor de inlaat van zoet water in droge zomers.", ["verzilting", "chloride", "zoetwater"]),
    record("gewas-tholen", "Gewaspercelen Tholen 2024", "Landbouwpercelen met het geteelde gewas.",
           ["gewas", "perceel", "landbouw"]),
]
NOISE = [record("wind-vls", "Windparken Vlissingen 2024", "Windturbines en hun vermogen.", ["windenergie"])]


def load(engine, records: list[DatasetRecord]) -> None:  # noqa: ANN001
    with Session(engine) as db:
        upsert_batch(db, records, origin=Origin(role="admin"), strict=False)


def ask(live_api, question: str, limit: int = 10) -> list[dict]:  # noqa: ANN001
    r = live_api.client.post("/v1/vraagsturing", json={"question": question, "limit": limit})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def is_series(result: dict) -> bool:
    return result["dataset"]["title"].startswith("Beregeningsverboden")


def test_a_series_does_not_crowd_out_other_kinds_of_data(live_api, engine) -> None:  # noqa: ANN001
    load(engine, SERIES + OTHERS + NOISE)
    live_api.catch_up()
    results = ask(live_api, QUESTION)
    top = results[:4]
    assert sum(is_series(r) for r in top) == 1, [r["dataset"]["title"] for r in top]
    assert {r["dataset"]["iri"].rsplit("/", 1)[-1] for r in top} >= {"grondwater-mdb", "verzilting-goes"}
    assert is_series(results[0]) and results[0]["dataset"]["title"].endswith("2025")  # the latest of the series
    first = results[0]["dataset"]["title"]
    later = [r for r in results if is_series(r)][1:]
    assert later, "the other members are still listed, lower"
    for r in later:  # the explanation says why it sits lower
        assert f"same title series and area as '{first}'" in r["explanation"]
    assert not any("same title series" in e for r in results if not is_series(r) for e in r["explanation"])
    assert not any(r["dataset"]["iri"].endswith("/wind-vls") for r in results)


def test_a_series_still_fills_the_list_when_nothing_else_answers(live_api, engine) -> None:  # noqa: ANN001
    load(engine, SERIES + NOISE)
    live_api.catch_up()
    results = ask(live_api, "Waar gelden beregeningsverboden in Zeeland?")
    assert len(results) == len(SERIES) and all(is_series(r) for r in results)


def test_the_asked_area_reaches_the_candidates_past_other_provinces(live_api, engine,  # noqa: ANN001
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    gelderland = [record(f"gw-gld-{k}", f"Grondwaterstanden grondwater peilbuizen Apeldoorn {2010 + k}",
                         "Grondwaterstanden en grondwaterpeil in peilbuizen.", ["grondwater", "grondwaterstand"],
                         province="pv25") for k in range(8)]
    zeeland = record("gw-zld", "Meetnet Goes", "Meetreeks van het meetnet bij Goes met dagwaarden sinds 1990, "
                     "gevalideerd door de beheerder, met coördinaten, maaiveldhoogte, filterdiepte, meetmethode en "
                     "opmerkingen per meetpunt, en daarnaast de grondwaterstand.", ["meetnet"])
    load(engine, [*gelderland, zeeland])
    live_api.catch_up()
    monkeypatch.setattr(candidates, "SCOPED", 3)  # a catalogue far bigger than the candidate list
    monkeypatch.setattr(candidates, "UNSCOPED", 3)
    monkeypatch.setattr(service, "CANDIDATES", 6)
    index = live_api.app.state.followers["search"].index
    with Session(engine) as db:  # what a place-blind candidate list of the same size would hold
        blind = IndexCandidates(index).candidates(db, [(1.0, ["grondwaterstand", "grondwater", "peilbuis"], [])], 6)
        zeeland_id = db.exec(select(Dataset.id).where(Dataset.iri == zeeland.iri)).one()
    assert len(blind) == 6 and zeeland_id not in blind
    results = ask(live_api, "Hoe hoog is de grondwaterstand in Zeeland?")
    assert results[0]["dataset"]["iri"].endswith("/gw-zld")


PROVINCES = [("pv20", "Delfzijl"), ("pv21", "Sneek"), ("pv23", "Zwolle"), ("pv25", "Apeldoorn"), ("pv26", "Zeist"),
             ("pv31", "Venlo")]
NATIONAL_SERIES = [record(f"beregening-{pv}", f"Beregeningsverboden {place} 2024", f"Gebieden waar beregenen in "
                          f"{place} verboden is.", ["beregening", "onttrekkingsverbod", "droogte"], province=pv)
                   for pv, place in PROVINCES]
GROUNDWATER = [record(f"grondwater-{pv}", f"Grondwaterstanden {place} 2024", "Gemeten grondwaterstanden in "
                      "peilbuizen.", ["grondwater", "peilbuis", "droogte"], province=pv)
               for pv, place in PROVINCES[:2]]


def test_a_series_reached_through_the_thesaurus_is_spread_over_provinces_too(live_api, engine) -> None:  # noqa: ANN001
    load(engine, NATIONAL_SERIES + GROUNDWATER)
    live_api.catch_up()
    results = ask(live_api, "Waar dreigt in de zomer zoetwatertekort voor de landbouw?")
    top = [r["dataset"]["title"] for r in results[:4]]
    assert any(t.startswith("Grondwaterstanden") for t in top), top
    assert sum(t.startswith("Beregeningsverboden") for t in top) <= 2, top


def test_a_series_the_question_names_is_listed_province_by_province(live_api, engine) -> None:  # noqa: ANN001
    load(engine, NATIONAL_SERIES + GROUNDWATER)
    live_api.catch_up()
    results = ask(live_api, "Waar gelden beregeningsverboden?")
    assert [is_series(r) for r in results[: len(NATIONAL_SERIES)]] == [True] * len(NATIONAL_SERIES)
