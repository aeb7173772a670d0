"""The demand loop: feedback on answers, and what was asked and not found, by opgave × province."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, col, select

from app.db import begin_write
from app.errors import InvalidRecord, NotFound, invalid
from app.models.vraagsturing import VERDICTS, QuestionFeedback, QuestionLog

BAD_VERDICTS = ("not-useful", "missing-dataset")
NO_OPGAVE, NO_PROVINCE = "onbekend", "landelijk"


def add_feedback(db: Session, question_id: str, verdict: str, text: str | None) -> dict:
    if verdict not in VERDICTS:
        raise InvalidRecord(f"verdict must be one of {', '.join(VERDICTS)}",
                            invalid_params=[invalid("verdict", f"not one of {', '.join(VERDICTS)}")])
    begin_write(db)
    if db.get(QuestionLog, question_id) is None:
        raise NotFound(f"no question with id {question_id}")
    fb = QuestionFeedback(question_id=question_id, verdict=verdict, text=(text or None) and text[:4000])
    db.add(fb)
    db.commit()
    db.refresh(fb)
    return {"id": fb.id, "questionId": question_id, "verdict": verdict, "text": fb.text,
            "created": fb.created.isoformat()}


def gap_report(db: Session, *, province: str | None = None, examples: int = 3) -> dict:
    """Unanswered (gap flag) and badly answered (negative feedback) questions per opgave × province."""
    feedback: dict[str, list[str]] = defaultdict(list)
    for qid, verdict in db.exec(select(QuestionFeedback.question_id, QuestionFeedback.verdict)).all():
        feedback[qid].append(verdict)
    cells: dict[tuple[str, str], dict] = {}
    for q in db.exec(select(QuestionLog).order_by(col(QuestionLog.created).desc())):
        verdicts = feedback.get(q.id, [])
        bad = [v for v in verdicts if v in BAD_VERDICTS]
        if not q.gap and not bad:
            continue
        provinces = [p for p in q.province_ids.split(",") if p] or [NO_PROVINCE]
        if province and province not in provinces:
            continue
        for opgave in [o for o in q.opgaven.split(",") if o] or [NO_OPGAVE]:
            for pv in provinces:
                cell = cells.setdefault((opgave, pv), {"opgave": opgave, "province": pv, "questions": 0,
                                                       "unanswered": 0, "notUseful": 0, "missingDataset": 0,
                                                       "examples": [], "lastAsked": None})
                cell["questions"] += 1
                cell["unanswered"] += int(q.gap)
                cell["notUseful"] += verdicts.count("not-useful")
                cell["missingDataset"] += verdicts.count("missing-dataset")
                if len(cell["examples"]) < examples and q.question not in cell["examples"]:
                    cell["examples"].append(q.question)
                cell["lastAsked"] = cell["lastAsked"] or q.created.isoformat()
    items = sorted(cells.values(), key=lambda c: (-c["questions"], c["opgave"], c["province"]))
    return {"items": items, "total": len(items)}
