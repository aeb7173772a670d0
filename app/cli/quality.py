"""`fdscat quality`: the metadata quality of the twelve provinces side by side."""

from __future__ import annotations

import json

import typer
from rich.table import Table
from sqlmodel import Session

from app.cli.common import console, settings_and_engine
from app.services.quality import MAX_POINTS
from app.services.quality_follower import QualityFollower
from app.services.quality_report import provinces_overview
from app.services.startup import prepare

COLUMNS = [("findability", "Vindbaar"), ("accessibility", "Toegankelijk"), ("interoperability", "Interoperabel"),
           ("reusability", "Herbruikbaar"), ("contextuality", "Context")]
RATING_NL = {"excellent": "uitstekend", "good": "goed", "sufficient": "voldoende", "bad": "onvoldoende"}


def quality(as_json: bool = typer.Option(False, "--json", help="JSON in plaats van een tabel")) -> None:
    """Print per province: datasets, average points, rating, share conforming, and % per dimension."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    QualityFollower(settings, engine, background=False).run_until_current()  # the table shows the data as it is now
    with Session(engine) as db:
        rows = provinces_overview(db)
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Metadatakwaliteit per provincie (MQA-punten, max. {MAX_POINTS})")
    table.add_column("Provincie")
    table.add_column("Datasets", justify="right")
    table.add_column("Punten", justify="right")
    table.add_column("Oordeel")
    table.add_column("Conform", justify="right")
    for _, label in COLUMNS:
        table.add_column(label + " %", justify="right")
    for r in rows:
        n = r["assessedCount"]
        table.add_row(
            f"{r['name']} ({r['id']})", str(n),
            f"{r['averagePoints']:.0f}" if r["averagePoints"] is not None else "–",
            RATING_NL.get(r["rating"] or "", "–"),
            f"{100 * r['conformingCount'] / n:.0f}%" if n else "–",
            *[f"{r['dimensions'][key]:.0f}" if r["dimensions"][key] is not None else "–" for key, _ in COLUMNS],
        )
    console.print(table)
