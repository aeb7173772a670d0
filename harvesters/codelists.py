"""Value mappings shared by the CKAN and CSW plug-ins: licences, themes and file formats.

Sources (see harvesters/data/README.md): data.overheid.nl's donlsync format mapping (CC0), the
DONL TaxonomieBeleidsagenda list, the EU file-type code list, and the SEMIC GeoDCAT-AP alignments
(ISO topic category → INSPIRE theme → EU data-theme, composed once into a table here).
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
EU_ACCESS = "http://publications.europa.eu/resource/authority/access-right/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
NL_LICENCE = "https://definities.geostandaarden.nl/dcat-ap-nl/id/waardelijst/licenties/"
OWMS = "http://standaarden.overheid.nl/owms/terms/"

# ISO 19115 topic category → EU data-theme, composed from SEMICeu/iso-19139-to-dcat-ap
# alignments/iso-topic-categories-to-inspire-themes.rdf and inspire-themes-to-mdr-data-themes.rdf.
TOPIC_THEMES: dict[str, tuple[str, ...]] = {
    "biota": ("ENVI",), "boundaries": ("GOVE", "SOCI"), "climatologyMeteorologyAtmosphere": ("ENVI", "TECH"),
    "economy": ("ECON", "ENER", "ENVI"), "elevation": ("REGI",), "environment": ("ENVI",),
    "farming": ("AGRI",), "geoscientificInformation": ("ENVI", "REGI", "TECH"), "health": ("HEAL",),
    "imageryBaseMapsEarthCover": ("ENVI", "REGI", "TECH"), "inlandWaters": ("ENVI", "TECH"),
    "location": ("REGI",), "oceans": ("ENVI",), "planningCadastre": ("ECON", "ENVI", "REGI"),
    "society": ("SOCI",), "structure": ("ECON", "ENVI", "REGI"), "transportation": ("TRAN",),
    "utilitiesCommunication": ("GOVE",),
}

# TaxonomieBeleidsagenda top groups → EU data-theme (our choice; a narrower term inherits its
# group's theme unless listed in DONL_OVERRIDES).
DONL_GROUPS = {
    "Verkeer_(thema)": "TRAN", "Werk_(thema)": "ECON", "Economie": "ECON", "Huisvesting_(thema)": "SOCI",
    "Openbare_orde_en_veiligheid": "JUST", "Onderwijs_en_wetenschap": "EDUC", "Natuur_en_milieu": "ENVI",
    "Financien": "ECON", "Cultuur_en_recreatie": "EDUC", "Zorg_en_gezondheid": "HEAL",
    "Migratie_en_integratie": "SOCI", "Recht_(thema)": "JUST", "Bestuur": "GOVE",
    "Internationaal": "INTR", "Sociale_zekerheid": "SOCI", "Landbouw_(thema)": "AGRI",
    "Ruimte_en_infrastructuur": "REGI",
}
DONL_OVERRIDES = {
    "Energie": "ENER", "Transport": "TRAN", "ICT": "TECH", "Onderzoek_en_wetenschap": "TECH",
    "Waterkeringen_en_waterbeheer": "ENVI", "Voedselkwaliteit": "AGRI",
}

_CC = re.compile(r"creativecommons\.org/(licenses|publicdomain)/([a-z-]+)/(\d\.\d)", re.I)
_CC_CODES = {
    "by": "naamsvermelding", "by-sa": "naamsvermelding_gelijkdelen",
    "by-nd": "naamsvermelding_geen_afgeleide_werken", "by-nc": "naamsvermelding_niet_commercieel",
    "by-nc-nd": "naamsvermelding_niet_commercieel_geen_afgeleide_werken",
    "by-nc-sa": "naamsvermelding_niet_commercieel_gelijk_delen",
}
# CKAN's own licence ids (ckan/ckan licenses list) and common free-text values.
_CKAN_IDS = {
    "cc-zero": "cc0", "cc0": "cc0", "cc-by": "naamsvermelding40", "cc-by-4.0": "naamsvermelding40",
    "cc-by-sa": "naamsvermelding_gelijkdelen40", "cc-by-sa-4.0": "naamsvermelding_gelijkdelen40",
    "cc-nc": "naamsvermelding_niet_commercieel40", "odc-pddl": "public_domain_mark",
    "other-pd": "public_domain_mark", "publiek domein": "public_domain_mark",
    "geen beperkingen": "cc0", "niet-open": "niet_open", "niet open": "niet_open",
}


# The lookups below are pure, and a source repeats the same few values record after record (a
# licence per distribution, a format per resource): each is cached rather than worked out again.
_CACHED = lru_cache(maxsize=4096)


@_CACHED
def licence(value: str | None) -> str | None:
    """A licence IRI of the DCAT-AP-NL list for a CC URL, CKAN id or known phrase; else the value
    itself when it is an IRI (kept, not guessed), else None."""
    if not value:
        return None
    text = value.strip()
    if text.startswith(NL_LICENCE):
        return text
    m = _CC.search(text)
    if m:
        kind, code, version = m.group(1).lower(), m.group(2).lower(), m.group(3)
        if kind == "publicdomain":
            return NL_LICENCE + ("cc0" if code == "zero" else "public_domain_mark")
        if code in _CC_CODES:
            return NL_LICENCE + _CC_CODES[code] + version.replace(".", "")
    known = _CKAN_IDS.get(text.lower())
    if known:
        return NL_LICENCE + known
    if text.startswith(("http://", "https://")):
        return text
    return None


@cache
def _donl_broader() -> dict[str, str]:
    with (DATA / "donl-taxonomie-beleidsagenda.csv").open(encoding="utf-8") as f:
        return {row["uri"]: row["broader_inferred"] for row in csv.DictReader(f)}


def eu_themes_for_donl(uri: str) -> list[str]:
    """EU data-theme(s) for a TaxonomieBeleidsagenda term; the DONL term itself is kept apart."""
    if not uri.startswith(OWMS):
        return []
    name = uri[len(OWMS):]
    if name in DONL_OVERRIDES:
        return [EU_THEME + DONL_OVERRIDES[name]]
    if name in DONL_GROUPS:
        return [EU_THEME + DONL_GROUPS[name]]
    broader = _donl_broader().get(uri)
    if broader and broader[len(OWMS):] in DONL_GROUPS:
        return [EU_THEME + DONL_GROUPS[broader[len(OWMS):]]]
    return []


def is_donl_theme(uri: str) -> bool:
    return uri in _donl_broader()


def eu_themes_for_topic(topic: str) -> list[str]:
    return [EU_THEME + code for code in TOPIC_THEMES.get(topic.strip(), ())]


@cache
def _formats() -> tuple[dict[str, str], frozenset[str]]:
    mapping = {row["name"].strip().lower(): row["target_value"]
               for row in json.loads((DATA / "ngr_distribution_format.json").read_text(encoding="utf-8"))}
    codes = frozenset(json.loads((DATA / "eu_file_type_codes.json").read_text(encoding="utf-8")))
    return mapping, codes


@_CACHED
def file_type(value: str | None) -> str | None:
    """EU file-type IRI for a format string (IRI, token such as 'CSV', MIME type, NGR label)."""
    if not value:
        return None
    text = value.strip()
    if text.startswith(EU_FILE_TYPE):
        return text
    mapping, codes = _formats()
    token = text.upper().replace(" ", "_")
    if token in codes:  # an EU code itself wins over the donlsync table (which maps geojson → JSON)
        return EU_FILE_TYPE + token
    hit = mapping.get(text.lower())
    if hit and hit.startswith(EU_FILE_TYPE):
        return hit
    if "/" in text and not text.startswith("http"):  # a MIME type such as text/csv
        sub = text.split("/", 1)[1].split("+")[0].split(";")[0].upper()
        if sub in codes:
            return EU_FILE_TYPE + sub
    return None


@_CACHED
def access_right(value: str | None) -> str | None:
    """EU access-right IRI for DONL/ISO phrasings of openness."""
    if not value:
        return None
    text = value.strip()
    if text.startswith(EU_ACCESS):
        return text
    low = text.lower()
    if low.endswith(("/publiek", "public", "openbaar")) or low in {"publiek", "open"}:
        return EU_ACCESS + "PUBLIC"
    if low.endswith(("/beperkt", "restricted")):
        return EU_ACCESS + "RESTRICTED"
    if low.endswith(("/niet_publiek", "non_public", "niet publiek")):
        return EU_ACCESS + "NON_PUBLIC"
    return None


_LANG3 = {"dut": "NLD", "nld": "NLD", "eng": "ENG", "ger": "DEU", "deu": "DEU", "fre": "FRA", "fra": "FRA"}


@_CACHED
def language(value: str | None) -> str | None:
    """EU language IRI for an ISO 639-2 code, 'nl'/'en' or an IRI."""
    if not value:
        return None
    text = value.strip()
    if text.startswith(EU_LANGUAGE):
        return text
    low = text.lower().rsplit("/", 1)[-1]
    code = _LANG3.get(low) or {"nl": "NLD", "en": "ENG", "de": "DEU", "fr": "FRA"}.get(low)
    return EU_LANGUAGE + code if code else None
