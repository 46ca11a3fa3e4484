"""The REST API (OpenAPI at /api/docs). Each app contributes its router from its `api.py`."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.security import SessionAuth

from tiquetera.billing.api import router as billing_router
from tiquetera.calendars.api import router as calendars_router
from tiquetera.contracts.api import router as contracts_router
from tiquetera.core.permissions import is_agent
from tiquetera.desk.api import router as desk_router
from tiquetera.reports.api import router as reports_router


class AgentSession(SessionAuth):
    """A signed-in agent's session (with CSRF on writes). API tokens come with the API issue."""

    def authenticate(self, request: HttpRequest, key: str | None) -> object | None:
        user = super().authenticate(request, key)
        return user if user is not None and is_agent(user) else None


api = NinjaAPI(title="Tiquetera", version="1", auth=AgentSession(), urls_namespace="api")
api.add_router("/calendars", calendars_router)
api.add_router("/organizations", contracts_router)
api.add_router("/organizations", billing_router)
api.add_router("/queue", desk_router)
api.add_router("/reports", reports_router)
