"""Choose how sure the classifier must be before a message counts as a safety worry, by cross-validation.

A message is a safety worry when it matches a pattern in content/safeguarding.yml, or the
classifier's safety score is at least a floor, whatever intent comes first.
This trains the classifier on 4/5 of data/nlu/ and scores the other 1/5, five times, as the
classifier does: without the examples marked left_out_of_safety_score, and a long message mixed
with its last two parts. It prints recall on the safety examples and false alarms on all the
others (the left-out ones included) for each floor. It never looks
at the held-out sets in tests/nlu/.

    python scripts/tune_safety.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.content import load_content  # noqa: E402
from guide.message_parts import message_parts, mixed_with_last_parts, read_by_last_parts  # noqa: E402
from guide.safety import is_safety_worry  # noqa: E402
from guide.tfidf_classifier import TfidfIntentClassifier, build_model  # noqa: E402
from scripts.evaluate_nlu import training_examples  # noqa: E402

SAFETY = "safeguarding_concern"
FLOORS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 1.01)


def main() -> None:
    from sklearn.model_selection import StratifiedKFold

    patterns = load_content().safeguarding_patterns
    examples = training_examples()
    texts = np.array([text for text, _ in examples], dtype=object)
    labels = np.array([intent for _, intent in examples])
    # As the classifier does: the safety score comes from a model trained without the examples marked
    # left_out_of_safety_score (guide/tfidf_classifier.py); they are still scored, for false alarms.
    kept = set(training_examples(for_safety_score=True))
    for_safety = np.array([example in kept for example in examples])
    defaults = TfidfIntentClassifier.get_default_config()
    config = {**defaults, "C": defaults["safety_C"]}
    safety_score = np.zeros(len(texts))
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(texts, labels):
        train = train[for_safety[train]]
        model = build_model(config)
        model.fit(list(texts[train]), list(labels[train]))
        column = list(model.classes_).index(SAFETY)
        safety_score[test] = model.predict_proba(list(texts[test]))[:, column]
        # A long message's score is mixed with its last two parts', as the classifier mixes it.
        long_ones = [(i, parts) for i in test if read_by_last_parts(texts[i], parts := message_parts(texts[i]))]
        if long_ones:
            last_parts = model.predict_proba([" ".join(parts[-2:]) for _, parts in long_ones])[:, column]
            indices = [index for index, _ in long_ones]
            safety_score[indices] = mixed_with_last_parts(safety_score[indices], last_parts)
    matched = np.array([is_safety_worry(text, patterns) for text in texts])
    positive = labels == SAFETY
    print(
        f"5-fold cross-validation on data/nlu/: {positive.sum()} safety examples, {(~positive).sum()} others "
        f"({(~for_safety).sum()} of them scored but not trained on)"
    )
    print(f"patterns alone: recall {matched[positive].mean():.3f}, false alarms {matched[~positive].mean():.3f}")
    print("floor  recall  false alarms  (patterns, or safety score >= floor)")
    for floor in FLOORS:
        flagged = matched | (safety_score >= floor)
        label = "none" if floor > 1 else f"{floor:.2f}"
        print(
            f"{label:>5}  {flagged[positive].mean():.3f}   {flagged[~positive].mean():.3f}  "
            f"({flagged[~positive].sum()})"
        )


if __name__ == "__main__":
    main()
