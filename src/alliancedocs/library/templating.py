"""The sandboxed Jinja environment that renders clause text and evaluates conditions.

Answers are data, never template source. Every value printed through ``{{ }}`` passes
through :func:`protect`, which turns the characters the clause markup uses into private
code points, so user text such as ``[[Smith & <Co>]]`` is printed exactly as typed.
:func:`unprotect` turns them back once the markup has been parsed.
"""

from __future__ import annotations

import atexit
import hashlib
import sys
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.environment import TemplateExpression
from jinja2.exceptions import TemplateSyntaxError
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

from .. import labels
from ..errors import LibraryError
from ..model import Answers
from ..model.contracts import ServiceContract
from .compiled_cache import CompiledCache, cache_file, entry_key

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


@lru_cache(maxsize=1)
def compiled_cache() -> CompiledCache:
    """Return the cache of compiled templates shared between runs (saved when Python exits)."""
    env = environment()
    settings = "|".join((jinja2.__version__, type(env).__name__, _folded_code(), repr(sorted(
        (key, value) for key, value in vars(env).items() if isinstance(value, str | bool)))))
    cache = CompiledCache(cache_file(settings))
    atexit.register(cache.save)
    return cache


def _folded_code() -> str:
    """Return a digest of the code Jinja may fold into compiled templates.

    Jinja applies ``finalize`` (:func:`protect`, here) and filters on constants at compile
    time, so a cached template is only valid with the same source of this module and of
    :mod:`alliancedocs.labels`.
    """
    digest = hashlib.sha256()
    for module in (sys.modules[__name__], labels):
        origin = module.__spec__.origin if module.__spec__ else None
        digest.update(Path(origin).read_bytes() if origin else b"?")
    return digest.hexdigest()


@lru_cache(maxsize=1024)
def _compiled(source: str) -> Any:
    """Return the template for clause text ``source``, compiled once across runs."""
    env = environment()
    cache, key = compiled_cache(), entry_key("text", source)
    code = cache.get(key)
    if code is None:
        code = env.compile(source)
        cache.put(key, code)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


@lru_cache(maxsize=1024)
def _expression(condition: str) -> Any:
    """Return ``condition`` as a callable expression, compiled once across runs.

    This is :meth:`jinja2.Environment.compile_expression` with its compiled code cached.
    """
    env = environment()
    cache, key = compiled_cache(), entry_key("expression", condition)
    code = cache.get(key)
    if code is None:
        parser = Parser(env, condition, state="variable")
        expression = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("chunk after expression",
                                      parser.stream.current.lineno, None, None)
        expression.set_environment(env)
        body = [nodes.Assign(nodes.Name("result", "store"), expression, lineno=1)]
        code = env.compile(nodes.Template(body, lineno=1))
        cache.put(key, code)
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return TemplateExpression(template, undefined_to_none=False)
