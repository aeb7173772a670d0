"""The harvester protocol and the HTTP fetch layer every source kind shares.

A harvester reads one source and yields what it found: `DatasetRecord`s, `RecordError`s for
records it could not map (the run goes on), and a page marker after each page so the runner can
keep conditional-GET validators and know which datasets an unchanged (304) page still holds.
It never touches the database: `app.services.harvest` is the one runner that hands records to
the registry. Faults of the network (5xx, 429, timeouts, truncated or oversized bodies, wrong
content type, redirect loops) are turned into one `FetchError` with a clear message here, so each
plug-in only maps formats.
"""

from __future__ import annotations

import email.utils
import functools
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

import httpx

from app.models.records import DatasetRecord
from app.services.rdf import RecordError

T = TypeVar("T")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "fds-catalogus-harvester/0.1 (+https://data.provincies.nl)"


@dataclass(frozen=True)
class PageDone:
    """A page was fetched and all its records were yielded before this marker.

    `memo` holds what the harvester needs to continue past this page when it next comes back
    as 304 Not Modified (e.g. the hydra:next URL), since a 304 has no body to read it from."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    memo: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PageUnchanged:
    """The server answered 304 for this page: its records are as in the previous run."""

    url: str
    memo: dict[str, Any] = field(default_factory=dict)


Item = DatasetRecord | RecordError | PageDone | PageUnchanged


@dataclass(frozen=True)
class SourceSpec:
    """What a harvester needs to know of a source (a HarvestSource row or an ad-hoc --url)."""

    id: str
    kind: str
    url: str
    organisation_id: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


class FetchError(Exception):
    """A page could not be fetched or read, after retries where retrying made sense."""

    def __init__(self, url: str, reason: str, *, attempts: int = 1) -> None:
        suffix = f" (na {attempts} pogingen)" if attempts > 1 else ""
        super().__init__(f"{url}: {reason}{suffix}")
        self.url = url
        self.reason = reason
        self.attempts = attempts

    def __reduce__(self) -> tuple[Any, ...]:  # crosses from the harvest child process intact
        return _fetch_error, (self.url, self.reason, self.attempts), self.__dict__


def _fetch_error(url: str, reason: str, attempts: int) -> FetchError:
    return FetchError(url, reason, attempts=attempts)


class PageUnreadable(Exception):
    """A fetched page that cannot be parsed at all (e.g. a body cut short with a valid length)."""


@dataclass
class FetchPolicy:
    """Timeouts, retries and limits; tests shrink them so the fault matrix stays fast."""

    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0  # first wait; doubles per attempt
    backoff_cap: float = 30.0
    retry_after_cap: float = 60.0  # never sleep longer than this on a server's Retry-After
    max_body_bytes: int = 200 * 1024 * 1024
    max_redirects: int = 10


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    content: bytes
    media_type: str
    etag: str | None
    last_modified: str | None
    memo: dict[str, Any]

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context a process (loading the CA bundle costs ≈20 ms, once per run otherwise);
    a forked harvest child inherits it ready-made."""
    return httpx.create_ssl_context()


def make_client(policy: FetchPolicy) -> httpx.Client:
    """One client per run: connection reuse across pages, bounded redirects."""
    return httpx.Client(
        verify=tls_context(),
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=True,
        max_redirects=policy.max_redirects,
        headers={"User-Agent": USER_AGENT},
    )


