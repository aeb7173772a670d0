"""SPARQL-lite: read-only queries on the catalogue graph, each in a worker process that is killed
when it overruns, a few at a time, results cut at a row limit (and saying so).

Why processes: pyoxigraph evaluates a query in native code that Python cannot interrupt, so a
thread with a timeout would leave a hostile query running; a worker process can be killed and
replaced. Workers open the graph's read-only snapshots (see graph_files), so any number of API
processes on one data dir can serve queries while one of them writes the graph.
"""

from __future__ import annotations

import logging
import math
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.config import Settings
from app.errors import (
    CatalogError,
    MalformedInput,
    NotAcceptable,
    QueryFailed,
    QueryRefused,
    QueryTimeout,
    QueryTooLong,
    ServiceUnavailable,
    TooManyQueries,
)
from app.services import graph_files
from app.services.sparql_worker import Job, serve

log = logging.getLogger(__name__)

READY_WAIT = 60.0  # seconds a spawned worker may take to import and report ready


@dataclass
class Answer:
    media_type: str
    body: bytes
    truncated: bool
    rows: int


@dataclass(eq=False)
class _Proc:
    process: Any
    conn: Any


class QueryPool:
    """A fixed number of query worker processes; a query beyond that number is refused (429)."""

    def __init__(self, gdir: Path, *, workers: int, timeout: float, max_rows: int, memory_mb: int) -> None:
        self.gdir, self.timeout, self.max_rows, self.memory_mb = gdir, timeout, max_rows, memory_mb
        self.size = workers
        self._ctx = mp.get_context("spawn")  # never fork a process that runs threads and a RocksDB
        self._slots = threading.BoundedSemaphore(workers)
        self._idle: queue.Queue[_Proc] = queue.Queue()
        self._all: set[_Proc] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(workers):
            self._start_async()

    def run(self, job: Job) -> dict:
        if not self._slots.acquire(blocking=False):
            raise TooManyQueries(f"At most {self.size} SPARQL queries run at once; try again shortly.",
                                 retry_after=math.ceil(self.timeout))
        try:
            try:
                proc = self._idle.get(timeout=READY_WAIT)
            except queue.Empty:
                raise ServiceUnavailable("No SPARQL worker could be started; try again later.") from None
            try:
                proc.conn.send(job)
                if not proc.conn.poll(self.timeout):
                    self._replace(proc)
                    raise QueryTimeout(f"The query ran longer than {self.timeout:g} s and was stopped. "
                                       "Make it more selective (filters on indexed properties, a LIMIT).")
                reply = proc.conn.recv()
            except (EOFError, OSError):
                self._replace(proc)
                raise QueryFailed("The query worker stopped (probably the query needed too much memory); "
                                  "make the query more selective.") from None
            self._idle.put(proc)
            return reply
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            procs = list(self._all)
        for proc in procs:
            _kill(proc)

    def _start_async(self) -> None:
        threading.Thread(target=self._start, name="sparql-worker-start", daemon=True).start()

    def _start(self) -> None:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=serve, args=(child, str(self.gdir), self.max_rows, self.memory_mb),
                                    name="fds-sparql-worker", daemon=True)
        try:
            process.start()
            child.close()
            if not parent.poll(READY_WAIT) or not parent.recv().get("ready"):
                raise RuntimeError("worker did not report ready")
        except Exception:
            if not self._closed:
                log.exception("could not start a SPARQL worker")
            _kill(_Proc(process, parent))
            return
        proc = _Proc(process, parent)
        with self._lock:
            if self._closed:
                _kill(proc)
                return
            self._all.add(proc)
        self._idle.put(proc)

    def _replace(self, proc: _Proc) -> None:
        with self._lock:
            self._all.discard(proc)
        _kill(proc)
        self._start_async()


def _kill(proc: _Proc) -> None:
    try:
        if proc.process.is_alive():
            proc.process.kill()
        proc.process.join(5)
    except (ValueError, AssertionError):  # never started
        pass
    proc.conn.close()


def make_pool(settings: Settings) -> QueryPool:
    return QueryPool(graph_files.graph_dir(settings.data_dir), workers=settings.sparql_max_concurrent,
                     timeout=settings.sparql_timeout, max_rows=settings.sparql_max_rows,
                     memory_mb=settings.sparql_worker_memory_mb)


def query(pool: QueryPool, settings: Settings, job: Job) -> Answer:
    """Run one query within the limits; raises a CatalogError for anything but a result."""
    size = len(job.query.encode())
    if size > settings.sparql_max_query_bytes:
        raise QueryTooLong(f"The query is {size} bytes; at most {settings.sparql_max_query_bytes} are accepted.")
    if not job.query.strip():
        raise MalformedInput("The query is empty.")
    reply = pool.run(job)
    if reply["ok"]:
        return Answer(reply["media_type"], reply["body"], reply["truncated"], reply["rows"])
    raise _ERRORS.get(reply["error"], QueryFailed)(reply["detail"])

_ERRORS: dict[str, type[CatalogError]] = {"refused": QueryRefused, "malformed": MalformedInput,
                                          "not_acceptable": NotAcceptable, "evaluation": QueryFailed,
                                          "memory": QueryFailed}


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
LIMITS = "https://data.provincies.nl/def/sparql-lite#"  # our limits: no standard vocabulary has them
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]


def service_description(settings: Settings, media_type: str) -> bytes:
    """The SPARQL 1.1 Service Description of this endpoint, limits included."""
    import pyoxigraph as ox

    from app.services import sparql_results

    endpoint = ox.NamedNode(settings.base_url.rstrip("/") + "/v1/sparql")
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(local: str) -> ox.NamedNode:
        return ox.NamedNode(SD + local)

    def lim(local: str) -> ox.NamedNode:
        return ox.NamedNode(LIMITS + local)

    def typed(value: float | int) -> ox.Literal:
        xsd = "decimal" if isinstance(value, float) else "integer"
        return ox.Literal(str(value), datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{xsd}"))

    triples = [
        ox.Triple(endpoint, rdf_type, sd("Service")),
        ox.Triple(endpoint, sd("endpoint"), endpoint),
        ox.Triple(endpoint, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(endpoint, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(endpoint, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, sd("Graph")),
        ox.Triple(endpoint, ox.NamedNode("http://purl.org/dc/terms/description"), ox.Literal(
            "Read-only SPARQL 1.1 endpoint of the federated catalogue of the Dutch provinces. The default "
            "graph is the union of every dataset's named graph and the vocabularies. SPARQL Update, LOAD "
            "and SERVICE are refused.", language="en")),
        ox.Triple(endpoint, lim("maxQueryTime"), typed(float(settings.sparql_timeout))),
        ox.Triple(endpoint, lim("maxResultRows"), typed(settings.sparql_max_rows)),
        ox.Triple(endpoint, lim("maxQueryLength"), typed(settings.sparql_max_query_bytes)),
        ox.Triple(endpoint, lim("maxConcurrentQueries"), typed(settings.sparql_max_concurrent)),
    ]
    triples += [ox.Triple(endpoint, sd("resultFormat"), ox.NamedNode(FORMATS + f)) for f in RESULT_FORMATS]
    return sparql_results.write_graph(media_type, triples, {"sd": SD, "formats": FORMATS, "limits": LIMITS})
