"""What the gunicorn benchmarks share: a throw-away database, a free port, a started server, news-like text,
and a page loaded with `wrk` against a trivial view of the same size."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = 2
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))

WORDS = [
    "council",
    "harbour",
    "wall",
    "budget",
    "night",
    "talks",
    "groups",
    "ground",
    "costs",
    "spring",
    "years",
    "minister",
    "ceasefire",
    "missiles",
    "peninsula",
    "weapons",
    "delivery",
    "allies",
    "summit",
    "capital",
    "agreement",
    "defence",
    "statement",
    "report",
    "government",
    "reporters",
    "parliament",
    "election",
    "committee",
    "spokesman",
    "morning",
    "evening",
    "region",
    "border",
    "negotiations",
]


def body_text(seed: int, words_per_paragraph: int = 75, paragraphs: int = 8) -> str:
    """About 600 words in paragraphs with two subheadings, shaped like a news piece."""
    rng = random.Random(seed)
    blocks = [
        " ".join(rng.choice(WORDS) for _ in range(words_per_paragraph)).capitalize() + "." for _ in range(paragraphs)
    ]
    return "\n\n".join([*blocks[:3], "## What comes next", *blocks[3:6], "## The reaction", *blocks[6:]])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(env: dict[str, str], tmp: str) -> None:
    """BENCH_DATABASE_URL (a PostgreSQL database, dropped and created) or a SQLite file in tmp."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url and url.startswith("postgres"):
        name = url.rsplit("/", 1)[1]
        admin = url.rsplit("/", 1)[0] + "/postgres"
        for sql in (f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'):
            subprocess.run(["psql", admin, "-q", "-c", sql], check=True)
        env["DATABASE_URL"] = url
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    """gunicorn on the loopback, returned once it answers."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "newsroom.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)  # gunicorn is still starting
    server.kill()
    raise SystemExit("gunicorn did not start within 30 s")


def fetch(url: str, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200, (url, response.status)
        return response.read()


def wrk(url: str, seconds: int, headers: dict[str, str] | None = None) -> float:
    """Requests per second wrk reaches on the URL (non-2xx answers make the run fail)."""
    header_options = [option for name, value in (headers or {}).items() for option in ("-H", f"{name}: {value}")]
    result = subprocess.run(
        ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{seconds}s", "--latency", *header_options, url],
        capture_output=True,
        text=True,
        check=True,
    )
    if "Non-2xx" in result.stdout:
        raise SystemExit(f"wrk got error answers from {url}:\n{result.stdout}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if not match:
        raise SystemExit(f"could not read wrk's output:\n{result.stdout}")
    latency = re.search(r"^\s+50%\s+(\S+)", result.stdout, re.MULTILINE)
    print(f"  {url}: {float(match[1]):,.0f} req/s, median latency {latency[1] if latency else '?'}", flush=True)
    return float(match[1])


def server_env(tmp: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off) for a benchmark's gunicorn, its files in `tmp`."""
    return {
        **os.environ,
        "BENCH_TMP": tmp,
        "DJANGO_SETTINGS_MODULE": "bench.site_bench_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",  # a port in Host is fine for Django
        "BENCH_STATIC_ROOT": f"{tmp}/static",
        "MEDIA_ROOT": f"{tmp}/media",
        # Plain HTTP on the loopback: no redirect to https (a proxy terminates TLS in production).
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def against_trivial_view(
    *,
    name: str,
    label: str,
    target: float,
    build: Callable[[int], tuple[str, int, dict[str, str]]],
    check: Callable[[str, bytes], None] | None = None,
    **extra_env: str,
) -> int:
    """Load a page and a trivial view returning as many bytes through the same middleware, under gunicorn
    with `wrk` from a second process, in alternating rounds; print both rates and their ratio.

    `build(port)` fills the database (already migrated by the caller's choice of settings) and returns
    the page's path, its size and the request headers it needs; `check(base, page)` may inspect the page.
    """
    if shutil.which("wrk") is None:
        print("wrk is not installed. Install it with:  sudo apt-get install wrk   (Debian/Ubuntu)", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix=f"newsroom-bench-{name}-")
    env = server_env(tmp, **extra_env)
    prepare_database(env, tmp)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    server = None
    try:
        started = time.monotonic()
        port = free_port()
        path, size, headers = build(port)
        print(f"set-up {time.monotonic() - started:.1f} s; gunicorn {WORKERS} workers, wrk {CONNECTIONS} connections")
        env["BENCH_TRIVIAL_BYTES"] = str(size)
        server = start_gunicorn(env, port, WORKERS)
        base = f"http://127.0.0.1:{port}"
        page_url, trivial_url = base + path, base + "/bench-trivial/"
        page = fetch(page_url, headers)
        assert len(page) == size == len(fetch(trivial_url)), "the trivial view must answer as many bytes"
        if check is not None:
            check(base, page)
        # Warm up until both rates settle: a fresh gunicorn on this VM runs slowly for its first seconds.
        wrk(trivial_url, 5)
        wrk(page_url, 5, headers)
        print(f"measured ({ROUNDS} alternating rounds of {SECONDS // ROUNDS} s each):")
        floors, pages = [], []
        for _round in range(ROUNDS):
            floors.append(wrk(trivial_url, SECONDS // ROUNDS))
            pages.append(wrk(page_url, SECONDS // ROUNDS, headers))
        # Each round's page against the trivial view just before it; the median of those ratios is the
        # figure (a burst of other work on the machine spoils one round, not the result).
        ratio = statistics.median(page / floor for floor, page in zip(floors, pages, strict=True))
        floor, rate = statistics.median(floors), statistics.median(pages)
        print(f"trivial view: {floor:,.0f} req/s")
        print(f"{label}: {rate:,.0f} req/s")
        print(f"ratio: {ratio:.0%} ({'meets' if ratio >= target else 'misses'} the target of {target:.0%})")
        return 0
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
