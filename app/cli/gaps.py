"""`fdscat gaps`: what policy staff asked and did not find, by opgave × province."""

from __future__ import annotations

import typer
from rich.table import Table
from sqlmodel import Session

from app.cli.common import console, settings_and_engine
from app.services.startup import prepare
from app.services.vraagsturing import gap_report


def gaps(province: str | None = typer.Option(None, help="Alleen deze provincie, bijv. pv29")) -> None:
    """Print unanswered and badly answered questions per opgave and province."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    with Session(engine) as db:
        report = gap_report(db, province=province)
    table = Table(title="Vraagsturing: onbeantwoorde vragen per opgave × provincie")
    for name in ("opgave", "provincie", "vragen", "geen antwoord", "niet nuttig", "dataset ontbreekt", "voorbeeld"):
        table.add_column(name, justify="right" if name in ("vragen", "geen antwoord", "niet nuttig",
                                                            "dataset ontbreekt") else "left")
    for c in report["items"]:
        table.add_row(c["opgave"], c["province"], str(c["questions"]), str(c["unanswered"]), str(c["notUseful"]),
                      str(c["missingDataset"]), (c["examples"] or [""])[0][:80])
    console.print(table)
    if not report["items"]:
        console.print("Geen onbeantwoorde vragen.")
