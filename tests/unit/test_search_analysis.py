"""Dutch analysis for the search index: folding, stemming, place names, compounds."""

from __future__ import annotations

import pytest

from app.services.search.analysis import analyse, decompound, fold, query_terms, stem, words
from app.services.search.lexicon import PLACE_NAMES


def test_accents_fold_to_plain_letters() -> None:
    assert fold("Fryslân") == "fryslan"
    assert fold("Súdwest-Fryslân") == "sudwest-fryslan"
    assert fold("Ĳsselmeer") == "ijsselmeer"
    assert words("Noord-Holland, Zuid-Holland") == ["noord", "holland", "zuid", "holland"]


@pytest.mark.parametrize(("plural", "singular"), [
    ("grondwaterstanden", "grondwaterstand"), ("percelen", "perceel"), ("gewassen", "gewas"),
    ("bedrijven", "bedrijf"), ("gebieden", "gebied"), ("windturbines", "windturbine"),
    ("locaties", "locatie"), ("zonneparken", "zonnepark"), ("wegen", "weg"), ("fietspaden", "fietspad"),
])
def test_plural_and_singular_share_a_stem(plural: str, singular: str) -> None:
    assert stem(plural) == stem(singular)


@pytest.mark.parametrize("word", ["gebieden", "geothermie", "geluidkaarten", "gewassen"])
def test_ge_inside_words_is_not_stripped(word: str) -> None:
    # PyStemmer's current `dutch` gives bied, othermie, luidkaar, was
    assert stem(word).startswith("ge")


def test_province_names_are_never_stemmed() -> None:
    provinces = [w for name in PLACE_NAMES[:14] for w in words(name)]
    for token in provinces:
        assert stem(token) == token, token
    assert stem("gelderland") == "gelderland" and stem("groningen") == "groningen"
    assert decompound("zeeland") == ()  # not zee + land


def test_compounds_split_into_known_parts_with_linking_morphemes() -> None:
    assert {"grond", "water", "stand", "grondwater", "waterstand"} <= set(decompound("grondwaterstanden"))
    assert set(decompound("zonneparken")) >= {stem("zon"), stem("park")}  # zon-n-e-park
    assert set(decompound("bedrijventerreinen")) >= {stem("bedrijf"), stem("terrein")}  # bedrijv-en-
    assert stem("beleid") in decompound("beleidsplan")  # beleid-s-
    assert decompound("provincie") == ()


def test_analyse_drops_stop_words_and_keeps_parts_and_raw_words() -> None:
    out = analyse("De grondwaterstanden in Fryslân")
    assert out.stems == ["grondwaterstand", "fryslan"]
    assert "water" in out.parts and "stand" in out.parts
    assert out.raw == ["grondwaterstanden", "fryslan"]


def test_query_and_document_meet_on_the_same_stem() -> None:
    assert query_terms("Grondwaterstand Fryslan") == analyse("grondwaterstanden in Fryslân").stems
