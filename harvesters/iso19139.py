"""ISO 19139 (gmd:MD_Metadata, Nederlands profiel 2.x) → DatasetRecord, following GeoDCAT-AP.

The rules are those of STANDARDS.md §2 (SEMICeu iso-19139-to-dcat-ap `Mappings.md`), done with
plain lxml instead of the XSLT: one function per DCAT property group, each reading the element
tree of one record. Real records vary (gmd as default namespace, gmx:Anchor instead of
gco:CharacterString, relative codeList URLs), so every value goes through `_text`.

Each element the mapping reads has its children sorted by tag once (`_Kids`), and each path step
is a dict lookup: one XPath evaluation costs about as much as a pass over an element's children,
and a record needed some sixty of them (two thirds of the CSW harvest's CPU). A `.//` step is
one `iter()` over the subtree, in document order as XPath gives it.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from app.models.records import DatasetRecord
from harvesters import codelists

NS = {
    "gmd": "http://www.isotc211.org/2005/gmd",
    "gco": "http://www.isotc211.org/2005/gco",
    "gmx": "http://www.isotc211.org/2005/gmx",
    "srv": "http://www.isotc211.org/2005/srv",
    "xlink": "http://www.w3.org/1999/xlink",
    "gml": "http://www.opengis.net/gml",
    "gml32": "http://www.opengis.net/gml/3.2",
}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
EU_FREQ = "http://publications.europa.eu/resource/authority/frequency/"
FREQUENCIES = {
    "continual": "CONT", "daily": "DAILY", "weekly": "WEEKLY", "fortnightly": "BIWEEKLY",
    "monthly": "MONTHLY", "quarterly": "QUARTERLY", "biannually": "ANNUAL_2", "annually": "ANNUAL",
    "asNeeded": "IRREG", "irregular": "IRREG", "notPlanned": "NEVER", "unknown": "UNKNOWN",
}
PUBLIC_ACCESS = ("nolimitations", "geen beperkingen", "geen beperking")
SERVICE_PROTOCOLS = ("OGC:", "ESRI:", "INSPIRE ATOM", "ATOM")


class NotADataset(Exception):
    """A service or other non-dataset record: harvested elsewhere, not an error."""


def _ns(prefix: str, local: str) -> str:
    return f"{{{NS[prefix]}}}{local}"


GMD = {local: _ns("gmd", local) for local in (
    "hierarchyLevel", "MD_ScopeCode", "identificationInfo", "citation", "CI_Citation", "fileIdentifier",
    "identifier", "code", "title", "contact", "CI_ResponsibleParty", "pointOfContact", "dateStamp", "abstract",
    "edition", "date", "CI_Date", "dateType", "CI_DateTypeCode", "role", "CI_RoleCode", "organisationName",
    "individualName", "electronicMailAddress", "onlineResource", "CI_OnlineResource", "linkage", "URL",
    "descriptiveKeywords", "MD_Keywords", "thesaurusName", "keyword", "topicCategory", "MD_TopicCategoryCode",
    "resourceConstraints", "otherConstraints", "useLimitation", "distributionFormat", "MD_Format", "name",
    "distributionInfo", "onLine", "protocol", "function", "CI_OnLineFunctionCode", "description",
    "EX_GeographicBoundingBox", "westBoundLongitude", "eastBoundLongitude", "southBoundLatitude",
    "northBoundLatitude", "dataQualityInfo", "DQ_ConformanceResult", "specification", "resourceMaintenance",
    "maintenanceAndUpdateFrequency", "language",
)}
TIME_PERIODS = (_ns("gml", "TimePeriod"), _ns("gml32", "TimePeriod"))
BEGIN = {TIME_PERIODS[0]: _ns("gml", "beginPosition"), TIME_PERIODS[1]: _ns("gml32", "beginPosition")}
END = {TIME_PERIODS[0]: _ns("gml", "endPosition"), TIME_PERIODS[1]: _ns("gml32", "endPosition")}
BBOX_SIDES = tuple(GMD[side] for side in (
    "westBoundLongitude", "eastBoundLongitude", "southBoundLatitude", "northBoundLatitude"))
_NONE: tuple[etree._Element, ...] = ()

Element = etree._Element
# Comments, PIs and (unresolved) entity references sit among the children too. Telling them by
# class is several times cheaper than by `.tag`, which lxml builds as a new "{ns}local" string.
_NOT_ELEMENTS = (etree._Comment, etree._ProcessingInstruction, etree._Entity)


class _Kids:
    """An element's child elements by tag, in document order: one pass over the children serves
    every lookup below it. (Comments and PIs sit under their own non-string keys, out of the way.)"""

    __slots__ = ("by_tag",)

    def __init__(self, el: Element) -> None:
        by_tag: dict[str, list[Element]] = {}
        for child in el:
            tag = child.tag  # read once: lxml builds the string anew on every read
            found = by_tag.get(tag)
            if found is None:
                by_tag[tag] = [child]
            else:
                found.append(child)
        self.by_tag = by_tag

    def all(self, tag: str) -> list[Element] | tuple[Element, ...]:
        return self.by_tag.get(tag, _NONE)

    def first(self, tag: str) -> Element | None:
        found = self.by_tag.get(tag)
        return found[0] if found else None


def _elements(el: Element) -> list[Element]:
    """`el/*`: the child elements, without comments, PIs and entity references."""
    return [child for child in el if not isinstance(child, _NOT_ELEMENTS)]


def _child(el: Element | None, tag: str) -> Element | None:
    """The first child `tag` of el (one step of a path, where an element is read only once)."""
    if el is None:
        return None
    for child in el:
        if child.tag == tag:
            return child
    return None


def _children(parents: list[Element] | tuple[Element, ...], tag: str) -> list[Element]:
    """`parent/tag` for every parent, in document order."""
    return [child for parent in parents for child in parent if child.tag == tag]


def _first_child(parents: list[Element] | tuple[Element, ...], tag: str) -> Element | None:
    for parent in parents:
        for child in parent:
            if child.tag == tag:
                return child
    return None


def _text(el: Element | None) -> str | None:
    """Text of a gco:CharacterString / gmx:Anchor / gco:Date… child (or of el itself)."""
    if el is None:
        return None
    for child in el:
        text = child.text
        if text and not isinstance(child, _NOT_ELEMENTS):
            stripped = text.strip()
            if stripped:
                return " ".join(text.split()) if "\n" in text else stripped
    text = (el.text or "").strip()
    return text or None


def _href(el: Element | None) -> str | None:
    """The IRI an element carries: gmx:Anchor/@xlink:href, or its own @xlink:href."""
    if el is None:
        return None
    for node in (*el, el):
        if not isinstance(node, _NOT_ELEMENTS):
            href = node.get(XLINK_HREF)
            if href and href.strip().startswith(("http://", "https://")):
                return href.strip()
    return None


def _code(el: Element | None) -> str | None:
    if el is None:
        return None
    return el.get("codeListValue") or (el.text or "").strip() or None


def record_from_iso(md: Element) -> DatasetRecord:
    """Map one gmd:MD_Metadata element. Raises NotADataset for services, ValueError when empty."""
    top = _Kids(md)
    level = _code(_first_child(top.all(GMD["hierarchyLevel"]), GMD["MD_ScopeCode"]))
    if level and level not in ("dataset", "series", "nonGeographicDataset"):
        raise NotADataset(level)
    ident = next((k for info in top.all(GMD["identificationInfo"]) for k in _elements(info)[:1]), None)
    if ident is None:
        raise ValueError("geen gmd:identificationInfo")
    kids = _Kids(ident)
    citation_el = _first_child(kids.all(GMD["citation"]), GMD["CI_Citation"])
    citation = _Kids(citation_el) if citation_el is not None else None
    file_id = _text(top.first(GMD["fileIdentifier"]))
    code_el = _identifier_code(citation) if citation is not None else None
    identifier = _href(code_el) or _text(code_el) or file_id
    title = _text(citation.first(GMD["title"])) if citation is not None else None
    if not identifier:
        raise ValueError("geen identifier (gmd:identifier/code of fileIdentifier)")
    if not title:
        raise ValueError("geen titel (gmd:citation/gmd:title)")
    issued, modified = _dates(citation)
    parties = _parties(_children(kids.all(GMD["pointOfContact"]), GMD["CI_ResponsibleParty"])) \
        + _parties(_children(top.all(GMD["contact"]), GMD["CI_ResponsibleParty"]))
    publisher_party = _party(parties, ("publisher", "owner", "custodian", "distributor", "pointOfContact",
                                       "originator", "author"))
    creator_party = _party(parties, ("author", "originator", "owner"))
    contact = _party(parties, ("pointOfContact", "custodian", "distributor", "publisher", "owner"))
    publisher = _agent(publisher_party) if publisher_party else None
    creator = (publisher if creator_party is publisher_party else _agent(creator_party)) if creator_party else None
    themes, keywords = _keywords(kids)
    for topic in _children(kids.all(GMD["topicCategory"]), GMD["MD_TopicCategoryCode"]):
        themes.extend(codelists.eu_themes_for_topic((topic.text or "").strip()))
    licence, access_rights = _constraints(kids)
    distributions, pages = _online(md, top, licence)
    boxes, start, end = _extents(ident)
    frequency = _code(_frequency(kids))
    languages = [codelists.language(_code(el) or _text(el))
                 for lang in kids.all(GMD["language"]) for el in _elements(lang)]
    # One validation of the whole record (nested dicts), not one per nested model.
    return DatasetRecord.model_validate({
        "iri": identifier if identifier.startswith(("http://", "https://")) else None,
        "identifier": identifier,
        "title": title,
        "description": _text(kids.first(GMD["abstract"])),
        "publisher": publisher[0] if publisher else None,
        "publisher_name": publisher[1] if publisher else None,
        "creator": creator[0] if creator else None,
        "creator_name": creator[1] if creator else None,
        "themes": list(dict.fromkeys(themes)),
        "keywords": list(dict.fromkeys(keywords)),
        "spatial": boxes,
        "languages": [lang for lang in dict.fromkeys(languages) if lang],
        "conforms_to": _conforms_to(top),
        "pages": pages,
        "access_rights": access_rights,
        "contact_point": _contact(contact) if contact else None,
        "issued": issued,
        "modified": modified or _text(top.first(GMD["dateStamp"])),
        "temporal": {"start": start, "end": end} if (start or end) else None,
        "accrual_periodicity": EU_FREQ + FREQUENCIES[frequency] if frequency in FREQUENCIES else None,
        "version": _text(citation.first(GMD["edition"])) if citation is not None else None,
        "distributions": distributions,
    })


def _identifier_code(citation: _Kids) -> Element | None:
    """`gmd:identifier/*/gmd:code`: the code of an MD_Identifier or RS_Identifier."""
    for identifier in citation.all(GMD["identifier"]):
        for kind in identifier:
            if not isinstance(kind, _NOT_ELEMENTS):
                code = _child(kind, GMD["code"])
                if code is not None:
                    return code
    return None


def _frequency(kids: _Kids) -> Element | None:
    """`gmd:resourceMaintenance/*/gmd:maintenanceAndUpdateFrequency/*` (the first)."""
    for maintenance in kids.all(GMD["resourceMaintenance"]):
        for info in _elements(maintenance):
            for frequency in _Kids(info).all(GMD["maintenanceAndUpdateFrequency"]):
                value = _elements(frequency)
                if value:
                    return value[0]
    return None


def _dates(citation: _Kids | None) -> tuple[str | None, str | None]:
    found: dict[str, str] = {}
    if citation is None:
        return None, None
    for ci_date in _children(citation.all(GMD["date"]), GMD["CI_Date"]):
        parts = _Kids(ci_date)
        kind = _code(_first_child(parts.all(GMD["dateType"]), GMD["CI_DateTypeCode"]))
        value = _text(parts.first(GMD["date"]))
        if kind and value:
            found.setdefault(kind, value)
    return found.get("publication") or found.get("creation"), found.get("revision")


Party = tuple[Element, Element | None, str]  # (CI_ResponsibleParty, organisationName, name)


def _parties(responsible: list[Element]) -> list[tuple[str, Party]]:
    """The named parties by role. Only their role and name are read here: the rest (IRI, e-mail,
    URL) only for the two or three a role picks (`_agent`, `_contact`)."""
    out = []
    for rp in responsible:
        kids = _Kids(rp)
        role = _code(_first_child(kids.all(GMD["role"]), GMD["CI_RoleCode"])) or ""
        org_el = kids.first(GMD["organisationName"])
        name = _text(org_el) or _text(kids.first(GMD["individualName"]))
        if name:
            out.append((role, (rp, org_el, name)))
    return out


def _agent(party: Party) -> tuple[str, str]:
    """(reference, name): the organisation's IRI (gmx:Anchor) or else its name."""
    _, org_el, name = party
    return _href(org_el) or name, name


