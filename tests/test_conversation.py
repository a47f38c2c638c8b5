"""The decision guide, turn by turn, as a family would meet it (no Rasa needed)."""

import pytest

from guide.conversation import (
    ACT_DATE,
    COMPLAINT_ABOUT,
    CONFIDENT_LONG,
    CONFIRM_TYPE,
    HAS_CERTIFICATE,
    LETTER_DATE,
    RUNG_DONE,
    State,
    Turn,
)
from tests.disagreement_types import DISAGREEMENT_TYPES

TYPES = list(DISAGREEMENT_TYPES)
APPEALABLE = TYPES[:4]


def text(turn) -> str:
    return "\n".join(message.text for message in turn.messages)


def buttons(turn) -> list[tuple[str, str]]:
    return [(b.title, b.payload) for m in turn.messages for b in m.buttons]


def confident(intent):
    return [(intent, 0.95), ("greet", 0.02)]


def confirmed(guide, route):
    """Describe the problem clearly and say yes to the confirmation."""
    turn = guide.understand(State(), confident(route), "text")
    return guide.yes(turn.state)


# --- understanding the disagreement -----------------------------------------------------------


@pytest.mark.parametrize("route", TYPES)
def test_a_clear_description_is_said_back_for_confirmation(guide, content, route):
    turn = guide.understand(State(), confident(route), "text")
    assert content.routes[route].summary in text(turn)
    assert [title for title, _ in buttons(turn)] == ["Yes", "No, something else"]
    assert turn.state.awaiting == CONFIRM_TYPE and turn.state.route is None


def test_when_unsure_it_offers_the_likeliest_types_and_never_walks_a_ladder(guide, content):
    ranking = [
        ("disagree_setting_provision", 0.41),
        ("duties_not_met", 0.35),
        ("disagree_plan_contents", 0.2),
        ("greet", 0.04),
    ]
    turn = guide.understand(State(), ranking, "the school isn't doing what they should")
    titles = [title for title, _ in buttons(turn)]
    assert titles == [
        content.routes[r].label for r in ["disagree_setting_provision", "duties_not_met", "disagree_plan_contents"]
    ] + ["Something else"]
    assert turn.state.route is None and turn.state.awaiting is None


def test_when_unsure_whether_it_is_about_safety_it_offers_safety_as_a_choice(guide):
    ranking = [("nlu_fallback", 0.52), ("safeguarding_concern", 0.52), ("disagree_setting_provision", 0.3)]
    turn = guide.understand(State(), ranking, "DS has meltdowns every night after school")
    assert buttons(turn)[0] == ("I'm worried about a child's safety", "/safeguarding_concern")
    assert (
        "Support at nursery, school or college",
        '/choose_type{"route_choice":"disagree_setting_provision"}',
    ) in buttons(turn)


def test_when_unsure_between_questions_it_offers_them_as_questions(guide, content):
    ranking = [
        ("nlu_fallback", 0.45),
        ("out_of_scope", 0.19),
        ("ask_must_attend", 0.16),
        ("request_human", 0.11),
        ("ask_cost", 0.06),
    ]
    turn = guide.understand(State(), ranking, "how do I reach the mediation people")
    assert buttons(turn) == [
        ("Do I have to go to mediation?", "/ask_must_attend"),
        ("Talk to a person", "/request_human"),
        ("Is it free?", "/ask_cost"),
        ("Something else", "/something_else"),
    ]
    assert turn.state.route is None and turn.state.candidates == ()


def test_when_unsure_between_a_type_and_a_question_both_are_offered(guide, content):
    ranking = [("nlu_fallback", 0.45), ("refused_assessment", 0.3), ("ask_request_assessment", 0.28), ("greet", 0.02)]
    turn = guide.understand(State(), ranking, "can the council say no to an assessment")
    assert [title for title, _ in buttons(turn)] == [
        content.routes["refused_assessment"].label,
        "Can I ask for an assessment myself?",
        "Something else",
    ]
    assert turn.state.candidates == ("refused_assessment",)


def test_one_question_well_ahead_is_answered_saying_which_question_it_answers(guide, content):
    ranking = [("nlu_fallback", 0.45), ("ask_age_16", 0.44), ("ask_deadline", 0.2), ("ask_tribunal", 0.05)]
    turn = guide.understand(State(), ranking, "can i appeal myself or does my mum have to do it")
    assert turn.messages[0].text == "I think you are asking: What changes at 16?"
    assert content.faq["ask_age_16"].answer[0] in text(turn)


