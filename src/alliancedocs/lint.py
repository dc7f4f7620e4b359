"""Lint the clause library by assembling it against answers that cover every choice.

Starting from real answers files, :func:`coverage_answers` makes one copy for every value of
every enum and yes/no answer (repairing the copy where a value needs companion answers, and
dropping copies that the model or the cross-field checks still reject). :func:`lint`
assembles the agreement and every pack for each copy and reports: build errors (undefined
terms, broken references, undefined variables, leftover markup), a report that ``check``
and ``build`` would give differently, variants whose flag the answers rules do not raise for the
answers that choose them (the rules are the one truth of the integrity report), variants
that no answers ever choose, and definitions that no document ever prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from .assemble.agreement import assemble_agreement
from .assemble.pack import assemble_pack
from .assemble.register import register
from .coherence import check_documents
from .core import select_documents
from .diagnostics import Diagnostic, Kind
from .docmodel import Document, Paragraph, TermUse
from .errors import LibraryError
from .integrity import evaluate, to_json
from .library.clause_files import Library
from .model import Answers
from .model.contracts import Overlay
from .model.governance import PackageOfWorks, Tier
from .model.risk import (
    CapBasis,
    DistributionBasis,
    FixedShare,
    PerformancePool,
    Regime,
    RiskShare,
    VarianceMeasure,
)
from .validation import check_answers

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class LintReport:
    """What the lint found. ``problems`` is empty when the library is sound."""

    answers_checked: int
    errors: tuple[str, ...]
    unreachable_variants: tuple[str, ...]
    unused_terms: tuple[str, ...]
    flag_mismatches: tuple[str, ...] = ()
    incoherent: tuple[str, ...] = ()
    """Coherence findings (:mod:`alliancedocs.coherence`): drafts that contradict themselves."""
    after_colon: tuple[str, ...] = ()
    """Clause text that prints an answer straight after a colon, unquoted and unformatted, so
    that its first letter's case decides how the sentence reads (see :func:`after_colon`)."""

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Return every finding as a lint diagnostic, errors first."""
        return (
            *(_lint("build-error", text) for text in self.errors),
            *(_lint("variant-flag-not-raised", text) for text in self.flag_mismatches),
            *(_lint("incoherent-draft", text) for text in self.incoherent),
            *(_lint("answer-after-colon", text) for text in self.after_colon),
            *(_lint("variant-never-chosen", f"variant never chosen: {v}",
                    clause=v.partition(":")[2], document=v.partition(":")[0])
              for v in self.unreachable_variants),
            *(_lint("definition-never-used", f"definition never used: {t}")
              for t in self.unused_terms),
        )

    @property
    def problems(self) -> tuple[str, ...]:
        """Return every finding as one line of text."""
        return tuple(d.message for d in self.diagnostics)


def _lint(code: str, message: str, **where: str) -> Diagnostic:
    return Diagnostic(code, Kind.lint, "error", (), message, **where)


def _choices(model: BaseModel, path: Path_ = ()) -> Iterator[tuple[Path_, object]]:
    """Yield (path, value) for every other value of every enum and bool field under ``model``,
    ``None`` for every optional section that is present, ``[]`` for every list that may be
    empty (of sections or of choices), and each enum value set in every item of a list at
    once (path element ``*``)."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        here = (*path, name)
        optional = type(None) in get_args(info.annotation)
        if isinstance(value, bool):
            yield here, not value
        elif isinstance(value, Enum):
            yield from ((here, other) for other in type(value) if other is not value)
        elif isinstance(value, BaseModel):
            if optional:
                yield here, None
            yield from _choices(value, here)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            yield here, []
            for index, item in enumerate(value):
                yield from _choices(item, (*here, index))
            yield from (((*here, "*", *sub[len(here) + 1:]), v)
                        for sub, v in _choices(value[0], (*here, 0))
                        if isinstance(v, Enum | bool)
                        and not any(isinstance(part, int) for part in sub[len(here) + 1:]))
        elif isinstance(value, list) and value and isinstance(value[0], Enum):
            yield here, []
        elif value is None:
            for arg in get_args(info.annotation):
                if isinstance(arg, type) and issubclass(arg, Enum):
                    yield from ((here, member) for member in arg)


def _replace(model: Any, path: Path_, value: object) -> Any:
    head, *rest = path
    if head == "*":
        return [_replace(item, tuple(rest), value) if rest else value for item in model]
    if isinstance(head, int):
        items = list(model)
        items[head] = _replace(items[head], tuple(rest), value) if rest else value
        return items
    new = _replace(getattr(model, head), tuple(rest), value) if rest else value
    return model.model_copy(update={head: new})


