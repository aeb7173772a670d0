"""Small read/write helpers shared by the per-class mappings (one reading, one writing each)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

from app.services.rdf.terms import A, iri, is_bnode, is_iri, language_group, literal, literal_parts, value_of

# ---- reading ---------------------------------------------------------------------------------


def clean(value: str | None) -> str | None:
    """Trimmed text, or None when nothing is left (empty `dct:title` elements occur in the wild)."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def first_value(objects: list[str] | None) -> str | None:
    """The first non-empty value (IRI or lexical form) of a property; lists are sorted, so stable."""
    if not objects:
        return None
    for term in objects:
        first = term[0]
        if first == "<":
            value = term[1:-1].strip()
        elif first == '"':
            value = literal_parts(term)[0].strip()
        else:
            continue
        if value:
            return value
    return None


def all_values(objects: list[str] | None) -> list[str]:
    seen: dict[str, None] = {}
    for term in objects or ():
        if not is_bnode(term):
            value = clean(value_of(term))
            if value:
                seen.setdefault(value)
    return list(seen)


def _texts(objects: list[str] | None) -> Iterator[tuple[str, str]]:
    """(language group, value) of each non-empty literal, in order: "nl" (also untagged, nl-*,
    dut), "en" (en-*, eng) or the tag's own group."""
    for term in objects or ():
        if term[0] != '"':
            continue
        value, lang, _ = literal_parts(term)
        value = value.strip()
        if value:
            yield "nl" if not lang or lang == "nl" else "en" if lang == "en" else language_group(lang), value


def texts_by_language(objects: list[str] | None) -> dict[str, list[str]]:
    """Literal values grouped as "nl" (also untagged, nl-*, dut), "en" (en-*, eng) or their tag."""
    groups: dict[str, list[str]] = {}
    for key, value in _texts(objects):
        groups.setdefault(key, []).append(value)
    return groups


def pick_text(objects: list[str] | None) -> str | None:
    """Dutch (or untagged), else English, else any language: a Swiss or Flemish title still counts.

    `preferred_text(texts_by_language(objects))` in one pass that stops at the first Dutch text
    (the common case: one literal), without building the groups."""
    english = None
    others: dict[str, str] = {}
    for key, value in _texts(objects):
        if key == "nl":
            return value
        if key == "en":
            english = english or value
        else:
            others.setdefault(key, value)
    if english:
        return english
    return others[min(others)] if others else None


def preferred_text(groups: dict[str, list[str]]) -> str | None:
    for key in ("nl", "en"):
        if key in groups:
            return groups[key][0]
    for key in sorted(groups):
        return groups[key][0]
    return None


def english_text(objects: list[str] | None) -> str | None:
    values = texts_by_language(objects).get("en")
    return values[0] if values else None


# ---- writing ---------------------------------------------------------------------------------

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\]*")


def looks_like_iri(value: str) -> bool:
    return bool(_IRI.fullmatch(value))


def ref(value: str) -> str:
    """An IRI term when the value is one (the DCAT-AP range), else a plain literal: data a source
    gave as text stays visible instead of being dropped."""
    return iri(value) if looks_like_iri(value) else literal(value)


def triple(subject: str, predicate: str, obj: str) -> str:
    return f"{subject} {predicate} {obj} ."


def typed(out: list[str], subject: str, predicate: str, value: str, rdf_class: str | None) -> str:
    """`subject predicate value` plus `value a rdf_class` (SHACL range shapes need the type, and
    there is no inference: STANDARDS.md §1 pitfall 2)."""
    obj = ref(value)
    out.append(triple(subject, predicate, obj))
    if rdf_class and is_iri(obj):
        out.append(triple(obj, A, rdf_class))
    return obj


def blank_node(*parts: str) -> str:
    """A blank-node label derived from the dataset and the node's role: stable across exports and
    distinct between datasets, so concatenated datasets never share a node by accident."""
    return "_:n" + hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()
