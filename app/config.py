"""Settings, read from the environment only when asked (never at import)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

API_VERSION = "1.0.0"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FDS_", extra="ignore")

    database_url: str | None = Field(None, validation_alias="DATABASE_URL")
    data_dir: Path = Path("./data")
    base_url: str = "http://localhost:8000"
    max_body_bytes: int = 5 * 1024 * 1024
    # Where the catalogue mints IRIs for what stewards register without one.
    iri_base: str = "https://data.provincies.nl/id"
    # The catalogue's own DCAT-AP-NL description in GET /v1/catalog (title, description, publisher,
    # exactly one contact point are mandatory for a dcat:Catalog).
    catalog_title: str = "Datacatalogus van de twaalf provincies"
    catalog_description: str = ("Federatieve catalogus van de datasets van de twaalf Nederlandse provincies, "
                                "geoogst bij de bron en beschreven volgens DCAT-AP-NL 3.0.")
    catalog_publisher: str = "https://data.provincies.nl/id/organisatie/ipo"
    catalog_publisher_name: str = "Interprovinciaal Overleg"
    catalog_contact_email: str = "datacatalogus@provincies.nl"
    catalog_homepage: str | None = None
    # How often each API process polls the change feed for its derived indexes (seconds).
    follow_interval: float = 1.0
    # Apply migrations and load vocabularies when the API starts (`fdscat serve`).
    auto_migrate: bool = True
    # SPARQL limits (FDS_SPARQL_*), reported in the service description at GET /v1/sparql.
    sparql_timeout: float = 5.0  # seconds; then the worker process is killed and replaced
    sparql_max_rows: int = 10_000  # result rows (or triples); beyond this the result says "truncated"
    sparql_max_query_bytes: int = 10_240
    sparql_max_concurrent: int = 2  # worker processes per API process; more queries get 429
    sparql_worker_memory_mb: int = 2048  # data-segment limit of a worker process (0: none)

    @field_validator("database_url")
    @classmethod
    def _psycopg3(cls, value: str | None) -> str | None:
        """`postgresql://` means psycopg 3 here, not SQLAlchemy's psycopg2 default."""
        if value and value.startswith(("postgresql://", "postgres://")):
            return "postgresql+psycopg://" + value.split("://", 1)[1]
        return value

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'catalogus.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir
