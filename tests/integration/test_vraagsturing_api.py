"""POST /v1/vraagsturing end to end: ranked answers with true explanations, an honest gap flag,
and the feedback → gaps loop, over real HTTP on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from sqlmodel import Session

from app.models.records import DatasetRecord
from app.services.registry import Origin, upsert_batch
from app.services.search.analysis import fold

PV = "https://identifier.overheid.nl/tooi/id/provincie/"
NLD = "http://publications.europa.eu/resource/authority/country/NLD"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"


def record(slug: str, title: str, description: str, keywords: list[str], publisher: str, spatial: str,
           theme: str, modified: str = "2025-06-01") -> DatasetRecord:
    return DatasetRecord(iri=f"https://example.org/id/dataset/{slug}", identifier=slug, title=title,
                         description=description, keywords=keywords, publisher=publisher, spatial=[spatial],
                         themes=[THEME + theme], modified=modified, languages=[], distributions=[])


CATALOGUE = [
    record("zoutkaart-zld", "Chloridegehalte ondiep grondwater", "Kaart van de zoutindringing in het ondiepe "
           "grondwater onder landbouwpercelen.", ["chloride", "grondwater"], PV + "pv29", PV + "pv29", "ENVI"),
    record("zoutkaart-gld", "Chloridegehalte ondiep grondwater Gelderland", "Zoutindringing in het grondwater.",
           ["chloride"], PV + "pv25", PV + "pv25", "ENVI"),
    record("windturbines-zld", "Windturbines", "Alle windturbines op land met ashoogte en vermogen.",
           ["windenergie", "windpark"], PV + "pv29", PV + "pv29", "ENER"),
    record("woningbouw-utr", "Woningbouwmonitor", "Plancapaciteit en opgeleverde nieuwbouwwoningen per gemeente.",
           ["woningbouw", "plancapaciteit"], PV + "pv26", PV + "pv26", "REGI"),
    record("bodemkaart-nl", "Bodemkaart van Nederland", "Landelijke bodemkaart met grondsoorten.",
           ["bodem"], "https://www.wur.nl/", NLD, "AGRI"),
]


def assert_true_explanation(result: dict) -> None:
    rec = next(r for r in CATALOGUE if r.iri == result["dataset"]["iri"])
    fields = {"title": rec.title, "keyword": " ".join(rec.keywords), "description": rec.description}
    matched = [e for e in result["explanation"] if e.startswith("matched")]
    assert matched, result
    for line in matched:
        m = re.search(r"'([^']+)'(?: \(via '([^']+)'\))? in (title|keyword|description)$", line)
        assert m, line
        term, field = (m.group(2) or m.group(1)), m.group(3)
        first_word = fold(term).split()[0][:5]  # the stem's start: grondwater/grondwaterstanden
        assert first_word in fold(fields[field]), (line, fields[field])


def load(engine) -> None:  # noqa: ANN001
    with Session(engine) as db:
        upsert_batch(db, CATALOGUE, origin=Origin(role="admin"), strict=False)


def ask(live_api, question: str, **extra) -> dict:  # noqa: ANN001, ANN003
    r = live_api.client.post("/v1/vraagsturing", json={"question": question, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def test_answer_ranks_the_asked_area_first_and_explains_truthfully(live_api, engine) -> None:  # noqa: ANN001
    load(engine)
    live_api.catch_up()
    body = ask(live_api, "Waar is verzilting van het grondwater in Zeeland?")
    assert body["interpretation"]["places"][0]["id"] == "pv29"
    assert "zoetwater" in body["interpretation"]["opgaven"]
    assert body["gap"] is False and body["questionId"]
    first = body["results"][0]
    assert first["dataset"]["iri"].endswith("/zoutkaart-zld")
    explanation = " | ".join(first["explanation"])
    assert "matched concept 'verzilting' (via 'chloridegehalte') in title" in explanation
    assert "covers Zeeland" in explanation and "updated 2025-06" in explanation
    for result in body["results"]:  # every explanation names a term that really is where it says
        assert_true_explanation(result)
    iris = [r["dataset"]["iri"] for r in body["results"]]
    assert not any(i.endswith("/windturbines-zld") for i in iris)  # no padding with noise
    gelderland = [r for r in body["results"] if r["dataset"]["iri"].endswith("/zoutkaart-gld")]
    assert not gelderland or gelderland[0]["score"] < first["score"] / 2


def test_municipality_question_finds_its_provinces_data(live_api, engine) -> None:  # noqa: ANN001
    load(engine)
    live_api.catch_up()
    body = ask(live_api, "Hoeveel nieuwbouwwoningen komen er in Amersfoort?")
    assert body["interpretation"]["places"][0]["id"] == "gm0307"
    assert body["results"][0]["dataset"]["iri"].endswith("/woningbouw-utr")
    assert any("covers Amersfoort" in e for e in body["results"][0]["explanation"])


def test_english_question_is_answered(live_api, engine) -> None:  # noqa: ANN001
    load(engine)
    live_api.catch_up()
    body = ask(live_api, "Where are the wind turbines in Zeeland?")
    assert body["interpretation"]["language"] == "en"
    assert body["results"][0]["dataset"]["iri"].endswith("/windturbines-zld")


def test_question_about_something_absent_is_a_gap_and_feeds_the_gap_report(live_api, engine) -> None:  # noqa: ANN001
    load(engine)
    live_api.catch_up()
    body = ask(live_api, "Hoeveel lynxen en wolven zijn er gezien in Zeeland?")
    assert body["gap"] is True and body["gapReason"]
    answered = ask(live_api, "windturbines in Zeeland")
    assert answered["gap"] is False
    r = live_api.client.post(f"/v1/vraagsturing/{answered['questionId']}/feedback",
                             json={"verdict": "missing-dataset", "text": "vermogen per turbine ontbreekt"})
    assert r.status_code == 201, r.text
    bad = live_api.client.post(f"/v1/vraagsturing/{answered['questionId']}/feedback", json={"verdict": "meh"})
    assert bad.status_code == 400
    unknown = live_api.client.post("/v1/vraagsturing/nope/feedback", json={"verdict": "useful"})
    assert unknown.status_code == 404
    report = live_api.client.get("/v1/vraagsturing/gaps").json()
    cells = {(c["opgave"], c["province"]): c for c in report["items"]}
    energy = cells[("energie", "pv29")]
    assert energy["missingDataset"] == 1 and energy["unanswered"] == 0
    assert any(c["unanswered"] == 1 and c["province"] == "pv29" for c in report["items"])
    only_other = live_api.client.get("/v1/vraagsturing/gaps", params={"province": "pv20"}).json()
    assert only_other["items"] == []
