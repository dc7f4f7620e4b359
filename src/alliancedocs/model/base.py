"""Shared building blocks of the answers model: the base section class and value types."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

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

Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
"""Free text that must not be empty."""

ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
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
