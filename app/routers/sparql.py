"""SPARQL 1.1 Protocol: GET ?query=, POST form (query=) and POST application/sparql-query.

Thin: reads the protocol's parameters, hands the query to the worker pool (off the event loop,
so a slow query never stalls the rest of the API) and returns what it wrote. `default-graph-uri`
and `named-graph-uri` are read from the request but left out of the OpenAPI document, because
their names break the API Design Rules' camelCase rule (see STANDARDS.md §4).
"""

from __future__ import annotations

import threading
from typing import Annotated
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from app.errors import MalformedInput, QueryRefused, UnsupportedMediaType
from app.services import sparql, sparql_results
from app.services.sparql_worker import Job

router = APIRouter(tags=["sparql"])
_pool_lock = threading.Lock()

QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE). Without it: the service description."
FORMAT_DOC = ("Result format for browsers, instead of Accept: json, xml, csv, tsv, turtle, ntriples, jsonld, "
              "rdfxml, or a media type.")
RESPONSES = {
    200: {"description": "Query result (or the service description)",
          "content": {m: {} for m in sparql_results.SOLUTION_TYPES + sparql_results.GRAPH_TYPES}},
    400: {"description": "Malformed query, a second query, or an update/SERVICE/LOAD (read-only endpoint)"},
    406: {"description": "The result form cannot be written in an acceptable format"},
    413: {"description": "Query longer than the limit"},
    415: {"description": "POST body neither application/x-www-form-urlencoded nor application/sparql-query"},
    429: {"description": "Too many queries at once; see Retry-After"},
    503: {"description": "The query ran out of time and was stopped"},
}
POST_BODY = {"requestBody": {"required": True, "content": {
    "application/sparql-query": {"schema": {"type": "string"}},
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                     "properties": {"query": {"type": "string"}}}},
}}}


def pool_of(request: Request) -> sparql.QueryPool:
    """The app's query worker pool, started on first use (closed by the app's lifespan)."""
    state = request.app.state
    with _pool_lock:
        if getattr(state, "sparql_pool", None) is None:
            state.sparql_pool = sparql.make_pool(state.settings)
        return state.sparql_pool


def close_pool(app: object) -> None:
    pool = getattr(app.state, "sparql_pool", None)  # type: ignore[attr-defined]
    if pool is not None:
        pool.close()
        app.state.sparql_pool = None  # type: ignore[attr-defined]


@router.get("/sparql", summary="SPARQL-query (of de servicebeschrijving zonder query)", responses=RESPONSES)
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description=QUERY_DOC)] = None,
    format: Annotated[str | None, Query(description=FORMAT_DOC)] = None,  # noqa: A002
) -> Response:
    params = list(request.query_params.multi_items())
    queries = [v for k, v in params if k == "query"]
    if not queries:
        return _service_description(request, format)
    return await _answer(request, _job(request, queries, params, format))


@router.post("/sparql", summary="SPARQL-query", responses=RESPONSES, openapi_extra=POST_BODY)
async def sparql_post(
    request: Request,
    format: Annotated[str | None, Query(description=FORMAT_DOC)] = None,  # noqa: A002
) -> Response:
    url_params = list(request.query_params.multi_items())
    media = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    body = await request.body()
    if media == "application/x-www-form-urlencoded":
        text = _utf8(body)
        try:
            form = parse_qsl(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise MalformedInput("The form holds percent-encoded bytes that are not UTF-8.") from None
        if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in form):
            raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only.")
        params = url_params + form
        queries = [v for k, v in params if k == "query"]
        if not queries:
            raise MalformedInput("The form has no 'query' field.")
        fmt = format or next((v for k, v in form if k == "format"), None)
        return await _answer(request, _job(request, queries, params, fmt))
    if media == "application/sparql-query":
        if any(k == "query" for k, _ in url_params):
            raise MalformedInput("Send the query once: in the body or in the URL, not both.")
        return await _answer(request, _job(request, [_utf8(body)], url_params, format))
    if media == "application/sparql-update":
        raise QueryRefused("SPARQL Update is not allowed: this endpoint is read-only.")
    raise UnsupportedMediaType(
        f"POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query, "
        f"not {media or 'a body without Content-Type'}.")


@router.api_route("/sparql", methods=["PUT", "DELETE", "PATCH"], include_in_schema=False)
def sparql_other_methods() -> None:
    """405 naming both methods (Starlette's own 405 names only the first route's)."""
    raise HTTPException(405, "The SPARQL endpoint answers GET and POST only.", headers={"Allow": "GET, POST"})


def _utf8(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise MalformedInput(f"The request is not valid UTF-8 (byte {exc.start}).") from None


def _job(request: Request, queries: list[str], params: list[tuple[str, str]], fmt: str | None) -> Job:
    if len(queries) > 1:
        raise MalformedInput(f"Send exactly one query; this request has {len(queries)}.")
    return Job(query=queries[0], accept=request.headers.get("accept"), format=fmt,
               default_graphs=[v for k, v in params if k == "default-graph-uri"],
               named_graphs=[v for k, v in params if k == "named-graph-uri"])


async def _answer(request: Request, job: Job) -> Response:
    settings = request.app.state.settings
    pool = pool_of(request)
    answer = await run_in_threadpool(sparql.query, pool, settings, job)
    headers = {"SPARQL-Results-Truncated": "true" if answer.truncated else "false",
               "SPARQL-Results-Rows": str(answer.rows), "Vary": "Accept"}
    return Response(answer.body, media_type=_with_charset(answer.media_type), headers=headers)


def _service_description(request: Request, fmt: str | None) -> Response:
    media = sparql_results.negotiate(sparql_results.GRAPH_TYPES, request.headers.get("accept"), fmt)
    media = media or "text/turtle"  # a browser asking for HTML gets readable Turtle
    body = sparql.service_description(request.app.state.settings, media)
    return Response(body, media_type=_with_charset(media), headers={"Vary": "Accept"})


def _with_charset(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith("text/") else media
