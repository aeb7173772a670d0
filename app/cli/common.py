"""What every command shares: settings from the environment and an engine on them."""

from __future__ import annotations

from rich.console import Console
from sqlalchemy.engine import Engine

from app.config import Settings
from app.db import make_engine

console = Console()


def settings_and_engine() -> tuple[Settings, Engine]:
    settings = Settings()
    return settings, make_engine(settings)