def test_words_that_pick_one_of_the_types_offered_start_it_like_a_button(guide, content):
    ranking = [("nlu_fallback", 0.45), ("refused_assessment", 0.4), ("refused_ehc_plan", 0.38)]
    offered = guide.understand(State(), ranking, "the council wont give him an ehcp").state
    assert offered.candidates[:2] == ("refused_assessment", "refused_ehc_plan")
    turn = guide.understand(offered, [("refused_ehc_plan", 0.8), ("refused_assessment", 0.1)], "they did assess him")
    assert turn.state.route == "refused_ehc_plan"
    leaning = guide.understand(offered, [("refused_ehc_plan", 0.4), ("refused_assessment", 0.3)], "no plan")
    assert leaning.state.awaiting == CONFIRM_TYPE and leaning.state.proposed == "refused_ehc_plan"


def test_a_type_that_was_not_offered_is_still_said_back_for_confirmation(guide):
    offered = State(candidates=("refused_assessment", "refused_ehc_plan"))
    turn = guide.understand(offered, confident("duties_not_met"), "they are not doing the plan")
    assert turn.state.awaiting == CONFIRM_TYPE and turn.state.route is None


def test_hello_halfway_through_offers_the_way_back(guide):
    state = guide.no(confirmed(guide, "duties_not_met").state).state
    turn = guide.small_talk(state, "greeting")
    assert buttons(turn)[0] == ("Carry on where we were", "/resume")
    assert turn.state == state
    assert "/resume" not in [p for _, p in buttons(guide.small_talk(State(), "greeting"))]


LONG = " ".join(["word"] * 30)  # a message as long as parents write on forums


def test_a_long_message_acts_on_a_clear_lead_at_a_lower_score(guide):
    ranking = [("nlu_fallback", 0.45), ("plan_ceasing", CONFIDENT_LONG), ("duties_not_met", 0.1)]
    assert guide.understand(State(), ranking, LONG).state.proposed == "plan_ceasing"
    assert guide.understand(State(), ranking, "short message").state.proposed is None
    unsure = [("nlu_fallback", 0.45), ("plan_ceasing", CONFIDENT_LONG - 0.02), ("duties_not_met", 0.1)]
    assert guide.understand(State(), unsure, LONG).state.proposed is None


def test_a_long_message_with_several_problems_offers_the_types_found_in_its_last_parts(guide, content):
    ranking = [("nlu_fallback", 0.45), ("duties_not_met", 0.25), ("disagree_plan_contents", 0.2), ("greet", 0.1)]
    turn = guide.understand(State(), ranking, LONG, last_parts=["plan_ceasing", "ask_cost"])
    offered = [payload for _, payload in buttons(turn)]
    assert '/choose_type{"route_choice":"plan_ceasing"}' in offered and "/ask_cost" not in offered


def test_a_complaint_is_offered_as_a_choice(guide):
    ranking = [("nlu_fallback", 0.45), ("make_complaint", 0.3), ("duties_not_met", 0.2)]
    turn = guide.understand(State(), ranking, "the SEND team never answer my emails")
    assert ("Make a complaint", "/make_complaint") in buttons(turn)


def test_a_fallback_with_no_likely_type_shows_what_it_can_help_with(guide):
    turn = guide.understand(State(), [("nlu_fallback", 0.45), ("out_of_scope", 0.4), ("greet", 0.1)], "zzzz")
    assert "didn't understand" in text(turn)
    assert len(buttons(turn)) == 10  # the 8 types, a complaint, a person
    assert turn.state.route is None


def test_no_something_else_offers_the_other_likely_types(guide, content):
    ranking = [("refused_assessment", 0.8), ("refused_ehc_plan", 0.15), ("greet", 0.05)]
    turn = guide.no(guide.understand(State(), ranking, "x").state)
    assert buttons(turn)[0] == (
        content.routes["refused_ehc_plan"].label,
        '/choose_type{"route_choice":"refused_ehc_plan"}',
    )
    assert buttons(turn)[-1][0] == "Something else"
    assert turn.state.route is None


def test_something_else_asks_again_in_their_words(guide):
    turn = guide.something_else(State(awaiting=CONFIRM_TYPE, proposed="plan_ceasing"))
    assert "in a few words" in text(turn)
    assert turn.state.proposed is None


def test_choosing_a_type_from_buttons_starts_the_route(guide):
    turn = guide.choose(State(), "duties_not_met")
    assert turn.state.route == "duties_not_met"
    assert "Have you already written to the council's SEND team" in text(turn)


