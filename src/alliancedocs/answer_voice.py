"""Answer text that will not read in the draft's voice: reported, never rewritten.

Free-text answers reach the documents exactly as typed, so nothing here changes them. It
finds text a lawyer would mark up once it sits in the draft, and says where it is:

- ``defined-term-case``: a defined term of the agreement written in lower case, such as
  "the alliance leadership team" for the Alliance Leadership Team, "each financial year"
  for Financial Year or "all three providers" for the Providers, and a party's short name
  written in lower case ("the council" where a party is called "the Council");
- ``party-legal-form``: a party whose legal name shows its legal form (a community interest
  company, an NHS foundation trust) but whose ``kind`` says otherwise, so that the draft
  would describe it as something its name says it is not.

To keep false alarms rare, single-word terms are only matched in the curated phrases of
:data:`_WORD_PHRASES` (a determiner before the word, as in "the providers" or "each
party"); "other providers in the borough" is not matched. Answers that never reach the
draft (identifiers, names, addresses, the justification of an acknowledged departure) are
not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from .diagnostics import FieldPath
from .model import Answers
from .model.parties import BodyKind

TERM_CASE = "defined-term-case"
"""The code of a defined term written in lower case in answer text."""
LEGAL_FORM = "party-legal-form"
"""The code of a party whose ``kind`` contradicts the legal form its name shows."""
CODES = (TERM_CASE, LEGAL_FORM)
"""Every code this module reports."""

_NOT_PRINTED = frozenset({"id", "legal_name", "short_name", "registered_address",
                          "contract_reference", "registration", "signatory", "justification"})
"""Answer keys whose text is a name, an identifier or a reason given to reviewers, not
wording the draft reads as a sentence."""

_PERSON = frozenset({"name", "title"})
"""The keys that name a person (a member of the ALT or AMT, the Alliance Manager)."""

_IDENTIFIER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An answer that refers to another by its identifier (``provider: slam``), not prose."""

_NUMBER = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)"
_WORD_PHRASES: tuple[tuple[str, str, str], ...] = (
    ("Provider", "Providers",
     rf"\b(?:the|all|both|each|every|all {_NUMBER}|the {_NUMBER})\s+(providers?)\b"),
    ("Commissioner", "Commissioners",
     rf"\b(?:the|both|each|every|all|the {_NUMBER})\s+(commissioners?)\b"),
    ("Party", "Parties",
     rf"\b(?:the|all|both|each|every|no|all {_NUMBER}|the {_NUMBER})\s+(part(?:y|ies))\b"),
    ("Participant", "Participants",
     rf"\b(?:the|all|both|each|every|all {_NUMBER})\s+(participants?)\b"),
    ("Owner", "Owner", r"\bthe\s+(owner)\b"),
)
"""Single-word defined terms, with their plural, matched only after a determiner that shows
the word names the defined body: (term, plural, pattern whose group 1 is the word)."""


@dataclass(frozen=True)
class Found:
    """One answer that will not read in the draft's voice.

    ``phrase`` is the text as typed (the diagnostic points at it within the answer);
    ``code`` is :data:`TERM_CASE` or :data:`LEGAL_FORM`.
    """

    code: str
    path: FieldPath
    phrase: str
    message: str
    hint: str


def voice_findings(answers: Answers, terms: Iterable[str]) -> list[Found]:
    """Return every lower-case defined term and contradicted legal form in ``answers``.

    ``terms`` are the defined terms of the clause library (``Library.terms``); only those of
    two words or more are matched anywhere, the rest only through :data:`_WORD_PHRASES`.
    ``answers`` may be a draft: missing sections are skipped.
    """
    matchers = list(_matchers(answers, terms))
    names = {party.short_name for party in getattr(answers, "parties", None) or []}
    found: list[Found] = []
    for path, text in _printed_text(_sections(answers)):
        seen: set[tuple[int, int]] = set()
        here: list[tuple[int, Found]] = []
        for term, pattern in matchers:
            for span, typed in _matches(pattern, text):
                if typed == term or any(a < span[1] and span[0] < b for a, b in seen):
                    continue
                wanted = _cased_like(term, typed)
                if typed == wanted:
                    continue
                seen.add(span)
                defines = ("calls a party" if term in names else "defines the term")
                here.append((span[0], Found(
                    TERM_CASE, path, typed,
                    f"“{typed}” is written in lower case, but the agreement {defines} "
                    f"“{term}”, and this answer is printed in the draft exactly as typed",
                    f"if the answer means the defined term, write “{wanted}”; if it means "
                    "something else, reword it so that a reader cannot take it for the "
                    "defined term")))
        found.extend(f for _, f in sorted(here, key=lambda pair: pair[0]))
    found.extend(_legal_forms(answers))
    return found


