"""Varnish (Debian's package) on loopback with deploy/varnish.vcl, its two
backends pointed at local app servers. Used by scripts/scale.py."""

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish.vcl"


def loopback_vcl(app_ports):
    """deploy/varnish.vcl with backend app<n> at 127.0.0.1:<n-th port>."""
    text = VCL.read_text()
    for n, port in enumerate(app_ports, start=1):
        text, found = re.subn(
            rf'(backend app{n} \{{\s*)\.host = "[^"]+";\s*\.port = "\d+";',
            rf'\1.host = "127.0.0.1";\n    .port = "{port}";',
            text,
        )
        if not found:
            raise RuntimeError(f"backend app{n} not found in {VCL}")
    return text


class Varnish:
    def __init__(self, port, app_ports, workdir=None):
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        if not os.path.exists(varnishd):
            raise RuntimeError("varnishd is missing: apt-get install varnish")
        self.port = port
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="varnish-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        vcl = self.workdir / "loopback.vcl"
        vcl.write_text(loopback_vcl(app_ports))
        self.log = open(self.workdir / "varnishd.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(  # noqa: S603 - Debian's varnishd
            [
                varnishd,
                "-F",  # in the foreground: this process owns it
                "-j",
                "none",  # no privilege separation: a throwaway instance
                "-n",
                str(self.workdir / "instance"),
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "none",
                "-f",
                str(vcl),
                "-s",
                "malloc,64m",
                "-t",
                "0",
                "-p",
                "ban_lurker_sleep=0.01",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_ready()

    def wait_ready(self, seconds=30):
        import socket

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            with socket.socket() as sock:
                sock.settimeout(0.5)
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"varnishd did not start; see {self.log.name}")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if not self.log.closed:
            self.log.close()
