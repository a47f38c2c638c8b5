"""The assistant's custom actions. Each is one line of logic: call the Guide with what the family
said. The Guide (guide/conversation.py) decides what to say; content/ holds the words."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.state import send, slot_events, state_from_tracker
from guide.content import load_content
from guide.conversation import Guide, State, Turn
from guide.message_parts import LAST_PARTS_READ_AS, PARTS_READ_AS
from guide.safety import SAFETY_FLAG

# Loaded once when the action server starts: a broken content file stops it with the line to fix.
GUIDE = Guide(load_content())


def _text(tracker: Tracker) -> str:
    return tracker.latest_message.get("text") or ""


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def _about_child_at_risk(tracker: Tracker) -> bool:
    # The NLU marks it (guide/safeguarding_override.py); the patterns are checked here too, so a
    # model trained before a council added a pattern still puts safety first.
    return bool(tracker.latest_message.get(SAFETY_FLAG)) or GUIDE.is_safety_worry(_text(tracker))


def _entity(tracker: Tracker, name: str) -> str | None:
    return next(tracker.get_latest_entity_values(name), None)


class GuideAction(Action):
    """Read the State from slots, let the Guide answer, send the messages, store the new State."""

    action_name = ""
    about_child_at_risk = False  # True when the intent alone says so, whatever the text

    def name(self) -> str:
        return self.action_name

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        """The Guide's answer. at_risk: the message is about a child at risk (worked out once, in run)."""
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        state = state_from_tracker(tracker)
        at_risk = self.about_child_at_risk or _about_child_at_risk(tracker)
        # A typed reply is read against the question asked first ("yeah we met them, they wont budge").
        turn = GUIDE.in_context(state, _text(tracker), _ranking(tracker), at_risk)
        answered = None if turn else _intent(tracker)
        turn = turn or self.respond(state, tracker, at_risk)
        if at_risk:
            # Safety first, whatever the message was read as and whatever the conversation was
            # waiting for; no other question's answer crowds it.
            turn = GUIDE.safety_first(state, turn)
        else:
            # "How much is it and do I need a lawyer?": every question in the message is answered.
            parts_read_as = tracker.latest_message.get(PARTS_READ_AS) or []
            turn = GUIDE.also_answer(state, turn, answered, parts_read_as, _text(tracker))
        send(turn, dispatcher)
        return slot_events(state, turn.state)


def _ranking(tracker: Tracker) -> list[tuple[str, float]]:
    return [(r.get("name"), r.get("confidence", 0.0)) for r in tracker.latest_message.get("intent_ranking") or []]


class Understand(GuideAction):
    action_name = "action_understand"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        last_parts = tracker.latest_message.get(LAST_PARTS_READ_AS) or []
        return GUIDE.understand(state, _ranking(tracker), _text(tracker), only_if_sure=at_risk, last_parts=last_parts)


class NumberWithoutChoice(GuideAction):
    action_name = "action_number_without_choice"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.number_without_choice(state)


class ChooseType(GuideAction):
    action_name = "action_choose_type"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.choose(state, _entity(tracker, "route_choice"))


class SomethingElse(GuideAction):
    action_name = "action_something_else"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.something_else(state)


class AnswerYes(GuideAction):
    action_name = "action_answer_yes"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.yes(state)


class AnswerNo(GuideAction):
    action_name = "action_answer_no"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.no(state)


class NextStep(GuideAction):
    action_name = "action_next_step"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.next_step(state)


class GoBack(GuideAction):
    action_name = "action_go_back"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.go_back(state)


class Back(GoBack):
    """Replaces Rasa's default action_back (a typed "/back"), which undoes the last message silently."""

    action_name = "action_back"


class StartAgain(GuideAction):
    action_name = "action_start_again"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.start_again(state)


class Restart(StartAgain):
    """Replaces Rasa's default action_restart (a typed "/restart"), which would reply with silence."""

    action_name = "action_restart"


class Resume(GuideAction):
    action_name = "action_resume"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.resume(state)


class DateGiven(GuideAction):
    action_name = "action_date_given"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.date_given(state, _text(tracker), only_if_named=at_risk)


class AskDeadline(GuideAction):
    action_name = "action_ask_deadline"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        # In a message about a child at risk a date may be when it happened, not the letter's date.
        text = "" if at_risk else _text(tracker)
        return GUIDE.ask_deadline(state, _entity(tracker, "deadline_kind"), text)


class AnswerQuestion(GuideAction):
    action_name = "action_answer_question"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.question(state, _intent(tracker))


class Safeguarding(GuideAction):
    """The safety reply (sent by run, as for every action), then whatever else the message clearly said:
    a date the conversation was waiting for, or a kind of disagreement."""

    action_name = "action_safeguarding"
    about_child_at_risk = True

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        ranking = [(name, confidence) for name, confidence in _ranking(tracker) if name != "safeguarding_concern"]
        return GUIDE.understand(state, ranking, _text(tracker), only_if_sure=True)


class MakeComplaint(GuideAction):
    action_name = "action_make_complaint"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.complaint(state, _entity(tracker, "organisation"), _text(tracker))


class Organisation(GuideAction):
    action_name = "action_organisation"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.organisation(state, _text(tracker))


class TalkToPerson(GuideAction):
    action_name = "action_talk_to_person"

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.talk_to_person(state)


class SmallTalk(GuideAction):
    action_name = "action_small_talk"
    MESSAGE_FOR_INTENT = {
        "greet": "greeting",
        "goodbye": "goodbye",
        "thank": "thanks_reply",
        "bot_challenge": "bot_challenge",
        "out_of_scope": "out_of_scope",
    }

    def respond(self, state: State, tracker: Tracker, at_risk: bool) -> Turn:
        return GUIDE.small_talk(state, self.MESSAGE_FOR_INTENT.get(_intent(tracker), "out_of_scope"))
