"""What the assistant does with a family's first message written as parents really write: long,
background first, the ask last, several problems. Sends each message of a held-out set as the
first message of a new conversation through the REST channel, and sorts the reply:

- acts on a type: "It sounds like <summary>. Is that right?" (or a route started), an answer to a
  question, or the complaint route; right when it is the labelled type;
- offers choices: "Which of these is closest?", with buttons;
- anything else (a safety reply, "I didn't understand").

Prints: acts on the right type, acts on a wrong type, and, of the messages given choices, the
share whose choices include the right type. Fails (exit 1) below the bars given.

    python scripts/evaluate_realistic.py [--data tests/nlu/realistic_holdout.yml]
           [--min-acts-right 0.85] [--max-acts-wrong 0.05] [--min-right-in-choices 0.97]
           [--report reports]
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.content import load_content  # noqa: E402
from scripts.evaluate_nlu import load_examples  # noqa: E402
from tests.servers import Servers  # noqa: E402

DATA = ROOT / "tests" / "nlu" / "realistic_holdout.yml"
COMPLAINT = "make_complaint"
DEADLINE = "ask_deadline"


def outcome(replies: list[dict], content) -> tuple[str, set[str]]:
    """("acts", {what it acted on}) or ("choices", {what it offered}) or ("other", set())."""
    text = "\n".join(reply.get("text") or "" for reply in replies)
    payloads = [button.get("payload", "") for reply in replies for button in reply.get("buttons") or []]
    if content.say("offer_choices") in text or content.say("offer_choices_after_no") in text:
        offered = set()
        for payload in payloads:
            if payload.startswith('/choose_type{"route_choice":"'):
                offered.add(payload.split('"')[3])
            elif payload.startswith("/") and "{" not in payload:
                offered.add(payload[1:])
        return "choices", offered
    for route in content.disagreement_routes:
        if route.summary in text:
            return "acts", {route.id}
    for intent, entry in content.faq.items():
        if entry.answer and entry.answer[0] in text:
            return "acts", {intent}
    if content.say("ask_complaint_about") in text or content.say("complaint_start", summary="").rstrip(".") in text:
        return "acts", {COMPLAINT}
    deadline_replies = (content.say("ask_letter_date"), content.say("ask_act_date"), content.say("which_deadline"))
    if any(reply in text for reply in deadline_replies):
        return "acts", {DEADLINE}
    return "other", set()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA))
    parser.add_argument("--min-acts-right", type=float, default=0.0)
    parser.add_argument("--max-acts-wrong", type=float, default=1.0)
    parser.add_argument("--min-right-in-choices", type=float, default=0.0)
    parser.add_argument("--report", help="folder to write realistic.json to")
    args = parser.parse_args()

    content = load_content()
    examples = load_examples(Path(args.data))
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        servers = Servers(Path(workdir))
        servers.start_actions()
        try:
            servers.start_rasa()
            for text, label in examples:
                kind, what = outcome(servers.send("realistic-" + uuid.uuid4().hex, text), content)
                results.append({"text": text, "label": label, "kind": kind, "what": sorted(what)})
        finally:
            servers.stop()

    total = len(results)
    acts_right = sum(r["kind"] == "acts" and r["what"] == [r["label"]] for r in results)
    acts_wrong = sum(r["kind"] == "acts" and r["what"] != [r["label"]] for r in results)
    choices = [r for r in results if r["kind"] == "choices"]
    right_in_choices = sum(r["label"] in r["what"] for r in choices)
    other = total - acts_right - acts_wrong - len(choices)
    share_in_choices = right_in_choices / len(choices) if choices else 1.0
    print(f"Realistic held-out set: {total} messages ({args.data})")
    print(f"acts on the right type      {acts_right / total:.4f}  ({acts_right})")
    print(f"acts on a wrong type        {acts_wrong / total:.4f}  ({acts_wrong})")
    print(f"offers choices              {len(choices) / total:.4f}  ({len(choices)})")
    print(f"  right type among them     {share_in_choices:.4f}  ({right_in_choices} of {len(choices)})")
    print(f"anything else               {other / total:.4f}  ({other})")
    wrong = collections.Counter(
        (r["label"], r["what"][0]) for r in results if r["kind"] == "acts" and r["what"] != [r["label"]]
    )
    for (label, acted), count in wrong.most_common():
        print(f"  acted on {acted} for {label}: {count}")
    for r in results:
        if (r["kind"] == "choices" and r["label"] not in r["what"]) or r["kind"] == "other":
            print(f"  {r['kind']} without {r['label']}: {r['text'][:110]}")
    if args.report:
        folder = Path(args.report)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "realistic.json").write_text(json.dumps(results, indent=2))
    below = (
        acts_right / total < args.min_acts_right
        or acts_wrong / total > args.max_acts_wrong
        or share_in_choices < args.min_right_in_choices
    )
    if below:
        print(
            f"\nBelow the bar: acts on the right type at least {args.min_acts_right}, on a wrong type at most "
            f"{args.max_acts_wrong}, right type among the choices at least {args.min_right_in_choices}."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
