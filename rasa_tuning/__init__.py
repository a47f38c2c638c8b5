"""Changes to how the Rasa server runs: faster without changing what it says, a reply for the
family when the action server is down (action_server_down.py), and a clear failure rather than a
forgotten conversation when the database is down (storage_faults.py).

They are applied on purpose, never as a side effect of an import: `python -m rasa_tuning run ...`
(rasa_tuning/__main__.py) calls `install()` and then runs Rasa's own command line. `make run`,
`make shell`, the containers and the tests all start Rasa that way.

Each change replaces a named piece of Rasa 3.6.21. `install()` refuses another Rasa version, and
checks that every piece it replaces is there, so an upgrade fails loudly at start-up (and in
tests/test_rasa_version_guard.py, which fingerprints each replaced piece and the private Rasa code the
stores in tracker_store.py and lock_store.py build on) instead of silently switching a change off.
"""

from __future__ import annotations

import logging
from types import ModuleType
from typing import Any

import rasa

from rasa_tuning import action_server_down, action_validation, event_lookup, storage_faults

logger = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"  # the Rasa every change here was written for and tested against
CHANGES: tuple[ModuleType, ...] = (action_validation, event_lookup, action_server_down, storage_faults)
# Rasa's own pieces, as they were before install() replaced them (for the fingerprint test).
ORIGINALS: dict[str, Any] = {}
_installed = False


class RasaVersionError(RuntimeError):
    """The installed Rasa is not the one these changes were written for."""


def replaced_pieces() -> list[tuple[str, Any, str]]:
    """(name, owner, attribute) of every piece of Rasa the changes replace."""
    return [
        (f"{owner.__name__}.{attribute}", owner, attribute)
        for module in CHANGES
        for owner, attribute in module.REPLACES
    ]


def install() -> None:
    global _installed
    if _installed:
        return
    if rasa.__version__ != RASA_VERSION:
        raise RasaVersionError(
            f"rasa_tuning was written for Rasa {RASA_VERSION}, but Rasa {rasa.__version__} is installed. "
            "Check each change against the new Rasa (tests/test_rasa_tuning.py) before changing RASA_VERSION."
        )
    missing = [name for name, owner, attribute in replaced_pieces() if not hasattr(owner, attribute)]
    if missing:
        raise RasaVersionError(f"Rasa no longer has {', '.join(missing)}, which rasa_tuning replaces.")
    for name, owner, attribute in replaced_pieces():
        ORIGINALS[name] = getattr(owner, attribute)
    for module in CHANGES:
        module.install()
    _installed = True
    logger.info("Rasa %s changes applied: %s.", RASA_VERSION, ", ".join(name for name, _, _ in replaced_pieces()))


def installed() -> bool:
    return _installed
