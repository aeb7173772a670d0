"""Near-duplicate series: datasets of one title family that differ only by place or year.

Catalogues publish series ("Beregeningsverboden Goes 2019", "… Tholen 2023"): each matches a
question exactly as well as the others, so by score alone one series fills the top of the list and
hides the other kinds of data that answer it. A title's family is what is left of it without place
names, numbers and stop words. Two members are near-duplicates for the ranking when they also cover
the same area as far as the ranking can tell (the twelve provinces' layers of one kind of data are
not duplicates of each other: together they answer a national question); the selection spreads
near-duplicates out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.services.search.analysis import STOP_WORDS, stem, words
from app.services.vraagsturing.vocab import Places

if TYPE_CHECKING:
    from app.services.vraagsturing.documents import Doc

MAX_PLACE_WORDS = 5
SAME_FAMILY_JACCARD = 0.6


def title_family(title: str, places: Places) -> frozenset[str]:
    """The stems of a title without its places (longest label first), numbers and stop words."""
    tokens = words(title)
    starts = places.first_words()
    keep: list[str] = []
    i = 0
    while i < len(tokens):
        n = 0 if tokens[i] not in starts else next(
            (n for n in range(min(MAX_PLACE_WORDS, len(tokens) - i), 0, -1)
             if tuple(tokens[i : i + n]) in places.by_key), 0)
        if n:
            i += n
            continue
        tok = tokens[i]
        if not tok.isdigit() and tok not in STOP_WORDS and len(tok) > 1:
            keep.append(stem(tok))
        i += 1
    return frozenset(keep)


def same_family(a: frozenset[str], b: frozenset[str]) -> bool:
    """One family when one title's words contain the other's ("Grondwaterstanden" and
    "Grondwaterstanden peilbuizen"), or most words are shared."""
    if not a or not b:
        return False
    if a <= b or b <= a:
        return True
    return len(a & b) / len(a | b) >= SAME_FAMILY_JACCARD


def near_duplicates(a: Doc, b: Doc) -> bool:
    """Same title family and the same covered area (places, or both national)."""
    return a.national == b.national and a.covers.keys() == b.covers.keys() and same_family(a.family, b.family)
