"""Rasa run bare in the project folder, as Rasa users expect: `rasa run` and `rasa shell` with no
arguments, in a fresh clone (no var/ folder yet), with no channel variables set."""

import os
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import requests

from tests.servers import BIN, MODEL, ROOT, free_port, stop_process

PROJECT_FILES = ["config.yml", "domain.yml", "endpoints.yml", "credentials.yml", "channels.yml"]
PROJECT_FOLDERS = ["channels", "guide", "rasa_tuning", "content", "actions"]


@pytest.fixture
def fresh_clone(tmp_path):
    """The project as a fresh clone has it, with the trained model, and nothing in var/."""
    for name in PROJECT_FILES:
        shutil.copy(ROOT / name, tmp_path / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "models").mkdir()
    shutil.copy(MODEL, tmp_path / "models" / MODEL.name)
    assert not (tmp_path / "var").exists()
    return tmp_path


def bare_env() -> dict[str, str]:
    # No channel's variables set, as on a fresh machine; telemetry off as everywhere.
    keep = ("PATH", "HOME", "LANG", "TMPDIR")
    return {k: v for k, v in os.environ.items() if k in keep} | {"RASA_TELEMETRY_ENABLED": "false"}


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def bare_actions(fresh_clone):
    """The action server endpoints.yml names, at localhost:5055, as a bare `rasa run actions` starts
    it in the fresh clone. One already answering there (`make run`) serves as well."""
    if not port_is_free(5055):
        health = requests.get("http://127.0.0.1:5055/health", timeout=10)
        assert health.ok and health.json().get("status") == "ok", "port 5055 is taken by something else"
        yield
        return
    log = fresh_clone / "actions.log"
    actions = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions"],
        cwd=fresh_clone,
        env=bare_env() | {"SANIC_HOST": "127.0.0.1"},
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
    )
    yield
    stop_process(actions)
    assert "Traceback" not in log.read_text()


def test_a_bare_rasa_run_starts_and_answers_in_a_fresh_clone(fresh_clone, bare_actions):
    port = free_port()
    log = fresh_clone / "rasa.log"
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--port", str(port)],
        cwd=fresh_clone,
        env=bare_env(),
        stdout=open(log, "wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        replies = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                response = requests.post(
                    f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                    json={"sender": "bare-" + uuid.uuid4().hex, "message": "hello"},
                    timeout=30,
                )
                replies = response.json()
                break
            except requests.RequestException:
                time.sleep(1)
        assert replies, f"no reply from a bare `rasa run`:\n{log.read_text()[-3000:]}"
        assert replies[0]["text"].startswith("Hello. I can help")
        assert (fresh_clone / "var" / "tracker.db").exists()
        assert "The database is not ready" not in log.read_text()
    finally:
        stop_process(process)


def test_a_bare_rasa_shell_starts_in_a_fresh_clone(fresh_clone):
    result = subprocess.run(
        [str(BIN / "rasa"), "shell", "--port", str(free_port())],
        cwd=fresh_clone,
        env=bare_env(),
        input="/stop\n",
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr
    assert "Bot loaded. Type a message" in output, output[-3000:]
    assert "Error" not in output.split("Bot loaded")[0][-2000:] or result.returncode == 0


def test_a_bare_rasa_interactive_runs_a_turn_in_a_fresh_clone(fresh_clone, bare_actions):
    """`rasa interactive` in a real terminal: it reads the message, runs the project's action and
    shows the family's reply, with the conversation's slots."""
    import pexpect

    # Bare, it trains first: on the stories and NLU data (the copied model is up to date with them).
    shutil.copytree(ROOT / "data", fresh_clone / "data")
    shell = pexpect.spawn(
        str(BIN / "rasa"),
        ["interactive", "--port", str(free_port())],
        cwd=str(fresh_clone),
        env=bare_env() | {"TERM": "xterm"},
        encoding="utf-8",
        timeout=240,
        dimensions=(50, 200),
    )
    try:
        shell.expect("Your input ->")
        shell.sendline("the council refused to assess my son")
        shell.expect("with intent 'refused_assessment'")
        shell.send("y")
        shell.expect("The bot wants to run 'action_understand', correct?")
        shell.send("y")
        shell.expect("Is that right?")
        shell.expect("proposed: .*refused_assessment")
        shell.expect("The bot wants to run 'action_listen', correct?")
    finally:
        shell.close(force=True)
