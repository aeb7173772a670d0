"""The precomputed store of analysed datasets: built by its follower, used by POST /v1/vraagsturing,
and never the truth (a dataset changed since it was stored is analysed from SQL again); SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.models.datasets import Dataset
from app.models.records import DatasetRecord
from app.services.registry import Origin, upsert_batch, withdraw_dataset
from app.services.vraagsturing import documents
from app.services.vraagsturing.store import StoreFollower, pack, unpack
from app.services.vraagsturing.vocab import load_places

PV = "https://identifier.overheid.nl/tooi/id/provincie/"


def record(slug: str, title: str, keywords: list[str]) -> DatasetRecord:
    return DatasetRecord(iri=f"https://example.org/id/dataset/{slug}", identifier=slug, title=title,
                         description=f"{title}: metingen en kaarten.", keywords=keywords, publisher=PV + "pv29",
                         spatial=[PV + "pv29"], modified="2025-06-01", languages=[], distributions=[])


CATALOGUE = [record("grondwater", "Grondwaterstanden Zeeland", ["grondwater", "peilbuis"]),
             record("verzilting", "Chloridegehalte ondiep grondwater", ["verzilting", "chloride"]),
             record("wind", "Windturbines", ["windenergie"])]


def load(engine, records: list[DatasetRecord]) -> None:  # noqa: ANN001
    with Session(engine) as db:
        upsert_batch(db, records, origin=Origin(role="admin"), strict=False)


def titles(live_api, question: str) -> list[str]:  # noqa: ANN001
    r = live_api.client.post("/v1/vraagsturing", json={"question": question})
    assert r.status_code == 200, r.text
    return [x["dataset"]["title"] for x in r.json()["results"]]


def test_the_follower_stores_every_active_dataset_and_answers_come_from_it(live_api, engine,  # noqa: ANN001
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    load(engine, CATALOGUE)
    live_api.catch_up()
    follower = live_api.app.state.followers["vraagsturing"]
    assert follower.store.count() == len(CATALOGUE) and follower.position() > 0
    expected = titles(live_api, "Waar is het grondwater verzilt in Zeeland?")
    assert set(expected[:2]) == {"Chloridegehalte ondiep grondwater", "Grondwaterstanden Zeeland"}
    documents.CACHE.items.clear()

    def no_analysis(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("analysed per question although the store holds the dataset")

    monkeypatch.setattr(documents, "build_docs", no_analysis)
    assert titles(live_api, "Waar is het grondwater verzilt in Zeeland?") == expected


def test_a_dataset_changed_since_it_was_stored_is_read_from_sql(live_api, engine) -> None:  # noqa: ANN001
    load(engine, CATALOGUE)
    live_api.catch_up()
    follower = live_api.app.state.followers["vraagsturing"]
    live_api.app.state.follower_thread.stop()  # the store must lag behind SQL for this test
    load(engine, [record("grondwater", "Grondwaterpeil meetnet Zeeland", ["grondwater", "peilbuis"])])
    documents.CACHE.items.clear()
    assert "Grondwaterpeil meetnet Zeeland" in titles(live_api, "grondwater in Zeeland")
    assert "Grondwaterstanden Zeeland" not in titles(live_api, "grondwater in Zeeland")
    with Session(engine) as db:  # and the follower brings the store up to date
        StoreFollower(live_api.settings).rebuild(db)
    assert follower.store.count() == len(CATALOGUE)


def test_a_withdrawn_dataset_leaves_the_store_and_stored_docs_round_trip(live_api, engine) -> None:  # noqa: ANN001
    load(engine, CATALOGUE)
    live_api.catch_up()
    follower = live_api.app.state.followers["vraagsturing"]
    with Session(engine) as db:
        wind = db.exec(select(Dataset.id).where(Dataset.iri == CATALOGUE[2].iri)).one()
        for doc, _ in documents.build_docs(db, [wind], load_places()):
            assert unpack(pack(doc)) == doc
        withdraw_dataset(db, wind, origin=Origin(role="admin"))
    live_api.catch_up()
    assert follower.store.count() == len(CATALOGUE) - 1
    assert "Windturbines" not in titles(live_api, "Waar staan windturbines in Zeeland?")
