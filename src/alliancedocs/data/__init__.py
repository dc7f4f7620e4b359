"""Data shipped with the package, mapped in at build time from the repository's top-level
clauses/, templates/, schemas/ and examples/ folders (see pyproject.toml). Read them through
:mod:`alliancedocs.resources`."""
