"""The REST channel's payload check: real button payloads pass, anything else is read as words."""

import pytest

from channels.payloads import PayloadChecker


@pytest.fixture(scope="module")
def checker():
    return PayloadChecker.from_domain()


@pytest.mark.parametrize(
    "text",
    [
        "/affirm",
        "/next_step",
        '/choose_type{"route_choice":"refused_assessment"}',
        '/make_complaint{"organisation":"complaint_about_nhs"}',
        "/restart",
    ],
)
def test_real_payloads_pass_unchanged(checker, text):
    assert checker.clean(text) == text


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("/my son needs help at school", "my son needs help at school"),
        ("/nonexistent_intent", "nonexistent_intent"),
        ('/choose_type{"route_choice": "x"', 'choose_type{"route_choice": "x"'),
        ('/inform_date{"x":"1"}', 'inform_date{"x":"1"}'),
        ('/choose_type{"route_choice": ["a"]}', 'choose_type{"route_choice": ["a"]}'),
        ("/affirm@0.1", "affirm@0.1"),
        ("//", ""),
        ("/", ""),
    ],
)
def test_anything_else_starting_with_a_slash_is_read_as_words(checker, text, cleaned):
    assert checker.clean(text) == cleaned


def test_ordinary_text_is_untouched(checker):
    assert checker.clean("the council said no / refused") == "the council said no / refused"


@pytest.mark.parametrize(
    "typed, meaning",
    [
        ("/start", "/greet"),
        ("/START ", "/greet"),
        ("/help", "/ask_help"),
        ("/stop", "/goodbye"),
        ("/session_start", "/greet"),
    ],
)
def test_commands_messaging_apps_suggest_mean_what_families_expect(checker, typed, meaning):
    assert checker.clean(typed) == meaning
