"""`fdscat db upgrade|current`."""

from __future__ import annotations

import typer

from app.cli.common import console, settings_and_engine
from app.services import migrations
from app.services.startup import prepare

app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Bring the database to the latest schema revision and load the vocabularies."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    console.print(f"Database op revisie [bold]{migrations.current(engine)}[/] ({engine.url.render_as_string()})")


@app.command("current")
def current() -> None:
    """Print the schema revision the database is at."""
    _, engine = settings_and_engine()
    console.print(migrations.current(engine) or "leeg (nog geen migraties)")
