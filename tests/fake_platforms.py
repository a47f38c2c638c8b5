"""A local stand-in for messaging platforms' APIs (there is no internet here): it records every
request the assistant sends, so tests can assert what a family would see on their phone."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


class FakePlatformApi:
    def __init__(self, port: int):
        self.requests: list[dict] = []
        self.get_routes: dict[str, dict] = {}  # path -> JSON to answer a GET with
        self.failing: set[str] = set()  # POSTs to a path containing one of these get a 500
        self.lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the name http.server calls)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    body = json.loads(raw or "{}")
                else:
                    body = {key: values[0] for key, values in parse_qs(raw).items()}
                with api.lock:
                    api.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
                # Enough of each platform's answer for its client: Slack's "ok", Telegram's "result",
                # a Bot Framework token.
                reply = (
                    b'{"ok": true, "sid": "SM0001", "result": {"message_id": 1}, '
                    b'"access_token": "t", "expires_in": 3600}'
                )
                status = 200
                if any(part in self.path for part in api.failing):
                    reply, status = (
                        b'{"ok": false, "error_code": 500, "description": "Internal Server Error", '
                        b'"error": "fatal_error"}',
                        500,
                    )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def do_GET(self):  # noqa: N802
                body = api.get_routes.get(self.path)
                reply = json.dumps(body).encode()
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def sent(self, path_part: str = "", **match: str) -> list[dict]:
        with self.lock:
            return [
                r
                for r in self.requests
                if path_part in r["path"] and all(r["body"].get(k) == v for k, v in match.items())
            ]

    def stop(self) -> None:
        self.server.shutdown()
