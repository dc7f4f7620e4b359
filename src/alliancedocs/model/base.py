"""Shared building blocks of the answers model: the base section class and value types."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=40),
    Field(
        description="A short lower-case identifier, such as `lambeth-council`. Use letters, "
        "digits and single hyphens; other answers refer to it.",
        examples=["lambeth-council"],
    ),
]
"""A stable identifier that other answers use to refer to this item."""

Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2, description="An amount in pounds, with at "
          "most two decimal places (pence). Write it without the £ sign or commas.",
          examples=["1250000.00"]),
]
"""A non-negative sum of money in pounds and pence."""

Percent = Annotated[
    Decimal,
    Field(ge=0, le=100, max_digits=5, decimal_places=2, description="A percentage from 0 to "
          "100, with at most two decimal places."),
]
"""A percentage from 0 to 100."""

LINE_BREAKS = "\r\n\u0085\u2028\u2029"
"""Characters that end a line in an answer: each run of them, with the spaces and tabs
around it, becomes one space, since an answer is printed as part of one paragraph."""

_BREAK_RUN = re.compile(r"(?:[ \t]*[\r\n\u0085\u2028\u2029])+[ \t]*")
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
                      "\ud800-\udfff\ufffe\uffff]")


def plain_text(value: Any) -> Any:
    """Return an answer's text as it will be printed, or refuse a character Word cannot hold.

    This is the one place that decides what the characters of a text answer mean:

    - a line break (``\\n``, ``\\r``, U+0085, U+2028, U+2029), or a run of them with the
      spaces and tabs around it, becomes one space; a tab becomes a space;
    - every other control character (U+0000 to U+001F, such as a vertical tab U+000B, a
      form feed U+000C or the separators U+001C to U+001E, and U+007F to U+009F), a lone
      surrogate, U+FFFE and U+FFFF is refused: a Word document cannot store it;
    - everything else, including private-use characters and characters that look like
      clause markup (``[[``, ``**``, ``{{``), is kept exactly as typed.

    Spaces at either end are then removed (by the section's ``str_strip_whitespace``).
    Values that are not text are returned unchanged for pydantic to refuse.
    """
    if not isinstance(value, str):
        return value
    refused = _REFUSED.search(value)
    if refused:
        character = refused.group()
        name = unicodedata.name(character, "") or _CONTROL_NAMES.get(character, "control")
        raise PydanticCustomError(
            "text_character",
            "the text holds the character U+{code} ({name}), which a Word document cannot "
            "store",
            {"code": f"{ord(character):04X}", "name": name.lower(),
             "position": refused.start() + 1})
    return _BREAK_RUN.sub(" ", value).replace("\t", " ")


_CONTROL_NAMES = {"\x0b": "vertical tab", "\x0c": "form feed", "\x1c": "file separator",
                  "\x1d": "group separator", "\x1e": "record separator",
                  "\x1f": "unit separator", "\x00": "null", "\x7f": "delete"}

Text = Annotated[str, BeforeValidator(plain_text), StringConstraints(min_length=1,
                                                                       max_length=4000)]
"""Free text that must not be empty (see :func:`plain_text` for the characters allowed)."""

ShortText = Annotated[str, BeforeValidator(plain_text), StringConstraints(min_length=1,
                                                                            max_length=200)]
"""A short piece of free text, such as a name or title."""


class Section(BaseModel):
    """Base class of every answers section: unknown keys are errors; values are immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
        validate_default=True,
    )
