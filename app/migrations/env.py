"""Alembic environment: uses the connection handed over by app.services.migrations, or
DATABASE_URL / FDS_DATA_DIR when run as `alembic` from the command line."""

from alembic import context
from sqlmodel import SQLModel

import app.models  # noqa: F401 - registers every table on SQLModel.metadata
from app.config import Settings
from app.db import make_engine

target_metadata = SQLModel.metadata


def run(connection) -> None:  # noqa: ANN001
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    with make_engine(Settings()).begin() as conn:
        run(conn)
