"""Rendering simulated datasets as the three kinds of source: DCAT RDF, CKAN JSON, CSW ISO 19139.

Each renderer writes what the real software writes: DCAT-AP-NL with a Hydra view (ckanext-dcat
style), CKAN `package_search` envelopes with DONL fields, GeoNetwork-style GetRecordsResponse
with Nederlands profiel ISO 19139 records.
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from harvesters.simulated.content import EU_FT, OWMS, SimDataset

HYDRA = "http://www.w3.org/ns/hydra/core#"
PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "hydra": HYDRA, "xsd": "http://www.w3.org/2001/XMLSchema#",
    "locn": "http://www.w3.org/ns/locn#",
}
D, T, F, V = PREFIXES["dcat"], PREFIXES["dct"], PREFIXES["foaf"], PREFIXES["vcard"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
FREQ = "http://publications.europa.eu/resource/authority/frequency/"
ACCESS_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
LANG_NLD = "http://publications.europa.eu/resource/authority/language/NLD"
SYNTAX_FORMATS = {"turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
                  "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
                  "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
                  "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples")}


def _lit(value: str, lang: str | None = "nl", datatype: str | None = None) -> str:
    body = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    if datatype:
        return f'"{body}"^^<{datatype}>'
    return f'"{body}"@{lang}' if lang else f'"{body}"'


def dcat_ntriples(ds: SimDataset) -> list[str]:
    """The N-Triples of one dataset, in DCAT-AP-NL 3.0 shape."""
    s = f"<{ds.iri}>"
    lines = [f"{s} <{RDF_TYPE}> <{D}Dataset> ."]
    if not ds.malformed:
        lines.append(f"{s} <{T}title> {_lit(ds.title)} .")
        lines.append(f"{s} <{T}publisher> <{ds.publisher_iri}> .")
    lines += [
        f"{s} <{T}description> {_lit(ds.description)} .",
        f"{s} <{T}identifier> {_lit(ds.identifier, None)} .",
        f"{s} <{T}creator> <{ds.publisher_iri}> .",
        f"{s} <{T}accessRights> <{ACCESS_PUBLIC}> .",
        f"{s} <{T}language> <{LANG_NLD}> .",
        f"{s} <{T}issued> {_lit(ds.issued, None, XSD_DATE)} .",
        f"{s} <{T}modified> {_lit(ds.modified, None, XSD_DATE)} .",
        f"{s} <{T}accrualPeriodicity> <{FREQ}{ds.frequency}> .",
        f"{s} <{D}landingPage> <https://www.{ds.province.slug}.nl/data/{ds.uid}> .",
        f"<{ds.publisher_iri}> <{F}name> {_lit(ds.publisher_name)} .",
    ]
    lines += [f"{s} <{D}theme> <{t}> ." for t in ds.themes]
    lines += [f"{s} <{D}keyword> {_lit(k)} ." for k in ds.keywords]
    cp = f"_:cp{ds.index}"
    lines += [f"{s} <{D}contactPoint> {cp} .", f"{cp} <{RDF_TYPE}> <{V}Organization> .",
              f"{cp} <{V}fn> {_lit('Team Geo-informatie ' + ds.province.name)} .",
              f"{cp} <{V}hasEmail> <mailto:{ds.contact_email}> ."]
    for i, (fmt, url, media) in enumerate(ds.distributions):
        dist = f"<{ds.iri}/distributie/{i + 1}>"
        lines += [f"{s} <{D}distribution> {dist} .", f"{dist} <{RDF_TYPE}> <{D}Distribution> .",
                  f"{dist} <{D}accessURL> <{url}> .", f"{dist} <{T}format> <{EU_FT}{fmt}> .",
                  f"{dist} <{T}license> <{ds.licence}> .",
                  f"{dist} <{T}title> {_lit(ds.title + ' (' + fmt.split('_')[0] + ')')} ."]
        if media:
            lines.append(f"{dist} <{D}mediaType> <https://www.iana.org/assignments/media-types/{media}> .")
            lines.append(f"{dist} <{D}downloadURL> <{url}> .")
    return lines


def dcat_page(datasets: list[SimDataset], *, catalog: str, page_url: str, next_url: str | None,
              first_url: str, total: int, syntax: str, legacy_hydra: bool = False) -> tuple[bytes, str]:
    """One page of a Hydra-paged DCAT catalogue, serialised in `syntax`."""
    lines = [f"<{catalog}> <{RDF_TYPE}> <{D}Catalog> .",
             f"<{catalog}> <{T}title> {_lit('Open data catalogus')} ."]
    for ds in datasets:
        lines.append(f"<{catalog}> <{D}dataset> <{ds.iri}> .")
        lines.extend(dcat_ntriples(ds))
    view = f"<{page_url}>"
    if legacy_hydra:  # the pre-2014 Hydra terms some portals still serve
        lines += [f"{view} <{RDF_TYPE}> <{HYDRA}PagedCollection> .",
                  f"{view} <{HYDRA}totalItems> {_lit(str(total), None, PREFIXES['xsd'] + 'integer')} .",
                  f"{view} <{HYDRA}firstPage> <{first_url}> ."]
        if next_url:
            lines.append(f"{view} <{HYDRA}nextPage> <{next_url}> .")
    else:
        lines += [f"<{catalog}> <{HYDRA}view> {view} .",
                  f"<{catalog}> <{HYDRA}totalItems> {_lit(str(total), None, PREFIXES['xsd'] + 'integer')} .",
                  f"{view} <{RDF_TYPE}> <{HYDRA}PartialCollectionView> .", f"{view} <{HYDRA}first> <{first_url}> ."]
        if next_url:
            lines.append(f"{view} <{HYDRA}next> <{next_url}> .")
    fmt, media = SYNTAX_FORMATS[syntax]
    text = "\n".join(lines) + "\n"
    if fmt == ox.RdfFormat.N_TRIPLES:
        return text.encode(), media
    triples = ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=fmt, prefixes=PREFIXES if fmt != ox.RdfFormat.JSON_LD else None), media


def ckan_package(ds: SimDataset) -> dict:
    """A package as data.overheid.nl's CKAN (ckanext-dcatdonl) returns it."""
    pkg = {
        "id": ds.uid, "name": None if ds.malformed else f"{ds.province.slug}-{ds.uid[:8]}", "type": "dataset",
        "state": "active",
        "title": None if ds.malformed else ds.title, "notes": ds.description,
        "identifier": ds.identifier, "authority": OWMS + ds.province.owms, "publisher": OWMS + ds.province.owms,
        "organization": {"name": f"provincie-{ds.province.slug}", "title": ds.publisher_name},
        "language": ["http://publications.europa.eu/resource/authority/language/NLD"],
        "metadata_language": "http://publications.europa.eu/resource/authority/language/NLD",
        "theme": [OWMS + ds.topic.donl], "license_id": _cc_deed(ds.licence),
        "access_rights": "http://publications.europa.eu/resource/authority/access-right/PUBLIC",
        "contact_point_name": f"Team Geo-informatie {ds.province.name}", "contact_point_email": ds.contact_email,
        "url": f"https://www.{ds.province.slug}.nl/data/{ds.uid}", "issued": ds.issued + "T00:00:00",
        "modified": ds.modified + "T00:00:00", "frequency": FREQ + ds.frequency,
        "metadata_created": ds.issued + "T08:00:00", "metadata_modified": ds.modified + "T08:00:00",
        "tags": [{"name": k, "display_name": k} for k in ds.keywords],
        "spatial_scheme": ["http://standaarden.overheid.nl/owms/4.0/doc/waardelijsten/overheid.provincie"],
        "spatial_value": [OWMS + ds.province.owms],
        "resources": [{"id": f"{ds.uid[:8]}-{i}", "url": url, "name": f"{ds.title} ({fmt.split('_')[0]})",
                       "description": f"{fmt.split('_')[0]}-distributie", "format": EU_FT + fmt,
                       "mimetype": media, "license_id": _cc_deed(ds.licence), "size": 1200 + ds.index % 500}
                      for i, (fmt, url, media) in enumerate(ds.distributions)],
    }
    return pkg


