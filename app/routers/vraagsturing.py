"""Vraagsturing: ask a policy question, give feedback on the answer, see what was not found."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import Field

from app.auth import Db
from app.models.records import CamelModel
from app.services import vraagsturing
from app.services.vraagsturing.candidates import IndexCandidates
from app.services.vraagsturing.store import DocStore

router = APIRouter(tags=["vraagsturing"])


class Question(CamelModel):
    question: str = Field(min_length=3, max_length=2000)
    publisher: str | None = Field(
        default=None, max_length=64,
        description="The asking organisation (e.g. pv29): its area is meant when the question names none")
    limit: int = Field(default=10, ge=1, le=50)


class Feedback(CamelModel):
    verdict: Literal["useful", "not-useful", "missing-dataset"]
    text: str | None = Field(default=None, max_length=4000)


def _source(request: Request) -> IndexCandidates | None:
    follower = getattr(request.app.state, "followers", {}).get("search")
    return IndexCandidates(follower.index) if follower is not None else None


def _store(request: Request) -> DocStore | None:
    follower = getattr(request.app.state, "followers", {}).get("vraagsturing")
    return follower.store if follower is not None else None


@router.post("/vraagsturing", summary="Beleidsvraag → datasets die haar beantwoorden")
def ask_question(body: Question, db: Db, request: Request) -> dict:
    return vraagsturing.ask(db, body.question, publisher=body.publisher, limit=body.limit, source=_source(request),
                            store=_store(request))


@router.post("/vraagsturing/{question_id}/feedback", status_code=201, summary="Terugkoppeling op een antwoord")
def give_feedback(question_id: str, body: Feedback, db: Db) -> dict:
    return vraagsturing.add_feedback(db, question_id, body.verdict, body.text)


@router.get("/vraagsturing/gaps", summary="Onbeantwoorde vragen per opgave × provincie")
def gaps(db: Db, province: str | None = None) -> dict:
    return vraagsturing.gap_report(db, province=province)
