"""Fill the template's Jinja placeholders (running header, footer) with docxtpl."""

from __future__ import annotations

import io

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import LibraryError
from .ooxml import clean_text
from .package import Parts, read_zip, zip_parts


def fill_placeholders(parts: Parts, context: dict[str, str]) -> Parts:
    """Return ``parts`` with every ``{{ name }}`` in the body, headers and footers filled.

    Values are data, escaped for XML (autoescape), and a placeholder the context does not
    define is an error (StrictUndefined), reported as a broken template.
    """
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
