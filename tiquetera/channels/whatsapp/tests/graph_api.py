"""A stand-in for Meta's Graph API on 127.0.0.1 (a free port), checking every request against
the documented format: the bearer token, the version in the path, the send endpoint's JSON
shape, media URLs fetched with the token. A request that does not match is answered as Meta
would (401, 400, 404) and noted in `problems`; the fixture fails the test if any was noted.

`media[id] = (bytes, mime type)` serves a media file; `refuse_sends(status, code, times)` makes
the next sends fail; `sent` holds every accepted send's JSON body."""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TOKEN = "test-graph-token"
VERSION = "v21.0"
PHONE_NUMBER_ID = "106540352242922"
Answer = tuple[int, str, bytes]  # status, content type, body
SEND_KEYS = {"messaging_product", "recipient_type", "to", "type", "text"}


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    authorization: str
    body: Any


class GraphApi:
    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.sent: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.media: dict[str, tuple[bytes, str]] = {}
        self.media_failures = 0  # the next media lookups answer 500
        self._refusals: list[tuple[int, dict[str, Any]]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def refuse_sends(self, status: int, code: int, *, times: int = 1, message: str = "") -> None:
        error = {"message": message or "Refused", "type": "OAuthException", "code": code}
        self._refusals.extend([(status, {"error": {**error, "fbtrace_id": "AbC"}})] * times)

    def paths(self, method: str = "") -> list[str]:
        return [s.path for s in self.seen if not method or s.method == method]

    # --- the API ----------------------------------------------------------------------------
    def answer(
        self, method: str, path: str, authorization: str, raw: bytes, content_type: str
    ) -> Answer:
        body: Any = raw
        if method == "POST":
            try:
                body = json.loads(raw)
            except ValueError:
                body = raw
        with self._lock:
            self.seen.append(Seen(method, path, authorization, body))
        if authorization != f"Bearer {TOKEN}":
            return self._problem(401, f"{method} {path}: authorization {authorization!r}")
        if method == "POST" and path == f"/{VERSION}/{PHONE_NUMBER_ID}/messages":
            return self._send(body, content_type)
        if method == "GET" and (match := re.fullmatch(rf"/{VERSION}/(\w+)", path.split("?")[0])):
            return self._media_info(match.group(1))
        if method == "GET" and (match := re.fullmatch(r"/lookaside/(\w+)\?.*", path)):
            content, mime_type = self.media[match.group(1)]
            return 200, mime_type, content
        return self._problem(404, f"{method} {path}: no such endpoint")

    def _send(self, body: Any, content_type: str) -> Answer:
        problems = []
        if content_type != "application/json":
            problems.append(f"content type {content_type!r}")
        if not isinstance(body, dict) or set(body) != SEND_KEYS:
            problems.append(f"keys {sorted(body) if isinstance(body, dict) else body!r}")
        else:
            expected = {"messaging_product": "whatsapp", "recipient_type": "individual"}
            problems += [f"{k}={body[k]!r}" for k, v in expected.items() if body[k] != v]
            if body["type"] != "text" or set(body["text"]) != {"body"}:
                problems.append(f"type {body['type']!r}, text {body['text']!r}")
            elif not 0 < len(body["text"]["body"]) <= 4096:
                problems.append("text.body empty or over 4096 characters")
            if not re.fullmatch(r"[1-9]\d{7,14}", str(body["to"])):
                problems.append(f"to={body['to']!r} is not the number's digits")
        if problems:
            return self._problem(400, "send: " + "; ".join(problems))
        if self._refusals:
            status, error = self._refusals.pop(0)
            return status, "application/json", json.dumps(error).encode()
        self.sent.append(body)
        wamid = f"wamid.OUT{next(self._ids)}"
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": wamid}],
        }
        return 200, "application/json", json.dumps(answer).encode()

    def _media_info(self, media_id: str) -> Answer:
        if self.media_failures:
            self.media_failures -= 1
            error = {"error": {"message": "Service unavailable", "code": 2}}
            return 503, "application/json", json.dumps(error).encode()
        if media_id not in self.media:
            return self._problem(404, f"no media {media_id}")
        content, mime_type = self.media[media_id]
        info = {
            "messaging_product": "whatsapp",
            "url": f"{self.url}/lookaside/{media_id}?ext=1&hash=x",
            "mime_type": mime_type,
            "sha256": hashlib.sha256(content).hexdigest(),
            "file_size": str(len(content)),
            "id": media_id,
        }
        return 200, "application/json", json.dumps(info).encode()

    def _problem(self, status: int, problem: str) -> Answer:
        self.problems.append(problem)
        error = {"error": {"message": problem, "type": "OAuthException", "code": 100}}
        return status, "application/json", json.dumps(error).encode()


def _handler(api: GraphApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            status, content_type, body = api.answer(
                method,
                self.path,
                self.headers.get("Authorization", ""),
                raw,
                (self.headers.get("Content-Type") or "").split(";")[0],
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def graph_api(settings: Any) -> Iterator[GraphApi]:
    api = GraphApi()
    api.start()
    settings.WHATSAPP_API_URL = api.url
    settings.WHATSAPP_API_VERSION = VERSION
    settings.WHATSAPP_TOKEN = TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
    try:
        yield api
    finally:
        api.stop()
    assert api.problems == [], "requests that do not follow the Graph API's documented format"