@lru_cache(maxsize=20_000)
def _matches(pattern: re.Pattern[str], text: str) -> tuple[tuple[tuple[int, int], str], ...]:
    """Return the span and the text of group 1 of every match of ``pattern`` in ``text``.

    Cached, because the questionnaire evaluates a draft again at each save, when all but
    one or two of its answers are the same text as before.
    """
    return tuple((match.span(1), match.group(1)) for match in pattern.finditer(text))


def _matchers(answers: Answers, terms: Iterable[str]) -> Iterator[tuple[str, re.Pattern[str]]]:
    known = set(terms)
    for term in sorted(known, key=lambda t: (-len(t), t)):
        words = term.split()
        if len(words) < 2:
            continue
        stem = re.escape(term[:-1]) if term.endswith("s") else re.escape(term)
        body = stem.replace(r"\ ", r"\s+")
        yield term, re.compile(rf"\b({body}s?)\b", re.IGNORECASE)
    for term, _plural, pattern in _WORD_PHRASES:
        if term in known:
            yield term, re.compile(pattern, re.IGNORECASE)
    parties = getattr(answers, "parties", None) or []
    for party in parties:
        name = party.short_name
        if any(c.isupper() for c in name) and len(name) > 3:
            body = re.escape(name).replace(r"\ ", r"\s+")
            yield name, re.compile(rf"\b({body})\b", re.IGNORECASE)


def _cased_like(term: str, typed: str) -> str:
    """Return ``term`` in the form the typed text needs: plural if it is plural."""
    for singular, plural, _pattern in _WORD_PHRASES:
        if term == singular:
            return plural if typed.lower() in {plural.lower(), "parties"} else singular
    base = re.sub(r"\s+", " ", typed)
    if len(base) == len(term) + 1 and base.lower().endswith("s"):
        return term + "s"
    if len(base) == len(term) - 1:
        return term[:-1]
    return term


def _sections(answers: Answers) -> dict[str, Any]:
    """Return the sections ``answers`` holds (a draft may lack some) as plain data."""
    plain: dict[str, Any] = {}
    for name in Answers.model_fields:
        value = getattr(answers, name, None)
        if isinstance(value, BaseModel):
            plain[name] = value.model_dump(mode="python", exclude_none=True)
        elif isinstance(value, list):
            plain[name] = [v.model_dump(mode="python", exclude_none=True)
                           if isinstance(v, BaseModel) else v for v in value]
    return plain


def _printed_text(data: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Yield (path, text) for every plain string answer the draft may print."""
    if isinstance(data, dict):
        person = "party" in data or path[-1:] == ("alliance_manager",)
        for key, value in data.items():
            if key in _NOT_PRINTED or key == "acknowledged_departures" or (
                    person and key in _PERSON):
                continue
            yield from _printed_text(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _printed_text(value, (*path, index))
    elif type(data) is str and not _IDENTIFIER.fullmatch(data):
        yield path, data


_FORMS: tuple[tuple[re.Pattern[str], BodyKind, str], ...] = (
    (re.compile(r"(?:\bC\.?I\.?C\.?|\bcommunity interest company)\s*$", re.IGNORECASE),
     BodyKind.community_interest_company, "a community interest company"),
    (re.compile(r"\bNHS foundation trust\s*$", re.IGNORECASE),
     BodyKind.nhs_foundation_trust, "an NHS foundation trust"),
)


def _legal_forms(answers: Answers) -> Iterator[Found]:
    for index, party in enumerate(getattr(answers, "parties", None) or []):
        for pattern, kind, form in _FORMS:
            match = pattern.search(party.legal_name)
            if match and party.kind is not kind:
                yield Found(
                    LEGAL_FORM, ("parties", index, "kind"), party.kind.value,
                    f"{party.legal_name}'s name shows that it is {form}, but its kind is "
                    f"`{party.kind.value}`, so the draft describes it by that kind and not "
                    "by its legal form",
                    f"set `kind: {kind.value}`: the parties clause describes each party by "
                    "its legal form, with its registration; describe its character (such as "
                    "user-led) in the answers that say what it does")
