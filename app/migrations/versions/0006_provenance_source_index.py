"""dataset_provenance: index on source_id alone, not (source_id, last_run_id)

Every harvest run moves each seen dataset's last_run_id on, also for pages that came back 304:
with last_run_id in the index, each of those updates moved an index entry as well. The lookups
(a source's provenance, and the ones whose last_run_id is not this run's) use only the source_id
prefix: `!=` cannot seek in the index anyway.

Revision ID: 0006_provenance_source_index
Revises: 0005_fewer_write_indexes
Create Date: 2026-12-02 00:10:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0006_provenance_source_index"
down_revision: str | None = "0005_fewer_write_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_provenance_source_last_run", table_name="dataset_provenance")
    op.create_index("ix_provenance_source_id", "dataset_provenance", ["source_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_provenance_source_id", table_name="dataset_provenance")
    op.create_index("ix_provenance_source_last_run", "dataset_provenance", ["source_id", "last_run_id"], unique=False)
