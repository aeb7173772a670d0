"""Reading quality back: one dataset, one organisation, and the twelve provinces side by side."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from app.errors import NotFound
from app.models.datasets import Dataset
from app.models.organisations import Organisation
from app.models.quality import DatasetQuality
from app.services.datasets import get_dataset
from app.services.organisations import get_organisation
from app.services.quality import COMPLIANCE_POINTS, CRITERIA, DIMENSIONS, LABELS, MAX_POINTS, rating_of

DIMENSION_MAX = {d: sum(c.points for c in CRITERIA if c.dimension == d) for d in DIMENSIONS}
DIMENSION_MAX["interoperability"] += COMPLIANCE_POINTS


class QualityPending(NotFound):
    title = "Kwaliteit nog niet berekend"


def dataset_quality(db: Session, dataset_id: str) -> dict:
    """The stored findings and score of one dataset (computed behind the change feed)."""
    dataset = get_dataset(db, dataset_id)
    row = db.get(DatasetQuality, dataset.id)
    if row is None or row.content_hash != dataset.content_hash:
        raise QualityPending(f"De kwaliteit van dataset '{dataset_id}' wordt nog berekend; probeer het over "
                             "enkele seconden opnieuw.")
    return public_of(row)


def public_of(row: DatasetQuality) -> dict:
    violations = [f for f in row.findings if f["severity"] == "violation"]
    return {
        "datasetId": row.dataset_id, "conforms": row.conforms, "violationCount": row.violation_count,
        "warningCount": row.warning_count, **row.score, "violations": violations,
        "warnings": [f for f in row.findings if f["severity"] != "violation"],
        "computedAt": row.computed_at.isoformat(),
    }


def summary_of(row: DatasetQuality | None) -> dict | None:
    """The few figures worth showing inside a dataset's own JSON."""
    if row is None:
        return None
    return {"points": row.points, "maxPoints": MAX_POINTS, "rating": row.rating, "conforms": row.conforms,
            "violationCount": row.violation_count, "warningCount": row.warning_count}


def _rows(db: Session, org_id: str) -> list[tuple[DatasetQuality, str]]:
    stmt = (select(DatasetQuality, Dataset.title).join(Dataset, col(Dataset.id) == DatasetQuality.dataset_id)
            .where(Dataset.publisher_id == org_id, Dataset.status == "active"))
    return list(db.exec(stmt))


def organisation_quality(db: Session, organisation_id: str, *, worst: int = 10, problems: int = 10) -> dict:
    """Averages per dimension, the worst datasets and the commonest problems of one publisher."""
    org = get_organisation(db, organisation_id)
    rows = _rows(db, org.id)
    active = db.exec(select(func.count()).select_from(Dataset)
                     .where(Dataset.publisher_id == org.id, Dataset.status == "active")).one()
    n = len(rows)
    dims = {}
    for d in DIMENSIONS:
        avg = sum(getattr(q, d) for q, _ in rows) / n if n else 0.0
        dims[d] = {"points": round(avg, 1), "maxPoints": DIMENSION_MAX[d],
                   "percentage": round(100 * avg / DIMENSION_MAX[d], 1),
                   "label": {"nl": LABELS[d][0], "en": LABELS[d][1]}}
    avg_points = sum(q.points for q, _ in rows) / n if n else 0.0
    counts: Counter[tuple] = Counter()
    example: dict[tuple, dict] = {}
    for q, _ in rows:
        seen = set()
        for f in q.findings:
            key = (f["severity"], f["focusClass"], f["path"], f["problem"])
            if key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            example.setdefault(key, f)
    common = [{
        "severity": key[0], "focusClass": key[1], "path": key[2], "problem": key[3], "datasets": count,
        "share": round(count / n, 3), "property": example[key]["property"], "message": example[key]["message"],
        "fix": example[key]["fix"],
    } for key, count in sorted(counts.items(), key=lambda kv: (kv[0][0] != "violation", -kv[1], kv[0]))[:problems]]
    worst_rows = sorted(rows, key=lambda r: (r[0].points, r[0].dataset_id))[:worst]
    return {
        "organisation": {"id": org.id, "name": org.name, "iri": org.iri},
        "datasetCount": active, "assessedCount": n,
        "averagePoints": round(avg_points, 1), "maxPoints": MAX_POINTS,
        "averagePercentage": round(100 * avg_points / MAX_POINTS, 1),
        "rating": rating_of(avg_points) if n else None,
        "conformingCount": sum(1 for q, _ in rows if q.conforms),
        "ratings": dict(Counter(q.rating for q, _ in rows)),
        "dimensions": dims,
        "worstDatasets": [{"id": q.dataset_id, "title": title, "points": q.points, "rating": q.rating,
                           "violationCount": q.violation_count, "warningCount": q.warning_count}
                          for q, title in worst_rows],
        "commonProblems": common,
    }


def provinces_overview(db: Session) -> list[dict]:
    """Per province: dataset count and average points per dimension, aggregated in SQL."""
    provinces = list(db.exec(select(Organisation).where(Organisation.kind == "provincie")
                             .order_by(col(Organisation.id))))
    stmt = (select(DatasetQuality.publisher_id, func.count(), func.avg(DatasetQuality.points),
                   *[func.avg(getattr(DatasetQuality, d)) for d in DIMENSIONS],
                   func.sum(case((col(DatasetQuality.conforms), 1), else_=0)))
            .join(Dataset, col(Dataset.id) == DatasetQuality.dataset_id).where(Dataset.status == "active")
            .group_by(DatasetQuality.publisher_id))
    by_org = {row[0]: row[1:] for row in db.exec(stmt)}
    out = []
    for org in provinces:
        count, avg, *rest = by_org.get(org.id, (0, None) + (None,) * (len(DIMENSIONS) + 1))
        dims, conforming = rest[:len(DIMENSIONS)], rest[len(DIMENSIONS)]
        out.append({
            "id": org.id, "name": org.name, "assessedCount": count,
            "averagePoints": round(float(avg), 1) if avg is not None else None,
            "rating": rating_of(float(avg)) if avg is not None else None,
            "conformingCount": int(conforming or 0),
            "dimensions": {d: (round(100 * float(v) / DIMENSION_MAX[d], 1) if v is not None else None)
                           for d, v in zip(DIMENSIONS, dims, strict=True)},
        })
    return out
