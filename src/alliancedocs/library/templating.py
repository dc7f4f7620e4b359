"""The sandboxed Jinja environment that renders clause text and evaluates conditions.

Answers are data, never template source, and they stay data through the clause markup:
:func:`render_text` prints every ``{{ }}`` value as an opaque token (a number between two
NUL characters, which clause files cannot hold and answers validation refuses) and returns
the values beside the text in a :class:`Rendered`. The markup parser sees only the tokens,
so no value, however much it looks like markup, can act as markup; the parser then turns
each token back into its value, exactly as typed.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import StrictUndefined, TemplateError, nodes, pass_context
from jinja2.environment import TemplateExpression
from jinja2.exceptions import TemplateSyntaxError
from jinja2.parser import Parser
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from .. import labels
from ..errors import LibraryError
from ..model import Answers
from ..model.contracts import ServiceContract
from ..model.risk import Regime
from ..riskshare import worked_example
from .compiled_cache import CompiledCache, cache_file, entry_key

TOKEN_MARK = "\x00"
"""The character that opens and closes a value token; never in clause text or answers."""

_TOKEN = re.compile("\x00([0-9]+)\x00")
_VALUES: ContextVar[list[str] | None] = ContextVar("alliancedocs_values", default=None)


@dataclass(frozen=True)
class Rendered:
    """Rendered clause text whose printed values are tokens, and the values themselves."""

    text: str
    values: tuple[str, ...]

    def resolve(self, text: str) -> str:
        """Return ``text`` (a piece of :attr:`text`) with every token replaced by its value."""
        if TOKEN_MARK not in text:
            return text
        return _TOKEN.sub(lambda match: self.values[int(match.group(1))], text)


@pass_context
def _tokenise(context: Context, value: Any) -> str:
    """Jinja ``finalize``: keep ``value`` aside as text and print a token standing for it.

    ``pass_context`` stops Jinja folding a constant through it at compile time, so a token
    always belongs to one rendering, never to a cached template.
    """
    values = _VALUES.get()
    if values is None:
        raise LibraryError("clause text is rendered only through render_text")
    values.append(str(value))
    return f"{TOKEN_MARK}{len(values) - 1}{TOKEN_MARK}"


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """Return the shared sandboxed environment (``StrictUndefined``, markup-safe output)."""
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        finalize=_tokenise,
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
        "worked": (worked_example(answers) if answers.risk_share.regime is not Regime.none
                   else None),
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


def render_text(source: str, context: Mapping[str, Any], where: str) -> Rendered:
    """Render clause ``source`` with ``context``, each printed value kept aside as data.

    Raise :class:`LibraryError` naming ``where`` if the text fails to render or itself holds
    the token character.
    """
    if TOKEN_MARK in source:
        raise LibraryError(f"{where}: the clause text holds a NUL character")
    values: list[str] = []
    reset = _VALUES.set(values)
    try:
        text = _compiled(source).render(context)
    except (TemplateError, TypeError, ValueError, AttributeError) as error:
        line = getattr(error, "lineno", None)
        at = f" (line {line} of the text)" if line else ""
        raise LibraryError(f"{where}{at}: {error}") from None
    finally:
        _VALUES.reset(reset)
    return Rendered(text, tuple(values))


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

    Jinja applies ``finalize`` (:func:`_tokenise`, here) and filters on constants at compile
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
        _check_printed_constants(env.parse(source))
        code = env.compile(source)
        cache.put(key, code)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


_MARKUP = re.compile(r"\[\[|\]\]|\*\*|\{#|@table:|@definitions")


def _check_printed_constants(tree: nodes.Template) -> None:
    """Refuse clause markup written inside ``{{ }}``: a printed value is data, never markup.

    ``{{ 'a' if x else 'see [[ref:b]]' }}`` would print ``[[ref:b]]`` as text; the clause
    must say ``{% if x %}a{% else %}see [[ref:b]]{% endif %}`` instead.
    """
    for output in tree.find_all(nodes.Output):
        for child in output.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            for const in [child, *child.find_all(nodes.Const)]:
                if (isinstance(const, nodes.Const) and isinstance(const.value, str)
                        and _MARKUP.search(const.value)):
                    raise TemplateSyntaxError(
                        f"clause markup {_MARKUP.search(const.value).group()!r} inside "
                        "{{ }} is printed as text, not read as markup; write it in the "
                        "clause text, with {% if %} for a choice", const.lineno)


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
