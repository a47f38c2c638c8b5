"""Work out SEND time limits from a date, following the Tribunal's counting rules.

Tribunal Procedure (First-tier Tribunal) (HESC Chamber) Rules 2008, rule 12:
- a limit that ends on a day that is not a working day moves to the next working day (12(2));
- for special educational needs appeals only, a limit that ends in August, or from 25 December
  to 1 January, moves to the first working day after 31 August or 1 January (12(3)(a)).
Months are counted to the same day number; where the later month is shorter, to its last day
(31 December + 2 months = 28 February, or 29 in a leap year). We never round up: a family must
never be told it has more time than the rules give.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

from guide.content import DeadlineRules

MOVED_AUGUST = "august"
MOVED_CHRISTMAS = "christmas"
MOVED_NOT_WORKING_DAY = "not_working_day"


@dataclass(frozen=True)
class Deadline:
    date: date
    counted_to: date  # the date before any moving for August, Christmas or weekends
    moved: str | None = None  # why it moved: one of the MOVED_ values
    from_certificate: bool = False  # the 1 month from the certificate gave the later date


@cache
def _bank_holidays(year: int) -> holidays.HolidayBase:
    # England's bank holidays (Christmas Day and Good Friday included), as the Tribunal counts them.
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def first_working_day_after(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _apply_tribunal_rules(counted_to: date, sen_appeal: bool) -> tuple[date, str | None]:
    if sen_appeal and counted_to.month == 8:
        return first_working_day_after(date(counted_to.year, 8, 31)), MOVED_AUGUST
    if sen_appeal and (counted_to >= date(counted_to.year, 12, 25) or counted_to == date(counted_to.year, 1, 1)):
        new_year = counted_to.year + 1 if counted_to.month == 12 else counted_to.year
        return first_working_day_after(date(new_year, 1, 1)), MOVED_CHRISTMAS
    if not is_working_day(counted_to):
        return first_working_day_after(counted_to), MOVED_NOT_WORKING_DAY
    return counted_to, None


def tribunal_appeal_deadline(rules: DeadlineRules, letter: date, certificate: date | None = None) -> Deadline:
    """Last day to appeal to the SEND Tribunal: the later of 2 months from the decision letter
    and 1 month from the mediation certificate, then moved by rule 12."""
    counted_to = add_months(letter, rules.tribunal_months_from_letter)
    from_certificate = False
    if certificate is not None:
        from_cert = add_months(certificate, rules.tribunal_months_from_certificate)
        if from_cert > counted_to:
            counted_to, from_certificate = from_cert, True
    final, moved = _apply_tribunal_rules(counted_to, sen_appeal=True)
    return Deadline(final, counted_to, moved, from_certificate)


def mediation_adviser_deadline(rules: DeadlineRules, letter: date) -> date:
    """Last day to contact the mediation adviser (SEND Regulations 2014, reg 33).
    Rule 12 is a Tribunal rule, so it is not applied: this date never moves later."""
    return add_months(letter, rules.mediation_adviser_months_from_letter)


def discrimination_claim_deadline(rules: DeadlineRules, act: date) -> Deadline:
    """Last day to make a disability discrimination claim.

    The 6 months is a period "starting with" the day of the act (Equality Act 2010, Sch 17 para 4),
    so it ends the day before the same date 6 months on. It is set by the Act, not by the
    Tribunal's rules, and claims against colleges, private nurseries and councils go to the county
    court, so neither the August and Christmas rule nor the weekend rule is applied: never later.
    """
    last_day = add_months(act, rules.discrimination_months_from_act) - timedelta(days=1)
    return Deadline(last_day, last_day)


def format_date(day: date) -> str:
    """GOV.UK style, with the weekday: 'Tuesday 12 May 2026'."""
    return f"{day:%A} {day.day} {day:%B %Y}"
