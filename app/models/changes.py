"""The append-only change feed that derived indexes (search, graph) follow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Integer
from sqlmodel import Field, SQLModel

from app.models.time import utcnow


class ChangeEvent(SQLModel, table=True):
    __tablename__ = "change_event"

    seq: int | None = Field(
        default=None, sa_column=Column(BigInteger().with_variant(Integer, "sqlite"),
                                       primary_key=True, autoincrement=True)
    )
    dataset_id: str = Field(max_length=64)  # not indexed: the feed is read by seq
    operation: str = Field(max_length=16)  # "upsert" | "withdraw"
    at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
