"""Tables generated from the answers for the alliance agreement, by the names clause text uses.

Each builder takes a :class:`TableContext` and returns a :class:`~alliancedocs.docmodel.Table`.
The pack tables live in :mod:`.pack_tables`; :data:`BUILDERS` in :mod:`.registry` holds both.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import labels
from ..docmodel import Table
from ..model import Answers
from ..model.contracts import Overlay, ServiceContract
from ..model.parties import Party
from ..model.performance import LEVELS, Direction, Level
from ..riskshare import (
    SCENARIO_PERCENTS,
    CombinedYear,
    CostKind,
    PoolRow,
    WorkedExample,
    worked_example,
)
from .cells import cell, table
from .register import register


@dataclass(frozen=True)
class TableContext:
    """What a table builder may read: the answers, and for a pack, its service contract."""

    answers: Answers
    contract: ServiceContract | None = None


LEVEL_MEANINGS: dict[Level, str] = {
    Level.gamebreaking: "Possible, but when the level is set nobody knows how to reach it; "
    "reaching it needs new thinking.",
    Level.stretch: "The Parties know how to reach it, but only through systemic and repeated "
    "success.",
    Level.above_mcos: "Better than expected, without being exceptional.",
    Level.mcos: "The minimum performance {commissioners} will accept, in line with the best in "
    "class.",
    Level.below_mcos: "Below expectations.",
    Level.poor: "Unacceptable performance with a significant impact, arising from systemic "
    "and repeated failure.",
    Level.failure: "A significant, even catastrophic, impact that nobody can foresee when the "
    "level is set.",
}


def _registration(party: Party) -> str:
    reg = party.registration
    kind = labels.label(party.kind)
    parts = [kind[:1].upper() + kind[1:]]
    if reg.company_number:
        parts.append(f"company number {reg.company_number}")
    if reg.charity_number:
        parts.append(f"registered charity number {reg.charity_number}")
    if reg.other:
        parts.append(reg.other)
    return "\n".join(parts)


def parties_table(ctx: TableContext) -> Table:
    """Return the parties: legal and short names, kind and registration, address and role."""
    rows = [
        (
            f"{p.legal_name}\n(“{p.short_name}”)",
            _registration(p),
            p.registered_address,
            labels.label(p.role) + ("" if p.alliance_member else "\n(not an alliance member)"),
        )
        for p in ctx.answers.parties
    ]
    return table(("Party", "Kind and registration", "Registered address", "Role"), rows,
                 (28, 25, 28, 19))


def alt_members_table(ctx: TableContext) -> Table:
    """Return the Alliance Leadership Team: party, member, role, authority, and the chair."""
    alt = ctx.answers.governance.alt
    rows = [
        (
            ctx.answers.party(m.party).short_name,
            m.name + (" (Chair)" if m.party == alt.chair else ""),
            m.role,
            "Yes" if m.delegated_authority else "No: must refer back",
        )
        for m in alt.members
    ]
    return table(("Party", "Member", "Role", "Authority to bind"), rows, (25, 25, 30, 20))


def amt_members_table(ctx: TableContext) -> Table:
    """Return the Alliance Management Team, led by the Alliance Manager."""
    gov = ctx.answers.governance
    rows: list[tuple[str, str]] = []
    if gov.alliance_manager is not None:
        manager = gov.alliance_manager
        who = f"Alliance Manager{f' ({manager.name})' if manager.name else ''}"
        rows.append((ctx.answers.party(manager.employed_by).short_name, who))
    rows.extend((ctx.answers.party(m.party).short_name, m.role) for m in gov.amt)
    return table(("Party", "Role"), rows, (40, 60))


def reserved_powers_table(ctx: TableContext) -> Table:
    """Return the commissioner's reserved matters and the statutory basis of each.

    When no matter has a statutory basis the table lists the matters alone (the clause text
    says that none is reserved on a statutory basis); when only some have one, a matter
    without one is marked as such.
    """
    powers = ctx.answers.governance.reserved_powers
    if not any(r.statutory_basis for r in powers):
        return table(("Reserved matter",), [(r.matter,) for r in powers], (100,))
    rows = [(r.matter, r.statutory_basis or "No statutory basis given") for r in powers]
    return table(("Reserved matter", "Statutory basis"), rows, (55, 45))


def packages_of_works_table(ctx: TableContext) -> Table:
    """Return the packages of works of a framework-tier alliance."""
    answers = ctx.answers
    rows = [
        (pkg.name, pkg.scope, labels.join_names([answers.party(m).short_name for m in pkg.members]))
        for pkg in answers.governance.packages_of_works
    ]
    return table(("Package of works", "Scope", "Parties delivering it"), rows, (25, 45, 30))


def performance_levels_table(ctx: TableContext) -> Table:
    """Return the seven performance levels with their meaning and score."""
    scores = ctx.answers.risk_share.level_scores
    who = "the Commissioner" if len(ctx.answers.commissioners) == 1 else "the Commissioners"
    rows = [
        (labels.label(level), LEVEL_MEANINGS[level].format(commissioners=who),
         labels.number(scores.score(level), signed=True))
        for level in LEVELS
    ]
    return table(("Performance Level", "Meaning", "Score"), rows, (22, 63, 15))


def kra_weights_table(ctx: TableContext) -> Table:
    """Return the KRAs with their description, number of KPIs and weight."""
    kras = ctx.answers.kras
    rows: list[tuple[str, str, str, str]] = [
        (kra.name, kra.description or "", str(len(kra.kpis)), str(kra.weight)) for kra in kras
    ]
    rows.append(("Total", "", str(sum(len(k.kpis) for k in kras)),
                 str(sum(k.weight for k in kras))))
    return table(("Key Result Area", "Description", "KPIs", "Weight"), rows, (28, 52, 8, 12))


def kra_framework_table(ctx: TableContext) -> Table:
    """Return every KPI, grouped by KRA, with its threshold for each performance level."""
    # A soft hyphen lets the longest level name break inside its narrow column.
    header = ("KRA and KPI", *(labels.label(level).replace("Gamebreaking", "Game\u00adbreaking")
                               for level in LEVELS))
    rows = []
    groups = []
    for kra in ctx.answers.kras:
        groups.append(len(rows))
        rows.append((cell(f"{kra.name} (weight {kra.weight})", bold=True, shade=True),
                     *(cell("", shade=True) for _ in range(len(header) - 1))))
        for kpi in kra.kpis:
            better = "Higher" if kpi.direction is Direction.higher_is_better else "Lower"
            detail = (f"{kpi.measure}\n{better} is better. Unit: {kpi.unit}. Source: "
                      f"{kpi.data_source}. Reported {labels.label(kpi.reporting_frequency)}.")
            rows.append((detail,
                         *(labels.number(kpi.thresholds.value(level)) for level in LEVELS)))
    return table(header, rows, (28, 12, *(10,) * (len(LEVELS) - 1)), group_rows=groups,
                 unbroken_columns=range(1, len(header)))


def service_contracts_register_table(ctx: TableContext) -> Table:
    """Return the register of service contracts: provider, commissioner, form, value, and
    whether a schedule pack aligns the contract with this agreement (never a file path:
    the register is operative text)."""
    entries = register(ctx.answers)
    # With every commissioner outside the alliance, nobody pays under this agreement alone.
    outside = not any(c.alliance_member for c in ctx.answers.commissioners)
    rows: list[tuple[str, ...]] = [
        (e.provider.short_name, e.commissioner.short_name if e.commissioner else "None",
         "no separate contract" if outside and e.contract.overlay is Overlay.none
         else labels.label(e.contract.overlay), labels.money(e.contract.expected_annual_value),
         "Yes" if e.pack_path else "None: no separate contract")
        for e in entries
    ]
    total = sum((e.contract.expected_annual_value for e in entries), Decimal(0))
    rows.append(("Total", "", "", labels.money(total), ""))
    return table(("Provider", "Commissioner", "Contract form", "Expected annual value",
                  "Schedule pack"), rows, (20, 18, 25, 17, 20), unbroken_columns=(3,))


SIGNATURE_ROW_HEIGHT = 62
"""Least height of a signature row in points (about 22 mm): room to sign by hand."""


def signatures_table(ctx: TableContext) -> Table:
    """Return a signature block for every party that signs as an alliance member."""
    rows = [
        (f"Signed for and on behalf of {p.legal_name}",
         f"{p.signatory.name}\n{p.signatory.title}", "", "")
        for p in ctx.answers.parties
        if p.alliance_member
    ]
    return table(("Party", "Name and title", "Signature", "Date"), rows, (30, 24, 31, 15),
                 row_height=SIGNATURE_ROW_HEIGHT)


def risk_worked_example_cost_table(ctx: TableContext) -> Table:
    """Return the illustrative cost scenarios computed from the answers' risk share."""
    example = worked_example(ctx.answers)
    scenarios = example.scenarios
    header = ("", *(f"{'Underrun' if s.outcome.kind is CostKind.underrun else 'Overrun'} of "
                    f"{labels.percent(s.percent_of_target)}" for s in scenarios))

    def row(title: str, values: list[str]) -> tuple[str, ...]:
        return (title, *values)

    outcomes = [s.outcome for s in scenarios]
    target = ("Target Outturn Cost (the control total)"
              if ctx.answers.risk_share.payment.measured_against.value == "control-total"
              else "Target Outturn Cost")
    rows = [
        row(target, [labels.money(o.target_outturn_cost) for o in outcomes]),
        row("Actual Cost", [labels.money(o.actual_cost) for o in outcomes]),
        row("Underrun or Overrun", [labels.money(o.variance) for o in outcomes]),
        row("Participants' share before any cap",
            [labels.money(o.participants_share) for o in outcomes]),
        row("Participants' total (gain or pain)",
            [labels.money(o.participants_total) + (" (capped)" if o.capped else "")
             for o in outcomes]),
    ]
    for index, participant in enumerate(example.terms.participants):
        rows.append(row(f"  {participant.name}",
                        [labels.money(o.participant_amounts[index].amount) for o in outcomes]))
    rows.append(row(f"{example.terms.owner_name} (Owner)",
                    [labels.money(o.owner_total) for o in outcomes]))
    if any(o.pool_total for o in outcomes):
        rows.append(row("Paid into the Performance Pool",
                        [labels.money(o.pool_total) for o in outcomes]))
    return table(header, rows, (34, *(22,) * len(scenarios)),
                 unbroken_columns=range(1, len(header)))


