"""Text-only channels: numbered choices read well, long replies fit an SMS, "2" means choice 2."""

import pytest

from channels.text_replies import choice_number, numbered, sms_parts


@pytest.mark.parametrize(
    "text, number",
    [
        ("1", 1),
        ("2", 2),
        (" 3 ", 3),
        ("2.", 2),
        ("two", 2),
        ("Two please", 2),
        ("the second one", 2),
        ("2nd", 2),
        ("option 3", 3),
        ("number 1", 1),
        ("the first", 1),
        ("one", 1),
        ("the one", 1),
        ("Third one", 3),
        ("10", 10),
        ("11", 11),  # "Carry on" and the whole menu, after "hello" halfway
    ],
)
def test_short_replies_that_name_a_choice(text, number):
    assert choice_number(text) == number


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yes",
        "12/03/2026",
        "2 weeks ago",
        "I have 2 children",
        "one of the teachers said no",
        "the council refused to assess",
        "1 or 2",
        "my son is 12",
        "what is the second step",
    ],
)
def test_other_messages_are_not_choices(text):
    assert choice_number(text) is None


def test_choices_are_numbered_lines_after_the_message():
    text = numbered(
        "It sounds like the council refused an assessment. Is that right?",
        ["Yes", "No, something else"],
        "Reply with a number:",
    )
    assert (
        text
        == "It sounds like the council refused an assessment. Is that right?\n\nReply with a number:\n1. Yes\n2. No, "
        "something else"
    )
    assert "/affirm" not in text


def test_a_short_message_is_one_part():
    assert sms_parts("Call Global Mediation on 0800 064 4488.") == ["Call Global Mediation on 0800 064 4488."]


def test_long_messages_split_at_sentence_ends_and_lose_nothing():
    sentences = [f"Sentence number {i} explains one more thing about mediation and the Tribunal." for i in range(30)]
    text = " ".join(sentences)
    parts = sms_parts(text, limit=600)
    assert len(parts) > 1
    assert all(len(part) <= 600 for part in parts)
    assert all(part.endswith(".") for part in parts)
    assert " ".join(parts) == text


def test_lines_stay_lines_and_phone_numbers_are_never_split():
    text = "Who to contact:\n" + "\n".join(
        f"- Global Mediation: 0800 064 4488, sen@globalmediation.co.uk ({i})" for i in range(20)
    )
    parts = sms_parts(text, limit=300)
    assert all(len(part) <= 300 for part in parts)
    assert "\n".join(parts) == text
    assert sum(part.count("0800 064 4488") for part in parts) == 20


def test_paragraphs_in_one_part_keep_their_blank_line():
    assert sms_parts("Step 2 of 4: Mediation\n\nMediation is a meeting.") == [
        "Step 2 of 4: Mediation\n\nMediation is a meeting."
    ]
    assert sms_parts("First paragraph here.\n\nSecond one.", limit=25) == ["First paragraph here.", "Second one."]


def test_a_sentence_longer_than_a_part_is_cut_between_words():
    text = " ".join(["word"] * 400)
    parts = sms_parts(text, limit=600)
    assert all(len(part) <= 600 for part in parts)
    assert " ".join(parts) == text
