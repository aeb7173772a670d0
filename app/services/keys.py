"""API keys: created with a secret shown once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from sqlmodel import Session, col, select

from app.errors import InvalidRecord, NotAuthenticated, NotFound, invalid
from app.models.keys import ApiKey
from app.models.time import utcnow
from app.services.organisations import get_organisation

ROLES = ("admin", "steward")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(db: Session, org_id: str, role: str, label: str | None = None) -> tuple[ApiKey, str]:
    """Returns the stored key and the secret, which is never stored and cannot be shown again."""
    if role not in ROLES:
        raise InvalidRecord(f"Onbekende rol '{role}'.", invalid_params=[invalid("role", f"één van {ROLES}")])
    get_organisation(db, org_id)
    secret = f"fds_{secrets.token_urlsafe(32)}"
    key = ApiKey(prefix=secret[:12], key_hash=hash_key(secret), organisation_id=org_id, role=role, label=label)
    db.add(key)
    db.commit()
    db.refresh(key)
    return key, secret


def list_keys(db: Session) -> list[ApiKey]:
    return list(db.exec(select(ApiKey).order_by(col(ApiKey.id))))


def revoke_key(db: Session, key_id: int) -> ApiKey:
    key = db.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"Sleutel {key_id} bestaat niet.")
    key.revoked_at = key.revoked_at or utcnow()
    db.add(key)
    db.commit()
    return key


def authenticate(db: Session, secret: str | None) -> ApiKey:
    if not secret:
        raise NotAuthenticated("Geef een API-sleutel mee: 'Authorization: Bearer <sleutel>'.")
    key = db.exec(select(ApiKey).where(ApiKey.key_hash == hash_key(secret))).first()
    if key is None or key.revoked_at is not None:
        raise NotAuthenticated("De API-sleutel is onbekend of ingetrokken.")
    return key
