"""What a plan's billable events cost, by the billing rules of `money.py` (no state changes)."""

from decimal import Decimal

from tiquetera.contracts.errors import ContractsError
from tiquetera.contracts.models import Plan
from tiquetera.directory.models import Organization

from .money import Discount, Line, Money, billing_discounts, price_line


def plan_tier_discount(plan: Plan) -> Discount | None:
    """The plan's discount on extra services as a line step, or None at 0 % (no empty step)."""
    if not plan.extra_services_discount:
        return None
    return Discount(plan.name, plan.extra_services_discount)


def cloud_edition_discount(plan: Plan, organization: Organization) -> Discount | None:
    """The cloud discount when the organization runs the plan's cloud edition (Sisnova: WEB,
    40 %), or None."""
    runs_cloud = organization.edition.strip().upper() == plan.cloud_edition.strip().upper()
    if not (plan.cloud_edition and runs_cloud):
        return None
    return Discount(plan.cloud_edition, plan.cloud_discount)


def extra_ticket_line(plan: Plan, organization: Organization) -> Line:
    """An extra ticket: the plan's price less its discount on extra services, then less the cloud
    discount when the organization runs the plan's cloud edition (Sisnova: WEB, 40 %), each step
    shown and rounded to the currency's minor unit."""
    if plan.extra_ticket_price is None:
        raise ContractsError("invalid", field="extra_ticket_price", value=plan.key)
    discounts = billing_discounts(
        plan_tier=plan_tier_discount(plan),
        cloud_edition=cloud_edition_discount(plan, organization),
    )
    return price_line(Money(plan.extra_ticket_price, plan.currency), 1, discounts)


def plan_fee_line(plan: Plan, organization: Organization) -> Line:
    """One billing period's fee: the plan's price, less — where the policy says they apply to
    the fee — its discount on extra services, then the cloud-edition discount (Sisnova, seed 003
    item 3: "Si usted es un usuario WEB … tendrá un descuento del 40%")."""
    discounts = billing_discounts(
        plan_tier=plan_tier_discount(plan) if plan.tier_discount_on_fee else None,
        cloud_edition=(
            cloud_edition_discount(plan, organization) if plan.cloud_discount_on_fee else None
        ),
    )
    return price_line(Money(plan.price, plan.currency), 1, discounts)


def extra_service_line(unit_price: Money, quantity: Decimal | int, plan: Plan | None) -> Line:
    """`quantity` units of an extra service less the plan's discount on extra services
    (CustomSoft, seed 001: 10 / 15 / 15 %; JQ, seed 002: "descuentos según el grado de su
    suscripción"); no plan, no discount."""
    tier = plan_tier_discount(plan) if plan is not None else None
    return price_line(unit_price, quantity, billing_discounts(plan_tier=tier))
