"""Switch channels on with environment variables, so no secret is ever in a file we commit.

channels.yml lists every channel, with its secrets as ${VARIABLES}. Rasa fills those in when
it starts, and stops if one is not set. So before starting Rasa, this writes a copy that keeps
only the channels whose variables are all set (and those with none, like the REST channel).

    python -m channels.credentials channels.yml var/credentials.yml
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def active_channels(template: str, environment: Mapping[str, str]) -> dict[str, list[str]]:
    """Each channel in the template, with the variables it still needs (empty: it is on)."""
    channels = yaml.safe_load(template) or {}
    needs = {}
    for channel, settings in channels.items():
        names = VARIABLE.findall(yaml.safe_dump(settings)) if settings else []
        needs[channel] = [name for name in names if not environment.get(name)]
    return needs


def write_active_credentials(
    template_path: Path, out_path: Path, environment: Mapping[str, str] = os.environ
) -> list[str]:
    """Write the channels that are switched on to out_path; return their names."""
    template = template_path.read_text()
    channels = yaml.safe_load(template) or {}
    on = [channel for channel, missing in active_channels(template, environment).items() if not missing]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(
        "# Written from channels.yml by channels/credentials.py: the channels switched on. Do not edit.\n"
        + yaml.safe_dump({channel: channels[channel] for channel in on}, sort_keys=False)
    )
    return on


def _short(channel: str) -> str:
    return channel.split(".")[-2] if channel.count(".") >= 2 else channel  # channels.twilio.X -> twilio


if __name__ == "__main__":
    template = Path(sys.argv[1])
    enabled = write_active_credentials(template, Path(sys.argv[2]))
    print("Channels on: " + ", ".join(_short(name) for name in enabled))
    off = [_short(name) for name in active_channels(template.read_text(), os.environ) if name not in enabled]
    if off:
        print("Channels off (set their variables to switch them on; docs/channels.md): " + ", ".join(off))
