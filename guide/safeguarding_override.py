"""An NLU component that puts a child's safety first, on every message.

It runs last in the pipeline, after the FallbackClassifier, so nothing after it can undo it.
A message is a safety worry when it matches a pattern in content/safeguarding.yml, or when the
intent classifier's safety score (guide/safety.py) is at least `safety_confidence` (config.yml),
whatever intent it puts first. Such a message is marked `safety_concern: true` in the parse data,
and every action sends the safety reply first (actions/guide_actions.py). When the score is below
the floor and no pattern matches, but the classifier still puts safeguarding_concern first, the
guide treats it as unsure: it offers "I'm worried about a child's safety" among its choices.
(On ordinary messages about a child's feelings, the classifier alone is often wrong:
docs/evaluation.md.)

The intent is kept when it says what else the message is about ("yes", a date, a kind of
disagreement), so the conversation can carry on after the safety reply. When the rest says
nothing useful (the model was unsure, or it read small talk), the intent becomes
safeguarding_concern: the family gets the safety reply, not a list of choices.
"""

from __future__ import annotations

from re import Pattern
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from guide.content import load_content
from guide.safety import SAFETY_FLAG, SAFETY_SCORE, is_safety_worry

SAFEGUARDING_INTENT = "safeguarding_concern"
FALLBACK_INTENT = "nlu_fallback"
# Intents that say nothing the conversation could carry on with: the safety reply alone answers them.
NOTHING_ELSE_SAID = {
    FALLBACK_INTENT,
    SAFEGUARDING_INTENT,
    "greet",
    "goodbye",
    "thank",
    "bot_challenge",
    "out_of_scope",
    "something_else",
}


def classifier_says_safety(message: Message, floor: float) -> bool:
    """The safety score is at least floor, whatever intent comes first and whatever the fallback made of it.

    Being the best guess is not enough on its own: for a short message the classifier knows nothing
    about ("carry on", "hii"), the biggest intent can come first with 0.2 (scripts/tune_safety.py).
    The score is the classifier's SAFETY_SCORE; a classifier that gives none is read by its ranking.
    """
    score = message.get(SAFETY_SCORE)
    if score is not None:
        return score >= floor
    ranking = message.get(INTENT_RANKING_KEY) or []
    return any(
        r.get(INTENT_NAME_KEY) == SAFEGUARDING_INTENT and r.get(PREDICTED_CONFIDENCE_KEY, 0.0) >= floor for r in ranking
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SafeguardingOverride(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # The classifier alone marks a safety worry from this score (config.yml; docs/evaluation.md, "Safety
        # first", says why 0.7). scripts/tune_safety.py measures recall and false alarms for each value.
        return {"safety_confidence": 0.7}

    def __init__(self, patterns: tuple[Pattern[str], ...], safety_confidence: float = 0.7):
        self.patterns = patterns
        self.safety_confidence = safety_confidence

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafeguardingOverride:
        # Read at start-up, not baked into the model, so a council can add a pattern without retraining.
        confidence = {**cls.get_default_config(), **config}["safety_confidence"]
        return cls(load_content().safeguarding_patterns, confidence)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            ranking = message.get(INTENT_RANKING_KEY) or []
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if not (is_safety_worry(text, self.patterns) or classifier_says_safety(message, self.safety_confidence)):
                if intent == SAFEGUARDING_INTENT:
                    # Too unsure to say "safety" unasked: the guide offers it among the choices instead.
                    unsure = {
                        INTENT_NAME_KEY: FALLBACK_INTENT,
                        PREDICTED_CONFIDENCE_KEY: (message.get(INTENT) or {}).get(PREDICTED_CONFIDENCE_KEY, 0.0),
                    }
                    message.set(INTENT, unsure, add_to_output=True)
                    message.set(INTENT_RANKING_KEY, [unsure, *ranking], add_to_output=True)
                continue
            message.set(SAFETY_FLAG, True, add_to_output=True)
            # The fallback's guess is no guess: drop it so the actions see what the classifier read.
            ranking = [r for r in ranking if r.get(INTENT_NAME_KEY) not in (FALLBACK_INTENT, SAFEGUARDING_INTENT)]
            if intent in NOTHING_ELSE_SAID or intent is None:
                top = {INTENT_NAME_KEY: SAFEGUARDING_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.set(INTENT, top, add_to_output=True)
                ranking = [top, *ranking]
            else:
                ranking = [message.get(INTENT), *[r for r in ranking if r.get(INTENT_NAME_KEY) != intent]]
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
