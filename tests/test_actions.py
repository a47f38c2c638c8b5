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


def tracker(text: str, intent: str, ranking=None, entities=None, **slots) -> Tracker:
    state = {name: None for name in STATE_SLOTS} | {"candidates": []} | slots
    return Tracker.from_dict({
        "sender_id": "test", "slots": state, "events": [], "paused": False, "followup_action": None,
        "active_loop": {}, "latest_action_name": "action_listen",
        "latest_message": {
            "text": text, "intent": {"name": intent, "confidence": 0.9},
            "intent_ranking": ranking if ranking is not None else [{"name": intent, "confidence": 0.9}],
            "entities": entities or [],
        },
    })


def run(action_class, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action_class().run(dispatcher, tracker_, {}))
    said = "\n".join(m.get("text") or "" for m in dispatcher.messages)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, said, slots


def test_every_action_name_is_in_the_domain():
    import yaml

    domain = yaml.safe_load((Path(__file__).parent.parent / "domain.yml").read_text())
    names = {cls.action_name for cls in guide_actions.GuideAction.__subclasses__()} | {guide_actions.Restart.action_name}
    assert names == set(domain["actions"])


def test_understand_proposes_a_confident_type():
    ranking = [{"name": "plan_ceasing", "confidence": 0.93}, {"name": "refused_ehc_plan", "confidence": 0.03}]
    messages, said, slots = run(guide_actions.Understand, tracker("they want to stop my ehcp, I'm 18", "plan_ceasing", ranking))
    assert "stop (cease) the EHC plan. Is that right?" in said
    assert [b["payload"] for b in messages[-1]["buttons"]] == ["/affirm", "/deny"]
    assert slots == {"awaiting": "confirm_type", "proposed": "plan_ceasing", "candidates": ["refused_ehc_plan"]}


def test_understand_offers_choices_on_fallback():
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": "duties_not_met", "confidence": 0.4},
               {"name": "disagree_setting_provision", "confidence": 0.38}, {"name": "greet", "confidence": 0.01}]
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
    _, said, slots = run(guide_actions.ChooseType, tracker('/choose_type{"route_choice":"disagree_health_social_care"}', "choose_type", entities=entities))
    assert slots["route"] == "disagree_health_social_care"
    assert "health or social care service" in said


def test_date_action_reads_the_typed_date():
    _, said, slots = run(guide_actions.DateGiven, tracker("it's dated 12/10/2026", "inform_date", route="refused_assessment", awaiting="letter_date"))
    assert slots == {"awaiting": "has_certificate", "letter_date": "2026-10-12"}
    assert "mediation certificate" in said


def test_question_action_answers_from_the_faq():
    _, said, slots = run(guide_actions.AnswerQuestion, tracker("is it free", "ask_cost"))
    assert "free for families" in said and slots == {}


def test_safeguarding_action_keeps_the_place():
    _, said, slots = run(guide_actions.Safeguarding, tracker("he wants to kill himself", "safeguarding_concern", route="duties_not_met", rung=1.0))
    assert "999" in said and slots == {}


def test_complaint_action_uses_the_button_entity():
    entities = [{"entity": "organisation", "value": "complaint_about_council"}]
    _, said, slots = run(guide_actions.MakeComplaint, tracker("/make_complaint", "make_complaint", entities=entities))
    assert slots["route"] == "complaint_about_council"


def test_start_again_clears_everything():
    _, said, slots = run(guide_actions.StartAgain, tracker("start again", "start_again", route="plan_ceasing", rung=2.0, letter_date="2026-10-01"))
    assert slots == {"route": None, "rung": None, "letter_date": None}


@pytest.mark.parametrize("intent, expected", [("greet", "Hello"), ("goodbye", "Goodbye"), ("thank", "welcome"),
                                              ("bot_challenge", "computer program"), ("out_of_scope", "can't help with that")])
def test_small_talk(intent, expected):
    _, said, _ = run(guide_actions.SmallTalk, tracker("x", intent))
    assert expected in said


@pytest.mark.parametrize("action", [cls for cls in guide_actions.GuideAction.__subclasses__()])
def test_no_action_crashes_on_an_empty_tracker(action):
    messages, _, _ = run(action, tracker("", "nlu_fallback", ranking=[]))
    assert messages and all(m.get("text") for m in messages)
