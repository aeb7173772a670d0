"""three indexes that repeat another one's leading column, or that nothing reads

- ix_dataset_provenance_dataset_id: uq_provenance_dataset_source (dataset_id, source_id) serves
  every lookup by dataset (and the cascade from dataset).
- ix_dataset_publisher_id: ix_dataset_publisher_identifier (publisher_id, identifier) serves it.
- ix_change_event_dataset_id: followers read the feed by seq; nothing looks events up by dataset.

Each was one more random B-tree insert per harvested dataset.

Revision ID: 0005_fewer_write_indexes
Revises: 0004_lean_dataset_term
Create Date: 2026-12-02 00:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0005_fewer_write_indexes"
down_revision: str | None = "0004_lean_dataset_term"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROPPED = (("dataset_provenance", "ix_dataset_provenance_dataset_id", ["dataset_id"]),
           ("dataset", "ix_dataset_publisher_id", ["publisher_id"]),
           ("change_event", "ix_change_event_dataset_id", ["dataset_id"]))


def upgrade() -> None:
    for table, name, _ in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, columns in DROPPED:
        op.create_index(name, table, columns, unique=False)
