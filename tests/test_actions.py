"""Each custom action on tracker fixtures: what the family sees and which slots change."""

import asyncio
import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import guide_actions
from actions.state import STATE_SLOTS

FIXTURES = Path(__file__).parent / "trackers"


def tracker_from_file(name: str) -> Tracker:
    return Tracker.from_dict(json.loads((FIXTURES / name).read_text()))


def tracker(
    text: str, intent: str, ranking=None, entities=None, safety_concern=None, parts_read_as=None, **slots
) -> Tracker:
    state = {name: None for name in STATE_SLOTS} | {"candidates": []} | slots
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "intent_ranking": ranking if ranking is not None else [{"name": intent, "confidence": 0.9}],
        "entities": entities or [],
    }
    if safety_concern is not None:
        latest["safety_concern"] = safety_concern
    if parts_read_as is not None:
        latest["parts_read_as"] = parts_read_as
    return Tracker.from_dict(
        {
            "sender_id": "test",
            "slots": state,
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
            "latest_message": latest,
        }
    )


def run(action_class, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action_class().run(dispatcher, tracker_, {}))
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, said, slots


def test_every_action_name_is_in_the_domain():
    import yaml

    domain = yaml.safe_load((Path(__file__).parent.parent / "domain.yml").read_text())
    replacements_of_rasas_own = {guide_actions.Restart.action_name, guide_actions.Back.action_name}
    names = {cls.action_name for cls in guide_actions.GuideAction.__subclasses__()} | replacements_of_rasas_own
    assert names == set(domain["actions"])


def test_understand_proposes_a_confident_type():
    ranking = [{"name": "plan_ceasing", "confidence": 0.93}, {"name": "refused_ehc_plan", "confidence": 0.03}]
    messages, said, slots = run(
        guide_actions.Understand, tracker("they want to stop my ehcp, I'm 18", "plan_ceasing", ranking)
    )
    assert "stop (cease) the EHC plan. Is that right?" in said
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/affirm", "/deny"]
    assert slots == {"awaiting": "confirm_type", "proposed": "plan_ceasing", "candidates": ["refused_ehc_plan"]}


def test_understand_offers_choices_on_fallback():
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "duties_not_met", "confidence": 0.4},
        {"name": "disagree_setting_provision", "confidence": 0.38},
        {"name": "greet", "confidence": 0.01},
    ]
    messages, said, slots = run(guide_actions.Understand, tracker("they aren't doing it", "nlu_fallback", ranking))
    assert "Which of these is closest" in said
    assert len(messages[-1]["buttons"]) == 3
    assert "route" not in slots


def test_yes_on_fixture_starts_the_route_with_the_clock():
    messages, said, slots = run(guide_actions.AnswerYes, tracker_from_file("confirm_refused_assessment.json"))
    assert "2 months from the date on the council's decision letter" in said
    assert slots["route"] == "refused_assessment" and slots["awaiting"] == "letter_date"


def test_no_on_fixture_shows_the_rung():
    messages, said, slots = run(guide_actions.AnswerNo, tracker_from_file("at_rung_asked.json"))
    assert "Step 1 of 4: Write to the council" in said
    assert slots == {"awaiting": None}
    assert [b["title"] for b in messages[-1]["buttons"]] == ["What next?", "Talk to a person", "Start again"]


def test_choose_type_reads_the_button_entity():
    entities = [{"entity": "route_choice", "value": "disagree_health_social_care"}]
    _, said, slots = run(
        guide_actions.ChooseType,
        tracker('/choose_type{"route_choice":"disagree_health_social_care"}', "choose_type", entities=entities),
    )
    assert slots["route"] == "disagree_health_social_care"
    assert "health or social care service" in said


def test_date_action_reads_the_typed_date():
    _, said, slots = run(
        guide_actions.DateGiven,
        tracker("it's dated 12/10/2026", "inform_date", route="refused_assessment", awaiting="letter_date"),
    )
    assert slots == {"awaiting": "has_certificate", "letter_date": "2026-10-12"}
    assert "mediation certificate" in said


