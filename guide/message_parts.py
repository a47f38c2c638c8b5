"""Split a message into the things it says and asks, so that two questions in one message get two
answers.

"how much does mediation cost and do i need a lawyer?" is two questions; the intent classifier
reads a whole message as one. The parts are its sentences, and a sentence is split again where a
comma, "and", "also" or "plus" starts a new question. "can I appeal myself or does my mum have to"
stays one, and so does "he is 10, has autism and is out of school": only question words split.
"""

from __future__ import annotations

import re

# The message key for what the parts of a message were read as, when it has several: each part
# read surely enough (guide/tfidf_classifier.py), in order, once each, as
# {"intent": ..., "question": true when the part asks something}.
PARTS_READ_AS = "parts_read_as"
# What the last two parts were read as, best reading each, however sure: in a long message the ask
# is usually last, and several problems get the types found offered as choices.
LAST_PARTS_READ_AS = "last_parts_read_as"
# A message this long is read as parents write: background first, the ask last (docs/evaluation.md,
# "Long messages"): the whole, mixed with its last two parts.
LONG_MESSAGE_WORDS = 25
LAST_PARTS_WEIGHT = 0.3
# "yes", "ok thanks" and "what now" say too little to classify alone.
MIN_WORDS = 3
# Longer messages are read whole only: a family's message is a few sentences, not a file.
MAX_PARTS = 12

_QUESTION_WORDS = (
    r"(?:how|what|whats|what's|when|whens|when's|where|who|whos|who's|why|which|do|does|can|could|will|"
    r"would|should|shall|is (?:it|there|this|that|mediation)|are (?:there|they|we)|am i|have (?:i|we)|"
    r"must (?:i|we)|need (?:i|we))"
)
_SENTENCE_END = re.compile(r"(?<=[?!.])\s+|\s*\n+\s*")
_AND_A_QUESTION = re.compile(rf"(?:,\s+|,?\s+(?:and|also|plus|&)\s+(?:also\s+)?)(?={_QUESTION_WORDS}\b)", re.IGNORECASE)
_QUESTION = re.compile(rf"^\W*(?:(?:and|also|so|but|ok|okay|right|well)\W+)*{_QUESTION_WORDS}\b", re.IGNORECASE)


def message_parts(text: str) -> list[str]:
    """The message's sentences and questions, in order; one part for a message that is one thing."""
    parts = [
        part.strip(" ,") for sentence in _SENTENCE_END.split(text.strip()) for part in _AND_A_QUESTION.split(sentence)
    ]
    parts = [part for part in parts if len(part.split()) >= MIN_WORDS]
    return parts if len(parts) <= MAX_PARTS else []


def is_question(part: str) -> bool:
    """Does this part ask something? "i'm 16" does not; "can I appeal myself" does."""
    return part.rstrip().endswith("?") or bool(_QUESTION.match(part))


def read_by_last_parts(text: str, parts: list[str]) -> bool:
    """A long message of several parts is read whole and by its last two parts (LAST_PARTS_WEIGHT)."""
    return len(parts) >= 2 and len(text.split()) >= LONG_MESSAGE_WORDS


def mixed_with_last_parts(whole, last_parts):
    """The whole message's scores mixed with those of its last two parts: numbers or numpy arrays."""
    return (1 - LAST_PARTS_WEIGHT) * whole + LAST_PARTS_WEIGHT * last_parts
