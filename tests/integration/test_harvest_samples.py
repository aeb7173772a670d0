"""Real records served over real HTTP: a demo.ckan.org package_search capture and the Geonovum
DCAT-AP-NL example, harvested into the catalogue through the whole pipeline."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlmodel import Session, select
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from app.models.datasets import Dataset
from app.models.harvest import HarvestSource
from tests.integration.harvest_support import harvest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = {
    "/ckan/api/3/action/package_search": (FIXTURES / "ckan/package_search_rows3.json", "application/json"),
    "/dcat/catalog": (FIXTURES / "dcat/dcat-ap-nl-bblock-example.ttl", "text/turtle"),
}


@pytest.fixture
def sample_server() -> Iterator[str]:
    async def serve(request) -> Response:  # noqa: ANN001
        path, media = FILES[request.url.path]
        return Response(path.read_bytes(), media_type=media)

    app = Starlette(routes=[Route(p, serve) for p in FILES])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=5)


def _source(engine, source_id: str, kind: str, url: str, org: str | None) -> str:  # noqa: ANN001
    with Session(engine) as db:
        db.add(HarvestSource(id=source_id, name=source_id, kind=kind, url=url, organisation_id=org))
        db.commit()
    return source_id


def test_ckan_capture_harvests_every_package(engine, sample_server) -> None:  # noqa: ANN001
    source = _source(engine, "demo-ckan", "ckan", f"{sample_server}/ckan", "pv29")
    run = harvest(engine, source)
    assert (run.status, run.seen, run.created, run.failed) == ("succeeded", 3, 3, 0)
    with Session(engine) as db:
        titles = set(db.exec(select(Dataset.title).where(Dataset.source_id == source)))
    assert "100 Validated Species of Plants" in titles


def test_geonovum_dcat_ap_nl_example_harvests(engine, sample_server) -> None:  # noqa: ANN001
    source = _source(engine, "bblock", "dcat", f"{sample_server}/dcat/catalog", None)
    run = harvest(engine, source)
    assert (run.status, run.created, run.failed) == ("succeeded", 1, 0), run.message
    with Session(engine) as db:
        dataset = db.exec(select(Dataset).where(Dataset.source_id == source)).one()
    assert dataset.title and dataset.source_ntriples  # the source triples are kept beside the fields
