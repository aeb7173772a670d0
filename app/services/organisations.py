"""Resolving a publisher reference (TOOI code, IRI, alias or name) to an Organisation.

The twelve provinces come from `vocab/provinces.ttl`; any other publisher a source names is
created on first sight, so `GET /v1/organisations` lists every publisher seen.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib import resources

from pyoxigraph import NamedNode, RdfFormat, parse
from sqlmodel import Session, col, func, select

from app.errors import OrganisationNotFound
from app.models.organisations import Organisation

TOOI = re.compile(r"/tooi/id/(?P<kind>[a-z_]+)/(?P<code>[a-z]{2,4}\d+)$")
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OWL_SAME = NamedNode("http://www.w3.org/2002/07/owl#sameAs")
KIND_BY_TOOI = {"provincie": "provincie", "gemeente": "gemeente", "ministerie": "ministerie",
                "waterschap": "waterschap", "oorg": "organisatie"}


@lru_cache(maxsize=1)
def province_vocabulary() -> tuple[tuple[Organisation, ...], dict[str, str]]:
    """The twelve provinces, and every alias (OWMS URI, NGR name, label) → their TOOI code."""
    data = resources.files("vocab").joinpath("provinces.ttl").read_bytes()
    by_subject: dict[str, dict[str, list[str]]] = {}
    for t in parse(data, format=RdfFormat.TURTLE):
        props = by_subject.setdefault(t.subject.value, {})
        props.setdefault(t.predicate.value, []).append(t.object.value)
    orgs, aliases = [], {}
    for iri, props in by_subject.items():
        match = TOOI.search(iri)
        if not match or match["kind"] != "provincie":
            continue
        code = match["code"]
        pref = props.get(SKOS + "prefLabel", [iri])
        orgs.append(Organisation(id=code, iri=iri, name=pref[0], kind="provincie",
                                 cbs_code=(props.get(SKOS + "notation") or [None])[0]))
        for alias in [iri, code, *pref, *props.get(SKOS + "altLabel", []), *props.get(OWL_SAME.value, [])]:
            aliases[_norm(alias)] = code
    orgs.sort(key=lambda o: o.id)
    return tuple(orgs), aliases


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def ensure_provinces(db: Session) -> int:
    """Idempotently load the twelve provinces; returns how many were added."""
    orgs, _ = province_vocabulary()
    existing = set(db.exec(select(Organisation.id)))
    added = [Organisation.model_validate(o.model_dump()) for o in orgs if o.id not in existing]
    db.add_all(added)
    db.commit()
    return len(added)


def get_organisation(db: Session, org_id: str) -> Organisation:
    org = db.get(Organisation, org_id)
    if org is None:
        raise OrganisationNotFound(f"Organisatie '{org_id}' bestaat niet in de catalogus.")
    return org


def find_organisation(db: Session, ref: str) -> Organisation | None:
    """An existing organisation by id, IRI, known alias or name; None when unknown."""
    org = db.get(Organisation, ref)
    if org is not None:
        return org
    org = db.exec(select(Organisation).where(Organisation.iri == ref)).first()
    if org is not None:
        return org
    _, aliases = province_vocabulary()
    code = aliases.get(_norm(ref))
    if code is not None:
        return db.get(Organisation, code)
    match = TOOI.search(ref)
    if match:
        return db.get(Organisation, match["code"])
    return db.exec(select(Organisation).where(func.lower(col(Organisation.name)) == _norm(ref))).first()


def resolve_publisher(db: Session, ref: str, name: str | None, iri_base: str) -> Organisation:
    """The organisation a record names, created on first sight when it is not known yet."""
    org = find_organisation(db, ref) or (find_organisation(db, name) if name else None)
    if org is not None:
        return org
    is_iri = "://" in ref
    match = TOOI.search(ref) if is_iri else None
    if match:
        org_id, kind = match["code"], KIND_BY_TOOI.get(match["kind"], "organisatie")
    else:
        org_id, kind = _slug(ref), "organisatie"
    iri = ref if is_iri else f"{iri_base}/organisatie/{org_id}"
    org = Organisation(id=org_id, iri=iri, name=name or _label_of(ref), kind=kind)
    db.add(org)
    db.flush()
    return org


def _slug(ref: str) -> str:
    tail = re.sub(r"[^a-z0-9]+", "-", ref.lower().rsplit("/", 1)[-1]).strip("-")[:40] or "org"
    return f"{tail}-{hashlib.sha1(ref.encode()).hexdigest()[:8]}"


def _label_of(ref: str) -> str:
    return ref.rstrip("/").rsplit("/", 1)[-1].replace("_", " ") if "://" in ref else ref
