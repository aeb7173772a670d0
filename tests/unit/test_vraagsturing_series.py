"""Title families: a series that differs only by place or year is one family; other data is not."""

from __future__ import annotations

from app.services.vraagsturing.documents import Doc
from app.services.vraagsturing.series import near_duplicates, same_family, title_family
from app.services.vraagsturing.vocab import load_places


def family(title: str) -> frozenset[str]:
    return title_family(title, load_places())


def doc(title: str, covers: dict[str, str], national: bool = False) -> Doc:
    return Doc(id=title, iri=title, identifier=title, title=title, description="", publisher_id="pv29",
               publisher_name="Provincie Zeeland", publisher_is_province=True, modified=None, temporal_end=None,
               keywords=(), themes=(), spatial=(), spatial_labels={}, fields={}, quality=0.5, covers=covers,
               national=national, family=family(title))


def test_places_numbers_and_multiword_places_leave_the_family() -> None:
    assert family("Beregeningsverboden Vlissingen 2025") == family("Beregeningsverboden Zeeuws-Vlaanderen 2019")
    assert family("Beregeningsverboden Schouwen-Duiveland 2016 (reeks 3)") >= family("Beregeningsverboden Goes 2020")
    assert family("Grondwaterstanden Middelburg 2023") != family("Beregeningsverboden Middelburg 2023")
    assert family("Zeeland 2020") == frozenset()  # nothing left: never a family


def test_same_family_by_containment_or_mostly_shared_words() -> None:
    assert same_family(family("Grondwaterstanden"), family("Grondwaterstanden peilbuizen Zeeland"))
    assert not same_family(family("Grondwaterstanden"), family("Grondwaterkwaliteit"))
    assert not same_family(frozenset(), frozenset())


def test_near_duplicates_need_the_same_area_too() -> None:
    zeeland = {"pv29": "publisher Provincie Zeeland"}
    a = doc("Beregeningsverboden Goes 2019", zeeland)
    b = doc("Beregeningsverboden Tholen 2023", zeeland)
    other_province = doc("Beregeningsverboden Apeldoorn 2023", {"pv25": "publisher Provincie Gelderland"})
    national = doc("Beregeningsverboden 2023", {}, national=True)
    assert near_duplicates(a, b)
    assert not near_duplicates(a, other_province)  # the provinces' layers together answer a national question
    assert not near_duplicates(a, national)
    assert not near_duplicates(a, doc("Verzilting oppervlaktewater Goes 2019", zeeland))
