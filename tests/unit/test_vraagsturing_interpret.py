"""Questions in Dutch and English become opgaven, concepts, places and periods."""

from __future__ import annotations

from datetime import date

from app.services.vraagsturing.interpret import interpret
from app.services.vraagsturing.period import parse_period


def slugs(question: str) -> set[str]:
    return {c.iri.rsplit("/", 1)[-1] for c in interpret(question).concepts}


def test_dutch_question_names_concepts_opgaven_and_province() -> None:
    i = interpret("Waar dreigt in de zomer zoetwatertekort voor de landbouw in Zeeland?")
    assert i.language == "nl"
    assert "droogte" in {c.iri.rsplit("/", 1)[-1] for c in i.concepts}  # via the compound
    assert {"zoetwater", "landbouw"} <= set(i.opgaven)
    assert [p.id for p in i.places] == ["pv29"]
    assert i.period and i.period["season"] == "summer"


def test_synonyms_and_spelling_variants_reach_the_same_concept() -> None:
    assert "verzilting" in slugs("Hoe ver reikt de zoutindringing?")
    assert "zonnepark" in slugs("zonneweides in Gelderland")
    assert "netcongestie" in slugs("waar is transportschaarste op het stroomnet")
    assert "stikstof" in slugs("stikstofdepositie op de Veluwe")


def test_english_question() -> None:
    i = interpret("Where is grid congestion blocking new solar parks in Groningen?")
    assert i.language == "en"
    assert {"netcongestie", "zonnepark"} <= {c.iri.rsplit("/", 1)[-1] for c in i.concepts}
    assert [p.id for p in i.places] == ["pv20"]
    assert "energie" in i.opgaven


def test_municipality_leads_to_its_province() -> None:
    i = interpret("Hoeveel woningbouwlocaties zijn er in Amersfoort?")
    [place] = i.places
    assert (place.id, place.kind, place.provinces) == ("gm0307", "gemeente", ["pv26"])
    assert i.province_ids == ["pv26"]


def test_a_merged_municipality_is_found_by_its_former_name() -> None:
    """Uden and Landerd merged into Maashorst (2022): a question about Uden is about Maashorst."""
    [place] = interpret("Hoeveel woningen komen er in Uden bij?").places
    assert (place.id, place.provinces) == ("gm1991", ["pv30"])


def test_city_and_province_of_the_same_name() -> None:
    assert [p.id for p in interpret("woningbouw in de provincie Utrecht").places] == ["pv26"]
    assert [p.id for p in interpret("woningbouw in de stad Utrecht").places] == ["gm0344"]


def test_regions_and_dutch_ellipsis() -> None:
    ids = [p.id for p in interpret("droogte in Noord- en Midden-Limburg").places]
    assert ids == ["noord-limburg", "midden-limburg"]
    assert interpret("erosie in het Limburgse heuvelland").province_ids == ["pv31"]


def test_periods() -> None:
    today = date(2026, 6, 1)
    assert parse_period("grondwaterstanden sinds 2020", today)["start"] == "2020-01-01"
    assert parse_period("de afgelopen vijf jaar", today)["start"] == "2021-06-01"
    assert parse_period("tussen 2015 en 2018", today) | {} == {"start": "2015-01-01", "end": "2018-12-31",
                                                                 "text": "tussen 2015 en 2018"}
    assert parse_period("bevolkingsprognose voor de komende decennia", today)["future"] is True
    assert parse_period("in de zomer", today)["season"] == "summer"
    assert parse_period("natura 2000-gebieden in Gelderland", today) is None
    assert parse_period("windturbines in Zeeland", today) is None
