"""`fdscat keys create|list|revoke`: API keys for stewards and admins."""

from __future__ import annotations

import typer
from rich.table import Table
from sqlmodel import Session

from app.cli.common import console, settings_and_engine
from app.errors import CatalogError
from app.services import keys as key_service
from app.services.startup import prepare

app = typer.Typer(help="API-sleutels.", no_args_is_help=True)


@app.command("create")
def create(org: str = typer.Option(..., help="Organisatie, bijv. pv29"),
           role: str = typer.Option("steward", help="steward of admin"),
           label: str | None = typer.Option(None, help="Omschrijving")) -> None:
    """Create a key; the key itself is printed once, as the last line."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    with Session(engine) as db:
        try:
            key, secret = key_service.create_key(db, org, role, label)
        except CatalogError as exc:
            console.print(f"[red]{exc.detail}[/]")
            raise typer.Exit(1) from exc
        console.print(f"Sleutel {key.id} ({key.role}, {key.organisation_id}) aangemaakt; bewaar hem nu:",
                      highlight=False)
    print(secret)


@app.command("list")
def list_keys() -> None:
    """List keys (prefix, organisation, role, state); never the key itself."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    table = Table("id", "prefix", "organisatie", "rol", "label", "aangemaakt", "ingetrokken")
    with Session(engine) as db:
        for k in key_service.list_keys(db):
            table.add_row(str(k.id), k.prefix, k.organisation_id, k.role, k.label or "",
                          k.created_at.strftime("%Y-%m-%d %H:%M"),
                          k.revoked_at.strftime("%Y-%m-%d %H:%M") if k.revoked_at else "")
    console.print(table)


@app.command("revoke")
def revoke(key_id: int) -> None:
    """Revoke a key by its id; it stops working at once."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    with Session(engine) as db:
        try:
            key_service.revoke_key(db, key_id)
        except CatalogError as exc:
            console.print(f"[red]{exc.detail}[/]")
            raise typer.Exit(1) from exc
    console.print(f"Sleutel {key_id} ingetrokken.")
