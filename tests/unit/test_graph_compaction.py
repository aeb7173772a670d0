"""When the graph writer compacts its store: enough changed datasets, not more than once per interval,
and not more than a tenth of the time."""

from __future__ import annotations

from app.services.graph import Compaction


def test_compaction_waits_for_enough_changes() -> None:
    policy = Compaction(after_changes=100, interval=60.0)
    policy.note(99)
    assert not policy.due(1000.0)
    policy.note(1)
    assert policy.due(1000.0)


def test_compaction_is_not_repeated_within_the_interval() -> None:
    policy = Compaction(after_changes=10, interval=60.0)
    policy.note(50)
    policy.done(1000.0)
    assert policy.changed == 0
    policy.note(50)
    assert not policy.due(1059.0)
    assert policy.due(1060.0)


def test_a_slow_compaction_spaces_out_the_next_one() -> None:
    policy = Compaction(after_changes=10, interval=60.0)
    policy.done(1000.0, took=30.0)  # a big store: compacting took 30 s
    policy.note(50)
    assert not policy.due(1299.0)
    assert policy.due(1300.0)
