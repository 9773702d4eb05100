"""Shared test helpers: where the project's fixtures and the third-party data live."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cleantext.cache import CACHE_ENV
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


def wet_bytes(texts: list[str], gzipped: bool = True, others: bool = False) -> bytes:
    """A WET file as Common Crawl writes one: a warcinfo record, then a conversion record per text.

    With ``others``, each text's HTML response record comes before it, as in a WARC.
    """
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    writer.write_record(writer.create_warcinfo_record("tests.warc.wet.gz", {"software": "tests"}))
    for i, text in enumerate(texts):
        uri = f"https://example.com/{i}"
        if others:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            page = io.BytesIO(b"<html><body><p>Breaking News</p><p>Not text/plain: never cleaned.</p></body></html>")
            writer.write_record(writer.create_warc_record(uri, "response", payload=page, http_headers=http))
        payload = io.BytesIO(text.encode("utf-8"))
        writer.write_record(
            writer.create_warc_record(uri, "conversion", payload=payload, warc_content_type="text/plain")
        )
    return out.getvalue()


def wet_texts(data: bytes) -> list[str]:
    """The texts of a WET file's conversion records, read by warcio with every digest checked."""
    import io

    from warcio.archiveiterator import ArchiveIterator

    return [
        record.content_stream().read().decode("utf-8")
        for record in ArchiveIterator(io.BytesIO(data), check_digests="raise")
        if record.rec_type == "conversion"
    ]


@pytest.fixture(autouse=True, scope="session")
def _own_scan_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The cache (compiled patterns, scan databases) goes to a folder of the test run's own.

    So every run starts with none, as a first run on a new machine does: the tests see the per-line
    prefilter until a database is built (the commands the tests start inherit the folder).
    """
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("scan-cache"))
    yield
    if previous is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = previous
