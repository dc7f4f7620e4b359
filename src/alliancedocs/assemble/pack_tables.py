"""Generated tables for the bilateral schedule packs: service lines, KPIs, contract value.

Each builder is a pure function ``(answers, contract) -> Table``: the same answers always
give the same table. ``@table:pack-service-lines``, ``@table:pack-kpis`` and
``@table:pack-contract-value`` in ``clauses/pack/`` name them; :data:`PACK_TABLES` maps
those names to the builders.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..consistency import KPI_TABLE_HEADER, format_money
from ..docmodel import Cell, Run, Table
from ..model import Answers
from ..model.contracts import Overlay, ServiceContract
from ..model.performance import Direction, Kpi

PackTableBuilder = Callable[[Answers, ServiceContract], Table]
"""A table builder for a pack: the answers and the provider's contract in, a table out."""

_OVERLAY_FORMS = {
    Overlay.nhs_standard_full: "NHS Standard Contract (full-length)",
    Overlay.nhs_standard_shorter: "NHS Standard Contract (shorter-form)",
    Overlay.non_nhs: "the commissioning council's own terms",
}

_DIRECTION_WORDS = {
    Direction.higher_is_better: "Higher",
    Direction.lower_is_better: "Lower",
}


def _cell(text: str, *, bold: bool = False, shade: bool = False) -> Cell:
    """Return a one-paragraph cell holding ``text``."""
    return Cell(paragraphs=((Run(text),),), bold=bold, shade=shade)


def _header(*titles: str) -> tuple[Cell, ...]:
    """Return a bold, shaded header row."""
    return tuple(_cell(t, bold=True, shade=True) for t in titles)


def _number(value: Decimal) -> str:
    """Return ``value`` without trailing zeros or exponent: ``12.50`` → ``12.5``."""
    text = f"{value.normalize():f}"
    return text


def _with_unit(value: Decimal, unit: str) -> str:
    """Return a threshold with its unit: ``85%`` or ``12 people``."""
    number = _number(value)
    return f"{number}{unit}" if unit in {"%", "£"} else f"{number} {unit}"


def pack_service_lines(answers: Answers, contract: ServiceContract) -> Table:
    """Return the table of the provider's service lines within the alliance services."""
    rows = tuple(
        (_cell(str(index)), _cell(line.name), _cell(line.description))
        for index, line in enumerate(contract.service_lines, start=1)
    )
    return Table(
        header=_header("No.", "Service line", "What the provider delivers"),
        rows=rows,
        widths=(1, 4, 9),
    )


def _kpi_row(kra_name: str, kpi: Kpi) -> tuple[Cell, ...]:
    """Return one row of the KPI table."""
    return (
        _cell(kra_name),
        _cell(kpi.measure),
        _cell(_DIRECTION_WORDS[kpi.direction]),
        _cell(_with_unit(kpi.thresholds.mcos, kpi.unit)),
        _cell(kpi.reporting_frequency.value.replace("-", " ").capitalize()),
        _cell(kpi.data_source),
    )


def pack_kpis(answers: Answers, contract: ServiceContract) -> Table:
    """Return the alliance KPIs as the provider's local quality requirements.

    The rows are exactly the KPIs of the alliance, in the agreement's order: the provider's
    own KPIs (if any) are never mixed in here, so the table always mirrors the alliance.
    """
    rows = tuple(_kpi_row(kra.name, kpi) for kra in answers.kras for kpi in kra.kpis)
    return Table(
        header=_header(
            "Key Result Area", KPI_TABLE_HEADER, "Better", "MCOS", "Reported", "Data source"
        ),
        rows=rows,
        widths=(3, 5, 2, 2, 2, 4),
    )


def pack_contract_value(answers: Answers, contract: ServiceContract) -> Table:
    """Return the provider's expected annual contract value and its place in the budget."""
    provider = answers.party(contract.provider)
    commissioner = answers.party(contract.commissioner) if contract.commissioner else None
    budget = answers.alliance.annual_budget
    share = (
        (contract.expected_annual_value * 100 / budget).quantize(Decimal("0.1"))
        if budget
        else Decimal(0)
    )
    rows: list[tuple[Cell, ...]] = [
        (_cell("Provider"), _cell(provider.legal_name)),
    ]
    if commissioner is not None:
        rows.append((_cell("Commissioner"), _cell(commissioner.legal_name)))
    rows.append((_cell("Form of contract"), _cell(_OVERLAY_FORMS.get(contract.overlay, ""))))
    if contract.contract_reference:
        rows.append((_cell("Contract reference"), _cell(contract.contract_reference)))
    rows.extend(
        [
            (
                _cell("Expected annual contract value", bold=True),
                _cell(format_money(contract.expected_annual_value), bold=True),
            ),
            (_cell("Alliance annual budget"), _cell(format_money(budget))),
            (_cell("Share of the alliance annual budget"), _cell(f"{_number(share)}%")),
        ]
    )
    return Table(header=_header("Item", "Value"), rows=tuple(rows), widths=(5, 7))


PACK_TABLES: dict[str, PackTableBuilder] = {
    "pack-service-lines": pack_service_lines,
    "pack-kpis": pack_kpis,
    "pack-contract-value": pack_contract_value,
}
"""The pack tables by the name used after ``@table:`` in clause text."""
