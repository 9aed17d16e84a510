"""Settings for bench_article_page.py only: production settings plus a bench URL and a temporary STATIC_ROOT."""

import os

from newsroom.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
ROOT_URLCONF = "bench.site_bench_urls"
