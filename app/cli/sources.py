"""`fdscat sources list|add|remove`: the registry of harvest sources."""

from __future__ import annotations

import typer
from pydantic import ValidationError
from rich.table import Table
from sqlmodel import Session

from app.cli.common import console, settings_and_engine
from app.errors import CatalogError
from app.services import sources
from app.services.startup import prepare

app = typer.Typer(help="Oogstbronnen beheren.", no_args_is_help=True)


@app.command("list")
def list_() -> None:
    """List the sources with their last run."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    table = Table(title="Oogstbronnen")
    for name in ("id", "soort", "organisatie", "aan", "laatste run", "url"):
        table.add_column(name)
    with Session(engine) as db:
        for s in sources.list_sources(db):
            last = sources.last_run(db, s.id)
            table.add_row(s.id, s.kind, s.organisation_id or "-", "ja" if s.enabled else "nee",
                          f"{last.id} {last.status} ({last.seen})" if last else "-", s.url)
    console.print(table)


@app.command("add")
def add(
    source_id: str = typer.Argument(..., help="Id, bv. pv29-eigen-csw"),
    url: str = typer.Option(..., help="Endpoint-URL"),
    kind: str = typer.Option(..., help="dcat, ckan of csw"),
    name: str | None = typer.Option(None, help="Naam"),
    organisation: str | None = typer.Option(None, "--org", help="Organisatie (TOOI-code, bv. pv29)"),
    schedule: str | None = typer.Option(None, help="Cron-schema"),
    enabled: bool = typer.Option(True, help="Meenemen in `fdscat harvest --all`"),
) -> None:
    """Add a source."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    try:
        entry = sources.SourceEntry(id=source_id, name=name or source_id, kind=kind, url=url,  # type: ignore[arg-type]
                                    organisation=organisation, schedule=schedule, enabled=enabled)
        with Session(engine) as db:
            sources.add_source(db, entry)
    except ValidationError as exc:
        console.print(f"[red]Ongeldige bron: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}")
        raise typer.Exit(1) from exc
    except CatalogError as exc:
        console.print(f"[red]{exc.detail}")
        raise typer.Exit(1) from exc
    console.print(f"Bron {source_id} toegevoegd.")


@app.command("remove")
def remove(source_id: str) -> None:
    """Remove a source that never delivered a dataset."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    try:
        with Session(engine) as db:
            sources.remove_source(db, source_id)
    except CatalogError as exc:
        console.print(f"[red]{exc.detail}")
        raise typer.Exit(1) from exc
    console.print(f"Bron {source_id} verwijderd.")
