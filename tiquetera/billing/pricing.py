"""What a plan's billable events cost, by the billing rules of `money.py` (no state changes)."""

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Plan
from tiquetera.directory.models import Organization

from .money import Discount, Line, Money, billing_discounts, price_line


def plan_tier_discount(plan: Plan) -> Discount | None:
    """The plan's discount on extra services as a line step, or None at 0 % (no empty step)."""
    if not plan.extra_services_discount:
        return None
    return Discount(plan.name, plan.extra_services_discount)


def extra_ticket_line(plan: Plan, organization: Organization) -> Line:
    """An extra ticket: the plan's price less its discount on extra services, then less the cloud
    discount when the organization runs the plan's cloud edition (Sisnova: WEB, 40 %), each step
    shown and rounded to the currency's minor unit."""
    if plan.extra_ticket_price is None:
        raise ContractsError("invalid", field="extra_ticket_price", value=plan.key)
    runs_cloud = organization.edition.strip().upper() == plan.cloud_edition.strip().upper()
    discounts = billing_discounts(
        plan_tier=plan_tier_discount(plan),
        cloud_edition=(
            Discount(plan.cloud_edition, plan.cloud_discount)
            if plan.cloud_edition and runs_cloud
            else None
        ),
    )
    return price_line(Money(plan.extra_ticket_price, plan.currency), 1, discounts)
