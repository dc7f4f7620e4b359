"""Test-wide settings."""

import os
import tempfile

# Compiled clause templates are cached in the user's cache folder; keep the tests' apart.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="alliancedocs-test-cache-")
