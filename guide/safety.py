"""What marks a message as a worry about a child's safety. No Rasa here: the action server uses it too."""

from __future__ import annotations

import re

# The key in a message's parse data that says it is about a child at risk (set by
# guide/safeguarding_override.py); every action reads it before doing anything else.
SAFETY_FLAG = "safety_concern"
# The key for how surely the intent classifier reads a message as a safety worry, 0 to 1
# (guide/tfidf_classifier.py). guide/safeguarding_override.py marks a worry from a floor.
SAFETY_SCORE = "safety_score"
# Training examples whose intent block has this in its metadata are left out of the model that gives
# the safety score: long posts about disagreements (data/nlu/realistic_posts.yml). Their worried
# words, labelled as disagreements, made real safety worries score lower.
LEFT_OUT_OF_SAFETY_SCORE = "left_out_of_safety_score"


# Phones and word processors type curly apostrophes; the patterns are written with straight ones.
STRAIGHT_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def is_safety_worry(text: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    # Button payloads ("/affirm") are the assistant's own words, not the family's.
    if text.startswith("/"):
        return False
    text = text.translate(STRAIGHT_APOSTROPHES)
    return any(pattern.search(text) for pattern in patterns)
