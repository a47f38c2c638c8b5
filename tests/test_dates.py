"""Reading the date a family types."""

from datetime import date

import pytest

from guide.dates import parse_date

TODAY = date(2026, 11, 27)  # a Friday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12 March", date(2026, 3, 12)),
        ("12/03/2026", date(2026, 3, 12)),
        ("12/3/26", date(2026, 3, 12)),
        ("12.03.2026", date(2026, 3, 12)),
        ("2026-03-12", date(2026, 3, 12)),
        ("12th of March 2026", date(2026, 3, 12)),
        ("the letter is dated 3rd May", date(2026, 5, 3)),
        ("March 12th, 2026", date(2026, 3, 12)),
        ("it came on 1 Sept 2025", date(2025, 9, 1)),
        ("25 December", date(2025, 12, 25)),  # no year: the last 25 December, not next month's
        ("yesterday", date(2026, 11, 26)),
        ("today", TODAY),
        ("last Tuesday", date(2026, 11, 24)),
        ("last friday", date(2026, 11, 20)),  # "last Friday" said on a Friday is a week ago
        ("on Monday", date(2026, 11, 23)),
        ("2 weeks ago", date(2026, 11, 13)),
        ("a month ago", date(2026, 10, 27)),
        ("on the 5th", date(2026, 11, 5)),
        ("on the 30th", date(2026, 10, 30)),
    ],
)
def test_reads_dates_as_people_type_them(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["hello", "31/02/2026", "13/13/2026", "", "I don't know", "soon"])
def test_no_date_or_impossible_date_gives_none(text):
    assert parse_date(text, TODAY) is None


def test_day_comes_before_month():
    assert parse_date("04/05/2026", TODAY) == date(2026, 5, 4)


def test_very_long_text_is_handled():
    assert parse_date("a" * 20000 + " 12 March", TODAY) is None
    assert parse_date("12 March " + "a" * 20000, TODAY) == date(2026, 3, 12)


def test_today_can_be_fixed_for_replaying_written_conversations(monkeypatch):
    from datetime import date

    from guide.dates import FIXED_TODAY_VARIABLE, today_in_england

    monkeypatch.setenv(FIXED_TODAY_VARIABLE, "2026-12-02")
    assert today_in_england() == date(2026, 12, 2)
    monkeypatch.delenv(FIXED_TODAY_VARIABLE)
    assert today_in_england() != date(1970, 1, 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("it's dated 26.11.26", date(2026, 11, 26)),
        ("4.6.25", date(2025, 6, 4)),
        ("November 26th", date(2026, 11, 26)),
        ("the 26th of November", date(2026, 11, 26)),
        ("Monday 9th March 2026", date(2026, 3, 9)),  # the date written out, not last Monday
        ("the day before yesterday", date(2026, 11, 25)),
        ("two weeks ago", date(2026, 11, 13)),
        ("it was sent on 14/10", date(2026, 10, 14)),
    ],
)
def test_reads_the_forms_families_type_anywhere_in_a_message(text, expected):
    assert parse_date("ok so the letter came, " + text + ", what now?", TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm 19 and on a supported internship",  # dateparser's own search reads 19 January
        "section H says nothing about respite",  # ... and yesterday
        "plan says 1:1 at lunch but he's left on his own",  # ... and today
        "staff sat on my son to restrain him",  # ... and Saturday
        "the 20 weeks ran out ages ago",
        "i missed the 2 month deadline what now",
        "he needs support 24/7",
        "he got 3 marks out of 10",
        "council are cutting off her EHCP when she leaves year 13",
        "the council missed the 20 week deadline, its been 30 weeks now",
        "we had a meeting last week",  # not a day to count from
        "what do I do now",
    ],
)
def test_numbers_and_words_that_are_not_a_day_are_not_read_as_one(text):
    assert parse_date(text, TODAY) is None


def test_a_full_date_in_the_future_is_kept_so_the_family_can_be_asked_to_check_it():
    assert parse_date("dated 3/12/2026", TODAY) == date(2026, 12, 3)


@pytest.mark.parametrize(
    "text",
    [
        "the decision letter cut his hours to 12/25 a week",
        "he got 10/15 in his spelling test",
        "5/20",
        "12/31",
        "the 45th",
        "00/12/2026",
        "3/4 of his hours are not happening",
        "he is on a 1/2 day timetable",
        "the 3rd letter from the council",
        "the decision letter says he leaves in the 6th form",
        "this is the 2nd time they have refused",
        "we are going to the 1st tier tribunal",
        "the meeting is next friday",
    ],
)
def test_fractions_scores_and_ordinals_that_are_not_days_are_not_read_as_one(text):
    assert parse_date(text, date(2026, 12, 2)) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("it came on the 31st", date(2026, 10, 31)),  # November has no 31st: the one before
        ("dated the 3rd", date(2026, 11, 3)),
        ("nov 23, 25", date(2025, 11, 23)),
        ("its dated the 30th.", date(2026, 11, 30)),
    ],
)
def test_a_day_without_a_month_is_the_last_one_that_has_passed(text, expected):
    assert parse_date(text, date(2026, 12, 2)) == expected
