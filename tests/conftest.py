"""Shared test helpers: where the project's fixtures and the third-party data live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cleantext.cli import main

# "ci" (the default) keeps property tests to a few seconds each and draws the
# same examples on every run, so that a red run is the change's, not the draw's;
# "fuzz" draws afresh and digs deeper: HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py
settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck))
# "long": the search to run before a change to the engine lands (100,000 examples per
# property; the streamed path with small sections, see test_stream.py):
# HYPOTHESIS_PROFILE=long pytest tests/test_properties.py tests/test_fuzz.py tests/test_stream.py
settings.register_profile("long", max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
RULE_FIXTURES = ROOT / "fixtures" / "rules"
# Third-party data stays outside the project; CI always has it beside the checkout.
SHARED = Path(os.environ.get("CLEANTEXT_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
BENCH = SHARED / "bench"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"SHARED_DATA_MISSING: seed articles not found at {SEEDS}")
needs_bench = pytest.mark.skipif(not BENCH.is_dir(), reason=f"SHARED_DATA_MISSING: benchmark data not found at {BENCH}")

#: Two paragraphs of ordinary prose that no rule may touch, written for these tests.
PROSE_BEFORE = "The council met on Tuesday evening to discuss the budget for the coming year, and the debate ran late."
PROSE_AFTER = "Several residents spoke against the plan, arguing that the new road would cut the village in two."
#: Those paragraphs between a banner and a comment prompt, and what cleaning leaves of that.
JUNKY = f"Breaking News\n\n{PROSE_BEFORE}\n\n{PROSE_AFTER}\n\nLeave a Reply\n"
CLEAN = f"{PROSE_BEFORE}\n\n{PROSE_AFTER}\n"


def run(argv: list[str], capfdbinary: pytest.CaptureFixture[bytes]) -> tuple[int, str, str]:
    """``cleantext`` through ``main``: its exit code, standard output and standard error."""
    code = main(argv)
    captured = capfdbinary.readouterr()
    return code, captured.out.decode(), captured.err.decode()
