"""Labels for facet values: theme and access-right names from the SKOS files in vocab/, licence
and file-type names derived from their IRIs. Organisation names come from SQL (facets.py)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

VOCAB = Path(__file__).resolve().parents[3] / "vocab"
SKOS = "http://www.w3.org/2004/02/skos/core#"
THEME_BASE = "http://publications.europa.eu/resource/authority/data-theme/"
ACCESS_BASE = "http://publications.europa.eu/resource/authority/access-right/"
FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
NL_LICENCE_BASE = "https://definities.geostandaarden.nl/dcat-ap-nl/id/waardelijst/licenties/"

# The DCAT-AP-NL licence list's codes and the usual Creative Commons / EU IRIs, by name.
_LICENCES = {
    "cc0": "CC0 1.0", "publicdomain/zero/1.0": "CC0 1.0", "publicdomain/mark/1.0": "Public Domain Mark 1.0",
    "naamsvermelding10": "CC BY 1.0", "naamsvermelding20": "CC BY 2.0", "naamsvermelding30": "CC BY 3.0",
    "naamsvermelding40": "CC BY 4.0", "licenses/by/4.0": "CC BY 4.0", "licenses/by/3.0": "CC BY 3.0",
    "licenses/by-sa/4.0": "CC BY-SA 4.0", "naamsvermeldinggelijkdelen40": "CC BY-SA 4.0",
    "licenses/by-nc/4.0": "CC BY-NC 4.0", "licenses/by-nd/4.0": "CC BY-ND 4.0",
    "licence/CC0": "CC0 1.0", "licence/CC_BY_4_0": "CC BY 4.0", "licence/CC_BYSA_4_0": "CC BY-SA 4.0",
    "licence/ODC_BL": "ODbL", "licence/EUPL_1_2": "EUPL 1.2",
}


@lru_cache(maxsize=4)
def _skos_labels(filename: str) -> dict[str, dict[str, str]]:
    """IRI → {lang: prefLabel} of one vocab file (loaded once)."""
    store = ox.Store()
    store.load(path=str(VOCAB / filename), format=ox.RdfFormat.TURTLE)
    out: dict[str, dict[str, str]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None):
        literal = quad.object
        out.setdefault(quad.subject.value, {})[literal.language or ""] = literal.value
    return out


def theme_labels(lang: str = "nl") -> dict[str, str]:
    return {iri: labels.get(lang) or next(iter(labels.values())) for iri, labels in _skos_labels("themes.ttl").items()}


def theme_iri(value: str) -> str:
    """A theme given as code (AGRI, agri) or as IRI → the IRI."""
    return value if "://" in value else THEME_BASE + value.upper()


def access_rights_iri(value: str) -> str:
    return value if "://" in value else ACCESS_BASE + value.upper()


def label(facet: str, value: str) -> str:
    """A human label for a facet value; the value itself when nothing better is known."""
    if facet == "theme":
        return theme_labels().get(value, _tail(value))
    if facet == "access_rights":
        labels = _skos_labels("access-rights.ttl").get(value)
        return labels.get("nl", _tail(value)) if labels else _tail(value)
    if facet == "format":
        return _tail(value).replace("_", " ") if value.startswith(FILE_TYPE_BASE) else value
    if facet == "license":
        for key, name in _LICENCES.items():
            if value.rstrip("/").endswith(key):
                return name
        return _tail(value)
    return value


@lru_cache(maxsize=1)
def province_codes() -> dict[str, str]:
    """Folded province names and variants (Fryslân, Friesland, Provincie Zeeland) → TOOI code (pv21),
    so `place=Friesland` also finds datasets whose dct:spatial is the province's TOOI IRI."""
    from app.services.search.analysis import fold

    store = ox.Store()
    store.load(path=str(VOCAB / "provinces.ttl"), format=ox.RdfFormat.TURTLE)
    codes = {q.subject.value: q.object.value
             for q in store.quads_for_pattern(None, ox.NamedNode("http://purl.org/dc/terms/identifier"), None)}
    out: dict[str, str] = {}
    for predicate in (SKOS + "prefLabel", SKOS + "altLabel", "http://www.w3.org/2000/01/rdf-schema#label"):
        for q in store.quads_for_pattern(None, ox.NamedNode(predicate), None):
            if q.subject.value in codes:
                out[fold(q.object.value).strip()] = codes[q.subject.value]
    return out


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
