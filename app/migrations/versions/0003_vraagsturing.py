"""vraagsturing: the question log and feedback of the demand loop

Revision ID: 0003_vraagsturing
Revises: 0002_quality
Create Date: 2026-11-23 19:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003_vraagsturing"
down_revision: str | None = "0002_quality"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vraag_question",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("interpretation", sa.Text(), nullable=False),
        sa.Column("opgaven", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("province_ids", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("gap", sa.Boolean(), nullable=False),
        sa.Column("result_count", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_vraag_question_created", "vraag_question", ["created"])
    op.create_table(
        "vraag_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("verdict", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["vraag_question.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_vraag_feedback_question_id", "vraag_feedback", ["question_id"])


def downgrade() -> None:
    op.drop_index("ix_vraag_feedback_question_id", table_name="vraag_feedback")
    op.drop_table("vraag_feedback")
    op.drop_index("ix_vraag_question_created", table_name="vraag_question")
    op.drop_table("vraag_question")
