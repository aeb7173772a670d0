"""`fdscat`: the catalogue's command line. One module per group; commands call app code."""

from __future__ import annotations

import typer

from app.cli import db, gaps, harvest, keys, quality, serve, sources

app = typer.Typer(help="fds-catalogus: de federatieve datacatalogus van de twaalf provincies.",
                  no_args_is_help=True, add_completion=False)
app.command("serve")(serve.serve)
app.command("reindex")(serve.reindex)
app.command("quality")(quality.quality)
app.command("gaps")(gaps.gaps)
app.add_typer(db.app, name="db")
app.add_typer(keys.app, name="keys")
app.add_typer(sources.app, name="sources")
app.command("harvest")(harvest.harvest)
app.command("demo")(harvest.demo)
