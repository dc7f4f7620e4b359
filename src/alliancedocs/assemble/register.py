"""The register of service contracts: the one list both the agreement and the packs come from.

The agreement's Schedule (the register table) and the build's schedule packs both read
:func:`register`, so a provider listed in the register always has the pack the register
names, and no pack exists that the register does not list.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Answers
from ..model.contracts import Overlay, ServiceContract
from ..model.parties import Party


@dataclass(frozen=True)
class RegisterEntry:
    """One provider's contract, the commissioner holding it, and its pack's file name."""

    contract: ServiceContract
    provider: Party
    commissioner: Party | None

    @property
    def pack_path(self) -> str | None:
        """Return the pack's path in the build folder, or ``None`` when the provider has no
        separate contract (overlay ``none``)."""
        if self.contract.overlay is Overlay.none:
            return None
        return f"schedules/{self.provider.id}.docx"


def register(answers: Answers) -> tuple[RegisterEntry, ...]:
    """Return the register, one entry per service contract, in answers order."""
    return tuple(
        RegisterEntry(
            contract=contract,
            provider=answers.party(contract.provider),
            commissioner=answers.party(contract.commissioner) if contract.commissioner else None,
        )
        for contract in answers.contracts.service_contracts
    )
