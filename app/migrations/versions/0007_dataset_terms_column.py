"""dataset.terms (JSON) replaces the dataset_term table

Themes, keywords, spatial, languages, conformsTo and pages are only ever read with their dataset
(filters and facets are the search index's job), yet as rows they were ≈11 inserts a harvested
dataset into a table and its dataset_id index, both keyed by random ids: at 100k datasets the
largest part of what a harvest wrote and committed. The formats and licences it also held were
never read (the distributions hold them).

Revision ID: 0007_dataset_terms_column
Revises: 0006_provenance_source_index
Create Date: 2026-12-02 04:00:00
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_dataset_terms_column"
down_revision: str | None = "0006_provenance_source_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIELD_OF = {"theme": "themes", "keyword": "keywords", "spatial": "spatial", "language": "languages",
            "conformsTo": "conforms_to", "page": "pages"}
KIND_OF = {field: kind for kind, field in FIELD_OF.items()}
BATCH = 5000


def upgrade() -> None:
    op.add_column("dataset", sa.Column("terms", sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
    conn = op.get_bind()
    dataset = sa.table("dataset", sa.column("id", sa.String), sa.column("terms", sa.JSON))
    rows = conn.execute(sa.text("SELECT dataset_id, kind, value FROM dataset_term ORDER BY dataset_id, id"))
    terms: dict[str, dict[str, list[str]]] = {}

    def flush() -> None:
        if terms:
            conn.execute(dataset.update().where(dataset.c.id == sa.bindparam("b_id"))
                         .values(terms=sa.bindparam("b_terms")),
                         [{"b_id": i, "b_terms": t} for i, t in terms.items()])
            terms.clear()

    for dataset_id, kind, value in rows:
        if kind in FIELD_OF:
            if dataset_id not in terms and len(terms) >= BATCH:
                flush()
            terms.setdefault(dataset_id, {}).setdefault(FIELD_OF[kind], []).append(value)
    flush()
    op.drop_table("dataset_term")


def downgrade() -> None:
    conn = op.get_bind()
    rows = [{"dataset_id": i, "kind": KIND_OF[field], "value": value}
            for i, terms in conn.execute(sa.text("SELECT id, terms FROM dataset"))
            for field, values in (json.loads(terms) if isinstance(terms, str) else terms or {}).items()
            for value in values if field in KIND_OF]
    # The column goes first: on SQLite dropping it rebuilds the dataset table, which would take
    # rows of a dataset_term that already referenced it along (ON DELETE CASCADE).
    with op.batch_alter_table("dataset") as batch_op:
        batch_op.drop_column("terms")
    op.create_table(
        "dataset_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["dataset.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dataset_term_dataset_id", "dataset_term", ["dataset_id"], unique=False)
    if rows:
        conn.execute(sa.table("dataset_term", sa.column("dataset_id"), sa.column("kind"), sa.column("value"))
                     .insert(), rows)
