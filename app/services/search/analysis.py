"""Dutch text analysis, done in Python before tantivy sees the text.

tantivy's built-in Dutch stemmer neither folds accents nor splits compounds, and Snowball's
current `dutch` algorithm strips "ge" inside words (Gelderland → lderland, gebieden → bied).
So every text goes through one pipeline here — fold, tokenise, drop stop words, stem with
`dutch_porter` (plus a few normalisations it lacks), keep place names whole, split compounds on
a domain lexicon — and the index stores the resulting tokens with a whitespace tokenizer. The
same pipeline runs on queries, which is what makes a query token meet an index token.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from app.services.search.lexicon import DOMAIN_WORDS, PLACE_NAMES, STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+")
_DOUBLE_VOWEL = re.compile(r"(aa|ee|oo|uu)")
_VOWELS = set("aeiouy")
_LINKS = ("en", "s", "e")  # Dutch linking morphemes (tussenklanken): grondwater-s-, zonn-e-, bedrijv-en-
_MIN_PART = 3
_local = threading.local()


def fold(text: str) -> str:
    """Lower-case and strip diacritics, so Fryslân, Fryslan and FRYSLAN are one word."""
    if text.isascii():  # nothing to strip: skip the per-character Unicode pass
        return text.lower()
    text = text.replace("ĳ", "ij").replace("Ĳ", "IJ")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """Folded words; hyphens and apostrophes split (Noord-Holland → noord, holland)."""
    return _WORD.findall(fold(text))


PLACE_TOKENS: frozenset[str] = frozenset(w for name in PLACE_NAMES for w in words(name))


def _stemmer() -> Stemmer.Stemmer:
    # PyStemmer objects are not safe to share between threads.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("dutch_porter")
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem one folded word; place names and numbers stay as they are.

    After `dutch_porter`: undouble a final consonant (gewass → gewas), v/z → f/s at the end
    (bedrijv → bedrijf), and one vowel for a double one (perceel/percelen → percel), so the
    singular and the plural of a word get one stem.
    """
    if word in PLACE_TOKENS or not word.isalpha() or len(word) <= 3:
        return word
    base = word[:-1] if word.endswith(("ines", "ages", "ides", "ies")) else word  # windturbines, weides, locaties
    s = _stemmer().stemWord(base)
    if len(s) > 3 and s[-1] == s[-2] and s[-1] not in _VOWELS:
        s = s[:-1]
    if s.endswith("v"):
        s = s[:-1] + "f"
    elif s.endswith("z"):
        s = s[:-1] + "s"
    return _DOUBLE_VOWEL.sub(lambda m: m.group(1)[0], s)


LEXICON_STEMS: frozenset[str] = frozenset(stem(w) for w in DOMAIN_WORDS)


def _modifier_stem(part: str) -> str | None:
    """The stem of a non-final compound part, with a linking morpheme allowed at its end."""
    candidates = [part] + [part[: -len(link)] for link in _LINKS if part.endswith(link)]
    for candidate in candidates:
        if len(candidate) >= _MIN_PART and stem(candidate) in LEXICON_STEMS:
            return stem(candidate)
    return None


def _head_stem(part: str) -> str | None:
    """The stem of the final part, which carries the inflection (…standen → stand)."""
    if len(part) >= _MIN_PART and stem(part) in LEXICON_STEMS:
        return stem(part)
    return None


@lru_cache(maxsize=200_000)
def decompound(word: str) -> tuple[str, ...]:
    """Stems of the parts of a compound, and of its inner sub-compounds; () if not a compound.

    grondwaterstanden → (grond, water, stand, grondwater, waterstand). The split into the most
    lexicon words wins, because the lexicon also holds compounds (waterstand, zonnepark) and the
    inner sub-compounds bring those back.
    """
    if word in PLACE_TOKENS or not word.isalpha() or len(word) < 2 * _MIN_PART:
        return ()
    n = len(word)
    # best[i]: the split with most parts of word[:i] into modifiers, as (part boundaries, stems).
    best: list[tuple[list[int], list[str]] | None] = [None] * (n + 1)
    best[0] = ([0], [])
    for i in range(_MIN_PART, n + 1):
        for j in range(0, i - _MIN_PART + 1):
            prev = best[j]
            if prev is None:
                continue
            part_stem = _head_stem(word[j:i]) if i == n else _modifier_stem(word[j:i])
            if part_stem is None:
                continue
            if best[i] is None or len(prev[1]) + 1 > len(best[i][1]):  # type: ignore[index]
                best[i] = (prev[0] + [i], prev[1] + [part_stem])
    found = best[n]
    if found is None or len(found[1]) < 2:
        return ()
    bounds, stems = found
    parts = list(stems)
    for a in range(len(stems)):  # inner sub-compounds: grondwater, waterstand
        for b in range(a + 2, len(stems) + 1):
            if (a, b) != (0, len(stems)):
                parts.append(stem(word[bounds[a] : bounds[b]]))
    return tuple(dict.fromkeys(p for p in parts if p != stem(word)))


@dataclass
class Analysed:
    """One text, analysed: stems in order (for phrases), compound parts, folded words (prefixes)."""

    stems: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)

    def extend(self, other: Analysed) -> None:
        self.stems += other.stems
        self.parts += other.parts
        self.raw += other.raw


def analyse(text: str | None) -> Analysed:
    """Index-side analysis of one text."""
    out = Analysed()
    if not text:
        return out
    for word in words(text):
        if word in STOP_WORDS:
            continue
        out.raw.append(word)
        out.stems.append(stem(word))
        out.parts.extend(decompound(word))
    return out


def query_terms(text: str) -> list[str]:
    """Query-side analysis of free text: the stems to look up, stop words dropped."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]
