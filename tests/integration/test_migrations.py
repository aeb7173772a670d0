"""Migrations that move data: what a catalogue held before the upgrade is still there after it."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Engine

from app.config import Settings
from app.db import make_engine
from app.services.migrations import alembic_config, upgrade
from tests.conftest import throwaway_pg

BEFORE_TERMS_COLUMN = "0006_provenance_source_index"


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database no migration has run on yet."""
    database = (nullcontext(f"sqlite:///{tmp_path / 'old.db'}") if request.param == "sqlite"
                else throwaway_pg(f"fds_mig_{uuid.uuid4().hex[:12]}"))
    with database as url:
        engine = make_engine(Settings(database_url=url, data_dir=tmp_path))
        yield engine
        engine.dispose()


def _terms(engine: Engine) -> dict[str, dict]:
    with engine.connect() as conn:
        return {i: json.loads(t) if isinstance(t, str) else t
                for i, t in conn.execute(text("SELECT id, terms FROM dataset ORDER BY id"))}


def test_dataset_terms_move_from_rows_to_the_dataset_and_back(empty_engine: Engine) -> None:
    upgrade(empty_engine, BEFORE_TERMS_COLUMN)
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO organisation (id, iri, name, kind) VALUES ('pv30', "
                          "'https://identifier.overheid.nl/tooi/id/provincie/pv30', 'Gelderland', 'provincie')"))
        for i in ("a", "b", "c"):
            conn.execute(text("INSERT INTO dataset (id, iri, identifier, title, description, publisher_id, status, "
                              "content_hash, created_at, updated_at) VALUES (:id, :iri, :id, 't', 'd', 'pv30', "
                              "'active', 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
                         {"id": i, "iri": f"https://example.org/{i}"})
        rows = [("a", "keyword", "water"), ("a", "theme", "ENVI"), ("a", "keyword", "droogte"),
                ("a", "format", "CSV"), ("a", "license", "CC0"), ("b", "spatial", "Arnhem"),
                ("b", "page", "https://example.org/doc"), ("a", "keyword", "aardappel")]
        for dataset_id, kind, value in rows:
            conn.execute(text("INSERT INTO dataset_term (dataset_id, kind, value) VALUES (:d, :k, :v)"),
                         {"d": dataset_id, "k": kind, "v": value})

    upgrade(empty_engine)
    assert _terms(empty_engine) == {
        "a": {"keywords": ["water", "droogte", "aardappel"], "themes": ["ENVI"]},  # in the order written
        "b": {"spatial": ["Arnhem"], "pages": ["https://example.org/doc"]},
        "c": {},
    }

    with empty_engine.begin() as conn:
        command.downgrade(alembic_config(conn), BEFORE_TERMS_COLUMN)
    with empty_engine.connect() as conn:
        back = conn.execute(text("SELECT dataset_id, kind, value FROM dataset_term ORDER BY id")).all()
    assert sorted(back) == sorted(r for r in rows if r[1] not in ("format", "license"))


def test_distributions_move_from_rows_to_the_dataset_and_back(empty_engine: Engine) -> None:
    upgrade(empty_engine, "0007_dataset_terms_column")
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO organisation (id, iri, name, kind) VALUES ('pv30', "
                          "'https://identifier.overheid.nl/tooi/id/provincie/pv30', 'Gelderland', 'provincie')"))
        for i in ("a", "b"):
            conn.execute(text("INSERT INTO dataset (id, iri, identifier, title, description, publisher_id, status, "
                              "content_hash, created_at, updated_at) VALUES (:id, :iri, :id, 't', 'd', 'pv30', "
                              "'active', 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"),
                         {"id": i, "iri": f"https://example.org/{i}"})
        for position, url, size in ((1, "https://example.org/a.csv", 1234), (0, "https://example.org/a.wms", None)):
            conn.execute(text("INSERT INTO distribution (dataset_id, position, iri, access_url, format, byte_size) "
                              "VALUES ('a', :p, :iri, :url, 'CSV', :size)"),
                         {"p": position, "iri": f"https://example.org/a#d{position}", "url": url, "size": size})

    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        stored = {i: json.loads(d) if isinstance(d, str) else d
                  for i, d in conn.execute(text("SELECT id, distributions FROM dataset ORDER BY id"))}
    assert stored == {"a": [{"iri": "https://example.org/a#d0", "access_url": "https://example.org/a.wms",
                             "format": "CSV"},  # in position order, NULLs left out
                            {"iri": "https://example.org/a#d1", "access_url": "https://example.org/a.csv",
                             "format": "CSV", "byte_size": 1234}],
                      "b": []}

    with empty_engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0007_dataset_terms_column")
    with empty_engine.connect() as conn:
        back = conn.execute(text("SELECT dataset_id, position, access_url, byte_size FROM distribution "
                                 "ORDER BY position")).all()
    assert [tuple(r) for r in back] == [("a", 0, "https://example.org/a.wms", None),
                                        ("a", 1, "https://example.org/a.csv", 1234)]


def test_source_triples_are_compressed_and_back_and_read_as_text(empty_engine: Engine) -> None:
    from sqlmodel import Session, select

    from app.models.datasets import Dataset
    from app.models.harvest import DatasetProvenance

    before = "0008_dataset_distributions"
    triples = {i: "".join(f'<https://example.org/{i}> <http://purl.org/dc/terms/title> "titel {n} ë" .\n'
                          for n in range(50)) for i in ("a", "b")}
    upgrade(empty_engine, before)
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO organisation (id, iri, name, kind) VALUES ('pv30', "
                          "'https://identifier.overheid.nl/tooi/id/provincie/pv30', 'Gelderland', 'provincie')"))
        conn.execute(text("INSERT INTO harvest_source (id, name, kind, url, enabled, validators) VALUES "
                          "('s', 'S', 'dcat', 'https://example.org/catalog', true, '{}')"))
        for i, nt in (("a", triples["a"]), ("b", triples["b"]), ("c", None)):
            conn.execute(text("INSERT INTO dataset (id, iri, identifier, title, description, publisher_id, status, "
                              "content_hash, created_at, updated_at, source_ntriples) VALUES (:id, :iri, :id, 't', "
                              "'d', 'pv30', 'active', 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00', :nt)"),
                         {"id": i, "iri": f"https://example.org/{i}", "nt": nt})
        for i, nt in (("a", triples["b"]), ("b", None)):
            conn.execute(text("INSERT INTO dataset_provenance (dataset_id, source_id, first_seen, last_seen, "
                              "source_ntriples) VALUES (:id, 's', '2026-01-01 00:00:00', '2026-01-01 00:00:00', :nt)"),
                         {"id": i, "nt": nt})

    upgrade(empty_engine)
    with empty_engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT id, source_ntriples FROM dataset")).all())
    assert stored["c"] is None and len(bytes(stored["a"])) < len(triples["a"]) / 3  # compressed
    with Session(empty_engine) as db:
        assert {d.id: d.source_ntriples for d in db.exec(select(Dataset))} == {**triples, "c": None}
        provenance = {p.dataset_id: p.source_ntriples for p in db.exec(select(DatasetProvenance))}
        assert provenance == {"a": triples["b"], "b": None}

    with empty_engine.begin() as conn:
        command.downgrade(alembic_config(conn), before)
    with empty_engine.connect() as conn:
        assert dict(conn.execute(text("SELECT id, source_ntriples FROM dataset")).all()) == {**triples, "c": None}
        assert dict(conn.execute(text("SELECT dataset_id, source_ntriples FROM dataset_provenance")).all()) == {
            "a": triples["b"], "b": None}
