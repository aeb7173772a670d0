"""Vraagsturing: a policy question in, the datasets that answer it out, and the gaps reported back.

Modules: `vocab` (opgaven thesaurus and places from vocab/*.ttl), `interpret` (question →
opgaven, concepts, places, period, language), `period`, `documents` (what the ranking knows of a
dataset, from SQL), `candidates` (candidate datasets: the search index, or a scan without one),
`rank` (features, explanations, gap flag), `service` (`ask`), `gaps` (question log, feedback and
the opgave × province aggregation).
"""

from app.services.vraagsturing.gaps import add_feedback, gap_report
from app.services.vraagsturing.service import ask

__all__ = ["add_feedback", "ask", "gap_report"]
