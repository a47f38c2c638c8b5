"""Two Rasa servers share the conversations: a family whose messages reach either server gets the
same guidance, and under load every message and reply is stored once, in order, under the right
family."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date, timedelta

import aiohttp

from tests.production.conftest import as_sent, reply_texts, stored_conversation

LADDER = ["hello", "the council refused to assess my daughter", "yes", "12/10/2026", "no", "no", "what next"]


def conversation_with_date(letter_date: date) -> list[str]:
    """The ladder conversation with its own decision-letter date, so each family's messages, and
    the deadlines in the replies, are theirs alone: a reply stored under another family shows."""
    return [*LADDER[:3], letter_date.strftime("%d/%m/%Y"), *LADDER[4:]]


def test_a_family_switching_servers_gets_the_same_guidance_as_on_one_server(cluster):
    one_server, both_servers = "one-" + uuid.uuid4().hex, "both-" + uuid.uuid4().hex
    for turn, message in enumerate(LADDER):
        on_one = cluster.send(0, one_server, message)
        on_both = cluster.send(turn, both_servers, message)  # replica 0, 1, 0, 1, ...
        assert on_one.status_code == on_both.status_code == 200
        assert [(r["text"], r.get("buttons")) for r in on_both.json()] == [
            (r["text"], r.get("buttons")) for r in on_one.json()
        ], message
    final = "\n".join(reply_texts(on_both.json()))
    assert "Step 2 of 4" in final and "0800 064 4488" in final  # the ladder went on to mediation


async def _converse(
    session: aiohttp.ClientSession, cluster, index: int, sender: str, messages: list[str]
) -> list[list[dict]]:
    replies = []
    for turn, message in enumerate(messages):
        async with session.post(
            cluster.url(index + turn),
            json={"sender": sender, "message": message},
            timeout=aiohttp.ClientTimeout(total=120),
        ) as response:
            assert response.status == 200, f"{sender} turn {turn}: {response.status}"
            replies.append(await response.json())
    return replies


async def _fifty_families(cluster, families: dict[str, list[str]]) -> dict[str, list[list[dict]]]:
    async with aiohttp.ClientSession() as session:
        results = await asyncio.gather(
            *(_converse(session, cluster, i, sender, messages) for i, (sender, messages) in enumerate(families.items()))
        )
    return dict(zip(families, results, strict=True))


def test_fifty_families_at_once_over_both_servers_are_all_stored_in_order(cluster, postgres):
    run = uuid.uuid4().hex[:8]
    today = date.today()
    families = {f"load-{run}-{i:02}": conversation_with_date(today - timedelta(days=10 + i)) for i in range(50)}

    received = asyncio.run(_fifty_families(cluster, families))

    bot_events = 0
    for sender, messages in families.items():
        user_messages, bot_replies = stored_conversation(postgres, sender)
        assert user_messages == messages, sender  # none lost, none twice, none from another family
        assert as_sent(bot_replies) == [text for replies in received[sender] for text in reply_texts(replies)], sender
        assert all(received[sender]), f"{sender} had a message with no reply"
        bot_events += len(bot_replies)
    # And across the whole table: nothing under any other sender of this run, and the counts add up.
    ((senders, users, bots),) = postgres.query(
        "SELECT count(DISTINCT sender_id), count(*) FILTER (WHERE type_name = 'user'), count(*) FILTER (WHERE "
        "type_name = 'bot') "
        "FROM events WHERE sender_id LIKE %s",
        f"rest:load-{run}-%",
    )
    assert (senders, users, bots) == (50, 50 * 7, bot_events)


async def _at_the_same_moment(cluster, sender: str, messages: list[str]) -> list[int]:
    async with aiohttp.ClientSession() as session:

        async def post(replica: int, message: str) -> int:
            async with session.post(
                cluster.url(replica),
                json={"sender": sender, "message": message},
                timeout=aiohttp.ClientTimeout(total=60),
            ) as response:
                return response.status

        return await asyncio.gather(*(post(replica, message) for replica, message in enumerate(messages)))


def test_two_messages_of_one_conversation_at_the_same_moment_on_both_servers_are_handled_one_after_the_other(
    cluster, postgres
):
    """A double tap, or a platform sending again: the lock lets one server at a time handle the
    conversation, so the second message is handled knowing the first (its events come after the
    first message's last event), and neither is lost or stored twice."""
    for attempt in range(10):
        sender = f"same-moment-{attempt}-" + uuid.uuid4().hex
        assert cluster.send(0, sender, "hello").status_code == 200
        pair = ["the council refused to assess my daughter", "yes"]
        assert asyncio.run(_at_the_same_moment(cluster, sender, pair)) == [200, 200]

        rows = postgres.query(
            "SELECT type_name, timestamp, data FROM events WHERE sender_id = %s ORDER BY id", f"rest:{sender}"
        )
        assert sorted(json.loads(data)["text"] for kind, _, data in rows if kind == "user") == sorted(["hello", *pair])
        timestamps = [timestamp for _, timestamp, _ in rows]
        assert timestamps == sorted(timestamps), "the two messages were handled at the same time"
