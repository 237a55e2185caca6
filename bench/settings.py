"""Settings for benchmarks: Kizuna's own settings, plus the floor view (bench/floor_urls.py).

Everything else (database from DATABASE_URL, middleware, templates) is exactly what production runs.
"""

import os
from pathlib import Path

from kizuna.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
# Where bench/run.py writes the bytes of each measured page, for the floor view to answer with.
BENCH_FLOOR_DIR = Path(
    os.environ.get("KIZUNA_BENCH_FLOOR_DIR", Path(__file__).resolve().parent / "results" / "floor")
)