def test_a_made_up_route_in_a_payload_is_refused_kindly(guide):
    turn = guide.choose(State(), "<script>alert(1)</script>")
    assert turn.state.route is None
    assert "<script>" not in text(turn)
    assert "First, tell me what the disagreement is about" in text(turn)


# --- the clock for decisions that can be appealed -------------------------------------------------


@pytest.mark.parametrize("route", APPEALABLE)
def test_appealable_decisions_get_the_2_month_warning_as_soon_as_confirmed(guide, route):
    turn = confirmed(guide, route)
    assert "2 months from the date on the council's decision letter" in text(turn)
    assert "mediation adviser" in text(turn) and "SEND Tribunal" in text(turn)
    assert turn.state.awaiting == LETTER_DATE


@pytest.mark.parametrize("route", TYPES[4:6])
def test_other_types_have_no_appeal_clock(guide, route):
    turn = confirmed(guide, route)
    assert "2 months" not in text(turn)
    assert turn.state.awaiting == RUNG_DONE


def test_health_and_social_care_warns_of_the_appeal_limit_before_the_first_question(guide):
    """The education parts of a plan can be appealed: the 2 months run whatever the answer to the first question."""
    turn = confirmed(guide, "disagree_health_social_care")
    warning = text(turn)
    assert "within 2 months of the date on the council's decision letter" in warning
    assert "mediation certificate" in warning and "Global Mediation" in warning
    assert warning.index("2 months") < warning.index(turn.messages[-1].text)
    assert turn.state.awaiting == RUNG_DONE
    # Said once, at the start: answering "No" shows the rung without repeating it.
    assert "2 months" not in text(guide.no(turn.state))


def test_letter_date_gives_both_deadlines(guide):
    state = confirmed(guide, "refused_assessment").state
    turn = guide.date_given(state, "12 October 2026")
    assert turn.state.awaiting == HAS_CERTIFICATE
    turn = guide.no(turn.state)
    said = text(turn)
    assert "Contact the mediation adviser by Saturday 12 December 2026" in said
    assert "Your appeal must reach the SEND Tribunal by 5pm on Monday 14 December 2026" in said
    assert "weekend or bank holiday" in said
    assert "check the date on your own letter" in said
    assert "accept it late" in said
    # and then the ladder starts
    assert turn.state.awaiting == RUNG_DONE and turn.state.rung == 0


def test_a_later_certificate_gives_more_time(guide):
    # 12 October + 2 months = 12 December; 20 November + 1 month = Sunday 20 December -> Monday 21.
    state = guide.date_given(confirmed(guide, "refused_ehc_plan").state, "12/10/2026").state
    state = guide.yes(state).state
    turn = guide.date_given(state, "20 November 2026")
    assert "Your appeal must reach the SEND Tribunal by 5pm on Monday 21 December 2026" in text(turn)
    assert "1 month from your mediation certificate" in text(turn)


def test_a_passed_deadline_says_so_and_explains_late_appeals(guide):
    state = guide.date_given(confirmed(guide, "plan_ceasing").state, "1 June 2026").state
    turn = guide.no(state)
    assert "The time limit to appeal ended on Monday 3 August 2026" not in text(turn)  # August rule moves it
    assert "ended on Tuesday 1 September 2026" in text(turn)
    assert "late appeal" in text(turn)
    assert "ended on Saturday 1 August 2026" in text(turn)  # the mediation adviser date


def test_august_deadline_is_explained(guide):
    state = guide.date_given(confirmed(guide, "refused_assessment").state, "10 June 2026").state
    # "today" in these tests is 27 November 2026, so this one has passed; check the reason via a later letter
    later = guide.date_given(confirmed(guide, "refused_assessment").state, "27 October 2026").state
    turn = guide.no(later)
    assert "Monday 4 January 2027" in text(turn)
    assert "25 December and 1 January" in text(turn)
    assert state.letter_date == "2026-06-10"


def test_no_letter_yet_carries_on_with_the_ladder(guide):
    turn = guide.no(confirmed(guide, "refused_assessment").state)
    assert "starts from the date on the decision letter" in text(turn)
    assert turn.state.awaiting == RUNG_DONE


def test_a_date_it_cannot_read_is_asked_again(guide):
    state = confirmed(guide, "refused_assessment").state
    turn = guide.date_given(state, "the one with the blue logo")
    assert "could not read that as a date" in text(turn)
    assert turn.state.awaiting == LETTER_DATE


