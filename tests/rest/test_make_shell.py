"""`make shell` in a real terminal, in a fresh clone where install and train have already run: a
family types, picks buttons, types again, and leaves with /stop, which stops everything."""

import os
import shutil
import socket
import subprocess
import time

import pexpect
import pytest

from guide.dates import FIXED_TODAY_VARIABLE
from tests.servers import MODEL, ROOT, free_port

DOWN, UP, ENTER = "\x1b[B", "\x1b[A", "\r"
LONG_AGO = time.time() - 10 * 365 * 24 * 3600


@pytest.fixture
def fresh_clone(tmp_path):
    """What a clone holds (the working tree's tracked and new files), installed and trained: the
    files are dated long ago, so make finds the virtual environment and the model up to date."""
    clone = tmp_path / "clone"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        source, target = ROOT / name, clone / name
        if source.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            os.utime(target, (LONG_AGO, LONG_AGO))
    (clone / ".venv").symlink_to(ROOT / ".venv")
    (clone / "models").mkdir()
    shutil.copy(MODEL, clone / "models" / MODEL.name)
    return clone


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def choose(shell: pexpect.spawn, downs: int) -> None:
    """Pick from the buttons Rasa's shell lists under a message: the first, or `downs` further down."""
    shell.expect("Type out your own message")
    shell.send(DOWN * downs + ENTER)


def type_message(shell: pexpect.spawn, text: str) -> None:
    """After buttons, the last choice lets the family type instead."""
    shell.expect("Type out your own message")
    shell.send(UP + ENTER)  # the list wraps round: one up from the first is the last
    shell.expect("Your input ->")
    shell.sendline(text)


def test_make_shell_chats_in_a_terminal_from_a_fresh_clone(fresh_clone):
    ports = {name: str(free_port()) for name in ("RASA_PORT", "ACTION_PORT", "WEB_PORT")}
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    env |= ports | {"TERM": "xterm", FIXED_TODAY_VARIABLE: "2026-12-02"}
    shell = pexpect.spawn(
        "make", ["shell"], cwd=str(fresh_clone), env=env, encoding="utf-8", timeout=240, dimensions=(50, 200)
    )
    try:
        shell.expect("Bot loaded. Type a message and press enter")
        shell.expect("Your input ->")
        shell.sendline("the council refused to assess my son")
        shell.expect("Is that right?")
        choose(shell, 0)  # Yes
        shell.expect("What date is on the decision letter?")
        type_message(shell, "its dated 26.11.26")
        shell.expect("Do you already have a mediation certificate?")
        choose(shell, 1)  # No
        shell.expect("Your appeal must reach the SEND Tribunal by 5pm on Tuesday 26 January 2027.")
        type_message(shell, "/stop")
        shell.expect(pexpect.EOF)
    finally:
        shell.close(force=True)
        log = fresh_clone / "var" / "actions.log"
        print(shell.before, log.read_text()[-2000:] if log.exists() else "")
    assert shell.exitstatus == 0, shell.before
    assert "Traceback" not in (fresh_clone / "var" / "actions.log").read_text()
    # /stop ends the action server too: nothing is left running.
    deadline = time.monotonic() + 20
    while not port_is_free(int(ports["ACTION_PORT"])) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert port_is_free(int(ports["ACTION_PORT"]))
