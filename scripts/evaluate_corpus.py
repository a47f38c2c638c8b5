"""Replay the conversations in tests/conversations/corpus.yml through the REST channel, as families
type them, and say how many reach the right place.

Starts its own action server and Rasa server (the trained model, endpoints like `make run`), with
"today" fixed to the day the corpus was written for, so its deadlines hold. A reply counts as the
family sees it: its text and its buttons. For each conversation: does the last reply contain its
"reaches" phrase (the right place, every turn typed even after one went wrong), and does every
reply contain all of its turn's "expect" phrases and none of its "never" phrases (right at every
turn)? Prints both shares and, for each failure, the first turn that went wrong.

    python scripts/evaluate_corpus.py [--corpus tests/conversations/corpus.yml] [--today 2026-12-02]
           [--min-reached 0.95] [--report reports] [--only "part of a name"]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.dates import FIXED_TODAY_VARIABLE  # noqa: E402
from tests.servers import Servers  # noqa: E402

CORPUS = ROOT / "tests" / "conversations" / "corpus.yml"
WRITTEN_FOR = "2026-12-02"  # the day the corpus's deadlines were worked out for


def seen(reply: dict) -> str:
    """A reply as the family sees it: its text, then its buttons."""
    buttons = [f"[{button.get('title')}]" for button in reply.get("buttons") or []]
    return "\n".join([reply.get("text") or "", *buttons])


def replay(servers: Servers, conversation: dict, show: bool = False) -> dict:
    """Every turn is typed, even after one went wrong: does the family still get there?"""
    sender = "corpus-" + uuid.uuid4().hex
    said, first_wrong = "", None
    for number, turn in enumerate(conversation["turns"], start=1):
        said = "\n".join(seen(reply) for reply in servers.send(sender, turn["say"]))
        if show:
            print(f"\n> {turn['say']}\n" + said)
        missing = [phrase for phrase in turn.get("expect", []) if phrase not in said]
        unwanted = [phrase for phrase in turn.get("never", []) if phrase in said]
        if (missing or unwanted) and first_wrong is None:
            first_wrong = {
                "turn": number,
                "typed": turn["say"],
                "missing": missing,
                "unwanted": unwanted,
                "reply": said[:600],
            }
    reached = conversation.get("reaches", "") in said
    return {
        "name": conversation["name"],
        "reached": reached,
        "right_all_the_way": reached and first_wrong is None,
        "first_wrong": first_wrong,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--today", default=WRITTEN_FOR)
    parser.add_argument("--min-reached", type=float, default=0.0)
    parser.add_argument("--report", help="folder to write corpus.json to")
    parser.add_argument("--only", help="replay only the conversations whose name contains this, showing every reply")
    args = parser.parse_args()

    conversations = yaml.safe_load(Path(args.corpus).read_text())["conversations"]
    if args.only:
        conversations = [c for c in conversations if args.only in c["name"]]
        if not conversations:
            print(f"No conversation's name contains {args.only!r}.")
            return 1
    with tempfile.TemporaryDirectory() as workdir:
        servers = Servers(Path(workdir))
        servers.env[FIXED_TODAY_VARIABLE] = args.today
        servers.start_actions()
        try:
            servers.start_rasa()
            results = [replay(servers, conversation, show=bool(args.only)) for conversation in conversations]
        finally:
            servers.stop()

    reached = sum(result["reached"] for result in results) / len(results)
    right = sum(result["right_all_the_way"] for result in results) / len(results)
    print(f"Corpus: {len(results)} conversations typed as families type ({args.corpus}), today = {args.today}")
    print(f"reached the right place   {reached:.3f}  ({sum(r['reached'] for r in results)})")
    print(f"right at every turn       {right:.3f}  ({sum(r['right_all_the_way'] for r in results)})")
    for result in results:
        wrong = result["first_wrong"]
        if wrong is None and result["reached"]:
            continue
        ending = "reached the right place" if result["reached"] else "did not reach the right place"
        print(f"\n- {result['name']} ({ending})")
        if wrong:
            print(f"  first wrong at turn {wrong['turn']}, typed {wrong['typed']!r}")
            if wrong["missing"]:
                print(f"  missing: {wrong['missing']}")
            if wrong["unwanted"]:
                print(f"  should not say: {wrong['unwanted']}")
            print("  said: " + wrong["reply"].replace("\n", " | ")[:300])
    if args.report:
        folder = Path(args.report)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "corpus.json").write_text(
            json.dumps({"reached": reached, "right_all_the_way": right, "results": results}, indent=2)
        )
    if reached < args.min_reached:
        print(f"\nBelow the bar: at least {args.min_reached} must reach the right place.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
