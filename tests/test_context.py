"""Typed replies read against the question asked, as families type them (issue 12)."""

from dataclasses import replace

import pytest

from guide import context
from guide.conversation import CONFIRM_TYPE, LETTER_DATE, RUNG_DONE, State
from guide.message_parts import message_parts


@pytest.mark.parametrize(
    "text, answer",
    [
        ("yeah we had a meeting with the SEN team last week and they wont budge", context.YES),
        ("we did, spoke to the case officer", context.YES),
        ("yes, had a phone call with the caseworker, they said no", context.YES),
        ("we have, several times", context.YES),
        ("Not yet, the letter only came this week", context.NO),
        ("nope never", context.NO),
        ("no, its more that they treat her differently", context.NO),
        ("dunno, cant find the letter anywhere", context.DONT_KNOW),
        ("I don't know, her mum has the letter", context.DONT_KNOW),
        ("they said no", None),  # about the council, not an answer
        ("right, carry on", None),
        ("the council refused", None),
    ],
)
def test_the_start_of_a_reply_answers_a_yes_or_no_question(text, answer):
    assert context.answer_to_yes_no(text) == answer


@pytest.mark.parametrize(
    "text", ["what else can I do", "ok so what now", "what do i do now", "and if that doesnt work?"]
)
def test_what_now_in_many_words(text):
    assert context.asks_what_next(text)


def test_carry_on_in_a_sentence():
    assert context.asks_to_carry_on("Thank you. Please carry on.")
    assert not context.asks_what_next("the council said what they would do")


def at_first_question(guide, route):
    """The route chosen, no letter yet: waiting on "Have you already ...?" for the first rung."""
    state = guide.choose(State(), route).state
    if state.awaiting == LETTER_DATE:
        state = guide.no(state).state
    assert state.awaiting == RUNG_DONE
    return state


def test_yes_with_details_moves_to_the_next_question(guide):
    state = at_first_question(guide, "refused_assessment")
    turn = guide.in_context(state, "yeah we had a meeting with the SEN team last week and they wont budge", [])
    assert "Have you already contacted the mediation adviser at Global Mediation?" in turn.messages[-1].text


def test_not_knowing_the_letters_date_carries_on_as_with_no_letter(guide):
    state = guide.choose(State(), "plan_ceasing").state
    turn = guide.in_context(state, "i dont have the letter to hand", [])
    said = "\n".join(m.text for m in turn.messages)
    assert "That's fine. The time limit starts from the date on the decision letter." in said
    assert turn.state.awaiting == RUNG_DONE


def test_what_else_can_i_do_is_the_next_step(guide):
    state = guide.no(at_first_question(guide, "duties_not_met")).state  # step 1 shown
    turn = guide.in_context(state, "what else can I do", [])
    assert "Step 2 of 4" in turn.messages[0].text


def test_a_correction_after_a_wrong_guess_goes_straight_to_the_type_meant(guide):
    state = guide.understand(State(), [("refused_ehc_plan", 0.9)], "text").state
    assert state.awaiting == CONFIRM_TYPE
    ranking = [("plan_ceasing", 0.62), ("refused_ehc_plan", 0.2)]
    turn = guide.in_context(state, "no, it's actually that they want to stop the plan", ranking)
    assert turn.state.route == "plan_ceasing"


def test_a_date_typed_mid_ladder_is_the_letters_and_never_asked_for_again(guide):
    state = at_first_question(guide, "plan_ceasing")
    turn = guide.in_context(state, "found it! its dated 23 november 2026", [])
    assert "Do you already have a mediation certificate?" in turn.messages[-1].text
    state = guide.no(turn.state).state
    again = guide.ask_deadline(state, None, "sorry whens my deadline again?")
    said = "\n".join(m.text for m in again.messages)
    assert "Monday 25 January 2027" in said and "What date is on the decision letter?" not in said


def test_deciding_against_mediation_answers_the_mediation_question(guide):
    state = at_first_question(guide, "refused_ehc_plan")
    state = guide.yes(guide.yes(state).state).state  # talked to the council, contacted the adviser
    turn = guide.in_context(state, "we decided not to bother with mediation", [])
    assert "Step 4 of 4: Appeal to the SEND Tribunal" in turn.messages[0].text


def test_a_reply_that_fits_nothing_gets_the_question_again_never_the_general_menu(guide):
    state = at_first_question(guide, "refused_assessment")
    turn = guide.understand(state, [("nlu_fallback", 0.45), ("out_of_scope", 0.2), ("greet", 0.1)], "purple monkey")
    said = "\n".join(m.text for m in turn.messages)
    assert said.startswith("Sorry, I didn't catch your answer. This is what I asked:")
    assert "Have you already talked to the council's SEND team about the decision?" in said
    assert [b.title for m in turn.messages for b in m.buttons] == ["Yes", "No"]


