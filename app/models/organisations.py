"""Organisations: the twelve provinces (TOOI) and every other publisher the catalogue has seen."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Organisation(SQLModel, table=True):
    __tablename__ = "organisation"

    id: str = Field(primary_key=True, max_length=64)  # TOOI code such as pv29, or a derived slug
    iri: str = Field(index=True, unique=True, max_length=512)
    name: str = Field(max_length=300)
    name_en: str | None = Field(default=None, max_length=300)
    kind: str = Field(default="organisatie", max_length=40)  # provincie, gemeente, ministerie, …
    cbs_code: str | None = Field(default=None, max_length=16)
