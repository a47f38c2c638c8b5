"""Turn content into the messages a family sees: rungs, contacts, answers, menus."""

from __future__ import annotations

import json
from dataclasses import dataclass

from guide.content import Contact, Content, Route


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[Button, ...] = ()


def payload(intent: str, **entities: str) -> str:
    """A button payload in Rasa's '/intent{"entity": "value"}' form."""
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def with_buttons(messages: list[Message], buttons: list[Button]) -> list[Message]:
    """Put the buttons on the last message, where the family's eye ends up."""
    if not messages:
        return messages
    *rest, last = messages
    return [*rest, Message(last.text, last.buttons + tuple(buttons))]


def contact_line(content: Content, contact: Contact) -> str:
    if not contact.has_details:
        return content.say("contact_missing", name=_capitalise(contact.name), local_offer=content.local_offer)
    details = []
    if contact.phone:
        details.append(f"phone {contact.phone}")
    if contact.out_of_hours_phone:
        details.append(f"out of hours {contact.out_of_hours_phone}")
    if contact.email:
        details.append(f"email {contact.email}")
    if contact.web:
        details.append(contact.web)
    what = f" ({contact.what})" if contact.what else ""
    return f"{_capitalise(contact.name)}{what}: {', '.join(details)}"


def contacts_block(content: Content, contact_ids: list[str] | tuple[str, ...]) -> str:
    lines = [f"- {contact_line(content, content.contacts[cid])}" for cid in dict.fromkeys(contact_ids)]
    return "\n".join(lines)


def widget_unreachable_text(content: Content) -> str:
    """What the web chat says when it cannot reach the assistant at all: it cannot ask the server."""
    return content.say("widget_unreachable") + " " + contact_line(content, content.contacts["mediation_provider"]) + "."


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join_words(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def rung_messages(content: Content, route: Route, index: int) -> list[Message]:
    """One rung, in four short messages: what it is, its nature and time, what to prepare, who to contact."""
    rung = content.rungs[route.rungs[index]]
    heading = content.say("rung_heading", number=index + 1, total=len(route.rungs), title=rung.title)
    what = f"{heading}\n\n{rung.what}"
    if rung.id in route.notes:
        what += f"\n\n{route.notes[rung.id]}"
    nature = content.say("how_long", how_long=rung.how_long)
    if rung.qualities:
        words = [content.messages["quality_words"][q] for q in rung.qualities]
        nature = content.say("qualities", qualities=_join_words(words)) + "\n" + nature
    prepare = content.say("prepare") + "\n" + "\n".join(f"- {item}" for item in rung.prepare)
    contacts = content.say("who_to_contact") + "\n" + contacts_block(content, rung.contacts)
    return [Message(what), Message(nature), Message(prepare), Message(contacts)]


def menu_buttons(content: Content) -> list[Button]:
    """Every type of disagreement, plus a complaint and a person: the way in for anyone."""
    buttons = [
        Button(route.label, payload("choose_type", route_choice=route.id)) for route in content.disagreement_routes
    ]
    buttons.append(Button(content.button("make_complaint"), payload("make_complaint")))
    buttons.append(Button(content.button("talk_to_person"), payload("request_human")))
    return buttons


def route_buttons(content: Content, route_ids: list[str]) -> list[Button]:
    return [Button(content.routes[r].label, payload("choose_type", route_choice=r)) for r in route_ids]


def complaint_buttons(content: Content) -> list[Button]:
    return [Button(route.label, payload("make_complaint", organisation=route.id)) for route in content.complaint_routes]


def yes_no_buttons(content: Content, no_title: str | None = None) -> list[Button]:
    return [
        Button(content.button("answer_yes"), payload("affirm")),
        Button(no_title or content.button("answer_no"), payload("deny")),
    ]
