"""Telegram: a real Rasa server, Telegram's update format and secret-token header, and a local
stand-in for Telegram's Bot API that records what the family's chat would show."""

import itertools
import json

import requests

from tests.servers import TELEGRAM_TEST_SETTINGS

CHATS = itertools.count(5550001)
UPDATES = itertools.count(1)
SECRET = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_TEST_SETTINGS["TELEGRAM_SECRET_TOKEN"]}


def typed(chat_id, text):
    return {
        "update_id": next(UPDATES),
        "message": {
            "message_id": next(UPDATES),
            "date": 1764300000,
            "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
        },
    }


def pressed(chat_id, payload):
    return {
        "update_id": next(UPDATES),
        "callback_query": {
            "id": str(next(UPDATES)),
            "chat_instance": "1",
            "data": payload,
            "from": {"id": chat_id, "is_bot": False, "first_name": "A"},
            "message": {
                "message_id": next(UPDATES),
                "date": 1764300000,
                "text": "...",
                "chat": {"id": chat_id, "type": "private"},
            },
        },
    }


def sent_to(servers, chat_id, since=0):
    return [r["body"] for r in servers.platforms.sent("/sendMessage", chat_id=str(chat_id))][since:]


def send(servers, chat_id, update, headers=SECRET):
    before = len(sent_to(servers, chat_id))
    reply = requests.post(servers.webhook("telegram"), json=update, headers=headers, timeout=60)
    assert reply.status_code == 200
    return sent_to(servers, chat_id, since=before)


def buttons(message):
    markup = json.loads(message.get("reply_markup") or "{}")
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def test_a_whole_conversation_on_telegram_with_real_buttons(servers):
    chat = next(CHATS)
    confirm = send(servers, chat, typed(chat, "the council refused to assess my daughter"))
    assert buttons(confirm[-1]) == [("Yes", "/affirm"), ("No, something else", "/deny")]

    send(servers, chat, pressed(chat, "/affirm"))
    asked = send(servers, chat, pressed(chat, "/deny"))  # "I don't have a letter yet"
    assert ("No", "/deny") in buttons(asked[-1])
    first_rung = send(servers, chat, pressed(chat, "/deny"))
    assert "Step 1 of" in " ".join(m["text"] for m in first_rung)
    assert ("What next?", "/next_step") in buttons(first_rung[-1])

    second_rung = send(servers, chat, pressed(chat, "/next_step"))
    assert "Step 2 of" in " ".join(m["text"] for m in second_rung)
    everything = " ".join(m["text"] for m in sent_to(servers, chat))
    assert "0800 064 4488" in everything
    assert "/affirm" not in everything and "/next_step" not in everything  # payloads stay in buttons


def test_each_choice_is_its_own_row_and_fits_telegrams_button_limit(servers):
    chat = next(CHATS)
    menu = send(servers, chat, typed(chat, "/start"))
    rows = json.loads(menu[-1]["reply_markup"])["inline_keyboard"]
    assert len(rows) >= 8 and all(len(row) == 1 for row in rows)
    assert all(len(row[0]["callback_data"].encode()) <= 64 for row in rows)


def test_updates_without_the_secret_token_are_refused_and_never_reach_the_assistant(servers):
    chat = next(CHATS)
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
        reply = requests.post(servers.webhook("telegram"), json=typed(chat, "hello"), headers=headers, timeout=60)
        assert reply.status_code == 403
    assert sent_to(servers, chat) == []


def test_a_photo_or_sticker_is_ignored_politely(servers):
    chat = next(CHATS)
    update = typed(chat, "x")
    del update["message"]["text"]
    assert send(servers, chat, update) == []


def test_a_reply_telegram_refuses_does_not_lose_the_conversation(servers):
    chat = next(CHATS)
    servers.platforms.failing.add("/sendMessage")
    try:
        answer = requests.post(
            servers.webhook("telegram"),
            json=typed(chat, "the council refused to assess my daughter"),
            headers=SECRET,
            timeout=60,
        )
    finally:
        servers.platforms.failing.discard("/sendMessage")
    assert answer.status_code == 200  # anything else and Telegram sends the same update again
    assert sent_to(servers, chat)  # the reply was tried, and refused
    # The turn was kept: "Yes" confirms the refused assessment and the guide asks for the letter's date.
    asked = send(servers, chat, pressed(chat, "/affirm"))
    assert "What date is on the decision letter" in " ".join(m["text"] for m in asked)
