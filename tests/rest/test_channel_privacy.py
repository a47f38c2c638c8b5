"""Whatever channel a family writes on, what they type stays out of the server logs."""

import requests

from tests.rest import test_callback_channel as callback
from tests.rest import test_facebook_channel as facebook
from tests.rest import test_slack_channel as slack
from tests.rest import test_teams_channel as teams
from tests.rest import test_telegram_channel as telegram
from tests.rest import test_twilio_channel as twilio
from tests.rest.test_teams_channel import microsoft  # noqa: F401 (a fixture this test uses)

MARKER = "Quillabee5590"  # a word no log line would contain by chance


def test_no_channel_writes_a_familys_words_to_the_logs(servers, microsoft):  # noqa: F811
    for text in (f"my daughter {MARKER} needs help", f"/{MARKER} at school", f"/nonexistent_{MARKER}"):
        assert twilio.say(servers, next(twilio.PHONES), text)
        chat = next(telegram.CHATS)
        assert telegram.send(servers, chat, telegram.typed(chat, text))
        user = next(slack.USERS)
        assert slack.send(servers, user, slack.typed(user, text))
        assert teams.send(servers, microsoft, next(teams.USERS), text)[1]
        psid = next(facebook.PSIDS)
        assert facebook.send(servers, psid, facebook.event(psid, text))
        assert callback.send(servers, "case-privacy", text)[1]
    # A message the channel cannot read is skipped without being logged either.
    psid = next(facebook.PSIDS)
    body = facebook.event(psid, MARKER).replace(
        b'"text": "' + MARKER.encode() + b'"',
        b'"attachments": [{"type": "x", "payload": {"url": "' + MARKER.encode() + b'"}}]',
    )
    requests.post(servers.webhook("facebook"), data=body, headers=facebook.signed(body), timeout=30)
    logs = servers.rasa_log.read_text() + servers.action_log.read_text()
    assert MARKER not in logs
