"""The decision guide: what to say next, given where the family is and what they just said.

Plain Python over plain data, so every turn can be tested without Rasa. Each method takes the
conversation State and returns a Turn: the messages to send and the new State. The Rasa actions
only read the State from slots, call one method, and write the State back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from guide import context, deadlines
from guide.content import Content, Route
from guide.dates import parse_date, today_in_england
from guide.message_parts import LONG_MESSAGE_WORDS
from guide.replies import (
    Button,
    Message,
    complaint_buttons,
    contact_line,
    contacts_block,
    menu_buttons,
    payload,
    route_buttons,
    rung_messages,
    with_buttons,
    yes_no_buttons,
)
from guide.safety import is_safety_worry

# What a "yes", "no" or a date answers.
CONFIRM_TYPE = "confirm_type"
RUNG_DONE = "rung_done"  # "Have you already ...?" about the rung at State.rung
LETTER_DATE = "letter_date"
HAS_CERTIFICATE = "has_certificate"
CERTIFICATE_DATE = "certificate_date"
ACT_DATE = "act_date"
COMPLAINT_ABOUT = "complaint_about"
DATE_QUESTIONS = (LETTER_DATE, CERTIFICATE_DATE, ACT_DATE)
# In a message about a child at risk, a date is taken as the answer only when the words say which
# date it is. When it happened (ACT_DATE) is never guessed from such a message.
NAMED_DATE = {
    LETTER_DATE: re.compile(r"\b(letter|dated|decision)\b", re.IGNORECASE),
    CERTIFICATE_DATE: re.compile(r"\bcertificate\b", re.IGNORECASE),
    ACT_DATE: re.compile(r"(?!)"),
}

# When to trust the classifier. Below these we offer choices rather than walk a ladder on a guess.
CONFIDENT = 0.6
CONFIDENT_LONG = 0.35  # for a message of LONG_MESSAGE_WORDS or more
CLEAR_MARGIN = 0.2
CANDIDATE_FLOOR = 0.05
# Below this, a reply to a question fits nothing the assistant knows: the question is asked again.
FITS_NOTHING = 0.3
# "No, it's ..." after a wrong guess: the classifier's next-best type is taken at once from here.
CORRECTION_CONFIDENT = 0.35
MAX_CANDIDATES = 3
MAX_CHOICES = 4  # with the types found in a long message's last parts

# Intents the guide offers as choices besides kinds of disagreement and questions.
REQUEST_HUMAN = "request_human"
SAFETY = "safeguarding_concern"
COMPLAINT = "make_complaint"

ASK_DEADLINE = "ask_deadline"
HELP = "ask_help"  # "what can I do?" in a longer message is not a question about the assistant
DEADLINE_APPEAL = "appeal"
DEADLINE_DISCRIMINATION = "discrimination"


@dataclass(frozen=True)
class State:
    route: str | None = None
    rung: int | None = None  # the rung shown, or asked about when awaiting RUNG_DONE
    awaiting: str | None = None
    proposed: str | None = None  # the type we asked the family to confirm
    candidates: tuple[str, ...] = ()  # the likeliest types, for "No, something else"
    letter_date: str | None = None  # ISO dates
    certificate_date: str | None = None


@dataclass(frozen=True)
class Turn:
    messages: list[Message]
    state: State
    understood: bool = True  # False: the guide could not tell what the message meant here
    answers: tuple[str, ...] = ()  # the questions (FAQ intents) the turn answers


class Guide:
    def __init__(self, content: Content, today: Callable[[], date] = today_in_england):
        self.content = content
        self.today = today

    # --- helpers ----------------------------------------------------------------------------

    def _say(self, key: str, **values: object) -> Message:
        return Message(self.content.say(key, **values))

    def _ask(self, key: str, buttons: Iterable[Button], **values: object) -> Message:
        """A message with the buttons that answer it."""
        return Message(self.content.say(key, **values), tuple(buttons))

    def _button(self, key: str, intent: str) -> Button:
        return Button(self.content.button(key), payload(intent))

    def _menu(self, state: State, key: str, understood: bool = True) -> Turn:
        return Turn([self._ask(key, menu_buttons(self.content))], state, understood)

    def _route(self, state: State) -> Route | None:
        return self.content.routes.get(state.route) if state.route else None

    def _nav_buttons(self, route: Route, index: int) -> list[Button]:
        buttons = []
        if index < len(route.rungs) - 1:
            buttons.append(self._button("next", "next_step"))
        if index > 0:
            buttons.append(self._button("back", "go_back"))
        buttons.append(self._button("talk_to_person", "request_human"))
        buttons.append(self._button("start_again", "start_again"))
        return buttons

    def _show_rung(self, state: State, index: int, before: list[Message] | None = None) -> Turn:
        route = self._route(state)
        assert route is not None
        index = max(0, min(index, len(route.rungs) - 1))
        messages = list(before or []) + rung_messages(self.content, route, index)
        if index == len(route.rungs) - 1:
            messages.append(self._say("last_step"))
        messages = with_buttons(messages, self._nav_buttons(route, index))
        return Turn(messages, replace(state, rung=index, awaiting=None))

    def _locate(self, state: State, index: int, before: list[Message] | None = None) -> Turn:
        """Find where the family is: ask about each rung in turn; the last rung is shown."""
        route = self._route(state)
        assert route is not None
        if index >= len(route.rungs) - 1:
            return self._show_rung(state, len(route.rungs) - 1, before)
        question = self.content.rungs[route.rungs[index]].done_question
        messages = list(before or []) + [Message(question, tuple(yes_no_buttons(self.content)))]
        return Turn(messages, replace(state, rung=index, awaiting=RUNG_DONE))

    def _start_route(self, state: State, route_id: str) -> Turn:
        route = self.content.routes[route_id]
        # A letter date belongs to one decision: keep it only for the same route (or one given before any route).
        same_decision = state.route in (None, route_id)
        state = State(
            route=route_id,
            letter_date=state.letter_date if same_decision else None,
            certificate_date=state.certificate_date if same_decision else None,
        )
        if route.complaint:
            return self._locate(state, 0, [self._say("complaint_start", summary=route.summary)])
        intro = [self._say("route_start")]
        if route.start_note:
            intro.append(Message(route.start_note))
        if route.appealable:
            intro.append(self._say("clock_warning", months=self.content.deadlines.tribunal_months_from_letter))
            if state.letter_date:
                return self._locate(state, 0, intro + self._appeal_deadline_messages(state))
            ask = self._ask("ask_letter_date", [self._button("no_letter", "deny")])
            return Turn(intro + [ask], replace(state, awaiting=LETTER_DATE))
        if route.discrimination_claim:
            intro.append(
                self._say("discrimination_clock", months=self.content.deadlines.discrimination_months_from_act)
            )
            ask = self._ask("ask_act_date", [self._button("skip", "deny")])
            return Turn(intro + [ask], replace(state, awaiting=ACT_DATE))
        return self._locate(state, 0, intro)

    def _continue_after_dates(self, state: State, before: list[Message]) -> Turn:
        if self._route(state) is None:
            return Turn(with_buttons(before, menu_buttons(self.content)), replace(state, awaiting=None))
        return self._locate(state, 0, before)

    # --- a typed reply, read against the question asked -----------------------------------------

    def in_context(
        self, state: State, text: str, ranking: list[tuple[str, float]], at_risk: bool = False
    ) -> Turn | None:
        """A typed reply that answers the question the conversation is waiting on, whatever the
        classifier made of the whole sentence; None when it does not (the intent's action answers)."""
        if not text.strip() or text.startswith("/"):
            return None
        route = self._route(state)
        if (
            state.awaiting not in DATE_QUESTIONS
            and route is not None
            and route.appealable
            and NAMED_DATE[LETTER_DATE].search(text)
        ):
            # "found it! its dated 23 november 2026", on a route that can be appealed: the letter's
            # date, whatever was being asked. (Before a route, the message says what it is about.)
            if parse_date(text, self.today()) is not None:
                return self.date_given(replace(state, awaiting=LETTER_DATE), text, only_if_named=at_risk)
        if state.awaiting in DATE_QUESTIONS:
            if parse_date(text, self.today()) is not None:
                return self.date_given(state, text, only_if_named=at_risk)
            if context.doesnt_know(text) or context.answer_to_yes_no(text) == context.NO:
                return self.no(state)
        answer = context.answer_to_yes_no(text)
        if state.awaiting == CONFIRM_TYPE and answer == context.NO:
            # "No, it's actually that they want to stop the plan": straight to the type they mean.
            corrected = self._clearly_another_type(ranking, state.proposed)
            return self._start_route(state, corrected) if corrected else self.no(state)
        if state.awaiting in (CONFIRM_TYPE, RUNG_DONE, HAS_CERTIFICATE) and answer == context.YES:
            return self.yes(state)
        if state.awaiting == RUNG_DONE and self._declining_is_done(state) and context.declined(text):
            return self.yes(state)
        if state.awaiting in (RUNG_DONE, HAS_CERTIFICATE) and answer in (context.NO, context.DONT_KNOW):
            return self.no(state)
        if state.route and context.asks_what_next(text):
            return self.next_step(state)
        if self._can_resume(state) and context.asks_to_carry_on(text):
            return self.resume(state)
        return None

    def _declining_is_done(self, state: State) -> bool:
        route = self._route(state)
        return (
            route is not None
            and state.rung is not None
            and self.content.rungs[route.rungs[state.rung]].declining_is_done
        )

    def _clearly_another_type(self, ranking: list[tuple[str, float]], not_this: str | None) -> str | None:
        types = {route.id for route in self.content.disagreement_routes}
        others = [(intent, confidence) for intent, confidence in ranking if intent in types and intent != not_this]
        return others[0][0] if others and others[0][1] >= CORRECTION_CONFIDENT else None

    # --- understanding the disagreement -----------------------------------------------------

    def understand(
        self,
        state: State,
        ranking: list[tuple[str, float]],
        text: str = "",
        only_if_sure: bool = False,
        last_parts: Sequence[str] = (),
    ) -> Turn:
        """A message that may describe a disagreement (or that the model was unsure about).

        only_if_sure: after a safety reply, act only on a clear reading; never offer choices.
        last_parts: what the message's last two parts were read as (guide/message_parts.py); kinds
        of disagreement among them are offered as choices too.
        """
        if not text.strip():
            return self._menu(state, "empty_message", understood=False)
        if state.awaiting in DATE_QUESTIONS and parse_date(text, self.today()) is not None:
            return self.date_given(state, text, only_if_named=only_if_sure)
        if state.awaiting == COMPLAINT_ABOUT and self._match_complaint_route(text):
            return self.organisation(state, text)
        types = {route.id for route in self.content.disagreement_routes}
        scored = [(intent, confidence) for intent, confidence in ranking if intent in types]
        # The classifier's own best reading; the fallback is only its way of saying it is unsure.
        readings = [(intent, confidence) for intent, confidence in ranking if intent != "nlu_fallback"]
        top_intent = readings[0][0] if readings else None
        if top_intent in types and scored:
            best, best_score = scored[0]
            runner_up = scored[1][1] if len(scored) > 1 else 0.0
            # After "Which of these is closest?", words that pick one of the types offered are the
            # family's choice, as a button would be; words that lean to one are worth a "Is that right?".
            offered = state.route is None and best in state.candidates
            others = [intent for intent, _ in scored[1 : MAX_CANDIDATES + 1]]
            # A long message is read whole and by its last parts (guide/tfidf_classifier.py), so its
            # scores are lower for the same certainty: chosen by cross-validation, docs/evaluation.md.
            confident = CONFIDENT_LONG if len(text.split()) >= LONG_MESSAGE_WORDS else CONFIDENT
            if best_score >= confident and best_score - runner_up >= CLEAR_MARGIN:
                return self._start_route(state, best) if offered else self._propose(state, best, others)
            if offered and best_score >= CORRECTION_CONFIDENT and not only_if_sure:
                return self._propose(state, best, others)
        if only_if_sure:
            return Turn([], state)
        if readings and readings[0][0] in self.content.faq:
            # One question well ahead of anything else: answer it, saying which question it answers,
            # rather than make a family pick their own question from a list.
            (question, score), runner_up = readings[0], (readings[1][1] if len(readings) > 1 else 0.0)
            if score >= CORRECTION_CONFIDENT and score - runner_up >= CLEAR_MARGIN:
                turn = self.question(state, question)
                heading = self._say("think_you_asked", question=self.content.faq[question].title)
                return replace(turn, messages=[heading, *turn.messages])
        best = readings[0][1] if readings else 0.0
        if best < FITS_NOTHING:
            asked = self._ask_again(state)
            if asked is not None:
                return asked
        # The likeliest things the family meant, best first: kinds of disagreement, questions, a person.
        likely = [
            intent
            for intent, confidence in ranking
            if confidence >= CANDIDATE_FLOOR
            and (intent in types or intent in self.content.faq or intent in (REQUEST_HUMAN, SAFETY, COMPLAINT))
        ]
        likely = likely[:MAX_CANDIDATES]
        # Several problems in one message: the kinds of disagreement its last parts were read as.
        for found in last_parts:
            if found in types and found not in likely and len(likely) < MAX_CHOICES:
                likely.append(found)
        if not likely:
            return self._menu(replace(state, awaiting=None, proposed=None), "not_understood", understood=False)
        buttons = [self._choice_button(intent, types) for intent in likely]
        buttons.append(self._button("something_else", "something_else"))
        route_candidates = tuple(intent for intent in likely if intent in types)
        return Turn(
            [self._ask("offer_choices", buttons)],
            replace(state, awaiting=None, proposed=None, candidates=route_candidates),
            understood=False,
        )

    def _choice_button(self, intent: str, types: set[str]) -> Button:
        if intent in types:
            return route_buttons(self.content, [intent])[0]
        if intent in self.content.faq:
            return Button(self.content.faq[intent].title, payload(intent))
        if intent == SAFETY:
            return Button(self.content.button("worried_about_safety"), payload(SAFETY))
        if intent == COMPLAINT:
            return Button(self.content.button("make_complaint"), payload(COMPLAINT))
        return Button(self.content.button("talk_to_person"), payload(REQUEST_HUMAN))

    def _propose(self, state: State, route_id: str, others: list[str]) -> Turn:
        summary = self.content.routes[route_id].summary
        message = self._ask(
            "confirm_type", yes_no_buttons(self.content, self.content.button("no_something_else")), summary=summary
        )
        return Turn([message], replace(state, awaiting=CONFIRM_TYPE, proposed=route_id, candidates=tuple(others)))

    def choose(self, state: State, route_id: str | None) -> Turn:
        """The family picked a type from the buttons: that is their confirmation."""
        if route_id not in self.content.routes:
            return self._menu(state, "no_route_yet")
        return self._start_route(state, route_id)

    def something_else(self, state: State) -> Turn:
        return self._menu(replace(state, awaiting=None, proposed=None, candidates=()), "describe_again")

    # --- yes and no ---------------------------------------------------------------------------

    def yes(self, state: State) -> Turn:
        if state.awaiting == CONFIRM_TYPE and state.proposed in self.content.routes:
            return self._start_route(state, state.proposed)
        if state.awaiting == RUNG_DONE and state.rung is not None:
            return self._locate(state, state.rung + 1)
        if state.awaiting == LETTER_DATE:
            return Turn([self._say("ask_letter_date")], state)
        if state.awaiting == HAS_CERTIFICATE:
            return Turn([self._say("ask_certificate_date")], replace(state, awaiting=CERTIFICATE_DATE))
        if state.awaiting == CERTIFICATE_DATE:
            return Turn([self._say("ask_certificate_date")], state)
        if state.awaiting == ACT_DATE:
            return Turn([self._say("ask_act_date")], state)
        return self._not_sure(state)

    def no(self, state: State) -> Turn:
        if state.awaiting == CONFIRM_TYPE:
            others = [c for c in state.candidates if c != state.proposed and c in self.content.routes]
            if not others:
                return self.something_else(state)
            buttons = route_buttons(self.content, others) + [self._button("something_else", "something_else")]
            return Turn(
                [self._ask("offer_choices_after_no", buttons)],
                replace(state, awaiting=None, proposed=None),
            )
        if state.awaiting == RUNG_DONE and state.rung is not None:
            return self._show_rung(state, state.rung)
        if state.awaiting == LETTER_DATE:
            return self._continue_after_dates(replace(state, awaiting=None), [self._say("no_letter_yet")])
        if state.awaiting in (HAS_CERTIFICATE, CERTIFICATE_DATE):
            return self._continue_after_dates(replace(state, awaiting=None), self._appeal_deadline_messages(state))
        if state.awaiting == ACT_DATE:
            return self._continue_after_dates(replace(state, awaiting=None), [self._say("skipped_date")])
        return self._not_sure(state)

    def _not_sure(self, state: State) -> Turn:
        route = self._route(state)
        if route is not None and state.rung is not None:
            message = self._ask("not_sure_answer", self._nav_buttons(route, state.rung))
            return Turn([message], state, understood=False)
        return self._menu(state, "not_sure_answer", understood=False)

    # --- moving along the ladder ------------------------------------------------------------

    def next_step(self, state: State) -> Turn:
        route = self._route(state)
        if route is None:
            return self._menu(state, "no_route_yet", understood=False)
        if state.awaiting == CONFIRM_TYPE:
            return self.yes(state)
        if state.awaiting in DATE_QUESTIONS or state.awaiting == HAS_CERTIFICATE:
            return self.no(state)
        if state.rung is None:
            return self._locate(state, 0)
        if state.awaiting == RUNG_DONE:
            return self._show_rung(state, state.rung)
        if state.rung >= len(route.rungs) - 1:
            return self._show_rung(state, state.rung)
        return self._show_rung(state, state.rung + 1)

    def go_back(self, state: State) -> Turn:
        route = self._route(state)
        if route is None or state.rung is None:
            return self._menu(state, "no_route_yet", understood=False)
        if state.rung == 0:
            return self._show_rung(state, 0, [self._say("first_step")])
        return self._show_rung(state, state.rung - 1)

    def start_again(self, state: State) -> Turn:
        return self._menu(State(), "start_again")

    def _can_resume(self, state: State) -> bool:
        """Whether "Carry on where we were" has somewhere to go back to: a route, or a question waiting."""
        return bool(state.route) or self._question_waiting(state, []) is not None

    def _question_waiting(self, state: State, before: list[Message]) -> Turn | None:
        """The question the conversation waits on, again, with the buttons that answer it."""
        if state.awaiting == CONFIRM_TYPE and state.proposed:
            turn = self._propose(state, state.proposed, list(state.candidates))
            return Turn(before + turn.messages, turn.state)
        if state.awaiting == COMPLAINT_ABOUT:
            return Turn(before + [self._ask("ask_complaint_about", complaint_buttons(self.content))], state)
        if state.awaiting == RUNG_DONE and state.rung is not None and self._route(state) is not None:
            return self._locate(state, state.rung, before)
        if state.awaiting in DATE_QUESTIONS or state.awaiting == HAS_CERTIFICATE:
            key = {
                LETTER_DATE: "ask_letter_date",
                CERTIFICATE_DATE: "ask_certificate_date",
                ACT_DATE: "ask_act_date",
                HAS_CERTIFICATE: "ask_certificate",
            }[state.awaiting]
            buttons = (
                yes_no_buttons(self.content) if state.awaiting == HAS_CERTIFICATE else [self._button("skip", "deny")]
            )
            return Turn(before + [self._ask(key, buttons)], state)
        return None

    def _ask_again(self, state: State) -> Turn | None:
        """A reply that fits nothing: say what was asked, with its choices; never the general menu."""
        turn = self._question_waiting(state, [self._say("asked_again")])
        return replace(turn, understood=False) if turn else None

    def resume(self, state: State) -> Turn:
        # A question about what the family said is simply asked again; anything else says where we were.
        where = [] if state.awaiting in (CONFIRM_TYPE, COMPLAINT_ABOUT) else [self._say("where_we_were")]
        waiting = self._question_waiting(state, where)
        if waiting is not None:
            return waiting
        if self._route(state) is None:
            return self._menu(state, "resume_nothing")
        if state.rung is None:
            return self._locate(state, 0, where)
        return self._show_rung(state, state.rung, where)

    # --- dates and deadlines ----------------------------------------------------------------

    def ask_deadline(self, state: State, kind: str | None = None, text: str = "") -> Turn:
        """ "When is my deadline?": worked out from a date in the same message, or one already given;
        a date the family gave is never asked for again."""
        route = self._route(state)
        has_date = bool(text) and parse_date(text, self.today()) is not None
        if kind == DEADLINE_APPEAL or (kind is None and (route is None or route.appealable) and (has_date or route)):
            if has_date:
                return self.date_given(replace(state, awaiting=LETTER_DATE), text)
            if state.letter_date:
                return self._deadlines_again(state)
            return Turn([self._say("ask_letter_date")], replace(state, awaiting=LETTER_DATE))
        if kind == DEADLINE_DISCRIMINATION or (kind is None and route is not None and route.discrimination_claim):
            if has_date:
                return self.date_given(replace(state, awaiting=ACT_DATE), text)
            return Turn([self._say("ask_act_date")], replace(state, awaiting=ACT_DATE))
        buttons = (
            Button(
                self.content.say("deadline_for_appeal_button"), payload("ask_deadline", deadline_kind=DEADLINE_APPEAL)
            ),
            Button(
                self.content.say("deadline_for_discrimination_button"),
                payload("ask_deadline", deadline_kind=DEADLINE_DISCRIMINATION),
            ),
        )
        return Turn([self._say("other_time_limits"), self._ask("which_deadline", buttons)], state)

    def _deadlines_again(self, state: State) -> Turn:
        """The deadlines from the date already given, then back to the question that was waiting."""
        messages = self._appeal_deadline_messages(state)
        if state.awaiting == RUNG_DONE and state.rung is not None:
            return self._locate(state, state.rung, messages)
        return Turn(messages, state)

    def date_given(self, state: State, text: str, only_if_named: bool = False) -> Turn:
        """A typed date, for the date question waiting.

        only_if_named: the message is about a child at risk. "He tried to hang himself on Friday"
        must not become the date on the council's letter, so the date is taken only when the
        message says which date it is; otherwise the question waits.
        """
        if state.awaiting not in DATE_QUESTIONS:
            if only_if_named:
                return Turn([], state)
            return self.ask_deadline(state, text=text)
        if only_if_named and not NAMED_DATE[state.awaiting].search(text):
            return Turn([], state)
        today = self.today()
        day = parse_date(text, today)
        if day is None:
            return Turn([self._say("date_not_understood")], state)
        if day > today:
            return Turn([self._say("date_in_future")], state)
        if state.awaiting == LETTER_DATE:
            state = replace(state, letter_date=day.isoformat(), certificate_date=None, awaiting=HAS_CERTIFICATE)
            # "its dated 23 november, we havent got a certificate": the next question is answered too.
            certificate = context.says_about_certificate(text)
            if certificate == context.NO:
                return self.no(state)
            if certificate == context.YES:
                # "... and the certificate is dated 25 nov": its date is in the same message too.
                said_after = text[text.lower().index("certificate") :]
                certificate_day = parse_date(said_after, today)
                if certificate_day is not None and day <= certificate_day <= today:
                    state = replace(state, certificate_date=certificate_day.isoformat(), awaiting=None)
                    return self._continue_after_dates(state, self._appeal_deadline_messages(state))
                return self.yes(state)
            return Turn([self._ask("ask_certificate", yes_no_buttons(self.content))], state)
        if state.awaiting == CERTIFICATE_DATE:
            if state.letter_date and day < date.fromisoformat(state.letter_date):
                return Turn([self._say("certificate_before_letter")], state)
            state = replace(state, certificate_date=day.isoformat(), awaiting=None)
            return self._continue_after_dates(state, self._appeal_deadline_messages(state))
        rules = self.content.deadlines
        deadline = deadlines.discrimination_claim_deadline(rules, day)
        key = "discrimination_deadline_passed" if deadline.date < today else "discrimination_deadline"
        messages = [self._say(key, date=deadlines.format_date(deadline.date))]
        messages.append(self._say("check_the_date"))
        return self._continue_after_dates(replace(state, awaiting=None), messages)

    def _appeal_deadline_messages(self, state: State) -> list[Message]:
        today = self.today()
        rules = self.content.deadlines
        letter = date.fromisoformat(state.letter_date)
        certificate = date.fromisoformat(state.certificate_date) if state.certificate_date else None
        fmt = deadlines.format_date
        messages = [self._say("letter_date_said", letter_date=fmt(letter))]
        if certificate is None:
            adviser = deadlines.mediation_adviser_deadline(rules, letter)
            messages.append(
                self._say("adviser_deadline_passed" if adviser < today else "adviser_deadline", date=fmt(adviser))
            )
        appeal = deadlines.tribunal_appeal_deadline(rules, letter, certificate)
        if appeal.date < today:
            messages.append(self._say("tribunal_deadline_passed", date=fmt(appeal.date)))
        else:
            key = "tribunal_deadline_from_certificate" if appeal.from_certificate else "tribunal_deadline"
            messages.append(self._say(key, date=fmt(appeal.date)))
            moved_key = {
                deadlines.MOVED_AUGUST: "deadline_moved_august",
                deadlines.MOVED_CHRISTMAS: "deadline_moved_christmas",
                deadlines.MOVED_NOT_WORKING_DAY: "deadline_moved_weekend",
            }.get(appeal.moved or "")
            if moved_key:
                messages.append(self._say(moved_key))
            if certificate is None:
                messages.append(self._say("certificate_can_extend"))
        messages.append(self._say("check_your_letter"))
        return messages

    # --- questions, people, safety, complaints ------------------------------------------------

    def _back_buttons(self, state: State) -> list[Button]:
        if self._can_resume(state):
            return [self._button("carry_on", "resume")]
        return menu_buttons(self.content)

    def _ways_in(self, state: State) -> list[Button]:
        """Every way in; halfway through ("hello", "/start", "/help"), the way back first."""
        back = [self._button("carry_on", "resume")] if self._can_resume(state) else []
        return back + menu_buttons(self.content)

    def number_without_choice(self, state: State) -> Turn:
        """A bare "2" when no numbered choice is waiting: ask, never guess what it meant."""
        return Turn([self._ask("number_without_choice", self._back_buttons(state))], state, understood=False)

    def _answer(self, intent: str) -> list[Message]:
        entry = self.content.faq[intent]
        messages = [Message(text) for text in entry.answer]
        if entry.contacts:
            messages.append(
                Message(self.content.say("who_to_contact") + "\n" + contacts_block(self.content, entry.contacts))
            )
        return messages

    def question(self, state: State, intent: str) -> Turn:
        if intent not in self.content.faq:
            return self._menu(state, "not_understood", understood=False)
        buttons = self._ways_in(state) if intent == "ask_help" else self._back_buttons(state)
        return Turn(with_buttons(self._answer(intent), buttons), state, answers=(intent,))

    def also_answer(
        self, before: State, turn: Turn, answered: str | None, parts_read_as: list[dict], text: str
    ) -> Turn:
        """Two questions in one message get two answers.

        `turn` answers what the whole message was read as (`answered`: an intent, or None for a reply
        read against the question waiting); `parts_read_as` is what each part of it was read as
        (guide/message_parts.py). The other questions' answers follow an answer to a question, and
        come before any other turn, so a question the conversation asks ("Is that right?") stays
        last. When the whole message was unclear but its questions were not, and no part is a kind
        of disagreement, they are answered instead of offering choices. A deadline question is
        answered (last, as it may ask for the letter's date) only alongside other questions: a reply
        or a new disagreement moves the conversation on, and the deadline comes up there.
        """
        parts = [part for part in parts_read_as if isinstance(part, dict)]
        types = {route.id for route in self.content.disagreement_routes}
        questions = [
            part["intent"]
            for part in parts
            if part.get("question")
            and part.get("intent") in self.content.faq
            and part["intent"] not in (answered, HELP, *turn.answers)
        ]
        asks_deadline = any(part.get("intent") == ASK_DEADLINE for part in parts) and answered != ASK_DEADLINE
        as_read = turn
        if not turn.understood and not any(part.get("intent") in (*types, SAFETY) for part in parts):
            turn = Turn([], before)  # the parts may say what the whole did not: then no choices are needed
        # Only questions answered so far: the conversation is where it was, ready for the deadline.
        only_questions = turn.state == before and (bool(turn.answers) or not turn.messages)
        deadline = asks_deadline and only_questions and before.awaiting in (None, RUNG_DONE)
        if not questions and not deadline:
            return as_read
        answers: list[Message] = []
        for intent in questions:
            heading = "you_also_asked" if turn.messages or answers else "you_asked"
            answers += [self._say(heading, question=self.content.faq[intent].title), *self._answer(intent)]
        answered_now = turn.answers + tuple(questions)
        if deadline:
            then = self.ask_deadline(turn.state, text=text)
            messages = [Message(m.text) for m in turn.messages + answers] + then.messages
            return Turn(messages, then.state, answers=answered_now)
        if not turn.messages:
            return Turn(with_buttons(answers, self._back_buttons(before)), before, answers=answered_now)
        if turn.answers:
            *rest, last = turn.messages
            messages = [*rest, Message(last.text), *with_buttons(answers, list(last.buttons))]
            return Turn(messages, turn.state, answers=answered_now)
        return Turn(answers + turn.messages, turn.state, turn.understood, answered_now)

    def talk_to_person(self, state: State) -> Turn:
        route = self._route(state)
        ids: list[str] = []
        if route is not None and state.rung is not None:
            ids += self.content.rungs[route.rungs[state.rung]].contacts
        ids += ["mediation_provider", "send_team", "sendiass"]
        messages = [
            Message(self.content.say("contacts_intro") + "\n" + contacts_block(self.content, ids)),
            self._say("talk_to_person_end"),
        ]
        return Turn(with_buttons(messages, self._back_buttons(state)), state)

    def is_safety_worry(self, text: str) -> bool:
        return is_safety_worry(text, self.content.safeguarding_patterns)

    def safety_first(self, state: State, then: Turn) -> Turn:
        """Safety first: the safety reply before anything else, then the rest of the answer, if any."""
        messages = [Message(text) for text in self.content.messages["safeguarding"]]
        services = self.content.contacts["childrens_services"]
        messages.append(
            Message(
                self.content.say("safeguarding_council", council=self.content.council_name)
                + "\n"
                + contact_line(self.content, services)
            )
        )
        # The rest of the answer only when it answers something ("yes" to a question asked, a date,
        # a kind of disagreement); never "Sorry, I'm not sure what you are answering".
        if then.messages and then.understood:
            return Turn(messages + [self._say("safeguarding_carry_on")] + then.messages, then.state)
        end_buttons = [self._button("carry_on", "resume")] if self._can_resume(state) else []
        messages.append(self._ask("safeguarding_end", end_buttons))
        return Turn(messages, state)

    def _match_complaint_route(self, text: str) -> str | None:
        lowered = text.lower()
        for route in self.content.complaint_routes:
            for keyword in route.keywords:
                if re.search(r"\b" + re.escape(keyword) + r"\b", lowered):
                    return route.id
        return None

    def complaint(self, state: State, chosen: str | None, text: str) -> Turn:
        route_id = chosen if chosen in self.content.routes and self.content.routes[chosen].complaint else None
        route_id = route_id or self._match_complaint_route(text)
        if route_id:
            return self._start_route(state, route_id)
        message = self._ask("ask_complaint_about", complaint_buttons(self.content))
        return Turn([message], replace(state, awaiting=COMPLAINT_ABOUT))

    def organisation(self, state: State, text: str) -> Turn:
        """A short answer naming who it is about ("the school", "CAMHS")."""
        if state.awaiting != COMPLAINT_ABOUT:
            return self._not_sure(state)
        route_id = self._match_complaint_route(text)
        if route_id is None:
            return Turn(
                [self._ask("organisation_not_understood", complaint_buttons(self.content))],
                state,
            )
        return self._start_route(state, route_id)

    def small_talk(self, state: State, key: str) -> Turn:
        if key == "greeting":
            return Turn([self._ask(key, self._ways_in(state))], state)
        if key == "out_of_scope":
            return self._menu(state, key)
        return Turn([self._say(key)], state)
