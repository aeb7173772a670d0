"""Every error leaves the API as application/problem+json (RFC 9457), never FastAPI's bare 422."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import CatalogError

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
TYPE_BASE = "https://data.provincies.nl/problemen/"
TITLES = {400: "Ongeldig verzoek", 401: "Niet geauthenticeerd", 403: "Geen toegang", 404: "Niet gevonden",
          405: "Methode niet toegestaan", 406: "Niet aanvaardbaar formaat", 413: "Verzoek te groot",
          415: "Mediatype niet ondersteund", 429: "Te veel verzoeken", 500: "Interne fout",
          503: "Dienst tijdelijk niet beschikbaar"}


def problem(status: int, title: str, detail: str, *, instance: str | None = None, type_slug: str | None = None,
            invalid_params: list[dict] | None = None, headers: dict | None = None, **extra) -> JSONResponse:
    body = {"type": TYPE_BASE + (type_slug or str(status)), "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if invalid_params:
        body["invalid-params"] = invalid_params
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(CatalogError)
    async def _catalog_error(request: Request, exc: CatalogError) -> JSONResponse:
        return problem(exc.status, exc.title, exc.detail, instance=request.url.path, type_slug=exc.type_slug,
                       invalid_params=exc.invalid_params, headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        params = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "header")]
            params.append({"name": ".".join(loc) or "body", "reason": err.get("msg", "ongeldig")})
        names = ", ".join(p["name"] for p in params)
        return problem(400, "Ongeldige invoer", f"Controleer deze velden: {names}.", instance=request.url.path,
                       type_slug="invalid-input", invalid_params=params)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return problem(exc.status_code, TITLES.get(exc.status_code, "Fout"), detail, instance=request.url.path,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return problem(500, "Interne fout", "Er ging iets mis aan onze kant; probeer het later opnieuw.",
                       instance=request.url.path)
