"""Per-dataset SHACL findings and quality score, derived from SQL by the "quality" follower.

Harvested records that violate the shapes are stored anyway (we do not reject what a province
publishes); their violations live here, recomputed when the dataset's content changes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, DateTime, Integer
from sqlmodel import Field, SQLModel

from app.models.time import utcnow


class DatasetQuality(SQLModel, table=True):
    __tablename__ = "dataset_quality"

    dataset_id: str = Field(primary_key=True, foreign_key="dataset.id", max_length=64, ondelete="CASCADE")
    publisher_id: str = Field(index=True, max_length=64)
    content_hash: str = Field(max_length=64)  # the dataset's hash when this was computed
    points: float = 0.0
    rating: str = Field(max_length=16)  # excellent | good | sufficient | bad
    findability: float = 0.0
    accessibility: float = 0.0
    interoperability: float = 0.0
    reusability: float = 0.0
    contextuality: float = 0.0
    conforms: bool = False
    violation_count: int = 0
    warning_count: int = 0
    # Findings (Finding.as_json) and score detail (Score.as_json), for the API.
    findings: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    score: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    computed_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class QualityState(SQLModel, table=True):
    """The change-feed position the quality table reflects. Kept in SQL, not in a file, because the
    table itself is shared by every API replica on the same database."""

    __tablename__ = "quality_state"

    name: str = Field(primary_key=True, max_length=32)
    position: int = Field(default=0, sa_column=Column(BigInteger().with_variant(Integer, "sqlite"),
                                                      nullable=False, default=0))
