"""Score the trained model on the held-out NLU set (tests/nlu/holdout.yml), which it never trained on.

Prints accuracy, macro-F1, top-3 accuracy, how often the assistant would offer choices instead of
acting (the fallback rate), per-intent F1 and the most common confusions. Exits non-zero if
accuracy or macro-F1 is below the given minimum, so `make test` keeps the model honest.

    python scripts/evaluate_nlu.py [--model models/send-guide.tar.gz] [--min-accuracy 0.92]
           [--baseline] [--report reports]

--baseline also scores a simple baseline on the same held-out set: TF-IDF word and character
n-grams with logistic regression, trained on the same training data (data/nlu/).
--report writes the figures (holdout.json) and a confusion-matrix picture (holdout_confusion.png).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import logging
import os
import sys
from pathlib import Path

import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.safety import LEFT_OUT_OF_SAFETY_SCORE  # noqa: E402

FALLBACK = "nlu_fallback"
# The simple baseline, fixed: the same kind of model as our classifier, untuned, without
# the safety override or the fallback.
BASELINE = {"word_ngrams": [1, 2], "char_ngrams": [2, 5], "C": 10.0, "max_iter": 3000}


def training_examples(for_safety_score: bool = False) -> list[tuple[str, str]]:
    """data/nlu/'s examples; for_safety_score: only those the model giving the safety score trains on."""
    return [
        example
        for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
        for example in load_examples(path, for_safety_score)
    ]


def baseline_rankings(train: list[tuple[str, str]], texts: list[str]) -> list[list[str]]:
    """Intent rankings from the simple baseline: TF-IDF (words 1-2, characters 2-5) and logistic regression."""
    from guide.tfidf_classifier import build_model

    model = build_model(BASELINE)
    model.fit([text for text, _ in train], [intent for _, intent in train])
    probabilities = model.predict_proba(texts)
    classes = model.classes_
    return [[classes[i] for i in row.argsort()[::-1]] for row in probabilities]


def score(truth: list[str], rankings: list[list[str]]) -> dict:
    from sklearn.metrics import f1_score

    predicted = [ranking[0] if ranking else FALLBACK for ranking in rankings]
    labels = sorted(set(truth))
    per_intent = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    confusions = collections.Counter((t, p) for t, p in zip(truth, predicted, strict=True) if t != p)
    return {
        "messages": len(truth),
        "intents": len(labels),
        "accuracy": sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth),
        "macro_f1": f1_score(truth, predicted, labels=labels, average="macro", zero_division=0),
        "top3_accuracy": sum(t in r[:3] for t, r in zip(truth, rankings, strict=True)) / len(truth),
        "per_intent_f1": dict(zip(labels, (round(float(f), 3) for f in per_intent), strict=True)),
        "confusions": [[t, p, n] for (t, p), n in confusions.most_common()],
        "predicted": predicted,
    }


def confusion_picture(truth: list[str], predicted: list[str], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from sklearn.metrics import confusion_matrix

    labels = sorted(set(truth) | set(predicted))
    matrix = confusion_matrix(truth, predicted, labels=labels)
    figure, axes = plt.subplots(figsize=(14, 12))
    image = axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    axes.set_yticks(range(len(labels)), labels, fontsize=8)
    axes.set_xlabel("predicted intent")
    axes.set_ylabel("true intent")
    axes.set_title(title)
    for (row, column), count in np.ndenumerate(matrix):
        if count:
            axes.text(
                column,
                row,
                str(count),
                ha="center",
                va="center",
                fontsize=6,
                color="white" if count > matrix.max() / 2 else "black",
            )
    figure.colorbar(image, ax=axes, shrink=0.6)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def load_examples(path: Path, for_safety_score: bool = False) -> list[tuple[str, str]]:
    examples = []
    for block in yaml.safe_load(path.read_text())["nlu"]:
        if for_safety_score and (block.get("metadata") or {}).get(LEFT_OUT_OF_SAFETY_SCORE):
            continue
        for line in block["examples"].splitlines():
            if line.strip():
                examples.append((line.strip()[2:].strip(), block["intent"]))
    return examples


def quiet_rasa_logs() -> None:
    logging.disable(logging.WARNING)
    import structlog

    # Rasa's structured logger prints each parsed message at debug level; keep the report readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


async def predict(model: Path, texts: list[str]) -> list[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "send-guide.tar.gz"))
    parser.add_argument("--data", default=str(ROOT / "tests" / "nlu" / "holdout.yml"))
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    parser.add_argument("--min-macro-f1", type=float, default=0.0)
    parser.add_argument("--baseline", action="store_true", help="also score the TF-IDF + logistic regression baseline")
    parser.add_argument("--report", help="folder to write holdout.json and holdout_confusion.png to")
    args = parser.parse_args()
    quiet_rasa_logs()

    examples = load_examples(Path(args.data))
    texts, truth = [text for text, _ in examples], [intent for _, intent in examples]
    results = asyncio.run(predict(Path(args.model), texts))
    rankings = [[r["name"] for r in result.get("intent_ranking", []) if r["name"] != FALLBACK] for result in results]
    model = score(truth, rankings)
    fallback_rate = sum(result["intent"]["name"] == FALLBACK for result in results) / len(results)
    accuracy, macro_f1 = model["accuracy"], model["macro_f1"]

    print(f"Held-out NLU set: {model['messages']} messages, {model['intents']} intents ({args.data})")
    print(f"accuracy        {accuracy:.3f}")
    print(f"macro-F1        {macro_f1:.3f}")
    print(f"top-3 accuracy  {model['top3_accuracy']:.3f}")
    print(f"fallback rate   {fallback_rate:.3f}  (messages where the assistant offers choices instead)")
    print("\nPer-intent F1 (lowest first):")
    for label, f1 in sorted(model["per_intent_f1"].items(), key=lambda item: item[1])[:15]:
        print(f"  {f1:.2f}  {label} ({truth.count(label)})")
    print("\nConfusions (true -> predicted):")
    for true, guess, n in model["confusions"][:15]:
        print(f"  {n}  {true} -> {guess}")

    report = {"model": {k: v for k, v in model.items() if k != "predicted"} | {"fallback_rate": fallback_rate}}
    if args.baseline:
        base = score(truth, baseline_rankings(training_examples(), texts))
        report["baseline"] = {k: v for k, v in base.items() if k != "predicted"}
        print("\nBaseline (TF-IDF word 1-2 and char 2-5 n-grams, logistic regression, same training data):")
        print(f"accuracy        {base['accuracy']:.3f}   (model ahead by {accuracy - base['accuracy']:+.3f})")
        print(f"macro-F1        {base['macro_f1']:.3f}   (model ahead by {macro_f1 - base['macro_f1']:+.3f})")
        print(f"top-3 accuracy  {base['top3_accuracy']:.3f}")
    if args.report:
        folder = Path(args.report)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "holdout.json").write_text(json.dumps(report, indent=2))
        confusion_picture(
            truth,
            model["predicted"],
            folder / "holdout_confusion.png",
            f"Held-out NLU set: accuracy {accuracy:.3f}, macro-F1 {macro_f1:.3f}",
        )
        print(f"\nWrote {folder / 'holdout.json'} and {folder / 'holdout_confusion.png'}")

    failed = accuracy < args.min_accuracy or macro_f1 < args.min_macro_f1
    if failed:
        print(f"\nBelow the minimum (accuracy {args.min_accuracy}, macro-F1 {args.min_macro_f1}).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
