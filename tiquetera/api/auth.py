"""Who may call the API: a personal token (`Authorization: Bearer tq_…`) or a signed-in
session (with CSRF on writes). Agents-only routes take `AGENTS`; routes clients use too take
`PEOPLE`, and check the case or organization like the pages do.

Failed token checks are counted per client address (read through the trusted proxies,
`tiquetera.core.client_address`): past `FAILURE_LIMIT` within `FAILURE_WINDOW` seconds, a
wrong token from that address gets 429 instead of 401 until the window passes. A valid token
is always served, whatever its address did: behind a proxy or a NAT, one client's mistakes
must not lock out everyone sharing its address. (Tokens carry 240 random bits, so guessing
one is hopeless at any speed; the count is there to see and slow a guesser.)
"""

from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from tiquetera.core.client_address import client_address
from tiquetera.core.permissions import is_agent
from tiquetera.tickets.permissions import client_contact

from .tokens import user_for_token

FAILURE_LIMIT = 20
FAILURE_WINDOW = 600  # seconds


def _may_use(user: Any, agents_only: bool) -> bool:
    """Agents may use every route, clients' active contacts the routes open to them: a
    client on an agents' route is told 403 (known, not allowed) rather than 401."""
    if is_agent(user):
        return True
    if client_contact(user) is None:
        return False
    if agents_only:
        raise HttpError(403, "agents only")
    return True


def _failures_key(request: HttpRequest) -> str:
    return "api-auth-failures:" + client_address(request)


def _count_failure(key: str) -> int:
    """Add one failure to the address's count; the window starts at its first failure."""
    if cache.add(key, 1, FAILURE_WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, FAILURE_WINDOW)
        return 1


class Token(HttpBearer):
    def __init__(self, *, agents_only: bool) -> None:
        super().__init__()
        self.agents_only = agents_only

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            if _count_failure(_failures_key(request)) > FAILURE_LIMIT:
                raise HttpError(429, "too_many_failures")
            return None
        if not _may_use(user, self.agents_only):
            return None
        request.user = user  # what the services and permission checks read
        return user


class Session(SessionAuth):
    def __init__(self, *, agents_only: bool) -> None:
        super().__init__()
        self.agents_only = agents_only

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF guards a signed-in session only: a call without one (no token, a wrong token)
        # is told 401, not a CSRF 403
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and _may_use(user, self.agents_only) else None


AGENTS = [Token(agents_only=True), Session(agents_only=True)]
PEOPLE = [Token(agents_only=False), Session(agents_only=False)]


def caller(request: HttpRequest) -> User:
    """The authenticated user of a request that passed `AGENTS` or `PEOPLE`."""
    user = request.user
    assert isinstance(user, User), "an authenticated route"
    return user
