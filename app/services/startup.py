"""What a fresh or old database needs before serving: migrations, the provinces, the sources."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.config import Settings
from app.services import migrations
from app.services.organisations import ensure_provinces

# Further start-up steps registered by other parts (e.g. loading harvesters/sources.toml).
STEPS: list[Callable[[Session, Settings], None]] = []


def prepare(engine: Engine, settings: Settings) -> None:
    if settings.auto_migrate:
        migrations.upgrade(engine)
    with Session(engine) as db:
        ensure_provinces(db)
        for step in STEPS:
            step(db, settings)
