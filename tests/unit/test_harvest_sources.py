"""sources.toml: the twelve provinces are there, and a bad entry fails naming its id."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.sources import SourceConfigError, load_sources_file

PROVINCES = {f"pv{n}" for n in range(20, 32)}


def test_sources_toml_lists_every_province_with_a_known_endpoint() -> None:
    entries = load_sources_file()
    assert {e.organisation for e in entries if e.organisation} == PROVINCES
    assert all(not e.enabled for e in entries)  # remote endpoints stay off without internet
    zuid_holland = {e.id: e for e in entries}["pv28-geonetwork"]
    assert zuid_holland.kind == "csw" and "zuid-holland" in zuid_holland.url


def test_bad_entry_fails_by_its_id(tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nid = "pv29-x"\nname = "Zeeland"\nkind = "sparql"\nurl = "https://x.nl"\n')
    with pytest.raises(SourceConfigError, match="pv29-x.*kind"):
        load_sources_file(bad)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    entry = '[[source]]\nid = "a"\nname = "A"\nkind = "dcat"\nurl = "https://a.nl"\n'
    (tmp_path / "s.toml").write_text(entry + entry)
    with pytest.raises(SourceConfigError, match="'a' staat twee keer"):
        load_sources_file(tmp_path / "s.toml")
