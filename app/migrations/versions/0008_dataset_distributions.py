"""dataset.distributions (JSON) replaces the distribution table

A dataset's distributions are only ever read with it (the API, the DCAT output, the derived
indexes all load a dataset whole), yet as rows each harvested dataset cost two more inserts into
a table and its index on a random dataset id, plus a foreign-key probe. Each element keeps the
fields the rows had (positions become the list order; NULLs are left out).

Revision ID: 0008_dataset_distributions
Revises: 0007_dataset_terms_column
Create Date: 2026-12-02 04:15:00
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_dataset_distributions"  # alembic_version holds 32 characters
down_revision: str | None = "0007_dataset_terms_column"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIELDS = ("iri", "access_url", "download_url", "format", "media_type", "license", "title", "description",
          "byte_size")
BATCH = 5000


def upgrade() -> None:
    op.add_column("dataset", sa.Column("distributions", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    conn = op.get_bind()
    dataset = sa.table("dataset", sa.column("id", sa.String), sa.column("distributions", sa.JSON))
    rows = conn.execute(sa.text(f"SELECT dataset_id, {', '.join(FIELDS)} FROM distribution "
                                "ORDER BY dataset_id, position, id"))
    found: dict[str, list[dict]] = {}

    def flush() -> None:
        if found:
            conn.execute(dataset.update().where(dataset.c.id == sa.bindparam("b_id"))
                         .values(distributions=sa.bindparam("b_dists")),
                         [{"b_id": i, "b_dists": d} for i, d in found.items()])
            found.clear()

    for dataset_id, *values in rows:
        if dataset_id not in found and len(found) >= BATCH:
            flush()
        found.setdefault(dataset_id, []).append({k: v for k, v in zip(FIELDS, values, strict=True) if v is not None})
    flush()
    op.drop_table("distribution")


def downgrade() -> None:
    conn = op.get_bind()
    rows = [{"dataset_id": i, "position": n, **{k: d.get(k) for k in FIELDS}}
            for i, dists in conn.execute(sa.text("SELECT id, distributions FROM dataset"))
            for n, d in enumerate(json.loads(dists) if isinstance(dists, str) else dists or [])]
    # The column goes first: on SQLite dropping it rebuilds the dataset table, which would take
    # rows of a distribution table that already referenced it along (ON DELETE CASCADE).
    with op.batch_alter_table("dataset") as batch_op:
        batch_op.drop_column("distributions")
    op.create_table(
        "distribution",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("iri", sa.String(length=1000), nullable=True),
        sa.Column("access_url", sa.String(length=2000), nullable=False),
        sa.Column("download_url", sa.String(length=2000), nullable=True),
        sa.Column("format", sa.String(length=300), nullable=True),
        sa.Column("media_type", sa.String(length=300), nullable=True),
        sa.Column("license", sa.String(length=1000), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("byte_size", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["dataset_id"], ["dataset.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_distribution_dataset_id", "distribution", ["dataset_id"], unique=False)
    if rows:
        for row in rows:
            row["access_url"] = row["access_url"] or ""
        table = sa.table("distribution", *(sa.column(c) for c in ("dataset_id", "position", *FIELDS)))
        conn.execute(table.insert(), rows)
