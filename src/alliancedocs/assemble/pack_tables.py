"""Generated tables for the bilateral schedule packs: service lines, KPIs, contract value.

Each builder takes the :class:`~.tables.TableContext` of a pack (the answers and the
provider's service contract) and returns a :class:`~alliancedocs.docmodel.Table`. Clause
text in ``clauses/pack/`` names them as ``@table:pack-service-lines``, ``@table:pack-kpis``
and ``@table:pack-contract-value``; :data:`PACK_BUILDERS` maps those names to the builders
and :mod:`.registry` merges them into its ``BUILDERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from .. import labels
from ..consistency import KPI_TABLE_HEADER
from ..docmodel import Table
from ..errors import LibraryError
from ..model.contracts import ServiceContract
from ..model.performance import Direction, Frequency, Kpi
from .cells import table
from .tables import TableContext

_MCOS_PREFIX = {
    Direction.higher_is_better: "at least",
    Direction.lower_is_better: "no more than",
}
"""How the MCOS cell says which way is better: the KPI must be at or beyond its MCOS."""

_FREQUENCY_WORDS = {
    Frequency.monthly: "Monthly",
    Frequency.quarterly: "Quarterly",
    Frequency.six_monthly: "Six-monthly",
    Frequency.annually: "Annually",
}


def _contract(ctx: TableContext, name: str) -> ServiceContract:
    """Return the pack's contract, or fail clearly if a pack table is used outside a pack."""
    if ctx.contract is None:
        raise LibraryError(f"@table:{name} can only be used in a schedule pack (clauses/pack/)")
    return ctx.contract


def _with_unit(value: Decimal, unit: str) -> str:
    """Return a threshold with its unit: ``85%``, ``50% of people``, ``£12.5`` or ``12 people``."""
    text = labels.number(value)
    if unit.startswith("%"):
        return f"{text}{unit}"
    if unit == "£":
        return f"£{text}"
    return f"{text} {unit}"


def pack_service_lines_table(ctx: TableContext) -> Table:
    """Return the provider's service lines within the alliance services, numbered."""
    contract = _contract(ctx, "pack-service-lines")
    rows = [
        (str(index), line.name, line.description)
        for index, line in enumerate(contract.service_lines, start=1)
    ]
    return table(("No.", "Service line", "What the provider delivers"), rows, (8, 30, 62))


def _kpi_row(kra_name: str, kpi: Kpi) -> tuple[str, ...]:
    """Return one row of the KPI table: KRA, measure, MCOS with direction, frequency, source.

    The MCOS cell carries the direction in words ("at least 50% of people supported", "no
    more than 8 admissions a year"), so the table needs no separate direction column.
    """
    return (
        kra_name,
        kpi.measure,
        f"{_MCOS_PREFIX[kpi.direction]} {_with_unit(kpi.thresholds.mcos, kpi.unit)}",
        _FREQUENCY_WORDS[kpi.reporting_frequency],
        kpi.data_source,
    )


def pack_kpis_table(ctx: TableContext) -> Table:
    """Return the alliance KPIs, which are the provider's local quality requirements.

    The rows are exactly the alliance's KPIs in the agreement's order. A provider's own
    KPIs (``contract.own_kpis``) never appear here: the clause that keeps them lists them
    separately, so this table always mirrors the alliance.
    """
    _contract(ctx, "pack-kpis")
    rows = [_kpi_row(kra.name, kpi) for kra in ctx.answers.kras for kpi in kra.kpis]
    return table(
        ("Key Result Area", KPI_TABLE_HEADER, "Lowest acceptable result (MCOS)", "Reported",
         "Data source"),
        rows,
        (17, 29, 20, 12, 22),
    )


def pack_contract_value_table(ctx: TableContext) -> Table:
    """Return the provider's expected annual contract value and its share of the budget."""
    contract = _contract(ctx, "pack-contract-value")
    answers = ctx.answers
    provider = answers.party(contract.provider)
    budget = answers.alliance.annual_budget
    rows: list[tuple[str, ...]] = [("Provider", provider.legal_name)]
    if contract.commissioner:
        rows.append(("Commissioner", answers.party(contract.commissioner).legal_name))
    form = labels.label(contract.overlay)
    rows.append(("Form of contract", form[:1].upper() + form[1:]))
    if contract.contract_reference:
        rows.append(("Contract reference", contract.contract_reference))
    rows.append(("Expected annual contract value", labels.money(contract.expected_annual_value)))
    rows.append(("Alliance annual budget", labels.money(budget)))
    if budget:
        share = (contract.expected_annual_value * 100 / budget).quantize(Decimal("0.1"))
        rows.append(("Share of the alliance annual budget", labels.percent(share)))
    return table(("Item", "Value"), rows, (45, 55), unbroken_columns=(1,))


PackTableBuilder = Callable[[TableContext], Table]

PACK_BUILDERS: dict[str, PackTableBuilder] = {
    "pack-service-lines": pack_service_lines_table,
    "pack-kpis": pack_kpis_table,
    "pack-contract-value": pack_contract_value_table,
}
"""The pack tables by the name clause text uses after ``@table:``."""
