"""A simulated federation of the twelve provinces' endpoints (see `server.py`)."""

from harvesters.simulated.server import SimulatedFederation, source_of

__all__ = ["SimulatedFederation", "source_of"]
