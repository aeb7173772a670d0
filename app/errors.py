"""Domain errors. Each carries its HTTP status and a Dutch title; one handler renders problem+json.

CatalogError
├── InvalidRecord (400)        a record misses mandatory properties or has bad values
├── MalformedInput (400)       a body that cannot be parsed (JSON, Turtle, JSON-LD)
├── NotAuthenticated (401)
├── Forbidden (403)            outside the key's organisation or role
├── NotFound (404)
│   ├── DatasetNotFound
│   └── OrganisationNotFound
├── Conflict (409)
├── NotAcceptable (406)
├── PayloadTooLarge (413)
├── UnsupportedMediaType (415)
└── SPARQL: QueryRefused (400), QueryFailed (400), QueryTooLong (413), TooManyQueries (429),
    QueryTimeout (503), ServiceUnavailable (503)
"""

from __future__ import annotations

from typing import ClassVar


class CatalogError(Exception):
    status: ClassVar[int] = 500
    title: ClassVar[str] = "Interne fout"
    type_slug: ClassVar[str] = "internal-error"

    def __init__(self, detail: str, *, invalid_params: list[dict] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.invalid_params = invalid_params or []


class InvalidRecord(CatalogError):
    status, title, type_slug = 400, "Ongeldige invoer", "invalid-input"


class MalformedInput(CatalogError):
    status, title, type_slug = 400, "Onleesbare invoer", "malformed-input"


class NotAuthenticated(CatalogError):
    status, title, type_slug = 401, "Niet geauthenticeerd", "not-authenticated"


class Forbidden(CatalogError):
    status, title, type_slug = 403, "Geen toegang", "forbidden"


class NotFound(CatalogError):
    status, title, type_slug = 404, "Niet gevonden", "not-found"


class DatasetNotFound(NotFound):
    title = "Dataset niet gevonden"


class OrganisationNotFound(NotFound):
    title = "Organisatie niet gevonden"


class Conflict(CatalogError):
    status, title, type_slug = 409, "Conflict", "conflict"


class NotAcceptable(CatalogError):
    status, title, type_slug = 406, "Niet aanvaardbaar formaat", "not-acceptable"


class PayloadTooLarge(CatalogError):
    status, title, type_slug = 413, "Verzoek te groot", "payload-too-large"


class UnsupportedMediaType(CatalogError):
    status, title, type_slug = 415, "Mediatype niet ondersteund", "unsupported-media-type"


class QueryRefused(CatalogError):
    """SPARQL Update, LOAD or SERVICE sent to the read-only endpoint."""

    status, title, type_slug = 400, "Query niet toegestaan", "sparql-query-refused"


class QueryFailed(CatalogError):
    status, title, type_slug = 400, "Query mislukt", "sparql-query-failed"


class QueryTooLong(PayloadTooLarge):
    type_slug = "sparql-query-too-long"


class TooManyQueries(CatalogError):
    status, title, type_slug = 429, "Te veel verzoeken", "too-many-queries"

    def __init__(self, detail: str, *, retry_after: int = 1) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}


class ServiceUnavailable(CatalogError):
    status, title, type_slug = 503, "Dienst tijdelijk niet beschikbaar", "service-unavailable"


class QueryTimeout(ServiceUnavailable):
    type_slug = "sparql-query-timeout"


def invalid(name: str, reason: str) -> dict:
    """One entry of a problem's `invalid-params` list (RFC 9457 §3 example)."""
    return {"name": name, "reason": reason}
