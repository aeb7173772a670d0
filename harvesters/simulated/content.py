"""Deterministic, realistic Dutch provincial metadata for the simulated federation.

Every dataset is a pure function of (seed, province, index, generation): the server can render
any page of a 100,000-dataset federation without holding it in memory, and two runs with the
same seed serve byte-identical pages (so ETags hold and tests can predict what a harvest finds).
"""

from __future__ import annotations

import hashlib
import random
import uuid
from dataclasses import dataclass
from functools import cache

EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
EU_FT = "http://publications.europa.eu/resource/authority/file-type/"
NL_LIC = "https://definities.geostandaarden.nl/dcat-ap-nl/id/waardelijst/licenties/"
OWMS = "http://standaarden.overheid.nl/owms/terms/"
TOOI = "https://identifier.overheid.nl/tooi/id/provincie/"


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    slug: str
    kind: str  # dcat | ckan | csw
    syntax: str  # for dcat: turtle | rdfxml | jsonld
    weight: float
    owms: str
    places: tuple[str, ...]


PROVINCES: tuple[Province, ...] = (
    Province("pv20", "Groningen", "groningen", "dcat", "turtle", 0.8, "Groningen_(provincie)",
             ("Delfzijl", "Eemshaven", "Veendam", "Stadskanaal", "Winschoten", "Het Hogeland", "Westerkwartier")),
    Province("pv21", "Fryslân", "fryslan", "ckan", "", 0.9, "Fryslan",
             ("Leeuwarden", "Sneek", "Heerenveen", "Drachten", "Harlingen", "Dokkum", "Waddeneilanden")),
    Province("pv22", "Drenthe", "drenthe", "csw", "", 0.6, "Drenthe",
             ("Assen", "Emmen", "Hoogeveen", "Meppel", "Coevorden", "Drentsche Aa", "Westerveld")),
    Province("pv23", "Overijssel", "overijssel", "csw", "", 1.0, "Overijssel",
             ("Zwolle", "Enschede", "Deventer", "Hengelo", "Almelo", "Twente", "Salland", "Vechtdal")),
    Province("pv24", "Flevoland", "flevoland", "dcat", "jsonld", 0.5, "Flevoland",
             ("Almere", "Lelystad", "Dronten", "Noordoostpolder", "Zeewolde", "Urk", "Markermeer")),
    Province("pv25", "Gelderland", "gelderland", "ckan", "", 1.3, "Gelderland",
             ("Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Veluwe", "Achterhoek", "Betuwe", "Rivierenland")),
    Province("pv26", "Utrecht", "utrecht", "dcat", "rdfxml", 0.9, "Utrecht_(provincie)",
             ("Amersfoort", "Utrechtse Heuvelrug", "Veenendaal", "Nieuwegein", "Zeist", "Vijfheerenlanden")),
    Province("pv27", "Noord-Holland", "noord-holland", "ckan", "", 1.2, "Noord-Holland",
             ("Haarlem", "Alkmaar", "Den Helder", "Zaanstad", "Hoorn", "Gooi en Vechtstreek", "Texel")),
    Province("pv28", "Zuid-Holland", "zuid-holland", "csw", "", 1.4, "Zuid-Holland",
             ("Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Westland", "Goeree-Overflakkee", "Hoeksche Waard")),
    Province("pv29", "Zeeland", "zeeland", "dcat", "turtle", 0.7, "Zeeland_(provincie)",
             ("Middelburg", "Vlissingen", "Goes", "Terneuzen", "Schouwen-Duiveland", "Zeeuws-Vlaanderen", "Tholen")),
    Province("pv30", "Noord-Brabant", "noord-brabant", "csw", "", 1.3, "Noord-Brabant",
             ("Eindhoven", "Tilburg", "Breda", "'s-Hertogenbosch", "Helmond", "De Peel", "Kempen")),
    Province("pv31", "Limburg", "limburg", "ckan", "", 0.8, "Limburg",
             ("Maastricht", "Venlo", "Heerlen", "Roermond", "Sittard-Geleen", "Weert", "Peel en Maas")),
)
BY_CODE = {p.code: p for p in PROVINCES}


@dataclass(frozen=True)
class Topic:
    opgave: str
    title: str
    description: str
    themes: tuple[str, ...]  # EU data-theme codes
    donl: str  # TaxonomieBeleidsagenda term (local name)
    iso_topic: str
    keywords: tuple[str, ...]
    formats: tuple[str, ...]  # EU file-type codes


