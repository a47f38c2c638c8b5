"""Replies for channels that show only text (SMS, WhatsApp): numbered choices, SMS-sized parts,
and reading a family's "2", "two" or "the second one" as the choice it names.

A channel changes how replies look, never what they say: the words come from the same content.
"""

from __future__ import annotations

import re

SMS_PART_LIMIT = 600

ORDINALS = {
    "1": 1,
    "one": 1,
    "first": 1,
    "1st": 1,
    "2": 2,
    "two": 2,
    "second": 2,
    "2nd": 2,
    "3": 3,
    "three": 3,
    "third": 3,
    "3rd": 3,
    "4": 4,
    "four": 4,
    "fourth": 4,
    "4th": 4,
    "5": 5,
    "five": 5,
    "fifth": 5,
    "5th": 5,
    "6": 6,
    "six": 6,
    "sixth": 6,
    "6th": 6,
    "7": 7,
    "seven": 7,
    "seventh": 7,
    "7th": 7,
    "8": 8,
    "eight": 8,
    "eighth": 8,
    "8th": 8,
    "9": 9,
    "nine": 9,
    "ninth": 9,
    "9th": 9,
    "10": 10,
    "ten": 10,
    "tenth": 10,
    "10th": 10,
    # "Carry on" and the whole menu: 11 choices
    "11": 11,
    "eleven": 11,
    "eleventh": 11,
    "11th": 11,
    "12": 12,
    "twelve": 12,
    "twelfth": 12,
    "12th": 12,
}
# Words around a number that still mean "this number": "option 2", "the second one", "number 3 please".
FILLER = {
    "the",
    "a",
    "option",
    "number",
    "no",
    "choice",
    "one",
    "please",
    "pls",
    "plz",
    "thanks",
    "thank",
    "you",
    "ok",
    "its",
    "it's",
    "i",
    "want",
    "pick",
    "choose",
    "reply",
}
WORD = re.compile(r"[a-z0-9']+")


def choice_number(text: str) -> int | None:
    """The choice a short reply names ("2", "two", "the 2nd one", "option 3"), or None."""
    words = WORD.findall(text.lower())
    if not words or len(words) > 5:
        return None
    numbers = [ORDINALS[w] for w in words if w in ORDINALS and not (w == "one" and len(words) > 1)]
    rest = [w for w in words if w not in ORDINALS and w not in FILLER]
    if len(numbers) == 1 and not rest:
        return numbers[0]
    if not numbers and words in (["one"], ["the", "one"]):
        return 1
    return None


def numbered(text: str, titles: list[str], lead: str) -> str:
    """The message with its choices as numbered lines, for channels without buttons."""
    lines = [f"{number}. {title}" for number, title in enumerate(titles, start=1)]
    return f"{text}\n\n{lead}\n" + "\n".join(lines)


SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+|\s*\n\s*")


def sms_parts(text: str, limit: int = SMS_PART_LIMIT) -> list[str]:
    """Split a long message into parts of at most `limit` characters, at sentence or line ends."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    pieces = _pieces(text, limit)
    parts: list[str] = []
    current = ""
    for piece, joiner in pieces:
        candidate = f"{current}{joiner}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            parts.append(current)
            current = piece
    if current:
        parts.append(current)
    return parts


def _pieces(text: str, limit: int) -> list[tuple[str, str]]:
    """Sentences and lines with the separator that came before each, long ones cut at spaces."""
    pieces: list[tuple[str, str]] = []
    position = 0
    joiner = ""
    for match in SENTENCE_END.finditer(text):
        pieces += _cut(text[position : match.start()], joiner, limit)
        breaks = match.group().count("\n")
        joiner = "\n\n" if breaks > 1 else "\n" if breaks else " "
        position = match.end()
    pieces += _cut(text[position:], joiner, limit)
    return [(piece, joiner) for piece, joiner in pieces if piece]


def _cut(sentence: str, joiner: str, limit: int) -> list[tuple[str, str]]:
    if len(sentence) <= limit:
        return [(sentence, joiner)]
    words, cut, current = sentence.split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            cut.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    cut.append(current)
    return [(cut[0], joiner)] + [(piece, " ") for piece in cut[1:]]
