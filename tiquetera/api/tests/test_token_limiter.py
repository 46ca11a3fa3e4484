"""The API token limiter counts wrong tokens per client address and slows that address down,
but never refuses a valid token; behind trusted proxies the address is read from
X-Forwarded-For, and only then."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

from tiquetera.api.auth import FAILURE_LIMIT
from tiquetera.api.tests.conftest import agent_token  # noqa: F401  (a fixture)
from tiquetera.core.client_address import client_address

pytestmark = pytest.mark.django_db

WRONG = "tq_" + "x" * 40


@pytest.fixture(autouse=True)
def _no_failures_counted_yet():
    cache.clear()
    yield
    cache.clear()


def get_cases(token: str, **meta: str) -> int:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", **meta).get("/api/v1/cases").status_code


def test_wrong_tokens_past_the_limit_get_429(agent_token):  # noqa: F811
    answers = [get_cases(WRONG) for _ in range(FAILURE_LIMIT)]
    assert set(answers) == {401}

    assert get_cases(WRONG) == 429


def test_a_valid_token_works_from_an_address_with_many_failures(agent_token):  # noqa: F811
    for _ in range(FAILURE_LIMIT + 5):
        get_cases(WRONG)
    assert get_cases(WRONG) == 429

    assert get_cases(agent_token) == 200


def test_behind_a_trusted_proxy_each_client_is_counted_apart(settings, agent_token):  # noqa: F811
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    guesser = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    neighbour = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.20"}
    for _ in range(FAILURE_LIMIT):
        get_cases(WRONG, **guesser)

    assert get_cases(WRONG, **guesser) == 429
    assert get_cases(WRONG, **neighbour) == 401  # the proxy's other client is not punished


def test_a_forwarded_for_header_from_an_untrusted_address_is_ignored(settings, agent_token):  # noqa: F811
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n in range(FAILURE_LIMIT):  # a new made-up address on every try
        get_cases(WRONG, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    assert get_cases(WRONG, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.99") == 429


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("192.0.2.50", "", "192.0.2.50"),  # no proxy
        ("192.0.2.50", "198.51.100.1", "192.0.2.50"),  # not from a proxy: header not believed
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),
        # the client wrote "6.6.6.6"; the outer proxy saw 198.51.100.1, the inner one 10.0.0.2
        ("10.0.0.1", "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("10.0.0.1", "not-an-address", "10.0.0.1"),
        ("2001:db8::1", "2001:db8:ffff::9", "2001:db8:ffff::9"),
    ],
)
def test_the_client_is_the_right_most_untrusted_address(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/112"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