def _cc_deed(licence: str) -> str:
    code = licence.rsplit("/", 1)[1]
    return {"cc0": "http://creativecommons.org/publicdomain/zero/1.0/deed.nl",
            "naamsvermelding40": "http://creativecommons.org/licenses/by/4.0/deed.nl",
            "public_domain_mark": "http://creativecommons.org/publicdomain/mark/1.0/deed.nl"}.get(code, licence)


def ckan_page(datasets: list[SimDataset], count: int) -> bytes:
    body = {"help": "package_search", "success": True,
            "result": {"count": count, "sort": "name asc", "facets": {}, "search_facets": {},
                       "results": [ckan_package(ds) for ds in datasets]}}
    return json.dumps(body, ensure_ascii=False).encode()


def _cs(value: str) -> str:
    return f"<gco:CharacterString>{escape(value)}</gco:CharacterString>"


def iso_record(ds: SimDataset) -> str:
    """A Nederlands-profiel ISO 19139 dataset record, as GeoNetwork serves it."""
    org = escape(ds.publisher_name)
    w, s, e, n = ds.bbox
    title = "" if ds.malformed else f"<gmd:title>{_cs(ds.title)}</gmd:title>"
    keywords = "".join(f"<gmd:keyword>{_cs(k)}</gmd:keyword>" for k in ds.keywords)
    party = (f"<gmd:CI_ResponsibleParty><gmd:organisationName><gmx:Anchor xlink:href=\"{ds.publisher_iri}\">{org}"
             f"</gmx:Anchor></gmd:organisationName><gmd:contactInfo><gmd:CI_Contact><gmd:address><gmd:CI_Address>"
             f"<gmd:electronicMailAddress>{_cs(ds.contact_email)}</gmd:electronicMailAddress></gmd:CI_Address>"
             f"</gmd:address></gmd:CI_Contact></gmd:contactInfo><gmd:role><gmd:CI_RoleCode "
             f"codeList=\"http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_RoleCode\" "
             f"codeListValue=\"{{role}}\"/></gmd:role></gmd:CI_ResponsibleParty>")
    online = "".join(
        f"<gmd:onLine><gmd:CI_OnlineResource><gmd:linkage><gmd:URL>{escape(url)}</gmd:URL></gmd:linkage>"
        f"<gmd:protocol>{_cs(_protocol(fmt))}"
        f"</gmd:protocol><gmd:name>{_cs(ds.title)}</gmd:name><gmd:function><gmd:CI_OnLineFunctionCode "
        f"codeList=\"http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#CI_OnLineFunctionCode\" "
        f"codeListValue=\"download\"/></gmd:function></gmd:CI_OnlineResource>"
        f"</gmd:onLine>" for fmt, url, _ in ds.distributions)
    formats = "".join(f"<gmd:distributionFormat><gmd:MD_Format><gmd:name>{_cs(fmt)}</gmd:name><gmd:version "
                      f"gco:nilReason=\"unknown\"/></gmd:MD_Format></gmd:distributionFormat>"
                      for fmt, _, _ in ds.distributions if not fmt.endswith("_SRVC"))
    return (
        "<gmd:MD_Metadata>"
        f"<gmd:fileIdentifier>{_cs(ds.uid)}</gmd:fileIdentifier>"
        "<gmd:language><gmd:LanguageCode codeList=\"http://www.loc.gov/standards/iso639-2/\" codeListValue=\"dut\"/>"
        "</gmd:language><gmd:hierarchyLevel><gmd:MD_ScopeCode codeList=\"http://standards.iso.org/iso/19139/"
        "resources/gmxCodelists.xml#MD_ScopeCode\" codeListValue=\"dataset\"/></gmd:hierarchyLevel>"
        f"<gmd:contact>{party.format(role='pointOfContact')}</gmd:contact>"
        f"<gmd:dateStamp><gco:Date>{ds.modified}</gco:Date></gmd:dateStamp>"
        "<gmd:metadataStandardName>" + _cs("ISO 19115") + "</gmd:metadataStandardName>"
        "<gmd:metadataStandardVersion>" + _cs("Nederlands metadata profiel op ISO 19115 voor geografie 2.1.0")
        + "</gmd:metadataStandardVersion>"
        "<gmd:identificationInfo><gmd:MD_DataIdentification><gmd:citation><gmd:CI_Citation>"
        f"{title}"
        f"<gmd:date><gmd:CI_Date><gmd:date><gco:Date>{ds.issued}</gco:Date></gmd:date><gmd:dateType>"
        "<gmd:CI_DateTypeCode codeList=\"http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#"
        "CI_DateTypeCode\" codeListValue=\"publication\"/></gmd:dateType></gmd:CI_Date></gmd:date>"
        f"<gmd:date><gmd:CI_Date><gmd:date><gco:Date>{ds.modified}</gco:Date></gmd:date><gmd:dateType>"
        "<gmd:CI_DateTypeCode codeList=\"http://standards.iso.org/iso/19139/resources/gmxCodelists.xml#"
        "CI_DateTypeCode\" codeListValue=\"revision\"/></gmd:dateType></gmd:CI_Date></gmd:date>"
        f"<gmd:identifier><gmd:MD_Identifier><gmd:code>{_cs(ds.uid)}</gmd:code></gmd:MD_Identifier>"
        "</gmd:identifier></gmd:CI_Citation></gmd:citation>"
        f"<gmd:abstract>{_cs(ds.description)}</gmd:abstract>"
        f"<gmd:pointOfContact>{party.format(role='publisher')}</gmd:pointOfContact>"
        f"<gmd:pointOfContact>{party.format(role='pointOfContact')}</gmd:pointOfContact>"
        f"<gmd:descriptiveKeywords><gmd:MD_Keywords>{keywords}</gmd:MD_Keywords></gmd:descriptiveKeywords>"
        "<gmd:resourceConstraints><gmd:MD_LegalConstraints><gmd:otherConstraints><gmx:Anchor xlink:href="
        "\"http://inspire.ec.europa.eu/metadata-codelist/LimitationsOnPublicAccess/noLimitations\">Geen beperkingen"
        "</gmx:Anchor></gmd:otherConstraints><gmd:otherConstraints>"
        f"<gmx:Anchor xlink:href={quoteattr(ds.licence)}>{escape(ds.licence.rsplit('/', 1)[1])}</gmx:Anchor>"
        "</gmd:otherConstraints></gmd:MD_LegalConstraints></gmd:resourceConstraints>"
        "<gmd:language><gmd:LanguageCode codeList=\"http://www.loc.gov/standards/iso639-2/\" codeListValue=\"dut\"/>"
        f"</gmd:language><gmd:topicCategory><gmd:MD_TopicCategoryCode>{ds.topic.iso_topic}"
        "</gmd:MD_TopicCategoryCode></gmd:topicCategory>"
        "<gmd:extent><gmd:EX_Extent><gmd:geographicElement><gmd:EX_GeographicBoundingBox>"
        f"<gmd:westBoundLongitude><gco:Decimal>{w}</gco:Decimal></gmd:westBoundLongitude>"
        f"<gmd:eastBoundLongitude><gco:Decimal>{e}</gco:Decimal></gmd:eastBoundLongitude>"
        f"<gmd:southBoundLatitude><gco:Decimal>{s}</gco:Decimal></gmd:southBoundLatitude>"
        f"<gmd:northBoundLatitude><gco:Decimal>{n}</gco:Decimal></gmd:northBoundLatitude>"
        "</gmd:EX_GeographicBoundingBox></gmd:geographicElement></gmd:EX_Extent></gmd:extent>"
        "</gmd:MD_DataIdentification></gmd:identificationInfo>"
        f"<gmd:distributionInfo><gmd:MD_Distribution>{formats}<gmd:transferOptions><gmd:MD_DigitalTransferOptions>"
        f"{online}</gmd:MD_DigitalTransferOptions></gmd:transferOptions></gmd:MD_Distribution></gmd:distributionInfo>"
        "</gmd:MD_Metadata>"
    )


def _protocol(fmt: str) -> str:
    return "OGC:" + fmt.split("_")[0] if fmt.endswith("_SRVC") else "WWW:DOWNLOAD-1.0-http--download"


def csw_page(datasets: list[SimDataset], *, matched: int, start: int) -> bytes:
    returned = len(datasets)
    nxt = start + returned if start + returned <= matched and returned else 0
    records = "".join(iso_record(ds) for ds in datasets)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<csw:GetRecordsResponse xmlns:csw="http://www.opengis.net/cat/csw/2.0.2" '
        'xmlns:gmd="http://www.isotc211.org/2005/gmd" xmlns:gco="http://www.isotc211.org/2005/gco" '
        'xmlns:gmx="http://www.isotc211.org/2005/gmx" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<csw:SearchStatus timestamp="2026-01-01T00:00:00Z"/>'
        f'<csw:SearchResults numberOfRecordsMatched="{matched}" numberOfRecordsReturned="{returned}" '
        f'elementSet="full" nextRecord="{nxt}">{records}</csw:SearchResults></csw:GetRecordsResponse>'
    ).encode()
