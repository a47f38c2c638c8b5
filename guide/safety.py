"""What marks a message as a worry about a child's safety. No Rasa here: the action server uses it too."""

from __future__ import annotations

import re

# The key in a message's parse data that says it is about a child at risk (set by
# guide/safeguarding_override.py); every action reads it before doing anything else.
SAFETY_FLAG = "safety_concern"


# Phones and word processors type curly apostrophes; the patterns are written with straight ones.
STRAIGHT_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def is_safety_worry(text: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    # Button payloads ("/affirm") are the assistant's own words, not the family's.
    if text.startswith("/"):
        return False
    text = text.translate(STRAIGHT_APOSTROPHES)
    return any(pattern.search(text) for pattern in patterns)
