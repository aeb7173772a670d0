"""`fdscat serve` and `fdscat reindex`."""

from __future__ import annotations

import typer
import uvicorn
from sqlmodel import Session

from app.cli.common import console, settings_and_engine
from app.services import followers
from app.services.startup import prepare


def serve(host: str = typer.Option("127.0.0.1", help="Adres om op te luisteren"),
          port: int = typer.Option(8000, help="Poort")) -> None:
    """Start the API (migrating the database first)."""
    from app.main import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def reindex() -> None:
    """Rebuild every derived index (search, graph, …) from SQL."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    for name, factory in followers.factories().items():
        follower = factory(settings)
        with Session(engine) as db:
            follower.rebuild(db)
        console.print(f"{name}: herbouwd tot positie {follower.position()}")
        close = getattr(follower, "close", None)
        if close:
            close()
