"""A dataset as a search document: analysed text fields, exact filter/facet values, sort keys.

Built from the stored rows (`Dataset` + its `DatasetRecord`), the same way whether the index is
being rebuilt from SQL or kept in step by the change feed, so both give the same documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from app.models.datasets import Dataset
from app.models.records import DatasetRecord
from app.services.search.analysis import Analysed, analyse, fold
from app.services.search.ordering import title_keys

# Text fields and their boosts: a hit in the title counts more than one in keywords, and so on.
TEXT_FIELDS: dict[str, float] = {"title": 5.0, "keywords": 3.0, "extra": 1.5, "description": 1.0}
PART_WEIGHT = 0.5  # a hit on a compound part (water in grondwaterstanden) counts half
FACET_FIELDS = ("publisher", "theme", "keyword", "format", "license", "access_rights", "spatial")

_WKT_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


@dataclass
class SearchDocument:
    id: str
    text: dict[str, Analysed]
    facets: dict[str, list[str]]
    modified: int  # seconds since the epoch; 0 when unknown
    title_keys: tuple[int, int]
    bbox: tuple[float, float, float, float] | None = None
    places: list[str] = field(default_factory=list)

    def fields(self) -> dict:
        """The tantivy document as a dict of field → values."""
        out: dict[str, list] = {"id": [self.id], "modified": [self.modified],
                                 "title_key1": [self.title_keys[0]], "title_key2": [self.title_keys[1]]}
        raw: list[str] = []
        for name, analysed in self.text.items():
            out[name] = [" ".join(analysed.stems)] if analysed.stems else []
            out[name + "_parts"] = [" ".join(analysed.parts)] if analysed.parts else []
            raw += analysed.raw
        out["raw"] = [" ".join(raw)] if raw else []
        for name, values in self.facets.items():
            out[name] = list(dict.fromkeys(values))
        out["place"] = list(dict.fromkeys(self.places))
        if self.bbox:
            out["min_x"], out["min_y"], out["max_x"], out["max_y"] = ([v] for v in self.bbox)
        return {k: v for k, v in out.items() if v}


def document_of(dataset: Dataset, record: DatasetRecord, theme_labels: dict[str, str]) -> SearchDocument:
    """Why a dict of theme labels: theme names ("Landbouw, visserij…") are searchable text too."""
    extra = analyse(record.title_en)
    for text in (record.description_en, record.publisher_name,
                 *(theme_labels.get(t, "") for t in record.themes)):
        extra.extend(analyse(text))
    keywords = Analysed()
    for keyword in record.keywords:
        keywords.extend(analyse(keyword))
    dists = record.distributions
    facets = {
        "publisher": [dataset.publisher_id],
        "theme": list(record.themes),
        "keyword": [k.strip().lower() for k in record.keywords if k.strip()],
        "format": [d.format for d in dists if d.format],
        "license": [d.license for d in dists if d.license],
        "access_rights": [record.access_rights] if record.access_rights else [],
        "spatial": list(record.spatial),
    }
    return SearchDocument(
        id=dataset.id,
        text={"title": analyse(record.title), "keywords": keywords, "description": analyse(record.description),
              "extra": extra},
        facets=facets,
        modified=epoch_seconds(record.modified),
        title_keys=title_keys(record.title or ""),
        bbox=_bbox(record.spatial),
        places=[_place_key(s) for s in record.spatial if not _is_wkt(s)],
    )


def epoch_seconds(value: str | None) -> int:
    """An xsd:date / xsd:dateTime / gYear as seconds since the epoch (UTC); 0 when unparseable."""
    if not value:
        return 0
    text = value.strip()
    try:
        if len(text) == 4 and text.isdigit():
            return int(datetime(int(text), 1, 1, tzinfo=UTC).timestamp())
        if len(text) == 10:
            d = date.fromisoformat(text)
            return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return int(parsed.timestamp())
    except ValueError:
        return 0


def _is_wkt(value: str) -> bool:
    return value.lstrip().upper().startswith(("POLYGON", "MULTIPOLYGON", "POINT", "ENVELOPE", "<HTTP"))\
        or value.lstrip().upper().startswith("SRID")


def _bbox(spatial: list[str]) -> tuple[float, float, float, float] | None:
    """The bounding box of the WKT geometries in dct:spatial (x = lon, y = lat); None if none."""
    xs: list[float] = []
    ys: list[float] = []
    for value in spatial:
        if not _is_wkt(value):
            continue
        body = value.split(">", 1)[-1] if value.lstrip().startswith("<") else value
        body = body.split(";", 1)[-1] if body.upper().startswith("SRID") else body
        numbers = [float(n) for n in _WKT_NUMBERS.findall(body)]
        if body.strip().upper().startswith("ENVELOPE") and len(numbers) == 4:
            minx, maxx, maxy, miny = numbers  # ENVELOPE(minX, maxX, maxY, minY)
            xs += [minx, maxx]
            ys += [miny, maxy]
        else:
            xs += numbers[0::2]
            ys += numbers[1::2]
    if not xs or not ys:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def _place_key(value: str) -> str:
    """A dct:spatial IRI or name reduced to a folded key: …/provincie/pv26 → pv26, Fryslân → fryslan."""
    tail = value.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return fold(tail).replace("_", " ").strip()