def test_a_first_message_with_a_letter_date_is_still_read_as_a_disagreement(guide):
    text = "the LA refused to assess my son, the letter is dated 12 November"
    assert guide.in_context(State(), text, [("refused_assessment", 0.9)]) is None


def test_the_certificate_answered_in_the_same_message_as_the_date_is_not_asked_again(guide):
    state = at_first_question(guide, "plan_ceasing")
    text = "found it! its dated 23 november 2026, we havent got a certificate. whens my deadline?"
    turn = guide.in_context(state, text, [])
    said = "\n".join(m.text for m in turn.messages)
    assert "Do you already have a mediation certificate?" not in said
    assert "Your appeal must reach the SEND Tribunal by 5pm on Monday 25 January 2027." in said


def test_a_certificate_said_in_the_same_message_asks_for_its_date(guide):
    state = guide.in_context(at_first_question(guide, "plan_ceasing"), "its dated 23/11/2026", []).state
    state = replace(state, awaiting=LETTER_DATE)
    turn = guide.in_context(state, "dated 23 november 2026 and we got the mediation certificate last week", [])
    assert turn.messages[-1].text == guide.content.say("ask_certificate_date")


@pytest.mark.parametrize(
    "text, answer",
    [
        ("we havent got a certificate", context.NO),
        ("no certificate yet", context.NO),
        ("its dated 3 nov, we dont have a mediation certificate", context.NO),
        ("we got the mediation certificate last week", context.YES),
        ("the certificate came yesterday", context.YES),
        ("its dated 3 nov", None),
    ],
)
def test_what_a_message_says_about_the_certificate(text, answer):
    assert context.says_about_certificate(text) == answer


@pytest.mark.parametrize(
    "text, parts",
    [
        ("how much does mediation cost and do i have to go?", ["how much does mediation cost", "do i have to go?"]),
        ("whens my deadline? and can i get legal aid", ["whens my deadline?", "and can i get legal aid"]),
        (
            "the council refused to assess him, how much is mediation?",
            ["the council refused to assess him", "how much is mediation?"],
        ),
        ("can i appeal myself or does my mum have to do it", ["can i appeal myself or does my mum have to do it"]),
        ("yes. what now?", []),  # too short to read alone: the whole message is read
    ],
)
def test_a_message_is_split_into_the_things_it_asks(text, parts):
    assert message_parts(text) == parts


def asked(*intents):
    """What the classifier says of a message's parts that ask these questions."""
    return [{"intent": intent, "question": True} for intent in intents]


def said_part(intent):
    return {"intent": intent, "question": False}


def test_two_questions_in_one_message_get_both_answers_in_order(guide):
    turn = guide.question(State(), "ask_cost")
    both = guide.also_answer(
        State(), turn, "ask_cost", asked("ask_cost", "ask_must_attend"), "is it free and do i have to go"
    )
    said = [m.text for m in both.messages]
    cost, must_attend = guide.content.faq["ask_cost"].answer[0], guide.content.faq["ask_must_attend"].answer[0]
    assert said.index(cost) < said.index("You also asked: Do I have to go to mediation?") < said.index(must_attend)
    assert [m for m in both.messages[:-1] if m.buttons] == []  # the way on stays on the last message
    assert both.messages[-1].buttons == turn.messages[-1].buttons


def test_a_question_asked_with_a_disagreement_is_answered_before_is_that_right(guide):
    turn = guide.understand(State(), [("refused_assessment", 0.9)], "text")
    both = guide.also_answer(
        State(), turn, "refused_assessment", [said_part("refused_assessment"), *asked("ask_cost")], "x"
    )
    assert both.messages[0].text == "You also asked: Is it free?"
    assert both.messages[-1] == turn.messages[-1] and both.state == turn.state


def test_a_deadline_question_with_another_question_asks_for_the_letter_last(guide):
    state = at_first_question(guide, "refused_assessment")
    turn = guide.question(state, "ask_cost")
    both = guide.also_answer(
        state, turn, "ask_cost", asked("ask_cost", "ask_deadline"), "is it free and whens my deadline"
    )
    assert both.messages[-1].text == guide.content.say("ask_letter_date")
    assert both.state.awaiting == LETTER_DATE


def test_a_deadline_just_given_is_not_given_twice(guide):
    state = at_first_question(guide, "plan_ceasing")
    text = "its dated 23 november 2026, no certificate. whens my deadline?"
    turn = guide.in_context(state, text, [])
    both = guide.also_answer(state, turn, None, [said_part("inform_date"), *asked("ask_deadline")], text)
    assert both == turn


