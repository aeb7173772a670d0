"""The harvester in a child process yields what it yields in process, raises what it raises, and
stops when the runner stops reading; a run without the child still works."""

from __future__ import annotations

import multiprocessing
import pickle
import sys
from pathlib import Path

import pytest

from app.models.datasets import Dataset
from harvesters import HARVESTERS
from harvesters.base import Fetcher, FetchError, SourceSpec, make_client
from harvesters.process import records_in_child
from harvesters.simulated import source_of
from tests.integration.harvest_support import FAST, count, federation, harvest, register  # noqa: F401 - fixture


def _spec(fed, code: str) -> SourceSpec:  # noqa: ANN001
    s = source_of(fed.url, code)
    return SourceSpec(id=s["id"], kind=s["kind"], url=s["url"], organisation_id=code)


def _in_process(spec: SourceSpec) -> list:
    with make_client(FAST) as client:
        return list(HARVESTERS[spec.kind]().records(spec, Fetcher(client, FAST, {})))


@pytest.mark.parametrize("code", ["pv20", "pv21", "pv22"], ids=["dcat", "ckan", "csw"])
def test_child_yields_the_same_items_in_the_same_order(federation, code) -> None:  # noqa: ANN001, F811
    spec = _spec(federation, code)
    assert list(records_in_child(spec.kind, spec, FAST, {})) == _in_process(spec)


def test_fetch_error_reaches_the_parent_after_the_pages_before_it(federation) -> None:  # noqa: ANN001, F811
    federation.set_fault("pv20", status=503, page=2)
    spec = _spec(federation, "pv20")
    seen = []
    with pytest.raises(FetchError) as err:
        for item in records_in_child(spec.kind, spec, FAST, {}):
            seen.append(item)
    assert "HTTP 503" in str(err.value) and err.value.attempts == FAST.retries + 1
    assert len([i for i in seen if type(i).__name__ == "DatasetRecord"]) == 8  # page 1 only
    assert any("in het oogstproces" in note for note in err.value.__notes__)


@pytest.mark.skipif(not sys.platform.startswith("linux"),
                    reason="only Linux can size a pipe (F_SETPIPE_SZ); elsewhere _widen_pipe leaves the default")
def test_the_childs_pipe_holds_whole_messages(federation) -> None:  # noqa: ANN001, F811
    import fcntl

    from harvesters.process import PIPE_BYTES

    if int(Path("/proc/sys/fs/pipe-max-size").read_text()) < PIPE_BYTES:
        pytest.skip("/proc/sys/fs/pipe-max-size is below PIPE_BYTES here, so the pipe keeps its default")
    spec = _spec(federation, "pv22")
    stream = records_in_child(spec.kind, spec, FAST, {})
    try:
        assert fcntl.fcntl(stream._out._writer.fileno(), fcntl.F_GETPIPE_SZ) == PIPE_BYTES
        assert list(stream) == _in_process(spec)
    finally:
        stream.close()


def test_fetch_error_survives_pickling() -> None:
    exc = FetchError("http://x/p", "HTTP 500", attempts=3)
    copy = pickle.loads(pickle.dumps(exc))
    assert (str(copy), copy.url, copy.reason, copy.attempts) == (str(exc), exc.url, exc.reason, 3)


def test_closing_the_stream_stops_the_child(federation) -> None:  # noqa: ANN001, F811
    spec = _spec(federation, "pv22")
    stream = records_in_child(spec.kind, spec, FAST, {})
    next(stream)
    assert multiprocessing.active_children()
    stream.close()
    assert not [p for p in multiprocessing.active_children() if p.name == f"harvest-{spec.id}"]


def test_run_in_process_gives_the_same_datasets(engine, federation) -> None:  # noqa: ANN001, F811
    a = register(engine, federation, "pv22")
    run = harvest(engine, a, worker=False)
    assert run.status == "succeeded" and run.created == federation.count("pv22")
    assert count(engine, Dataset) == federation.count("pv22")


def test_run_sources_prefetches_the_next_source_and_leaves_no_child_behind(engine, federation,  # noqa: ANN001, F811
                                                                          monkeypatch) -> None:  # noqa: ANN001
    import app.services.harvest as harvesting

    ids = [register(engine, federation, code) for code in ("pv20", "pv21", "pv22")]
    events: list[tuple[str, str]] = []

    def child(kind, spec, *args):  # noqa: ANN001, ANN002, ANN202
        events.append(("fetching", spec.id))
        return records_in_child(kind, spec, *args)

    def progress(run) -> None:  # noqa: ANN001
        if run.status != "running":
            events.append(("finished", run.source_id))

    monkeypatch.setattr(harvesting, "records_in_child", child)
    runs = list(harvesting.run_sources(engine, [ids[0], ids[1], ids[0], ids[2], "no-such-source"],
                                       harvesting.HarvestOptions(batch_size=7, policy=FAST, progress=progress)))
    assert [(r.source_id, r.status) for r in runs] == [
        (ids[0], "succeeded"), (ids[1], "succeeded"), (ids[2], "succeeded"), ("no-such-source", "failed")]
    assert runs[3].id is None and "no-such-source" in (runs[3].message or "")
    assert [r.created for r in runs if r.id] == [federation.count(c) for c in ("pv20", "pv21", "pv22")]
    # each source's child starts before the run ahead of it is written, and once
    assert events == [("fetching", ids[0]), ("fetching", ids[1]), ("finished", ids[0]), ("fetching", ids[2]),
                      ("finished", ids[1]), ("finished", ids[2])]
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("harvest-")]


def test_an_abandoned_run_sources_stops_the_prefetched_child(engine, federation) -> None:  # noqa: ANN001, F811
    from app.services.harvest import HarvestOptions, run_sources

    ids = [register(engine, federation, code) for code in ("pv20", "pv22")]
    runs = run_sources(engine, ids, HarvestOptions(batch_size=7, policy=FAST))
    assert next(runs).status == "succeeded"
    runs.close()
    assert not [p for p in multiprocessing.active_children() if p.name == f"harvest-{ids[1]}"]


@pytest.mark.parametrize("frozen_before", [False, True])
def test_a_run_hides_the_heap_from_the_collector_and_leaves_it_as_it_found_it(engine, federation,  # noqa: ANN001, F811
                                                                              monkeypatch, frozen_before: bool) -> None:  # noqa: ANN001
    import gc

    from app.services import registry

    source = register(engine, federation, "pv22")
    during: list[int] = []
    write = registry.upsert_batch

    def upsert_batch(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        during.append(gc.get_freeze_count())
        return write(*args, **kwargs)

    monkeypatch.setattr(registry, "upsert_batch", upsert_batch)
    gc.unfreeze()
    if frozen_before:
        gc.freeze()  # as the API does after startup
    try:
        run = harvest(engine, source)
        assert run.status == "succeeded"
        assert during and min(during) > 0  # frozen while the run wrote
        assert (gc.get_freeze_count() > 0) is frozen_before
    finally:
        gc.unfreeze()
