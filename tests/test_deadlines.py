"""The deadline calculator, on the worked examples in facts.md section 13 and the awkward cases."""

from datetime import date

import pytest

from guide import deadlines
from guide.deadlines import (
    MOVED_AUGUST,
    MOVED_CHRISTMAS,
    MOVED_NOT_WORKING_DAY,
    add_months,
    discrimination_claim_deadline,
    mediation_adviser_deadline,
    tribunal_appeal_deadline,
)


@pytest.fixture
def rules(content):
    return content.deadlines


# facts.md section 13, worked examples
def test_letter_12_march_gives_12_may(rules):
    deadline = tribunal_appeal_deadline(rules, date(2026, 3, 12))
    assert deadline.date == date(2026, 5, 12)
    assert deadline.moved is None


def test_deadline_in_august_moves_past_the_bank_holiday_to_1_september(rules):
    # 10 June + 2 months = 10 August; first working day after 31 August 2026 (a bank holiday Monday).
    deadline = tribunal_appeal_deadline(rules, date(2026, 6, 10))
    assert deadline.counted_to == date(2026, 8, 10)
    assert deadline.date == date(2026, 9, 1)
    assert deadline.moved == MOVED_AUGUST


def test_later_certificate_gives_the_later_date(rules):
    deadline = tribunal_appeal_deadline(rules, date(2026, 3, 12), certificate=date(2026, 4, 20))
    assert deadline.date == date(2026, 5, 20)
    assert deadline.from_certificate


def test_earlier_certificate_does_not_shorten_the_2_months(rules):
    deadline = tribunal_appeal_deadline(rules, date(2026, 3, 12), certificate=date(2026, 3, 20))
    assert deadline.date == date(2026, 5, 12)
    assert not deadline.from_certificate


# month ends and leap years: never more time than the rules give
@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 31), 2, date(2026, 5, 31)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),
    ],
)
def test_add_months_counts_to_the_same_day_or_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_31_december_plus_2_months_on_a_saturday_moves_to_monday(rules):
    # 28 February 2026 is a Saturday.
    deadline = tribunal_appeal_deadline(rules, date(2025, 12, 31))
    assert deadline.counted_to == date(2026, 2, 28)
    assert deadline.date == date(2026, 3, 2)
    assert deadline.moved == MOVED_NOT_WORKING_DAY


def test_leap_year_end_of_february_is_a_working_day(rules):
    assert tribunal_appeal_deadline(rules, date(2023, 12, 31)).date == date(2024, 2, 29)


def test_christmas_period_moves_to_first_working_day_after_new_year(rules):
    # 27 October + 2 months = 27 December 2026; 1 January 2027 is a Friday bank holiday.
    deadline = tribunal_appeal_deadline(rules, date(2026, 10, 27))
    assert deadline.counted_to == date(2026, 12, 27)
    assert deadline.date == date(2027, 1, 4)
    assert deadline.moved == MOVED_CHRISTMAS


def test_new_years_day_itself_is_in_the_christmas_rule(rules):
    deadline = tribunal_appeal_deadline(rules, date(2026, 11, 1), certificate=date(2026, 12, 1))
    assert deadline.counted_to == date(2027, 1, 1)
    assert deadline.date == date(2027, 1, 4)


def test_24_december_is_not_moved(rules):
    # 24 October + 2 months = Thursday 24 December 2026: a working day, outside the rule.
    assert tribunal_appeal_deadline(rules, date(2026, 10, 24)).date == date(2026, 12, 24)


def test_easter_bank_holiday_moves_to_next_working_day(rules):
    # Good Friday 3 April and Easter Monday 6 April 2026 are bank holidays in England.
    deadline = tribunal_appeal_deadline(rules, date(2026, 2, 3))
    assert deadline.counted_to == date(2026, 4, 3)
    assert deadline.date == date(2026, 4, 7)


def test_mediation_adviser_date_is_never_moved_later(rules):
    # 10 June + 2 months = 10 August: the August rule is a Tribunal rule, not a mediation one.
    assert mediation_adviser_deadline(rules, date(2026, 6, 10)) == date(2026, 8, 10)
    assert mediation_adviser_deadline(rules, date(2025, 12, 31)) == date(2026, 2, 28)


def test_discrimination_claims_get_6_months_starting_with_the_day_it_happened(rules):
    # 6 months "starting with" 10 February ends on 9 August; no August rule for these claims.
    deadline = discrimination_claim_deadline(rules, date(2026, 2, 10))
    assert deadline.date == date(2026, 8, 9)
    assert deadline.moved is None


def test_discrimination_claim_is_never_moved_later(rules):
    # 8 August 2026 is a Saturday: the last day is still 7 August, never the Monday after.
    assert discrimination_claim_deadline(rules, date(2026, 2, 8)).date == date(2026, 8, 7)
    assert discrimination_claim_deadline(rules, date(2026, 8, 31)).date == date(2027, 2, 27)


def test_dates_are_written_the_gov_uk_way():
    assert deadlines.format_date(date(2026, 5, 12)) == "Tuesday 12 May 2026"
