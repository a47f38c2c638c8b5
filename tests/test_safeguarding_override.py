"""The NLU's safety mark: set on every message about a child at risk, whatever else the pipeline decided."""

from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.message import Message

from guide.safeguarding_override import SafeguardingOverride
from guide.safety import SAFETY_FLAG, SAFETY_SCORE


def parsed(text, intent, ranking):
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": ranking[0][1]}, add_to_output=True)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return message


CONFIG = yaml.safe_load((Path(__file__).resolve().parent.parent / "config.yml").read_text())
FLOOR = next(c["safety_confidence"] for c in CONFIG["pipeline"] if c["name"].endswith("SafeguardingOverride"))


def process(content, message, safety_confidence=FLOOR):
    return SafeguardingOverride(content.safeguarding_patterns, safety_confidence).process([message])[0]


def test_the_fallback_cannot_hide_a_safety_message(content):
    """The cause of missed safety replies: a disagreement scored close, and the fallback said 'unsure'."""
    message = process(
        content,
        parsed(
            "the council refused to assess my son and he says he wants to die",
            "nlu_fallback",
            [("nlu_fallback", 0.5), ("refused_assessment", 0.48), ("safeguarding_concern", 0.41)],
        ),
    )
    assert message.get(SAFETY_FLAG) is True
    assert message.get("intent")["name"] == "safeguarding_concern"
    assert "nlu_fallback" not in [r["name"] for r in message.get("intent_ranking")]


def test_a_classifier_sure_of_safety_marks_it_without_a_pattern(content):
    message = process(
        content,
        parsed("she seems so far away", "safeguarding_concern", [("safeguarding_concern", FLOOR), ("greet", 0.1)]),
    )
    assert message.get(SAFETY_FLAG) is True and message.get("intent")["name"] == "safeguarding_concern"


def test_what_else_the_message_says_is_kept_so_the_conversation_can_carry_on(content):
    message = process(content, parsed("yes, and he has been self-harming", "affirm", [("affirm", 0.8), ("deny", 0.1)]))
    assert message.get(SAFETY_FLAG) is True
    assert message.get("intent")["name"] == "affirm"


def test_ordinary_messages_are_left_alone(content):
    message = process(
        content,
        parsed(
            "my son is at risk of exclusion",
            "disagree_setting_provision",
            [("disagree_setting_provision", 0.7), ("safeguarding_concern", 0.2)],
        ),
    )
    assert message.get(SAFETY_FLAG) is None
    assert message.get("intent")["name"] == "disagree_setting_provision"


def test_button_payloads_are_not_read_for_safety(content):
    message = process(content, parsed("/affirm", "affirm", [("affirm", 1.0), ("safeguarding_concern", 0.9)]))
    assert message.get(SAFETY_FLAG) is None


def test_a_classifier_unsure_about_safety_leaves_the_family_to_choose(content):
    """On ordinary messages about feelings it is often wrong: "DS has meltdowns every night ..."."""
    message = process(
        content,
        parsed("she seems so far away", "safeguarding_concern", [("safeguarding_concern", 0.5), ("greet", 0.1)]),
    )
    assert message.get(SAFETY_FLAG) is None
    assert message.get("intent")["name"] == "nlu_fallback"
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "safeguarding_concern", "greet"]


def test_the_safety_score_decides_whatever_the_ranking_says(content):
    """The classifier's safety score comes from a model trained without the long posts (guide/tfidf_classifier.py)."""
    worried = parsed("she seems so far away", "greet", [("greet", 0.6), ("safeguarding_concern", 0.3)])
    worried.set(SAFETY_SCORE, FLOOR, add_to_output=True)
    assert process(content, worried).get(SAFETY_FLAG) is True
    calm = parsed("she seems so far away", "safeguarding_concern", [("safeguarding_concern", 0.9), ("greet", 0.1)])
    calm.set(SAFETY_SCORE, FLOOR - 0.01, add_to_output=True)
    message = process(content, calm)
    assert message.get(SAFETY_FLAG) is None
    assert message.get("intent")["name"] == "nlu_fallback"  # unsure: safety is offered among the choices
