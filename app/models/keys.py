"""API keys: only a SHA-256 hash is stored; the key is shown once at creation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from app.models.time import utcnow


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    prefix: str = Field(index=True, max_length=16)  # shown in listings, enough to tell keys apart
    key_hash: str = Field(unique=True, max_length=64)
    organisation_id: str = Field(foreign_key="organisation.id", max_length=64)
    role: str = Field(max_length=16)  # admin | steward
    label: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
