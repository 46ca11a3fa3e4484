"""`policy check` on what per-event service and extra tickets charge (seeds 000, 001, 003): a
rule that charges needs its price, said at the plan's table; a client-facing price of 0.00 is
a warning, not a refusal; the intake rules that serve per event name a plan with such terms."""

import pytest
from django.core.management import call_command

from tiquetera.policy.schema import parse_policy

from .conftest import problems
from .test_plans_check_errors import line_of
from .test_plans_load import EXAMPLE_WITH_PLANS

pytestmark = pytest.mark.usefixtures("english")
PER_EVENT = EXAMPLE_WITH_PLANS.replace(
    'extra_ticket_price = "300.50"', 'when_exhausted = "per_event_po"\nper_event_price = "900.00"'
)


def test_a_per_event_rule_needs_the_per_event_price():
    text = PER_EVENT.replace('per_event_price = "900.00"\n', "")
    assert problems(text) == [
        f"acme.toml:{line_of(text, '[plans.oro]')}: plans.oro.per_event_price: "
        "Give the price of a per-event service, or choose another rule for when nothing is left."
    ]


def test_an_extra_ticket_the_client_buys_needs_its_price():
    text = EXAMPLE_WITH_PLANS.replace(
        'extra_ticket_price = "300.50"', 'when_exhausted = "extra_on_request"'
    )
    [problem] = problems(text)
    assert problem.endswith(
        "plans.oro.extra_ticket_price: Give the price of an extra ticket, "
        "or choose another rule for when nothing is left."
    )


def test_serving_clients_without_a_plan_per_event_names_a_plan_with_such_terms():
    without_plan = PER_EVENT + '\n[[intake]]\nrule = "active_plan"\nwithout = "per_event"\n'
    [problem] = problems(without_plan)
    assert "intake[0].plan: Name the plan whose per-event price and terms apply" in problem
    assert problem.startswith(f"acme.toml:{line_of(without_plan, '[[intake]]')}:")

    [problem] = problems(without_plan + 'plan = "horas"\n')
    assert "The plan “horas” has no per-event terms" in problem
    [problem] = problems(without_plan + 'plan = "plata"\n')
    assert "“plata” is not one of the policy's [plans]." in problem
    assert parse_policy(without_plan + 'plan = "oro"\n', "acme.toml").intake


def test_a_price_of_zero_is_a_warning_with_its_line(tmp_path, capsys):
    text = PER_EVENT.replace('per_event_price = "900.00"', 'per_event_price = "0.00"')
    path = tmp_path / "acme.toml"
    path.write_text(text, encoding="utf-8")

    call_command("policy", "check", str(path))

    err = capsys.readouterr().err
    line = line_of(text, 'per_event_price = "0.00"')
    assert f"Warning: {path}:{line}: plans.oro.per_event_price: The price is 0.00" in err