TOPICS: tuple[Topic, ...] = (
    Topic("zoetwater", "Grondwaterstanden", "Gemeten grondwaterstanden in peilbuizen in {place}, per dag, "
          "met de freatische stand en de stijghoogte in het eerste watervoerende pakket.",
          ("ENVI",), "Waterkeringen_en_waterbeheer", "inlandWaters", ("grondwater", "peilbuis", "droogte"),
          ("CSV", "GEOJSON")),
    Topic("zoetwater", "Verzilting oppervlaktewater", "Chlorideconcentraties in sloten en boezemwater rond "
          "{place}; basis voor het zoetwaterbeleid en de inlaat van zoet water in droge zomers.",
          ("ENVI", "AGRI"), "Waterkeringen_en_waterbeheer", "inlandWaters", ("verzilting", "chloride", "zoetwater"),
          ("CSV", "WMS_SRVC")),
    Topic("zoetwater", "Zoutmetingen", "Elektrisch geleidingsvermogen en zoutgehalte gemeten met meetpalen en "
          "boorgatmetingen in {place}.", ("ENVI",), "Waterkeringen_en_waterbeheer", "inlandWaters",
          ("zoutmeting", "EC", "brak water"), ("CSV", "JSON")),
    Topic("zoetwater", "Beregeningsverboden", "Gebieden en perioden waarin beregenen uit grond- of "
          "oppervlaktewater in {place} verboden of beperkt is.", ("ENVI", "AGRI"), "Waterkeringen_en_waterbeheer",
          "inlandWaters", ("beregening", "onttrekkingsverbod", "droogte"), ("GEOJSON", "WFS_SRVC")),
    Topic("landbouw", "Gewaspercelen", "Landbouwpercelen met het geteelde gewas volgens de gecombineerde "
          "opgave, voor {place}.", ("AGRI",), "Planten", "farming", ("gewas", "perceel", "landbouw"),
          ("GPKG", "WMS_SRVC")),
    Topic("landbouw", "Stikstofdepositie", "Berekende stikstofdepositie op stikstofgevoelige Natura "
          "2000-habitats in en rond {place} (mol/ha/jaar).", ("ENVI", "AGRI"), "Lucht", "environment",
          ("stikstof", "depositie", "Natura 2000"), ("GEOTIFF", "WMS_SRVC")),
    Topic("landbouw", "Natuurnetwerk Nederland", "Begrenzing van het Natuurnetwerk Nederland (NNN) en de "
          "natuurbeheertypen in {place}.", ("ENVI",), "Natuur-_en_landschapsbeheer", "biota",
          ("NNN", "natuurbeheer", "ecologische verbinding"), ("GPKG", "WFS_SRVC")),
    Topic("energie", "Windparken", "Locaties, vermogen en status van windturbines en windparken in {place}.",
          ("ENER",), "Energie", "utilitiesCommunication", ("windenergie", "windturbine", "RES"),
          ("GEOJSON", "CSV")),
    Topic("energie", "Zonneparken", "Zonneparken en zon-op-dak-projecten groter dan 15 kWp in {place}, met "
          "opgesteld vermogen.", ("ENER",), "Energie", "utilitiesCommunication", ("zonne-energie", "zonnepark", "RES"),
          ("GEOJSON", "XLSX")),
    Topic("energie", "Netcongestie", "Gebieden met transportschaarste op het elektriciteitsnet in {place}, "
          "voor afname en teruglevering.", ("ENER", "ECON"), "Energie", "utilitiesCommunication",
          ("netcongestie", "elektriciteitsnet", "transportcapaciteit"), ("GEOJSON", "WMS_SRVC")),
    Topic("economie", "Bedrijventerreinen", "Bedrijventerreinen met uitgeefbare kavels, milieucategorie en "
          "leegstand in {place} (IBIS).", ("ECON",), "Ondernemen", "planningCadastre",
          ("bedrijventerrein", "IBIS", "werklocatie"), ("CSV", "WFS_SRVC")),
    Topic("economie", "Werkgelegenheid per vestiging", "Vestigingen en banen per sector uit het provinciaal "
          "werkgelegenheidsregister, {place}.", ("ECON",), "Werkgelegenheid", "economy",
          ("werkgelegenheid", "vestigingen", "PWE"), ("CSV", "XLSX")),
    Topic("wonen", "Woningbouwlocaties", "Plancapaciteit en woningbouwlocaties (harde en zachte plannen) in "
          "{place}.", ("REGI", "SOCI"), "Bouwen_en_verbouwen", "planningCadastre",
          ("woningbouw", "plancapaciteit", "woondeal"), ("GEOJSON", "CSV")),
    Topic("wonen", "Bevolkingsprognose", "Prognose van bevolking en huishoudens tot 2050 voor {place}.",
          ("SOCI",), "Huisvesting_(thema)", "society", ("bevolking", "prognose", "huishoudens"), ("CSV", "XLSX")),
    Topic("bereikbaarheid", "Provinciale wegen verkeersintensiteiten", "Etmaalintensiteiten op provinciale "
          "wegen bij {place}, uit telpunten.", ("TRAN",), "Weg_(thema)", "transportation",
          ("verkeer", "intensiteit", "provinciale weg"), ("CSV", "WMS_SRVC")),
)
LICENCES = (NL_LIC + "cc0", NL_LIC + "cc0", NL_LIC + "naamsvermelding40", NL_LIC + "public_domain_mark")
FREQUENCIES = ("DAILY", "MONTHLY", "ANNUAL", "IRREG", "QUARTERLY")
MEDIA = {"CSV": "text/csv", "GEOJSON": "application/geo+json", "JSON": "application/json",
         "GPKG": "application/geopackage+sqlite3", "XLSX": "application/vnd.openxmlformats-officedocument."
         "spreadsheetml.sheet", "GEOTIFF": "image/tiff", "WMS_SRVC": None, "WFS_SRVC": None}


