"""The opgaven thesaurus and the places vocabulary are valid SKOS and hang together."""

from __future__ import annotations

import rdflib
from rdflib.namespace import SKOS

from app.services.vraagsturing.vocab import VOCAB_DIR, load_places, load_thesaurus


def test_thesaurus_is_valid_skos_every_concept_has_a_dutch_and_english_preflabel() -> None:
    g = rdflib.Graph()
    g.parse(VOCAB_DIR / "opgaven.ttl", format="turtle")
    concepts = set(g.subjects(rdflib.RDF.type, SKOS.Concept))
    assert len(concepts) > 60
    for c in concepts:
        langs = {lbl.language for lbl in g.objects(c, SKOS.prefLabel)}
        assert "nl" in langs and "en" in langs, c
        assert len([lbl for lbl in g.objects(c, SKOS.prefLabel) if lbl.language == "nl"]) == 1, c
        for target in g.objects(c, SKOS.broader):
            assert target in concepts, (c, target)


def test_thesaurus_broader_has_no_cycles_and_every_concept_reaches_an_opgave() -> None:
    t = load_thesaurus()
    for iri in t.concepts:
        assert iri not in t.ancestors(iri), iri
        assert iri in t.top or set(t.top) & t.ancestors(iri), iri
    assert {"zoetwater", "energie", "landbouw", "economie", "wonen"} <= {t.concepts[i].slug for i in t.top}


def test_thesaurus_knows_the_spelling_variants_of_the_opgaven() -> None:
    t = load_thesaurus()

    def concept_of(label: str) -> str:
        from app.services.vraagsturing.vocab import label_key

        return t.concepts[sorted(t.by_key[label_key(label)])[0]].slug

    assert concept_of("watertekort") == concept_of("droogte")
    assert concept_of("zonneweide") == concept_of("zonnepark")
    assert concept_of("zoutindringing") == concept_of("verzilting")
    assert concept_of("transportschaarste") == concept_of("netcongestie")


def test_every_municipality_lies_in_exactly_one_province_and_regions_in_at_least_one() -> None:
    p = load_places()
    municipalities = [x for x in p.places.values() if x.kind == "gemeente"]
    assert len(municipalities) > 300
    for m in municipalities:
        assert len(p.provinces_of(m.id)) == 1, m.id
    for r in (x for x in p.places.values() if x.kind == "regio"):
        assert p.provinces_of(r.id), r.id
    assert p.provinces_of("gm0654") == {"pv29"}  # Borsele
    assert p.provinces_of("zeeuws-vlaanderen") == {"pv29"}
    assert {"pv20", "pv21"} <= p.provinces_of("waddengebied")
