"""CSW 2.0.2 `GetRecords` harvester with ISO 19139 output (NGR, GeoNetwork, pycsw).

Pages by `startPosition`/`maxRecords` and follows `csw:SearchResults/@nextRecord` (0 = done);
servers that report an inconsistent nextRecord (GeoNetwork has been seen answering
matched=216, returned=2, nextRecord=85) are paged by what they actually returned instead.
GET (KVP) by default so pages can be conditional; `method = "post"` sends the XML request NGR's
own harvester (donlsync) uses. Each page is parsed whole with lxml, then mapped record by record.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from lxml import etree

from harvesters.base import (
    Fetcher,
    Item,
    PageDone,
    PageUnchanged,
    PageUnreadable,
    RecordError,
    Response,
    SourceSpec,
    page_key,
    url_param,
)
from harvesters.iso19139 import NS, NotADataset, record_from_iso

CSW = "http://www.opengis.net/cat/csw/2.0.2"
OWS = "http://www.opengis.net/ows"
GMD_MD = f"{{{NS['gmd']}}}MD_Metadata"
XML_TYPES = ("xml",)


class CswHarvester:
    kind: ClassVar[str] = "csw"

    def records(self, source: SourceSpec, fetch: Fetcher) -> Iterator[Item]:
        page_size = int(url_param(source.url, "maxRecords") or source.options.get("max_records", 100))
        post = str(source.options.get("method", "get")).lower() == "post"
        start = 1
        pages = 0
        while start > 0:
            pages += 1
            if pages > 100_000:
                raise PageUnreadable(f"{source.url}: meer dan 100.000 pagina's; paging loopt rond")
            if post:
                body = getrecords_xml(start, page_size, source.options.get("organisation"))
                key = f"{source.url}#start={start}"

                def request(body: bytes = body) -> Response:
                    return fetch.post(source.url, body=body, content_type="application/xml", expect=XML_TYPES)
            else:
                params = getrecords_params(start, page_size, source.options.get("organisation"))
                key = page_key(source.url, params)

                def request(params: dict[str, Any] = params) -> Response:
                    return fetch.get(source.url, params=params, accept="application/xml", expect=XML_TYPES)
            results: dict[str, int] = {}
            # A page (maxRecords records) is read whole before its records go on, so a body that
            # breaks off half-way is fetched again instead of leaving half a page written.
            page, items = fetch.read(request, lambda p, key=key, results=results: list(parse_page(p.content, key,
                                                                                                    results)))
            if page.not_modified or items is None:
                yield PageUnchanged(key, page.memo)
                start = int(page.memo.get("next", 0))
                continue
            yield from items
            if not results.get("numberOfRecordsReturned") and results.get("numberOfRecordsMatched", 0) >= start:
                raise PageUnreadable(f"{key}: lege pagina bij startPosition={start}, terwijl "
                                     f"numberOfRecordsMatched={results.get('numberOfRecordsMatched')}")
            start = next_start(start, results)
            yield PageDone(key, page.etag, page.last_modified, {"next": start})


def getrecords_params(start: int, size: int, organisation: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "service": "CSW", "version": "2.0.2", "request": "GetRecords", "typeNames": "gmd:MD_Metadata",
        "resultType": "results", "outputSchema": NS["gmd"], "elementSetName": "full",
        "startPosition": start, "maxRecords": size,
        "namespace": f"xmlns(gmd={NS['gmd']})",
    }
    if organisation:
        params["constraintLanguage"] = "CQL_TEXT"
        params["constraint"] = f"OrganisationName like '{organisation.replace(chr(39), chr(39) * 2)}'"
        params["constraint_language_version"] = "1.1.0"
    return params


def getrecords_xml(start: int, size: int, organisation: str | None) -> bytes:
    """The POST body donlsync sends to NGR, with an optional PropertyIsLike on the organisation."""
    constraint = ""
    if organisation:
        constraint = (
            '<csw:Constraint version="1.1.0"><ogc:Filter xmlns:ogc="http://www.opengis.net/ogc">'
            '<ogc:PropertyIsLike wildCard="*" singleChar="_" escapeChar="\\">'
            f"<ogc:PropertyName>OrganisationName</ogc:PropertyName><ogc:Literal>{escape(organisation)}"
            "</ogc:Literal></ogc:PropertyIsLike></ogc:Filter></csw:Constraint>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<csw:GetRecords xmlns:csw="{CSW}" service="CSW" version="2.0.2" outputFormat="application/xml" '
        f'outputSchema="{NS["gmd"]}" resultType="results" startPosition="{start}" maxRecords="{size}">'
        f'<csw:Query typeNames="csw:Record"><csw:ElementSetName>full</csw:ElementSetName>{constraint}'
        "</csw:Query></csw:GetRecords>").encode()


_PAGE_TAGS = (f"{{{CSW}}}SearchResults", f"{{{OWS}}}ExceptionReport", GMD_MD)


def parse_page(content: bytes, url: str, results: dict[str, int]) -> Iterator[Item]:
    """Yield the records of one GetRecordsResponse; fill `results` with its SearchResults counts.

    A page is parsed whole (twice as fast as iterparse, and a page is read whole anyway); a body
    that does not parse goes through `_parse_stream`, which says what was wrong as it always did."""
    try:
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        yield from _parse_stream(content, url, results)
        return
    seen_results = False
    for el in root.iter(*_PAGE_TAGS):
        if el.tag == GMD_MD:
            item = _record_or_error(el)
            if item is not None:
                yield item
        elif el.tag == _PAGE_TAGS[0]:
            seen_results = True
            _read_counts(el, results)
        else:
            raise PageUnreadable(f"{url}: CSW ExceptionReport: {_exception_text(content)}")
    if not seen_results:
        raise PageUnreadable(f"{url}: geen csw:SearchResults in het antwoord")


def _read_counts(el: etree._Element, results: dict[str, int]) -> None:
    for name in ("numberOfRecordsMatched", "numberOfRecordsReturned", "nextRecord"):
        value = el.get(name)
        if value is not None and value.strip().lstrip("-").isdigit():
            results[name] = int(value)


def _parse_stream(content: bytes, url: str, results: dict[str, int]) -> Iterator[Item]:
    """The records of a page read with iterparse, one record at a time, up to where it breaks."""
    seen_results = False
    try:
        for event, el in etree.iterparse(io.BytesIO(content), events=("start", "end"), tag=_PAGE_TAGS,
                                         resolve_entities=False, no_network=True, huge_tree=False):
            if event == "start":
                if el.tag == _PAGE_TAGS[0]:
                    seen_results = True
                    _read_counts(el, results)
                elif el.tag == _PAGE_TAGS[1]:
                    raise PageUnreadable(f"{url}: CSW ExceptionReport: {_exception_text(content)}")
                continue
            if el.tag == GMD_MD:
                item = _record_or_error(el)
                if item is not None:
                    yield item
                el.clear(keep_tail=False)
                parent = el.getparent()
                if parent is not None:
                    while el.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        raise PageUnreadable(f"{url}: XML niet te lezen (afgebroken of ongeldig): {exc}") from exc
    if not seen_results:
        raise PageUnreadable(f"{url}: geen csw:SearchResults in het antwoord")


def _record_or_error(md: etree._Element) -> Item | None:
    try:
        return record_from_iso(md)
    except NotADataset:
        return None
    except (ValueError, TypeError) as exc:
        file_id = md.findtext(f"{{{NS['gmd']}}}fileIdentifier/{{{NS['gco']}}}CharacterString")
        return RecordError(file_id, f"ISO 19139-record niet te mappen: {exc}")


def next_start(start: int, results: dict[str, int]) -> int:
    """The next startPosition, or 0 when the last page was read."""
    returned = results.get("numberOfRecordsReturned", 0)
    matched = results.get("numberOfRecordsMatched", 0)
    nxt = results.get("nextRecord", 0)
    if returned <= 0:
        return 0
    if nxt <= 0 or (matched and nxt > matched):
        return 0
    if nxt != start + returned:  # inconsistent server: trust what it returned
        nxt = start + returned
        if matched and nxt > matched:
            return 0
    return nxt


def _exception_text(content: bytes) -> str:
    try:
        root = etree.fromstring(content)
    except etree.XMLSyntaxError:
        return "(onleesbaar)"
    texts = root.xpath("//ows:ExceptionText/text()", namespaces={"ows": OWS})
    return " ".join(t.strip() for t in texts)[:500] or "(geen tekst)"
