"""The result of choosing one variant per clause: what the integrity engine and manifest read."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..flags import FlagId


class Position(StrEnum):
    """How a clause variant stands against the true-alliance position."""

    standard = "standard"
    fallback = "fallback"
    watered_down = "watered-down"


@dataclass(frozen=True)
class ChosenVariant:
    """The variant chosen for one clause of one document.

    ``document`` is ``agreement`` or ``pack:<provider-id>``.
    """

    document: str
    clause_id: str
    variant_id: str
    position: Position
    flag: FlagId | None

    @property
    def location(self) -> str:
        """Return the report location, such as ``clause:decision-making/majority``."""
        return f"clause:{self.clause_id}/{self.variant_id}"
