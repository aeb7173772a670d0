"""The RDF graph's files under FDS_DATA_DIR/graph, shared by its writer and its readers.

    graph/PRIMARY                  name of the read-write store now in use (e.g. primary-1712345678)
    graph/primary-…/               the pyoxigraph (RocksDB) store; one process at a time holds its lock
    graph/primary-….position       the change-feed seq applied to that store (written after flush)
    graph/snapshots/<seq>-<ns>/    read-only checkpoints of the primary (RocksDB hard links)

pyoxigraph documents a read-only open of a store another process writes as undefined behaviour, so
readers (the SPARQL worker processes of every API process on this data dir) never open the
primary: the writer publishes a cheap checkpoint after each applied batch and readers open the
newest one. Kept small and free of heavy imports: the query workers import it.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

SNAPSHOTS = "snapshots"


def graph_dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / "graph"


def read_primary(gdir: Path) -> str | None:
    try:
        return (gdir / "PRIMARY").read_text().strip() or None
    except FileNotFoundError:
        return None


def claim_primary(gdir: Path, name: str) -> str:
    """Name `name` the primary unless another process did first; returns the primary's name."""
    gdir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(gdir / "PRIMARY", os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return read_primary(gdir) or name
    with os.fdopen(fd, "w") as out:
        out.write(name)
    return name


def replace_primary(gdir: Path, name: str) -> None:
    """Point PRIMARY at a freshly built store (atomic rename; the old writer follows on its next tick)."""
    _write_atomic(gdir / "PRIMARY", name)


def new_primary_name() -> str:
    return f"primary-{time.time_ns()}"


def read_position(gdir: Path, name: str) -> int | None:
    try:
        return int((gdir / f"{name}.position").read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def write_position(gdir: Path, name: str, seq: int) -> None:
    _write_atomic(gdir / f"{name}.position", str(seq))


def latest_snapshot(gdir: Path) -> tuple[int, Path] | None:
    """The newest published snapshot and the feed position it holds, or None before the first."""
    try:
        names = [n for n in os.listdir(gdir / SNAPSHOTS) if not n.startswith(".")]
    except FileNotFoundError:
        return None
    if not names:
        return None
    newest = max(names, key=_snapshot_key)
    return _snapshot_key(newest)[0], gdir / SNAPSHOTS / newest


def publish_snapshot(store: object, gdir: Path, seq: int) -> Path:
    """Checkpoint `store` (a read-write pyoxigraph Store) as the newest snapshot."""
    snaps = gdir / SNAPSHOTS
    snaps.mkdir(parents=True, exist_ok=True)
    stamp = time.time_ns()
    tmp = snaps / f".tmp-{os.getpid()}-{stamp}"
    store.backup(str(tmp))  # type: ignore[attr-defined]
    final = snaps / f"{seq:012d}-{stamp}"
    os.rename(tmp, final)
    return final


def prune_snapshots(gdir: Path, grace_seconds: float) -> None:
    """Remove snapshots superseded more than `grace_seconds` ago (a query that opened one just
    before its successor appeared has finished by then; open files stay readable anyway)."""
    snaps = gdir / SNAPSHOTS
    try:
        names = sorted((n for n in os.listdir(snaps) if not n.startswith(".")), key=_snapshot_key)
    except FileNotFoundError:
        return
    now = time.time_ns()
    for older, newer in zip(names, names[1:], strict=False):
        if now - _snapshot_key(newer)[1] > grace_seconds * 1e9:
            shutil.rmtree(snaps / older, ignore_errors=True)
    for n in os.listdir(snaps):  # leftovers of a writer that died mid-checkpoint
        if n.startswith(".tmp-") and now - _stamp_of_tmp(n) > 600e9:
            shutil.rmtree(snaps / n, ignore_errors=True)


def remove_primary(gdir: Path, name: str) -> None:
    shutil.rmtree(gdir / name, ignore_errors=True)
    (gdir / f"{name}.position").unlink(missing_ok=True)


def _snapshot_key(name: str) -> tuple[int, int]:
    seq, _, stamp = name.partition("-")
    try:
        return int(seq), int(stamp or 0)
    except ValueError:
        return -1, 0


def _stamp_of_tmp(name: str) -> int:
    try:
        return int(name.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return 0


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    os.replace(tmp, path)
