"""Coherence checks on assembled documents: rules a draft must keep whatever variants the
answers choose, because weak variants must still fit together into one document.

Each check reads the document models (after assembly, before rendering) and returns
findings as text. The library lint runs them for every answers set it assembles, so a
combination of variants that contradicts itself fails the lint. The rules:

- no risk-share term (Underrun, Overrun, Performance Pool, Participant, Owner, gain or
  pain) outside the risk-and-reward clause when the regime is ``none``;
- a commissioner that is not a party is never given a power or a duty ("the ICB may ...",
  "the Commissioner retains any saving", "the ICB must ...");
- a heading never promises what its clause does not say (no-blame, co-production);
- the non-binding form is titled and opened as a memorandum of understanding, the binding
  form as an agreement;
- contract text never argues for a true alliance: advocacy belongs in the integrity report;
- no clause markup survives into the text (markup inside a Jinja string is printed, not
  parsed);
- no passage is printed twice: a sentence of :data:`REPEAT_MIN` characters or more that
  is not a list item appears in one paragraph of a document only (an answer such as how the
  outcomes were co-produced is printed once and cited elsewhere);
- where the shared costs of the Alliance are included in the TOC, the definition of the
  Target Outturn Cost includes them too;
- where no Participant can ever bear anything (gain only, and no pool clawback), nothing
  speaks of what a Participant bears or of its cap;
- the payment terms match the payment mechanism: under ``contract-price`` no Direct Costs,
  and a Margin only where the cap or the distribution uses one; under ``open-book`` no
  Contract Price; and no Open Book without the open-book answer;
- a balance is never "due to or from" a party without saying who pays whom;
- where gain and pain are measured against a single control total, nothing speaks of the
  part of the TOC that relates to one Provider: the control total is not divided.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .docmodel import Document, Paragraph, ParaKind, Table, TermUse
from .model import Answers
from .model.risk import CapBasis, DistributionBasis, Mechanism, Regime, VarianceMeasure

RISK_SHARE_TERMS = frozenset({"Underrun", "Overrun", "Performance Pool", "Participant",
                              "Owner"})
"""Defined terms that only make sense with a risk share."""

RISK_SHARE_PHRASE = re.compile(r"\bgain (?:or|and) pain\b|\bpainshare\b|\bgainshare\b",
                               re.IGNORECASE)
"""Wording about sharing gain and pain."""

RISK_CLAUSE_TITLE = "Risk and reward"
"""The clause (and schedule) that may say there is no risk share."""

LEFTOVER_MARKUP = re.compile(r"\[\[(?:ref:)?[A-Za-z]|\{\{|\{%|@table:")
"""Clause markup that reached the printed text instead of being parsed."""

REPEAT_MIN = 80
"""The shortest sentence the repeated-passage rule compares (short formulas, such as "The
members at the date of this Agreement are listed in Schedule 1.", may recur)."""

_SENTENCE_END = re.compile(r"(?<=[.!?:”\"])\s+(?=[“\"A-Z(])")

TOC_DEFINITION = "\u201cTarget Outturn Cost\u201d means"
"""How the definition of the Target Outturn Cost opens."""

SHARED_COSTS_IN_TOC = re.compile(r"shared cost[^.]*\bincluded in the TOC\b")
"""Wording that counts the shared costs of the Alliance in the TOC."""

PAIN_WORDING = re.compile(r"\bwith a cap of\b|\bwithin its cap\b|\breceive or bear\b|"
                          r"\bshare of any pain\b|\bcap of [^ ]+ on what it bears\b")
"""Wording that says a Participant bears pain or has a cap on it."""

NON_PARTY_VERBS = r"may (?!not\b)|must\b|shall\b|will\b|retains\b|bears\b|agrees\b"
"""What a sentence may not say of a commissioner that is not a party: that it may do
something (a power), or that it must, shall or will do it, or retains or bears a sum or
agrees to anything (a duty or a promise): the agreement cannot bind or empower it."""

TWO_WAY_BALANCE = re.compile(r"\bdue to or from (?:it|them)\b")
"""A balance whose payer and payee the sentence leaves open."""

PROVIDER_PART_OF_TOC = re.compile(r"\bpart of the TOC that relates to (?:it|that Provider|"
                                  r"the Provider)\b")
"""Wording that assumes the TOC is divided between the Providers."""

ADVOCACY = re.compile(r"\btrue alliance\b|\bwatered[- ]down\b", re.IGNORECASE)
"""Wording that argues for a better deal instead of stating the one made."""


@dataclass(frozen=True)
class HeadingRule:
    """A heading that makes a promise, and wording its clause must then contain."""

    heading: re.Pattern[str]
    body: re.Pattern[str]
    promise: str


HEADING_RULES: tuple[HeadingRule, ...] = (
    HeadingRule(re.compile(r"no blame", re.IGNORECASE), re.compile(r"\bwaives\b"),
                "a no-blame heading over a clause in which no claim is given up"),
    HeadingRule(re.compile(r"\bco-production\b", re.IGNORECASE),
                re.compile(r"co-produc|share power", re.IGNORECASE),
                "a co-production heading over a clause that does not provide for it"),
)
"""Headings whose words the clause beneath must bear out."""


@dataclass(frozen=True)
class Section:
    """A heading and the text beneath it up to the next heading of the same kind."""

    heading: str
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[Table, ...]


def sections(document: Document) -> list[Section]:
    """Return the document's clauses and schedules, each with its text."""
    found: list[Section] = []
    heading = ""
    paragraphs: list[Paragraph] = []
    tables: list[Table] = []
    for block in document.blocks:
        if isinstance(block, Paragraph) and block.kind in (ParaKind.clause_heading,
                                                          ParaKind.schedule_heading,
                                                          ParaKind.front_heading):
            found.append(Section(heading, tuple(paragraphs), tuple(tables)))
            heading, paragraphs, tables = block.text, [], []
        elif isinstance(block, Paragraph):
            paragraphs.append(block)
        else:
            tables.append(block)
    found.append(Section(heading, tuple(paragraphs), tuple(tables)))
    return found


def check_documents(answers: Answers, documents: Sequence[tuple[str, Document]]) -> list[str]:
    """Return every coherence finding for ``documents`` (``(document id, model)`` pairs, the
    agreement first), each as one line naming the document and the heading."""
    findings: list[str] = []
    for document_id, document in documents:
        findings.extend(f"{document_id}: {text}"
                        for text in _check(answers, document_id, document))
        findings.extend(f"{document_id}: {text}" for text in _repeated(document))
    return findings


def _repeated(document: Document) -> Iterator[str]:
    """Yield a finding for each long sentence printed in more than one paragraph."""
    first: dict[str, int] = {}
    reported: set[str] = set()
    for index, paragraph in enumerate(document.paragraphs()):
        if paragraph.text.rstrip().endswith((";", ":", "; and", "; or")):
            continue
        for sentence in _SENTENCE_END.split(paragraph.text.strip()):
            if len(sentence) < REPEAT_MIN or "...." in sentence:
                continue  # short formulas and the blanks of a signature block may recur
            seen = first.setdefault(sentence, index)
            if seen != index and sentence not in reported:
                reported.add(sentence)
                yield f"passage printed twice: {sentence[:80]!r}"


def _check(answers: Answers, document_id: str, document: Document) -> Iterator[str]:
    agreement = document_id == "agreement"
    if agreement:
        yield from _title(answers, document)
        yield from _toc_definition(document)
    outside = [p for p in answers.commissioners if not p.alliance_member]
    yield from payment_terms_misused(answers, document)
    control = answers.risk_share.payment.measured_against is VarianceMeasure.control_total
    for paragraph in document.paragraphs():
        if match := TWO_WAY_BALANCE.search(paragraph.text):
            yield f"a sum {match.group(0)!r} does not say who pays whom: {paragraph.text[:80]!r}"
        if control and (match := PROVIDER_PART_OF_TOC.search(paragraph.text)):
            yield ("gain and pain are measured against one control total, but the text speaks "
                   f"of the {match.group(0)!r}")
    if answers.risk_share.regime is not Regime.none and not participants_can_bear(answers):
        said = next((m.group(0) for p in document.paragraphs()
                     if (m := PAIN_WORDING.search(p.text))), None)
        if said:
            yield f"a Participant can bear nothing, but the text says {said!r}"
    for section in sections(document):
        where = f"under {section.heading!r}" if section.heading else "before the first heading"
        texts = [p.text for p in section.paragraphs]
        body = " ".join(texts)
        if (answers.risk_share.regime is Regime.none
                and not section.heading.endswith(RISK_CLAUSE_TITLE)):
            used = sorted({i.term for p in section.paragraphs for i in p.inlines
                           if isinstance(i, TermUse) and i.term in RISK_SHARE_TERMS})
            if used:
                yield f"{where}: risk-share term {', '.join(used)} used with no risk share"
            phrase = next((m.group(0) for t in texts if (m := RISK_SHARE_PHRASE.search(t))),
                          None)
            if phrase:
                yield f"{where}: risk-share wording {phrase!r} used with no risk share"
        if agreement and outside:
            yield from _non_party_powers(where, texts, outside, len(answers.commissioners))
        for rule in HEADING_RULES:
            if rule.heading.search(section.heading) and not rule.body.search(body):
                yield f"{where}: {rule.promise}"
        leftover = next((t for t in texts if LEFTOVER_MARKUP.search(t)), None)
        if leftover:
            yield f"{where}: clause markup printed as text: {leftover[:80]!r}"
        advocacy = next((m.group(0) for t in texts if (m := ADVOCACY.search(t))), None)
        if advocacy:
            yield f"{where}: advocacy ({advocacy!r}) in contract text"


def payment_terms_misused(answers: Answers, document: Document) -> list[str]:
    """Return each defined term of payment that ``document`` uses although the answers'
    payment mechanism has no such thing, with the heading it is used under."""
    risk = answers.risk_share
    wrong: set[str] = set()
    if risk.payment.mechanism is Mechanism.contract_price:
        wrong.add("Direct Costs")
        margin_used = risk.regime is not Regime.none and (
            risk.pain_cap.basis is CapBasis.margin
            or risk.distribution.basis is DistributionBasis.pro_rata_margin)
        if not margin_used:
            wrong.add("Margin")
    else:
        wrong.add("Contract Price")
    if not answers.governance.open_book:
        wrong.add("Open Book")
    found: list[str] = []
    for section in sections(document):
        used = sorted({i.term for p in section.paragraphs for i in p.inlines
                       if isinstance(i, TermUse) and i.term in wrong})
        if used:
            where = f"under {section.heading!r}" if section.heading else "before the first heading"
            found.append(f"{where}: payment term {', '.join(used)} used with "
                         f"`{risk.payment.mechanism.value}` payment"
                         f"{'' if answers.governance.open_book else ' and no open book'}")
    return found


def participants_can_bear(answers: Answers) -> bool:
    """Whether the answers ever make a Participant pay: a share of an Overrun under
    gain-and-pain, or a clawback out of the Performance Pool."""
    risk = answers.risk_share
    active = risk.regime_when_started if risk.regime is Regime.deferred else risk.regime
    overrun = str(active) == Regime.gain_pain.value and risk.overrun.participants_percent > 0
    clawback = risk.performance_pool is not None and risk.performance_pool.clawback
    return bool(overrun or clawback)


def _toc_definition(document: Document) -> Iterator[str]:
    """Yield a finding when the agreement counts shared costs in the TOC but its definition
    of the Target Outturn Cost leaves them out (so every year would start under target)."""
    texts = [p.text for p in document.paragraphs()]
    definition = next((t for t in texts if t.startswith(TOC_DEFINITION)), None)
    if definition is None or "shared cost" in definition:
        return
    if any(SHARED_COSTS_IN_TOC.search(t) for t in texts):
        yield ("the shared costs of the Alliance are included in the TOC, but the definition "
               "of the Target Outturn Cost leaves them out")


def _title(answers: Answers, document: Document) -> Iterator[str]:
    paragraphs = document.paragraphs()
    title = next((p.text for p in paragraphs if p.kind is ParaKind.title), "")
    opening = next((p.text for p in paragraphs if p.text.startswith("THIS ")), "")
    if answers.contracts.agreement_binding:
        if "Memorandum" in title or "MEMORANDUM" in opening:
            yield "a binding agreement is titled as a memorandum"
    else:
        if "Memorandum" not in title:
            yield f"the non-binding form is titled {title!r}, not as a memorandum"
        if "MEMORANDUM" not in opening:
            yield "the non-binding form does not open as a memorandum"


def _non_party_powers(where: str, texts: Sequence[str], outside: Sequence[object],
                      commissioners: int) -> Iterator[str]:
    names = [re.escape(p.short_name) for p in outside]
    subjects = names if commissioners > len(outside) else [*names, r"(?:the|a|each|any) "
                                                                  r"Commissioners?"]
    power = re.compile(rf"(?:^|[.;:] )(?:{'|'.join(subjects)})(?:, [^,]+,)? "
                       rf"(?:{NON_PARTY_VERBS})", re.IGNORECASE)
    for text in texts:
        match = power.search(text)
        if match:
            yield f"{where}: a commissioner that is not a party is given a power or a duty: " \
                  f"{match.group(0).strip(' .;:')!r}"
