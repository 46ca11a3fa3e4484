"""The WhatsApp Business Cloud API (Meta's Graph API), with the standard library's urllib.

Sending: POST {WHATSAPP_API_URL}/{WHATSAPP_API_VERSION}/{WHATSAPP_PHONE_NUMBER_ID}/messages with
`{"messaging_product": "whatsapp", "recipient_type": "individual", "to": "<digits>", "type":
"text", "text": {"body": "…"}}`; the answer's `messages[0].id` is the message's wamid.
Media: GET {base}/{version}/{media-id} answers JSON with a short-lived `url`, which is fetched
with the same bearer token. Every request carries `Authorization: Bearer {WHATSAPP_TOKEN}`.
"""

from __future__ import annotations

import json
import mimetypes
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

TIMEOUT_SECONDS = 20
# Meta's codes that mean "later": throttling and temporary unavailability.
RETRYABLE_CODES = {"1", "2", "4", "80007", "130429", "131000", "131016", "131056"}
OUTSIDE_WINDOW = "131047"  # more than 24 hours since the client last wrote: only templates


class GraphError(Exception):
    """A request the API refused or that did not reach it. `retryable` says whether trying again
    later may work (network trouble, 5xx, throttling) or not (a refusal of this very message)."""

    def __init__(self, message: str, *, code: str = "", status: int = 0, retryable: bool) -> None:
        super().__init__(message)
        self.code, self.status, self.retryable = code, status, retryable


@dataclass(frozen=True)
class Download:
    name: str
    content: bytes
    mime_type: str


def send_text(to: str, body: str) -> str:
    """Send `body` to the number `to` (E.164, with or without "+"); the new message's wamid."""
    number_id = urllib.parse.quote(settings.WHATSAPP_PHONE_NUMBER_ID, safe="")
    answer = _json(
        _request(
            "POST",
            f"{_base()}/{number_id}/messages",
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": to.lstrip("+"),
                "type": "text",
                "text": {"body": body},
            },
        )
    )
    messages = answer.get("messages")
    if not isinstance(messages, list) or not messages or not messages[0].get("id"):
        raise GraphError(f"no message id in the answer: {answer!r}", retryable=False)
    return str(messages[0]["id"])


def download_media(media_id: str, *, filename: str = "", limit: int) -> Download:
    """The file of a media message: its URL asked from the API, then fetched with the token.
    GraphError when it is larger than `limit` bytes (not retryable) or cannot be fetched."""
    info = _json(_request("GET", f"{_base()}/{urllib.parse.quote(media_id, safe='')}"))
    url = str(info.get("url", ""))
    if not url.startswith(("https://", "http://")):
        raise GraphError(f"no media URL for {media_id}: {info!r}", retryable=False)
    mime_type = str(info.get("mime_type", "")).split(";")[0].strip()
    content = _request("GET", url, limit=limit)
    extension = (mimetypes.guess_extension(mime_type) or "") if mime_type else ""
    return Download(
        name=filename or f"whatsapp-{media_id}{extension}", content=content, mime_type=mime_type
    )


def _base() -> str:
    return f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_API_VERSION}"


def _request(
    method: str, url: str, payload: dict[str, Any] | None = None, *, limit: int = 1_000_000
) -> bytes:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {settings.WHATSAPP_TOKEN}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body: bytes = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        raise _refusal(error) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise GraphError(f"{method} {url}: {error}", retryable=True) from None
    if len(body) > limit:
        raise GraphError(f"{method} {url}: more than {limit} bytes", retryable=False)
    return body


def _refusal(error: urllib.error.HTTPError) -> GraphError:
    """Meta's error answer `{"error": {"message", "code", "error_data": {"details"}}}`."""
    try:
        detail = json.loads(error.read(100_000)).get("error", {})
    except (ValueError, AttributeError, OSError):
        detail = {}
    detail = detail if isinstance(detail, dict) else {}
    code = str(detail.get("code", ""))
    details = detail.get("error_data", {}).get("details", "") if detail.get("error_data") else ""
    message = " — ".join(filter(None, [str(detail.get("message", "")), str(details)]))
    retryable = error.code >= 500 or error.code == 429 or code in RETRYABLE_CODES
    return GraphError(
        f"HTTP {error.code}: {message or error.reason}",
        code=code,
        status=error.code,
        retryable=retryable,
    )


def _json(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        raise GraphError("the API did not answer JSON", retryable=True) from None
    if not isinstance(data, dict):
        raise GraphError("the API did not answer a JSON object", retryable=True)
    return data
