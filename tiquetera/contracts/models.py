"""Plans, the contracts that sell them, the entitlement periods that count their tickets, the
consumptions that spend them, and the purchase orders that pay for per-event service.

Dates are half-open: a period or contract covers [start, end), `end` being the first day it no
longer covers (see periods.py).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tiquetera.core.dates import short_date

ZERO = Decimal(0)
PERCENT = [MinValueValidator(ZERO), MaxValueValidator(Decimal(100))]
NOT_NEGATIVE = [MinValueValidator(0)]
NOT_NEGATIVE_MONEY = [MinValueValidator(ZERO)]
currency_code = RegexValidator(r"^[A-Z]{3}$", _("An ISO 4217 currency code such as COP, MXN, USD."))
priority_code = RegexValidator(
    r"^[A-Z][A-Z0-9]{0,7}$", _("A priority or severity code such as P1 or S3.")
)

PERIOD_MONTHS = {"monthly": 1, "annual": 12}


class Period(models.TextChoices):
    MONTHLY = "monthly", _("monthly")
    ANNUAL = "annual", _("annual")


class Plan(models.Model):
    """A support plan in a policy's catalogue: what a contract buys, per quota period."""

    class ServiceType(models.TextChoices):
        SUBSCRIPTION = "subscription", _("subscription")
        CONTRACTUAL_HOURLY = "contractual_hourly", _("contractual (hourly)")
        PER_EVENT = "per_event", _("per event")

    class WhenExhausted(models.TextChoices):
        EXTRA_TICKET = "extra_ticket", _("charge an extra ticket")
        EXTRA_ON_REQUEST = "extra_on_request", _("offer an extra ticket the client may buy")
        PER_EVENT_PO = "per_event_po", _("per-event service awaiting a purchase order")
        PER_EVENT_QUOTE = "per_event_quote", _("per-event service at a price the client accepts")
        REFUSE = "refuse", _("refuse")

    # What each rule needs priced (`policy check` and `clean` refuse a plan without it).
    NEEDS_EXTRA_TICKET_PRICE = frozenset({"extra_ticket", "extra_on_request"})
    NEEDS_PER_EVENT_PRICE = frozenset({"per_event_po", "per_event_quote"})

    class BillingFraction(models.IntegerChoices):
        HOUR = 60, _("hour")
        HALF_HOUR = 30, _("half hour")
        QUARTER_HOUR = 15, _("quarter hour")

    policy = models.ForeignKey(
        "policy.Policy", on_delete=models.CASCADE, related_name="plans", verbose_name=_("policy")
    )
    key = models.SlugField(_("identifier"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    service_type = models.CharField(
        _("service type"), max_length=20, choices=ServiceType.choices, default="subscription"
    )
    tier_rank = models.PositiveSmallIntegerField(
        _("rank in the queue"), default=100, help_text=_("1 is served first.")
    )
    billing_period = models.CharField(
        _("billing period"), max_length=8, choices=Period.choices, default=Period.MONTHLY
    )
    quota_period = models.CharField(
        _("quota period"), max_length=8, choices=Period.choices, default=Period.MONTHLY
    )
    total_cap = models.IntegerField(
        _("cases per quota period"),
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("Empty: no total cap."),
    )
    covered_severities = models.JSONField(
        _("covered severities"), default=list, blank=True, help_text=_('e.g. ["S1", "S2", "S3"]')
    )
    covered_channels = models.JSONField(
        _("covered channels"), default=list, blank=True, help_text=_('e.g. ["portal", "email"]')
    )
    onsite_visits_per_month = models.IntegerField(
        _("on-site visits a month"), default=0, validators=NOT_NEGATIVE
    )
    extra_services_discount = models.DecimalField(
        _("discount on extra services (%)"),
        max_digits=5,
        decimal_places=2,
        default=ZERO,
        validators=PERCENT,
    )
    price = models.DecimalField(
        _("price"), max_digits=14, decimal_places=2, default=ZERO, validators=NOT_NEGATIVE_MONEY
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    edition = models.CharField(
        _("product edition"), max_length=32, blank=True, help_text=_("Empty: any edition.")
    )
    cloud_edition = models.CharField(
        _("cloud edition"),
        max_length=32,
        blank=True,
        help_text=_("The edition whose clients get the cloud discount, e.g. WEB."),
    )
    cloud_discount = models.DecimalField(
        _("cloud discount (%)"), max_digits=5, decimal_places=2, default=ZERO, validators=PERCENT
    )
    includes_bug_fixes = models.BooleanField(_("includes bug fixes"), default=True)
    includes_new_features = models.BooleanField(_("includes new features"), default=False)
    extra_ticket_price = models.DecimalField(
        _("price of an extra ticket"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE_MONEY,
    )
    per_event_price = models.DecimalField(
        _("price of a per-event service"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE_MONEY,
    )
    onsite_price = models.DecimalField(
        _("price of an on-site visit"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE_MONEY,
        help_text=_("What a visit beyond the month's included visits costs."),
    )
    travel_expenses = models.DecimalField(
        _("travel expenses of a visit out of town"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE_MONEY,
        help_text=_("A flat amount per on-site visit to a client out of town, billed apart."),
    )
    onsite_local_only = models.BooleanField(
        _("on-site visits for local clients only"),
        default=False,
        help_text=_(
            "Visits to clients out of town are not in the plan: they are billed by the time "
            "they take, plus travel expenses."
        ),
    )
    tier_discount_on_fee = models.BooleanField(
        _("discount on extra services applies to the plan fee"), default=False
    )
    cloud_discount_on_fee = models.BooleanField(
        _("cloud discount applies to the plan fee"), default=False
    )
    hourly_rate = models.DecimalField(
        _("hourly rate"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE_MONEY,
    )
    billing_fraction_minutes = models.PositiveSmallIntegerField(
        _("billed per"), choices=BillingFraction.choices, default=BillingFraction.HOUR
    )
    when_exhausted = models.CharField(
        _("when nothing is left"),
        max_length=16,
        choices=WhenExhausted.choices,
        default=WhenExhausted.EXTRA_TICKET,
    )
    is_legacy = models.BooleanField(
        _("legacy"), default=False, help_text=_("Honoured until its contracts end; sold no more.")
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["policy", "tier_rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="plan_key_unique_in_policy"),
            models.CheckConstraint(
                condition=Q(total_cap__isnull=True) | Q(total_cap__gte=0),
                name="plan_total_cap_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(onsite_visits_per_month__gte=0), name="plan_onsite_visits_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(extra_services_discount__gte=0, extra_services_discount__lte=100)
                & Q(cloud_discount__gte=0, cloud_discount__lte=100),
                name="plan_discounts_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def billing_months(self) -> int:
        return PERIOD_MONTHS[self.billing_period]

    @property
    def quota_months(self) -> int:
        return PERIOD_MONTHS[self.quota_period]

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.when_exhausted in self.NEEDS_EXTRA_TICKET_PRICE and self.extra_ticket_price is None:
            errors["extra_ticket_price"] = _(
                "Give the price of an extra ticket, or choose another "
                "rule for when nothing is left."
            )
        if self.when_exhausted in self.NEEDS_PER_EVENT_PRICE and self.per_event_price is None:
            errors["per_event_price"] = _(
                "Give the price of a per-event service, or choose another "
                "rule for when nothing is left."
            )
        if self.service_type == self.ServiceType.CONTRACTUAL_HOURLY and self.hourly_rate is None:
            errors["hourly_rate"] = _("A contractual (hourly) plan needs its hourly rate.")
        if PERIOD_MONTHS.get(self.quota_period, 0) > PERIOD_MONTHS.get(self.billing_period, 0):
            errors["quota_period"] = _("The quota period cannot be longer than the billing period.")
        if self.cloud_discount and not self.cloud_edition:
            errors["cloud_edition"] = _("Name the cloud edition the cloud discount is for.")
        if errors:
            raise ValidationError(errors)


class PlanQuota(models.Model):
    """A plan's cap for one priority per quota period; 0 means the priority is not included.

    A priority without a row is not included either — unless the plan has no rows at all, in
    which case only its total cap counts (CustomSoft's Intermedia: P1 6, P2 5, P3 4, P4 none).
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("plan")
    )
    priority = models.CharField(_("priority"), max_length=8, validators=[priority_code])
    cap = models.IntegerField(_("cases per quota period"), validators=NOT_NEGATIVE)

    class Meta:
        verbose_name = _("quota per priority")
        verbose_name_plural = _("quotas per priority")
        ordering = ["plan", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "priority"], name="plan_quota_unique_priority"),
            models.CheckConstraint(condition=Q(cap__gte=0), name="plan_quota_cap_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.priority}: {self.cap}"


class ContractQuerySet(models.QuerySet):  # type: ignore[type-arg]
    def active_on(self, day: dt.date) -> "ContractQuerySet":
        """Contracts that cover `day` (renewals due are made by `renew_contracts` first)."""
        return self.filter(status=Contract.Status.ACTIVE, start__lte=day).filter(
            models.Q(end__isnull=True) | models.Q(end__gt=day)
        )


class Contract(models.Model):
    """An organization's contract for a plan, over [start, end); `end` empty = until cancelled."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    # Every status change goes through services.lifecycle._end_contract, which checks this table.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.ACTIVE: frozenset({Status.EXPIRED, Status.CANCELLED}),
        Status.EXPIRED: frozenset(),
        Status.CANCELLED: frozenset(),
    }

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="contracts",
        verbose_name=_("organization"),
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("plan")
    )
    start = models.DateField(_("start"))
    end = models.DateField(
        _("end"),
        null=True,
        blank=True,
        help_text=_("The first day not covered; empty: open-ended."),
    )
    auto_renew = models.BooleanField(_("renews automatically"), default=True)
    cancel_requested_on = models.DateField(_("cancellation requested on"), null=True, blank=True)
    renewal_notice_sent_on = models.DateField(_("renewal notice sent on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    is_legacy = models.BooleanField(
        _("legacy"), default=False, help_text=_("Honoured until it ends; never renewed.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["organization", "-start"]
        indexes = [
            models.Index(fields=["organization", "status", "start"], name="contract_org_status"),
            models.Index(fields=["status", "end"], name="contract_status_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                name="contract_end_after_start",
            )
        ]

    def __str__(self) -> str:
        since = gettext("since %(date)s") % {"date": short_date(self.start)}
        return f"{self.organization} — {self.plan} ({since})"


class EntitlementPeriod(models.Model):
    """One quota period of a contract and its total counter; the per-priority ones hang below."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="periods", verbose_name=_("contract")
    )
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), help_text=_("The first day not covered."))
    total_cap = models.IntegerField(_("total cap"), null=True, blank=True)
    total_used = models.IntegerField(_("total used"), default=0)
    expired_on = models.DateField(
        _("expired on"), null=True, blank=True, help_text=_("Its unused tickets are gone.")
    )

    class Meta:
        verbose_name = _("entitlement period")
        verbose_name_plural = _("entitlement periods")
        ordering = ["contract", "-starts"]
        indexes = [models.Index(fields=["expired_on", "ends"], name="period_expiry")]
        constraints = [
            models.UniqueConstraint(fields=["contract", "starts"], name="period_unique_start"),
            models.CheckConstraint(condition=Q(ends__gt=F("starts")), name="period_ends_after"),
            models.CheckConstraint(
                condition=Q(total_cap__isnull=True) | Q(total_cap__gte=0),
                name="period_total_cap_not_negative",
            ),
            models.CheckConstraint(condition=Q(total_used__gte=0), name="period_used_not_negative"),
        ]

    def __str__(self) -> str:
        last = self.ends - dt.timedelta(days=1)  # `ends` is the first day not covered
        return f"{self.contract}: {short_date(self.starts)} – {short_date(last)}"


class EntitlementCounter(models.Model):
    """Tickets of one priority used in a period; `cap` empty = only the total counts."""

    period = models.ForeignKey(
        EntitlementPeriod,
        on_delete=models.CASCADE,
        related_name="counters",
        verbose_name=_("period"),
    )
    priority = models.CharField(_("priority"), max_length=8)
    cap = models.IntegerField(_("cap"), null=True, blank=True)
    used = models.IntegerField(_("used"), default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["period", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["period", "priority"], name="counter_unique_priority"),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gte=0), name="counter_cap_not_negative"
            ),
            models.CheckConstraint(condition=Q(used__gte=0), name="counter_used_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.priority}: {self.used}/{self.cap}"


class PurchaseOrder(models.Model):
    """A client's purchase order, signed by a contact allowed to sign (ISYS's per-event service)."""

    class Covers(models.TextChoices):
        EVENTS = "events", _("events")
        HOURS = "hours", pgettext_lazy("purchase order covers", "hours")

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="purchase_orders",
        verbose_name=_("organization"),
    )
    number = models.CharField(_("number"), max_length=50)
    signer = models.ForeignKey(
        "directory.Contact",
        on_delete=models.PROTECT,
        related_name="signed_purchase_orders",
        verbose_name=_("signed by"),
    )
    covers = models.CharField(
        _("covers"), max_length=8, choices=Covers.choices, default=Covers.EVENTS
    )
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE_MONEY
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    attached_at = models.DateTimeField(_("attached"), null=True, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attached by"),
    )
    document = models.FileField(
        _("signed document"),
        upload_to="purchase_orders/%Y/%m/",
        blank=True,
        help_text=_("The signed purchase order: a PDF or an image."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["organization", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="purchase_order_number_unique"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="purchase_order_quantity"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="purchase_order_amount"),
        ]

    def __str__(self) -> str:
        return self.number


class Consumption(models.Model):
    """What one case (or other `reference`) took: a covered ticket, or how it was made billable.

    Live consumptions (not credited) of outcome "covered" are exactly what the counters count;
    `tiquetera check_entitlements` proves it.
    """

    class Outcome(models.TextChoices):
        COVERED = "covered", _("covered by the plan")
        EXTRA = "extra", _("extra ticket")
        EXTRA_OFFERED = "extra_offered", _("extra ticket offered, awaiting the client's purchase")
        AWAITING_PURCHASE_ORDER = "awaiting_po", _("per-event, awaiting a purchase order")
        AWAITING_ACCEPTANCE = (
            "awaiting_acceptance",
            _("per-event, awaiting the client's acceptance of the price"),
        )
        PER_EVENT = "per_event", _("per-event service")
        REFUSED = "refused", _("refused")

    # Waiting for the client (a purchase order, or accepting a price) before the case opens, and
    # what each becomes once released.
    RELEASED_AS: dict[str, str] = {
        Outcome.AWAITING_PURCHASE_ORDER: Outcome.PER_EVENT,
        Outcome.AWAITING_ACCEPTANCE: Outcome.PER_EVENT,
        Outcome.EXTRA_OFFERED: Outcome.EXTRA,
    }

    class Reason(models.TextChoices):
        NONE = "", _("none")
        NO_ACTIVE_PLAN = "no_active_plan", _("no active plan")
        NOT_INCLUDED = "not_included", _("not included in the plan")
        EXHAUSTED = "exhausted", _("nothing left this period")
        OUT_OF_HOURS = "out_of_hours", _("received out of the plan's hours")

    class CreditReason(models.TextChoices):
        INVALID = "invalid", _("found invalid")
        OUT_OF_SCOPE = "out_of_scope", _("out of scope")
        DUPLICATE = "duplicate", _("duplicate")
        DECLINED = "declined", _("declined by the client")

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.CASCADE,
        related_name="consumptions",
        verbose_name=_("organization"),
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consumptions",
        verbose_name=_("contract"),
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consumptions",
        verbose_name=_("plan"),
        help_text=_("The plan that priced a per-event service without a contract."),
    )
    period = models.ForeignKey(
        EntitlementPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consumptions",
        verbose_name=_("period"),
    )
    counter = models.ForeignKey(
        EntitlementCounter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consumptions",
        verbose_name=_("counter"),
    )
    priority = models.CharField(_("priority"), max_length=8)
    reference = models.CharField(
        _("reference"), max_length=100, help_text=_("What consumed it, e.g. a case number.")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices, blank=True)
    price = models.DecimalField(_("price"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    purchase_order = models.ForeignKey(
        PurchaseOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consumptions",
        verbose_name=_("purchase order"),
    )
    created = models.DateTimeField(_("when"))
    credited_at = models.DateTimeField(_("credited back"), null=True, blank=True)
    credit_reason = models.CharField(
        _("credit reason"), max_length=16, choices=CreditReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("consumption")
        verbose_name_plural = _("consumptions")
        ordering = ["-created"]
        indexes = [
            models.Index(
                fields=["organization", "outcome", "created"], name="consumption_org_outcome"
            ),
            models.Index(fields=["reference"], name="consumption_reference"),
            models.Index(fields=["period", "outcome"], name="consumption_period_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.outcome}"
