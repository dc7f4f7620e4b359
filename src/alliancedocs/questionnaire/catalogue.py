"""The question catalogue: the wording, order, grouping and conditions the model lacks.

Each question is keyed by a field pattern from :mod:`.fields` (``parties[].signatory.name``).
Its type, choices, limits, default and help come from the answers schema; the catalogue adds
only a plain-English question, the page and section it belongs to, which parties a reference
may name, and the condition under which it is asked. A test checks that every field of the
schema has exactly one question here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from ..flags import CATALOGUE
from .fields import FieldSpec, schema_fields


@dataclass(frozen=True)
class When:
    """A condition: the answer at ``pattern`` is one of ``values``.

    ``[]`` in ``pattern`` stands for the indexes of the item the page is about.
    """

    pattern: str
    values: tuple[object, ...]
    reason: str
    """The condition in words, shown where a question is asked although it need not be."""


@dataclass(frozen=True)
class Question:
    """One question: a field of the answers in plain English."""

    pattern: str
    label: str
    hint: str = ""
    """Extra guidance in plain English, shown before the help the model gives."""
    refers: str | None = None
    """For an identifier: which parties it may name (``party``, ``commissioner``,
    ``provider`` or ``participant``)."""
    when: When | None = None

    @property
    def spec(self) -> FieldSpec:
        """Return the schema's description of the field this question asks for."""
        return schema_fields()[self.pattern]


@dataclass(frozen=True)
class Page:
    """One topic: a page of questions about one mapping of the answers.

    ``item`` is the pattern of the repeatable group whose items this page edits (such as
    ``parties``), or ``None`` for a page about a fixed part of the answers.
    """

    slug: str
    title: str
    questions: tuple[Question, ...]
    item: str | None = None
    item_name: str = ""
    """What one item is called, as in "Add a party"."""
    item_title: tuple[str, ...] = ()
    """The keys, in order of preference, whose answer names an item in a list."""
    when: When | None = None
    intro: str = ""


@dataclass(frozen=True)
class Section:
    """A section of the task list: one or more top-level keys of the answers, and pages."""

    slug: str
    title: str
    keys: tuple[str, ...]
    pages: tuple[Page, ...] = field(default=())


Q = Question
_SERVICE_TIERS = When("governance.tier", ("service", "framework"),
                      "only needed at the service and framework tiers")