@dataclass(frozen=True)
class SimDataset:
    province: Province
    index: int
    uid: str
    identifier: str
    iri: str
    title: str
    description: str
    topic: Topic
    place: str
    year: int
    issued: str
    modified: str
    licence: str
    frequency: str
    keywords: tuple[str, ...]
    bbox: tuple[float, float, float, float]
    distributions: tuple[tuple[str, str, str | None], ...]  # (format code, url, media type)
    contact_email: str
    malformed: bool = False

    @property
    def themes(self) -> list[str]:
        return [EU_THEME + t for t in self.topic.themes]

    @property
    def publisher_iri(self) -> str:
        return TOOI + self.province.code

    @property
    def publisher_name(self) -> str:
        return f"Provincie {self.province.name}"


def sizes(scale: int) -> dict[str, int]:
    """Datasets per province for a federation of `scale` datasets (weights give some big, some small)."""
    total_weight = sum(p.weight for p in PROVINCES)
    counts = {p.code: int(scale * p.weight / total_weight) for p in PROVINCES}
    rest = scale - sum(counts.values())
    for p in sorted(PROVINCES, key=lambda p: -p.weight)[:rest]:
        counts[p.code] += 1
    return counts


@cache
def _bbox_of(code: str) -> tuple[float, float, float, float]:
    rnd = random.Random(code)
    w = 3.4 + rnd.random() * 3.0
    s = 50.8 + rnd.random() * 2.2
    return (round(w, 3), round(s, 3), round(w + 0.6 + rnd.random() * 0.6, 3), round(s + 0.4 + rnd.random() * 0.4, 3))


def dataset(seed: int, code: str, index: int, generation: int = 0) -> SimDataset:
    """The index-th dataset of a province; `generation` > 0 changes modification dates (an edit)."""
    p = BY_CODE[code]
    rnd = random.Random(f"{seed}:{code}:{index}")
    topic = TOPICS[rnd.randrange(len(TOPICS))]
    place = p.places[rnd.randrange(len(p.places))]
    year = 2015 + rnd.randrange(11)
    uid = str(uuid.UUID(hashlib.md5(f"{seed}:{code}:{index}".encode()).hexdigest()))
    month, day = 1 + rnd.randrange(12), 1 + rnd.randrange(28)
    issued = f"{year}-{month:02d}-{day:02d}"
    mod_year = min(2026, year + rnd.randrange(3))
    modified = f"{mod_year}-{month:02d}-{day:02d}"
    if generation:
        modified = f"2026-{1 + generation % 12:02d}-{1 + generation % 28:02d}"
    w, s, e, n = _bbox_of(code)
    base = f"https://geodata.{p.slug}.nl"
    dists = tuple(
        (fmt, f"{base}/{'services/' + fmt.split('_')[0].lower() if fmt.endswith('_SRVC') else 'download'}"
              f"/{topic.title.lower().replace(' ', '-')}-{uid[:8]}{'' if fmt.endswith('_SRVC') else '.' + fmt.lower()}",
         MEDIA.get(fmt))
        for fmt in topic.formats
    )
    title = f"{topic.title} {place} {year}"
    if index >= 1000:  # keep titles distinct in big federations
        title += f" (reeks {index // 1000})"
    return SimDataset(
        province=p, index=index, uid=uid, identifier=f"https://data.{p.slug}.nl/id/dataset/{uid}",
        iri=f"https://data.{p.slug}.nl/id/dataset/{uid}", title=title,
        description=topic.description.format(place=place) + f" Provincie {p.name}, opgave {topic.opgave}.",
        topic=topic, place=place, year=year, issued=issued, modified=modified,
        licence=LICENCES[rnd.randrange(len(LICENCES))], frequency=FREQUENCIES[rnd.randrange(len(FREQUENCIES))],
        keywords=(*topic.keywords, place, topic.opgave), bbox=(w, s, e, n), distributions=dists,
        contact_email=f"geo-informatie@{p.slug}.nl",
    )
