"""The body of a SPARQL query worker process: check a query, run it on the newest graph snapshot,
write the result up to the row limit.

Queries run in separate processes so that one that overruns its time can be killed for real
(pyoxigraph evaluation cannot be interrupted from Python). A worker opens snapshots read-only and
reopens when the writer has published a newer one. Only light imports here: workers are spawned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from app.services import graph_files, sparql_results

FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}


class Refused(Exception):
    """A query this read-only endpoint will not run (update, SERVICE, LOAD)."""


@dataclass
class Job:
    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


UPDATE_WORDS = frozenset({"LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD"})
_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")  # \u0053ERVICE is SERVICE to a SPARQL parser


def check(query: str) -> str | None:
    """The query form ("select", …) if rdflib's parser was asked and read it, else None.

    Raises Refused for SPARQL Update (LOAD, INSERT, …) and for SERVICE anywhere in the query. A query
    that never says SERVICE and has no update keyword outside strings, IRIs and names is let through
    without a full parse: rdflib's parser takes about 3 ms, more than a selective query's evaluation,
    and oxigraph's query parser cannot run an update anyway."""
    if not _CODEPOINT_ESCAPE.search(query) and "SERVICE" not in query.upper() and not (
            _words(query) & UPDATE_WORDS):
        return None
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(query)
    except Exception:  # pyparsing error, or RecursionError on absurd nesting
        tree = None
    if tree is not None:
        if "ServiceGraphPattern" in set(_names(tree)):
            raise Refused("SERVICE (federated query) is not allowed: this endpoint only queries its own graph.")
        return FORMS.get(tree[1].name)
    try:
        parseUpdate(query)
    except Exception:
        pass
    else:
        raise Refused("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is not allowed: this endpoint is read-only.")
    # rdflib could not read it: oxigraph may (newer syntax) or report the error with its position.
    # Guard the two things that must never run, at token level outside strings, IRIs and comments.
    words = _words(query)
    if "SERVICE" in words:
        raise Refused("SERVICE (federated query) is not allowed: this endpoint only queries its own graph.")
    if words & UPDATE_WORDS and not (
            words & {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}):
        raise Refused("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, …) is not allowed: this endpoint is read-only.")
    return None


def _names(node: Any) -> Any:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _names(value)


_STRIP = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
                    r"|[?$][\w]+|[\w.-]*:[\w.-]*")


def _code_only(query: str) -> str:
    return _STRIP.sub(" ", query)


def _words(query: str) -> set[str]:
    """The bare words of a query outside strings, IRIs, comments, variables and prefixed names, upper-cased."""
    return {w.upper() for w in re.findall(r"[A-Za-z]+", _code_only(query))}


class Worker:
    """State kept by one worker process between queries: the snapshot it has open."""

    def __init__(self, gdir: Path, max_rows: int) -> None:
        self.gdir, self.max_rows = gdir, max_rows
        self.store: ox.Store | None = None
        self.opened: Path | None = None

    def current_store(self) -> ox.Store:
        latest = graph_files.latest_snapshot(self.gdir)
        path = latest[1] if latest else None
        if self.store is None or path != self.opened:
            self.store = ox.Store.read_only(str(path)) if path else ox.Store()
            self.opened = path
        return self.store

    def run(self, job: Job) -> dict:
        """Answer one job as a plain dict (it crosses a pipe): ok + body, or an error kind + detail."""
        try:
            check(job.query)
        except Refused as exc:
            return {"ok": False, "error": "refused", "detail": str(exc)}
        store = self.current_store()
        kwargs: dict[str, Any] = {}
        if job.default_graphs:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        else:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        try:
            result = store.query(job.query, **kwargs)
            return self._write(result, job)
        except SyntaxError as exc:
            return {"ok": False, "error": "malformed", "detail": str(exc)}
        except ValueError as exc:  # e.g. a bad graph IRI in default-graph-uri
            return {"ok": False, "error": "malformed", "detail": str(exc)}
        except OSError as exc:  # evaluation errors surface as OSError in pyoxigraph
            return {"ok": False, "error": "evaluation", "detail": str(exc)}

    def _write(self, result: Any, job: Job) -> dict:
        if isinstance(result, ox.QueryBoolean):
            media = sparql_results.negotiate(sparql_results.BOOLEAN_TYPES, job.accept, job.format)
            if media is None:
                return _not_acceptable("ASK", sparql_results.BOOLEAN_TYPES)
            return _ok(media, sparql_results.write_boolean(media, bool(result)), False, 1)
        if isinstance(result, ox.QuerySolutions):
            media = sparql_results.negotiate(sparql_results.SOLUTION_TYPES, job.accept, job.format)
            if media is None:
                return _not_acceptable("SELECT", sparql_results.SOLUTION_TYPES)
            variables = [v.value for v in result.variables]
            rows, truncated = [], False
            for solution in result:  # lazy: evaluation stops at the limit
                if len(rows) == self.max_rows:
                    truncated = True
                    break
                rows.append([solution[i] for i in range(len(variables))])
            return _ok(media, sparql_results.write_solutions(media, variables, rows, truncated), truncated, len(rows))
        media = sparql_results.negotiate(sparql_results.GRAPH_TYPES, job.accept, job.format)
        if media is None:
            return _not_acceptable("CONSTRUCT/DESCRIBE", sparql_results.GRAPH_TYPES)
        triples, truncated = [], False
        for triple in result:
            if len(triples) == self.max_rows:
                truncated = True
                break
            triples.append(triple)
        return _ok(media, sparql_results.write_graph(media, triples), truncated, len(triples))


def _ok(media: str, body: bytes, truncated: bool, rows: int) -> dict:
    return {"ok": True, "media_type": media, "body": body, "truncated": truncated, "rows": rows}


def _not_acceptable(form: str, offered: list[str]) -> dict:
    return {"ok": False, "error": "not_acceptable",
            "detail": f"A {form} result can be given as: {', '.join(offered)}."}


def serve(conn: Any, gdir: str, max_rows: int, memory_mb: int) -> None:
    """Worker process main loop: answer jobs from the pipe until it closes."""
    if memory_mb > 0:
        try:
            import resource

            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
        except (ImportError, ValueError, OSError):
            pass
    import rdflib.plugins.sparql.parser  # noqa: F401  (warm the parser before the first query)

    worker = Worker(Path(gdir), max_rows)
    conn.send({"ready": True})
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = worker.run(job)
        except MemoryError:
            reply = {"ok": False, "error": "memory", "detail": "The query needed more memory than allowed."}
        except Exception as exc:  # report, do not die: the next query should still be served
            reply = {"ok": False, "error": "evaluation", "detail": f"{type(exc).__name__}: {exc}"}
        conn.send(reply)
