"""An organization with several contracts (seed 003, Sisnova: separate plans per edition; seed 002,
JQ: subscription served first) spends the best-ranked plan first, then the next."""

import pytest

from tiquetera.contracts.models import Consumption, Plan
from tiquetera.contracts.services import consume, start_contract
from tiquetera.contracts.tests.factories import JULY_1, PlanFactory, at
from tiquetera.testing.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_best_ranked_plan_is_spent_first_then_the_next():
    gold = PlanFactory(key="oro", tier_rank=1, total_cap=1, when_exhausted="refuse")
    silver = PlanFactory(policy=gold.policy, key="plata", tier_rank=2, total_cap=1)
    organization = OrganizationFactory(policy=gold.policy)
    start_contract(organization, silver, start=JULY_1, actor=None)
    start_contract(organization, gold, start=JULY_1, actor=None)

    first, second, third = (
        consume(organization, "P1", reference=f"c{n}", at=at(JULY_1)) for n in range(3)
    )

    assert first.period.contract.plan == gold
    assert second.period.contract.plan == silver
    # nothing left anywhere: the best-ranked plan's rule decides
    assert (third.outcome, third.reason) == (Consumption.Outcome.REFUSED, "exhausted")
    assert gold.when_exhausted == Plan.WhenExhausted.REFUSE
