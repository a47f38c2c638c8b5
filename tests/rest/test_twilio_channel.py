"""SMS and WhatsApp through Twilio: a real Rasa server, Twilio's webhook format and signature, and a
local stand-in for Twilio's API that records each SMS the family would receive."""

import itertools

import requests
from twilio.request_validator import RequestValidator

from tests.servers import TWILIO_TEST_SETTINGS

PHONES = (f"+4477009{n:05d}" for n in itertools.count(100))


def post(servers, sender, text, signature=None):
    form = {
        "From": sender,
        "To": TWILIO_TEST_SETTINGS["TWILIO_NUMBER"],
        "Body": text,
        "MessageSid": "SM123",
        "NumMedia": "0",
    }
    if signature is None:
        signature = RequestValidator(TWILIO_TEST_SETTINGS["TWILIO_AUTH_TOKEN"]).compute_signature(
            servers.webhook("twilio"), form
        )
    headers = {"X-Twilio-Signature": signature} if signature else {}
    return requests.post(servers.webhook("twilio"), data=form, headers=headers, timeout=60)


def texts_to(servers, phone, since=0):
    """The SMS bodies sent to this phone, in order, after the first `since`."""
    return [r["body"]["Body"] for r in servers.platforms.sent("/Messages.json", To=phone)][since:]


def say(servers, phone, text):
    before = len(texts_to(servers, phone))
    assert post(servers, phone, text).status_code == 204
    replies = texts_to(servers, phone, since=before)
    assert replies, f"no SMS came back for {text!r}"
    return replies


def test_a_whole_conversation_by_sms_reads_well_without_buttons(servers):
    phone = next(PHONES)
    confirm = say(servers, phone, "the council refused to assess my son")
    assert "Reply with a number:\n1. Yes\n2. No, something else" in confirm[-1]

    after_yes = say(servers, phone, "1")
    assert any("2 months" in text for text in after_yes)
    assert "1. I don't have a letter yet" in after_yes[-1]

    asked = say(servers, phone, "the first one")  # "I don't have a letter yet"
    assert "Have you already talked to the council" in asked[-1] and "1. Yes\n2. No" in asked[-1]

    first_rung = say(servers, phone, "two")
    assert "Step 1 of" in "\n".join(first_rung)
    numbered = first_rung[-1].split("Reply with a number:\n")[1].splitlines()
    what_next = next(line for line in numbered if line.endswith("What next?"))

    second_rung = say(servers, phone, what_next.split(".")[0])
    conversation = "\n".join(texts_to(servers, phone))
    assert "Step 2 of" in "\n".join(second_rung)
    assert "0800 064 4488" in conversation  # Global Mediation's number, written out in full
    assert "sen@globalmediation.co.uk" in conversation

    for text in texts_to(servers, phone):
        assert len(text) <= 600
        assert "/affirm" not in text and "/next_step" not in text and "payload" not in text
        assert not text.startswith(("0:", "1:"))  # Rasa's default one-SMS-per-button form


def test_every_sms_comes_from_the_councils_number(servers):
    phone = next(PHONES)
    say(servers, phone, "hello")
    assert {r["body"]["From"] for r in servers.platforms.sent("/Messages.json", To=phone)} == {
        TWILIO_TEST_SETTINGS["TWILIO_NUMBER"]
    }


def test_whatsapp_messages_are_answered_on_whatsapp(servers):
    phone = "whatsapp:" + next(PHONES)
    say(servers, phone, "hi")
    assert {r["body"]["From"] for r in servers.platforms.sent("/Messages.json", To=phone)} == {
        "whatsapp:" + TWILIO_TEST_SETTINGS["TWILIO_NUMBER"]
    }


def test_a_number_with_no_choice_waiting_gets_a_question_not_a_guess(servers):
    phone = next(PHONES)
    replies = say(servers, phone, "2")
    assert "not sure which choice" in replies[0]
    assert "Reply with a number:" in replies[-1]


def test_a_number_beyond_the_choices_is_not_guessed_either(servers):
    phone = next(PHONES)
    say(servers, phone, "the council refused to assess my son")  # two choices
    assert "not sure which choice" in say(servers, phone, "7")[0]


def test_unsigned_and_wrongly_signed_requests_are_refused_and_never_reach_the_assistant(servers):
    phone = next(PHONES)
    assert post(servers, phone, "hello", signature="").status_code == 403
    assert post(servers, phone, "hello", signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    other_account = RequestValidator("someone-elses-token").compute_signature(
        servers.webhook("twilio"),
        {
            "From": phone,
            "To": TWILIO_TEST_SETTINGS["TWILIO_NUMBER"],
            "Body": "hello",
            "MessageSid": "SM123",
            "NumMedia": "0",
        },
    )
    assert post(servers, phone, "hello", signature=other_account).status_code == 403
    assert texts_to(servers, phone) == []


def test_knowing_a_familys_phone_number_does_not_open_their_conversation_on_the_web(servers):
    phone = next(PHONES)
    say(servers, phone, "the council refused to assess my son")  # waiting for "Is that right?"
    web = requests.post(servers.url, json={"sender": phone, "message": "yes"}, timeout=60).json()
    assert "refused" not in " ".join(r.get("text", "") for r in web)  # the web request starts its own conversation
    assert all(r["recipient_id"] != phone for r in web)
    assert any("2 months" in text for text in say(servers, phone, "1"))  # the SMS conversation is untouched


def test_each_turn_goes_as_few_sms_as_the_600_character_rule_allows(servers):
    """Rasa sent each message of a turn, and each paragraph, as its own SMS: 16 for 6 turns."""
    phone = next(PHONES)
    for text in ("the school won't give my daughter the support she needs", "1"):
        say(servers, phone, text)
    rung = say(servers, phone, "2")  # not yet talked to the school: step 1, in full
    joined = "\n\n".join(rung)
    assert joined.index("Step 1 of 4") < joined.index("What to get ready:") < joined.index("Who to contact:")
    assert all(len(part) <= 600 for part in rung)
    # No two neighbouring parts would have fitted in one.
    assert all(len(a) + 2 + len(b) > 600 for a, b in itertools.pairwise(rung))
    assert len(rung) <= 3
    conversation = texts_to(servers, phone)
    assert len(conversation) <= 6, conversation
