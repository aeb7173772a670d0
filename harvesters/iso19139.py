"""ISO 19139 (gmd:MD_Metadata, Nederlands profiel 2.x) → DatasetRecord, following GeoDCAT-AP.

The rules are those of STANDARDS.md §2 (SEMICeu iso-19139-to-dcat-ap `Mappings.md`), done with
plain lxml lookups instead of the XSLT: one function per DCAT property group, each reading the
element tree of one record. Real records vary (gmd as default namespace, gmx:Anchor instead of
gco:CharacterString, relative codeList URLs), so every lookup goes through `_text`.
"""

from __future__ import annotations

from lxml import etree

from app.models.records import ContactPointRecord, DatasetRecord, DistributionRecord, Temporal
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


_COMPILED: dict[str, etree.XPath] = {}


def _x(el: etree._Element, path: str) -> list[etree._Element]:
    """XPath lookup with the expression compiled once (compiling dominated the mapping's time)."""
    xp = _COMPILED.get(path)
    if xp is None:
        xp = _COMPILED[path] = etree.XPath(path, namespaces=NS)
    return xp(el)


def _text(el: etree._Element | None) -> str | None:
    """Text of a gco:CharacterString / gmx:Anchor / gco:Date… child (or of el itself)."""
    if el is None:
        return None
    for child in el:
        if isinstance(child.tag, str) and child.text and child.text.strip():
            return " ".join(child.text.split()) if "\n" in child.text else child.text.strip()
    text = (el.text or "").strip()
    return text or None


def _href(el: etree._Element | None) -> str | None:
    """The IRI an element carries: gmx:Anchor/@xlink:href, or its own @xlink:href."""
    if el is None:
        return None
    for node in (*el, el):
        if isinstance(node.tag, str):
            href = node.get(XLINK_HREF)
            if href and href.strip().startswith(("http://", "https://")):
                return href.strip()
    return None


def _first(el: etree._Element, path: str) -> etree._Element | None:
    found = _x(el, path)
    return found[0] if found else None


