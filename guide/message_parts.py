"""Split a message into the things it asks, so that two questions in one message get two answers.

"how much does mediation cost and do i have to go?" is two questions; the intent classifier reads
a whole message as one. The parts are its sentences, and a sentence is split again where a comma,
"and", "also" or "plus" starts a new question. "can I appeal myself or does my mum have to" stays one.
"""

from __future__ import annotations

import re

_QUESTION_WORD = (
    r"(?:how|what|whats|what's|when|whens|when's|where|who|why|which|do|does|did|can|could|will|would|"
    r"should|is|are|am|have|has|must|need)"
)
_SENTENCE_END = re.compile(r"(?<=[?!.])\s+|\s*\n+\s*")
_AND_A_QUESTION = re.compile(rf"(?:,\s+|,?\s+(?:and|also|plus|&)\s+(?:also\s+)?)(?={_QUESTION_WORD}\b)", re.IGNORECASE)
# The message key for what each part of a message was read as, when it has several: the intents
# read surely enough (guide/tfidf_classifier.py), in order, once each.
PARTS_READ_AS = "parts_read_as"
# "yes", "ok thanks" and "what now" say too little to classify alone.
MIN_WORDS = 3


def message_parts(text: str) -> list[str]:
    """The message's questions and statements, in order; one part for a message that is one thing."""
    parts = [
        part.strip(" ,") for sentence in _SENTENCE_END.split(text.strip()) for part in _AND_A_QUESTION.split(sentence)
    ]
    return [part for part in parts if len(part.split()) >= MIN_WORDS]
