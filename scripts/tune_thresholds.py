"""How sure must the classifier be before the assistant acts? Cross-validation, not the held-out set.

Trains the intent classifier in config.yml on 4/5 of the training data and predicts the other
fifth, five times over, so every training example gets a prediction from a model that did not
see it. Then, for each candidate FallbackClassifier threshold and ambiguity margin, it prints:
- acted right: the top intent was right and confident enough to act on;
- acted wrong: the assistant would have acted on a wrong guess (the costly case);
- offered choices: below the threshold, the family gets the likeliest choices as buttons.

    python scripts/tune_thresholds.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.tfidf_classifier import TfidfIntentClassifier, build_model  # noqa: E402
from scripts.evaluate_nlu import training_examples  # noqa: E402

THRESHOLDS = [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]
MARGINS = [0.0, 0.05, 0.1, 0.15]


def classifier_config() -> dict:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text())["pipeline"]
    step = next(s for s in pipeline if s["name"].endswith("TfidfIntentClassifier"))
    return {**TfidfIntentClassifier.get_default_config(), **{k: v for k, v in step.items() if k != "name"}}


def out_of_fold_probabilities(texts: list[str], intents: list[str], config: dict) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    model = build_model(config)
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    probabilities = cross_val_predict(model, texts, intents, cv=folds, method="predict_proba", n_jobs=2)
    return probabilities, np.array(sorted(set(intents)))


def main() -> None:
    examples = training_examples()
    texts, intents = [t for t, _ in examples], np.array([i for _, i in examples])
    probabilities, classes = out_of_fold_probabilities(texts, list(intents), classifier_config())
    order = np.sort(probabilities, axis=1)
    top, runner_up = order[:, -1], order[:, -2]
    right = classes[probabilities.argmax(axis=1)] == intents
    print(f"{len(texts)} training examples, 5-fold out-of-fold accuracy {right.mean():.3f}")
    print(f"{'threshold':>10}{'margin':>8}{'acted right':>13}{'acted wrong':>13}{'offered choices':>17}")
    for threshold in THRESHOLDS:
        for margin in MARGINS:
            acts = (top >= threshold) & (top - runner_up >= margin)
            print(
                f"{threshold:>10.2f}{margin:>8.2f}{(acts & right).mean():>13.3f}"
                f"{(acts & ~right).mean():>13.3f}{(~acts).mean():>17.3f}"
            )


if __name__ == "__main__":
    main()
