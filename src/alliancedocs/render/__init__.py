"""The Word renderer: the only code that knows WordprocessingML.

``render_docx`` turns a :class:`~alliancedocs.docmodel.Document` into ``.docx`` bytes using
a template of named styles and numbering (``templates/base``), optionally restyled by a
house ``--reference-doc``.
"""

from __future__ import annotations

from .body import bookmark_name
from .package import load_template
from .render import DEFAULT_TEMPLATE, render_docx
from .template import PreparedTemplate, prepare_template

__all__ = ["DEFAULT_TEMPLATE", "PreparedTemplate", "bookmark_name", "load_template",
           "prepare_template", "render_docx"]