def _contact(party: Party) -> dict[str, str | None]:
    rp, _, name = party
    email_el = None
    resources = []
    for el in rp.iter(GMD["electronicMailAddress"], GMD["onlineResource"]):  # one walk for both
        if el.tag == GMD["onlineResource"]:
            resources.append(el)
        elif email_el is None:
            email_el = el
    url = None
    if resources:
        url = _text(_resource_url(resources)) or _text(next((u for r in resources for u in r.iter(GMD["URL"])),
                                                            None))
    return {"name": name, "email": _text(email_el), "url": url}


def _resource_url(resources: list[Element]) -> Element | None:
    """`.//gmd:onlineResource/gmd:CI_OnlineResource/gmd:linkage/gmd:URL` (the first)."""
    for resource in resources:
        for online in resource:
            if online.tag == GMD["CI_OnlineResource"]:
                for linkage in online:
                    if linkage.tag == GMD["linkage"]:
                        url = _child(linkage, GMD["URL"])
                        if url is not None:
                            return url
    return None


def _party(parties: list[tuple[str, Party]], roles: tuple[str, ...]) -> Party | None:
    for role in roles:
        for found_role, party in parties:
            if found_role == role:
                return party
    return None


def _keywords(ident: _Kids) -> tuple[list[str], list[str]]:
    """Keywords from a thesaurus become themes when they carry an IRI; all text stays a keyword."""
    themes: list[str] = []
    keywords: list[str] = []
    for block in _children(ident.all(GMD["descriptiveKeywords"]), GMD["MD_Keywords"]):
        kids = _Kids(block)
        has_thesaurus = bool(kids.all(GMD["thesaurusName"]))
        for kw in kids.all(GMD["keyword"]):
            href = _href(kw) if has_thesaurus else None  # an IRI counts only from a thesaurus
            text = _text(kw)
            if href:
                themes.append(href)
                themes.extend(codelists.eu_themes_for_donl(href))
            if text:
                keywords.append(text)
    return themes, keywords


