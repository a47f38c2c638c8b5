"""Real servers for the REST and browser tests: the action server, the Rasa server (REST channel,
SQLite tracker store, CORS for the demo page only) and the demo council page.

They run on free ports with their own tracker database, so they never touch a running `make run`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import uuid
from pathlib import Path

import requests
import yaml

from channels.credentials import write_active_credentials
from guide.content import load_content

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "send-guide.tar.gz"


def write_endpoints(path: Path, action_port: int, tracker_db: Path) -> Path:
    """The project's endpoints.yml, pointed at this action server and tracker database."""
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
    endpoints["tracker_store"]["db"] = str(tracker_db)
    path.write_text(yaml.safe_dump(endpoints))
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Channels switched on for the tests, with made-up secrets; their platform APIs are a local fake.
TWILIO_TEST_SETTINGS = {
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "TWILIO_AUTH_TOKEN": "test-auth-token",
    "TWILIO_NUMBER": "+441234567890",
}
CALLBACK_TEST_TOKEN = "test-callback-token"
FACEBOOK_TEST_SETTINGS = {
    "FACEBOOK_VERIFY_TOKEN": "test-verify-token",
    "FACEBOOK_APP_SECRET": "test-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "test-page-token",
}
TEAMS_TEST_SETTINGS = {
    "TEAMS_APP_ID": "00000000-0000-0000-0000-000000000001",
    "TEAMS_APP_PASSWORD": "test-app-password",
}
SLACK_TEST_SETTINGS = {
    "SLACK_BOT_TOKEN": "xoxb-test-token",
    "SLACK_SIGNING_SECRET": "test-signing-secret",
}
TELEGRAM_TEST_SETTINGS = {
    "TELEGRAM_ACCESS_TOKEN": "123456789:AAtestTokenForTheLocalStandInOnly",
    "TELEGRAM_SECRET_TOKEN": "test-secret-token",
}


def channel_test_env(platforms_url: str) -> dict[str, str]:
    """Every messaging channel switched on, talking to the local stand-in for its platform."""
    return {
        **TWILIO_TEST_SETTINGS,
        "TWILIO_API_BASE_URL": platforms_url,
        **TELEGRAM_TEST_SETTINGS,
        "TELEGRAM_API_BASE_URL": platforms_url,
        **SLACK_TEST_SETTINGS,
        "SLACK_API_BASE_URL": platforms_url + "/slack/",
        **TEAMS_TEST_SETTINGS,
        "BOTFRAMEWORK_OPENID_URL": platforms_url + "/botframework/openid",
        "BOTFRAMEWORK_TOKEN_URL": platforms_url + "/botframework/token",
        **FACEBOOK_TEST_SETTINGS,
        "FACEBOOK_API_BASE_URL": platforms_url + "/graph",
        "CALLBACK_URL": platforms_url + "/council-system",
        "CALLBACK_TOKEN": CALLBACK_TEST_TOKEN,
    }


def stop_process(process: subprocess.Popen | None) -> None:
    """Ask a server to stop, as Ctrl-C would; kill it if it has not stopped within 30 seconds."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def launch_actions(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--port", str(port)],
        cwd=ROOT,
        env={**env, "SANIC_HOST": "127.0.0.1"},
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
    )


def launch_rasa(
    port: int, endpoints: Path, credentials: Path, env: dict[str, str], log: Path, cors: str | None = None
) -> subprocess.Popen:
    """`rasa run` as `make run` and the containers start it (with this project's changes, through
    rasa_tuning): no HTTP API, CORS for one origin."""
    return subprocess.Popen(
        [
            str(BIN / "python"),
            "-m",
            "rasa_tuning",
            "run",
            "--interface",
            "127.0.0.1",
            "--model",
            str(MODEL),
            "--port",
            str(port),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(credentials),
        ]
        + (["--cors", cors] if cors else []),
        cwd=ROOT,
        env=env,
        stdout=open(log, "ab"),
        stderr=subprocess.STDOUT,
    )


def wait_until_answering(url: str, watched: list[tuple[subprocess.Popen, Path]], timeout: float = 180) -> None:
    """Until a greeting through the REST webhook gets a real reply, which needs the action server
    too (while it is not up yet, the reply is the apology)."""
    apology = load_content().say("action_server_down")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process, log in watched:
            if process.poll() is not None:
                raise RuntimeError(f"a server exited early:\n{log.read_text()[-3000:]}")
        try:
            response = requests.post(
                url, json={"sender": "readiness-" + uuid.uuid4().hex, "message": "/greet"}, timeout=60
            )
            replies = response.json() if response.status_code == 200 else []
            if replies and not any(apology in reply.get("text", "") for reply in replies):
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"Rasa did not answer in time:\n{watched[0][1].read_text()[-3000:]}")


class Servers:
    def __init__(self, workdir: Path, channel_env: dict[str, str] | None = None):
        self.workdir = workdir
        self.action_port, self.rasa_port, self.web_port = free_port(), free_port(), free_port()
        self.endpoints = write_endpoints(workdir / "endpoints.yml", self.action_port, workdir / "tracker.db")
        self.credentials = workdir / "credentials.yml"
        self.env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", **(channel_env or {})}
        self.actions = self.rasa = self.web = None
        self.action_log = workdir / "actions.log"
        self.rasa_log = workdir / "rasa.log"

    @property
    def url(self) -> str:
        return self.webhook("rest")

    @property
    def rasa_base(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}/"

    def start_web(self):
        """The demo council page, pointing its widget at this Rasa server."""
        self.web = subprocess.Popen(
            [
                str(BIN / "python"),
                str(ROOT / "scripts" / "serve_demo.py"),
                "--port",
                str(self.web_port),
                "--rasa-url",
                self.rasa_base,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(self.web_url, timeout=2).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("the demo web server did not start")

    def start_actions(self):
        self.actions = launch_actions(self.action_port, self.env, self.action_log)

    def webhook(self, channel: str) -> str:
        """A channel's webhook on this Rasa server ("rest", "twilio", "botframework", ...)."""
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/{channel}/webhook"

    def start_rasa(self):
        write_active_credentials(ROOT / "channels.yml", self.credentials, self.env)
        self.rasa = launch_rasa(
            self.rasa_port,
            self.endpoints,
            self.credentials,
            self.env,
            self.rasa_log,
            cors=f"http://127.0.0.1:{self.web_port}",
        )
        wait_until_answering(self.url, [(self.rasa, self.rasa_log), (self.actions, self.action_log)])

    def stop_rasa(self):
        stop_process(self.rasa)

    def stop(self):
        for process in (self.web, self.rasa, self.actions):
            stop_process(process)

    def send(self, sender: str, message: str) -> list[dict]:
        response = requests.post(self.url, json={"sender": sender, "message": message}, timeout=60)
        assert response.status_code == 200, response.text
        return response.json()
