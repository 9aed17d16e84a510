"""A real S3-compatible server for the storage tests: moto in server mode on 127.0.0.1.

`.ci/run` starts it (port 5555) and sets NEWSROOM_REQUIRE_S3=1, so on CI the S3 tests run or fail,
never skip. Elsewhere the fixture starts `moto_server` itself when it is installed.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

HOST = "127.0.0.1"
PORT = int(os.environ.get("NEWSROOM_S3_TEST_PORT", "5555"))
CREDENTIALS = {"S3_REGION": "us-east-1", "S3_ACCESS_KEY_ID": "testing", "S3_SECRET_ACCESS_KEY": "testing"}


@dataclass
class S3Server:
    endpoint: str

    def environment(self, bucket: str, *, public: bool = False) -> dict[str, str]:
        """The `S3_*` variables a deployment would set for this bucket."""
        env = {**CREDENTIALS, "S3_BUCKET": bucket, "S3_ENDPOINT_URL": self.endpoint, "S3_ADDRESSING_STYLE": "path"}
        if public:
            # A public bucket: here through object ACLs; on AWS often a bucket policy instead.
            env["S3_PUBLIC_URL"] = f"{self.endpoint}/{bucket}"
            env["S3_DEFAULT_ACL"] = "public-read"
        return env

    def new_bucket(self) -> str:
        import boto3

        name = f"newsroom-{uuid.uuid4().hex[:12]}"
        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_bucket(Bucket=name)
        return name

    def keys(self, bucket: str) -> list[str]:
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def _listening() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, PORT)) == 0


def _unavailable(reason: str) -> None:
    if os.environ.get("NEWSROOM_REQUIRE_S3"):
        pytest.fail(f"{reason} (required because NEWSROOM_REQUIRE_S3 is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """The S3-compatible server, started here when nothing listens on its port yet."""
    process = None
    if not _listening():
        command = shutil.which("moto_server") or (
            os.path.join(os.path.dirname(os.sys.executable), "moto_server")
            if os.path.exists(os.path.join(os.path.dirname(os.sys.executable), "moto_server"))
            else None
        )
        if command is None:
            _unavailable("moto_server is not installed (pip install 'moto[server]') and nothing listens on :5555")
        process = subprocess.Popen(
            [command, "-H", HOST, "-p", str(PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while not _listening():
            if process.poll() is not None or time.monotonic() > deadline:
                _unavailable("moto_server did not start")
            time.sleep(0.1)  # waiting for the server to start, not for behaviour under test
    try:
        yield S3Server(f"http://{HOST}:{PORT}")
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=10)
