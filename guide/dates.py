"""Read a date out of what a family typed: "12 March", "12/03/2026", "last Tuesday", "yesterday".

Dates are read the UK way (day before month). The dates asked for (on a letter, or when
something happened) are in the past, so a date typed without a year is taken as the last time
that day came round, today included.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4}|\d{2})"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}

_PATTERNS = [
    re.compile(r"\b(?P<year>\d{4})-(?P<month_number>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<day>\d{1,2})[/.\-](?P<month_number>\d{1,2})(?:[/.\-]" + _YEAR + r")?\b"),
    re.compile(r"\b" + _DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+" + _YEAR + r")?\b"),
    re.compile(r"\b" + _MONTH + r"\s+(?:the\s+)?" + _DAY + r"(?:,?\s+" + _YEAR + r")?\b"),
]
_AGO = re.compile(r"\b(?P<count>\d{1,2}|a|an|one|two|three|four|five|six)\s+(?P<unit>day|week|month)s?\s+ago\b")
_WEEKDAY = re.compile(
    r"\b(?P<last>last\s+|on\s+|this\s+(?:past\s+)?)?(?P<weekday>"
    + "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
    + r")\b"
)
_DAY_ONLY = re.compile(r"\b(?:on\s+)?the\s+" + _DAY + r"\b")


# Replaying written conversations (scripts/evaluate_corpus.py) needs the day they were written for:
# their deadlines are worked out from it. Never set where families use the assistant.
FIXED_TODAY_VARIABLE = "SEND_GUIDE_TODAY_FOR_TESTS"


def today_in_england() -> date:
    fixed = os.environ.get(FIXED_TODAY_VARIABLE)
    if fixed:
        return date.fromisoformat(fixed)
    # The server may run in UTC; a letter date typed just after midnight in the UK is "today" here.
    return datetime.now(ZoneInfo("Europe/London")).date()


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _make(year: int | None, month: int, day: int, today: date) -> date | None:
    try:
        if year is not None:
            return date(year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate <= today else date(today.year - 1, month, day)
    except ValueError:
        return None  # 31 February and the like


def _months_back(today: date, months: int) -> date:
    month_index = today.month - 1 - months
    year, month = today.year + month_index // 12, month_index % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def parse_date(text: str, today: date) -> date | None:
    """The first date in the text, or None if there is none (or it cannot exist)."""
    lowered = " ".join(text.lower().split())[:500]
    for pattern in _PATTERNS:
        match = pattern.search(lowered)
        if match:
            parts = match.groupdict()
            month = int(parts["month_number"]) if parts.get("month_number") else _MONTHS[parts["month"]]
            if not 1 <= month <= 12:
                return None
            return _make(_year(parts.get("year")), month, int(parts["day"]), today)

    if re.search(r"\bday before yesterday\b", lowered):
        return today - timedelta(days=2)
    if re.search(r"\byesterday\b", lowered):
        return today - timedelta(days=1)
    if re.search(r"\btoday\b", lowered):
        return today

    match = _AGO.search(lowered)
    if match:
        count = _NUMBER_WORDS.get(match["count"]) or int(match["count"])
        if match["unit"] == "month":
            return _months_back(today, count)
        return today - timedelta(days=count * (7 if match["unit"] == "week" else 1))

    match = _WEEKDAY.search(lowered)
    if match:
        days_back = (today.weekday() - _WEEKDAYS[match["weekday"]]) % 7
        if match["last"] and match["last"].startswith("last") and days_back == 0:
            days_back = 7
        return today - timedelta(days=days_back)

    match = _DAY_ONLY.search(lowered)
    if match:
        day = int(match["day"])
        this_month = _make(today.year, today.month, day, today)
        if this_month is not None and this_month <= today:
            return this_month
        previous = _months_back(today.replace(day=1), 1)
        return _make(previous.year, previous.month, day, today)
    return None
