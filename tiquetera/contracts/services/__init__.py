"""Every state change of plans, contracts, entitlement periods and purchase orders, by concept."""

from .consuming import (
    ConsumeResult,
    consume,
    consume_per_event,
    contracts_in_force,
    credit_back,
    extra_ticket_price,
)
from .entitlement_periods import RollOver, active_on, open_period, roll_over
from .lifecycle import (
    RENEWABLE,
    RENEWAL_NOTICE_DAYS,
    check_new_contract,
    expire_contracts,
    find_plan,
    renew_contracts,
    renewal_notices_due,
    request_cancellation,
    save_plan,
    start_contract,
)
from .offers import accept_offer, decline_offer
from .purchase_orders import attach_purchase_order, check_purchase_order

__all__ = [
    "RENEWABLE",
    "RENEWAL_NOTICE_DAYS",
    "ConsumeResult",
    "RollOver",
    "accept_offer",
    "active_on",
    "attach_purchase_order",
    "check_new_contract",
    "check_purchase_order",
    "consume",
    "consume_per_event",
    "contracts_in_force",
    "credit_back",
    "decline_offer",
    "expire_contracts",
    "extra_ticket_price",
    "find_plan",
    "open_period",
    "renew_contracts",
    "renewal_notices_due",
    "request_cancellation",
    "roll_over",
    "save_plan",
    "start_contract",
]
