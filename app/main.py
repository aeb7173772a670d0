"""create_app(): the FastAPI factory. Nothing reads the environment at import time."""

from __future__ import annotations

import gc
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app import problems
from app.config import API_VERSION, Settings
from app.db import make_engine
from app.middleware import ApiHeaders, BodyLimit
from app.openapi import build_openapi
from app.routers import (
    catalog,
    datasets,
    harvest,
    health,
    organisations,
    quality,
    sparql,
    validations,
    vraagsturing,
)
from app.services import followers, startup
from app.services.vraagsturing.vocab import warm as warm_vocabularies

log = logging.getLogger(__name__)

# Every router under /v1, listed once. Router paths are written without the /v1 prefix.
ROUTERS = [datasets.router, organisations.router, sparql.router, quality.router, catalog.router,
           validations.router, vraagsturing.router, harvest.router]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = make_engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        startup.prepare(engine, settings)
        active = [factory(settings) for factory in followers.factories().values()]
        for follower in active:
            followers.catch_up(engine, follower)
        thread = followers.FollowerThread(engine, active, settings.follow_interval)
        app.state.followers = {f.name: f for f in active}
        app.state.follower_thread = thread
        warm_vocabularies()
        # What startup built (modules, vocabularies, indexes) lives as long as the process: keep
        # it out of the cyclic collector's full passes, which otherwise stall a request for ~70 ms.
        gc.freeze()
        thread.start()
        try:
            yield
        finally:
            thread.stop()
            sparql.close_pool(app)
            for follower in active:
                close = getattr(follower, "close", None)
                if close:
                    close()
            engine.dispose()

    app = FastAPI(
        title="fds-catalogus",
        version=API_VERSION,
        description="Federatieve datacatalogus van de twaalf provincies (DCAT-AP-NL 3.0).",
        openapi_url="/v1/openapi.json",
        docs_url="/v1/docs",
        redoc_url=None,
        redirect_slashes=False,
        lifespan=lifespan,
    )
    app.state.settings, app.state.engine = settings, engine
    problems.install(app)
    app.include_router(health.router)
    for router in ROUTERS:
        app.include_router(router, prefix="/v1")
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "PUT", "DELETE"],
                       allow_headers=["*"], expose_headers=["API-Version", "Location"])
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(ApiHeaders)
    app.openapi = lambda: _openapi(app, settings)
    return app


def _openapi(app: FastAPI, settings: Settings) -> dict:
    if app.openapi_schema is None:
        app.openapi_schema = build_openapi(app, settings)
    return app.openapi_schema
