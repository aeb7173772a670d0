"""`DatasetRecord`: the one shape in which a dataset reaches the write path.

A steward's JSON body, a Turtle/JSON-LD body, and every harvested record (DCAT, CKAN, CSW) are
turned into a DatasetRecord and handed to `app.services.registry`. Field names are snake_case in
Python and lowerCamelCase on the wire (API Design Rules).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class ContactPointRecord(CamelModel):
    name: str | None = None
    email: str | None = None
    url: str | None = None


class Temporal(CamelModel):
    start: str | None = None
    end: str | None = None


class DistributionRecord(CamelModel):
    iri: str | None = None
    access_url: str | None = None
    download_url: str | None = None
    format: str | None = None  # EU file-type IRI (or a label when the source gave no IRI)
    media_type: str | None = None  # IANA media type IRI or token
    license: str | None = None
    title: str | None = None
    description: str | None = None
    byte_size: int | None = None


class DatasetRecord(CamelModel):
    iri: str | None = None
    identifier: str | None = None
    title: str | None = None
    description: str | None = None
    title_en: str | None = None
    description_en: str | None = None
    publisher: str | None = None  # organisation id (pv29) or IRI
    publisher_name: str | None = Field(default=None, description="foaf:name given by the source")
    creator: str | None = None
    creator_name: str | None = None
    themes: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    spatial: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    conforms_to: list[str] = Field(default_factory=list)
    pages: list[str] = Field(default_factory=list)
    access_rights: str | None = None
    contact_point: ContactPointRecord | None = None
    landing_page: str | None = None
    temporal: Temporal | None = None
    issued: str | None = None
    modified: str | None = None
    accrual_periodicity: str | None = None
    version: str | None = None
    distributions: list[DistributionRecord] = Field(default_factory=list)
    # Canonical N-Triples of the source record (harvested or posted as RDF); not part of the API.
    source_ntriples: str | None = Field(default=None, exclude=True)
