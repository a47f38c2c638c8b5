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

    python scripts/compare_long_messages.py [--min-words 25] [--c 10 20 40] [--margins 0.1 0.15 0.2]

--c tries other values of the classifier's C (default: the one it uses), --margins how far ahead
of the next type the best must be to act (default 0.2, the guide's CLEAR_MARGIN).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.conversation import CLEAR_MARGIN  # noqa: E402
from guide.message_parts import message_parts  # noqa: E402
from guide.tfidf_classifier import TfidfIntentClassifier, build_model  # noqa: E402
from scripts.evaluate_nlu import training_examples  # noqa: E402
from tests.disagreement_types import DISAGREEMENT_TYPES  # noqa: E402

CHOICES = 3
PART_TYPES: dict[str, list[str]] = {}  # the best reading of each part of a message
FLOOR = 0.05


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


def decide(probabilities: np.ndarray, classes: np.ndarray, threshold: float, answerable: set[str], margin: float):
    order = probabilities.argsort()[::-1]
    ranked = [(str(classes[i]), float(probabilities[i])) for i in order]
    types = [(intent, p) for intent, p in ranked if intent in answerable]
    if types:
        best, score = types[0]
        runner_up = types[1][1] if len(types) > 1 else 0.0
        if ranked[0][0] == best and score >= threshold and score - runner_up >= margin:
            return "acts", {best}
    return "choices", {intent for intent, p in ranked[:CHOICES] if p >= FLOOR}


def main() -> None:
    from sklearn.model_selection import StratifiedKFold

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-words", type=int, default=25)
    defaults = TfidfIntentClassifier.get_default_config()
    parser.add_argument("--c", type=float, nargs="+", default=[defaults["C"]], help="the classifier's C values to try")
    parser.add_argument(
        "--margins", type=float, nargs="+", default=[CLEAR_MARGIN], help="how far ahead the type must be"
    )
    args = parser.parse_args()

    examples = training_examples()
    texts = np.array([text for text, _ in examples], dtype=object)
    labels = np.array([intent for _, intent in examples])
    long_ones = np.array([len(text.split()) >= args.min_words for text in texts])
    answerable = set(DISAGREEMENT_TYPES) | {label for label in labels if label.startswith("ask_")} | {"make_complaint"}
    thresholds = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
    tallies: dict[tuple[str, float, float], list[int]] = {}
    folds = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(texts, labels))
    counted = sum(long_ones[i] and labels[i] in answerable for _, test in folds for i in test)
    for c in args.c:
        for train, test in folds:
            model = build_model({**defaults, "C": c}).fit(list(texts[train]), list(labels[train]))
            for index in test:
                if not long_ones[index] or labels[index] not in answerable:
                    continue
                for way, probabilities in readings(model, texts[index]).items():
                    found = [t for t in PART_TYPES.get(texts[index], []) if t in answerable]
                    for margin in args.margins:
                        for threshold in thresholds:
                            kind, what = decide(probabilities, model.classes_, threshold, answerable, margin)
                            for variant, offered in (("", what), (" +parts", what | set(found[-2:]))):
                                tally = tallies.setdefault((f"C={c:g} {way}{variant}", margin, threshold), [0] * 4)
                                if kind == "acts":
                                    tally[0 if what == {labels[index]} else 1] += 1
                                else:
                                    tally[2] += 1
                                    tally[3] += labels[index] in offered
    print(f"5-fold cross-validation: {counted} long messages (at least {args.min_words} words) of {len(texts)}")
    print(f"{'reading':<22} {'margin':>6} {'act from':>8} {'right':>6} {'wrong':>6} {'choices':>8} {'in choices':>11}")
    for (way, margin, threshold), (right, wrong, choices, in_choices) in sorted(tallies.items()):
        print(
            f"{way:<22} {margin:>6.2f} {threshold:>8.2f} {right / counted:>6.3f} {wrong / counted:>6.3f} "
            f"{choices / counted:>8.3f} {(in_choices / choices if choices else 1):>11.3f}"
        )


if __name__ == "__main__":
    main()
