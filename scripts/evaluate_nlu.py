"""Score the trained model on the held-out NLU set (tests/nlu/holdout.yml), which it never trained on.

Prints accuracy, macro-F1, top-3 accuracy, how often the assistant would offer choices instead of
acting (the fallback rate), per-intent F1 and the most common confusions. Exits non-zero if
accuracy or macro-F1 is below the given minimum, so `make test` keeps the model honest.

    python scripts/evaluate_nlu.py [--model models/send-guide.tar.gz] [--min-accuracy 0.92]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import os
import sys
from pathlib import Path

import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FALLBACK = "nlu_fallback"


def load_examples(path: Path) -> list[tuple[str, str]]:
    examples = []
    for block in yaml.safe_load(path.read_text())["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip():
                examples.append((line.strip()[2:].strip(), block["intent"]))
    return examples


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
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    import structlog

    # Rasa's structured logger prints each parsed message at debug level; keep the report readable.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    from sklearn.metrics import f1_score

    examples = load_examples(Path(args.data))
    results = asyncio.run(predict(Path(args.model), [text for text, _ in examples]))
    truth, predicted, top3_hits, fallbacks = [], [], 0, 0
    confusions: collections.Counter = collections.Counter()
    for (_, intent), result in zip(examples, results, strict=True):
        ranking = [r["name"] for r in result.get("intent_ranking", []) if r["name"] != FALLBACK]
        guess = ranking[0] if ranking else FALLBACK
        truth.append(intent)
        predicted.append(guess)
        top3_hits += intent in ranking[:3]
        fallbacks += result["intent"]["name"] == FALLBACK
        if guess != intent:
            confusions[(intent, guess)] += 1

    labels = sorted(set(truth))
    accuracy = sum(t == p for t, p in zip(truth, predicted, strict=True)) / len(truth)
    macro_f1 = f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
    per_intent = f1_score(truth, predicted, labels=labels, average=None, zero_division=0)
    counts = collections.Counter(truth)

    print(f"Held-out NLU set: {len(truth)} messages, {len(labels)} intents ({args.data})")
    print(f"accuracy        {accuracy:.3f}")
    print(f"macro-F1        {macro_f1:.3f}")
    print(f"top-3 accuracy  {top3_hits / len(truth):.3f}")
    print(f"fallback rate   {fallbacks / len(truth):.3f}  (messages where the assistant offers choices instead)")
    print("\nPer-intent F1 (lowest first):")
    for f1, label in sorted(zip(per_intent, labels, strict=True))[:15]:
        print(f"  {f1:.2f}  {label} ({counts[label]})")
    print("\nConfusions (true -> predicted):")
    for (true, guess), n in confusions.most_common(15):
        print(f"  {n}  {true} -> {guess}")

    failed = accuracy < args.min_accuracy or macro_f1 < args.min_macro_f1
    if failed:
        print(f"\nBelow the minimum (accuracy {args.min_accuracy}, macro-F1 {args.min_macro_f1}).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
