"""Reading a typed reply in the context of the question asked.

Families answer in sentences, not buttons: "yeah we had a meeting with the SEN team last week and
they wont budge" answers "Have you already talked to the council's SEND team?" with yes, whatever
else it says. The intent classifier reads the whole sentence and may see a new disagreement; here
the first words are read against the question the conversation is waiting on. Only the start of a
reply counts, so "they said no" is not a "no". Dates are read by guide/dates.py.
"""

from __future__ import annotations

import re

YES, NO, DONT_KNOW, NEXT, RESUME = "yes", "no", "dont_know", "next", "resume"

_DONE = (
    r"did|have|had|tried|spoke|spoken|talked|wrote|written|complained|went|asked|raised|met|contacted|rang|"
    r"phoned|called|emailed|sent|got|used|done|applied|appealed|told"
)
_YES = re.compile(
    r"^\W*(yes+|yeah|yea|yep|yup|ya|yh|aye|y|ok(ay)?,? yes|correct|exactly|definitely|absolutely|of course|sure|"
    r"that'?s (right|it|correct)|thats (right|it|correct)|indeed|"
    rf"(we|i|they|she|he)('ve| have| has|'d)? (already |just |both )?({_DONE})|(i|we)'ve|already|"
    rf"({_DONE}) (that|it|them|this|to|with|a|an|the|mediation)|been there|done)\b",
    re.IGNORECASE,
)
_NO = re.compile(
    r"^\W*(no+|nope|nah|not (yet|really|at all|so far)|never|none|nothing yet|"
    r"(we|i)( have|'ve)? not|(we|i) (haven'?t|havent|didn'?t|didnt|did not|have not|never)|"
    r"haven'?t|havent|didn'?t|didnt|wrong|incorrect|that'?s not (it|right)|thats not (it|right))\b",
    re.IGNORECASE,
)
_DONT_KNOW = re.compile(
    r"\b(i |we )?(don'?t|dont|do not) know\b|\bdunno\b|\bno idea\b|\bnot sure\b|\bunsure\b|"
    r"\b(can'?t|cant|cannot|couldn'?t|could not) (find|remember|see)\b|\b(lost|misplaced) (the|it|my)\b|"
    r"\b(don'?t|dont|do not|haven'?t|havent|have not) (have|got) (the|a|it|my|that)\b|"
    r"\bnot (got|received|had) (the|a|it)\b|"
    r"\bstill waiting\b|\bnot to hand\b|\brather not say\b|\bno letter\b|\bnot (come|arrived)\b",
    re.IGNORECASE,
)
_NEXT = re.compile(
    r"^\W*((ok(ay)?|so|right|and|well|alright|cool|thanks|thank you)[,.!]? )*"
    r"(what (now|next|else|then)|what (do|can|should|shall) (i|we) do( now| next| then| about it)?|"
    r"what'?s (next|the next step)|whats next|and then|then what|now what|next( step)?( please)?|"
    r"what else can (i|we) do|"
    r"where do (i|we) go (from here|now|next)|(and |but )?(what )?if (that|it|this) (doesn'?t|does not|fails|don'?t)|"
    r"(and |but )?what if (they|it|that) (say no|refuse|still)|then what)\b",
    re.IGNORECASE,
)
_RESUME = re.compile(r"\b(carry on|continue|keep going|go on|where were we|back to where we were)\b", re.IGNORECASE)


# "Have you already had mediation, or decided not to have it?": deciding against it is a yes.
_DECLINED = re.compile(
    r"^\W*(we|i)( have|'ve)? (decided|chose|chosen|said no|turned (it|them) down|declined|didn'?t want|did not want)\b",
    re.IGNORECASE,
)


def declined(text: str) -> bool:
    return bool(_DECLINED.search(text))


def answer_to_yes_no(text: str) -> str | None:
    """YES or NO when the reply starts with one (with or without details after), or DONT_KNOW."""
    if _NO.search(text):
        return NO
    if _YES.search(text):
        return YES
    if _DONT_KNOW.search(text):
        return DONT_KNOW
    return None


def doesnt_know(text: str) -> bool:
    return bool(_DONT_KNOW.search(text))


def asks_what_next(text: str) -> bool:
    return bool(_NEXT.search(text))


def asks_to_carry_on(text: str) -> bool:
    return bool(_RESUME.search(text))


# "its dated 23 november, we havent got a certificate": the next question answered in the same message.
_NOT_BUT = r"(?:(?!\bbut\b)[\w' ]){0,25}"  # "mediation didnt happen but i have a certificate" is a yes
_NO_CERTIFICATE = re.compile(
    rf"\b(no|not|never|haven'?t|havent|don'?t|dont|didn'?t|didnt|without)\b{_NOT_BUT}\bcertificate\b|"
    r"\bcertificate\b[\w' ]{0,15}\b(hasn'?t|hasnt|has not|not|never|didn'?t|didnt|isn'?t|isnt)\b",
    re.IGNORECASE,
)
_HAS_CERTIFICATE = re.compile(
    r"\b(got|have|had|received|given)\b[\w' ]{0,20}\bcertificate\b|\bcertificate\b[\w' ]{0,20}\b(came|arrived|dated)\b",
    re.IGNORECASE,
)
# "do we have to get a certificate?" asks; it does not say.
_ASKS_ABOUT_CERTIFICATE = re.compile(r"\bcertificate\b[^.!?]*\?", re.IGNORECASE)


def says_about_certificate(text: str) -> str | None:
    """NO when the message says there is no mediation certificate, YES when it says there is one."""
    if _ASKS_ABOUT_CERTIFICATE.search(text):
        return None
    if _NO_CERTIFICATE.search(text):
        return NO
    if _HAS_CERTIFICATE.search(text):
        return YES
    return None