def _combined_year(ctx: TableContext) -> tuple[WorkedExample, CombinedYear]:
    example = worked_example(ctx.answers)
    if example.combined is None:
        raise ValueError("the answers have no year of overrun and clawback to illustrate")
    return example, example.combined


def _score(value: Decimal) -> str:
    """Return a score as the tables print it: signed, exact to two places or marked as
    rounded for display (the calculation itself is never rounded)."""
    shown = value.quantize(Decimal("0.01"))
    if shown == value:
        return labels.number(value, signed=True)
    return f"{labels.number(shown, signed=True)} (rounded)"


def _level(row: PoolRow) -> str:
    """Return the level column of a KRA row: the assumed level, or the level a cost KRA
    reaches at the Actual Cost of the example."""
    if row.measured is None:
        return labels.label(row.level)
    return f"{labels.label(row.level)}, at an Actual Cost of {labels.percent(row.measured)} " \
           "of the TOC"


def risk_worked_example_combined_inputs_table(ctx: TableContext) -> Table:
    """Return the figures of the illustrative year with an overrun and a pool clawback: the
    overrun, the score of each KRA and the clawback that the Weighted Score gives."""
    example, year = _combined_year(ctx)
    pool = example.terms.pool_amount or Decimal(0)
    share = labels.percent(example.terms.overrun_participants_percent)
    overrun = SCENARIO_PERCENTS[1][1]
    rows = [
        (f"Overrun of {labels.percent(overrun)} of the TOC (an Actual Cost of "
         f"{labels.percent(100 + overrun)} of the TOC)", labels.money(year.cost.variance)),
        (f"Participants' share of it ({share}), before their caps",
         labels.money(year.cost.participants_share)),
    ]
    rows.extend((f"{r.kra_name} (weight {r.weight}): {_level(r)}, scoring {_score(r.score)}",
                 _score(r.weighted)) for r in example.combined_rows)
    rows.extend([
        ("Weighted Score", _score(year.weighted_score)),
        (f"Clawback due ({labels.money(pool)} × {labels.number(-year.weighted_score)} ÷ 100)",
         labels.money(year.clawback)),
    ])
    return table(("The year illustrated", "Amount"), rows, (75, 25), unbroken_columns=(1,))