def _constraints(ident: _Kids) -> tuple[str | None, str | None]:
    licence = access = None
    wanted = (GMD["otherConstraints"], GMD["useLimitation"])
    for constraints in ident.all(GMD["resourceConstraints"]):
        for cons in _elements(constraints):
            for el in cons:
                if el.tag not in wanted:
                    continue
                public, candidate = _constraint(_href(el), _text(el) or "")
                if public:
                    access = access or codelists.EU_ACCESS + "PUBLIC"
                if candidate and licence is None:
                    licence = candidate
    return licence, access


@lru_cache(maxsize=4096)
def _constraint(href: str | None, text: str) -> tuple[bool, str | None]:
    """(says public access, licence) of one constraint; cached, as a source repeats its few."""
    low = (href or "").lower() + " " + text.lower()
    if "limitationsonpublicaccess" in low or any(p in low for p in PUBLIC_ACCESS):
        return any(p in low for p in PUBLIC_ACCESS), None
    if "conditionsapplyingtoaccessanduse" in low:
        return False, None  # INSPIRE's "no conditions" is not a licence
    candidate = codelists.licence(href) if href else None
    return False, candidate or codelists.licence(text) or _licence_in_text(text)


def _licence_in_text(text: str) -> str | None:
    for word in text.replace("(", " ").replace(")", " ").split():
        if "creativecommons.org" in word:
            return codelists.licence(word)
    return None


