"""dataset quality: per-dataset SHACL findings and quality score, and the follower's position

Revision ID: 0002_quality
Revises: 0001
Create Date: 2026-11-23 19:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002_quality"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dataset_quality",
        sa.Column("dataset_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("publisher_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("rating", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("findability", sa.Float(), nullable=False),
        sa.Column("accessibility", sa.Float(), nullable=False),
        sa.Column("interoperability", sa.Float(), nullable=False),
        sa.Column("reusability", sa.Float(), nullable=False),
        sa.Column("contextuality", sa.Float(), nullable=False),
        sa.Column("conforms", sa.Boolean(), nullable=False),
        sa.Column("violation_count", sa.Integer(), nullable=False),
        sa.Column("warning_count", sa.Integer(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("score", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["dataset.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("dataset_id"),
    )
    with op.batch_alter_table("dataset_quality", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dataset_quality_publisher_id"), ["publisher_id"], unique=False)
    op.create_table(
        "quality_state",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("position", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("quality_state")
    with op.batch_alter_table("dataset_quality", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataset_quality_publisher_id"))
    op.drop_table("dataset_quality")
