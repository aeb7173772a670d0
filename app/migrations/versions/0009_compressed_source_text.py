"""dataset.source_ntriples and dataset_provenance.source_ntriples stored zstd-compressed

The source N-Triples kept with every RDF-harvested dataset were most of the database (at 100k
harvested datasets 166 MB of text, and rows of ≈9 kB that left half of each 16 kB SQLite page
empty): compressed they are ≈6× smaller. The application reads and writes them as text
(`app.models.compressed.CompressedText`); this moves what is stored across, both ways.

Revision ID: 0009_compressed_source_text
Revises: 0008_dataset_distributions
Create Date: 2026-12-02 06:30:00
"""
from collections.abc import Callable, Sequence

import sqlalchemy as sa
import zstandard
from alembic import op

revision: str = "0009_compressed_source_text"  # alembic_version holds 32 characters
down_revision: str | None = "0008_dataset_distributions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("dataset", "dataset_provenance")
BATCH = 2000
LEVEL = 1  # as app.models.compressed, frozen here


def upgrade() -> None:
    compress = zstandard.ZstdCompressor(level=LEVEL).compress
    for table in TABLES:
        _retype(table, sa.LargeBinary(), "convert_to(source_ntriples, 'UTF8')")
        _rewrite(table, lambda value: compress(_bytes(value)))


def downgrade() -> None:
    decompress = zstandard.ZstdDecompressor().decompress
    for table in TABLES:
        _rewrite(table, lambda value: decompress(_bytes(value)))
        _retype(table, sa.Text(), "convert_from(source_ntriples, 'UTF8')")
        if op.get_bind().dialect.name == "sqlite":  # the bytes are UTF-8 text: store them as text again
            op.execute(f"UPDATE {table} SET source_ntriples = CAST(source_ntriples AS TEXT) "
                       "WHERE source_ntriples IS NOT NULL")


def _retype(table: str, kind: sa.types.TypeEngine, postgresql_using: str) -> None:
    """PostgreSQL: the column's type, values converted. SQLite keeps the declared TEXT: a column
    there holds blobs as they are, and changing the type would rebuild the table, whose drop
    deletes (ON DELETE CASCADE) every provenance row that refers to a dataset."""
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column(table, "source_ntriples", type_=kind, existing_nullable=True, postgresql_using=postgresql_using)


def _rewrite(table: str, convert: Callable[[object], bytes]) -> None:
    conn = op.get_bind()
    rows = sa.table(table, sa.column("id"), sa.column("source_ntriples", sa.LargeBinary))
    last = None
    while True:
        query = sa.select(rows.c.id, rows.c.source_ntriples).where(rows.c.source_ntriples.is_not(None))
        if last is not None:
            query = query.where(rows.c.id > last)
        batch = conn.execute(query.order_by(rows.c.id).limit(BATCH)).all()
        if not batch:
            return
        conn.execute(rows.update().where(rows.c.id == sa.bindparam("b_id"))
                     .values(source_ntriples=sa.bindparam("b_value")),
                     [{"b_id": i, "b_value": convert(value)} for i, value in batch])
        last = batch[-1][0]


def _bytes(value: object) -> bytes:
    """SQLite hands back what was stored (text before the upgrade), PostgreSQL bytes or memoryview."""
    return value.encode() if isinstance(value, str) else bytes(value)  # type: ignore[arg-type]
