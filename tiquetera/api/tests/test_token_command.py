import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tiquetera.api.models import ApiToken
from tiquetera.api.tokens import user_for_token
from tiquetera.testing.factories import AgentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_create_list_and_revoke_from_the_command_line(capsys):
    agent = AgentFactory(username="integrador")

    call_command("token", "create", "integrador", "--name", "ERP")
    token = capsys.readouterr().out.strip()
    assert user_for_token(token) == agent

    call_command("token", "list")
    listed = capsys.readouterr().out
    assert "integrador" in listed and "ERP" in listed and token not in listed

    call_command("token", "revoke", ApiToken.objects.get().prefix)
    assert user_for_token(token) is None


def test_a_user_without_rights_gets_a_clear_error():
    UserFactory(username="nadie")

    with pytest.raises(CommandError, match="API"):
        call_command("token", "create", "nadie", "--name", "x")
    assert not ApiToken.objects.exists()
