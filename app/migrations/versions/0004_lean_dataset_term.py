"""dataset_term: only the dataset_id index

Nothing reads dataset_term by (kind, value) (filters and facets are answered by the search index),
and the unique (dataset_id, kind, value) constraint repeated what the one write path already
guarantees (registry de-duplicates a record's terms) while doubling the index the dataset_id
lookups need. Harvesting writes ≈11 term rows a dataset; two indexes fewer to maintain each.

Revision ID: 0004_lean_dataset_term
Revises: 0003_vraagsturing
Create Date: 2026-12-02 00:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0004_lean_dataset_term"
down_revision: str | None = "0003_vraagsturing"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dataset_term", schema=None) as batch_op:
        batch_op.drop_index("ix_dataset_term_kind_value")
        batch_op.drop_constraint("uq_dataset_term", type_="unique")


def downgrade() -> None:
    with op.batch_alter_table("dataset_term", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_dataset_term", ["dataset_id", "kind", "value"])
        batch_op.create_index("ix_dataset_term_kind_value", ["kind", "value"], unique=False)
