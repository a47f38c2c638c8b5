"""Score the safety net on the held-out safety sets (tests/nlu/safety_holdout*.yml), never trained on.

Every message in "safety" is about a child or young person at risk and must be marked as a safety
worry (the safety reply comes first); no message in "ordinary" should be. The trained model reads
each one through the whole NLU pipeline, patterns and classifier together, as in a conversation.
Prints recall, the false-alarm rate, every miss and every false alarm; exits non-zero below the
given minimum recall or above the maximum false-alarm rate, so `make test` fails.

    python scripts/evaluate_safety.py [--model models/send-guide.tar.gz] [--data SET.yml ...]
           [--min-recall 1.0] [--max-false-alarms 0.05] [--report reports]

Each set is scored and held to the bar on its own. The second set was written blind, by a
different writer, after the patterns and training data had been fixed against the first.
tests/nlu/safety_blind_check.yml, written by a third, is only reported (`make eval`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path

import yaml

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.safety import SAFETY_FLAG  # noqa: E402
from scripts.evaluate_nlu import predict, quiet_rasa_logs  # noqa: E402

SAFETY_SETS = sorted((ROOT / "tests" / "nlu").glob("safety_holdout*.yml"))


def load_safety_set(path: Path) -> tuple[list[str], list[str]]:
    data = yaml.safe_load(path.read_text())
    return list(data["safety"]), list(data["ordinary"])


def score(model: Path, path: Path) -> dict:
    safety, ordinary = load_safety_set(path)
    results = asyncio.run(predict(model, safety + ordinary))
    flagged = [bool(result.get(SAFETY_FLAG)) for result in results]
    misses = [text for text, hit in zip(safety, flagged[: len(safety)], strict=True) if not hit]
    false_alarms = [text for text, hit in zip(ordinary, flagged[len(safety) :], strict=True) if hit]
    return {
        "set": path.name,
        "safety": len(safety),
        "ordinary": len(ordinary),
        "recall": 1 - len(misses) / len(safety),
        "false_alarm_rate": len(false_alarms) / len(ordinary),
        "misses": misses,
        "false_alarms": false_alarms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "send-guide.tar.gz"))
    parser.add_argument("--data", nargs="+", default=[str(path) for path in SAFETY_SETS])
    parser.add_argument("--min-recall", type=float, default=0.0)
    parser.add_argument("--max-false-alarms", type=float, default=1.0)
    parser.add_argument("--report", help="folder to write safety.json to")
    args = parser.parse_args()
    quiet_rasa_logs()

    reports = [score(Path(args.model), Path(path)) for path in args.data]
    failed = False
    for report in reports:
        caught = report["safety"] - len(report["misses"])
        print(
            f"\nHeld-out safety set {report['set']}: {report['safety']} safety messages, {report['ordinary']} "
            "ordinary ones"
        )
        print(f"recall        {report['recall']:.3f}  ({caught} of {report['safety']} got the safety reply first)")
        print(
            f"false alarms  {report['false_alarm_rate']:.3f}  ({len(report['false_alarms'])} of {report['ordinary']} "
            "ordinary messages got it)"
        )
        for title, texts in (("Missed (no safety reply)", report["misses"]), ("False alarms", report["false_alarms"])):
            if texts:
                print(f"{title}:")
                for text in texts:
                    print(f"  - {text}")
        failed |= report["recall"] < args.min_recall or report["false_alarm_rate"] > args.max_false_alarms
    if args.report:
        folder = Path(args.report)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "safety.json").write_text(json.dumps(reports, indent=2))
    if failed:
        print(
            f"\nBelow the bar: recall must be at least {args.min_recall}, false alarms at most "
            f"{args.max_false_alarms}, on each set."
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
