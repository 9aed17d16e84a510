"""What the gunicorn benchmarks share: a throw-away database, a free port, a started server, news-like text."""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

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