def _online(md: Element, top: _Kids, licence: str | None) -> tuple[list[dict], list[str]]:
    """Distributions (DistributionRecord fields, validated with the record) and pages."""
    formats = [_text(_child(f, GMD["name"]))
               for f in _children(list(md.iter(GMD["distributionFormat"])), GMD["MD_Format"])]
    fallback_format = next((found for f in formats if f and (found := codelists.file_type(f))), None)
    distributions: list[dict] = []
    pages: list[str] = []
    online = [on for info in top.all(GMD["distributionInfo"]) for on in info.iter(GMD["onLine"])]
    for res in _children(online, GMD["CI_OnlineResource"]):
        kids = _Kids(res)
        url = _text(_first_child(kids.all(GMD["linkage"]), GMD["URL"])) or _text(kids.first(GMD["linkage"]))
        if not url:
            continue
        protocol = _text(kids.first(GMD["protocol"])) or ""
        upper = protocol.upper()
        function = _code(_first_child(kids.all(GMD["function"]), GMD["CI_OnLineFunctionCode"])) or ""
        if function in ("information", "search") or upper.startswith("WWW:LINK") and function != "download":
            pages.append(url)
            continue
        is_service = upper.startswith(SERVICE_PROTOCOLS)
        distributions.append({
            "access_url": url,
            "download_url": url if function == "download" or "DOWNLOAD" in upper else None,
            "format": codelists.file_type(protocol) or (None if is_service else fallback_format),
            "license": licence,
            "title": _text(kids.first(GMD["name"])),
            "description": _text(kids.first(GMD["description"])),
        })
    return distributions, list(dict.fromkeys(pages))


