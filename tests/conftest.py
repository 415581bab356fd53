import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

SHARED = Path(os.environ.get("EVENTLINE_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared data folder: skipped with a reason where it is absent, a failure in CI."""
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must have the shared data folder at {SHARED}")
        pytest.skip(f"the shared data folder {SHARED} is absent (set EVENTLINE_SHARED to point at it)")
    return SHARED
