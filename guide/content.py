"""Load the content files in content/ and check them before anything uses them.

A council officer edits these files. A mistake must stop start-up with the file, the line and
what is wrong, rather than turn up later as a broken or wrong reply to a family.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"

QUALITIES = ("free", "independent", "confidential", "voluntary")

# Placeholders that rung and FAQ text may use; filled once, from council.yml, at load time.
COUNCIL_PLACEHOLDERS = ("council", "mediation_provider", "local_offer")

# Every message the code says, with the placeholders it fills in. A council may reword any of
# them, but a missing message or an unknown {placeholder} is an error at start-up.
MESSAGE_PLACEHOLDERS: dict[str, set[str]] = {
    "greeting": set(),
    "action_server_down": set(),
    "action_server_down_safety": set(),
    "action_server_down_help": set(),
    "try_again": set(),
    "widget_unreachable": set(),
    "reply_with_number": set(),
    "number_without_choice": set(),
    "goodbye": set(),
    "thanks_reply": set(),
    "bot_challenge": set(),
    "out_of_scope": set(),
    "confirm_type": {"summary"},
    "offer_choices": set(),
    "offer_choices_after_no": set(),
    "describe_again": set(),
    "route_start": set(),
    "complaint_start": {"summary"},
    "clock_warning": {"months"},
    "ask_letter_date": set(),
    "ask_certificate": set(),
    "ask_certificate_date": set(),
    "certificate_before_letter": set(),
    "no_letter_yet": set(),
    "discrimination_clock": {"months"},
    "ask_act_date": set(),
    "skipped_date": set(),
    "date_not_understood": set(),
    "date_in_future": set(),
    "letter_date_said": {"letter_date"},
    "adviser_deadline": {"date"},
    "adviser_deadline_passed": {"date"},
    "tribunal_deadline": {"date"},
    "tribunal_deadline_from_certificate": {"date"},
    "deadline_moved_august": set(),
    "deadline_moved_christmas": set(),
    "deadline_moved_weekend": set(),
    "certificate_can_extend": set(),
    "tribunal_deadline_passed": {"date"},
    "discrimination_deadline": {"date"},
    "discrimination_deadline_passed": {"date"},
    "check_your_letter": set(),
    "check_the_date": set(),
    "which_deadline": set(),
    "deadline_for_appeal_button": set(),
    "deadline_for_discrimination_button": set(),
    "other_time_limits": set(),
    "rung_heading": {"number", "total", "title"},
    "qualities": {"qualities"},
    "how_long": {"how_long"},
    "prepare": set(),
    "who_to_contact": set(),
    "first_step": set(),
    "last_step": set(),
    "no_route_yet": set(),
    "not_sure_answer": set(),
    "start_again": set(),
    "resume_nothing": set(),
    "where_we_were": set(),
    "asked_again": set(),
    "you_also_asked": {"question"},
    "you_asked": {"question"},
    "think_you_asked": {"question"},
    "ask_complaint_about": set(),
    "organisation_not_understood": set(),
    "contacts_intro": set(),
    "contact_missing": {"name", "local_offer"},
    "local_offer_fallback": set(),
    "talk_to_person_end": set(),
    "safeguarding_council": {"council"},
    "safeguarding_end": set(),
    "safeguarding_carry_on": set(),
    "not_understood": set(),
    "empty_message": set(),
}
MESSAGE_LISTS = ("safeguarding",)
# The safety reply names its phone numbers from contacts.yml, so each number is written in one place.
SAFETY_PHONES = ("emergency", "nspcc", "childline", "police_non_emergency")
BUTTONS = (
    "answer_yes",
    "answer_no",
    "no_something_else",
    "something_else",
    "next",
    "back",
    "start_again",
    "talk_to_person",
    "make_complaint",
    "no_letter",
    "skip",
    "carry_on",
    "ask_deadline",
    "worried_about_safety",
)


class ContentError(ValueError):
    """A content file is missing, unreadable or wrong. The message names the file and line."""


@dataclass(frozen=True)
class Contact:
    id: str
    name: str
    what: str = ""
    phone: str = ""
    out_of_hours_phone: str = ""
    email: str = ""
    web: str = ""

    @property
    def has_details(self) -> bool:
        return bool(self.phone or self.email or self.web)


@dataclass(frozen=True)
class Rung:
    id: str
    title: str
    done_question: str
    what: str
    qualities: tuple[str, ...]
    how_long: str
    prepare: tuple[str, ...]
    contacts: tuple[str, ...]
    declining_is_done: bool = False  # "we decided not to" answers its done_question with yes


@dataclass(frozen=True)
class Route:
    id: str
    label: str
    summary: str
    rungs: tuple[str, ...]
    appealable: bool = False
    complaint: bool = False
    discrimination_claim: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    start_note: str = ""


@dataclass(frozen=True)
class FaqEntry:
    title: str
    answer: tuple[str, ...]
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeadlineRules:
    mediation_adviser_months_from_letter: int
    tribunal_months_from_letter: int
    tribunal_months_from_certificate: int
    discrimination_months_from_act: int


@dataclass(frozen=True)
class Content:
    council_name: str
    local_offer: str
    contacts: dict[str, Contact]
    rungs: dict[str, Rung]
    routes: dict[str, Route]
    faq: dict[str, FaqEntry]
    deadlines: DeadlineRules
    messages: dict[str, Any]
    safeguarding_patterns: tuple[re.Pattern[str], ...]

    def say(self, key: str, **values: Any) -> str:
        return self.messages[key].format(**values)

    def button(self, key: str) -> str:
        return self.messages["buttons"][key]

    @property
    def disagreement_routes(self) -> list[Route]:
        return [route for route in self.routes.values() if not route.complaint]

    @property
    def complaint_routes(self) -> list[Route]:
        return [route for route in self.routes.values() if route.complaint]


# --- reading YAML with line numbers -----------------------------------------------------------


class _Mapping(dict):
    """A dict that remembers the line of each key, so errors can point at it."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {key_node.value: key_node.start_mark.line + 1 for key_node, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _File:
    """One content file being checked: reports errors as 'content/x.yml, line N: ...'."""

    def __init__(self, directory: Path, name: str):
        self.path = directory / name
        self.name = f"content/{name}"
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as error:
            raise ContentError(f"{self.name}: cannot read the file ({error.strerror}).") from None
        try:
            self.data = yaml.load(text, Loader=_LineLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f", line {mark.line + 1}" if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            raise ContentError(f"{self.name}{where}: this is not valid YAML ({problem}).") from None
        if not isinstance(self.data, dict):
            raise ContentError(f"{self.name}: the file should be a list of 'name: value' entries.")

    def fail(self, parent: Any, key: str | None, problem: str) -> ContentError:
        line = None
        if isinstance(parent, _Mapping):
            line = parent.key_lines.get(key, parent.line) if key is not None else parent.line
        where = f", line {line}" if line else ""
        what = f" '{key}'" if key is not None else ""
        return ContentError(f"{self.name}{where}:{what} {problem}")

    def mapping(self, parent: dict, key: str, required: bool = True) -> dict:
        value = parent.get(key)
        if value is None and not required:
            return _Mapping()
        if not isinstance(value, dict):
            raise self.fail(parent, key, "should be a group of 'name: value' entries.")
        return value

    def text(self, parent: dict, key: str, required: bool = True) -> str:
        value = parent.get(key, None)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(parent, key, "should be some text in quotes.")
        return " ".join(value.split())

    def text_list(self, parent: dict, key: str, required: bool = True) -> tuple[str, ...]:
        value = parent.get(key)
        if value is None and not required:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(parent, key, "should be a list of text items, each on a line starting with '-'.")
        return tuple(" ".join(v.split()) for v in value)

    def only_keys(self, parent: dict, allowed: set[str], what: str) -> None:
        for key in parent:
            if key not in allowed:
                hint = f" Allowed: {', '.join(sorted(allowed))}." if len(allowed) <= 12 else " Check the spelling."
                raise self.fail(parent, key, f"is not something a {what} can have.{hint}")


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


# --- the files ------------------------------------------------------------------------------


def _load_council(directory: Path) -> tuple[str, str, dict[str, Contact]]:
    f = _File(directory, "council.yml")
    council = f.text(f.data, "name")
    local_offer = f.text(f.data, "local_offer_url", required=False)
    contacts: dict[str, Contact] = {}
    for key in ("send_team", "sendiass", "childrens_services", "mediation_provider"):
        entry = f.mapping(f.data, key)
        f.only_keys(entry, {"name", "phone", "out_of_hours_phone", "email", "web"}, "council contact")
        contacts[key] = Contact(
            id=key,
            name=f.text(entry, "name"),
            phone=f.text(entry, "phone", required=False),
            out_of_hours_phone=f.text(entry, "out_of_hours_phone", required=False),
            email=f.text(entry, "email", required=False),
            web=f.text(entry, "web", required=False),
        )
    complaints = f.mapping(f.data, "complaints")
    f.only_keys(complaints, {"council_web", "social_care_web"}, "complaints entry")
    contacts["council_complaints"] = Contact(
        id="council_complaints",
        name=f"{council} complaints",
        web=f.text(complaints, "council_web", required=False),
    )
    contacts["social_care_complaints"] = Contact(
        id="social_care_complaints",
        name=f"{council} children's social care complaints, comments and compliments",
        web=f.text(complaints, "social_care_web", required=False),
    )
    if not contacts["mediation_provider"].has_details:
        raise f.fail(
            f.data, "mediation_provider", "needs a phone number, email or web address: families are sent there."
        )
    return council, local_offer, contacts


def _load_contacts(directory: Path) -> dict[str, Contact]:
    f = _File(directory, "contacts.yml")
    contacts = {}
    for contact_id, entry in f.data.items():
        if not isinstance(entry, dict):
            raise f.fail(f.data, contact_id, "should be a group with name, what, phone, email or web.")
        f.only_keys(entry, {"name", "what", "phone", "email", "web"}, "contact")
        contact = Contact(
            id=contact_id,
            name=f.text(entry, "name"),
            what=f.text(entry, "what", required=False),
            phone=f.text(entry, "phone", required=False),
            email=f.text(entry, "email", required=False),
            web=f.text(entry, "web", required=False),
        )
        if not contact.has_details:
            raise f.fail(f.data, contact_id, "needs at least a phone number, email or web address.")
        contacts[contact_id] = contact
    return contacts


def _fill(f: _File, parent: dict, key: str, text: str, council_values: dict[str, str]) -> str:
    unknown = _placeholders(text) - set(COUNCIL_PLACEHOLDERS)
    if unknown:
        raise f.fail(
            parent,
            key,
            f"uses {{{', '.join(sorted(unknown))}}}; only {{council}}, {{mediation_provider}} and {{local_offer}} "
            "can be used here.",
        )
    return text.format(**council_values)


def _check_contacts(f: _File, parent: dict, key: str, ids: tuple[str, ...], contacts: dict[str, Contact]) -> None:
    for contact_id in ids:
        if contact_id not in contacts:
            raise f.fail(parent, key, f"names the contact '{contact_id}', which is not in contacts.yml or council.yml.")


def _load_ladder(
    directory: Path, contacts: dict[str, Contact], council_values: dict[str, str]
) -> tuple[dict[str, Rung], dict[str, Route]]:
    f = _File(directory, "ladder.yml")
    rung_fields = {
        "title",
        "done_question",
        "what",
        "qualities",
        "how_long",
        "prepare",
        "contacts",
        "declining_is_done",
    }
    rungs: dict[str, Rung] = {}
    for rung_id, entry in f.mapping(f.data, "rungs").items():
        if not isinstance(entry, dict):
            raise f.fail(f.data["rungs"], rung_id, "should be a group with title, what, how_long and so on.")
        f.only_keys(entry, rung_fields, "rung")
        qualities = f.text_list(entry, "qualities", required=False)
        for quality in qualities:
            if quality not in QUALITIES:
                raise f.fail(entry, "qualities", f"has '{quality}'; use only {', '.join(QUALITIES)}.")
        rung_contacts = f.text_list(entry, "contacts")
        _check_contacts(f, entry, "contacts", rung_contacts, contacts)
        rungs[rung_id] = Rung(
            id=rung_id,
            title=_fill(f, entry, "title", f.text(entry, "title"), council_values),
            done_question=_fill(f, entry, "done_question", f.text(entry, "done_question"), council_values),
            what=_fill(f, entry, "what", f.text(entry, "what"), council_values),
            qualities=qualities,
            how_long=_fill(f, entry, "how_long", f.text(entry, "how_long"), council_values),
            prepare=tuple(_fill(f, entry, "prepare", item, council_values) for item in f.text_list(entry, "prepare")),
            contacts=rung_contacts,
            declining_is_done=bool(entry.get("declining_is_done", False)),
        )

    route_fields = {
        "label",
        "summary",
        "appealable",
        "complaint",
        "discrimination_claim",
        "rungs",
        "notes",
        "keywords",
        "start_note",
    }
    routes: dict[str, Route] = {}
    for route_id, entry in f.mapping(f.data, "routes").items():
        if not isinstance(entry, dict):
            raise f.fail(f.data["routes"], route_id, "should be a group with label, summary and rungs.")
        f.only_keys(entry, route_fields, "route")
        route_rungs = f.text_list(entry, "rungs")
        for rung_id in route_rungs:
            if rung_id not in rungs:
                raise f.fail(entry, "rungs", f"names the rung '{rung_id}', which is not under 'rungs:'.")
        notes = f.mapping(entry, "notes", required=False)
        for rung_id in notes:
            if rung_id not in route_rungs:
                raise f.fail(notes, rung_id, "is a note for a rung that is not on this route.")
        for flag in ("appealable", "complaint", "discrimination_claim"):
            if not isinstance(entry.get(flag, False), bool):
                raise f.fail(entry, flag, "should be true or false.")
        routes[route_id] = Route(
            id=route_id,
            label=f.text(entry, "label"),
            summary=f.text(entry, "summary"),
            rungs=route_rungs,
            appealable=entry.get("appealable", False),
            complaint=entry.get("complaint", False),
            discrimination_claim=entry.get("discrimination_claim", False),
            notes={rung_id: _fill(f, notes, rung_id, f.text(notes, rung_id), council_values) for rung_id in notes},
            keywords=tuple(k.lower() for k in f.text_list(entry, "keywords", required=False)),
            start_note=_fill(f, entry, "start_note", f.text(entry, "start_note", required=False), council_values),
        )
        if routes[route_id].complaint and not routes[route_id].keywords:
            raise f.fail(
                entry, "keywords", "is needed on a complaint route, so typed answers like 'the school' find it."
            )
    used = {rung_id for route in routes.values() for rung_id in route.rungs}
    for rung_id in rungs:
        if rung_id not in used:
            raise f.fail(f.data["rungs"], rung_id, "is not on any route: add it to a route's rungs, or remove it.")
    return rungs, routes


def _load_faq(directory: Path, contacts: dict[str, Contact], council_values: dict[str, str]) -> dict[str, FaqEntry]:
    f = _File(directory, "faq.yml")
    faq = {}
    for intent, entry in f.data.items():
        if not isinstance(entry, dict):
            raise f.fail(f.data, intent, "should be a group with 'title', 'answer' (and maybe 'contacts').")
        f.only_keys(entry, {"title", "answer", "contacts"}, "question")
        title = f.text(entry, "title")
        answer = tuple(_fill(f, entry, "answer", text, council_values) for text in f.text_list(entry, "answer"))
        faq_contacts = f.text_list(entry, "contacts", required=False)
        _check_contacts(f, entry, "contacts", faq_contacts, contacts)
        faq[intent] = FaqEntry(title=title, answer=answer, contacts=faq_contacts)
    return faq


def _load_deadlines(directory: Path) -> DeadlineRules:
    f = _File(directory, "deadlines.yml")
    names = DeadlineRules.__dataclass_fields__.keys()
    f.only_keys(f.data, set(names), "deadline rule")
    values = {}
    for name in names:
        value = f.data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 24:
            raise f.fail(f.data, name, "should be a whole number of months between 1 and 24.")
        values[name] = value
    return DeadlineRules(**values)


def _check_placeholders(f: _File, key: str, text: str, placeholders: set[str]) -> None:
    unknown = _placeholders(text) - placeholders
    if unknown:
        allowed_text = ", ".join(f"{{{p}}}" for p in sorted(placeholders)) or "none"
        raise f.fail(
            f.data,
            key,
            f"uses {{{', '.join(sorted(unknown))}}}, which this message cannot fill in (it can use: {allowed_text}).",
        )


def _load_messages(directory: Path, contacts: dict[str, Contact]) -> dict[str, Any]:
    f = _File(directory, "messages.yml")
    allowed = set(MESSAGE_PLACEHOLDERS) | set(MESSAGE_LISTS) | {"buttons", "quality_words"}
    f.only_keys(f.data, allowed, "message")
    messages: dict[str, Any] = {}
    for key, placeholders in MESSAGE_PLACEHOLDERS.items():
        if key not in f.data:
            raise f.fail(f.data, None, f"is missing the message '{key}'.")
        text = f.text(f.data, key)
        _check_placeholders(f, key, text, placeholders)
        messages[key] = text
    phones = {}
    for contact_id in SAFETY_PHONES:
        if contact_id not in contacts or not contacts[contact_id].phone:
            raise ContentError(f"content/contacts.yml: '{contact_id}' needs a phone number: the safety reply gives it.")
        phones[contact_id] = contacts[contact_id].phone
    for key in MESSAGE_LISTS:
        items = f.text_list(f.data, key)
        for item in items:
            _check_placeholders(f, key, item, set(SAFETY_PHONES))
        messages[key] = tuple(item.format(**phones) for item in items)
    buttons = f.mapping(f.data, "buttons")
    f.only_keys(buttons, set(BUTTONS), "button")
    messages["buttons"] = {key: f.text(buttons, key) for key in BUTTONS}
    words = f.mapping(f.data, "quality_words")
    f.only_keys(words, set(QUALITIES), "quality word")
    messages["quality_words"] = {key: f.text(words, key) for key in QUALITIES}
    return messages


def _load_safeguarding(directory: Path) -> tuple[re.Pattern[str], ...]:
    f = _File(directory, "safeguarding.yml")
    patterns = []
    for text in f.text_list(f.data, "patterns"):
        try:
            patterns.append(re.compile(text, re.IGNORECASE))
        except re.error as error:
            raise f.fail(
                f.data, "patterns", f"has a pattern that is not a valid regular expression: {text} ({error})."
            ) from None
    return tuple(patterns)


def load_content(directory: Path | str = CONTENT_DIR) -> Content:
    """Read and check every content file. Raises ContentError naming the file and line."""
    directory = Path(directory)
    council, local_offer, council_contacts = _load_council(directory)
    contacts = {**_load_contacts(directory), **council_contacts}
    messages = _load_messages(directory, contacts)
    council_values = {
        "council": council,
        "mediation_provider": contacts["mediation_provider"].name,
        "local_offer": local_offer or messages["local_offer_fallback"],
    }
    rungs, routes = _load_ladder(directory, contacts, council_values)
    return Content(
        council_name=council,
        local_offer=council_values["local_offer"],
        contacts=contacts,
        rungs=rungs,
        routes=routes,
        faq=_load_faq(directory, contacts, council_values),
        deadlines=_load_deadlines(directory),
        messages=messages,
        safeguarding_patterns=_load_safeguarding(directory),
    )