SECTIONS: tuple[Section, ...] = (
    Section("alliance", "About the alliance", ("alliance",), (
        Page("alliance", "The alliance", (
            Q("alliance.name", "What is the alliance called?"),
            Q("alliance.short_name", "Is there a shorter name used in the text? (optional)"),
            Q("alliance.geography", "Which area does the alliance serve? (optional)"),
            Q("alliance.service_scope", "Which services does the alliance deliver, and for "
              "whom?"),
            Q("alliance.vision", "What is the alliance's vision and purpose, in one line?"),
            Q("alliance.objectives", "What are the alliance's objectives? (optional)",
              "Write one objective per line."),
        )),
        Page("outcomes", "Outcomes", (
            Q("alliance.outcomes.statements", "What outcomes should the alliance deliver?",
              "Write one outcome per line."),
            Q("alliance.outcomes.co_produced", "Did people who use the services help set "
              "these outcomes?"),
            Q("alliance.outcomes.co_produced_with", "Who co-produced them, and how?",
              when=When("alliance.outcomes.co_produced", (True,),
                        "only needed when the outcomes were co-produced")),
        )),
        Page("dates-and-budget", "Dates and budget", (
            Q("alliance.agreement_date", "What is the date of the agreement?"),
            Q("alliance.commencement_date", "When does the alliance start delivering the "
              "services?"),
            Q("alliance.term_years", "How many years does the agreement run?"),
            Q("alliance.extension_years", "By how many further years may the parties extend "
              "it?"),
            Q("alliance.annual_budget", "What is the total annual budget for the services?"),
        )),
    )),
    Section("parties", "Parties", ("parties",), (
        Page("parties", "Parties", (
            Q("parties", "Parties",
              "Add every commissioner and every provider, one at a time."),
        )),
        Page("party", "Party", (
            Q("parties[].legal_name", "What is the organisation's full legal name?"),
            Q("parties[].short_name", "What is it called in the body of the agreement?"),
            Q("parties[].id", "Give it a short reference"),
            Q("parties[].role", "Does it commission or provide the services?"),
            Q("parties[].kind", "What kind of organisation is it?"),
            Q("parties[].registration.company_number", "Companies House number (optional)"),
            Q("parties[].registration.charity_number", "Charity number (optional)"),
            Q("parties[].registration.other", "Other identifier, such as an ODS code "
              "(optional)"),
            Q("parties[].registered_address", "What is its registered address?"),
            Q("parties[].signatory.name", "Who signs the agreement for it?"),
            Q("parties[].signatory.title", "What is the signatory's job title?"),
            Q("parties[].alliance_member", "Does it sign as a full member of the alliance?"),
            Q("parties[].risk_share_role", "What is its place in the risk share?"),
            Q("parties[].margin", "What is its annual margin (overhead and profit)?",
              when=When("parties[].risk_share_role", ("participant",),
                        "only needed for a participant in the risk share")),
        ), item="parties", item_name="party", item_title=("legal_name", "short_name", "id")),
    )),
    Section("governance", "Governance", ("governance",), (
        Page("decisions", "Decisions", (
            Q("governance.tier", "How far does the alliance integrate delivery?"),
            Q("governance.decision_rule", "How does the leadership team take key decisions?"),
            Q("governance.variation_rule", "Who may vary the scope, the target cost or the "
              "agreement?"),
        )),
        Page("leadership-team", "Alliance Leadership Team", (
            Q("governance.alt.members", "Members of the leadership team",
              "Add one senior member for each party, the commissioner included."),
            Q("governance.alt.chair", "Which party's member chairs the team?",
              refers="party"),
            Q("governance.alt.chair_rotates_months", "If the chair rotates, how many months "
              "does each chair serve? (optional)"),
            Q("governance.alt.meeting_cadence", "How often does the team meet?"),
        )),
        Page("leadership-member", "Leadership team member", (
            Q("governance.alt.members[].party", "Which party does this member represent?",
              refers="party"),
            Q("governance.alt.members[].name", "What is the member's name?"),
            Q("governance.alt.members[].role", "What is their job title?"),
            Q("governance.alt.members[].delegated_authority", "Can they bind their "
              "organisation at the meeting?"),
        ), item="governance.alt.members", item_name="member",
            item_title=("name", "party")),
        Page("management", "Alliance Manager and management team", (
            Q("governance.alliance_manager.employed_by", "Which party employs or hosts the "
              "Alliance Manager?", refers="party"),
            Q("governance.alliance_manager.name", "What is the Alliance Manager's name, if "
              "appointed? (optional)"),
            Q("governance.amt", "Members of the management team"),
            Q("governance.amt_meeting_cadence", "How often does the management team meet?"),
            Q("governance.integrated_team", "Describe the integrated delivery team "
              "(optional)"),
        ), when=_SERVICE_TIERS),
        Page("management-member", "Management team member", (
            Q("governance.amt[].party", "Which party provides this member?", refers="party"),
            Q("governance.amt[].role", "What subject do they bring, such as finance?"),
        ), item="governance.amt", item_name="management team member",
            item_title=("role", "party")),
        Page("packages", "Packages of works", (
            Q("governance.packages_of_works", "Packages of works"),
        ), when=When("governance.tier", ("framework",), "only asked at the framework tier")),
        Page("package", "Package of works", (
            Q("governance.packages_of_works[].name", "What is the package called?"),
            Q("governance.packages_of_works[].id", "Give it a short reference"),
            Q("governance.packages_of_works[].scope", "What does the package cover?"),
            Q("governance.packages_of_works[].members", "Which parties deliver it?",
              refers="party"),
        ), item="governance.packages_of_works", item_name="package of works",
            item_title=("name", "id")),
        Page("reserved-powers", "Commissioner's reserved powers", (
            Q("governance.reserved_powers", "Matters the commissioner keeps for itself",
              "Keep this list short: only statutory duties the commissioner cannot "
              "delegate."),
        )),
        Page("reserved-power", "Reserved power", (
            Q("governance.reserved_powers[].matter", "Which matter is reserved?"),
            Q("governance.reserved_powers[].statutory_basis", "Which statutory duty stops "
              "the commissioner delegating it?"),
        ), item="governance.reserved_powers", item_name="reserved power",
            item_title=("matter",)),
        Page("disputes-and-membership", "Disputes, books and membership", (
            Q("governance.deadlock_route", "Which steps follow when the leadership team "
              "cannot agree?"),
            Q("governance.deadlock_step_days", "How many working days does each step "
              "take?"),
            Q("governance.dispute_approach", "Do the parties give up claims against each "
              "other?"),
            Q("governance.open_book", "Are costs and accounts shared openly?"),
            Q("governance.conflicts_of_interest", "Must conflicts of interest be declared "
              "and managed?"),
            Q("governance.open_to_new_members", "May a new party join by deed of "
              "accession?"),
            Q("governance.leaving.exit_at_will", "May a party leave simply by giving "
              "notice?"),
            Q("governance.leaving.notice_months", "How many months' notice must a leaving "
              "party give?"),
        )),
    )),
    Section("principles", "Principles", ("principles",), (
        Page("principles", "Principles", (
            Q("principles.standard", "Which standard principles does the alliance adopt?"),
            Q("principles.custom", "The alliance's own principles"),
        )),
        Page("principle", "Principle", (
            Q("principles.custom[].title", "What is the principle called?"),
            Q("principles.custom[].id", "Give it a short reference"),
            Q("principles.custom[].text", "What do the parties commit to under it?"),
        ), item="principles.custom", item_name="principle", item_title=("title", "id")),
    )),
    Section("performance", "Performance framework", ("kras",), (
        Page("result-areas", "Key Result Areas", (
            Q("kras", "Key Result Areas",
              "Six or fewer is usual; include one that covers the total cost. Their weights "
              "add up to 100."),
        )),
        Page("result-area", "Key Result Area", (
            Q("kras[].name", "What is the Key Result Area called?"),
            Q("kras[].id", "Give it a short reference"),
            Q("kras[].description", "What is it about? (optional)"),
            Q("kras[].weight", "What is its weight in the overall score?"),
            Q("kras[].covers_cost", "Does it measure the total cost against the target "
              "outturn cost?"),
            Q("kras[].kpis", "Key Performance Indicators"),
        ), item="kras", item_name="Key Result Area", item_title=("name", "id")),
        Page("indicator", "Key Performance Indicator", (
            Q("kras[].kpis[].measure", "What does the indicator measure?"),
            Q("kras[].kpis[].id", "Give it a short reference"),
            Q("kras[].kpis[].unit", "In what unit is it measured, such as % or people?"),
            Q("kras[].kpis[].direction", "Is a higher or a lower value better?"),
            Q("kras[].kpis[].thresholds.gamebreaking", "Value for Gamebreaking"),
            Q("kras[].kpis[].thresholds.stretch", "Value for Stretch"),
            Q("kras[].kpis[].thresholds.above_mcos", "Value for Above MCOS"),
            Q("kras[].kpis[].thresholds.mcos", "Value for MCOS (minimum conditions of "
              "satisfaction)"),
            Q("kras[].kpis[].thresholds.below_mcos", "Value for Below MCOS"),
            Q("kras[].kpis[].thresholds.poor", "Value for Poor"),
            Q("kras[].kpis[].thresholds.failure", "Value for Failure"),
            Q("kras[].kpis[].data_source", "Where does the measured value come from?"),
            Q("kras[].kpis[].reporting_frequency", "How often is it reported?"),
            Q("kras[].kpis[].baseline", "What is the value at the start, if known? "
              "(optional)"),
        ), item="kras[].kpis", item_name="indicator", item_title=("measure", "id")),
    )),
    Section("risk", "Risk and reward", ("risk_share",), (
        Page("regime", "Risk and reward regime", (
            Q("risk_share.regime", "Which risk and reward regime applies?"),
            Q("risk_share.starts_on", "On what date does the deferred risk share start?",
              when=When("risk_share.regime", ("deferred",),
                        "only needed for a deferred risk share")),
            Q("risk_share.regime_when_started", "Which regime applies from that date?",
              when=When("risk_share.regime", ("deferred",),
                        "only needed for a deferred risk share")),
            Q("risk_share.basis", "What are gain and pain measured against?"),
            Q("risk_share.target_outturn_cost", "What is the Target Outturn Cost for each "
              "year?"),
        )),
        Page("payment", "How providers are paid", (
            Q("risk_share.payment.mechanism", "How are the providers paid?"),
            Q("risk_share.payment.measured_against", "What is the total paid measured "
              "against?",
              when=When("risk_share.payment.mechanism", ("contract-price",),
                        "only needed when providers keep their contract price")),
            Q("risk_share.payment.control_total", "What is the control total for a full "
              "year?",
              when=When("risk_share.payment.measured_against", ("control-total",),
                        "only needed when a control total is used")),
            Q("risk_share.payment.control_total_source", "Who sets the control total?",
              when=When("risk_share.payment.measured_against", ("control-total",),
                        "only needed when a control total is used")),
            Q("risk_share.payment.payers.services", "Who pays the providers for the "
              "services?"),
            Q("risk_share.payment.payers.gain_pain", "Who pays, and receives, the "
              "participants' gain and pain?"),
            Q("risk_share.payment.payers.performance_pool", "Who provides the performance "
              "pool and receives any clawback?"),
        ), intro="Open book is the true-alliance standard. Many NHS alliances instead keep "
           "each provider's contract price or tariff and share only the variance of the "
           "total; bodies such as NHS trusts then need no margin."),
        Page("toc-adjustment", "Changing the TOC during a year", (
            Q("risk_share.toc_adjustment.events", "For which events may the leadership team "
              "change the TOC of a year already started?"),
            Q("risk_share.toc_adjustment.demand_band_percent", "How far may demand move, in "
              "per cent, before the TOC is adjusted?"),
            Q("risk_share.toc_adjustment.notice_business_days", "Within how many business "
              "days must a party report such an event?"),
        ), intro="The usual events are already chosen. Leave the list empty if the TOC is "
           "never to change once a year has started."),
        Page("shares", "Gain and pain shares", (
            Q("risk_share.underrun.owner_percent", "Owner's share of an underrun"),
            Q("risk_share.underrun.participants_percent", "Participants' share of an "
              "underrun"),
            Q("risk_share.underrun.pool_percent", "Share of an underrun paid into the "
              "performance pool"),
            Q("risk_share.overrun.owner_percent", "Owner's share of an overrun",
              when=When("risk_share.regime", ("gain-pain", "deferred"),
                        "only needed where pain is shared")),
            Q("risk_share.overrun.participants_percent", "Participants' share of an overrun",
              when=When("risk_share.regime", ("gain-pain", "deferred"),
                        "only needed where pain is shared")),
            Q("risk_share.pain_cap.basis", "How is the participants' pain capped?",
              when=When("risk_share.regime", ("gain-pain", "deferred"),
                        "only needed where pain is shared")),
            Q("risk_share.pain_cap.amount", "What is the cap?",
              when=When("risk_share.pain_cap.basis", ("amount",),
                        "only needed when the cap is a fixed amount")),
        )),
        Page("pool-and-distribution", "Performance pool and distribution", (
            Q("risk_share.performance_pool.amount", "How large is the performance pool each "
              "year? (leave empty for none)"),
            Q("risk_share.performance_pool.clawback", "Does a negative score claw back from "
              "the participants?"),
            Q("risk_share.performance_pool.within_budget", "Is the pool paid from within the "
              "annual budget?"),
            Q("risk_share.distribution.basis", "How is the participants' share divided among "
              "them?"),
            Q("risk_share.distribution.shares", "Fixed shares",
              when=When("risk_share.distribution.basis", ("fixed-shares",),
                        "only needed for fixed shares")),
        )),
        Page("fixed-share", "Fixed share", (
            Q("risk_share.distribution.shares[].party", "Which participant?",
              refers="participant"),
            Q("risk_share.distribution.shares[].percent", "Its share of the participants' "
              "total"),
            Q("risk_share.distribution.shares[].cap", "The most it bears in a year, in pounds",
              when=When("risk_share.pain_cap.basis", ("participant-amounts",),
                        "only needed when each participant has its own cap")),
        ), item="risk_share.distribution.shares", item_name="fixed share",
            item_title=("party",)),
        Page("level-scores", "Scores for performance levels", (
            Q("risk_share.level_scores.gamebreaking", "Score for Gamebreaking"),
            Q("risk_share.level_scores.stretch", "Score for Stretch"),
            Q("risk_share.level_scores.above_mcos", "Score for Above MCOS"),
            Q("risk_share.level_scores.mcos", "Score for MCOS"),
            Q("risk_share.level_scores.below_mcos", "Score for Below MCOS"),
            Q("risk_share.level_scores.poor", "Score for Poor"),
            Q("risk_share.level_scores.failure", "Score for Failure"),
        ), intro="The usual scores are already filled in; change them only if the parties "
           "agreed others."),
    )),
    Section("contracts", "Service contracts", ("contracts",), (
        Page("contracts", "Service contracts", (
            Q("contracts.agreement_binding", "Is the alliance agreement legally binding, "
              "governing performance and payment?"),
            Q("contracts.reconciliation_tolerance", "How far may the contract values differ "
              "from the budget before it is reported?"),
            Q("contracts.service_contracts", "Providers' own contracts",
              "Add one entry per provider."),
        )),
        Page("pooled-fund", "Pooled fund", (
            Q("contracts.pooled_fund.host", "Which commissioner hosts the pooled fund? (leave "
              "empty if there is none)", refers="commissioner"),
            Q("contracts.pooled_fund.description", "How is the section 75 agreement known? "
              "(optional)"),
            Q("contracts.pooled_fund.agreement_date", "What is the date of the section 75 "
              "agreement? (optional)"),
        ), intro="Answer these only if the commissioners already fund the services from a "
           "pooled fund under a section 75 agreement."),
        Page("service-contract", "Service contract", (
            Q("contracts.service_contracts[].provider", "Which provider holds this "
              "contract?", refers="provider"),
            Q("contracts.service_contracts[].overlay", "What form does its contract take?"),
            Q("contracts.service_contracts[].commissioner", "Which commissioner holds the "
              "contract?", refers="commissioner",
              when=When("contracts.service_contracts[].overlay",
                        ("nhs-standard-full", "nhs-standard-shorter", "non-nhs"),
                        "not needed without a separate contract")),
            Q("contracts.service_contracts[].expected_annual_value", "What is its expected "
              "annual value?"),
            Q("contracts.service_contracts[].contract_reference", "The commissioner's "
              "reference for the contract (optional)"),
            Q("contracts.service_contracts[].system_collaboration_agreement", "Does it "
              "include a Schedule 9 System Collaboration Agreement?",
              when=When("contracts.service_contracts[].overlay",
                        ("nhs-standard-full", "nhs-standard-shorter"),
                        "only for the NHS Standard Contract forms")),
            Q("contracts.service_contracts[].keeps_own_performance_regime", "Does the "
              "contract keep its own performance and payment regime?"),
            Q("contracts.service_contracts[].service_lines", "Services delivered"),
            Q("contracts.service_contracts[].own_kpis", "KPIs kept for this provider alone"),
            Q("contracts.service_contracts[].own_incentives", "Incentives or penalties kept "
              "for this provider alone"),
        ), item="contracts.service_contracts", item_name="service contract",
            item_title=("provider",)),
        Page("service-line", "Service", (
            Q("contracts.service_contracts[].service_lines[].name", "What is the service "
              "called?"),
            Q("contracts.service_contracts[].service_lines[].description", "What does the "
              "provider deliver?"),
        ), item="contracts.service_contracts[].service_lines", item_name="service",
            item_title=("name",)),
        Page("provider-kpi", "Provider's own KPI", (
            Q("contracts.service_contracts[].own_kpis[].measure", "What does the KPI "
              "measure?"),
            Q("contracts.service_contracts[].own_kpis[].consequence", "What happens if it is "
              "missed? (optional)"),
        ), item="contracts.service_contracts[].own_kpis", item_name="provider KPI",
            item_title=("measure",)),
        Page("provider-incentive", "Provider's own incentive", (
            Q("contracts.service_contracts[].own_incentives[].name", "What is the scheme "
              "called?"),
            Q("contracts.service_contracts[].own_incentives[].amount", "What is it worth "
              "each year? (optional)"),
        ), item="contracts.service_contracts[].own_incentives", item_name="incentive",
            item_title=("name",)),
    )),
    Section("departures", "Acknowledged departures", ("acknowledged_departures",), (
        Page("departures", "Acknowledged departures", (
            Q("acknowledged_departures", "Departures the parties accept knowingly",
              "You can also acknowledge a warning where it appears, next to its question."),
        )),
        Page("departure", "Acknowledged departure", (
            Q("acknowledged_departures[].id", "Which departure do the parties accept?"),
            Q("acknowledged_departures[].justification", "Why do they accept it?",
              "Reviewers read this in the integrity report."),
        ), item="acknowledged_departures", item_name="acknowledged departure",
            item_title=("id",)),
    )),
)
"""The sections of the task list, in order, each with its pages in order."""


