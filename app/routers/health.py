"""Liveness and readiness: the database answers and the schema is at head."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.config import API_VERSION

router = APIRouter(tags=["health"])


@router.get("/health", include_in_schema=False)
def health(request: Request) -> JSONResponse:
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # readiness: report, do not raise
        database = f"unavailable: {exc.__class__.__name__}"
    followers = {name: f.position() for name, f in getattr(request.app.state, "followers", {}).items()}
    status = "ok" if database == "ok" else "degraded"
    return JSONResponse({"status": status, "version": API_VERSION, "database": database,
                         "changeFeedPositions": followers}, status_code=200 if status == "ok" else 503)