def test_a_future_date_is_questioned(guide):
    turn = guide.date_given(confirmed(guide, "refused_assessment").state, "12 March 2027")
    assert "in the future" in text(turn)
    assert turn.state.letter_date is None


def test_certificate_before_letter_is_questioned(guide):
    state = guide.yes(guide.date_given(confirmed(guide, "refused_assessment").state, "12 October 2026").state).state
    turn = guide.date_given(state, "1 October 2026")
    assert "before the letter date" in text(turn)


def test_discrimination_asks_when_it_happened_and_gives_6_months(guide):
    turn = confirmed(guide, "disability_discrimination")
    assert "within 6 months" in text(turn)
    assert turn.state.awaiting == ACT_DATE
    turn = guide.date_given(turn.state, "3 November 2026")
    # 6 months starting with 3 November ends on 2 May 2027, a Sunday: never moved later.
    assert "Make your disability discrimination claim by Sunday 2 May 2027" in text(turn)
    assert "county court" in text(turn)
    assert "weekend or bank holiday" not in text(turn)
    assert "letter" not in text(turn).split("county court")[1]  # no letter for this, and no promise of a late claim
    assert "accept it late" not in text(turn)
    assert turn.state.awaiting == RUNG_DONE


def test_a_date_typed_when_unsure_is_still_used_while_waiting_for_one(guide):
    state = confirmed(guide, "refused_assessment").state
    turn = guide.understand(state, [("nlu_fallback", 0.45), ("inform_date", 0.4)], "it says 12/10/2026 on top")
    assert turn.state.letter_date == "2026-10-12"


def test_asking_for_a_deadline_with_no_route_offers_both_kinds(guide):
    turn = guide.ask_deadline(State())
    assert [p for _, p in buttons(turn)] == [
        '/ask_deadline{"deadline_kind":"appeal"}',
        '/ask_deadline{"deadline_kind":"discrimination"}',
    ]
    assert "12 months" in text(turn)
    turn = guide.ask_deadline(turn.state, "appeal")
    assert turn.state.awaiting == LETTER_DATE


# --- one rung at a time ----------------------------------------------------------------------------


def walk(guide, route):
    """Answer no to the first question: the family is at the first rung."""
    turn = guide.choose(State(), route)
    while turn.state.awaiting in (LETTER_DATE, ACT_DATE, HAS_CERTIFICATE):
        turn = guide.no(turn.state)
    assert turn.state.awaiting == RUNG_DONE and turn.state.rung == 0
    return guide.no(turn.state)


@pytest.mark.parametrize("route", TYPES)
def test_every_route_can_be_climbed_rung_by_rung(guide, content, route):
    rungs = content.routes[route].rungs
    turn = walk(guide, route)
    for index, rung_id in enumerate(rungs):
        rung = content.rungs[rung_id]
        said = text(turn)
        assert f"Step {index + 1} of {len(rungs)}: {rung.title}" in said
        assert rung.what in said
        assert "Who to contact:" in said and "What to get ready:" in said
        assert turn.state.rung == index
        if index < len(rungs) - 1:
            assert ("What next?", "/next_step") in buttons(turn)
            turn = guide.next_step(turn.state)
    assert "last step" in text(turn)
    assert ("What next?", "/next_step") not in buttons(turn)


def test_only_the_next_step_is_given(guide, content):
    turn = walk(guide, "refused_assessment")
    assert content.rungs["talk_to_council"].what in text(turn)
    assert content.rungs["tribunal_appeal"].what not in text(turn)


def test_yes_to_a_done_question_skips_that_rung(guide, content):
    turn = guide.no(guide.choose(State(), "disagree_setting_provision").state)  # not asked for a date
    assert turn.state.rung == 0
    state = guide.choose(State(), "disagree_setting_provision").state
    turn = guide.yes(state)  # already talked to the school
    assert turn.state.awaiting == RUNG_DONE and turn.state.rung == 1
    assert content.rungs["disagreement_resolution"].done_question in text(turn)
    turn = guide.no(turn.state)
    assert "Step 2 of 4: Disagreement resolution" in text(turn)
    assert "free, independent, confidential and voluntary" in text(turn)


def test_yes_to_everything_reaches_the_last_rung(guide):
    turn = guide.choose(State(), "duties_not_met")
    for _ in range(3):
        turn = guide.yes(turn.state)
    assert "Step 4 of 4: The Local Government and Social Care Ombudsman" in text(turn)


