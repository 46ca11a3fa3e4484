from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from huey.contrib.djhuey import HUEY
from prometheus_client import CONTENT_TYPE_LATEST

from tiquetera.core import metrics


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Whether this process reaches the database and the task queue (200), or not (503)."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # any failure is the answer, not a 500
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        HUEY.storage.queue_size()
        checks["queue"] = "ok"
    except Exception as error:
        checks["queue"] = f"error: {error.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@require_GET
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """The operators' Prometheus metrics, for the bearer of METRICS_TOKEN (unset: no endpoint)."""
    if not settings.METRICS_TOKEN:
        raise Http404
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not metrics.token_matches(token.strip()):
        response = HttpResponse("401 Unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