def test_an_unclear_message_whose_parts_are_clear_gets_answers_not_choices(guide):
    state = at_first_question(guide, "refused_ehc_plan")
    state = guide.no(guide.in_context(replace(state, awaiting=LETTER_DATE), "i cant find it", []).state).state
    unclear = guide.understand(state, [("nlu_fallback", 0.45), ("ask_lawyer", 0.3), ("ask_deadline", 0.25)], "x")
    assert not unclear.understood
    text = "do i need a lawyer for this and when is my deadline"
    turn = guide.also_answer(state, unclear, None, asked("ask_lawyer", "ask_deadline"), text)
    said = [m.text for m in turn.messages]
    assert said[0] == "You asked: Do I need a lawyer?"
    assert guide.content.say("offer_choices") not in said
    assert said[-1] == guide.content.say("ask_letter_date") and turn.state.awaiting == LETTER_DATE


def test_an_unclear_message_with_nothing_clear_in_it_still_gets_choices(guide):
    unclear = guide.understand(State(), [("nlu_fallback", 0.45), ("ask_lawyer", 0.3), ("ask_cost", 0.25)], "x")
    assert guide.also_answer(State(), unclear, None, [said_part("greet")], "x") == unclear
    waiting = State(awaiting=CONFIRM_TYPE, proposed="plan_ceasing")
    assert guide.also_answer(waiting, unclear, None, asked("ask_deadline"), "x") == unclear


def test_a_certificate_date_with_a_deadline_question_never_becomes_the_letters_date(guide):
    state = guide.no(at_first_question(guide, "plan_ceasing")).state
    state = replace(state, letter_date="2026-11-01", awaiting="certificate_date")
    text = "its dated 20 november, when is the deadline now?"
    turn = guide.in_context(state, text, [])
    both = guide.also_answer(state, turn, None, [said_part("inform_date"), *asked("ask_deadline")], text)
    said = "\n".join(m.text for m in both.messages)
    assert both.state.letter_date == "2026-11-01" and both.state.certificate_date == "2026-11-20"
    assert "Do you already have a mediation certificate?" not in said


@pytest.mark.parametrize(
    "awaiting, text",
    [
        ("has_certificate", "no we havent, when is my deadline?"),
        ("rung_done", "yes we did, when is my deadline?"),
    ],
)
def test_a_reply_with_a_deadline_question_gives_each_thing_once(guide, awaiting, text):
    state = replace(at_first_question(guide, "plan_ceasing"), letter_date="2026-11-23", awaiting=awaiting)
    turn = guide.in_context(state, text, [])
    both = guide.also_answer(state, turn, None, [said_part("deny"), *asked("ask_deadline")], text)
    said = "\n".join(m.text for m in both.messages)
    assert said.count("Your appeal must reach the SEND Tribunal") <= 1
    assert said.count("Have you already") == 1
    assert both.state.awaiting == RUNG_DONE


def test_what_can_i_do_in_a_longer_message_keeps_the_choices(guide):
    ranking = [("nlu_fallback", 0.45), ("refused_ehc_plan", 0.4), ("refused_assessment", 0.3)]
    unclear = guide.understand(State(), ranking, "the council said no to an EHCP. What are my options?")
    parts = [said_part("refused_ehc_plan"), *asked("ask_help")]
    turn = guide.also_answer(
        State(), unclear, "nlu_fallback", parts, "the council said no to an EHCP. What are my options?"
    )
    assert turn == unclear


def test_a_question_answered_as_the_likeliest_is_not_answered_again(guide):
    ranking = [("nlu_fallback", 0.45), ("ask_lawyer", 0.44), ("ask_age_16", 0.2)]
    text = "can i appeal myself, and do i need a lawyer"
    turn = guide.understand(State(), ranking, text)
    both = guide.also_answer(State(), turn, "nlu_fallback", asked("ask_lawyer"), text)
    said = [m.text for m in both.messages]
    assert said.count(guide.content.faq["ask_lawyer"].answer[0]) == 1


def test_both_dates_in_one_message_give_the_deadline_from_the_certificate(guide):
    state = replace(at_first_question(guide, "plan_ceasing"), awaiting=LETTER_DATE)
    turn = guide.in_context(state, "dated 20 november 2026 and the certificate is dated 25 november 2026", [])
    assert turn.state.letter_date == "2026-11-20" and turn.state.certificate_date == "2026-11-25"
    assert "Do you already have a mediation certificate?" not in "\n".join(m.text for m in turn.messages)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("dated 20 nov, the certificate hasnt arrived yet", context.NO),
        ("dated 20 nov, do we have to get a certificate?", None),
        ("20 nov, mediation didnt happen but i have a certificate", context.YES),
        ("dated 20 nov and the certificate is dated 25 nov", context.YES),
    ],
)
def test_what_a_message_says_about_the_certificate_in_harder_cases(text, answer):
    assert context.says_about_certificate(text) == answer
