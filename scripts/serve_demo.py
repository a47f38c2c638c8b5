"""Serve the demo council page and the widget (web/) on localhost, as a council's web server would.

    python scripts/serve_demo.py [--port 8080] [--rasa-url http://localhost:5005]

--rasa-url is written into the page's embed tag, and is the only place the page may connect to
(Content-Security-Policy), so the widget is shown working under a strict policy. So is what the
widget says when it cannot reach the assistant (data-fault-text), from content/: the council's
facts live there, never in the widget's code.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from guide.content import load_content  # noqa: E402
from guide.replies import widget_unreachable_text  # noqa: E402

WEB = ROOT / "web"
DEFAULT_RASA_URL = "http://localhost:5005"
EMBED = f'data-server-url="{DEFAULT_RASA_URL}"'


def demo_page(rasa_url: str) -> str:
    fault_text = html.escape(widget_unreachable_text(load_content()), quote=True)
    return (
        (WEB / "index.html").read_text().replace(EMBED, f'data-server-url="{rasa_url}" data-fault-text="{fault_text}"')
    )


class DemoHandler(http.server.SimpleHTTPRequestHandler):
    rasa_url = DEFAULT_RASA_URL

    def end_headers(self) -> None:
        self.send_header(
            "Content-Security-Policy", f"default-src 'self'; connect-src 'self' {self.rasa_url}; frame-ancestors 'none'"
        )
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        if self.path.split("?")[0] in ("/", "/index.html"):
            body = demo_page(self.rasa_url).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass  # no access log: nothing about visitors is kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--rasa-url", default=DEFAULT_RASA_URL)
    args = parser.parse_args()
    handler = type("Handler", (DemoHandler,), {"rasa_url": args.rasa_url.rstrip("/")})
    server = http.server.ThreadingHTTPServer((args.bind, args.port), functools.partial(handler, directory=str(WEB)))
    server.serve_forever()


if __name__ == "__main__":
    main()
