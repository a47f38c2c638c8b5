"""Load benchmark: this assistant against stock Rasa 3.6, side by side, in one run.

Trains (or reuses, with --reuse) two models on the same data and domain: ours (config.yml) and
the stock one (`rasa init` defaults: no pipeline or policies given, so Rasa picks them). For
each it starts a Rasa server beside one shared action server, then measures:
- start-up time, until the first reply;
- N concurrent families (default 20), each a 7-message conversation through the REST channel,
  after a warm-up: messages per second, p50/p95/p99 reply time, errors;
- peak memory (VmHWM) of the Rasa server and of the action server.

    python scripts/bench.py [--families 20] [--rounds 3] [--reuse]

Traffic goes only to 127.0.0.1; every loop is bounded. Results go to reports/bench.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import aiohttp
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import BIN, free_port, write_endpoints  # noqa: E402

CONVERSATION = [
    "hello",
    "the council refused to assess my daughter",
    "yes",
    "12/10/2026",
    "no",
    "no",
    "what next",
]
STOCK_CONFIG = 'recipe: default.v1\nassistant_id: stock-rasa-init\nlanguage: en\npipeline:\npolicies:\n'
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}


def train(config: Path, out: Path, name: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "rasa"), "train", "--config", str(config), "--out", str(out), "--fixed-model-name", name, "--force"],
        cwd=ROOT, env=ENV, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children_peak_mb(pid: int) -> float:
    """The peak of a process and its children (rasa may run its server in a child)."""
    peaks = [peak_memory_mb(pid)]
    for child in Path(f"/proc/{pid}/task").iterdir():
        children = Path(f"/proc/{pid}/task/{child.name}/children")
        if children.exists():
            peaks += [peak_memory_mb(int(c)) for c in children.read_text().split()]
    return max(peaks)


async def one_family(session: aiohttp.ClientSession, url: str, latencies: list[float], errors: list[str]) -> None:
    sender = "bench-" + uuid.uuid4().hex
    for message in CONVERSATION:
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": message}, timeout=aiohttp.ClientTimeout(total=60)) as response:
                body = await response.json()
                if response.status != 200 or not body:
                    errors.append(f"{response.status}: {str(body)[:80]}")
        except Exception as error:  # count it, keep going: the benchmark reports errors
            errors.append(repr(error)[:80])
        latencies.append(time.perf_counter() - start)


async def load(url: str, families: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=families)) as session:
        await asyncio.gather(*(one_family(session, url, [], []) for _ in range(2)))  # warm-up
        start = time.perf_counter()
        await asyncio.gather(*(one_family(session, url, latencies, errors) for _ in range(families)))
        elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered))) - 1)] * 1000

    return {
        "messages": len(latencies), "seconds": elapsed, "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000, "p95_ms": pct(95), "p99_ms": pct(99), "errors": len(errors),
        "error_examples": errors[:3],
    }


def run_server(model: Path, action_port: int, workdir: Path) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    endpoints = write_endpoints(workdir / f"endpoints-{port}.yml", action_port, workdir / f"tracker-{port}.db")
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", str(model), "--port", str(port), "--endpoints", str(endpoints),
         "--credentials", str(ROOT / "credentials.yml")],
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Rasa exited while starting {model.name}")
        try:
            if requests.post(url, json={"sender": "startup-" + uuid.uuid4().hex, "message": "hello"}, timeout=5).json():
                return process, port, time.perf_counter() - start
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("Rasa did not answer within 5 minutes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="load runs per model; the median run is reported")
    parser.add_argument("--reuse", action="store_true", help="reuse models in reports/bench-models/ if they exist")
    args = parser.parse_args()

    models_dir = ROOT / "reports" / "bench-models"
    models_dir.mkdir(parents=True, exist_ok=True)
    stock_config = models_dir / "stock-config.yml"
    stock_config.write_text(STOCK_CONFIG)
    setups = {"this assistant": ROOT / "config.yml", "stock Rasa 3.6": stock_config}
    results: dict[str, dict] = {}

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    action_port = free_port()
    actions = subprocess.Popen([str(BIN / "rasa"), "run", "actions", "--port", str(action_port)],
                               cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for label, config in setups.items():
            name = "ours" if config.name == "config.yml" else "stock"
            model = models_dir / f"{name}.tar.gz"
            training = None
            if not (args.reuse and model.exists()):
                print(f"Training {label}...", flush=True)
                training = train(config, models_dir, name)
            server, port, startup = run_server(model, action_port, workdir)
            try:
                url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
                runs = [asyncio.run(load(url, args.families)) for _ in range(args.rounds)]
                median_run = sorted(runs, key=lambda r: r["per_second"])[len(runs) // 2]
                results[label] = {**median_run, "startup_s": startup, "training_s": training,
                                  "rasa_peak_mb": children_peak_mb(server.pid)}
            finally:
                server.terminate()
                server.wait(timeout=60)
        action_peak = children_peak_mb(actions.pid)
    finally:
        actions.terminate()
        actions.wait(timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)

    ours, stock = results["this assistant"], results["stock Rasa 3.6"]
    print(f"\n{args.families} concurrent families x {len(CONVERSATION)} messages through REST, median of {args.rounds} runs, {os.cpu_count()} cores")
    print(f"{'':28}{'this assistant':>16}{'stock Rasa 3.6':>16}{'ratio':>10}")

    def line(label: str, key: str, fmt: str, better_high: bool) -> None:
        a, b = ours.get(key), stock.get(key)
        if a is None or b is None:
            print(f"{label:28}{'-' if a is None else format(a, fmt):>16}{'-' if b is None else format(b, fmt):>16}")
            return
        if a == b:
            print(f"{label:28}{format(a, fmt):>16}{format(b, fmt):>16}{'same':>10}")
            return
        ratio = (a / b) if better_high else (b / a if a else float("inf"))
        print(f"{label:28}{format(a, fmt):>16}{format(b, fmt):>16}{ratio:>9.2f}x")

    line("messages per second", "per_second", ".1f", True)
    line("p50 reply (ms)", "p50_ms", ".0f", False)
    line("p95 reply (ms)", "p95_ms", ".0f", False)
    line("p99 reply (ms)", "p99_ms", ".0f", False)
    line("errors", "errors", "d", False)
    line("start-up to first reply (s)", "startup_s", ".1f", False)
    line("training (s)", "training_s", ".0f", False)
    line("Rasa peak memory (MB)", "rasa_peak_mb", ".0f", False)
    print(f"{'action server peak (MB)':28}{action_peak:>16.0f}   (shared)")
    print("(ratio: how many times better this assistant is; above 1 is better)")
    (ROOT / "reports" / "bench.json").write_text(json.dumps({"cores": os.cpu_count(), "families": args.families,
                                                             "action_server_peak_mb": action_peak, **results}, indent=2))


if __name__ == "__main__":
    main()
