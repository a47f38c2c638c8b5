"""Read a date out of what a family typed: "26 November", "26/11/2026", "26.11.26", "last Tuesday".

dateparser (a maintained library) reads the date: month names and abbreviations, "3rd", "the
26th of", "yesterday", "2 weeks ago", weekdays, and which dates cannot exist. It is set up the
UK way (day before month) and for the past: every date the guide asks for (on a letter, or when
something happened) has already happened, so a date typed without a year or month is the last
time it came round.

What this module adds is where to look. dateparser's own free-text search finds far too much in
what families write: "I'm 19" becomes 19 January, "section H" yesterday, "1:1" today and "was sat
on" a Saturday (218 of 3,356 training and test messages read differently, nearly all wrongly).
So only the shapes of a date families type are handed to it.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dateparser

_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}

_MONTH = (
    r"(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep"
    r"|october|oct|november|nov|december|dec)\b\.?"
)
# Full names only, with the two short forms dateparser reads that are not words ("sat", "sun" and
# "wed" are). "next Friday" is not a date the guide asks for.
_WEEKDAY = r"(?<!next )(?<!coming )(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|fri)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_ORDINAL = rf"{_DAY}(?:st|nd|rd|th)"
_YEAR = r"(?:\d{4}|\d{2})"
# Not a day: "3/4 of his hours", "a 1/2 day timetable", "24/7".
_NOT_A_FRACTION = r"(?!\s*(?:of|a|an|day|days|time|hours?|term|week|weeks|the)\b)"
# A date written out is looked for first, so "Monday 9th March" is 9 March, not last Monday.
_SHAPES_OF_A_DATE = [
    re.compile("|".join(shapes))
    for shapes in (
        [
            rf"\b\d{{4}}-{_MONTH_NUMBER}-{_DAY}\b",  # 2026-11-26
            rf"\b{_DAY}[/.\-]{_MONTH_NUMBER}[/.\-]{_YEAR}\b",  # 26/11/2026, 26.11.26, 26-11-2026
            rf"\b{_DAY}/{_MONTH_NUMBER}\b(?![/.\-]?\d){_NOT_A_FRACTION}",  # 26/11
            rf"\b(?:the\s+)?{_DAY}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR}\b)?",  # the 26th of November
            rf"\b{_MONTH}\s+(?:the\s+)?{_DAY}(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR}\b)?",  # November 26th, 2026
        ],
        [
            rf"\b{_WEEKDAY}\b",
            r"\b(?:(?:the\s+)?day\s+before\s+yesterday|yesterday|today)\b",
            r"\b(?:\d{1,2}|a|an|one|two|three|four|five|six)\s+(?:days?|weeks?|months?)\s+ago\b",
            # "on the 3rd", "dated the 3rd", "the 3rd." but not "the 3rd letter" or "the 6th form"
            rf"\b(?:on|dated|since|from)\s+the\s+{_ORDINAL}\b|\bthe\s+{_ORDINAL}(?=\s*(?:$|[.,!?;]))",
        ],
    )
]
# "24/7" is how families say "all the time", not 24 July.
_NOT_DATES = {"24/7"}
_YEAR_FIRST = re.compile(r"^\d{4}-")
_DOTTED = re.compile(r"[\d.]+")
_LEAD_WORD = re.compile(r"^(?:on|dated|since|from)\s+")

# Replaying written conversations (scripts/evaluate_corpus.py) needs the day they were written for:
# their deadlines are worked out from it. Never set where families use the assistant.
FIXED_TODAY_VARIABLE = "SEND_GUIDE_TODAY_FOR_TESTS"


def today_in_england() -> date:
    fixed = os.environ.get(FIXED_TODAY_VARIABLE)
    if fixed:
        return date.fromisoformat(fixed)
    # The server may run in UTC; a letter date typed just after midnight in the UK is "today" here.
    return datetime.now(ZoneInfo("Europe/London")).date()


def _read(span: str, base: date) -> date | None:
    settings = {**_SETTINGS, "RELATIVE_BASE": datetime.combine(base, datetime.min.time()).replace(hour=12)}
    if _YEAR_FIRST.match(span):
        settings["DATE_ORDER"] = "YMD"  # 2026-11-26 is the one form written year first
    span = _LEAD_WORD.sub("", span)  # "dated the 3rd" is read as "the 3rd"
    if _DOTTED.fullmatch(span):
        span = span.replace(".", "/")  # dateparser reads 26/11/26 but not 26.11.26
    when = dateparser.parse(span, languages=["en"], settings=settings)
    return when.date() if when else None


def parse_date(text: str, today: date) -> date | None:
    """The first date in the text, or None if there is none (or it cannot exist)."""
    lowered = " ".join(text.lower().split())[:500]
    spans = (m.group() for shapes in _SHAPES_OF_A_DATE for m in shapes.finditer(lowered))
    span = next((span for span in spans if span not in _NOT_DATES), None)
    if span is None:
        return None
    day = _read(span, today)
    if day is not None and day > today:
        # A day typed without a month ("on the 3rd") is read in this month; the family means the
        # last one: read it as if it were the end of last month, or of the month before (the 31st).
        last_month_end = today.replace(day=1) - timedelta(days=1)
        for month_end in (last_month_end, last_month_end.replace(day=1) - timedelta(days=1)):
            earlier = _read(span, month_end)
            if earlier is not None and earlier <= today:
                return earlier
    return day
