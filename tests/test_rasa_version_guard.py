"""An upgrade of Rasa fails a named test here, instead of silently switching a change off.

Each piece of Rasa that rasa_tuning replaces, and each private piece that our tracker store and
lock store build on, is fingerprinted (a hash of its source in Rasa 3.6.21). When one changes,
read the new code, check the change still holds, then update its fingerprint.
"""

import hashlib
import inspect
import logging
import subprocess
import sys

import pytest
import rasa
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore

import rasa_tuning
from tests.servers import BIN, ROOT

REPLACED = {
    "RemoteAction._validate_action_result": "f8cdb4be68123961",
    "Event.resolve_by_type": "b5cf570fa7f286c7",
    "RemoteAction.run": "ccabf6f1160d527a",
    "Agent._create_tracker_store": "97499b594b45581b",
    "rasa.core.tracker_store._load_from_module_name_in_endpoint_config": "ffd9d0b30fd73ea8",
}
# What rasa_tuning/tracker_store.py and lock_store.py subclass, call or rely on.
RELIED_ON = {
    "SQLTrackerStore.__init__": (SQLTrackerStore.__init__, "64e704d159dfa35b"),
    "SQLTrackerStore.session_scope": (SQLTrackerStore.session_scope, "6775e1ede3ec8d2d"),
    "SQLTrackerStore._event_query": (SQLTrackerStore._event_query, "cd44f7901b860bfd"),
    "SQLTrackerStore.retrieve": (SQLTrackerStore.retrieve, "0d99846daced97d3"),
    "SQLTrackerStore.retrieve_full_tracker": (SQLTrackerStore.retrieve_full_tracker, "22234b03f47fbdd3"),
    "SQLTrackerStore.SQLEvent": (SQLTrackerStore.SQLEvent, "696a0661ef7643a9"),
    "FailSafeTrackerStore": (FailSafeTrackerStore, "84833481b14c2271"),
    "RedisLockStore.__init__": (RedisLockStore.__init__, "829e898a8cddff8d"),
    "LockStore.lock": (LockStore.lock, "8b9b716c031a3444"),
    "LockStore._acquire_lock": (LockStore._acquire_lock, "ead2fff373291c24"),
    "LockStore.cleanup": (LockStore.cleanup, "f2ba1745c8153f92"),
    "TicketLock": (TicketLock, "2cd46225330fb0ca"),
}


def fingerprint(code) -> str:
    return hashlib.sha256(inspect.getsource(code).encode()).hexdigest()[:16]


def test_written_for_the_installed_rasa():
    assert rasa.__version__ == rasa_tuning.RASA_VERSION == "3.6.21"


def test_every_replaced_piece_has_a_fingerprint():
    rasa_tuning.install()
    assert set(rasa_tuning.ORIGINALS) == set(REPLACED)


@pytest.mark.parametrize("name", sorted(REPLACED))
def test_replaced_rasa_code_is_as_it_was_written_against(name):
    rasa_tuning.install()
    assert fingerprint(rasa_tuning.ORIGINALS[name]) == REPLACED[name], (
        f"Rasa's {name} changed: check the change that replaces it"
    )


@pytest.mark.parametrize("name", sorted(RELIED_ON))
def test_private_rasa_code_the_stores_rely_on_is_unchanged(name):
    code, expected = RELIED_ON[name]
    assert fingerprint(code) == expected, f"Rasa's {name} changed: check rasa_tuning/tracker_store.py and lock_store.py"


def test_another_rasa_version_is_refused(monkeypatch):
    monkeypatch.setattr(rasa_tuning, "_installed", False)
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    with pytest.raises(rasa_tuning.RasaVersionError, match="written for Rasa 3.6.21, but Rasa 3.7.0"):
        rasa_tuning.install()


def test_a_missing_piece_is_refused_by_name(monkeypatch):
    from rasa.core.actions.action import RemoteAction

    monkeypatch.setattr(rasa_tuning, "_installed", False)
    monkeypatch.delattr(RemoteAction, "_validate_action_result")
    with pytest.raises(rasa_tuning.RasaVersionError, match="RemoteAction._validate_action_result"):
        rasa_tuning.install()


def test_install_says_what_it_applied(monkeypatch, caplog):
    monkeypatch.setattr(rasa_tuning, "_installed", False)
    with caplog.at_level(logging.INFO, logger="rasa_tuning"):
        rasa_tuning.install()
    assert "Rasa 3.6.21 changes applied: " in caplog.text and "RemoteAction.run" in caplog.text


def test_importing_a_channel_changes_nothing():
    """Only the launcher applies the changes: `rasa shell` used to run without them."""
    code = "import channels.rest, channels.twilio, channels.payloads, rasa_tuning; print(rasa_tuning.installed())"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "False", result.stderr[-2000:]


def test_the_launcher_applies_them_and_runs_rasas_command_line():
    result = subprocess.run(
        [str(BIN / "python"), "-m", "rasa_tuning", "--version"], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Rasa Version      :         3.6.21" in result.stdout
    assert "changes applied" in result.stderr
