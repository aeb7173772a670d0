"""The follower never skips a change that is still being committed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.models.changes import ChangeEvent
from app.services.search.follower import GAP_GRACE, settled

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def event(seq: int, age: timedelta = timedelta(seconds=1)) -> ChangeEvent:
    return ChangeEvent(seq=seq, dataset_id=f"d{seq}", operation="upsert", at=NOW - age)


def test_contiguous_events_are_all_applied() -> None:
    assert [e.seq for e in settled([event(11), event(12), event(13)], 10, NOW)] == [11, 12, 13]


def test_a_fresh_gap_stops_at_the_change_still_in_flight() -> None:
    # seq 12 was taken by a transaction that has not committed yet
    assert [e.seq for e in settled([event(11), event(13)], 10, NOW)] == [11]
    assert settled([event(13)], 11, NOW) == []


def test_an_old_gap_is_a_rolled_back_transaction_and_is_passed() -> None:
    old = GAP_GRACE + timedelta(seconds=1)
    assert [e.seq for e in settled([event(11), event(13, old), event(14)], 10, NOW)] == [11, 13, 14]


def test_events_at_or_before_the_position_are_not_redone() -> None:
    assert [e.seq for e in settled([event(9), event(10), event(11)], 10, NOW)] == [11]
