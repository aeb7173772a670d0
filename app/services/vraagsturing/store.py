"""Analysed datasets precomputed at index time, so a question's candidates are not analysed per question.

A follower of the change feed (`@register("vraagsturing")`, rebuilt by `fdscat reindex`) writes
each active dataset's `Doc` (analysed fields, coverage, title family, quality), marshalled, into a
SQLite file of its own under FDS_DATA_DIR — one per API process's data dir, like the search
index, so it works the same on SQLite and PostgreSQL. It is a cache, never the truth: a store
that has applied the whole change feed holds exactly the active datasets and is used as it stands;
one that lags or is being rebuilt is used only where a stored `Doc`'s content hash equals the one
SQL has now (documents.load_docs), so it makes answers slower, never different. The file name carries a format
version and a fingerprint of what an analysed dataset depends on (places, the analyser's lexicon,
the analysing code), so a change there starts a fresh store.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import fields
from functools import cache
from pathlib import Path

from sqlmodel import Session, col, select

from app.config import Settings
from app.models.changes import ChangeEvent
from app.models.datasets import Dataset
from app.services.followers import latest_seq, register
from app.services.vraagsturing.documents import Doc, build_docs
from app.services.vraagsturing.vocab import VOCAB_DIR, load_places

log = logging.getLogger(__name__)
NAME = "vraagsturing"
FORMAT = 1
CHUNK = 2000
_FIELDS = tuple(f.name for f in fields(Doc))


@cache
def vocab_fingerprint() -> str:
    """What a stored Doc depends on besides the dataset: the places vocabulary, the search
    analyser's lexicon (compound splitting) and the code that analyses and groups."""
    from app.services.search import analysis, lexicon
    from app.services.vraagsturing import documents, series

    digest = hashlib.sha256()
    paths = [VOCAB_DIR / "provinces.ttl", VOCAB_DIR / "places.ttl"]
    paths += [Path(m.__file__) for m in (analysis, lexicon, documents, series)]
    for path in paths:
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def store_path(settings: Settings) -> Path:
    url = re.sub(r"//([^:/@]+):[^@]*@", r"//\1@", settings.sqlalchemy_url)  # no password in the key
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return settings.data_dir / "vraagsturing" / f"{key}-v{FORMAT}-{vocab_fingerprint()}.db"


def pack(doc: Doc) -> bytes:
    return marshal.dumps(tuple(getattr(doc, name) for name in _FIELDS))


def unpack(blob: bytes) -> Doc:
    return Doc(*marshal.loads(blob))


class DocStore:
    """id → (content hash, marshalled Doc), plus the feed position; one connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._conn() as c:
            c.execute("CREATE TABLE IF NOT EXISTS doc (id TEXT PRIMARY KEY, hash TEXT NOT NULL, blob BLOB NOT NULL)")
            c.execute("CREATE TABLE IF NOT EXISTS state (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def position(self) -> int:
        row = self._conn().execute("SELECT v FROM state WHERE k = 'position'").fetchone()
        return int(row[0]) if row else 0

    def count(self) -> int:
        return int(self._conn().execute("SELECT count(*) FROM doc").fetchone()[0])

    def rows(self, ids: Sequence[str]) -> dict[str, tuple[str, bytes]]:
        """id → (content hash, marshalled Doc) for the stored ones of these ids."""
        out: dict[str, tuple[str, bytes]] = {}
        ids = list(ids)
        conn = self._conn()
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            for did, chash, blob in conn.execute(f"SELECT id, hash, blob FROM doc WHERE id IN ({marks})", part):
                out[did] = (chash, blob)
        return out

    @staticmethod
    def unpack(blob: bytes) -> Doc:
        return unpack(blob)

    def write(self, docs: Iterable[tuple[Doc, str]], deletes: Sequence[str], position: int | None,
              *, replace_all: bool = False) -> None:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            if replace_all:
                conn.execute("DELETE FROM doc")
            conn.executemany("INSERT OR REPLACE INTO doc (id, hash, blob) VALUES (?, ?, ?)",
                             ((d.id, chash, pack(d)) for d, chash in docs))
            conn.executemany("DELETE FROM doc WHERE id = ?", ((i,) for i in deletes))
            if position is not None:
                conn.execute("INSERT OR REPLACE INTO state (k, v) VALUES ('position', ?)", (position,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


class StoreFollower:
    """Keeps the DocStore in step with the change feed."""

    name = NAME

    def __init__(self, settings: Settings) -> None:
        self.store = DocStore(store_path(settings))

    def position(self) -> int:
        return self.store.position()

    def apply(self, db: Session, events: list[ChangeEvent]) -> None:
        from app.services.search.follower import settled

        position = self.store.position()
        if position == 0:
            self.rebuild(db)  # one bulk build beats replaying the whole feed
            return
        todo = settled(events, position)
        if not todo:
            return
        ids = list(dict.fromkeys(e.dataset_id for e in todo))
        built = build_docs(db, _active(db, ids), load_places())
        kept = {d.id for d, _ in built}
        self.store.write(built, [i for i in ids if i not in kept], todo[-1].seq or position)

    def rebuild(self, db: Session) -> None:
        seq = latest_seq(db)  # read first: writes during the scan are re-applied later, harmlessly
        ids = list(db.exec(select(Dataset.id).where(Dataset.status == "active").order_by(Dataset.id)).all())
        places = load_places()
        first = True
        for start in range(0, len(ids), CHUNK):
            self.store.write(build_docs(db, ids[start : start + CHUNK], places), [], None, replace_all=first)
            first = False
        self.store.write([], [], seq, replace_all=first)
        log.info("vraagsturing store rebuilt up to change %s (%s datasets)", seq, len(ids))


def _active(db: Session, ids: list[str]) -> list[str]:
    rows = db.exec(select(Dataset.id, Dataset.status).where(col(Dataset.id).in_(ids))).all()
    return [did for did, status in rows if status == "active"]


@register(NAME)
def store_follower(settings: Settings) -> StoreFollower:
    return StoreFollower(settings)
