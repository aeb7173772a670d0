"""The OpenAPI 3 document as the API Design Rules want it (linted with the Logius Spectral ruleset):
the server at /v1 with paths relative to it, an API-Version header on every success, errors as
application/problem+json, and 400 (never FastAPI's 422) for invalid input."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app.config import Settings
from app.models.records import DatasetRecord

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["status", "title", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "invalid-params": {"type": "array", "items": {"type": "object", "properties": {
            "name": {"type": "string"}, "reason": {"type": "string"}}}},
    },
}
API_VERSION_HEADER = {"description": "De volledige versie van de API", "schema": {"type": "string"},
                      "example": "1.0.0"}
METHODS = ("get", "put", "post", "patch", "delete")


def build_openapi(app: FastAPI, settings: Settings) -> dict:
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schema["info"]["contact"] = {"name": "Team fds-catalogus", "url": settings.base_url,
                                 "email": "datacatalogus@provincies.nl"}
    schema["servers"] = [{"url": settings.base_url.rstrip("/") + "/v1"}]
    schema["paths"] = {path.removeprefix("/v1"): item for path, item in schema["paths"].items()
                       if path.startswith("/v1/")}
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas["Problem"] = PROBLEM
    record = DatasetRecord.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
    schemas.update(record.pop("$defs", {}))
    schemas["DatasetRecord"] = record
    for item in schema["paths"].values():
        for method in METHODS:
            if method in item:
                _operation(item[method])
    return schema


def _operation(op: dict) -> None:
    responses = op.setdefault("responses", {})
    responses.pop("422", None)
    responses.setdefault("400", {"description": "Ongeldig verzoek"})
    for code, response in responses.items():
        if code.startswith(("2", "3")):
            response.setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
        elif code.startswith(("4", "5")):
            response["content"] = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
