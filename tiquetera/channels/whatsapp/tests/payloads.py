"""Webhook bodies as Meta sends them: the fixture files (shapes from Meta's webhook reference)
with the sender, ids, times and contents a test needs."""

import copy
import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

FIXTURES = Path(__file__).parent / "fixtures"
ANA = "573106149927"  # the contact's number as WhatsApp gives it (E.164 digits, no "+")
_ids = itertools.count(1)


def fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def _value(payload: dict[str, Any]) -> dict[str, Any]:
    return payload["entry"][0]["changes"][0]["value"]


def _stamp(at: dt.datetime | None) -> str:
    return str(int((at or timezone.now()).timestamp()))


def text(
    body: str = "", *, sender: str = ANA, wamid: str = "", at: dt.datetime | None = None
) -> dict:
    payload = fixture("text_message")
    value = _value(payload)
    value["contacts"][0]["wa_id"] = sender
    message = value["messages"][0]
    message.update(
        {"from": sender, "id": wamid or f"wamid.IN{next(_ids)}", "timestamp": _stamp(at)}
    )
    if body:  # else Meta's example text
        message["text"]["body"] = body
    return payload


def media(
    kind: str,
    media_id: str,
    *,
    mime_type: str,
    caption: str = "",
    filename: str = "",
    sender: str = ANA,
) -> dict:
    payload = fixture("image_message")
    value = _value(payload)
    value["contacts"][0]["wa_id"] = sender
    message = value["messages"][0]
    del message["image"]
    body: dict[str, Any] = {"mime_type": mime_type, "sha256": "x", "id": media_id}
    if caption:
        body["caption"] = caption
    if filename:
        body["filename"] = filename
    message.update(
        {
            "from": sender,
            "id": f"wamid.IN{next(_ids)}",
            "timestamp": _stamp(None),
            "type": kind,
            kind: body,
        }
    )
    return payload


def image(media_id: str, *, caption: str = "") -> dict:
    payload = fixture("image_message")
    message = _value(payload)["messages"][0]
    message.update({"id": f"wamid.IN{next(_ids)}", "timestamp": _stamp(None)})
    message["image"]["id"] = media_id
    if caption:
        message["image"]["caption"] = caption
    else:
        del message["image"]["caption"]
    return payload


def statuses(*updates: tuple[str, str], errors: list[dict] | None = None) -> dict:
    """(wamid, status) pairs in one delivery, in the given order."""
    payload = fixture("statuses")
    value = _value(payload)
    template = value["statuses"][0]
    value["statuses"] = []
    for wamid, status in updates:
        update = copy.deepcopy(template)
        update.update({"id": wamid, "status": status, "timestamp": _stamp(None)})
        if status == "failed":
            update.pop("conversation")
            update.pop("pricing")
            update["errors"] = errors or []
        value["statuses"].append(update)
    return payload