def _repair(answers: Answers) -> Answers:
    """Fill in the companion answers a changed value needs, where there is an obvious one."""
    alliance, risk, gov = answers.alliance, answers.risk_share, answers.governance
    if risk.regime is Regime.deferred and risk.starts_on is None:
        risk = risk.model_copy(update={"starts_on": alliance.commencement_date + timedelta(365)})
    if risk.regime is not Regime.deferred and risk.starts_on is not None:
        risk = risk.model_copy(update={"starts_on": None})
    if risk.target_outturn_cost is None and risk.regime is not Regime.none:
        risk = risk.model_copy(update={"target_outturn_cost": alliance.annual_budget})
    pool_needed = Regime.performance_pool in (risk.regime, Regime(risk.regime_when_started.value))
    if risk.performance_pool is None and pool_needed:
        risk = risk.model_copy(update={"performance_pool": PerformancePool(
            amount=Decimal(100000))})
    if risk.pain_cap.basis is CapBasis.amount and risk.pain_cap.amount is None:
        risk = risk.model_copy(update={"pain_cap": risk.pain_cap.model_copy(
            update={"amount": Decimal(250000)})})
    if risk.distribution.basis is DistributionBasis.fixed_shares and not risk.distribution.shares:
        ids = [p.id for p in answers.participants]
        weights = [Decimal(100) / len(ids)] * len(ids) if ids else []
        shares = [FixedShare(party=i, percent=w.quantize(Decimal("0.01")))
                  for i, w in zip(ids, weights, strict=True)]
        if shares:
            drift = Decimal(100) - sum(s.percent for s in shares)
            shares[0] = shares[0].model_copy(update={"percent": shares[0].percent + drift})
        risk = risk.model_copy(update={"distribution": risk.distribution.model_copy(
            update={"shares": shares})})
    risk = _repair_caps(risk, answers)
    payment = risk.payment
    if payment.measured_against is VarianceMeasure.control_total:
        if payment.control_total is None or payment.control_total_source is None:
            payment = payment.model_copy(update={
                "control_total": payment.control_total or risk.target_outturn_cost
                or alliance.annual_budget,
                "control_total_source": payment.control_total_source
                or "the integrated care system's financial plan"})
        risk = risk.model_copy(update={"payment": payment, "target_outturn_cost": None})
    elif payment.control_total is not None or payment.control_total_source is not None:
        risk = risk.model_copy(update={"payment": payment.model_copy(
            update={"control_total": None, "control_total_source": None}),
            "target_outturn_cost": risk.target_outturn_cost or payment.control_total})
    if gov.tier is Tier.framework and not gov.packages_of_works:
        members = [p.id for p in answers.parties if p.alliance_member][:2]
        gov = gov.model_copy(update={"packages_of_works": [PackageOfWorks(
            id="package-one", name="Package one", scope="The whole of the Services.",
            members=members)]})
    if gov.tier is not Tier.framework and gov.packages_of_works:
        gov = gov.model_copy(update={"packages_of_works": []})
    contracts = answers.contracts
    fixed = [c if c.overlay is Overlay.none or c.commissioner else
             c.model_copy(update={"commissioner": answers.commissioners[0].id})
             for c in contracts.service_contracts]
    contracts = contracts.model_copy(update={"service_contracts": fixed})
    return answers.model_copy(update={"risk_share": risk, "governance": gov,
                                      "contracts": contracts})


def _repair_caps(risk: RiskShare, answers: Answers) -> RiskShare:
    """Give each fixed share a cap when the pain cap is per participant, and none otherwise."""
    per_participant = risk.pain_cap.basis is CapBasis.participant_amounts
    if per_participant and risk.distribution.basis is not DistributionBasis.fixed_shares:
        risk = risk.model_copy(update={"distribution": risk.distribution.model_copy(
            update={"basis": DistributionBasis.fixed_shares, "shares": []})})
        risk = _repair(answers.model_copy(update={"risk_share": risk})).risk_share
    shares = [share.model_copy(update={"cap": (share.cap or Decimal(100000))
                                       if per_participant else None})
              for share in risk.distribution.shares]
    return risk.model_copy(update={"distribution": risk.distribution.model_copy(
        update={"shares": shares})})


def coverage_answers(bases: Sequence[Answers]) -> list[Answers]:
    """Return ``bases`` plus a valid copy for every other enum or yes/no value they hold."""
    found = list(bases)
    for base in bases:
        for path, value in _choices(base):
            candidate = _repair(_replace(base, path, value))
            if _valid(candidate) and not check_answers(candidate):
                found.append(candidate)
    return found


