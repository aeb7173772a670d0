"""The harvest child's fast paths give what the slower ways gave: a CSW page parsed whole with
iterparse behind it, JSON-LD written in Rust with the quad-by-quad way behind it."""

from __future__ import annotations

import pytest

from app.services.rdf.formats import ntriples_of_bytes
from harvesters import ckan, csw
from harvesters.base import PageUnreadable
from harvesters.simulated.content import dataset
from harvesters.simulated.render import csw_page


def test_ckan_keeps_integers_past_64_bits() -> None:
    """Why CKAN pages are not decoded by orjson (≈5 µs a record faster): it reads an integer past
    64 bits as a float, so a byte size or id would change."""
    body = b'{"result": {"count": 1, "results": [{"id": 1, "size": 123456789012345678901234567890}]}}'
    assert ckan.parse_page(body, "u")[0][0]["size"] == 123456789012345678901234567890


def _page(n: int = 5) -> bytes:
    return csw_page([dataset(42, "pv22", i, 0) for i in range(n)], matched=n, start=1)


def test_csw_page_whole_equals_streamed() -> None:
    whole: dict[str, int] = {}
    streamed: dict[str, int] = {}
    records = list(csw.parse_page(_page(), "u", whole))
    assert [r.model_dump() for r in records] == [r.model_dump() for r in csw._parse_stream(_page(), "u", streamed)]
    assert whole == streamed and len(records) == 5


def test_csw_truncated_page_says_what_it_said() -> None:
    page = _page()
    with pytest.raises(PageUnreadable, match="XML niet te lezen"):
        list(csw.parse_page(page[: len(page) // 2], "u", {}))


def test_csw_exception_report() -> None:
    report = (b'<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows" version="1.0.0"><ows:Exception>'
              b"<ows:ExceptionText>kapot</ows:ExceptionText></ows:Exception></ows:ExceptionReport>")
    for body in (report, report[:-30]):  # whole, and cut short after the report began
        with pytest.raises(PageUnreadable, match="ExceptionReport"):
            list(csw.parse_page(body, "u", {}))


def test_json_ld_named_graphs_still_flattened() -> None:
    doc = (b'{"@id": "http://a/b", "http://p/q": "x", '
           b'"@graph": [{"@id": "http://c", "http://p/q": {"@id": "http://d"}}]}')
    assert ntriples_of_bytes(doc, "application/ld+json").splitlines() == [
        '<http://a/b> <http://p/q> "x" .', "<http://c> <http://p/q> <http://d> ."]


def test_json_ld_default_graph() -> None:
    doc = b'{"@id": "http://a/b", "http://p/q": [{"@value": "x", "@language": "nl"}, {"@id": "_:n"}]}'
    lines = ntriples_of_bytes(doc, "application/ld+json").splitlines()
    assert lines[0] == '<http://a/b> <http://p/q> "x"@nl .' and lines[1].startswith("<http://a/b> <http://p/q> _:")
