"""CKAN `package_search` harvester, with the DCAT-AP-DONL fields data.overheid.nl uses.

Pages by `start`/`rows` (sorted by name so pages are stable while the source changes little).
DONL keeps its DCAT fields as top-level package keys (ckanext-dcatdonl `schema-dataset.rst`);
other CKANs keep DCAT in `extras` (ckanext-dcat), so both are read through one lookup.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, ClassVar

from app.models.records import ContactPointRecord, DatasetRecord, DistributionRecord, Temporal
from harvesters import codelists
from harvesters.base import (
    Fetcher,
    Item,
    PageDone,
    PageUnchanged,
    PageUnreadable,
    RecordError,
    SourceSpec,
    page_key,
    url_param,
)

API_PATH = "/api/3/action/package_search"


class CkanHarvester:
    kind: ClassVar[str] = "ckan"

    def records(self, source: SourceSpec, fetch: Fetcher) -> Iterator[Item]:
        url = search_url(source.url)
        rows = int(url_param(source.url, "rows") or source.options.get("rows", 1000))
        fq = source.options.get("fq")
        start, count = 0, None
        while count is None or start < count:
            params: dict[str, Any] = {"start": start, "rows": rows, "sort": "name asc"}
            if fq:
                params["fq"] = fq
            key = page_key(url, params)
            page, parsed = fetch.read(
                lambda params=params: fetch.get(url, params=params, accept="application/json", expect=("json",)),
                lambda p, key=key: parse_page(p.content, key))
            if page.not_modified or parsed is None:
                count = int(page.memo.get("count", 0))
                yield PageUnchanged(key, page.memo)
                start += int(page.memo.get("returned") or rows)
                continue
            results, count = parsed
            for package in results:
                yield record_or_error(package, source.url)
            if not results:
                if start < count:  # an empty page before the end: the source is not complete
                    raise PageUnreadable(f"{key}: lege pagina bij start={start}, terwijl count={count}")
                yield PageDone(key, page.etag, page.last_modified, {"count": count})
                break
            yield PageDone(key, page.etag, page.last_modified, {"count": count, "returned": len(results)})
            start += len(results)  # a server may cap rows (ckan.search.rows_max) below what we asked


def search_url(url: str) -> str:
    """Accept a portal base URL or the package_search URL itself."""
    url = url.rstrip("/")
    return url if url.endswith("package_search") else url + API_PATH


def parse_page(content: bytes, url: str) -> tuple[list[Any], int]:
    try:
        envelope = json.loads(content)
        if not envelope.get("success", True):
            raise PageUnreadable(f"{url}: CKAN meldt fout: {envelope.get('error')}")
        result = envelope["result"]
        return list(result["results"]), int(result["count"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PageUnreadable(f"{url}: CKAN-antwoord niet te lezen (afgebroken of ongeldig): {exc}") from exc


def record_or_error(package: Any, base_url: str) -> DatasetRecord | RecordError:
    ident = package.get("identifier") or package.get("name") or package.get("id") \
        if isinstance(package, dict) else None
    try:
        if not isinstance(package, dict):
            raise ValueError("pakket is geen JSON-object")
        return record_from_package(package, base_url)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return RecordError(str(ident) if ident else None, f"CKAN-pakket niet te lezen: {exc}")


def record_from_package(pkg: dict[str, Any], base_url: str = "") -> DatasetRecord:
    """Map one CKAN package (DONL or ckanext-dcat style) to a DatasetRecord."""
    get = _lookup(pkg)
    identifier = _str(get("identifier")) or _str(get("guid")) or _str(pkg.get("id")) or _str(pkg.get("name"))
    if not identifier:
        raise ValueError("geen identifier, id of name")
    iri = _str(get("uri")) or (identifier if identifier.startswith(("http://", "https://")) else None)
    if iri is None and base_url and pkg.get("id"):
        iri = f"{base_url.split('/api/')[0].rstrip('/')}/dataset/{pkg['id']}"
    organization = pkg.get("organization") if isinstance(pkg.get("organization"), dict) else {}
    publisher, publisher_name = _agent(get("publisher"))
    publisher = publisher or _str(get("publisher_uri")) or _str(get("authority")) or _str(organization.get("name"))
    creator, creator_name = _agent(get("creator"))
    themes: list[str] = []
    for theme in _list(get("theme")):
        themes.append(theme)
        themes.extend(codelists.eu_themes_for_donl(theme))
    donl = "authority" in pkg or "metadata_language" in pkg
    licence = codelists.licence(_str(pkg.get("license_id")) or _str(get("license")) or _str(pkg.get("license_url")))
    contact = ContactPointRecord(
        name=_str(get("contact_point_name")) or _str(pkg.get("maintainer")) or _str(get("contact_name")),
        email=_str(get("contact_point_email")) or _str(pkg.get("maintainer_email")) or _str(get("contact_email")),
        url=_str(get("contact_point_website")),
    )
    start, end = _str(get("temporal_start")), _str(get("temporal_end"))
    return DatasetRecord(
        iri=iri,
        identifier=identifier,
        title=_str(pkg.get("title")) or _str(pkg.get("name")),
        description=_str(pkg.get("notes")),
        publisher=publisher,
        publisher_name=publisher_name or (_str(organization.get("title")) if organization else None),
        creator=_str(get("authority")) or creator,
        creator_name=creator_name,
        themes=_unique(themes),
        keywords=_unique(_tags(pkg)),
        spatial=[v for v in _list(get("spatial_value")) + _list(get("spatial_uri")) if "://" in v],
        languages=_unique(filter(None, (codelists.language(v) for v in _list(get("language"))))),
        conforms_to=_list(get("conforms_to")),
        pages=_list(get("documentation")),
        access_rights=codelists.access_right(_str(get("access_rights"))) or _str(get("access_rights")),
        contact_point=contact if (contact.name or contact.email or contact.url) else None,
        landing_page=_str(pkg.get("url")) or _str(get("landing_page")),
        temporal=Temporal(start=start, end=end) if (start or end) else None,
        issued=_str(get("issued")) or _str(pkg.get("metadata_created")),
        modified=_str(get("modified")) or _str(pkg.get("metadata_modified")),
        accrual_periodicity=_str(get("frequency")),
        version=_str(pkg.get("version")),
        distributions=[_distribution(r, licence, donl) for r in pkg.get("resources") or []
                       if isinstance(r, dict) and (r.get("url") or r.get("access_url"))],
    )


def _distribution(res: dict[str, Any], licence: str | None, donl: bool) -> DistributionRecord:
    size = res.get("size")
    byte_size = int(size) * (1024 if donl else 1) if isinstance(size, int | float) or \
        (isinstance(size, str) and size.isdigit()) else None
    downloads = _list(res.get("download_url"))
    fmt = _str(res.get("format"))
    return DistributionRecord(
        iri=_str(res.get("uri")),
        access_url=_str(res.get("access_url")) or _str(res.get("url")),
        download_url=downloads[0] if downloads else None,
        format=codelists.file_type(fmt) or fmt,
        media_type=_str(res.get("mimetype")),
        license=codelists.licence(_str(res.get("license_id")) or _str(res.get("license"))) or licence,
        title=_str(res.get("name")),
        description=_str(res.get("description")),
        byte_size=byte_size,
    )


def _lookup(pkg: dict[str, Any]):  # noqa: ANN202 - a small closure
    extras = {}
    for extra in pkg.get("extras") or []:
        if isinstance(extra, dict) and "key" in extra:
            extras[extra["key"]] = extra.get("value")

    def get(key: str) -> Any:
        value = pkg.get(key)
        return value if value not in (None, "", []) else extras.get(key)

    return get


def _agent(value: Any) -> tuple[str | None, str | None]:
    """(reference, name) of a publisher/creator given as URI, name, or ckanext-dcat dict(s)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        ref = _str(value.get("uri")) or _str(value.get("identifier")) or _str(value.get("name"))
        return ref, _str(value.get("name"))
    return _str(value), None


def _str(value: Any) -> str | None:
    if value.__class__ is str:  # nearly always: the shortest way
        return value.strip() or None
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0] if value else None
        return _str(value)
    text = str(value).strip()
    return text or None


def _list(value: Any) -> list[str]:
    """CKAN gives lists as JSON lists, JSON-encoded strings or comma-free single strings."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                return _list(json.loads(text))
            except ValueError:
                pass
        return [text] if text else []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v not in (None, "")]
    return [str(value)]


def _tags(pkg: dict[str, Any]) -> list[str]:
    out = []
    for tag in pkg.get("tags") or []:
        name = tag.get("display_name") or tag.get("name") if isinstance(tag, dict) else tag
        if name:
            out.append(str(name).strip())
    return out


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))
