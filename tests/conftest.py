"""Suite-wide settings.

Differential tests skip, with the reason, when an engine is missing on a
developer's machine.  CI installs both engines and sets
``CONTENTLINT_REQUIRE_ORACLES=1``: there a missing engine fails the run, so a
green CI always means the parsers were compared with real WordPress and Hugo.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed sequence of examples, so that a red run
# is reproducible and never depends on luck; a failure prints the blob to
# replay it.  Locally the default profile keeps drawing new examples, which is
# how new bugs are found (pass --hypothesis-seed=N to repeat a local run).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_sessionstart(session: pytest.Session) -> None:
    # The result cache of every run in the suite goes to a folder of the
    # session's own, never into the checkout; tests of the cache set their own.
    import tempfile

    os.environ["CONTENTLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="contentlint-cache-")
    if os.environ.get("CONTENTLINT_REQUIRE_ORACLES") != "1":
        return
    from tests.oracles.engines import (
        hugo_unavailable_reason,
        wordpress_import_unavailable_reason,
        wordpress_unavailable_reason,
    )

    missing = [
        f"{engine}: {reason}"
        for engine, reason in (
            ("WordPress", wordpress_unavailable_reason()),
            ("Hugo", hugo_unavailable_reason()),
            ("WordPress importer (PHP's XML extension)", wordpress_import_unavailable_reason()),
        )
        if reason
    ]
    if missing:
        raise pytest.UsageError(
            "CONTENTLINT_REQUIRE_ORACLES=1 but an engine is missing: " + "; ".join(missing)
        )