def test_question_action_answers_from_the_faq():
    _, said, slots = run(guide_actions.AnswerQuestion, tracker("is it free", "ask_cost"))
    assert "free for families" in said and slots == {}


def test_safeguarding_action_keeps_the_place():
    _, said, slots = run(
        guide_actions.Safeguarding,
        tracker("he wants to kill himself", "safeguarding_concern", route="duties_not_met", rung=1.0),
    )
    assert "999" in said and slots == {}


def test_complaint_action_uses_the_button_entity():
    entities = [{"entity": "organisation", "value": "complaint_about_council"}]
    _, said, slots = run(guide_actions.MakeComplaint, tracker("/make_complaint", "make_complaint", entities=entities))
    assert slots["route"] == "complaint_about_council"


def test_start_again_clears_everything():
    _, said, slots = run(
        guide_actions.StartAgain,
        tracker("start again", "start_again", route="plan_ceasing", rung=2.0, letter_date="2026-10-01"),
    )
    assert slots == {"route": None, "rung": None, "letter_date": None}


@pytest.mark.parametrize(
    "intent, expected",
    [
        ("greet", "Hello"),
        ("goodbye", "Goodbye"),
        ("thank", "welcome"),
        ("bot_challenge", "computer program"),
        ("out_of_scope", "can't help with that"),
    ],
)
def test_small_talk(intent, expected):
    _, said, _ = run(guide_actions.SmallTalk, tracker("x", intent))
    assert expected in said


@pytest.mark.parametrize("action", [cls for cls in guide_actions.GuideAction.__subclasses__()])
def test_no_action_crashes_on_an_empty_tracker(action):
    messages, _, _ = run(action, tracker("", "nlu_fallback", ranking=[]))
    assert messages and all(m.get("text") for m in messages)


# --- safety first, in every state ---------------------------------------------------------------


def test_a_yes_that_also_says_a_child_is_at_risk_gets_the_safety_reply_then_the_next_question():
    """Mid-ladder: the safety reply first, then the conversation carries on with the answer."""
    messages, said, slots = run(
        guide_actions.AnswerYes,
        tracker(
            "yes we did, and she keeps saying nobody would miss her",
            "affirm",
            safety_concern=True,
            route="duties_not_met",
            rung=0,
            awaiting="rung_done",
        ),
    )
    assert messages[0]["text"] == "If a child or young person is in danger right now, call 999."
    assert "NSPCC on 0808 800 5000" in said and "Childline on 0800 1111" in said
    assert said.index("999") < said.index("Have you already tried disagreement resolution")
    assert slots == {"rung": 1}


def test_safety_words_come_first_even_without_the_nlu_mark():
    """A model trained before a council added a pattern: the action server checks the patterns too."""
    messages, said, slots = run(
        guide_actions.DateGiven,
        tracker(
            "the letter is dated 12 March 2026. he has been self harming since",
            "inform_date",
            route="refused_assessment",
            awaiting="letter_date",
        ),
    )
    assert messages[0]["text"].endswith("call 999.")
    assert "Do you already have a mediation certificate?" in said
    assert slots == {"letter_date": "2026-03-12", "awaiting": "has_certificate"}


def test_an_unsure_reading_of_a_safety_message_offers_no_choices():
    ranking = [
        {"name": "duties_not_met", "confidence": 0.4},
        {"name": "disagree_setting_provision", "confidence": 0.35},
    ]
    messages, said, slots = run(
        guide_actions.Understand, tracker("he wants to disappear", "duties_not_met", ranking, safety_concern=True)
    )
    assert messages[0]["text"].endswith("call 999.")
    assert "Which of these" not in said and "When you are ready, I can carry on helping" in said
    assert slots == {}


def test_a_clear_disagreement_after_the_safety_reply_is_still_said_back():
    ranking = [{"name": "refused_assessment", "confidence": 0.9}, {"name": "refused_ehc_plan", "confidence": 0.05}]
    messages, said, slots = run(
        guide_actions.Understand,
        tracker(
            "the council refused to assess my son and he says he wants to die",
            "refused_assessment",
            ranking,
            safety_concern=True,
        ),
    )
    assert (
        said.index("999")
        < said.index("When you are ready, here is the rest of my answer.")
        < said.index("Is that right?")
    )
    assert slots["proposed"] == "refused_assessment"


