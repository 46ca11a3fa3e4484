"""The project's URLs plus billing's pages and API, for the tests (the lead wires them into
tiquetera/urls.py and tiquetera/api.py; the tests must not wait for that)."""

from django.urls import include, path
from ninja import NinjaAPI

from tiquetera.api import AgentSession
from tiquetera.billing.api import router
from tiquetera.urls import urlpatterns as project_urlpatterns

api = NinjaAPI(auth=AgentSession(), urls_namespace="billing-test-api")
api.add_router("/organizations", router)

urlpatterns = [
    path("billing/", include("tiquetera.billing.urls")),
    path("billing-api/", api.urls),
    *project_urlpatterns,
]
