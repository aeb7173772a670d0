"""The simulated federation: twelve provincial endpoints on one local ASGI server, with faults.

`SimulatedFederation(scale=…).start()` serves on 127.0.0.1 and a random port, in a thread.
Each province speaks one kind (DCAT with Hydra paging in Turtle/RDF-XML/JSON-LD, CKAN, or CSW),
pages are rendered on demand from `content.dataset()` and carry an ETag, so an unchanged page
answers 304. Faults are switched per province with `set_fault()` or `POST /_admin/faults/{code}`:

  status=500|502|503|429 [retry_after, times, page]  slow [delay, page]   truncated [page]
  cut [page, cut_times] (half the body with a matching Content-Length)
  content_type [page]   redirect_loop   oversized [bytes]   empty [page]   malformed [indices]
  shrink [percent]   drop [indices]   generation [n] (edits every record)
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from harvesters.simulated import render
from harvesters.simulated.content import BY_CODE, PROVINCES, SimDataset, dataset, sizes

PAGE_SIZES = {"dcat": 250, "ckan": 250, "csw": 100}
SHAPING = ("shrink", "drop", "malformed", "generation", "empty")


@dataclass
class Federation:
    scale: int = 1800
    seed: int = 42
    page_sizes: dict[str, int] = field(default_factory=lambda: dict(PAGE_SIZES))
    faults: dict[str, dict[str, Any]] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Keep rendered pages (keyed by province, ETag and base URL) so a benchmark can render before it times:
    # a real source's rendering is not the harvester's CPU. Off by default (tests edit faults).
    cache: dict[tuple[str, str, str], tuple[bytes, str]] | None = None

    def __post_init__(self) -> None:
        self.counts = sizes(self.scale)

    def fault(self, code: str) -> dict[str, Any]:
        return self.faults.get(code, {})

    def positions(self, code: str) -> list[int]:
        f = self.fault(code)
        n = self.counts[code]
        if f.get("shrink"):
            n = int(n * (100 - float(f["shrink"])) / 100)
        return _positions(n, tuple(sorted(int(i) for i in f.get("drop", ()))))

    def datasets(self, code: str, start: int, size: int) -> list[SimDataset]:
        f = self.fault(code)
        malformed = {int(i) for i in f.get("malformed", ())}
        generation = int(f.get("generation", 0))
        out = []
        for index in self.positions(code)[start:start + size]:
            ds = dataset(self.seed, code, index, generation)
            if index in malformed:
                ds = SimDataset(**{**ds.__dict__, "malformed": True})
            out.append(ds)
        return out

    def etag(self, code: str, *parts: Any) -> str:
        f = self.fault(code)
        shaping = {k: f[k] for k in SHAPING if k in f}
        raw = json.dumps([self.seed, self.counts[code], shaping, *parts], sort_keys=True, default=str)
        return '"' + hashlib.sha1(raw.encode()).hexdigest()[:20] + '"'


@lru_cache(maxsize=64)
def _positions(n: int, drop: tuple[int, ...]) -> list[int]:
    dropped = set(drop)
    return [i for i in range(n) if i not in dropped]


def create_app(fed: Federation) -> Starlette:
    async def catalog(request: Request) -> Response:
        code = request.path_params["code"]
        page = max(1, int(request.query_params.get("page", "1")))
        return await _serve(request, fed, code, page, lambda: _dcat_body(request, fed, code, page))

    async def ckan(request: Request) -> Response:
        code = request.path_params["code"]
        rows = min(fed.page_sizes["ckan"], int(request.query_params.get("rows", "10")))  # like rows_max
        start = int(request.query_params.get("start", "0"))
        page = start // max(rows, 1) + 1

        def body() -> tuple[bytes, str]:
            items = [] if _empty(fed, code, page) else fed.datasets(code, start, rows)
            return render.ckan_page(items, len(fed.positions(code))), "application/json"

        return await _serve(request, fed, code, page, body, rows, start)

    async def csw(request: Request) -> Response:
        code = request.path_params["code"]
        params = {k.lower(): v for k, v in request.query_params.items()}
        if request.method == "POST":
            params.update(_post_params(await request.body()))
        size = min(fed.page_sizes["csw"], int(params.get("maxrecords", "10")))
        start = max(1, int(params.get("startposition", "1")))
        page = (start - 1) // max(size, 1) + 1

        def body() -> tuple[bytes, str]:
            matched = len(fed.positions(code))
            items = [] if _empty(fed, code, page) else fed.datasets(code, start - 1, size)
            data = render.csw_page(items, matched=matched, start=start)
            if _empty(fed, code, page):  # an empty page that still claims more records follow
                data = data.replace(b'nextRecord="0"', f'nextRecord="{start + size}"'.encode())
            return data, "application/xml"

        return await _serve(request, fed, code, page, body, size, start)

    async def loop(request: Request) -> Response:
        code, hop = request.path_params["code"], int(request.path_params["hop"])
        return Response(status_code=302, headers={"Location": f"/_loop/{code}/{(hop + 1) % 2}"})

    async def set_fault(request: Request) -> Response:
        code = request.path_params["code"]
        body = await request.json() if await request.body() else {}
        with fed.lock:
            fed.faults[code] = dict(body)
        return JSONResponse({"province": code, "fault": fed.faults[code]})

    async def clear_faults(request: Request) -> Response:
        with fed.lock:
            fed.faults.clear()
        return JSONResponse({})

    async def list_faults(request: Request) -> Response:
        return JSONResponse({"faults": fed.faults, "counts": fed.counts, "hits": fed.hits})

    return Starlette(routes=[
        Route("/{code}/catalog", catalog),
        Route("/{code}/api/3/action/package_search", ckan),
        Route("/{code}/csw", csw, methods=["GET", "POST"]),
        Route("/_loop/{code}/{hop}", loop),
        Route("/_admin/faults", list_faults),
        Route("/_admin/faults", clear_faults, methods=["DELETE"]),
        Route("/_admin/faults/{code}", set_fault, methods=["POST", "PUT"]),
    ])


def _empty(fed: Federation, code: str, page: int) -> bool:
    f = fed.fault(code)
    return "empty" in f and int(f.get("page", 2)) == page


def _applies(f: dict[str, Any], page: int) -> bool:
    return "page" not in f or int(f["page"]) == page


def _dcat_body(request: Request, fed: Federation, code: str, page: int) -> tuple[bytes, str]:
    province = BY_CODE[code]
    size = fed.page_sizes["dcat"]
    positions = fed.positions(code)
    base = str(request.base_url).rstrip("/") + f"/{code}/catalog"
    items = [] if _empty(fed, code, page) else fed.datasets(code, (page - 1) * size, size)
    more = page * size < len(positions)
    return render.dcat_page(
        items, catalog=f"https://data.{province.slug}.nl/id/catalogus", page_url=f"{base}?page={page}",
        next_url=f"{base}?page={page + 1}" if more else None, first_url=f"{base}?page=1", total=len(positions),
        syntax=province.syntax or "turtle", legacy_hydra=code == "pv26")


async def _serve(request: Request, fed: Federation, code: str, page: int, body, *etag_parts: Any) -> Response:  # noqa: ANN001
    if code not in BY_CODE:
        return JSONResponse({"error": f"onbekende provincie {code}"}, status_code=404)
    with fed.lock:
        fed.hits[code] = fed.hits.get(code, 0) + 1
        f = dict(fed.fault(code))
        if "status" in f and _applies(f, page) and f.get("times") is not None:
            if int(f["times"]) <= 0:
                f.pop("status")
            else:
                fed.faults[code]["times"] = int(f["times"]) - 1
    if "status" in f and _applies(f, page):
        headers = {"Retry-After": str(f["retry_after"])} if "retry_after" in f else {}
        return Response(f"Simulated HTTP {f['status']}", status_code=int(f["status"]), headers=headers)
    if "slow" in f and _applies(f, page):
        await asyncio.sleep(float(f.get("delay", 5)))
    if "redirect_loop" in f:
        return Response(status_code=302, headers={"Location": f"/_loop/{code}/0"})
    if "oversized" in f and _applies(f, page):
        province = BY_CODE[code]
        media = {"ckan": "application/json", "csw": "application/xml"}.get(
            province.kind, render.SYNTAX_FORMATS[province.syntax or "turtle"][1])
        return StreamingResponse(_padding(int(f.get("bytes", 50_000_000))), media_type=media)
    etag = fed.etag(code, page, *etag_parts)
    broken = any(k in f for k in ("content_type", "truncated", "cut")) and _applies(f, page)
    if request.headers.get("if-none-match") == etag and not broken:  # a broken server ignores validators
        return Response(status_code=304, headers={"ETag": etag})
    cache = fed.cache if not f else None  # a page under a fault is rendered every time
    key = (code, etag, str(request.base_url))
    cached = cache.get(key) if cache is not None else None
    if cached is None:
        data, media = await asyncio.to_thread(body)
        if cache is not None:
            cache[key] = (data, media)
    else:
        data, media = cached
    if "content_type" in f and _applies(f, page):
        return Response(b"<html><body>Onderhoud</body></html>", media_type="text/html")
    if "truncated" in f and _applies(f, page):
        return _Truncated(data, media)
    if "cut" in f and _applies(f, page) and _take(fed, code, "cut"):  # cut short, but with a matching length
        return Response(data[: len(data) // 2], media_type=media)
    return Response(data, media_type=media, headers={"ETag": etag})


def _take(fed: Federation, code: str, name: str) -> bool:
    """Whether a fault with an optional `{name}_times` budget fires now (and spend one)."""
    with fed.lock:
        f = fed.faults.get(code, {})
        left = f.get(f"{name}_times")
        if left is None:
            return True
        if int(left) <= 0:
            return False
        f[f"{name}_times"] = int(left) - 1
        return True


async def _padding(total: int):  # noqa: ANN202
    chunk = b"# opvulling " + b"x" * 65_000 + b"\n"
    sent = 0
    while sent < total:
        yield chunk
        sent += len(chunk)


class _Truncated(Response):
    """Declares the full Content-Length but sends half the body, then closes."""

    def __init__(self, data: bytes, media: str) -> None:
        super().__init__(data, media_type=media)
        self.full = data

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", self.media_type.encode()),
                                (b"content-length", str(len(self.full)).encode())]})
        await send({"type": "http.response.body", "body": self.full[: len(self.full) // 2], "more_body": False})


def _post_params(body: bytes) -> dict[str, str]:
    from lxml import etree

    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError:
        return {}
    return {k.lower(): v for k, v in root.attrib.items()}


class SimulatedFederation:
    """The federation served by uvicorn in a daemon thread on 127.0.0.1 and a random port."""

    def __init__(self, scale: int = 1800, seed: int = 42, host: str = "127.0.0.1", port: int = 0,
                 page_sizes: dict[str, int] | None = None, cache: bool = False) -> None:
        self.fed = Federation(scale=scale, seed=seed, page_sizes={**PAGE_SIZES, **(page_sizes or {})},
                              cache={} if cache else None)
        self.host, self.port = host, port
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None
        self.url = ""

    def start(self) -> SimulatedFederation:
        config = uvicorn.Config(create_app(self.fed), host=self.host, port=self.port, log_level="error",
                                lifespan="off", access_log=False,
                                timeout_graceful_shutdown=0.2)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="simulated-federation")
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("simulated federation did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://{self.host}:{port}"
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(timeout=10)

    def __enter__(self) -> SimulatedFederation:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set_fault(self, code: str, **fault: Any) -> None:
        with self.fed.lock:
            self.fed.faults[code] = fault

    def clear_faults(self) -> None:
        with self.fed.lock:
            self.fed.faults.clear()

    def count(self, code: str) -> int:
        return len(self.fed.positions(code))

    def sources(self) -> list[dict[str, Any]]:
        """The twelve endpoints as harvest sources (ids `sim-pvNN`)."""
        return [source_of(self.url, p.code) for p in PROVINCES]


def source_of(base_url: str, code: str) -> dict[str, Any]:
    p = BY_CODE[code]
    url = {"dcat": f"{base_url}/{code}/catalog", "ckan": f"{base_url}/{code}",
           "csw": f"{base_url}/{code}/csw"}[p.kind]
    return {"id": f"sim-{code}", "name": f"Provincie {p.name} (gesimuleerd, {p.kind})", "kind": p.kind,
            "url": url, "organisation_id": code, "enabled": True, "schedule": None}
