"""The webhook Meta calls: GET for the subscription handshake, POST for every notification.

A POST is answered at once: its signature is checked on the raw body, the body is kept and the
worker processes it later (`services.accept_webhook`). Refusals are 403 and a log line; nothing
from a refused request is stored.
"""

import hmac
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .payloads import signature_matches
from .services import accept_webhook

logger = logging.getLogger(__name__)

MAX_CHALLENGE_CHARS = 100


@csrf_exempt
@require_http_methods(["GET", "POST"])
def webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _handshake(request)
    body = request.body
    header = request.headers.get("X-Hub-Signature-256", "")
    if not signature_matches(body, header, settings.WHATSAPP_APP_SECRET):
        logger.warning(
            "WhatsApp webhook POST refused (%s) from %s, %s bytes",
            _why_refused(header),
            request.META.get("REMOTE_ADDR", "?"),
            len(body),
        )
        return HttpResponseForbidden()
    accept_webhook(body)
    return HttpResponse("OK", content_type="text/plain")


def _why_refused(header: str) -> str:
    if not settings.WHATSAPP_APP_SECRET:
        return "no WHATSAPP_APP_SECRET is configured"
    return "the signature does not match" if header else "the request is not signed"


def _handshake(request: HttpRequest) -> HttpResponse:
    """Meta's subscription check: hub.mode=subscribe and our verify token → the challenge."""
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    expected = settings.WHATSAPP_VERIFY_TOKEN
    if (
        request.GET.get("hub.mode") == "subscribe"
        and expected
        and hmac.compare_digest(token.encode(), expected.encode())
        and challenge
        and len(challenge) <= MAX_CHALLENGE_CHARS
    ):
        return HttpResponse(challenge, content_type="text/plain")
    logger.warning(
        "WhatsApp webhook verification refused from %s (mode %r)",
        request.META.get("REMOTE_ADDR", "?"),
        request.GET.get("hub.mode", ""),
    )
    return HttpResponseForbidden()
