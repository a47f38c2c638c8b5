"""Bad input through the REST channel: always a kind reply, never an error or an echo."""

import pytest

BAD_INPUT = [
    "",
    "   ",
    "\n\t",
    "😀😀😀",
    "🙏",
    "x" * 20000,
    "help " * 4000,
    "Bonjour, mon fils a besoin d'aide à l'école",
    "Mój syn potrzebuje pomocy w szkole",
    "میرے بیٹے کو اسکول میں مدد چاہیے",
    "/",
    "//",
    "/nonexistent_intent",
    "/affirm@0.1",
    '/choose_type{"route_choice": "x"',
    '/choose_type{"route_choice":"<script>alert(1)</script>"}',
    '/make_complaint{"organisation": ["a", "b"]}',
    '/inform_date{"x":1}',
    "/restart",
    "<script>alert('x')</script>",
    "<b>bold</b> <img src=x onerror=alert(1)>",
    "'; DROP TABLE events; --",
    "{{7*7}} ${7*7}",
    "\x00\x01\x02",
]


@pytest.mark.parametrize("message", BAD_INPUT, ids=lambda m: repr(m[:30]))
def test_bad_input_gets_a_kind_reply(family, message):
    said = family.says(message)
    assert family.replies, "the family got no reply at all"
    assert all(r.get("text") for r in family.replies)
    for marker in ("Traceback", "Exception", "Error:", "<script", "onerror", "{{7*7}}", "DROP TABLE"):
        assert marker not in said


def test_the_conversation_still_works_after_bad_input(family):
    family.says('/choose_type{"route_choice":"<script>"}')
    family.says("x" * 20000)
    said = family.says('/choose_type{"route_choice":"refused_assessment"}')
    assert "2 months" in said


def test_empty_message_asks_kindly(family):
    assert "empty" in family.says("   ")
