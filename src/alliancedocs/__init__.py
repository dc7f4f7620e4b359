"""alliancedocs: document assembly for alliance agreements in UK public services."""

__version__ = "0.1.0"
