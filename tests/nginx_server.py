"""The container's nginx configuration (deploy/nginx/), run for real in front of the test cluster.

The files are used as they are, with only what the container provides swapped for local paths:
the folders, a free loopback port instead of 8080, and the two test servers' ports instead of the
Compose names (Debian's nginx has no `resolve`). The page is prepared as the image does it
(deploy/nginx/Dockerfile: the widget posts to its own origin). One line is added for the tests:
a log of which Rasa server answered each request.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from tests.servers import ROOT, free_port, stop_process

NGINX = ROOT / "deploy" / "nginx"


class NginxServer:
    def __init__(self, rasa_ports: list[int]):
        if not shutil.which("nginx"):
            raise RuntimeError("nginx is not installed. On Debian or Ubuntu: sudo apt-get install nginx-light")
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="send-guide-nginx-"))
        self.root.chmod(0o755)  # nginx's workers run as another user when started as root
        self.upstream_log = self.root / "upstream.log"
        self._configure(rasa_ports)
        self.process: subprocess.Popen | None = None

    def _configure(self, rasa_ports: list[int]) -> None:
        conf = self.root / "conf"
        conf.mkdir()
        html = self.root / "html"
        shutil.copytree(ROOT / "web", html)
        page = html / "index.html"
        page.write_text(re.sub(r'data-server-url="[^"]*"', 'data-server-url=""', page.read_text()))
        for path in [self.root, conf, *html.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)

        def local(text: str) -> str:
            return (
                text.replace("/tmp/", f"{self.root}/")  # first: the paths below are under /tmp too
                .replace("/etc/nginx/send-guide/", f"{conf}/")
                .replace("/usr/share/nginx/html", str(html))
            )

        main = local((NGINX / "nginx.conf").read_text())
        main = main.replace(
            "    access_log /dev/stdout send_guide;",
            "    access_log /dev/stdout send_guide;\n"
            f"    log_format upstream '$uri $status $upstream_addr';\n    access_log {self.upstream_log} upstream;",
        )
        (conf / "nginx.conf").write_text(main)
        (conf / "site.conf").write_text(
            local((NGINX / "site.conf").read_text()).replace("listen 8080;", f"listen 127.0.0.1:{self.port};")
        )
        shutil.copy(NGINX / "headers.conf", conf / "headers.conf")
        servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in rasa_ports)
        (conf / "upstream.conf").write_text(f"upstream send_guide_rasa {{\n{servers}    keepalive 16;\n}}\n")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> NginxServer:
        conf = self.root / "conf" / "nginx.conf"
        log = open(self.root / "nginx.log", "ab")
        self.process = subprocess.Popen(
            ["nginx", "-p", str(self.root), "-c", str(conf), "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped:\n{(self.root / 'nginx.log').read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/healthz", timeout=2).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("nginx did not start")

    def stop(self) -> None:
        stop_process(self.process)
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        return (self.root / "nginx.log").read_text(errors="replace")

    def upstreams(self) -> list[str]:
        """Which Rasa server (127.0.0.1:port) answered each proxied request, in order."""
        return [line.split()[2] for line in self.upstream_log.read_text().splitlines() if line.split()[2] != "-"]
