"""Load benchmark: this assistant against stock Rasa 3.6, side by side, in one run.

Trains two models (--reuse keeps an earlier stock model) on the same data and domain: ours (config.yml) and
the stock one (`rasa init` defaults: no pipeline or policies given, so Rasa picks them). Then it
runs, one after another, beside one shared action server:
- this assistant as `make run` starts it: one Rasa process, our REST channel and tracker store;
- the same with 2 Sanic workers sharing a Redis lock store (the shape for a busy site), when
  redis-server is installed;
- stock Rasa 3.6: the stock model, Rasa's own REST channel and SQL tracker store.
For each it measures:
- start-up time, until the first reply;
- N concurrent families (default 20), each a 7-message conversation through the REST channel,
  sent as fast as replies come back, after a warm-up: messages per second, p50/p95/p99 reply
  time, errors;
- peak memory (VmHWM) of the largest Rasa process and of the action server.

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
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from channels.credentials import write_active_credentials  # noqa: E402
from tests.backing_services import RedisServer  # noqa: E402
from tests.servers import BIN, free_port, stop_process, write_endpoints  # noqa: E402

CONVERSATION = [
    "hello",
    "the council refused to assess my daughter",
    "yes",
    "12/10/2026",
    "no",
    "no",
    "what next",
]
STOCK_CONFIG = "recipe: default.v1\nassistant_id: stock-rasa-init\nlanguage: en\npipeline:\npolicies:\n"
STOCK_CREDENTIALS = "rest:\n"
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3"}


def train(config: Path, out: Path, name: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "rasa"), "train", "--config", str(config), "--out", str(out), "--fixed-model-name", name, "--force"],
        cwd=ROOT,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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


async def one_family(
    session: aiohttp.ClientSession, urls: list[str], first: int, latencies: list[float], errors: list[str]
) -> None:
    """One conversation; its messages take turns over the servers in urls, as behind a load balancer."""
    sender = "bench-" + uuid.uuid4().hex
    for turn, message in enumerate(CONVERSATION):
        url = urls[(first + turn) % len(urls)]
        start = time.perf_counter()
        try:
            async with session.post(
                url, json={"sender": sender, "message": message}, timeout=aiohttp.ClientTimeout(total=60)
            ) as response:
                body = await response.json()
                if response.status != 200 or not body:
                    errors.append(f"{response.status}: {str(body)[:80]}")
        except Exception as error:  # count it, keep going: the benchmark reports errors
            errors.append(repr(error)[:80])
        latencies.append(time.perf_counter() - start)


async def load(urls: str | list[str], families: int) -> dict:
    urls = [urls] if isinstance(urls, str) else urls
    latencies: list[float] = []
    errors: list[str] = []
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=families)) as session:
        await asyncio.gather(*(one_family(session, urls, i, [], []) for i in range(2 * len(urls))))  # warm-up
        start = time.perf_counter()
        await asyncio.gather(*(one_family(session, urls, i, latencies, errors) for i in range(families)))
        elapsed = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered))) - 1)] * 1000

    return {
        "messages": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": pct(95),
        "p99_ms": pct(99),
        "errors": len(errors),
        "error_examples": errors[:3],
    }


@dataclass
class Setup:
    label: str
    model: str  # "ours" or "stock"
    credentials: Path
    tracker_store: str | None = None  # None: as in endpoints.yml
    tuned: bool = True  # started through rasa_tuning, as `make run` does; stock Rasa is not
    workers: int = 1
    lock_store: dict = field(default_factory=dict)


def run_server(setup: Setup, model: Path, action_port: int, workdir: Path) -> tuple[subprocess.Popen, int, float]:
    port = free_port()
    endpoints_file = write_endpoints(workdir / f"endpoints-{port}.yml", action_port, workdir / f"tracker-{port}.db")
    endpoints = yaml.safe_load(endpoints_file.read_text())
    if setup.tracker_store:
        endpoints["tracker_store"]["type"] = setup.tracker_store
    if setup.lock_store:
        endpoints["lock_store"] = setup.lock_store
    endpoints_file.write_text(yaml.safe_dump(endpoints))
    start = time.perf_counter()
    rasa = [str(BIN / "python"), "-m", "rasa_tuning"] if setup.tuned else [str(BIN / "rasa")]
    process = subprocess.Popen(
        [
            *rasa,
            "run",
            "--model",
            str(model),
            "--port",
            str(port),
            "--endpoints",
            str(endpoints_file),
            "--credentials",
            str(setup.credentials),
        ],
        cwd=ROOT,
        env={**ENV, "SANIC_WORKERS": str(setup.workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Rasa exited while starting: {setup.label}")
        try:
            if requests.post(url, json={"sender": "startup-" + uuid.uuid4().hex, "message": "hello"}, timeout=5).json():
                return process, port, time.perf_counter() - start
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("Rasa did not answer within 5 minutes")


def print_table(results: dict[str, dict], families: int, rounds: int, action_peak: float) -> None:
    labels = list(results)
    stock = results["stock Rasa 3.6"]
    print(
        f"\n{families} concurrent families x {len(CONVERSATION)} messages through REST, median of {rounds} runs, "
        f"{os.cpu_count()} cores"
    )
    print(f"{'':30}" + "".join(f"{label:>28}" for label in labels))
    rows = [
        ("messages per second", "per_second", ".1f"),
        ("p50 reply (ms)", "p50_ms", ".0f"),
        ("p95 reply (ms)", "p95_ms", ".0f"),
        ("p99 reply (ms)", "p99_ms", ".0f"),
        ("errors", "errors", "d"),
        ("start-up to first reply (s)", "startup_s", ".1f"),
        ("training (s)", "training_s", ".0f"),
        ("largest Rasa process peak (MB)", "rasa_peak_mb", ".0f"),
    ]
    for title, key, fmt in rows:
        cells = [results[label].get(key) for label in labels]
        print(f"{title:30}" + "".join(f"{'-' if v is None else format(v, fmt):>28}" for v in cells))
    print(f"{'action server peak (MB)':30}{action_peak:>28.0f}   (shared)")
    for label in labels[:-1]:
        ours = results[label]
        print(
            f"\n{label} against stock Rasa 3.6: "
            f"{ours['per_second'] / stock['per_second']:.2f}x the throughput, "
            f"p95 {stock['p95_ms'] / ours['p95_ms']:.2f}x faster, "
            f"start-up {stock['startup_s'] / ours['startup_s']:.2f}x faster"
            + (
                f", training {stock['training_s'] / ours['training_s']:.1f}x faster"
                if ours.get("training_s") and stock.get("training_s")
                else ""
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="load runs per setup; the median run is reported")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse the stock model in reports/bench-models/ if it exists (ours always retrains: about 30 s)",
    )
    args = parser.parse_args()

    models_dir = ROOT / "reports" / "bench-models"
    models_dir.mkdir(parents=True, exist_ok=True)
    (models_dir / "stock-config.yml").write_text(STOCK_CONFIG)
    (models_dir / "stock-credentials.yml").write_text(STOCK_CREDENTIALS)
    configs = {"ours": ROOT / "config.yml", "stock": models_dir / "stock-config.yml"}
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    redis = RedisServer().start() if shutil.which("redis-server") else None

    ours_credentials = workdir / "credentials.yml"
    write_active_credentials(ROOT / "channels.yml", ours_credentials)
    setups = [Setup("this assistant", "ours", ours_credentials)]
    if redis:
        setups.append(
            Setup(
                "this assistant, 2 workers",
                "ours",
                ours_credentials,
                workers=2,
                lock_store={"type": "redis", "url": "127.0.0.1", "port": redis.port, "password": redis.password},
            )
        )
    else:
        print("redis-server is not installed: skipping the 2-worker run.")
    setups.append(
        Setup("stock Rasa 3.6", "stock", models_dir / "stock-credentials.yml", tracker_store="SQL", tuned=False)
    )

    training: dict[str, float | None] = {}
    for name, config in configs.items():
        model = models_dir / f"{name}.tar.gz"
        training[name] = None
        if not (args.reuse and name == "stock" and model.exists()):
            print(f"Training {name}...", flush=True)
            training[name] = train(config, models_dir, name)

    results: dict[str, dict] = {}
    action_port = free_port()
    actions = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--port", str(action_port)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for setup in setups:
            print(f"Measuring {setup.label}...", flush=True)
            server, port, startup = run_server(setup, models_dir / f"{setup.model}.tar.gz", action_port, workdir)
            try:
                url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
                runs = [asyncio.run(load(url, args.families)) for _ in range(args.rounds)]
                median_run = sorted(runs, key=lambda r: r["per_second"])[len(runs) // 2]
                results[setup.label] = {
                    **median_run,
                    "startup_s": startup,
                    "training_s": training[setup.model],
                    "workers": setup.workers,
                    "rasa_peak_mb": children_peak_mb(server.pid),
                }
            finally:
                stop_process(server)
        action_peak = children_peak_mb(actions.pid)
    finally:
        stop_process(actions)
        if redis:
            redis.close()
        shutil.rmtree(workdir, ignore_errors=True)

    print_table(results, args.families, args.rounds, action_peak)
    (ROOT / "reports" / "bench.json").write_text(
        json.dumps(
            {"cores": os.cpu_count(), "families": args.families, "action_server_peak_mb": action_peak, **results},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