def _valid(answers: Answers) -> bool:
    """Return whether ``answers`` (made by copying, which skips validation) passes the model."""
    try:
        Answers.model_validate(answers.model_dump())
    except ValidationError:
        return False
    return True


_MARKUP = ("[[", "{{", "{%", "{#", "@table:")
"""Clause markup that must never reach a document as text. The answers the lint uses come
from the examples, which hold none, so any found was printed by the library itself (for
example a string literal in ``{{ ... }}``, whose output is data, never markup)."""


def _printed_markup(document: Document, kind: str) -> set[str]:
    """Return an error for each paragraph of ``document`` whose text shows clause markup."""
    return {f"{kind}: clause markup printed as text: {paragraph.text[:120]!r}"
            for paragraph in document.paragraphs()
            if any(mark in paragraph.text for mark in _MARKUP)}


_AFTER_COLON = re.compile(r":[ \t]*\{\{-?\s*(?P<expr>(?:(?!\}\}).)*?)\s*-?\}\}")
"""An answer printed right after a colon: ``as follows: {{ answer }}``."""

_NOT_TEXT = ("baseline",)
"""Answers printed after a colon that are numbers, not text."""


def after_colon(library: Library) -> list[str]:
    """Return a finding for each clause variant that prints answer text right after a colon.

    Text typed by a user reaches the draft exactly, so after a colon its first letter may
    be a capital where the sentence needs lower case, or the other way round. The clause
    must quote the answer (“{{ answer }}”), format it through a filter (``money``,
    ``percent``, ``join_names`` and the like), or restructure the sentence.
    """
    found = []
    for kind, clauses in (("agreement", library.agreement), ("pack", library.pack)):
        for clause in clauses:
            for variant in clause.variants:
                for match in _AFTER_COLON.finditer(variant.text):
                    expr = match.group("expr")
                    if "|" in expr or expr.rsplit(".", 1)[-1] in _NOT_TEXT:
                        continue
                    found.append(f"{kind}: {clause.id}/{variant.id}: the answer "
                                 f"`{{{{ {expr} }}}}` is printed after a colon as typed: "
                                 "quote it, or restructure the sentence")
    return found


def lint(library: Library, answers_set: Sequence[Answers]) -> LintReport:
    """Assemble every document for every answers in ``answers_set`` and report findings."""
    errors: set[str] = set()
    mismatches: set[str] = set()
    chosen: set[tuple[str, str, str]] = set()
    used_terms: set[str] = set()
    incoherent: set[str] = set()
    for answers in answers_set:
        try:
            agreement = assemble_agreement(answers, library)
            documents = [agreement]
            ids = ["agreement"]
            for entry in register(answers):
                if entry.pack_path is not None:
                    documents.append(assemble_pack(answers, library, entry.contract,
                                                   agreement.numbers))
                    ids.append(f"pack:{entry.provider.id}")
        except LibraryError as error:
            errors.add(str(error))
            continue
        incoherent.update(check_documents(
            answers, [(i, d.document) for i, d in zip(ids, documents, strict=True)]))
        choices = [c for assembled in documents for c in assembled.chosen]
        built = evaluate(answers, choices)
        selected = [c for s in select_documents(answers, library).values() for c in s.chosen]
        if to_json(evaluate(answers, selected)) != to_json(built):
            errors.add(f"{answers.alliance.name}: the report `check` gives differs from the "
                       "one `build` writes")
        raised = {flag.id for flag in built.flags}
        mismatches.update(
            f"{c.document}: variant {c.clause_id}/{c.variant_id} carries the flag "
            f"{c.flag.value}, which the answers that choose it do not raise"
            for c in choices if c.flag is not None and c.flag not in raised)
        for assembled in documents:
            kind = "agreement" if assembled.document is agreement.document else "pack"
            chosen.update((kind, c.clause_id, c.variant_id) for c in assembled.chosen)
            used_terms.update(i.term for b in assembled.document.blocks
                              if isinstance(b, Paragraph) for i in b.inlines
                              if isinstance(i, TermUse))
            errors.update(_printed_markup(assembled.document, kind))
    every = {("agreement", c.id, v.id) for c in library.agreement for v in c.variants}
    every |= {("pack", c.id, v.id) for c in library.pack for v in c.variants}
    unreachable = sorted(f"{d}:{c}/{v}" for d, c, v in every - chosen)
    unused = sorted(set(library.terms) - used_terms, key=str.casefold)
    return LintReport(len(answers_set), tuple(sorted(errors)), tuple(unreachable), tuple(unused),
                      tuple(sorted(mismatches)), tuple(sorted(incoherent)),
                      tuple(after_colon(library)))