def risk_worked_example_combined_table(ctx: TableContext) -> Table:
    """Return how the overrun and the clawback of the illustrative year fall on each
    participant, each within its own cap, and on the owner, with totals."""
    example, year = _combined_year(ctx)
    rows: list[tuple[str, ...]] = [
        (a.name, labels.money(a.cap or Decimal(0)), labels.money(a.overrun_share),
         labels.money(a.clawback_due), labels.money(a.clawback_paid), labels.money(a.total))
        for a in year.amounts]
    rows.append(("Participants together",
                 labels.money(sum((a.cap or Decimal(0) for a in year.amounts), Decimal(0))),
                 labels.money(year.cost.participants_total), labels.money(year.clawback),
                 labels.money(year.clawback_paid),
                 labels.money(year.cost.participants_total + year.clawback_paid)))
    rows.append((f"{example.terms.owner_name} (Owner)", "No cap",
                 labels.money(year.cost.owner_total),
                 "Nil", labels.money(year.clawback_unrecovered),
                 labels.money(year.cost.owner_total + year.clawback_unrecovered)))
    rows.append(("Overrun and clawback together", "", labels.money(year.cost.variance),
                 labels.money(year.clawback), labels.money(year.clawback),
                 labels.money(year.cost.variance + year.clawback)))
    own = ("Its Margin (its cap)"
           if ctx.answers.risk_share.pain_cap.basis.value == "margin" else "Its cap")
    return table(("Party", own, "Share of the overrun", "Share of the clawback due",
                  "Clawback borne", "Total borne"),
                 rows, (25, 15, 15, 15, 15, 15), unbroken_columns=range(1, 6))


