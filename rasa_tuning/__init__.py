"""Changes to how the Rasa server runs: faster without changing what it says, a reply for the
family when the action server is down (action_server_down.py), and a clear failure rather than a
forgotten conversation when the database is down (storage_faults.py).

`install()` applies them. The REST channel module calls it, because Rasa imports that module
whenever it starts a server with our credentials.yml, in `make run`, the tests and containers.
"""

from rasa_tuning import action_server_down, action_validation, event_lookup, storage_faults


def install() -> None:
    action_validation.install()
    event_lookup.install()
    action_server_down.install()
    storage_faults.install()
