"""Facet counts from the index (tantivy terms aggregations over fast fields), with labels.

Counting in the index, not in SQL: at 100k datasets a GROUP BY over the datasets' terms for six
facets costs tens of milliseconds; the aggregation over the matching documents' columns costs a few.
Counts are over the documents matching the whole query, filters included.
"""

from __future__ import annotations

import tantivy
from sqlmodel import Session, col, select

from app.models.organisations import Organisation
from app.services.search.labels import label

# Wire name → (index field, how many values to return).
FACETS: dict[str, tuple[str, int]] = {
    "publisher": ("publisher", 50), "theme": ("theme", 30), "keyword": ("keyword", 25),
    "format": ("format", 25), "license": ("license", 25), "accessRights": ("access_rights", 10),
}


def count_facets(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[str, list[tuple[str, int]]]:
    spec = {name: {"terms": {"field": fname, "size": size}} for name, (fname, size) in FACETS.items()}
    result = searcher.aggregate(query, spec)
    return {name: [(b["key"], int(b["doc_count"])) for b in result.get(name, {}).get("buckets", [])]
            for name in FACETS}


def labelled(db: Session, counts: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict]]:
    """Attach labels: organisation names from SQL (one query), the rest from vocab/ and IRIs."""
    org_ids = [value for value, _ in counts.get("publisher", [])]
    names = {o.id: o.name for o in db.exec(select(Organisation).where(col(Organisation.id).in_(org_ids)))} \
        if org_ids else {}
    out: dict[str, list[dict]] = {}
    for name, buckets in counts.items():
        field = FACETS[name][0]
        out[name] = [{"value": value, "label": names.get(value, value) if name == "publisher" else label(field, value),
                      "count": count} for value, count in buckets]
    return out
