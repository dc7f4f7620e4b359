"""Every generated table, by the name clause text uses after ``@table:``."""

from __future__ import annotations

from collections.abc import Callable

from ..docmodel import Table
from . import pack_tables, tables
from .tables import TableContext

TableBuilder = Callable[[TableContext], Table]

BUILDERS: dict[str, TableBuilder] = {
    "parties": tables.parties_table,
    "alt-members": tables.alt_members_table,
    "amt-members": tables.amt_members_table,
    "reserved-powers": tables.reserved_powers_table,
    "packages-of-works": tables.packages_of_works_table,
    "performance-levels": tables.performance_levels_table,
    "kra-weights": tables.kra_weights_table,
    "kra-framework": tables.kra_framework_table,
    "service-contracts-register": tables.service_contracts_register_table,
    "signatures": tables.signatures_table,
    "risk-worked-example-cost": tables.risk_worked_example_cost_table,
    "risk-worked-example-pool": tables.risk_worked_example_pool_table,
    "risk-worked-example-combined-inputs": tables.risk_worked_example_combined_inputs_table,
    "risk-worked-example-combined": tables.risk_worked_example_combined_table,
    **pack_tables.PACK_BUILDERS,
}
