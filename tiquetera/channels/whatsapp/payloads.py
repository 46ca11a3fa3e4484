"""Meta's webhook, read without Django: the signature check and the payload's messages and
status updates as plain values.

A POST's body is `{"object": "whatsapp_business_account", "entry": [{"changes": [{"field":
"messages", "value": {...}}]}]}`; each `value` has `metadata.phone_number_id`, and `contacts[]`
(`wa_id`, `profile.name`) with `messages[]` (`from`, `id`, `timestamp`, `type` and an object
named after the type: `text.body`, `image.id/mime_type/caption`, `document.filename`, …) or
`statuses[]` (`id`, `status` sent/delivered/read/failed, `timestamp`, `recipient_id`,
`errors[]`). Meta signs the raw body: `X-Hub-Signature-256: sha256=<HMAC-SHA256(app secret)>`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")
SIGNATURE_PREFIX = "sha256="


class PayloadError(ValueError):
    """The body is not a WhatsApp webhook payload we can read."""


def signature_matches(body: bytes, header: str, secret: str) -> bool:
    """Whether `header` is "sha256=" + the hex HMAC-SHA256 of the raw `body` with `secret`
    (compared in constant time). False when the secret or the header is missing."""
    if not secret or not header.startswith(SIGNATURE_PREFIX):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len(SIGNATURE_PREFIX) :].strip().lower())


def sign(body: bytes, secret: str) -> str:
    """The header value Meta would send for `body` (for tests and local tools)."""
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Media:
    id: str
    mime_type: str = ""
    filename: str = ""


@dataclass(frozen=True)
class Message:
    """One message a client sent: `text` is its text, a button's title or a media caption."""

    id: str
    wa_id: str  # the sender's number as digits, as Meta gives it
    kind: str
    sent_at: dt.datetime
    text: str = ""
    media: Media | None = None
    profile_name: str = ""
    phone_number_id: str = ""  # our number that received it


@dataclass(frozen=True)
class StatusUpdate:
    """What became of a message we sent."""

    id: str
    status: str  # sent, delivered, read or failed
    at: dt.datetime
    recipient: str = ""
    error_code: str = ""
    error: str = ""


@dataclass(frozen=True)
class Payload:
    messages: list[Message] = field(default_factory=list)
    statuses: list[StatusUpdate] = field(default_factory=list)


def parse(body: bytes) -> Payload:
    """The messages and status updates in a webhook body; PayloadError when it is not JSON of
    the documented shape. Changes of other fields (templates, account updates) are skipped."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise PayloadError(f"not JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entry"), list):
        raise PayloadError("no entry list")
    payload = Payload()
    for entry in data["entry"]:
        for change in _list(_dict(entry).get("changes")):
            change = _dict(change)
            if change.get("field", "messages") != "messages":
                continue
            value = _dict(change.get("value"))
            number_id = str(_dict(value.get("metadata")).get("phone_number_id", ""))
            names = {
                str(_dict(c).get("wa_id", "")): str(_dict(_dict(c).get("profile")).get("name", ""))
                for c in _list(value.get("contacts"))
            }
            for message in _list(value.get("messages")):
                payload.messages.append(_message(_dict(message), names, number_id))
            for status in _list(value.get("statuses")):
                payload.statuses.append(_status(_dict(status)))
    return payload


def _message(data: dict[str, Any], names: dict[str, str], number_id: str) -> Message:
    kind = str(data.get("type", ""))
    sender = str(data.get("from", ""))
    if not data.get("id") or not sender:
        raise PayloadError("a message without id or sender")
    body = _dict(data.get(kind))
    text, media = "", None
    if kind == "text":
        text = str(body.get("body", ""))
    elif kind == "button":  # a quick-reply button of a template we sent
        text = str(body.get("text", ""))
    elif kind == "interactive":
        reply = _dict(body.get("button_reply") or body.get("list_reply"))
        text = str(reply.get("title", ""))
    elif kind in MEDIA_TYPES:
        text = str(body.get("caption", ""))
        media = Media(
            id=str(body.get("id", "")),
            mime_type=str(body.get("mime_type", "")),
            filename=str(body.get("filename", "")),
        )
    return Message(
        id=str(data["id"]),
        wa_id=sender,
        kind=kind,
        sent_at=_time(data.get("timestamp")),
        text=text,
        media=media,
        profile_name=names.get(sender, ""),
        phone_number_id=number_id,
    )


def _status(data: dict[str, Any]) -> StatusUpdate:
    if not data.get("id") or not data.get("status"):
        raise PayloadError("a status without id or status")
    errors = [_dict(e) for e in _list(data.get("errors"))]
    first = errors[0] if errors else {}
    details = str(_dict(first.get("error_data")).get("details", ""))
    return StatusUpdate(
        id=str(data["id"]),
        status=str(data["status"]),
        at=_time(data.get("timestamp")),
        recipient=str(data.get("recipient_id", "")),
        error_code=str(first.get("code", "")),
        error=" — ".join(filter(None, [str(first.get("title", "")), details])),
    )


def _time(value: object) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(str(value)), tz=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        raise PayloadError(f"not a timestamp: {value!r}") from None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
