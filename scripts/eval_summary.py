"""Summarise what `make eval` measured, from the files it wrote in reports/.

    python scripts/eval_summary.py [reports]

Prints the figures and writes reports/summary.md (paste its table into docs/evaluation.md).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def read(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def main() -> None:
    reports = Path(sys.argv[1] if len(sys.argv) > 1 else "reports")
    cv = read(reports / "cross-validation" / "intent_report.json")
    holdout = read(reports / "holdout.json")
    stories = read(reports / "conversations" / "story_report.json")
    safety = read(reports / "safety.json") or []
    model, baseline = holdout.get("model", {}), holdout.get("baseline", {})

    rows = []
    if cv:
        rows.append(
            (
                "5-fold cross-validation on the training data (whole pipeline, top intent)",
                f"{cv['accuracy']:.3f}",
                f"{cv['macro avg']['f1-score']:.3f}",
                "",
                str(cv["macro avg"]["support"]),
            )
        )
    if model:
        rows.append(
            (
                f"Held-out set, this pipeline (top intent; fallback rate {model['fallback_rate']:.3f})",
                f"{model['accuracy']:.3f}",
                f"{model['macro_f1']:.3f}",
                f"{model['top3_accuracy']:.3f}",
                str(model["messages"]),
            )
        )
    if baseline:
        rows.append(
            (
                "Held-out set, baseline: TF-IDF + logistic regression",
                f"{baseline['accuracy']:.3f}",
                f"{baseline['macro_f1']:.3f}",
                f"{baseline['top3_accuracy']:.3f}",
                str(baseline["messages"]),
            )
        )
    if stories:
        rows.append(
            (
                "Conversation tests (actions and intents in tests/test_conversations.yml)",
                f"{stories['accuracy']:.3f}",
                f"{stories['macro avg']['f1-score']:.3f}",
                "",
                str(stories["macro avg"]["support"]),
            )
        )

    lines = [
        f"Measured on {os.cpu_count()} cores.",
        "",
        "| measure | accuracy | macro-F1 | top-3 | messages |",
        "|---|---|---|---|---|",
        *[f"| {' | '.join(row)} |" for row in rows],
    ]
    if cv:
        weakest = sorted(
            (v["f1-score"], k)
            for k, v in cv.items()
            if isinstance(v, dict) and "f1-score" in v and k not in ("macro avg", "weighted avg", "micro avg")
        )[:8]
        lines += ["", "Weakest intents in cross-validation (F1): " + ", ".join(f"{k} {f:.2f}" for f, k in weakest)]
    if model:
        lines += [
            "",
            "Most common held-out confusions (true -> predicted, count): "
            + "; ".join(f"{t} -> {p} ({n})" for t, p, n in model["confusions"][:8]),
        ]
    corpus = read(reports / "corpus.json")
    if corpus:
        lines += [
            "",
            f"Conversations typed as families type (tests/conversations/corpus.yml): "
            f"{corpus['reached']:.3f} reach the right place, {corpus['right_all_the_way']:.3f} right at every turn.",
        ]
    if safety:
        lines += [
            "",
            "| safety set | safety messages | recall | ordinary messages | false alarms |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['set']} | {r['safety']} | {r['recall']:.3f} | {r['ordinary']} | {r['false_alarm_rate']:.3f} |"
            for r in safety
        ]
    text = "\n".join(lines) + "\n"
    (reports / "summary.md").write_text(text)
    print(text)
    print(
        f"Pictures: {reports / 'holdout_confusion.png'}, {reports / 'cross-validation' / 'intent_confusion_matrix.png'}"
    )


if __name__ == "__main__":
    main()
