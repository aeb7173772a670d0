"""A policy question → what it asks about: opgaven, thesaurus concepts, places, period, language.

Matching runs on the search analyser's tokens (folded, stemmed), longest label first, so
"zout grondwater" wins over "grondwater", and on compound parts ("zoetwatertekort" carries
"watertekort"), because policy staff write compounds the catalogue splits differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.services.search.analysis import STOP_WORDS, decompound, fold, stem, words
from app.services.vraagsturing.period import parse_period
from app.services.vraagsturing.vocab import Places, Thesaurus, load_places, load_thesaurus

MAX_LABEL_WORDS = 5
MIN_AFFIX = 5  # a label found inside a compound must be at least this long (stem characters)

# Words of the question form, not of its subject: question words, light verbs, data words.
QUESTION_WORDS = frozenset(
    """
    welke welk waar waarom hoeveel hoe wat wanneer wie waardoor waarmee hoeverre wordt worden werd zijn
    is ben komen komt liggen ligt staan staat gaan gaat gelden gold geldt hebben heeft had kunnen kan
    moeten moet mogen mag zullen zal willen wil zou zouden krijgen krijgt laten zien vinden vind
    gebruikt gebruiken geven geeft maken maakt nemen neemt houden doen zitten zit blijven blijft
    kaart kaarten data dataset datasets gegevens informatie info overzicht bestand bestanden cijfers
    aantal aantallen hoeveelheid hoeveelheden locatie locaties ligging plek plekken plaats plaatsen
    gebied gebieden provincie provincies provinciale gemeente gemeenten gemeentelijke regio regio's
    jaar jaren mensen nieuwe nieuw grote groot kleine klein actuele actueel huidige eerste eerst
    samen elkaar zich verhouden vlak dichtbij buurt ergens overal al nog steeds nu straks ooit
    meest meeste veel weinig andere ander welke goed slecht beste hele heel echt wel
    the a an of in on at for to and or is are was were be been do does did which what where when
    how many much who whom whose why there their this that these those with by from as it its
    still can could should would will any all some most more new data dataset map maps information
    province provinces municipality municipalities region area areas located location locations
    have has had get gets show find available per
    geschikt geschikte mogelijk mogelijke beschikbaar beschikbare ruimte nodig belangrijk belangrijke
    weg suitable possible space needed
    """.split()
)
EN_MARKERS = frozenset("the which where what how many much are there of and with for from have does new still"
                       " is".split())
NL_MARKERS = frozenset("de het een welke waar hoeveel hoe zijn er van en met voor op wat nog nieuwe".split())
_ELLIPSIS = re.compile(r"\b([A-Za-zÀ-ÿ]+)-\s+(en|of|and|or)\s+([A-Za-zÀ-ÿ]+)-([A-Za-zÀ-ÿ]+)")
_PROVINCE_CUE = {"provincie", "province"}
_MUNICIPALITY_CUE = {"stad", "gemeente", "city", "municipality", "town"}


@dataclass
class ConceptHit:
    iri: str
    label: str
    via: str
    strength: float  # 1.0: label in the question; 0.7: label inside a compound of the question
    opgaven: list[str]


@dataclass
class PlaceHit:
    id: str
    label: str
    kind: str
    provinces: list[str]
    via: str


@dataclass
class FreeTerm:
    word: str
    stem: str
    parts: tuple[str, ...] = ()


@dataclass
class Interpretation:
    question: str
    language: str
    concepts: list[ConceptHit] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    period: dict | None = None
    free: list[FreeTerm] = field(default_factory=list)

    @property
    def opgaven(self) -> list[str]:
        out: list[str] = []
        for c in self.concepts:
            for o in c.opgaven:
                if o not in out:
                    out.append(o)
        return out

    @property
    def province_ids(self) -> list[str]:
        out: list[str] = []
        for p in self.places:
            for pv in p.provinces:
                if pv not in out:
                    out.append(pv)
        return out

    def public(self, thesaurus: Thesaurus) -> dict:
        return {
            "opgaven": self.opgaven,
            "concepts": [{"label": c.label, "iri": c.iri, "via": c.via} for c in self.concepts],
            "places": [{"label": p.label, "id": p.id, "kind": p.kind, "provinces": p.provinces} for p in self.places],
            "period": self.period,
            "language": self.language,
        }


def detect_language(tokens: list[str]) -> str:
    en = sum(t in EN_MARKERS for t in tokens)
    nl = sum(t in NL_MARKERS for t in tokens)
    return "en" if en > nl else "nl"


def expand_ellipsis(text: str) -> str:
    """Dutch coordination with a dropped part: "Noord- en Midden-Limburg" → "Noord-Limburg en Midden-Limburg"."""
    return _ELLIPSIS.sub(lambda m: f"{m.group(1)}-{m.group(4)} {m.group(2)} {m.group(3)}-{m.group(4)}", text)


def interpret(question: str, thesaurus: Thesaurus | None = None, places: Places | None = None) -> Interpretation:
    thesaurus = thesaurus or load_thesaurus()
    places = places or load_places()
    text = expand_ellipsis(question)
    tokens = words(text)
    out = Interpretation(question=question, language=detect_language(tokens), period=parse_period(question))
    used = [False] * len(tokens)
    _match_places(tokens, used, places, out)
    _match_concepts(tokens, used, thesaurus, out)
    period_words = set(words(out.period["text"])) if out.period and out.period.get("text") else set()
    for i, tok in enumerate(tokens):
        if used[i] or tok in STOP_WORDS or tok in QUESTION_WORDS or tok in period_words or tok.isdigit():
            continue
        if len(tok) < 3:
            continue
        out.free.append(FreeTerm(word=tok, stem=stem(tok), parts=decompound(tok)))
    return out


def _match_places(tokens: list[str], used: list[bool], places: Places, out: Interpretation) -> None:
    i = 0
    while i < len(tokens):
        hit = None
        for n in range(min(MAX_LABEL_WORDS, len(tokens) - i), 0, -1):
            ids = places.by_key.get(tuple(tokens[i : i + n]))
            if ids:
                hit = (n, ids)
                break
        if not hit:
            i += 1
            continue
        n, ids = hit
        cue = tokens[i - 1] if i > 0 else ""
        chosen = _disambiguate(ids, cue, places)
        for pid in chosen:
            p = places.places[pid]
            if pid not in {x.id for x in out.places}:
                via = " ".join(tokens[i : i + n])
                out.places.append(PlaceHit(id=pid, label=p.label, kind=p.kind,
                                           provinces=sorted(places.provinces_of(pid)), via=via))
        for k in range(i, i + n):
            used[k] = True
        if cue in _PROVINCE_CUE | _MUNICIPALITY_CUE:
            used[i - 1] = True
        i += n


def _disambiguate(ids: set[str], cue: str, places: Places) -> list[str]:
    """Utrecht and Groningen are a province and a city: the province unless the question says
    "stad"/"gemeente"; several municipalities of one name (Bergen) are all kept."""
    kinds = {pid: places.places[pid].kind for pid in ids}
    if cue in _MUNICIPALITY_CUE and any(k == "gemeente" for k in kinds.values()):
        return sorted(pid for pid, k in kinds.items() if k == "gemeente")
    for preferred in ("provincie", "regio", "gemeente", "land"):
        found = sorted(pid for pid, k in kinds.items() if k == preferred)
        if found:
            return found
    return sorted(ids)


def _match_concepts(tokens: list[str], used: list[bool], thesaurus: Thesaurus, out: Interpretation) -> None:
    stems = [stem(t) for t in tokens]
    seen: set[str] = set()

    def add(iris: set[str], via: str, strength: float) -> None:
        for iri in sorted(iris):
            if iri in seen:
                continue
            seen.add(iri)
            c = thesaurus.concepts[iri]
            label = c.pref_en if out.language == "en" and c.pref_en else c.pref_nl
            out.concepts.append(ConceptHit(iri=iri, label=label, via=via, strength=strength,
                                           opgaven=thesaurus.opgaven_of(iri)))

    i = 0
    while i < len(tokens):
        if used[i] or tokens[i] in STOP_WORDS and tokens[i] not in ("de",):
            i += 1
            continue
        matched = False
        for n in range(min(MAX_LABEL_WORDS, len(tokens) - i), 0, -1):
            if any(used[i : i + n]):
                continue
            key = tuple(stems[i : i + n])
            iris = thesaurus.by_key.get(key)
            if iris and not (n == 1 and tokens[i] in QUESTION_WORDS):
                add(iris, " ".join(tokens[i : i + n]), 1.0)
                for k in range(i, i + n):
                    used[k] = True
                i += n
                matched = True
                break
        if not matched:
            i += 1
    # Compounds: a label inside a word of the question ("zoetwatertekort" → watertekort).
    singles = {k[0]: v for k, v in thesaurus.by_key.items() if len(k) == 1 and len(k[0]) >= MIN_AFFIX}
    # A hyphenated compound split by the tokeniser ("warmte-koudeopslagsystemen"): the joined
    # word may carry a label neither half has.
    for i in range(len(tokens) - 1):
        if used[i] or used[i + 1] or tokens[i] in STOP_WORDS or tokens[i + 1] in STOP_WORDS:
            continue
        joined = stem(tokens[i] + tokens[i + 1])
        found = [joined[:k] for k in range(len(tokens[i]) + MIN_AFFIX // 2, len(joined) + 1)
                 if joined[:k] in singles]
        if found:
            best = max(found, key=len)
            add(singles[best], f"{tokens[i]}-{tokens[i + 1]}", 0.9)
            used[i] = used[i + 1] = True
    for i, tok in enumerate(tokens):
        if used[i] or tok in STOP_WORDS or tok in QUESTION_WORDS:
            continue
        s = stems[i]
        candidates = set(decompound(tok))
        candidates |= {s[:k] for k in range(MIN_AFFIX, len(s) - 2)} | {s[k:] for k in range(3, len(s) - MIN_AFFIX + 1)}
        found = [c for c in candidates if c in singles]
        if found:
            best = max(found, key=len)
            add(singles[best], tok, 0.7)
            used[i] = True


def surface(text: str) -> str:
    return " ".join(words(fold(text)))