def risk_worked_example_pool_table(ctx: TableContext) -> Table:
    """Return the illustrative performance pool payment for levels assigned to the KRAs."""
    pool = worked_example(ctx.answers).pool
    if pool is None:
        raise ValueError("the answers have no performance pool to illustrate")
    rows: list[tuple[str, ...]] = [
        (r.kra_name, str(r.weight), _level(r), _score(r.score), _score(r.weighted))
        for r in pool.rows
    ]
    score = _score(pool.weighted_score)
    rows.append(("Weighted score", "", "", "", score))
    if pool.from_underrun:
        rows.append((f"Performance Pool: {labels.money(pool.pool_amount)} plus "
                     f"{labels.money(pool.from_underrun)} from the underrun of "
                     f"{labels.percent(SCENARIO_PERCENTS[0][1])}", "", "", "",
                     labels.money(pool.total)))
    factor = labels.number(pool.weighted_score)
    rows.append((f"Pool payment ({labels.money(pool.total)} × {factor} ÷ 100)", "", "", "",
                 labels.money(pool.payment)))
    rows.extend((f"  {a.name}", "", "", "", labels.money(a.amount))
                for a in pool.participant_amounts)
    return table(("Key Result Area", "Weight", "Illustrative level", "Score", "Weighted"),
                 rows, (36, 12, 20, 14, 18), unbroken_columns=(3, 4))
