"""Typed replies read against the question asked, as families type them (issue 12)."""

import pytest

from guide import context
from guide.conversation import CONFIRM_TYPE, LETTER_DATE, RUNG_DONE, State


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
