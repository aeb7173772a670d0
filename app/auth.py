"""Who is calling: `Authorization: Bearer <key>` → an ApiKey with role and organisation."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.errors import Forbidden
from app.models.keys import ApiKey
from app.services import keys
from app.services.registry import Origin


def get_session(request: Request):  # noqa: ANN201 - a generator dependency
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        yield session


Db = Annotated[Session, Depends(get_session)]


def current_key(request: Request, db: Db) -> ApiKey:
    header = request.headers.get("authorization", "")
    scheme, _, secret = header.partition(" ")
    return keys.authenticate(db, secret.strip() if scheme.lower() == "bearer" else None)


def require_role(*roles: str):  # noqa: ANN201
    def check(key: Annotated[ApiKey, Depends(current_key)]) -> ApiKey:
        if key.role not in roles:
            raise Forbidden(f"Deze handeling vraagt de rol {' of '.join(roles)}.")
        return key

    return check


Writer = Annotated[ApiKey, Depends(require_role("admin", "steward"))]
Admin = Annotated[ApiKey, Depends(require_role("admin"))]


def origin_of(key: ApiKey, request: Request) -> Origin:
    return Origin(organisation_id=key.organisation_id, role=key.role,
                  iri_base=request.app.state.settings.iri_base)
