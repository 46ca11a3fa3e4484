"""The contracts router on an API of its own, authenticated as the real one, for the endpoint
tests (they must not depend on the lead wiring the router into tiquetera/api.py)."""

from django.urls import path
from ninja import NinjaAPI

from tiquetera.api import AgentSession
from tiquetera.contracts.api import router

api = NinjaAPI(auth=AgentSession(), urls_namespace="contracts-test-api")
api.add_router("/organizations", router)

urlpatterns = [path("api/", api.urls)]
