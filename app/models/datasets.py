"""Datasets and what hangs off them, aligned with DCAT-AP-NL 3.0.

Multi-valued properties (themes, keywords, spatial, languages, conformsTo, pages) live in the
dataset row's `terms` (JSON: record field → values in the record's order), its distributions in
`distributions` (JSON: a list in the record's order). Both are only ever read with their dataset
(filters and facets are answered by the search index, not by SQL), and columns instead of ≈13
rows a dataset in tables of their own, each with an index on a random dataset id, were most of
what a harvest wrote.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, Index, Text, text
from sqlmodel import Field, SQLModel

from app.models.compressed import CompressedText
from app.models.time import utcnow

# DatasetRecord fields kept in Dataset.terms
TERM_FIELDS = ("themes", "keywords", "spatial", "languages", "conforms_to", "pages")
# DistributionRecord fields kept in each of Dataset.distributions
DISTRIBUTION_FIELDS = ("iri", "access_url", "download_url", "format", "media_type", "license", "title",
                       "description", "byte_size")


class ContactPoint(SQLModel, table=True):
    __tablename__ = "contact_point"

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=300)
    email: str | None = Field(default=None, max_length=300)
    url: str | None = Field(default=None, max_length=1000)


class Dataset(SQLModel, table=True):
    __tablename__ = "dataset"
    __table_args__ = (
        Index("ix_dataset_publisher_identifier", "publisher_id", "identifier"),
        Index("ix_dataset_status_modified", "status", "modified"),
    )

    id: str = Field(primary_key=True, max_length=64)
    iri: str = Field(index=True, unique=True, max_length=1000)
    identifier: str = Field(max_length=1000)
    title: str = Field(sa_column=Column(Text, nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    title_en: str | None = Field(default=None, sa_column=Column(Text))
    description_en: str | None = Field(default=None, sa_column=Column(Text))
    publisher_id: str = Field(foreign_key="organisation.id", max_length=64)  # ix_dataset_publisher_identifier
    creator_id: str | None = Field(default=None, foreign_key="organisation.id", max_length=64)
    access_rights: str | None = Field(default=None, max_length=300)
    contact_point_id: int | None = Field(default=None, foreign_key="contact_point.id")
    landing_page: str | None = Field(default=None, max_length=1000)
    temporal_start: str | None = Field(default=None, max_length=40)
    temporal_end: str | None = Field(default=None, max_length=40)
    issued: str | None = Field(default=None, max_length=40)
    modified: str | None = Field(default=None, max_length=40)
    accrual_periodicity: str | None = Field(default=None, max_length=300)
    version: str | None = Field(default=None, max_length=100)
    terms: dict[str, list[str]] = Field(default_factory=dict, sa_column=Column(
        JSON, nullable=False, server_default=text("'{}'")))  # TERM_FIELDS → values; empty lists left out
    # DISTRIBUTION_FIELDS → value, None left out; each has an IRI (the registry mints missing ones)
    distributions: list[dict] = Field(default_factory=list, sa_column=Column(
        JSON, nullable=False, server_default=text("'[]'")))
    status: str = Field(default="active", max_length=16)  # active | withdrawn
    # Canonical N-Triples of the record as it arrived, so unmapped properties are never lost.
    source_ntriples: str | None = Field(default=None, sa_column=Column(CompressedText))
    content_hash: str = Field(max_length=64)
    source_id: str | None = Field(default=None, max_length=64, index=True)  # null: registered by a steward
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class DataService(SQLModel, table=True):
    __tablename__ = "data_service"

    id: str = Field(primary_key=True, max_length=64)
    iri: str = Field(index=True, unique=True, max_length=1000)
    identifier: str | None = Field(default=None, max_length=1000)
    title: str = Field(sa_column=Column(Text, nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text))
    endpoint_url: str = Field(max_length=2000)
    endpoint_description: str | None = Field(default=None, max_length=2000)
    publisher_id: str | None = Field(default=None, foreign_key="organisation.id", max_length=64)
    dataset_id: str | None = Field(default=None, foreign_key="dataset.id", index=True, max_length=64,
                                   ondelete="CASCADE")
    conforms_to: str | None = Field(default=None, max_length=1000)
