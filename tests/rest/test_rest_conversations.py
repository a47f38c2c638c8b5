"""Whole conversations through the REST channel, with the real model, Rasa and action server."""

from tests.rest.conftest import Family


def test_refused_assessment_from_first_words_to_the_mediation_step(family):
    said = family.says("the council said no to assessing my son")
    assert "refused to carry out an EHC needs assessment" in said
    assert ("Yes", "/affirm") in family.buttons
    said = family.says("yes")
    assert "2 months from the date on the council's decision letter" in said
    said = family.says("12 March")
    assert "mediation certificate" in said
    said = family.says("no")
    assert "Your decision letter is dated Thursday 12 March 2026." in said
    assert "Tuesday 12 May 2026" in said
    assert "late appeal" in said  # it has passed by the time these tests run
    said = family.says("yes we have")  # already talked to the council
    assert "mediation adviser" in said
    said = family.says("/deny")
    assert "Step 2 of 4: Contact the mediation adviser" in said
    assert "0800 064 4488" in said and "sen@globalmediation.co.uk" in said


def test_a_young_person_about_their_own_plan(family):
    said = family.says("they want to stop my EHCP, I'm 18")
    assert "stop (cease) the EHC plan" in said
    said = family.says("/affirm")
    assert "What date is on the decision letter?" in said


def test_no_something_else_then_a_button_choice(family):
    family.says("council won't assess her")
    said = family.says("No, something else")
    assert "Which of these is closer?" in said or "in a few words" in said
    said = family.says('/choose_type{"route_choice":"refused_ehc_plan"}')
    assert "2 months" in said


def test_safety_first_in_the_middle_of_a_ladder(family):
    family.says('/choose_type{"route_choice":"duties_not_met"}')
    said = family.says("she has started self harming and I'm scared")
    first = family.replies[0]["text"]
    assert first.startswith("If a child or young person is in danger right now, call 999")
    assert "0808 800 5000" in said and "0800 1111" in said
    assert "Step" not in said
    said = family.says("/resume")
    assert "Have you already" in said or "Step" in said


def test_a_message_about_a_disagreement_and_a_child_at_risk_gets_the_safety_reply_first(family):
    """Mid-ladder, waiting for the letter's date: the family gives it, and a worry.
    Safety first, then the date is used."""
    family.says('/choose_type{"route_choice":"refused_assessment"}')
    said = family.says("the letter is dated 12 March 2026 and since it came she keeps saying she wishes she was dead")
    assert family.replies[0]["text"] == "If a child or young person is in danger right now, call 999."
    assert "0808 800 5000" in said and "0800 1111" in said and "children's services" in said
    assert said.index("999") < said.index("Do you already have a mediation certificate?")
    said = family.says("no")
    assert "Your decision letter is dated Thursday 12 March 2026." in said  # not asked for again


def test_a_safety_message_no_pattern_knows_gets_the_safety_reply_from_the_classifier(family, content):
    from guide.safety import is_safety_worry

    message = "she said to me tonight mum you'll be ok without me won't you"
    assert not is_safety_worry(message, content.safeguarding_patterns)  # the classifier alone must catch it
    family.says('/choose_type{"route_choice":"duties_not_met"}')
    said = family.says(message)
    assert family.replies[0]["text"] == "If a child or young person is in danger right now, call 999."
    assert "Which of these" not in said


def test_a_question_mid_ladder_then_carry_on(family):
    family.says('/choose_type{"route_choice":"disagree_setting_provision"}')
    family.says("no")
    said = family.says("is mediation confidential?")
    assert "confidential" in said
    said = family.says("/resume")
    assert "Step 1 of 4" in said


def test_off_topic_and_a_person(family):
    said = family.says("how do I pay my council tax")
    assert "can't help with that" in said
    said = family.says("can I speak to a real person")
    assert "0800 064 4488" in said


def test_two_families_never_see_each_other(servers):
    first, second = Family(servers), Family(servers)
    first.says('/choose_type{"route_choice":"plan_ceasing"}')
    first.says("1 November 2026")
    said = second.says("/next_step")
    assert "First, tell me what the disagreement is about" in said
    assert "November" not in said


def test_one_whole_conversation_gets_a_reply_at_every_turn(servers):
    family = Family(servers)
    said = ""
    for message in ["hello", "the council refused to assess my daughter", "yes", "12/10/2026", "no", "no", "what next"]:
        said = family.says(message)
        assert said, f"no reply to {message!r}"
    assert "Step 2 of 4: Contact the mediation adviser" in said


def test_conversation_survives_a_rasa_restart(servers):
    # Kept in the SQLite tracker store, not in memory: a restart must not lose a family's place.
    family = Family(servers)
    family.says('/choose_type{"route_choice":"duties_not_met"}')
    family.says("no")
    servers.stop_rasa()
    servers.start_rasa()
    said = family.says("what next")
    assert "Step 2 of 4: Disagreement resolution" in said, "the place on the ladder was lost"


def test_typed_rasa_commands_never_flood_or_break_the_conversation(family):
    """A typed "/restart" once sent 10 replies, and the conversation never answered again."""
    family.says("the council refused to assess my son")
    family.says("yes")
    said = family.says("/restart")
    assert len(family.replies) == 1 and said.startswith("OK, let's start again.")
    said = family.says("the school won't give him a TA")
    assert "Is that right?" in said
    family.says("yes")
    family.says("no")  # shows step 1
    said = family.says("/back")
    assert "This is the first step." in said and "Step 1 of 4" in said
    said = family.says("/session_start")  # as a chat widget sends it: a greeting, the place kept
    assert said.startswith("Hello. I can help") and ("Carry on where we were", "/resume") in family.buttons
    said = family.says("carry on")
    assert "Step 1 of 4" in said or "Here is where we were." in said
    said = family.says("the council want to stop my EHCP")
    assert "Is that right?" in said
