"""Fuzzing in the suite: mutated examples through the command line, in-process.

Seeded (``derandomize``), so every run tries the same cases, and bounded to a few dozen
builds. ``python scripts/fuzz.py --examples 10000`` runs the same cases at scale.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fuzzing import fuzz_case

SUITE_EXAMPLES = 60


@settings(max_examples=SUITE_EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_examples_build_or_are_refused_where_they_are_wrong(
        tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    workdir = tmp_path_factory.mktemp("fuzz")
    outcome = fuzz_case(data.draw, workdir)
    event(outcome.kind)
    shutil.rmtree(workdir)
