"""Package marker: lets an installed alliancedocs find this folder through importlib.resources
(as alliancedocs.data.schemas; see pyproject.toml and src/alliancedocs/resources.py)."""
