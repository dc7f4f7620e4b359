"""Fill the template's Jinja placeholders (running header, footer) with docxtpl."""

from __future__ import annotations

import io
import re

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import LibraryError
from .ooxml import clean_text
from .package import Parts, read_zip, zip_parts

PLACEHOLDERS = ("header_text", "draft_label", "title")
"""The names a template's placeholders may use: ``{{ header_text }}`` and so on."""

_TAG = re.compile(r"<[^>]*>")
_JINJA = re.compile(r"\{[{%#_]|[}%#_]\}")
_PLAIN = re.compile(r"\{\{\s*(?:" + "|".join(PLACEHOLDERS) + r")\s*\}\}")


def fill_placeholders(parts: Parts, context: dict[str, str]) -> Parts:
    """Return ``parts`` with every ``{{ name }}`` in the body, headers and footers filled.

    Values are data, escaped for XML (autoescape), and a placeholder the context does not
    define is an error (StrictUndefined), reported as a broken template.
    """
    # Imported here: only rendering a template uses docxtpl (and, through it, python-docx).
    from docxtpl import DocxTemplate

    env = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    safe = {key: clean_text(value) for key, value in context.items()}
    template = DocxTemplate(io.BytesIO(zip_parts(parts)))
    try:
        template.render(safe, jinja_env=env, autoescape=True)
    except TemplateError as error:
        raise LibraryError(f"template placeholder error: {error}") from None
    out = io.BytesIO()
    template.save(out)
    return read_zip(out.getvalue())


def plain_placeholders(parts: Parts) -> bool:
    """Return True if every Jinja tag in the template's XML is a plain ``{{ name }}``.

    Such a template's placeholders only print their values, so it can be filled once with
    markers and each document's values swapped in (see :mod:`.template`).
    """
    for name, data in parts.items():
        if not name.endswith(".xml") or b"{" not in data:
            continue
        text = _TAG.sub("", data.decode("utf-8", "replace"))
        if _JINJA.search(_PLAIN.sub("", text)):
            return False
    return True