@cache
def pages() -> dict[str, Page]:
    """Return every page by its slug, in questionnaire order."""
    return {page.slug: page for section in SECTIONS for page in section.pages}


@cache
def questions() -> dict[str, Question]:
    """Return every question by its field pattern."""
    return {q.pattern: q for page in pages().values() for q in page.questions}


@cache
def page_of(pattern: str) -> Page:
    """Return the page that asks the question for ``pattern``."""
    return next(page for page in pages().values()
                if any(q.pattern == pattern for q in page.questions))


@cache
def item_page(group: str) -> Page:
    """Return the page that edits one item of the repeatable group ``group``."""
    return next(page for page in pages().values() if page.item == group)


def section_of(page: Page) -> Section:
    """Return the section that holds ``page``."""
    return next(section for section in SECTIONS if page in section.pages)


CHOICE_LABELS: dict[str, str] = {
    "icb": "Integrated care board (ICB)",
    "ccg": "Clinical commissioning group (CCG)",
    "nhs-england": "NHS England",
    "local-authority": "Local authority (council)",
    "nhs-trust": "NHS trust",
    "nhs-foundation-trust": "NHS foundation trust",
    "user-led-organisation": "User-led organisation",
    "primary-care": "Primary care",
    "independent-provider": "Independent-sector provider",
    "owner": "Owner: bears the commissioner's share of gain and pain",
    "participant": "Participant: puts its margin at risk",
    "none": "None",
    "strategic": "Strategic: a leadership team only",
    "service": "Service: leadership team, management team and integrated team",
    "framework": "Framework: one leadership team over several packages of works",
    "unanimous": "Unanimously",
    "consensus": "By consensus",
    "majority": "By majority vote",
    "casting-vote": "By vote, with the chair's casting vote",
    "alt-unanimous": "The leadership team, unanimously",
    "commissioner-unilateral": "The commissioner alone",
    "no-blame": "Yes: no blame, no dispute (except wilful default or insolvency)",
    "litigation-retained": "No: the parties keep the right to sue",
    "chief-executives": "Chief executives",
    "independent-facilitator": "Independent facilitator",
    "expert-determination": "Expert determination",
    "higher-is-better": "Higher is better",
    "lower-is-better": "Lower is better",
    "gain-pain": "Gain and pain (the standard)",
    "gain-only": "Gain only",
    "performance-pool": "Performance pool only",
    "deferred": "Deferred to a later date",
    "whole-alliance": "The whole alliance's performance",
    "individual": "Each party's own performance",
    "margin": "At the participants' total margin",
    "amount": "At a fixed amount",
    "pro-rata-margin": "In proportion to their margins",
    "fixed-shares": "In fixed shares",
    "nhs-standard-full": "NHS Standard Contract (full length)",
    "nhs-standard-shorter": "NHS Standard Contract (shorter form)",
    "non-nhs": "A council's own terms",
    "best-for-service": "Best for service",
    "unanimous-decisions": "Unanimous decisions",
    "no-fault-no-blame": "No fault, no blame",
    "open-book": "Open book",
    "collective-risk-reward": "Collective risk and reward",
    "equal-say": "Equal say",
    "co-production": "Co-production",
    "person-at-centre": "The person at the centre",
    "bi-monthly": "Every two months",
    "six-monthly": "Every six months",
}
"""Plain-English labels for choice values; other values are shown in sentence case."""


