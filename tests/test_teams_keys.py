"""When the Teams channel fetches Microsoft's signing keys: when first needed, when a token names a
key it has not seen (Microsoft rotated them), and daily; never more than once a minute."""

import asyncio
import datetime

import aiohttp
import pytest

from channels.teams import KEY_FETCH_INTERVAL, TeamsInput


class CountingTeams(TeamsInput):
    def __init__(self, published: dict, fail: bool = False):
        super().__init__("app-id", "app-password")
        self.published, self.fail, self.fetches = published, fail, 0

    async def _fetch_keys(self):
        self.fetches += 1
        if self.fail:
            raise aiohttp.ClientConnectionError("no route")
        self.jwt_keys = dict(self.published)
        self.jwt_update_time = datetime.datetime.now()


def key(teams, key_id):
    return asyncio.run(teams._key(key_id))


def a_minute_passes(teams):
    teams.last_key_fetch -= KEY_FETCH_INTERVAL + datetime.timedelta(seconds=1)


def test_keys_are_fetched_when_first_needed_and_then_kept():
    teams = CountingTeams({"a": {"kid": "a"}})
    assert key(teams, "a") == {"kid": "a"} and key(teams, "a") == {"kid": "a"}
    assert teams.fetches == 1


def test_a_new_key_id_fetches_the_keys_again():
    teams = CountingTeams({"a": {"kid": "a"}})
    key(teams, "a")
    teams.published = {"a": {"kid": "a"}, "b": {"kid": "b"}}  # Microsoft publishes a new key
    a_minute_passes(teams)
    assert key(teams, "b") == {"kid": "b"}
    assert teams.fetches == 2


def test_made_up_key_ids_fetch_at_most_once_a_minute():
    teams = CountingTeams({"a": {"kid": "a"}})
    key(teams, "a")
    a_minute_passes(teams)
    assert [key(teams, f"forged-{n}") for n in range(20)] == [None] * 20
    assert teams.fetches == 2


def test_keys_older_than_a_day_are_fetched_again():
    teams = CountingTeams({"a": {"kid": "a"}})
    key(teams, "a")
    teams.jwt_update_time -= datetime.timedelta(days=1, seconds=1)
    a_minute_passes(teams)
    key(teams, "a")
    assert teams.fetches == 2


def test_an_unreachable_microsoft_is_tried_again_after_a_minute_not_on_every_request(caplog):
    teams = CountingTeams({}, fail=True)
    assert key(teams, "a") is None and key(teams, "a") is None
    assert teams.fetches == 1
    assert "Could not fetch the Bot Framework's signing keys" in caplog.text
    teams.fail = False
    teams.published = {"a": {"kid": "a"}}
    a_minute_passes(teams)
    assert key(teams, "a") == {"kid": "a"}


@pytest.mark.parametrize("header", ["", "Basic abc", "Bearer not-a-token"])
def test_a_missing_or_broken_token_has_no_claims_and_fetches_nothing(header):
    teams = CountingTeams({"a": {"kid": "a"}})
    assert asyncio.run(teams.token_claims(header)) is None
    assert teams.fetches == 0
