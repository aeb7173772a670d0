"""Run a harvester in a child process, so fetching, parsing and mapping use the second core while
the runner writes (a second *thread* gains nothing: both halves are GIL-bound Python).

The child iterates `harvester().records(spec, fetch)` exactly as the runner would in process and
sends the items, in order, in small lists over a bounded queue: memory stays bounded (a few pages
ahead at most). An exception of the generator (FetchError, PageUnreadable, anything) is sent as
the last message and raised again in the parent at the same point of the stream, so the runner
sees what it would have seen in process. The parent stops the child when it stops reading (a
failed write, a closed generator); the child gives up when the parent process is gone.

The child is forked: it starts in milliseconds with every module already imported (spawn and
forkserver re-import the parent's main module per child, ≈0.2 s a run). It touches nothing it
inherits but plain data (no database connection, no client, no lock of another thread) and ends
with os._exit, so no inherited finaliser runs in it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import traceback
from collections.abc import Iterator, Mapping
from multiprocessing.context import BaseContext
from typing import Any

from app.models.records import DatasetRecord
from harvesters.base import Fetcher, FetchPolicy, Item, RecordError, SourceSpec, make_client, tls_context

CHUNK = 100  # items a message; a page marker always ends one, so the runner never waits on a page
QUEUE_CHUNKS = 100  # messages in flight: at most ≈ 10,000 records ahead of the writer
POLL_SECONDS = 1.0
GC_EVERY = 100  # messages between the child's garbage collections
PIPE_BYTES = 1 << 20  # Linux's default /proc/sys/fs/pipe-max-size


class WorkerDied(RuntimeError):
    """The child process ended without saying why (killed, out of memory)."""


class ChildRecords(Iterator[Item]):
    """The items of `HARVESTERS[kind]().records(spec, Fetcher(client, policy, validators))`,
    produced in a child process that starts at once (so a runner can have the next source
    fetching while it writes this one). Iterate it; `close()` (or exhausting it) stops the child."""

    def __init__(self, kind: str, spec: SourceSpec, policy: FetchPolicy, validators: Mapping[str, Any]) -> None:
        ctx = _fork()
        tls_context()  # made once here, inherited by every child
        self._out = ctx.Queue(maxsize=QUEUE_CHUNKS)
        _widen_pipe(self._out)
        self._proc = ctx.Process(target=_child, args=(kind, spec, policy, dict(validators), self._out, os.getpid()),
                                 name=f"harvest-{spec.id}", daemon=True)
        self._proc.start()
        self._items = self._read()
        self._closed = False

    def __next__(self) -> Item:
        return next(self._items)

    def _read(self) -> Iterator[Item]:
        while True:
            message = _receive(self._out, self._proc)
            if message[0] == "items":
                yield from message[1]
            elif message[0] == "raise":
                raise message[1]
            else:
                return

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._items.close()
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join(timeout=10)
        self._out.close()
        self._out.cancel_join_thread()


def records_in_child(kind: str, spec: SourceSpec, policy: FetchPolicy,
                     validators: Mapping[str, Any]) -> ChildRecords:
    """The source's items from a child process, which is fetching from now on."""
    return ChildRecords(kind, spec, policy, validators)


def _receive(out: Any, proc: Any) -> tuple[str, Any]:
    while True:
        paused = gc.isenabled()
        gc.disable()  # unpickling builds thousands of small objects; the collector would rescan them
        try:
            return out.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if not proc.is_alive():
                try:
                    return out.get(timeout=POLL_SECONDS)  # what it sent just before it ended
                except queue.Empty:
                    raise WorkerDied(f"het oogstproces stopte onverwacht (exitcode {proc.exitcode})") from None
        finally:
            if paused:
                gc.enable()


def _widen_pipe(out: Any) -> None:
    """A whole message (≈200 kB of pickled records) in the pipe at once, where Linux's default
    of 64 kB made the writer wake and read four times a message."""
    try:
        import fcntl

        fcntl.fcntl(out._writer.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (AttributeError, ImportError, OSError):  # not Linux, or above the system's limit
        pass


def _fork() -> BaseContext:
    return multiprocessing.get_context("fork")


def records_in_process(kind: str, spec: SourceSpec, policy: FetchPolicy,
                       validators: Mapping[str, Any]) -> Iterator[Item]:
    """The same items in this process: what the child runs, and the runner without a child."""
    from harvesters import HARVESTERS

    with make_client(policy) as client:
        yield from HARVESTERS[kind]().records(spec, Fetcher(client, policy, validators))


def _child(kind: str, spec: SourceSpec, policy: FetchPolicy, validators: dict[str, Any], out: Any,
           parent: int) -> None:
    # Everything inherited from the parent (its whole heap) out of the collector's sight: a
    # collection would otherwise walk, and so copy page by page, memory the child never uses.
    gc.freeze()
    # The records waiting in the queue (up to QUEUE_CHUNKS × CHUNK) are young objects that every
    # automatic collection walks again, and the child makes almost no cycles: collect once per
    # GC_EVERY messages instead (100k, measured with the collector off altogether: ≈2.3 s, 8 %,
    # less child CPU).
    gc.disable()
    gone, sent = False, 0
    try:
        chunk: list[Item] = []
        for item in records_in_process(kind, spec, policy, validators):
            chunk.append(item)
            if len(chunk) >= CHUNK or not isinstance(item, DatasetRecord | RecordError):
                _send(out, ("items", chunk), parent)
                chunk, sent = [], sent + 1
                if sent % GC_EVERY == 0:
                    gc.collect()
        if chunk:
            _send(out, ("items", chunk), parent)
        _send(out, ("end", None), parent)
    except _ParentGone:
        gone = True
    except BaseException as exc:  # noqa: BLE001 - the parent decides what an error means
        try:
            _send(out, ("raise", _portable(exc)), parent)
        except _ParentGone:
            gone = True
    finally:
        out.close()
        if gone:
            out.cancel_join_thread()  # nobody reads what is still buffered
        else:
            out.join_thread()  # everything sent is in the pipe before the child ends


class _ParentGone(Exception):
    pass


def _send(out: Any, message: tuple[str, Any], parent: int) -> None:
    while True:
        try:
            out.put(message, timeout=POLL_SECONDS)
            return
        except queue.Full:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                raise _ParentGone from None


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling (with the child's traceback as a note),
    else one that keeps its type name and message."""
    import pickle

    note = "in het oogstproces:\n" + "".join(traceback.format_exception(exc)).rstrip()
    try:
        copy = pickle.loads(pickle.dumps(exc))
        copy.add_note(note)
        return copy
    except Exception:  # noqa: BLE001 - unpicklable exception: keep what it said
        fallback = RuntimeError(f"{type(exc).__name__}: {exc}")
        fallback.add_note(note)
        return fallback
