"""Refusals of the contracts app: a code for programs, the field at fault, a translated message."""

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "unknown_plan": _("There is no plan “%(value)s” in this organization's support policy."),
    "legacy_plan": _(
        "The plan “%(value)s” is a legacy plan: it honours the contracts it has but takes "
        "no new ones."
    ),
    "negative_cap": _("The cap of “%(field)s” cannot be negative (%(value)s)."),
    "end_before_start": _("The end %(value)s must come after the start %(start)s."),
    "overlapping_contract": _(
        "This organization already has a contract for the plan “%(value)s” from %(start)s: "
        "contracts for the same plan cannot overlap."
    ),
    "legacy_needs_end": _("A legacy contract needs the date it ends."),
    "not_active": _("The contract is not active (it is %(value)s)."),
    "before_start": _("%(value)s comes before the contract starts (%(start)s)."),
    "signer_may_not_sign": _("%(value)s may not sign purchase orders for this organization."),
    "duplicate_purchase_order": _(
        "This organization already has a purchase order numbered “%(value)s”."
    ),
    "already_attached": _("The purchase order “%(value)s” is already attached."),
    "not_positive": _("“%(field)s” must be greater than zero, not %(value)s."),
    "unknown_organization": _(
        "No organization has the id, tax id or legal name “%(value)s”%(choices)s."
    ),
    "negative_amount": _("The amount cannot be negative (%(value)s)."),
    "quota_longer_than_billing": _(
        "The quota period (%(value)s) cannot be longer than the billing period."
    ),
    "no_per_event_terms": _(
        "The plan “%(value)s” has no per-event terms: its rule for when nothing is left must be "
        "a per-event service (purchase order or accepted price) with its price."
    ),
    "not_waiting": _("%(value)s is not waiting for a purchase order or for your acceptance."),
    "not_for_this_case": _("The purchase order “%(value)s” covers no case waiting for one."),
    "invalid": _("%(value)s"),
}


class ContractsError(DomainError):
    """A contracts refusal naming the field at fault (`field`, also a message parameter)."""

    messages = MESSAGES

    def __init__(self, code: str, *, field: str, **params: object) -> None:
        super().__init__(code, field=field, **params)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def as_validation_error(self) -> ValidationError:
        """For forms (the admin): the message attached to the field at fault."""
        return ValidationError({self.field: ValidationError(self.message, code=self.code)})

    def as_dict(self) -> dict[str, str]:
        return {**super().as_dict(), "field": self.field}
