"""The fault matrix: what the catalogue holds after each way a source can fail."""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pytest
from sqlmodel import Session, select

from app.models.datasets import Dataset
from app.models.harvest import HarvestRun
from app.services.harvest import confirm_run
from tests.integration.harvest_support import (  # noqa: F401 - fixture
    FAST,
    active,
    changes,
    count,
    errors,
    federation,
    harvest,
    register,
)


def _harvested(engine, federation, code):  # noqa: ANN001, ANN202, F811
    source = register(engine, federation, code)
    first = harvest(engine, source)
    assert first.status == "succeeded"
    return source, first.seen


@pytest.mark.parametrize("fault, words", [
    ({"status": 500}, "HTTP 500"),
    ({"status": 503, "page": 2}, "HTTP 503"),
    ({"slow": True, "delay": 1.5, "page": 2}, "time-out"),
    ({"truncated": True, "page": 2}, "onvolledig"),
    ({"content_type": True}, "content-type"),
    ({"redirect_loop": True}, "redirect"),
    ({"oversized": True, "bytes": 5_000_000}, "te groot"),
    ({"empty": True, "page": 2}, "lege pagina|totalItems"),
], ids=["500", "503-on-page-2", "timeout", "truncated", "wrong-content-type", "redirect-loop", "oversized",
        "empty-page"])
@pytest.mark.parametrize("code", ["pv29", "pv27", "pv30"], ids=["dcat", "ckan", "csw"])
def test_failing_source_keeps_what_the_catalogue_had(engine, federation, code, fault, words) -> None:  # noqa: ANN001, F811
    source, n = _harvested(engine, federation, code)
    events = changes(engine)
    federation.set_fault(code, **fault)

    run = harvest(engine, source, policy=replace(FAST, timeout=0.4)) if "slow" in fault else harvest(engine, source)

    assert run.status == ("partial" if fault.get("page") == 2 else "failed"), run.message
    assert re.search(words, run.message or ""), run.message
    assert any(re.search(words, e.message) for e in errors(engine, run.id))
    assert run.withdrawn == 0
    assert active(engine, source) == n  # nothing withdrawn, nothing lost
    assert changes(engine) == events  # and nothing rewritten


def test_retries_transient_errors_then_succeeds(engine, federation) -> None:  # noqa: ANN001, F811
    source, n = _harvested(engine, federation, "pv21")
    federation.set_fault("pv21", status=502, times=2)
    run = harvest(engine, source)
    assert (run.status, run.seen) == ("succeeded", n)


@pytest.mark.parametrize("code", ["pv24", "pv21", "pv23"], ids=["dcat", "ckan", "csw"])
def test_body_cut_short_is_fetched_again(engine, federation, code) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, code)
    federation.set_fault(code, cut=True, page=2, cut_times=1)
    run = harvest(engine, source)
    assert (run.status, run.created) == ("succeeded", federation.count(code)), run.message

    federation.set_fault(code, generation=1, cut=True, page=2)  # every retry cut short too
    run = harvest(engine, source)
    assert run.status == "partial" and "te lezen" in (run.message or ""), run.message
    assert active(engine, source) == federation.count(code)


def test_429_waits_for_retry_after(engine, federation) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, "pv24")
    federation.set_fault("pv24", status=429, retry_after=1, times=1)
    started = time.monotonic()
    run = harvest(engine, source)
    assert run.status == "succeeded"
    assert time.monotonic() - started >= 0.3  # Retry-After 1 s, capped at 0.3 s in the tests


@pytest.mark.parametrize("code", ["pv20", "pv25", "pv23"], ids=["dcat", "ckan", "csw"])
def test_malformed_record_is_skipped_and_recorded(engine, federation, code) -> None:  # noqa: ANN001, F811
    source = register(engine, federation, code)
    federation.set_fault(code, malformed=[2])
    run = harvest(engine, source)
    n = federation.count(code)
    assert (run.status, run.seen, run.created, run.failed) == ("succeeded", n, n - 1, 1)
    [error] = errors(engine, run.id)
    assert error.record_identifier and "title" in error.message.lower()
    assert active(engine, source) == n - 1


@pytest.mark.parametrize("code", ["pv26", "pv31", "pv28"], ids=["dcat", "ckan", "csw"])
def test_record_dropped_by_source_is_withdrawn(engine, federation, code) -> None:  # noqa: ANN001, F811
    source, n = _harvested(engine, federation, code)
    federation.set_fault(code, drop=[4])
    run = harvest(engine, source)
    assert (run.status, run.withdrawn, run.seen) == ("succeeded", 1, n - 1)
    assert active(engine, source) == n - 1
    assert count(engine, Dataset, Dataset.status == "withdrawn") == 1  # a tombstone, not a delete


def test_source_shrinking_90_percent_needs_review_until_confirmed(engine, federation) -> None:  # noqa: ANN001, F811
    source, n = _harvested(engine, federation, "pv25")
    federation.set_fault("pv25", shrink=90)
    run = harvest(engine, source)
    assert (run.status, run.withdrawn) == ("needs-review", 0)
    assert active(engine, source) == n
    assert str(run.id) in (run.message or "")

    confirmed = confirm_run(engine, run.id)

    remaining = federation.count("pv25")
    assert confirmed.status == "succeeded"
    assert confirmed.withdrawn == n - remaining
    assert active(engine, source) == remaining
    with Session(engine) as db:
        assert db.get(HarvestRun, run.id).status == "succeeded"
        assert len(db.exec(select(Dataset).where(Dataset.status == "withdrawn")).all()) == n - remaining
