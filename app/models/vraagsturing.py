"""The demand loop of vraagsturing: every question asked and the feedback on its answer.

No personal data: no user, key, IP address or session is stored, only the question as typed,
what the catalogue made of it and whether it found an answer.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel

from app.models.time import utcnow

VERDICTS = ("useful", "not-useful", "missing-dataset")


class QuestionLog(SQLModel, table=True):
    __tablename__ = "vraag_question"

    id: str = Field(primary_key=True, max_length=36)
    question: str = Field(sa_column=Column(Text, nullable=False))
    interpretation: str = Field(sa_column=Column(Text, nullable=False))  # JSON
    opgaven: str = Field(default="", max_length=300)  # comma-separated opgave slugs
    province_ids: str = Field(default="", max_length=200)  # comma-separated pv codes
    gap: bool = False
    result_count: int = 0
    created: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False,
                                                                       index=True))


class QuestionFeedback(SQLModel, table=True):
    __tablename__ = "vraag_feedback"

    id: int | None = Field(default=None, primary_key=True)
    question_id: str = Field(foreign_key="vraag_question.id", index=True, max_length=36, ondelete="CASCADE")
    verdict: str = Field(max_length=20)  # useful | not-useful | missing-dataset
    text: str | None = Field(default=None, sa_column=Column(Text))
    created: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