def _extents(ident: Element) -> tuple[list[str], str | None, str | None]:
    """Bounding boxes as GeoDCAT-AP WKT polygons (lon/lat, CRS84), and the first time period's
    begin and end (gml or gml 3.2): one walk over the identification's subtree for both."""
    boxes: list[str] = []
    starts: list[Element] = []
    ends: list[Element] = []
    for el in ident.iter(GMD["EX_GeographicBoundingBox"], *TIME_PERIODS):
        tag = el.tag
        if tag == GMD["EX_GeographicBoundingBox"]:
            box = _bbox(el)
            if box:
                boxes.append(box)
        else:
            starts += [child for child in el if child.tag == BEGIN[tag]]
            ends += [child for child in el if child.tag == END[tag]]
    return boxes, _text(starts[0]) if starts else None, _text(ends[0]) if ends else None


def _bbox(box: Element) -> str | None:
    kids = _Kids(box)
    return _polygon(*(_text(kids.first(side)) for side in BBOX_SIDES))


@lru_cache(maxsize=1024)
def _polygon(west: str | None, east: str | None, south: str | None, north: str | None) -> str | None:
    """The WKT of a box; cached, as a source gives the same few boxes record after record."""
    try:
        w, e, s, n = (float(side or "x") for side in (west, east, south, north))
    except ValueError:
        return None
    return f"POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s}))"


def _conforms_to(top: _Kids) -> list[str]:
    out = []
    for quality in top.all(GMD["dataQualityInfo"]):
        for result in quality.iter(GMD["DQ_ConformanceResult"]):
            for spec in _children(_children([result], GMD["specification"]), GMD["CI_Citation"]):
                href = _href(_child(spec, GMD["title"]))
                if href:
                    out.append(href)
    return list(dict.fromkeys(out))