def test_go_back_and_start_again(guide):
    turn = guide.next_step(walk(guide, "duties_not_met").state)
    assert turn.state.rung == 1
    turn = guide.go_back(turn.state)
    assert turn.state.rung == 0 and "Step 1 of 4" in text(turn)
    turn = guide.go_back(turn.state)
    assert "This is the first step" in text(turn)
    turn = guide.start_again(turn.state)
    assert turn.state == State()
    assert "start again" in text(turn)


def test_what_next_before_any_route_asks_what_is_wrong(guide):
    turn = guide.next_step(State())
    assert "First, tell me what the disagreement is about" in text(turn)


def test_yes_out_of_the_blue_is_not_guessed(guide):
    turn = guide.yes(State())
    assert "not sure what you are answering" in text(turn)
    assert turn.state == State()


def test_placement_only_appeals_need_no_certificate(guide):
    said = text(guide.next_step(walk(guide, "disagree_plan_contents").state))
    assert "You do not need a mediation certificate to appeal if you only disagree with the school" in said
    assert "the type of school or college named, or that none is named" in said


def test_mediation_rung_names_global_mediation_with_its_number(guide):
    turn = guide.next_step(walk(guide, "refused_ehc_plan").state)
    assert "Global Mediation: phone 0800 064 4488, email sen@globalmediation.co.uk, www.globalmediation.co.uk" in text(
        turn
    )


def test_missing_council_contacts_point_to_the_local_offer(guide):
    turn = walk(guide, "refused_assessment")
    assert (
        "The council's SEND team: you can find their details on your council's Local Offer website (its guide to "
        "SEND services)." in text(turn)
    )


# --- questions, people, safety, complaints, small talk ---------------------------------------------


def test_a_question_mid_ladder_is_answered_and_the_place_is_kept(guide):
    state = walk(guide, "refused_assessment").state
    turn = guide.question(state, "ask_certificate")
    assert "within 3 working days" in text(turn)
    assert turn.state == state
    assert buttons(turn) == [("Carry on where we were", "/resume")]
    turn = guide.resume(turn.state)
    assert "Step 1 of 4" in text(turn)


@pytest.mark.parametrize(
    "intent",
    [
        "ask_drs_vs_mediation",
        "ask_cost",
        "ask_confidential",
        "ask_must_attend",
        "ask_who_attends",
        "ask_tribunal",
        "ask_tribunal_time",
        "ask_lawyer",
        "ask_age_16",
        "ask_sendiass",
        "ask_icb",
        "ask_late_appeal",
        "ask_request_assessment",
        "ask_help",
    ],
)
def test_every_question_gets_its_answer(guide, content, intent):
    turn = guide.question(State(), intent)
    for line in content.faq[intent].answer:
        assert line in text(turn)


def test_key_facts_in_answers(guide):
    assert "no fees" in text(guide.question(State(), "ask_cost"))
    assert "only about the school or college named" in text(guide.question(State(), "ask_certificate"))
    assert "last Friday in June" in text(guide.question(State(), "ask_age_16"))
    assert "1 July 2022" in text(guide.question(State(), "ask_icb"))
    assert "Your child can come if you and the mediator agree" in text(guide.question(State(), "ask_who_attends"))


def test_safety_comes_first_and_the_ladder_waits(guide):
    state = walk(guide, "duties_not_met").state
    turn = guide.safety_first(state, Turn([], state))
    said = text(turn)
    assert turn.messages[0].text.startswith("If a child or young person is in danger right now, call 999")
    assert "0808 800 5000" in said and "0800 1111" in said
    assert "children's services" in said
    assert "Step" not in said  # no ladder in the same reply
    assert buttons(turn) == [("Carry on where we were", "/resume")]


def test_talk_to_a_person_gives_numbers_that_fit(guide):
    turn = guide.talk_to_person(walk(guide, "refused_assessment").state)
    said = text(turn)
    assert "0800 064 4488" in said
    assert "SENDIASS" in said and "SEND team" in said


@pytest.mark.parametrize(
    "typed, route",
    [
        ("I want to complain about the school", "complaint_about_setting"),
        ("complaint about his nursery", "complaint_about_setting"),
        ("how do I complain about the council", "complaint_about_council"),
        ("I want to complain about social services", "complaint_about_social_care"),
        ("complaint about CAMHS", "complaint_about_nhs"),
        ("complain about the council's social worker", "complaint_about_social_care"),
        ("the council is late with his education, health and care plan", "complaint_about_council"),
        ("the council missed the annual review at school", "complaint_about_council"),
        ("complaint about the school nurse", "complaint_about_nhs"),
    ],
)
def test_complaints_are_routed_by_who_they_are_about(guide, typed, route):
    assert guide.complaint(State(), None, typed).state.route == route


