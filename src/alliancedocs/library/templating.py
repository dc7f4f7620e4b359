"""The sandboxed Jinja environment that renders clause text and evaluates conditions.

Answers are data, never template source. Every value printed through ``{{ }}`` passes
through :func:`protect`, which turns the characters the clause markup uses into private
code points, so user text such as ``[[Smith & <Co>]]`` is printed exactly as typed.
:func:`unprotect` turns them back once the markup has been parsed.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .. import labels
from ..errors import LibraryError
from ..model import Answers
from ..model.contracts import ServiceContract

_MARKUP_CHARS = "[]@{}*-#"
_PROTECT = {ord(c): chr(0xE000 + i) for i, c in enumerate(_MARKUP_CHARS)}
_PROTECT.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})
_UNPROTECT = {0xE000 + i: c for i, c in enumerate(_MARKUP_CHARS)}


def protect(value: Any) -> str:
    """Return ``value`` as text in which markup characters cannot act as markup."""
    return str(value).translate(_PROTECT)


def unprotect(text: str) -> str:
    """Undo :func:`protect` on text that has been through the markup parser."""
    return text.translate(_UNPROTECT)


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """Return the shared sandboxed environment (``StrictUndefined``, markup-safe output)."""
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        finalize=protect,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
        # Clause text marks anchors as ``{#label}`` (docs/clause-library.md), so Jinja
        # comments use ``{## ... ##}`` instead of the default ``{# ... #}``.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(
        money=labels.money,
        percent=labels.percent,
        longdate=labels.longdate,
        join_names=labels.join_names,
        words=labels.words,
        label=labels.label,
    )
    return env


def agreement_context(answers: Answers) -> dict[str, Any]:
    """Return the names clause text and conditions may use (see docs/clause-library.md)."""
    return {
        "answers": answers,
        "alliance": answers.alliance,
        "parties": answers.parties,
        "governance": answers.governance,
        "principles": answers.principles,
        "kras": answers.kras,
        "risk_share": answers.risk_share,
        "contracts": answers.contracts,
        "commissioners": answers.commissioners,
        "providers": answers.providers,
        "members": [p for p in answers.parties if p.alliance_member],
        "owner": answers.owner,
        "participants": answers.participants,
        "alliance_name": answers.alliance.short_name or answers.alliance.name,
    }


def pack_context(answers: Answers, contract: ServiceContract) -> dict[str, Any]:
    """Return the agreement context plus ``provider``, ``contract`` and ``commissioner``."""
    context = agreement_context(answers)
    context.update(
        provider=answers.party(contract.provider),
        contract=contract,
        commissioner=answers.party(contract.commissioner) if contract.commissioner else None,
    )
    return context


def render_text(source: str, context: Mapping[str, Any], where: str) -> str:
    """Render clause ``source`` with ``context``; raise :class:`LibraryError` naming ``where``."""
    try:
        return _compiled(source).render(context)
    except (TemplateError, TypeError, ValueError, AttributeError) as error:
        line = getattr(error, "lineno", None)
        at = f" (line {line} of the text)" if line else ""
        raise LibraryError(f"{where}{at}: {error}") from None


def evaluate(condition: str, context: Mapping[str, Any], where: str) -> bool:
    """Evaluate a ``when`` condition; raise :class:`LibraryError` naming ``where`` if it fails."""
    try:
        return bool(_expression(condition)(**context))
    except (TemplateError, TypeError, ValueError, AttributeError) as error:
        raise LibraryError(f"{where}: condition {condition!r}: {error}") from None


@lru_cache(maxsize=1024)
def _compiled(source: str) -> Any:
    return environment().from_string(source)


@lru_cache(maxsize=1024)
def _expression(condition: str) -> Any:
    return environment().compile_expression(condition, undefined_to_none=False)
