"""DCAT over HTTP: any RDF syntax, followed across Hydra pages.

Each page is parsed once by pyoxigraph straight into canonical N-Triples text
(`app.services.rdf`), which both the Hydra lookup and the DCAT mapping read. Paging follows
`hydra:next` (PartialCollectionView) or the legacy `hydra:nextPage` (PagedCollection) and stops
on a page seen before, so a portal whose last page links to itself cannot loop us.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from app.errors import MalformedInput
from app.services.rdf import records_from_ntriples
from app.services.rdf.formats import ntriples_of_bytes
from harvesters.base import Fetcher, Item, PageDone, PageUnchanged, PageUnreadable, Response, SourceSpec

HYDRA = "http://www.w3.org/ns/hydra/core#"
_NEXT = re.compile(r"^<([^>]*)> <http://www\.w3\.org/ns/hydra/core#next(?:Page)?> <([^>]*)> \.$", re.M)
ACCEPT = ("text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.8, "
          "application/trig;q=0.5, */*;q=0.1")
RDF_TYPES = ("turtle", "rdf+xml", "ld+json", "n-triples", "trig", "n-quads", "json", "xml", "text/plain",
             "octet-stream", "x-turtle")
_TOTAL = re.compile(r"^<[^>]*> <http://www\.w3\.org/ns/hydra/core#totalItems> \"(\d+)\"", re.M)
MAX_PAGES = 100_000


class DcatHarvester:
    kind: ClassVar[str] = "dcat"

    def records(self, source: SourceSpec, fetch: Fetcher) -> Iterator[Item]:
        url: str | None = source.url
        seen: set[str] = set()
        total: int | None = None
        found = 0
        checkable = True
        while url and url not in seen and len(seen) < MAX_PAGES:
            seen.add(url)
            page, text = fetch.read(lambda u=url: fetch.get(u, accept=ACCEPT, expect=RDF_TYPES),
                                    lambda p, u=url: _ntriples(p, u))
            if page.not_modified or text is None:
                yield PageUnchanged(url, page.memo)
                url = page.memo.get("next")
                checkable = False  # a 304 page's records are counted by the runner, not here
                continue
            next_url = hydra_next(text, page.url, url)
            total = total if total is not None else hydra_total(text)
            records = records_from_ntriples(text)
            if not records and next_url:  # an empty page in the middle: the listing is incomplete
                raise PageUnreadable(f"{url}: lege pagina terwijl hydra:next naar {next_url} wijst")
            found += len(records)
            yield from records
            yield PageDone(url, page.etag, page.last_modified, {"next": next_url, "found": found})
            url = next_url
        if checkable and total is not None and found < total:
            raise PageUnreadable(f"{source.url}: {found} datasets gevonden, hydra:totalItems zegt {total}")


def _ntriples(page: Response, url: str) -> str:
    try:
        return ntriples_of_bytes(page.content, page.media_type or None, base_iri=page.url)
    except MalformedInput as exc:
        raise PageUnreadable(f"{url}: RDF niet te lezen (afgebroken of ongeldig): {exc.detail}") from exc


def _lines_with(ntriples: str, needle: str) -> Iterator[str]:
    """The lines that contain `needle`, found by substring search: a regex scanning a page of
    megabytes line by line cost as much as mapping a tenth of its records."""
    at = ntriples.find(needle)
    while at >= 0:
        start = ntriples.rfind("\n", 0, at) + 1
        end = ntriples.find("\n", at)
        end = len(ntriples) if end < 0 else end
        yield ntriples[start:end]
        at = ntriples.find(needle, end)


def hydra_total(ntriples: str) -> int | None:
    for line in _lines_with(ntriples, f"<{HYDRA}totalItems>"):
        match = _TOTAL.search(line)
        if match:
            return int(match.group(1))
    return None


def hydra_next(ntriples: str, *page_urls: str) -> str | None:
    """The next page: hydra:next (or nextPage) of this page's view; any one if the view has
    another IRI (some portals name the view by the collection's IRI)."""
    found = [(m.group(1), m.group(2)) for line in _lines_with(ntriples, f"<{HYDRA}next")
             for m in _NEXT.finditer(line)]
    for subject, obj in found:
        if subject in page_urls:
            return obj
    return found[0][1] if found else None
