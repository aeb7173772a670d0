"""Fixtures over both stores: a SQLite file and a throwaway PostgreSQL database per test.

Each test gets a fresh, migrated database copied from a template (PostgreSQL: CREATE DATABASE …
TEMPLATE; SQLite: a file copy), so tests can run the real API in a real server and still not see
each other's data."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine
from app.services import keys
from app.services.startup import prepare
from tests.live_server import LiveApi, serve

PG_ADMIN = os.environ.get("FDS_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("FDS_TEST_REQUIRE_PG") == "1"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _pg(dbname: str) -> str:
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname


def _pg_admin(sql: str) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sqlite-template")
    settings = Settings(database_url=f"sqlite:///{folder / 'catalogus.db'}", data_dir=folder)
    engine = make_engine(settings)
    prepare(engine, settings)
    engine.dispose()
    return folder / "catalogus.db"


@contextmanager
def throwaway_pg(name: str) -> Iterator[str]:
    """An empty PostgreSQL database of this name while the block runs; yields its URL. Skips the
    test when PostgreSQL is not reachable, unless FDS_TEST_REQUIRE_PG=1 (CI) makes that a failure."""
    try:
        _pg_admin(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        if REQUIRE_PG:
            raise
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN} ({exc}); start it (see README) to run these")
    try:
        yield _pg(name)
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    name = f"fds_tpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with throwaway_pg(name) as url:
        settings = Settings(database_url=url, data_dir=Path("/tmp"))
        engine = make_engine(settings)
        prepare(engine, settings)
        engine.dispose()
        yield name


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated database holding the twelve provinces."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        target = tmp_path / "db" / "catalogus.db"
        target.parent.mkdir()
        shutil.copy(template, target)
        yield f"sqlite:///{target}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"fds_t_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield _pg(name)
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, data_dir=tmp_path / "data", follow_interval=0.2,
                    base_url="http://testserver")


@pytest.fixture
def engine(settings: Settings):  # noqa: ANN201
    engine = make_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:  # noqa: ANN001
    with Session(engine, expire_on_commit=False) as db:
        yield db


@pytest.fixture
def live_api(settings: Settings) -> Iterator[LiveApi]:
    """The real app in a real uvicorn server on a random loopback port."""
    with serve(settings) as api:
        yield api


@pytest.fixture
def make_key(engine) -> Callable[[str, str], str]:  # noqa: ANN001
    """Create an API key for an organisation and role; returns the secret."""

    def make(org: str, role: str = "steward") -> str:
        with Session(engine) as db:
            return keys.create_key(db, org, role)[1]

    return make


@pytest.fixture
def admin_key(make_key) -> str:  # noqa: ANN001
    return make_key("pv29", "admin")


@pytest.fixture
def steward_key(make_key) -> Callable[[str], str]:  # noqa: ANN001
    return lambda org="pv29": make_key(org, "steward")


@pytest.fixture
def shared_dir() -> Path:
    """../shared (reference data); tests that need it skip with a reason when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (CI and the team machines have it)")
    return SHARED
