"""From what a user typed (and the filters) to a tantivy query.

Query syntax: words (all must match, in any field), `"a phrase"`, and `prefix*`. Each word is
analysed like the indexed text, then looked up in every text field with its boost, and in the
compound-part fields at half weight, so `water` finds "grondwaterstanden" below a title that
says "water".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tantivy

from app.services.search.analysis import fold, query_terms, words
from app.services.search.documents import PART_WEIGHT, TEXT_FIELDS, epoch_seconds

_PHRASE = re.compile(r'"([^"]*)"')
PREFIX_MIN = 2  # shorter prefixes would expand to half the dictionary
RAW_WEIGHT = 0.5


@dataclass
class Filters:
    """Exact filters; several values of one filter mean OR, different filters mean AND."""

    publisher: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    keyword: list[str] = field(default_factory=list)
    format: list[str] = field(default_factory=list)
    license: list[str] = field(default_factory=list)
    access_rights: list[str] = field(default_factory=list)
    spatial: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    modified_since: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # minX, minY, maxX, maxY


def _term(schema: tantivy.Schema, name: str, value: str, boost: float) -> tantivy.Query:
    return tantivy.Query.boost_query(tantivy.Query.term_query(schema, name, value), boost)


def _should(queries: list[tantivy.Query]) -> tantivy.Query:
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def word_query(schema: tantivy.Schema, stem: str) -> tantivy.Query:
    """One analysed word in every text field, whole-word hits over compound-part hits."""
    clauses = []
    for name, boost in TEXT_FIELDS.items():
        clauses.append(_term(schema, name, stem, boost))
        clauses.append(_term(schema, name + "_parts", stem, boost * PART_WEIGHT))
    return _should(clauses)


def prefix_query(schema: tantivy.Schema, prefix: str) -> tantivy.Query | None:
    folded = "".join(words(prefix))
    if len(folded) < PREFIX_MIN:
        return None
    pattern = folded + ".*"  # folded words are [a-z0-9]: nothing to escape
    clauses = [tantivy.Query.boost_query(tantivy.Query.regex_query(schema, name, pattern), boost)
               for name, boost in TEXT_FIELDS.items()]
    clauses.append(tantivy.Query.boost_query(tantivy.Query.regex_query(schema, "raw", pattern), RAW_WEIGHT))
    return _should(clauses)


def phrase_query(schema: tantivy.Schema, phrase: str) -> tantivy.Query | None:
    stems = query_terms(phrase)
    if not stems:
        return None
    if len(stems) == 1:
        return word_query(schema, stems[0])
    return _should([tantivy.Query.boost_query(tantivy.Query.phrase_query(schema, name, stems), boost)
                    for name, boost in TEXT_FIELDS.items()])


def text_query(schema: tantivy.Schema, text: str) -> tantivy.Query | None:
    """Every word, phrase and prefix of `text` must match; None when nothing searchable remains."""
    musts: list[tantivy.Query] = []
    for phrase in _PHRASE.findall(text):
        q = phrase_query(schema, phrase)
        if q is not None:
            musts.append(q)
    rest = _PHRASE.sub(" ", text).replace('"', " ")
    for token in rest.split():
        if token.endswith("*"):
            q = prefix_query(schema, token.rstrip("*"))
            if q is not None:
                musts.append(q)
            continue
        musts += [word_query(schema, s) for s in query_terms(token)]
    if not musts:
        return None
    return musts[0] if len(musts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in musts])


def any_of_query(schema: tantivy.Schema, alternatives: list[str]) -> tantivy.Query | None:
    """Expanded terms (from vraagsturing): a dataset matching any alternative is a candidate;
    matching more of them scores higher."""
    parts = [q for q in (text_query(schema, a) for a in alternatives) if q is not None]
    return _should(parts) if parts else None


def filter_queries(schema: tantivy.Schema, f: Filters) -> list[tantivy.Query]:
    out: list[tantivy.Query] = []
    for name, values in (("publisher", f.publisher), ("theme", f.theme), ("keyword", f.keyword),
                         ("format", f.format), ("license", f.license), ("access_rights", f.access_rights),
                         ("spatial", f.spatial), ("place", f.place)):
        if values:
            out.append(tantivy.Query.term_set_query(schema, name, list(dict.fromkeys(values))))
    if f.modified_since:
        out.append(tantivy.Query.range_query(schema, "modified", tantivy.FieldType.Integer,
                                             lower_bound=epoch_seconds(f.modified_since)))
    if f.bbox:
        min_x, min_y, max_x, max_y = f.bbox  # intersects: the dataset's box overlaps the asked one
        for name, lower, upper in (("min_x", None, max_x), ("max_x", min_x, None),
                                   ("min_y", None, max_y), ("max_y", min_y, None)):
            out.append(tantivy.Query.range_query(schema, name, tantivy.FieldType.Float,
                                                 lower_bound=lower, upper_bound=upper))
    return out


def combine(text: tantivy.Query | None, filters: list[tantivy.Query]) -> tantivy.Query:
    """The text query scores; filters only restrict (they are constant-score Must clauses)."""
    if text is None and not filters:
        return tantivy.Query.all_query()
    clauses = [(tantivy.Occur.Must, text)] if text is not None else [(tantivy.Occur.Must, tantivy.Query.all_query())]
    clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(q, 0.0)) for q in filters]
    return tantivy.Query.boolean_query(clauses)


def normalise_keyword(value: str) -> str:
    return value.strip().lower()


def place_key(value: str) -> str:
    return fold(value).strip()