class Fetcher:
    """GET/POST with conditional requests, retries with backoff, and body limits.

    `validators` maps a page key (its URL, plus the POST body for CSW) to what the previous run
    stored for it: etag, last_modified and the harvester's memo. Only GETs are conditional."""

    def __init__(self, client: httpx.Client, policy: FetchPolicy | None = None,
                 validators: Mapping[str, Mapping[str, Any]] | None = None,
                 sleep: Any = time.sleep) -> None:
        self.client = client
        self.policy = policy or FetchPolicy()
        self.validators = validators or {}
        self.sleep = sleep
        self.requests = 0
        self.bytes = 0

    def get(self, url: str, *, params: Mapping[str, Any] | None = None, accept: str = "*/*",
            expect: tuple[str, ...] = (), conditional: bool = True) -> Response:
        key = page_key(url, params)
        headers = {"Accept": accept}
        previous = self.validators.get(key) if conditional else None
        if previous:
            if previous.get("etag"):
                headers["If-None-Match"] = previous["etag"]
            if previous.get("last_modified"):
                headers["If-Modified-Since"] = previous["last_modified"]
        request = self.client.build_request("GET", url, params=params, headers=headers)
        return self._send(request, key, expect, previous)

    def read(self, request: Callable[[], Response], parse: Callable[[Response], T]) -> tuple[Response, T | None]:
        """Fetch a page and parse it; a body that cannot be parsed (cut short with a plausible
        length, or garbled on the way) is fetched again with backoff before the run gives up."""
        for attempt in range(1, self.policy.retries + 2):
            page = request()
            if page.not_modified:
                return page, None
            try:
                return page, parse(page)
            except PageUnreadable:
                if attempt > self.policy.retries:
                    raise
                self.sleep(min(self.policy.backoff * 2 ** (attempt - 1), self.policy.backoff_cap))
        raise AssertionError("unreachable")  # pragma: no cover

    def post(self, url: str, *, body: bytes, content_type: str, accept: str = "*/*",
             expect: tuple[str, ...] = ()) -> Response:
        request = self.client.build_request(
            "POST", url, content=body, headers={"Accept": accept, "Content-Type": content_type})
        return self._send(request, url, expect, None)

    def _send(self, request: httpx.Request, key: str, expect: tuple[str, ...],
              previous: Mapping[str, Any] | None) -> Response:
        url = str(request.url)
        policy = self.policy
        last_reason = "onbekende fout"
        for attempt in range(1, policy.retries + 2):
            wait: float | None = None
            try:
                response = self._once(request, key, expect, previous)
                if response is not None:
                    return response
            except _Retry as retry:
                last_reason, wait = retry.reason, retry.wait
            except httpx.TooManyRedirects as exc:
                raise FetchError(url, f"redirect-lus of te veel redirects (> {policy.max_redirects})") from exc
            except httpx.TimeoutException as exc:
                last_reason = f"time-out na {policy.timeout:g} s ({type(exc).__name__})"
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                last_reason = f"afgebroken antwoord (body onvolledig): {exc}"
            except httpx.TransportError as exc:
                last_reason = f"verbindingsfout: {exc}"
            if attempt > policy.retries:
                raise FetchError(url, last_reason, attempts=attempt)
            if wait is None:
                wait = min(policy.backoff * 2 ** (attempt - 1), policy.backoff_cap)
            self.sleep(wait)
        raise FetchError(url, last_reason)  # pragma: no cover - loop always returns or raises

    def _once(self, request: httpx.Request, key: str, expect: tuple[str, ...],
              previous: Mapping[str, Any] | None) -> Response | None:
        policy = self.policy
        url = str(request.url)
        self.requests += 1
        r = self.client.send(request, stream=True)
        try:
            if r.status_code == 304:
                if previous is None:
                    raise FetchError(url, "HTTP 304 zonder voorwaardelijk verzoek")
                return Response(url, 304, b"", "", previous.get("etag"), previous.get("last_modified"),
                                dict(previous.get("memo") or {}))
            if r.status_code in RETRY_STATUSES:
                raise _Retry(f"HTTP {r.status_code}", self._retry_after(r))
            if r.status_code >= 400:
                raise FetchError(url, f"HTTP {r.status_code}")
            declared = r.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > policy.max_body_bytes:
                raise FetchError(url, f"antwoord te groot: {declared} bytes > limiet {policy.max_body_bytes}")
            media_type = r.headers.get("content-type", "").split(";")[0].strip().lower()
            if expect and media_type and not any(media_type == e or media_type.endswith(e) for e in expect):
                raise FetchError(url, f"onverwacht content-type {media_type or '(geen)'}; "
                                      f"verwacht {', '.join(expect)}")
            chunks: list[bytes] = []
            size = 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > policy.max_body_bytes:
                    raise FetchError(url, f"antwoord te groot: meer dan {policy.max_body_bytes} bytes "
                                          "(afgebroken)")
                chunks.append(chunk)
            if declared and declared.isdigit() and size != int(declared) \
                    and "content-encoding" not in r.headers:
                raise _Retry(f"afgebroken antwoord: {size} van {declared} bytes", None)
            self.bytes += size
            return Response(str(r.url), r.status_code, b"".join(chunks), media_type,
                            r.headers.get("etag"), r.headers.get("last-modified"), {})
        finally:
            r.close()

    def _retry_after(self, r: httpx.Response) -> float | None:
        """Seconds the server asks us to wait (delta or HTTP date), capped by policy."""
        value = r.headers.get("retry-after")
        if not value:
            return None
        seconds: float | None
        if value.strip().isdigit():
            seconds = float(value.strip())
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
                seconds = max(0.0, when.timestamp() - time.time())
            except (TypeError, ValueError):
                seconds = None
        return None if seconds is None else min(seconds, self.policy.retry_after_cap)


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


def page_key(url: str, params: Mapping[str, Any] | None = None) -> str:
    """The validators key of a page: its full URL with query parameters."""
    if not params:
        return url
    return str(httpx.URL(url).copy_merge_params({k: str(v) for k, v in params.items()}))


def url_param(url: str, name: str) -> str | None:
    """A query parameter already in a source URL (case-insensitive), e.g. a page size."""
    for key, value in httpx.URL(url).params.multi_items():
        if key.lower() == name.lower():
            return value
    return None


class Harvester(Protocol):
    kind: ClassVar[str]

    def records(self, source: SourceSpec, fetch: Fetcher) -> Iterator[Item]: ...

