"""What the ranking knows about a dataset: analysed text per field, places covered, dates, quality.

Read from SQL (the truth) for the candidates of one question, and cached per dataset version
(id + content hash), so a warm catalogue answers without analysing text again.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from threading import Lock
from typing import Protocol

from sqlmodel import Session, col, select

from app.models.datasets import Dataset
from app.models.organisations import Organisation
from app.services.followers import latest_seq
from app.services.search.analysis import decompound, stem, words
from app.services.vraagsturing.series import title_family
from app.services.vraagsturing.vocab import NLD, TOOI_PROVINCE, Places, place_key

MIN_AFFIX = 5
_PREFLABEL = re.compile(r'^<([^>]+)> <http://www\.w3\.org/2004/02/skos/core#prefLabel> "((?:[^"\\]|\\.)*)"', re.M)


# The keys of one field: stem → True for a whole word's stem, False for a compound part or an
# affix (weaker evidence). A plain dict of strings, not sets or objects: the cache holds tens of
# thousands of datasets, and containers of strings only are not tracked by the cyclic garbage
# collector, whose full passes over a cache of sets cost 100 ms and more in the middle of a request.
FieldKeys = dict[str, bool]


def analyse_field(text: str) -> FieldKeys:
    analysed = [_word_keys(w) for w in words(text)]
    out: FieldKeys = dict.fromkeys(chain.from_iterable(partial for _, partial in analysed), False)
    out.update(dict.fromkeys((s for s, _ in analysed), True))
    return out


@lru_cache(maxsize=100_000)
def _word_keys(word: str) -> tuple[str, tuple[str, ...]]:
    """A word's stem and its weaker keys (compound parts, affixes), cached: catalogues repeat
    their words, so a cold dataset costs dict updates rather than stemming and splitting."""
    s = stem(word)
    partial = dict.fromkeys(decompound(word))
    if len(s) > MIN_AFFIX + 2:  # affixes of a compound: zoutindringing → zout…, …indring
        partial.update(dict.fromkeys(s[:k] for k in range(MIN_AFFIX, len(s) - 2)))
        partial.update(dict.fromkeys(s[k:] for k in range(3, len(s) - MIN_AFFIX + 1)))
    return s, tuple(partial)


@dataclass
class Doc:
    id: str
    iri: str
    identifier: str
    title: str
    description: str
    publisher_id: str
    publisher_name: str
    publisher_is_province: bool
    modified: str | None
    temporal_end: str | None
    keywords: tuple[str, ...]
    themes: tuple[str, ...]
    spatial: tuple[str, ...]
    spatial_labels: dict[str, str]
    fields: dict[str, FieldKeys]
    quality: float
    covers: dict[str, str] = field(default_factory=dict)  # place id -> how (for explanations)
    national: bool = False
    family: frozenset[str] = frozenset()  # title without places and numbers (series.title_family)

    def public(self) -> dict:
        return {"id": self.id, "iri": self.iri, "identifier": self.identifier, "title": self.title,
                "publisher": {"id": self.publisher_id, "name": self.publisher_name},
                "modified": self.modified, "keywords": list(self.keywords), "themes": list(self.themes),
                "spatial": list(self.spatial)}


class DocCache:
    """LRU of analysed datasets keyed by (id, content hash)."""

    def __init__(self, size: int = 20_000) -> None:
        self.size, self.items, self.lock = size, OrderedDict[tuple[str, str], Doc](), Lock()

    def get(self, key: tuple[str, str]) -> Doc | None:
        with self.lock:
            doc = self.items.get(key)
            if doc is not None:
                self.items.move_to_end(key)
            return doc

    def put(self, key: tuple[str, str], doc: Doc) -> None:
        with self.lock:
            self.items[key] = doc
            while len(self.items) > self.size:
                self.items.popitem(last=False)


CACHE = DocCache()


class Precomputed(Protocol):
    """The store of analysed datasets (store.DocStore), seen from here."""

    def position(self) -> int: ...

    def rows(self, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]: ...

    def unpack(self, blob: bytes) -> Doc: ...


def load_docs(db: Session, ids: Sequence[str], places: Places, store: Precomputed | None = None) -> dict[str, Doc]:
    """Analysed datasets for these ids (active ones only): from the process cache, else from
    the precomputed store, else analysed now.

    The store is trusted as it stands only when it has applied the whole change feed (then it
    holds exactly the active datasets, as SQL has them); otherwise each stored dataset is checked
    against its content hash in SQL first."""
    out: dict[str, Doc] = {}
    ids = list(dict.fromkeys(ids))
    if store is not None and ids and store.position() >= latest_seq(db):
        stored = store.rows(ids)
        for did, (chash, blob) in stored.items():
            doc = CACHE.get((did, chash))
            if doc is None:
                doc = store.unpack(blob)
                CACHE.put((did, chash), doc)
            out[did] = doc
        ids, store = [i for i in ids if i not in stored], None  # the rest: not active, or not stored yet
    if not ids:
        return out
    # status is checked here, not in SQL: with it in the WHERE clause SQLite walks the
    # (status, modified) index over the whole catalogue instead of the primary key.
    rows = db.exec(select(Dataset.id, Dataset.content_hash, Dataset.status).where(col(Dataset.id).in_(ids))).all()
    missing: dict[str, str] = {}
    for did, chash, status in rows:
        if status != "active":
            continue
        doc = CACHE.get((did, chash))
        if doc is None:
            missing[did] = chash
        else:
            out[did] = doc
    if missing and store is not None:
        for did, (chash, blob) in store.rows(list(missing)).items():
            if missing[did] == chash:
                doc = out[did] = store.unpack(blob)
                CACHE.put((did, chash), doc)
                del missing[did]
    if missing:
        for doc, chash in build_docs(db, list(missing), places):
            CACHE.put((doc.id, chash), doc)
            out[doc.id] = doc
    return out


def all_active_ids(db: Session) -> list[str]:
    return list(db.exec(select(Dataset.id).where(Dataset.status == "active")).all())


_COLUMNS = (Dataset.id, Dataset.iri, Dataset.identifier, Dataset.title, Dataset.title_en, Dataset.description,
            Dataset.description_en, Dataset.publisher_id, Dataset.modified, Dataset.temporal_end,
            Dataset.content_hash, Dataset.contact_point_id, Dataset.landing_page, Dataset.accrual_periodicity,
            Dataset.access_rights, Dataset.terms, Dataset.distributions)


def build_docs(db: Session, ids: list[str], places: Places) -> list[tuple[Doc, str]]:
    """Columns, not ORM objects (a cold question builds a few hundred), and the source triples
    only of datasets whose dct:spatial needs a label the places vocabulary does not give."""
    datasets = db.exec(select(*_COLUMNS).where(col(Dataset.id).in_(ids))).all()
    need_labels = [ds.id for ds in datasets
                   if any(s not in places.by_iri for s in (ds.terms or {}).get("spatial", []))]
    labels_of: dict[str, dict[str, str]] = {}
    if need_labels:
        for did, nt in db.exec(select(Dataset.id, Dataset.source_ntriples).where(col(Dataset.id).in_(need_labels))):
            labels_of[did] = dict(_PREFLABEL.findall(nt or ""))
    org_ids = {d.publisher_id for d in datasets}
    orgs = {o.id: o for o in db.exec(select(Organisation).where(col(Organisation.id).in_(list(org_ids))))}
    out = []
    for ds in datasets:
        t = ds.terms or {}
        org = orgs.get(ds.publisher_id)
        keywords, themes, spatial = (tuple(t.get(k, ())) for k in ("keywords", "themes", "spatial"))
        labels = labels_of.get(ds.id, {})
        doc = Doc(
            id=ds.id, iri=ds.iri, identifier=ds.identifier, title=ds.title, description=ds.description or "",
            publisher_id=ds.publisher_id, publisher_name=org.name if org else ds.publisher_id,
            publisher_is_province=bool(org and (org.kind == "provincie" or org.iri.startswith(TOOI_PROVINCE))),
            modified=ds.modified, temporal_end=ds.temporal_end, keywords=keywords, themes=themes,
            spatial=spatial, spatial_labels={s: labels[s] for s in spatial if s in labels},
            fields={"title": analyse_field(ds.title + " " + (ds.title_en or "")),
                    "keyword": analyse_field(" ; ".join(keywords)),
                    "description": analyse_field((ds.description or "") + " " + (ds.description_en or ""))},
            quality=_quality(ds, keywords, themes, spatial, len(ds.distributions or ())),
            family=title_family(ds.title, places),
        )
        _coverage(doc, org, places)
        out.append((doc, ds.content_hash))
    return out


def _quality(ds, keywords: tuple[str, ...], themes: tuple[str, ...], spatial: tuple[str, ...],  # noqa: ANN001
             n_dist: int) -> float:
    """Completeness of the metadata a policy officer needs to judge and open a dataset (0..1)."""
    points = [
        len(ds.description or "") >= 120, bool(keywords), len(keywords) >= 3, bool(themes), bool(spatial),
        bool(ds.modified), bool(ds.contact_point_id), bool(ds.landing_page), n_dist > 0,
        bool(ds.accrual_periodicity), bool(ds.access_rights),
    ]
    return sum(points) / len(points)


def _coverage(doc: Doc, org: Organisation | None, places: Places) -> None:
    """Which places a dataset covers: its dct:spatial (IRI, label or the IRI's last segment),
    else its publisher's province; a national extent or a national publisher covers all."""
    for s in doc.spatial:
        pid = places.by_iri.get(s)
        if pid is None:
            label = doc.spatial_labels.get(s) or s.rstrip("/").rsplit("/", 1)[-1].replace("-", " ")
            ids = places.by_key.get(place_key(label))
            if ids:
                pid = sorted(ids)[0]
        if pid == "nl":
            doc.national = True
        elif pid:
            doc.covers.setdefault(pid, f"dct:spatial {places.places[pid].label}")
        elif s.startswith("http") and doc.publisher_is_province:
            # a local area we do not know, inside the publishing province
            label = doc.spatial_labels.get(s) or s.rstrip("/").rsplit("/", 1)[-1]
            doc.covers.setdefault("~" + doc.publisher_id, f"dct:spatial {label}")
    if doc.publisher_is_province and doc.publisher_id in places.places and not doc.covers:
        doc.covers[doc.publisher_id] = f"publisher {doc.publisher_name}"
    if not doc.covers and not doc.publisher_is_province and (not doc.spatial or NLD in doc.spatial):
        doc.national = True
