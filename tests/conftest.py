from datetime import date

import pytest

from guide.content import load_content
from guide.conversation import Guide
from tests.fake_platforms import FakePlatformApi
from tests.servers import MODEL, Servers, channel_test_env, free_port

# A fixed "today" keeps every date in the tests stable.
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def content():
    return load_content()


@pytest.fixture
def guide(content):
    return Guide(content, today=lambda: TODAY)


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """One set of real servers for every REST and browser test in the run."""
    if not MODEL.exists():
        pytest.fail("No trained model: run `make train` first (`make test` does this for you).")
    platforms = FakePlatformApi(free_port())
    servers = Servers(tmp_path_factory.mktemp("servers"), channel_env=channel_test_env(platforms.url))
    servers.platforms = platforms
    servers.env["TWILIO_WEBHOOK_URL"] = servers.webhook("twilio")  # Twilio signs the URL it calls
    servers.start_actions()
    try:
        servers.start_rasa()
        servers.start_web()
        yield servers
    finally:
        servers.stop()
        platforms.stop()
