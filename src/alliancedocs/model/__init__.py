"""The typed answers model. Import :class:`Answers` from here."""

from .answers import AcknowledgedDeparture, Answers

__all__ = ["AcknowledgedDeparture", "Answers"]
