"""An intent classifier: TF-IDF word and character n-grams with logistic regression.

On our data it beat DIET in 5-fold cross-validation (figures in docs/evaluation.md), trains in
seconds and answers in about a millisecond, with no TensorFlow at run time. Character n-grams
read misspellings ("asessment", "tribunel") and word pairs read phrases ("not assess").
The fitted model is saved with skops, which loads only the scikit-learn types it expects,
never arbitrary pickled code.

A second model of the same kind gives the safety score (guide/safety.py), with the C the safety
floor was chosen with. It trains on all the examples except those marked
left_out_of_safety_score: long posts about disagreements. Their worried words, labelled as
disagreements, made real safety worries score lower (docs/evaluation.md, "Long messages").
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    METADATA,
    METADATA_INTENT,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from guide.message_parts import (
    LAST_PARTS_READ_AS,
    PARTS_READ_AS,
    is_question,
    message_parts,
    mixed_with_last_parts,
    read_by_last_parts,
)
from guide.safety import LEFT_OUT_OF_SAFETY_SCORE, SAFETY_SCORE

logger = logging.getLogger(__name__)


MODEL_FILE = "tfidf_intent_model.skops"
SAFETY_MODEL_FILE = "tfidf_safety_model.skops"
SAFETY_INTENT = "safeguarding_concern"
# Types skops does not trust by default that a fitted TfidfVectorizer holds (its IDF diagonal).
EXPECTED_TYPES = {"scipy.sparse._csr.csr_matrix"}


def build_model(config: dict[str, Any]) -> Any:
    """The scikit-learn pipeline, also used alone as the baseline in scripts/evaluate_nlu.py."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=tuple(config["word_ngrams"]), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]), sublinear_tf=True),
    )
    return make_pipeline(features, LogisticRegression(C=config["C"], max_iter=config["max_iter"]))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "word_ngrams": [1, 2],
            "char_ngrams": [2, 5],
            # Less regularised than the safety model: long messages are read more surely (docs/evaluation.md,
            # "Long messages": chosen by cross-validation).
            "C": 20.0,
            # The safety score's model keeps the C the safety floor was chosen with (docs/evaluation.md).
            "safety_C": 10.0,
            "max_iter": 3000,
            "ranking_length": 10,
            # A part of a message (guide/message_parts.py) read at least this surely is something it asks.
            "part_confidence": 0.5,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "skops"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: Any = None,
        safety_model: Any = None,
    ):
        self.config = {**self.get_default_config(), **config}
        self.model_storage = model_storage
        self.resource = resource
        self.model = model
        # None only in a model saved before there was one: the intent model's ranking gives the score.
        self.safety_model = safety_model
        for fitted in (model, safety_model):
            if fitted is not None:
                # Column-major weights: scipy then multiplies a message's sparse features by them
                # without copying the whole weight matrix each time (4.2 ms -> 1.1 ms a message).
                classifier = fitted.steps[-1][1]
                classifier.coef_ = np.asfortranarray(classifier.coef_)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if len({e.get(INTENT) for e in examples}) < 2:
            logger.warning("TfidfIntentClassifier needs at least two intents with examples; it was not trained.")
            return self.resource
        self.model = build_model(self.config)
        self.model.fit([e.get(TEXT) for e in examples], [e.get(INTENT) for e in examples])
        for_safety = [e for e in examples if not self.left_out_of_safety_score(e)]
        kept_intents = {e.get(INTENT) for e in for_safety}
        safety_left_out = SAFETY_INTENT in {e.get(INTENT) for e in examples} and SAFETY_INTENT not in kept_intents
        if len(kept_intents) < 2 or safety_left_out:
            # Else nothing could mark a safety worry but the patterns, and nobody would know.
            raise ValueError(
                f"Too many examples are marked {LEFT_OUT_OF_SAFETY_SCORE}: the safety score needs the "
                f"{SAFETY_INTENT} examples and at least one other intent."
            )
        self.safety_model = build_model({**self.config, "C": self.config["safety_C"]})
        self.safety_model.fit([e.get(TEXT) for e in for_safety], [e.get(INTENT) for e in for_safety])
        self.persist()
        return self.resource

    def persist(self) -> None:
        import skops.io

        with self.model_storage.write_to(self.resource) as directory:
            skops.io.dump(self.model, directory / MODEL_FILE)
            skops.io.dump(self.safety_model, directory / SAFETY_MODEL_FILE)

    @staticmethod
    def left_out_of_safety_score(example: Message) -> bool:
        """Marked in its intent block's metadata (data/nlu/realistic_posts.yml)."""
        intent_metadata = (example.get(METADATA) or {}).get(METADATA_INTENT)
        return isinstance(intent_metadata, dict) and bool(intent_metadata.get(LEFT_OUT_OF_SAFETY_SCORE))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfIntentClassifier:
        import skops.io

        def load_checked(path: Any) -> Any:
            unexpected = set(skops.io.get_untrusted_types(file=path)) - EXPECTED_TYPES
            if unexpected:  # not what training saves: refuse to load it rather than run unknown code
                raise ValueError(
                    f"The intent model in {path} holds unexpected types {sorted(unexpected)}. Retrain with `make "
                    "train`."
                )
            return skops.io.load(path, trusted=sorted(EXPECTED_TYPES))

        with model_storage.read_from(resource) as directory:
            model = load_checked(directory / MODEL_FILE)
            safety_path = directory / SAFETY_MODEL_FILE
            safety_model = load_checked(safety_path) if safety_path.exists() else None
        return cls(config, model_storage, resource, model, safety_model)

    def process(self, messages: list[Message]) -> list[Message]:
        texts = [message.get(TEXT) or "" for message in messages]
        if self.model is None or not texts:
            return messages
        probabilities = self.model.predict_proba(texts)
        classes = self.model.classes_
        for message, text, row in zip(messages, texts, probabilities, strict=True):
            parts = message_parts(text)
            last_parts: list[str] = []
            parts_read_as: list[dict[str, Any]] = []
            long_message = read_by_last_parts(text, parts)
            if len(parts) >= 2:
                # One call reads every part and the last two together.
                by_part = self.model.predict_proba(parts + [" ".join(parts[-2:])])
                last_parts = [str(classes[i]) for i in by_part[-3:-1].argmax(axis=1)]
                parts_read_as = self._parts_read_as(parts, by_part[:-1])
                if long_message:
                    row = mixed_with_last_parts(row, by_part[-1])
            if self.safety_model is None:
                safety_score = float(row[list(classes).index(SAFETY_INTENT)]) if SAFETY_INTENT in classes else 0.0
            else:
                safety_score = self._safety_score([text, " ".join(parts[-2:])] if long_message else [text])
            message.set(SAFETY_SCORE, safety_score, add_to_output=True)
            message.set(LAST_PARTS_READ_AS, last_parts, add_to_output=True)
            message.set(PARTS_READ_AS, parts_read_as, add_to_output=True)
            ranking = [
                {INTENT_NAME_KEY: str(classes[i]), PREDICTED_CONFIDENCE_KEY: float(row[i])}
                for i in row.argsort()[::-1][: self.config["ranking_length"]]
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def _safety_score(self, readings: list[str]) -> float:
        """The safety model's score for the whole message, mixed with its last parts as the intents are."""
        classes = list(self.safety_model.classes_)
        if SAFETY_INTENT not in classes:
            return 0.0
        scores = self.safety_model.predict_proba(readings)[:, classes.index(SAFETY_INTENT)]
        if len(scores) == 1:
            return float(scores[0])
        return float(mixed_with_last_parts(scores[0], scores[1]))

    def _parts_read_as(self, parts: list[str], probabilities: np.ndarray) -> list[dict[str, Any]]:
        """What each part was read as, when read surely enough: once per intent, in order."""
        classes = self.model.classes_
        found: dict[str, dict[str, Any]] = {}
        for part, row in zip(parts, probabilities, strict=True):
            best = int(row.argmax())
            if row[best] < self.config["part_confidence"]:
                continue
            intent = str(classes[best])
            reading = found.setdefault(intent, {"intent": intent, "question": False})
            reading["question"] = reading["question"] or is_question(part)
        return list(found.values())