def test_complaint_with_no_one_named_asks_who(guide):
    turn = guide.complaint(State(), None, "I want to make a complaint")
    assert turn.state.awaiting == COMPLAINT_ABOUT
    assert len(buttons(turn)) == 4
    turn = guide.organisation(turn.state, "the NHS")
    assert turn.state.route == "complaint_about_nhs"
    assert "Parliamentary and Health Service Ombudsman" not in text(turn)  # only the first step so far


def test_social_care_complaint_ends_with_the_ombudsman(guide):
    turn = guide.complaint(State(), "complaint_about_social_care", "")
    turn = guide.yes(turn.state)
    assert "Local Government and Social Care Ombudsman" in text(turn)


def test_off_topic_gets_a_kind_reply_and_no_ladder(guide):
    turn = guide.small_talk(State(), "out_of_scope")
    assert "can't help with that" in text(turn)
    assert turn.state == State()


def test_refusal_to_change_the_plan_after_a_review_is_appealable(guide, content):
    route = content.routes["disagree_plan_contents"]
    assert route.appealable and "will not change it after a review" in route.summary


def test_health_route_ends_with_the_right_ombudsman_for_each(guide):
    turn = guide.choose(State(), "disagree_health_social_care")
    for _ in range(4):
        turn = guide.yes(turn.state)
    said = text(turn)
    assert "Parliamentary and Health Service Ombudsman" in said and "Local Government and Social Care Ombudsman" in said


def test_mediation_is_the_familys_choice_and_the_council_cannot_refuse(guide):
    turn = guide.next_step(guide.next_step(walk(guide, "refused_assessment").state).state)
    assert "Step 3 of 4: Mediation" in text(turn)
    assert "the council must take part" in text(turn)
    assert "everyone must agree" not in text(turn)


def test_appeal_step_gives_the_5pm_cut_off(guide):
    turn = walk(guide, "refused_assessment")
    for _ in range(3):
        turn = guide.next_step(turn.state)
    assert "by 5pm on the last day" in text(turn)


def test_a_letter_date_is_not_reused_for_a_different_decision(guide):
    state = guide.no(guide.date_given(confirmed(guide, "refused_assessment").state, "12/10/2026").state).state
    assert state.letter_date == "2026-10-12"
    turn = guide.choose(state, "plan_ceasing")
    assert turn.state.letter_date is None
    assert "What date is on the decision letter?" in text(turn)


def test_a_letter_date_given_before_choosing_is_used(guide):
    state = guide.ask_deadline(State(), "appeal").state
    state = guide.no(guide.date_given(state, "12/10/2026").state).state
    turn = guide.choose(state, "refused_ehc_plan")
    assert "Monday 14 December 2026" in text(turn)


def test_a_bare_number_with_no_choice_waiting_asks_instead_of_guessing(guide, content):
    turn = guide.number_without_choice(State())
    assert "not sure which choice" in text(turn)
    assert len(buttons(turn)) == 10  # the general menu
    mid_ladder = State(route="refused_assessment", rung=1)
    turn = guide.number_without_choice(mid_ladder)
    assert turn.state == mid_ladder
    assert ("Carry on where we were", "/resume") in buttons(turn)


def test_carry_on_after_a_safety_reply_goes_back_to_the_question_who_it_is_about(guide):
    state = guide.complaint(State(), None, "I want to complain").state
    turn = guide.safety_first(state, Turn([], state))
    assert buttons(turn) == [("Carry on where we were", "/resume")]
    assert "Who is your complaint" in text(guide.resume(state))


def test_discrimination_claims_about_council_run_schools_go_to_the_tribunal(content):
    what = content.rungs["tribunal_discrimination"].what
    assert "against a school to the SEND Tribunal. This includes schools the council runs." in what
    assert "claims against the council about something other than a school" in what


def test_refusal_to_assess_appeals_are_decided_on_paper_only_if_both_sides_agree(content):
    note = content.routes["refused_assessment"].notes["tribunal_appeal"]
    assert "but only if you and the council both agree" in note


def test_help_halfway_through_offers_the_way_back_too(guide):
    state = guide.no(confirmed(guide, "duties_not_met").state).state
    assert buttons(guide.question(state, "ask_help"))[0] == ("Carry on where we were", "/resume")
    assert "/resume" not in [p for _, p in buttons(guide.question(State(), "ask_help"))]
