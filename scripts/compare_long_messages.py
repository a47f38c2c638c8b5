"""Compare ways of reading long family messages, by cross-validation on the training data only.

A long message (background first, the ask last, several problems) is read by the intent classifier
as a whole. This trains the classifier on 4/5 of data/nlu/ and reads the long messages of the other
1/5, five times, with each way of reading below, then applies the guide's rule (act on a type when
it is sure enough and clearly ahead, else offer the likeliest choices) at several thresholds:

- whole: the whole message, as now;
- last: the whole message mixed with its last sentences, where the ask usually is (weight w);
- parts: the whole message mixed with the best-read part.

"+parts" also offers, as choices, the types the last two parts are read as: several problems in one
message get the types found, not only the likeliest of the whole.

For each it prints acts on the right type, acts on a wrong type, and the share of choices that
include the right type. It never looks at the held-out sets in tests/nlu/.

    python scripts/compare_long_messages.py [--min-words 25]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.message_parts import message_parts  # noqa: E402
from guide.tfidf_classifier import TfidfIntentClassifier, build_model  # noqa: E402
from scripts.evaluate_nlu import training_examples  # noqa: E402
from tests.disagreement_types import DISAGREEMENT_TYPES  # noqa: E402

CHOICES = 3
PART_TYPES: dict[str, list[str]] = {}  # the best reading of each part of a message
FLOOR = 0.05
MARGIN = 0.2


def readings(model, text: str) -> dict[str, np.ndarray]:
    """Each way of reading a message: one probability per intent."""
    whole = model.predict_proba([text])[0]
    parts = message_parts(text)
    if len(parts) < 2:
        return {"whole": whole, "last w=0.2": whole, "last w=0.3": whole, "last w=0.5": whole, "parts max": whole}
    by_part = model.predict_proba(parts)
    PART_TYPES[text] = [str(model.classes_[i]) for i in by_part.argmax(axis=1)]
    last = model.predict_proba([" ".join(parts[-2:])])[0]
    best_part = by_part[int(by_part.max(axis=1).argmax())]
    return {
        "whole": whole,
        "last w=0.2": 0.8 * whole + 0.2 * last,
        "last w=0.3": 0.7 * whole + 0.3 * last,
        "last w=0.5": 0.5 * whole + 0.5 * last,
        "parts max": 0.5 * whole + 0.5 * best_part,
    }


def decide(probabilities: np.ndarray, classes: np.ndarray, threshold: float, answerable: set[str]):
    order = probabilities.argsort()[::-1]
    ranked = [(str(classes[i]), float(probabilities[i])) for i in order]
    types = [(intent, p) for intent, p in ranked if intent in answerable]
    if types:
        best, score = types[0]
        runner_up = types[1][1] if len(types) > 1 else 0.0
        if ranked[0][0] == best and score >= threshold and score - runner_up >= MARGIN:
            return "acts", {best}
    return "choices", {intent for intent, p in ranked[:CHOICES] if p >= FLOOR}


def main() -> None:
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-words", type=int, default=25)
    args = parser.parse_args()

    examples = training_examples()
    texts = np.array([text for text, _ in examples], dtype=object)
    labels = np.array([intent for _, intent in examples])
    long_ones = np.array([len(text.split()) >= args.min_words for text in texts])
    config = TfidfIntentClassifier.get_default_config()
    answerable = set(DISAGREEMENT_TYPES) | {label for label in labels if label.startswith("ask_")} | {"make_complaint"}
    thresholds = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
    tallies: dict[tuple[str, float], list[int]] = {}
    counted = 0
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(texts, labels):
        model = build_model(config).fit(list(texts[train]), list(labels[train]))
        for index in test:
            if not long_ones[index] or labels[index] not in answerable:
                continue
            counted += 1
            for way, probabilities in readings(model, texts[index]).items():
                for threshold in thresholds:
                    kind, what = decide(probabilities, model.classes_, threshold, answerable)
                    found = [t for t in PART_TYPES.get(texts[index], []) if t in answerable]
                    for variant, offered in (("", what), (" +parts", what | set(found[-2:]))):
                        tally = tallies.setdefault((way + variant, threshold), [0, 0, 0, 0])
                        if kind == "acts":
                            tally[0 if what == {labels[index]} else 1] += 1
                        else:
                            tally[2] += 1
                            tally[3] += labels[index] in offered
    print(f"5-fold cross-validation: {counted} long messages (at least {args.min_words} words) of {len(texts)}")
    print(f"{'reading':<12} {'act from':>8} {'right':>6} {'wrong':>6} {'choices':>8} {'right in choices':>17}")
    for (way, threshold), (right, wrong, choices, in_choices) in sorted(tallies.items()):
        print(
            f"{way:<12} {threshold:>8.2f} {right / counted:>6.3f} {wrong / counted:>6.3f} "
            f"{choices / counted:>8.3f} {(in_choices / choices if choices else 1):>17.3f}"
        )


if __name__ == "__main__":
    main()