_FLAG_TITLES = {str(entry.id): entry.title for entry in CATALOGUE.values()}

_FIELD_CHOICE_LABELS: dict[tuple[str, str], str] = {
    ("contracts.service_contracts[].overlay", "none"):
        "No separate contract: the alliance agreement alone",
    ("risk_share.regime", "none"): "No risk share",
    ("risk_share.pain_cap.basis", "none"): "Not capped",
    ("risk_share.pain_cap.basis", "participant-amounts"):
        "A cap in pounds for each participant, given with its fixed share",
    ("risk_share.payment.mechanism", "open-book"):
        "Open book: direct costs reimbursed, margin paid, gain and pain on those costs",
    ("risk_share.payment.mechanism", "contract-price"):
        "Each keeps its contract price; only the variance of the total is shared",
    ("risk_share.toc_adjustment.events", "scope-change"): "A variation of the services",
    ("risk_share.toc_adjustment.events", "national-price"):
        "A nationally set price, tariff or pay award",
    ("risk_share.toc_adjustment.events", "demand"): "Demand outside the agreed band",
    ("risk_share.toc_adjustment.events", "reserved-matter"):
        "A commissioner's decision on a reserved matter",
    ("risk_share.payment.measured_against", "toc"): "The target outturn cost",
    ("risk_share.payment.measured_against", "control-total"): "A system control total",
    **{(f"risk_share.payment.payers.{limb}", value): label
       for limb in ("services", "gain_pain", "performance_pool")
       for value, label in (("contract-commissioner",
                             "The commissioner that holds the provider's contract"),
                            ("pooled-fund", "The section 75 pooled fund"),
                            ("owner", "The risk-share owner"))},
    ("parties[].risk_share_role", "none"): "Neither",
}


def choice_label(value: str, pattern: str = "") -> str:
    """Return the plain-English label of a choice value of the field ``pattern``."""
    if (pattern, value) in _FIELD_CHOICE_LABELS:
        return _FIELD_CHOICE_LABELS[pattern, value]
    if pattern == "acknowledged_departures[].id" and value in _FLAG_TITLES:
        return _FLAG_TITLES[value]
    if value in CHOICE_LABELS:
        return CHOICE_LABELS[value]
    return value.replace("-", " ").replace("_", " ").capitalize()
