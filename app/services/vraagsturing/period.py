"""Periods in questions: "sinds 2020", "de afgelopen vijf jaar", "in de zomer", "2022", "de komende jaren".

A period steers recency: a dataset last updated before the asked period starts cannot show it.
"""

from __future__ import annotations

import re
from datetime import date

from app.services.search.analysis import fold

NUMBERS = {"een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
           "tien": 10, "twintig": 20, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twenty": 20}
SEASONS = {"zomer": "summer", "zomers": "summer", "summer": "summer", "winter": "winter", "winters": "winter",
           "voorjaar": "spring", "lente": "spring", "spring": "spring", "najaar": "autumn", "herfst": "autumn",
           "autumn": "autumn", "fall": "autumn"}
_NUM = r"(\d{1,2}|" + "|".join(NUMBERS) + r")"
_YEAR = r"((?:19|20)\d{2})"
_SINCE = re.compile(r"\b(?:sinds|vanaf|na|since|after|from)\s+" + _YEAR)
_BETWEEN = re.compile(r"\b(?:tussen|between|van|from)\s+" + _YEAR + r"\s*(?:en|and|tot|to|-|t/m)\s*" + _YEAR)
_RANGE = re.compile(_YEAR + r"\s*[-–]\s*" + _YEAR)
_LAST = re.compile(r"\b(?:de\s+)?(?:afgelopen|laatste|voorbije|past|last)\s+" + _NUM + r"\s+(?:jaar|jaren|years?)")
_LAST_DECADE = re.compile(r"\b(?:afgelopen|laatste|past|last)\s+(?:decennium|decade)")
_FUTURE = re.compile(r"\b(?:komende|toekomstige|toekomst|prognose|verwachte?|in\s+de\s+toekomst|coming|next|"
                     r"future|forecast|tot\s+(?:19|20)\d{2}|decennia)\b")
_YEAR_ALONE = re.compile(r"\b" + _YEAR + r"\b")
_SEASON = re.compile(r"\b(" + "|".join(SEASONS) + r")\b")


def parse_period(question: str, today: date | None = None) -> dict | None:
    """{start, end, season, future, text} or None when the question names no period."""
    today = today or date.today()
    q = re.sub(r"natura\s*2000", " ", fold(question))  # a name, not a year
    out: dict = {}
    if m := _BETWEEN.search(q) or _RANGE.search(q):
        a, b = sorted((int(m.group(1)), int(m.group(2))))
        out |= {"start": f"{a}-01-01", "end": f"{b}-12-31", "text": m.group(0)}
    elif m := _SINCE.search(q):
        out |= {"start": f"{m.group(1)}-01-01", "text": m.group(0)}
    elif m := _LAST.search(q):
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else NUMBERS[raw]
        out |= {"start": f"{today.year - n}-{today.month:02d}-01", "text": m.group(0)}
    elif m := _LAST_DECADE.search(q):
        out |= {"start": f"{today.year - 10}-01-01", "text": m.group(0)}
    elif years := _YEAR_ALONE.findall(q):
        y = int(years[0])
        if y > today.year:
            out |= {"end": f"{y}-12-31", "future": True, "text": years[0]}
        else:
            out |= {"start": f"{y}-01-01", "end": f"{y}-12-31", "text": years[0]}
    if _FUTURE.search(q) and "start" not in out:
        out["future"] = True
        out.setdefault("text", _FUTURE.search(q).group(0))  # type: ignore[union-attr]
    if m := _SEASON.search(q):
        out["season"] = SEASONS[m.group(1)]
        out.setdefault("text", m.group(0))
    return out or None
