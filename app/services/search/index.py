"""The tantivy index on disk: schema, the writer lock, and the change-feed position.

Where: FDS_DATA_DIR/search/<key>/, key = a hash of the database URL (password left out), so one
data directory can serve several databases (tests, a demo) without their indexes mixing.

Several processes on one index directory (the API and a CLI `fdscat reindex`, two API replicas
sharing a data directory): tantivy lets one IndexWriter exist per directory (a lock file held
with an OS lock, released when the process dies). A process takes the writer only for the length
of one batch — wait for the lock, re-read the position, apply what is still new, commit, write
the position, let go — so whichever process gets there first keeps the shared index in step and
the others merely reload their readers when the position file moves. Replicas on different
machines each keep their own data directory and follow the feed by themselves. Applying an
event is idempotent (it re-reads the dataset's current rows), so a crash between the commit and
the position write only means applying a few events twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tantivy

from app.config import Settings
from app.services.search.documents import FACET_FIELDS, TEXT_FIELDS, SearchDocument

SCHEMA_VERSION = 2
TOKENIZER = "fds_ws"  # whitespace only: the text arrives analysed (see analysis.py)
LOCK_WAIT_SECONDS = 30.0


@dataclass
class Batch:
    """What one commit changes: documents to (re)write, ids to drop, and the position it reaches."""

    seq: int
    upserts: Iterable[SearchDocument] = ()
    deletes: Iterable[str] = field(default_factory=list)
    replace_all: bool = False


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", index_option="basic")
    for name in TEXT_FIELDS:
        sb.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
        sb.add_text_field(name + "_parts", tokenizer_name=TOKENIZER, index_option="freq")
    sb.add_text_field("raw", tokenizer_name=TOKENIZER, index_option="basic")
    for name in (*FACET_FIELDS, "place"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_integer_field("modified", indexed=True, fast=True)
    sb.add_unsigned_field("title_key1", indexed=True, fast=True)  # see ordering.py
    sb.add_unsigned_field("title_key2", fast=True)
    for name in ("min_x", "min_y", "max_x", "max_y"):
        sb.add_float_field(name, indexed=True, fast=True)
    return sb.build()


def index_dir(settings: Settings) -> Path:
    url = re.sub(r"//([^:/@]+):[^@]*@", r"//\1@", settings.sqlalchemy_url)  # no password in the key
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return settings.data_dir / "search" / f"{key}-v{SCHEMA_VERSION}"


class SearchIndex:
    """One open index: a reader for queries, a writer taken per batch, the feed position."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.schema = build_schema()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self.index.register_tokenizer(TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        self._position_file = path / "position.json"
        self._seen_position = self.read_position()
        # Facet counts by (query, position, size); see service._facets. Bounded there.
        self.facet_cache: OrderedDict = OrderedDict()
        self._local_lock = threading.Lock()  # one writer per process; tantivy's lock covers processes

    # -- position -------------------------------------------------------------------------------
    def read_position(self) -> int:
        try:
            return int(json.loads(self._position_file.read_text())["seq"])
        except (FileNotFoundError, ValueError, KeyError):
            return 0

    def position(self) -> int:
        """The applied position; reloads the reader when another process has moved it."""
        seq = self.read_position()
        if seq != self._seen_position:
            self.index.reload()
            self._seen_position = seq
        return seq

    def _write_position(self, seq: int) -> None:
        tmp = self._position_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"seq": seq, "schema": SCHEMA_VERSION}))
        os.replace(tmp, self._position_file)
        self._seen_position = seq

    # -- writing --------------------------------------------------------------------------------
    def _writer(self, heap: int, threads: int) -> tantivy.IndexWriter:
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return self.index.writer(heap_size=heap, num_threads=threads)
            except ValueError:  # LockBusy: another process is writing this index
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def write(self, build: Callable[[int], Batch | None], *, heap: int = 50_000_000, threads: int = 1) -> bool:
        """Apply one batch in one commit and record its position as applied.

        `build(position)` is called while this process holds the writer, with the position read
        under the lock, so a batch that another process has applied meanwhile is not redone.
        Returns False when `build` had nothing to do."""
        with self._local_lock:
            writer = self._writer(heap, threads)
            try:
                batch = build(self.read_position())
                if batch is None:
                    writer.wait_merging_threads()  # releases the lock
                    return False
                if batch.replace_all:
                    writer.delete_all_documents()
                for doc_id in batch.deletes:
                    writer.delete_documents_by_term("id", doc_id)
                for doc in batch.upserts:
                    writer.delete_documents_by_term("id", doc.id)
                    writer.add_document(tantivy.Document.from_dict(doc.fields(), self.schema))
                writer.commit()
                writer.wait_merging_threads()
            except BaseException:
                writer.rollback()
                raise
            self._write_position(batch.seq)
            self.index.reload()
            return True

    # -- reading --------------------------------------------------------------------------------
    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def ids_of(self, searcher: tantivy.Searcher, addresses: list) -> list[str]:
        return [searcher.doc(a)["id"][0] for a in addresses]
