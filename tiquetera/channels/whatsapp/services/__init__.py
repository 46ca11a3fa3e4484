"""The WhatsApp channel's services: webhook deliveries in (`inbound`), messages out
(`outbound`). Views, tasks and the desk call these names."""

from .inbound import ProcessCounts, accept_webhook, find_contact, process_due, retry_deliveries
from .outbound import (
    SendCounts,
    queue_whatsapp,
    queue_whatsapp_to_sender,
    record_status,
    send_agent_reply,
    send_due,
)

__all__ = [
    "ProcessCounts",
    "SendCounts",
    "accept_webhook",
    "find_contact",
    "process_due",
    "queue_whatsapp",
    "queue_whatsapp_to_sender",
    "record_status",
    "retry_deliveries",
    "send_agent_reply",
    "send_due",
]