def test_the_safety_reply_alone_offers_to_carry_on_where_we_were():
    messages, said, slots = run(
        guide_actions.Safeguarding,
        tracker(
            "my son took a load of tablets",
            "safeguarding_concern",
            safety_concern=True,
            route="plan_ceasing",
            awaiting="letter_date",
        ),
    )
    assert messages[0]["text"].endswith("call 999.")
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/resume"]
    assert said.count("999") == 1 and slots == {}


def test_the_safeguarding_intent_alone_always_gets_the_safety_reply():
    """A typed "/safeguarding_concern" has no words to check and no NLU mark."""
    messages, said, slots = run(guide_actions.Safeguarding, tracker("/safeguarding_concern", "safeguarding_concern"))
    assert messages[0]["text"].endswith("call 999.") and "Childline" in said


def test_a_date_the_conversation_waited_for_is_kept_after_the_safety_reply():
    ranking = [{"name": "safeguarding_concern", "confidence": 1.0}, {"name": "inform_date", "confidence": 0.3}]
    messages, said, slots = run(
        guide_actions.Safeguarding,
        tracker(
            "letter came 12 March 2026, he's been cutting himself since",
            "safeguarding_concern",
            ranking,
            safety_concern=True,
            route="refused_assessment",
            awaiting="letter_date",
        ),
    )
    assert said.index("999") < said.index("Do you already have a mediation certificate?")
    assert slots["letter_date"] == "2026-03-12"


def test_a_date_in_a_safety_message_is_not_taken_as_the_letters_date():
    """ "Friday" here is when he tried, not the date on the council's letter: the question waits."""
    messages, said, slots = run(
        guide_actions.DateGiven,
        tracker(
            "he tried to hang himself on Friday",
            "inform_date",
            safety_concern=True,
            route="refused_assessment",
            awaiting="letter_date",
        ),
    )
    assert messages[0]["text"].endswith("call 999.")
    assert slots == {}
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/resume"]


def test_a_yes_to_nothing_adds_no_confusion_after_the_safety_reply():
    messages, said, slots = run(
        guide_actions.AnswerYes, tracker("yes, she says she wants to die", "affirm", safety_concern=True)
    )
    assert messages[0]["text"].endswith("call 999.")
    assert "not sure what you are answering" not in said and "rest of my answer" not in said
    assert messages[-1].get("buttons") in (None, [])


def test_when_is_my_deadline_in_a_safety_message_does_not_take_its_date_as_the_letters():
    messages, said, slots = run(
        guide_actions.AskDeadline,
        tracker(
            "whens my deadline? he took an overdose on Friday",
            "ask_deadline",
            safety_concern=True,
            route="refused_assessment",
            rung=0,
            awaiting="rung_done",
        ),
    )
    assert messages[0]["text"].endswith("call 999.")
    assert "letter_date" not in slots and "What date is on the decision letter?" in said


def question_part(intent):
    return {"intent": intent, "question": True}


def test_two_questions_in_one_message_get_both_answers(content):
    text = "is mediation confidential and do i need a lawyer?"
    parts = [question_part("ask_confidential"), question_part("ask_lawyer")]
    _, said, _ = run(guide_actions.AnswerQuestion, tracker(text, "ask_confidential", parts_read_as=parts))
    assert content.faq["ask_confidential"].answer[0] in said
    assert "You also asked: Do I need a lawyer?" in said and content.faq["ask_lawyer"].answer[0] in said


def test_after_a_safety_reply_no_other_question_is_answered():
    text = "he came home with bruises again, what can i do and do i need a lawyer"
    parts = [{"intent": "safeguarding_concern", "question": False}, question_part("ask_lawyer")]
    _, said, _ = run(guide_actions.Safeguarding, tracker(text, "safeguarding_concern", parts_read_as=parts))
    assert "999" in said and "You asked" not in said and "You also asked" not in said
