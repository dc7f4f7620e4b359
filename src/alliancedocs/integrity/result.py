"""The integrity report's data: flags, notes and the summary counts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..consistency import Finding as ConsistencyFinding
from ..flags import FlagId, Severity
from ..library.selection import ChosenVariant


@dataclass(frozen=True)
class Finding:
    """One reason, found in the answers or a clause choice, to raise a flag.

    Several findings with the same id become one :class:`Flag`.
    """

    id: FlagId
    detail: str
    locations: tuple[str, ...]


@dataclass(frozen=True)
class Flag:
    """A departure from a true alliance, as reported to reviewers.

    ``detail`` says what in the answers (or the chosen clauses) raised it; ``locations``
    holds answer paths such as ``governance.decision_rule`` and clause locations such as
    ``clause:decision-making/majority``. ``justification`` is set when the answers
    acknowledge the departure.
    """

    id: FlagId
    severity: Severity
    title: str
    detail: str
    true_alliance_position: str
    locations: tuple[str, ...]
    acknowledged: bool
    justification: str | None


class NoteKind(StrEnum):
    """What a note is about."""

    stale_acknowledgement = "stale-acknowledgement"
    """The answers acknowledge a departure that they do not contain."""
    uncapped_pain = "uncapped-pain"
    """The participants' overrun share has no cap: not watered down, but worth a look."""
    no_effect = "no-effect"
    """An answer that no document uses (such as an Alliance Manager at the strategic tier)."""
    defined_term_case = "defined-term-case"
    """Answer text that writes a defined term of the agreement in lower case."""
    party_legal_form = "party-legal-form"
    """A party whose ``kind`` contradicts the legal form its legal name shows."""
    contract_price = "contract-price"
    """Providers keep their contract prices and only the variance of the total is shared: a
    recognised NHS form, not in the departures catalogue, but short of open-book payment."""


@dataclass(frozen=True)
class Note:
    """Something reviewers should see that is not a departure from a true alliance."""

    kind: NoteKind
    flag_id: FlagId | None
    message: str
    locations: tuple[str, ...]
    hint: str = ""
    phrase: str = ""
    """The text as typed that the note is about, where it is part of a longer answer."""


@dataclass(frozen=True)
class IntegrityReport:
    """The flags raised for one set of answers, most severe first, any notes, and any
    inconsistencies across the document set."""

    flags: tuple[Flag, ...]
    notes: tuple[Note, ...] = ()
    consistency: tuple[ConsistencyFinding, ...] = ()
    """Inconsistencies between the agreement and the schedule packs (drafting defects, not
    departures from a true alliance), from :func:`alliancedocs.consistency.check_document_set`."""
    findings: tuple[Finding, ...] = ()
    """Every reason the rules found, one per rule and answer, before merging into flags."""
    chosen: tuple[ChosenVariant, ...] = ()
    """The clause variants chosen for every document, whose flags the report records."""

    def counts(self, acknowledged: bool) -> dict[Severity, int]:
        """Return how many flags of each severity are (or are not) acknowledged."""
        counts = dict.fromkeys(Severity, 0)
        for flag in self.flags:
            if flag.acknowledged is acknowledged:
                counts[flag.severity] += 1
        return counts

    @property
    def unacknowledged(self) -> tuple[Flag, ...]:
        """Return the flags the answers do not acknowledge."""
        return tuple(flag for flag in self.flags if not flag.acknowledged)

    def fails(self, threshold: Severity) -> bool:
        """Return whether any unacknowledged flag is at or above ``threshold``."""
        return any(flag.severity.rank >= threshold.rank for flag in self.unacknowledged)

    def flag(self, flag_id: FlagId) -> Flag | None:
        """Return the flag with ``flag_id``, or ``None`` if it was not raised."""
        return next((flag for flag in self.flags if flag.id is flag_id), None)
