"""Channels switch on only when all their environment variables are set; secrets never go in a file."""

from pathlib import Path

import yaml

from channels.credentials import active_channels, write_active_credentials

ROOT = Path(__file__).resolve().parents[1]
TWILIO = {
    "TWILIO_ACCOUNT_SID": "AC1",
    "TWILIO_AUTH_TOKEN": "secret",
    "TWILIO_NUMBER": "+44123",
    "TWILIO_WEBHOOK_URL": "https://council.example/webhooks/twilio/webhook",
}


def test_with_no_variables_only_the_rest_channel_is_on(tmp_path):
    on = write_active_credentials(ROOT / "channels.yml", tmp_path / "credentials.yml", environment={})
    assert on == ["channels.rest.PrivateRestInput"]
    assert list(yaml.safe_load((tmp_path / "credentials.yml").read_text())) == on


def test_a_channel_with_every_variable_set_is_on_and_its_secrets_stay_variables(tmp_path):
    on = write_active_credentials(ROOT / "channels.yml", tmp_path / "credentials.yml", environment=TWILIO)
    assert "channels.twilio.TwilioTextInput" in on
    written = (tmp_path / "credentials.yml").read_text()
    assert "${TWILIO_AUTH_TOKEN}" in written and "secret" not in written  # Rasa fills it in at start


def test_a_channel_missing_one_variable_stays_off_and_says_which():
    partial = {k: v for k, v in TWILIO.items() if k != "TWILIO_WEBHOOK_URL"}
    needs = active_channels((ROOT / "channels.yml").read_text(), partial)
    assert needs["channels.twilio.TwilioTextInput"] == ["TWILIO_WEBHOOK_URL"]
    assert needs["channels.rest.PrivateRestInput"] == []


def test_the_committed_credentials_hold_no_secrets():
    for channel, settings in (yaml.safe_load((ROOT / "channels.yml").read_text()) or {}).items():
        for key, value in (settings or {}).items():
            assert str(value).startswith("${"), f"{channel}.{key} must come from an environment variable"
