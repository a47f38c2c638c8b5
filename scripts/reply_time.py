"""Time one family's conversation through the REST channel of a running assistant (`make run`).

Plays the same 7-message conversation N times, each as a new family, one message at a time,
and prints the median and 95th percentile reply time.

    python scripts/reply_time.py [--url http://localhost:5005/webhooks/rest/webhook] [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.bench import CONVERSATION  # noqa: E402  (one sample conversation for both measurements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:5005/webhooks/rest/webhook")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    times = []
    for _ in range(args.runs):
        sender = "timing-" + uuid.uuid4().hex
        for message in CONVERSATION:
            start = time.perf_counter()
            replies = requests.post(args.url, json={"sender": sender, "message": message}, timeout=30).json()
            times.append(time.perf_counter() - start)
            assert replies, f"no reply to {message!r}"
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{args.runs} conversations x {len(CONVERSATION)} messages, one at a time: "
        f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {times[-1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
