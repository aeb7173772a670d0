"""Source kinds: one plug-in module each, registered here by kind (see `base.py`)."""

from harvesters.base import Harvester
from harvesters.ckan import CkanHarvester
from harvesters.csw import CswHarvester
from harvesters.dcat import DcatHarvester

HARVESTERS: dict[str, type[Harvester]] = {h.kind: h for h in (DcatHarvester, CkanHarvester, CswHarvester)}

__all__ = ["HARVESTERS", "Harvester"]
