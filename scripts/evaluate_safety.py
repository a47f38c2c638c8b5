"""Score the safety net on the held-out safety set (tests/nlu/safety_holdout.yml), never trained on.

Every message in "safety" is about a child or young person at risk and must be marked as a safety
worry (the safety reply comes first); no message in "ordinary" should be. The trained model reads
each one through the whole NLU pipeline, patterns and classifier together, as in a conversation.
Prints recall, the false-alarm rate, every miss and every false alarm; exits non-zero below the
given minimum recall or above the maximum false-alarm rate, so `make test` fails.

    python scripts/evaluate_safety.py [--model models/send-guide.tar.gz] [--min-recall 1.0]
           [--max-false-alarms 0.05] [--report reports]
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

SAFETY_SET = ROOT / "tests" / "nlu" / "safety_holdout.yml"


def load_safety_set(path: Path = SAFETY_SET) -> tuple[list[str], list[str]]:
    data = yaml.safe_load(path.read_text())
    return list(data["safety"]), list(data["ordinary"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "send-guide.tar.gz"))
    parser.add_argument("--data", default=str(SAFETY_SET))
    parser.add_argument("--min-recall", type=float, default=0.0)
    parser.add_argument("--max-false-alarms", type=float, default=1.0)
    parser.add_argument("--report", help="folder to write safety.json to")
    args = parser.parse_args()
    quiet_rasa_logs()

    safety, ordinary = load_safety_set(Path(args.data))
    results = asyncio.run(predict(Path(args.model), safety + ordinary))
    flagged = [bool(result.get(SAFETY_FLAG)) for result in results]
    misses = [text for text, hit in zip(safety, flagged[: len(safety)], strict=True) if not hit]
    false_alarms = [text for text, hit in zip(ordinary, flagged[len(safety):], strict=True) if hit]
    recall = 1 - len(misses) / len(safety)
    false_alarm_rate = len(false_alarms) / len(ordinary)

    print(f"Held-out safety set: {len(safety)} safety messages, {len(ordinary)} ordinary ones ({args.data})")
    print(f"recall        {recall:.3f}  ({len(safety) - len(misses)} of {len(safety)} got the safety reply first)")
    print(f"false alarms  {false_alarm_rate:.3f}  ({len(false_alarms)} of {len(ordinary)} ordinary messages got it)")
    if misses:
        print("\nMissed (no safety reply):")
        for text in misses:
            print(f"  - {text}")
    if false_alarms:
        print("\nFalse alarms:")
        for text in false_alarms:
            print(f"  - {text}")
    if args.report:
        folder = Path(args.report)
        folder.mkdir(parents=True, exist_ok=True)
        report = {"recall": recall, "false_alarm_rate": false_alarm_rate, "safety": len(safety), "ordinary": len(ordinary),
                  "misses": misses, "false_alarms": false_alarms}
        (folder / "safety.json").write_text(json.dumps(report, indent=2))
    failed = recall < args.min_recall or false_alarm_rate > args.max_false_alarms
    if failed:
        print(f"\nBelow the bar: recall must be at least {args.min_recall}, false alarms at most {args.max_false_alarms}.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