def _code(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    return el.get("codeListValue") or (el.text or "").strip() or None


def record_from_iso(md: etree._Element) -> DatasetRecord:
    """Map one gmd:MD_Metadata element. Raises NotADataset for services, ValueError when empty."""
    level = _code(_first(md, "gmd:hierarchyLevel/gmd:MD_ScopeCode"))
    if level and level not in ("dataset", "series", "nonGeographicDataset"):
        raise NotADataset(level)
    ident = _first(md, "gmd:identificationInfo/*[1]")
    if ident is None:
        raise ValueError("geen gmd:identificationInfo")
    citation = _first(ident, "gmd:citation/gmd:CI_Citation")
    file_id = _text(_first(md, "gmd:fileIdentifier"))
    code_el = _first(citation, "gmd:identifier/*/gmd:code") if citation is not None else None
    identifier = _href(code_el) or _text(code_el) or file_id
    title = _text(_first(citation, "gmd:title")) if citation is not None else None
    if not identifier:
        raise ValueError("geen identifier (gmd:identifier/code of fileIdentifier)")
    if not title:
        raise ValueError("geen titel (gmd:citation/gmd:title)")
    issued, modified = _dates(citation)
    parties = _parties(ident) + _parties(md, "gmd:contact/gmd:CI_ResponsibleParty")
    publisher = _party(parties, ("publisher", "owner", "custodian", "distributor", "pointOfContact",
                                 "originator", "author"))
    creator = _party(parties, ("author", "originator", "owner"))
    contact = _party(parties, ("pointOfContact", "custodian", "distributor", "publisher", "owner"))
    themes, keywords = _keywords(ident)
    for topic in _x(ident, "gmd:topicCategory/gmd:MD_TopicCategoryCode"):
        themes.extend(codelists.eu_themes_for_topic((topic.text or "").strip()))
    licence, access_rights = _constraints(ident)
    distributions, pages = _online(md, licence)
    start = _text(_first(ident, ".//gml:TimePeriod/gml:beginPosition | .//gml32:TimePeriod/gml32:beginPosition"))
    end = _text(_first(ident, ".//gml:TimePeriod/gml:endPosition | .//gml32:TimePeriod/gml32:endPosition"))
    frequency = _code(_first(ident, "gmd:resourceMaintenance/*/gmd:maintenanceAndUpdateFrequency/*"))
    languages = [codelists.language(_code(el) or _text(el)) for el in _x(ident, "gmd:language/*")]
    return DatasetRecord(
        iri=identifier if identifier.startswith(("http://", "https://")) else None,
        identifier=identifier,
        title=title,
        description=_text(_first(ident, "gmd:abstract")),
        publisher=publisher[0] if publisher else None,
        publisher_name=publisher[1] if publisher else None,
        creator=creator[0] if creator else None,
        creator_name=creator[1] if creator else None,
        themes=list(dict.fromkeys(themes)),
        keywords=list(dict.fromkeys(keywords)),
        spatial=_bbox(ident),
        languages=[lang for lang in dict.fromkeys(languages) if lang],
        conforms_to=_conforms_to(md),
        pages=pages,
        access_rights=access_rights,
        contact_point=contact[2] if contact else None,
        issued=issued,
        modified=modified or _text(_first(md, "gmd:dateStamp")),
        temporal=Temporal(start=start, end=end) if (start or end) else None,
        accrual_periodicity=EU_FREQ + FREQUENCIES[frequency] if frequency in FREQUENCIES else None,
        version=_text(_first(citation, "gmd:edition")) if citation is not None else None,
        distributions=distributions,
    )


def _dates(citation: etree._Element | None) -> tuple[str | None, str | None]:
    found: dict[str, str] = {}
    if citation is None:
        return None, None
    for ci_date in _x(citation, "gmd:date/gmd:CI_Date"):
        kind = _code(_first(ci_date, "gmd:dateType/gmd:CI_DateTypeCode"))
        value = _text(_first(ci_date, "gmd:date"))
        if kind and value:
            found.setdefault(kind, value)
    return found.get("publication") or found.get("creation"), found.get("revision")


Party = tuple[str, str, ContactPointRecord]  # (reference, name, contact)


def _parties(el: etree._Element, path: str = "gmd:pointOfContact/gmd:CI_ResponsibleParty"
             ) -> list[tuple[str, Party]]:
    out = []
    for rp in _x(el, path):
        role = _code(_first(rp, "gmd:role/gmd:CI_RoleCode")) or ""
        org_el = _first(rp, "gmd:organisationName")
        name = _text(org_el) or _text(_first(rp, "gmd:individualName"))
        if not name:
            continue
        email = _text(_first(rp, ".//gmd:electronicMailAddress"))
        url = _text(_first(rp, ".//gmd:onlineResource/gmd:CI_OnlineResource/gmd:linkage/gmd:URL")) \
            or _text(_first(rp, ".//gmd:onlineResource//gmd:URL"))
        out.append((role, (_href(org_el) or name, name, ContactPointRecord(name=name, email=email, url=url))))
    return out


def _party(parties: list[tuple[str, Party]], roles: tuple[str, ...]) -> Party | None:
    for role in roles:
        for found_role, party in parties:
            if found_role == role:
                return party
    return None


def _keywords(ident: etree._Element) -> tuple[list[str], list[str]]:
    """Keywords from a thesaurus become themes when they carry an IRI; all text stays a keyword."""
    themes: list[str] = []
    keywords: list[str] = []
    for block in _x(ident, "gmd:descriptiveKeywords/gmd:MD_Keywords"):
        has_thesaurus = bool(_x(block, "gmd:thesaurusName"))
        for kw in _x(block, "gmd:keyword"):
            href, text = _href(kw), _text(kw)
            if has_thesaurus and href:
                themes.append(href)
                themes.extend(codelists.eu_themes_for_donl(href))
            if text:
                keywords.append(text)
    return themes, keywords


def _constraints(ident: etree._Element) -> tuple[str | None, str | None]:
    licence = access = None
    for cons in _x(ident, "gmd:resourceConstraints/*"):
        for el in _x(cons, "gmd:otherConstraints | gmd:useLimitation"):
            href, text = _href(el), _text(el) or ""
            low = (href or "").lower() + " " + text.lower()
            if "limitationsonpublicaccess" in low or any(p in low for p in PUBLIC_ACCESS):
                if any(p in low for p in PUBLIC_ACCESS):
                    access = access or codelists.EU_ACCESS + "PUBLIC"
                continue
            if "conditionsapplyingtoaccessanduse" in low:
                continue  # INSPIRE's "no conditions" is not a licence
            candidate = codelists.licence(href) if href else None
            candidate = candidate or codelists.licence(text) or _licence_in_text(text)
            if candidate and licence is None:
                licence = candidate
    return licence, access


def _licence_in_text(text: str) -> str | None:
    for word in text.replace("(", " ").replace(")", " ").split():
        if "creativecommons.org" in word:
            return codelists.licence(word)
    return None


def _online(md: etree._Element, licence: str | None) -> tuple[list[DistributionRecord], list[str]]:
    formats = [_text(_first(f, "gmd:name")) for f in _x(md, ".//gmd:distributionFormat/gmd:MD_Format")]
    fallback_format = next((codelists.file_type(f) for f in formats if f and codelists.file_type(f)), None)
    distributions: list[DistributionRecord] = []
    pages: list[str] = []
    for res in _x(md, "gmd:distributionInfo//gmd:onLine/gmd:CI_OnlineResource"):
        url = _text(_first(res, "gmd:linkage/gmd:URL")) or _text(_first(res, "gmd:linkage"))
        if not url:
            continue
        protocol = _text(_first(res, "gmd:protocol")) or ""
        function = _code(_first(res, "gmd:function/gmd:CI_OnLineFunctionCode")) or ""
        if function in ("information", "search") or protocol.upper().startswith("WWW:LINK") \
                and function != "download":
            pages.append(url)
            continue
        is_service = protocol.upper().startswith(SERVICE_PROTOCOLS)
        distributions.append(DistributionRecord(
            access_url=url,
            download_url=url if function == "download" or "DOWNLOAD" in protocol.upper() else None,
            format=codelists.file_type(protocol) or (None if is_service else fallback_format),
            license=licence,
            title=_text(_first(res, "gmd:name")),
            description=_text(_first(res, "gmd:description")),
        ))
    return distributions, list(dict.fromkeys(pages))


def _bbox(ident: etree._Element) -> list[str]:
    """Bounding boxes as GeoDCAT-AP WKT polygons (lon/lat, CRS84)."""
    out = []
    for box in _x(ident, ".//gmd:EX_GeographicBoundingBox"):
        try:
            w, e, s, n = (float(_text(_first(box, f"gmd:{side}")) or "x") for side in
                          ("westBoundLongitude", "eastBoundLongitude", "southBoundLatitude", "northBoundLatitude"))
        except ValueError:
            continue
        out.append(f"POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s}))")
    return out


def _conforms_to(md: etree._Element) -> list[str]:
    out = []
    for spec in _x(md, "gmd:dataQualityInfo//gmd:DQ_ConformanceResult/gmd:specification/gmd:CI_Citation"):
        title_el = _first(spec, "gmd:title")
        href = _href(title_el)
        if href:
            out.append(href)
    return list(dict.fromkeys(out))
