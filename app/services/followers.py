"""Derived read models (search index, RDF graph, …) follow the change feed.

Each follower keeps the feed position it has applied (in its own files under FDS_DATA_DIR), so
several API replicas on one database each catch up by themselves. SQL stays the truth: any
follower can be dropped and rebuilt with `fdscat reindex`.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from app.config import Settings
from app.models.changes import ChangeEvent

log = logging.getLogger(__name__)

BATCH = 2000


class Follower(Protocol):
    name: str

    def position(self) -> int:
        """The last change-feed sequence number applied."""

    def apply(self, db: Session, events: list[ChangeEvent]) -> None:
        """Bring the model in step with these events (in order) and store the new position."""

    def rebuild(self, db: Session) -> None:
        """Drop everything and rebuild from SQL, ending at the feed's current position."""


# Factories registered by each derived model: name -> callable(settings) -> Follower.
FACTORIES: dict[str, Callable[[Settings], Follower]] = {}
# The modules that register a follower when imported; add a derived model here (one line).
FOLLOWER_MODULES: list[str] = ["app.services.search.follower", "app.services.quality_follower", "app.services.graph",
                               "app.services.vraagsturing.store"]


def factories() -> dict[str, Callable[[Settings], Follower]]:
    """Every registered follower factory, importing the modules that register them."""
    for module in FOLLOWER_MODULES:
        importlib.import_module(module)
    return FACTORIES


def register(name: str) -> Callable:
    def wrap(factory: Callable[[Settings], Follower]) -> Callable[[Settings], Follower]:
        FACTORIES[name] = factory
        return factory

    return wrap


def latest_seq(db: Session) -> int:
    return db.exec(select(func.max(ChangeEvent.seq))).one() or 0


def changes_since(db: Session, after: int, limit: int = BATCH) -> list[ChangeEvent]:
    stmt = select(ChangeEvent).where(col(ChangeEvent.seq) > after).order_by(col(ChangeEvent.seq)).limit(limit)
    return list(db.exec(stmt))


def catch_up(engine: Engine, follower: Follower) -> int:
    """Apply every change after the follower's position; returns how many were applied."""
    applied = 0
    while True:
        with Session(engine) as db:
            events = changes_since(db, follower.position())
            if not events:
                return applied
            before = follower.position()
            follower.apply(db, events)
            if follower.position() == before:  # waiting for an earlier, uncommitted change
                return applied
            applied += len(events)


class FollowerThread(threading.Thread):
    """Polls the change feed so writes by other processes (a CLI harvest, another replica)
    become visible in this API within about a second."""

    def __init__(self, engine: Engine, followers: list[Follower], interval: float = 1.0) -> None:
        super().__init__(name="change-feed-follower", daemon=True)
        self.engine, self.followers, self.interval = engine, followers, interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.tick()

    def tick(self) -> None:
        for follower in self.followers:
            try:
                catch_up(self.engine, follower)
            except Exception:  # a broken index must not take the API down; it is rebuilt later
                log.exception("follower %s failed to catch up", follower.name)

    def stop(self) -> None:
        self.stopped.set()
