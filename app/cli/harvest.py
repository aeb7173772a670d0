"""`fdscat harvest` and `fdscat demo`: run harvests with progress and a summary table."""

from __future__ import annotations

import hashlib
import time

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.cli.common import console, settings_and_engine
from app.errors import CatalogError
from app.models.harvest import HarvestRun
from app.services import harvest as harvesting
from app.services import sources
from app.services.startup import prepare

FAILED = ("failed", "partial")


def harvest(
    source_ids: list[str] = typer.Argument(None, metavar="[SOURCE]...",
                                           help="Bron-id's; of `confirm RUN` om een needs-review-run te bevestigen"),
    all_: bool = typer.Option(False, "--all", help="Alle ingeschakelde bronnen"),
    url: str | None = typer.Option(None, help="Ad-hoc: oogst deze URL"),
    kind: str | None = typer.Option(None, help="Ad-hoc: dcat, ckan of csw"),
    publisher: str | None = typer.Option(None, help="Ad-hoc: publisher (bv. pv29) voor alle records"),
) -> None:
    """Harvest sources; exit code 1 when a run failed or ended early."""
    settings, engine = settings_and_engine()
    prepare(engine, settings)
    source_ids = list(source_ids or [])
    if source_ids[:1] == ["confirm"]:
        _confirm(engine, source_ids[1:])
        return
    if url:
        if kind not in ("dcat", "ckan", "csw"):
            raise typer.BadParameter("--kind dcat|ckan|csw is verplicht bij --url")
        source_ids = [_adhoc_source(engine, url, kind, publisher)]
    elif all_:
        with Session(engine) as db:
            source_ids = [s.id for s in sources.list_sources(db) if s.enabled]
    if not source_ids:
        raise typer.BadParameter("Noem een of meer bronnen, --all, of --url met --kind.")
    options = harvesting.HarvestSettings().options(iri_base=settings.iri_base, publisher=publisher)
    runs = run_with_progress(engine, source_ids, options)
    print_summary(runs)
    if any(r.status in FAILED for r in runs):
        raise typer.Exit(1)


def run_with_progress(engine: Engine, source_ids: list[str], options: harvesting.HarvestOptions) -> list[HarvestRun]:
    runs: list[HarvestRun] = []
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[seen]} records"),
               TextColumn("{task.fields[status]}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        tasks = {source_id: progress.add_task(source_id, total=None, seen=0, status="wacht")
                 for source_id in dict.fromkeys(source_ids)}

        def update(run: HarvestRun) -> None:
            progress.update(tasks[run.source_id], seen=run.seen, status=run.status)

        options.progress = update
        for run in harvesting.run_sources(engine, source_ids, options):
            status = run.status if run.id is not None else f"[red]{run.message}"
            progress.update(tasks[run.source_id], total=1, completed=1, seen=run.seen, status=status)
            runs.append(run)
    return runs


def print_summary(runs: list[HarvestRun]) -> None:
    table = Table(title="Oogstresultaat")
    for name in ("bron", "run", "status", "gezien", "nieuw", "gewijzigd", "ongewijzigd", "ingetrokken", "fouten",
                 "duur"):
        table.add_column(name, justify="right" if name not in ("bron", "status") else "left",
                         no_wrap=name in ("bron", "status"))
    for run in runs:
        took = ((run.finished_at.replace(tzinfo=None) - run.started_at.replace(tzinfo=None)).total_seconds()
                if run.finished_at and run.started_at else 0.0)  # SQLite gives naive datetimes back
        colour = {"succeeded": "green", "needs-review": "yellow"}.get(run.status, "red")
        table.add_row(run.source_id, str(run.id or "-"), f"[{colour}]{run.status}", str(run.seen), str(run.created),
                      str(run.updated), str(run.unchanged), str(run.withdrawn), str(run.failed), f"{took:.1f}s")
    console.print(table)
    for run in runs:
        if run.status != "succeeded" and run.message:
            console.print(f"[bold]{run.source_id}[/]: {run.message}")


def _confirm(engine: Engine, args: list[str]) -> None:
    if len(args) != 1 or not args[0].isdigit():
        raise typer.BadParameter("Gebruik: fdscat harvest confirm RUN")
    try:
        run = harvesting.confirm_run(engine, int(args[0]))
    except CatalogError as exc:
        console.print(f"[red]{exc.detail}")
        raise typer.Exit(1) from exc
    console.print(f"Run {run.id} van {run.source_id} bevestigd: {run.withdrawn} datasets ingetrokken.")


def _adhoc_source(engine: Engine, url: str, kind: str, publisher: str | None) -> str:
    source_id = "adhoc-" + hashlib.sha1(f"{kind} {url}".encode()).hexdigest()[:10]
    entry = sources.SourceEntry(id=source_id, name=f"Ad-hoc {kind}: {url}"[:300], kind=kind,  # type: ignore[arg-type]
                                url=url, organisation=publisher, enabled=False)
    with Session(engine) as db:
        sources.sync_sources(db, [entry])
    return source_id


def demo(
    scale: int = typer.Option(1800, help="Aantal datasets in de gesimuleerde federatie (max 100.000)"),
    host: str = typer.Option("127.0.0.1", help="Adres van de API"),
    port: int = typer.Option(8000, help="Poort van de API"),
    serve: bool = typer.Option(True, help="Daarna de API starten"),
) -> None:
    """Start the simulated federation of the twelve provinces, harvest it, and serve the API."""
    import uvicorn

    from app.main import create_app
    from harvesters.simulated import SimulatedFederation

    settings, engine = settings_and_engine()
    prepare(engine, settings)
    federation = SimulatedFederation(scale=min(scale, 100_000)).start()
    console.print(f"Gesimuleerde federatie: {federation.url} ({scale} datasets, 12 provincies)")
    entries = [sources.SourceEntry(id=s["id"], name=s["name"], kind=s["kind"], url=s["url"],
                                   organisation=s["organisation_id"]) for s in federation.sources()]
    with Session(engine) as db:
        sources.sync_sources(db, entries)
    started = time.monotonic()
    runs = run_with_progress(engine, [e.id for e in entries],
                             harvesting.HarvestSettings().options(iri_base=settings.iri_base))
    print_summary(runs)
    total = sum(r.seen for r in runs)
    console.print(f"{total} datasets geoogst in {time.monotonic() - started:.1f} s.")
    if serve:
        console.print(f"API: http://{host}:{port}/v1/datasets  (Ctrl-C stopt)")
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    federation.stop()
