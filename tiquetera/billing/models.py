"""The billing ledger: one Charge per billable thing, the time entries behind hourly charges, and
the hourly rate of each plan per year.

A charge stores its inputs (quantity, unit price, currency, the discounts' labels and percents)
and the amounts they gave (gross, each discount's amount, net), so `services.recompute` can
price it again and prove the stored amounts right. Money is `Decimal` only (money.py).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tiquetera.contracts.models import NOT_NEGATIVE_MONEY, currency_code


class PricedLine(models.Model):
    """What a charge and a quote both store: the price's inputs and the amounts they gave
    (billing.services.line_fields writes them)."""

    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=4)
    unit_price = models.DecimalField(
        _("unit price"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE_MONEY
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    discounts = models.JSONField(
        _("discounts"),
        default=list,
        blank=True,
        help_text=_('In the order applied: [{"label", "percent", "amount"}], as strings.'),
    )
    gross = models.DecimalField(_("gross"), max_digits=14, decimal_places=2)
    net = models.DecimalField(_("net"), max_digits=14, decimal_places=2)

    class Meta:
        abstract = True


class Charge(PricedLine):
    """One line of the ledger, in one currency, on the organization's local date."""

    class Kind(models.TextChoices):
        EXTRA_TICKET = "extra_ticket", _("extra ticket")
        PER_EVENT = "per_event", _("per-event service")
        TIME = "time", _("contractual time")
        ONSITE_VISIT = "onsite_visit", _("on-site visit")
        PLAN_FEE = "plan_fee", _("plan fee")
        TRAVEL_EXPENSES = "travel_expenses", _("travel expenses")
        EXTRA_SERVICE = "extra_service", _("extra service")

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="charges",
        verbose_name=_("organization"),
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charges",
        verbose_name=_("contract"),
    )
    consumption = models.OneToOneField(
        "contracts.Consumption",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charge",
        verbose_name=_("consumption"),
    )
    time_entry = models.OneToOneField(
        "billing.TimeEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charge",
        verbose_name=_("time entry"),
    )
    quote = models.ForeignKey(
        "billing.Quote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charges",
        verbose_name=_("quote"),
        help_text=_("The accepted quote the charge bills."),
    )
    billing_period_starts = models.DateField(
        _("billing period starts"),
        null=True,
        blank=True,
        help_text=_("For a plan fee: the first day of the billing period it pays for."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("e.g. the case number.")
    )
    occurred_on = models.DateField(_("date"), help_text=_("In the organization's time zone."))
    credited_at = models.DateTimeField(_("credited back"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["organization", "occurred_on", "pk"]
        indexes = [
            models.Index(fields=["organization", "occurred_on"], name="charge_org_day"),
            models.Index(fields=["kind", "occurred_on"], name="charge_kind_day"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="charge_quantity"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="charge_unit_price"),
            models.CheckConstraint(
                condition=Q(net__gte=0, gross__gte=F("net")), name="charge_net_within_gross"
            ),
            # one plan fee per contract and billing period, however often the task runs
            models.UniqueConstraint(
                fields=["contract", "billing_period_starts"],
                condition=Q(kind="plan_fee"),
                name="charge_one_plan_fee_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.description}: {self.net} {self.currency}"

    @property
    def credited(self) -> bool:
        return self.credited_at is not None

    @property
    def discount_total(self) -> Decimal:
        return self.gross - self.net


class TimeEntry(models.Model):
    """Minutes an agent worked for an organization; billable ones carry a `time` charge."""

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("organization"),
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("contract"),
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("agent"),
    )
    worked_on = models.DateField(_("worked on"))
    minutes = models.PositiveIntegerField(_("minutes"))
    billing_fraction_minutes = models.PositiveSmallIntegerField(
        _("billed per"), default=60, help_text=_("The plan's fraction when the entry was billed.")
    )
    description = models.TextField(_("description"))
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("The case it was for.")
    )
    billable = models.BooleanField(_("billable"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["organization", "-worked_on", "-pk"]
        indexes = [models.Index(fields=["organization", "worked_on"], name="time_entry_org_day")]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="time_entry_minutes"),
            models.CheckConstraint(
                condition=Q(billing_fraction_minutes__gt=0, billing_fraction_minutes__lte=60),
                name="time_entry_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.worked_on}: {self.minutes} min"


class HourlyRate(models.Model):
    """A plan's hourly rate for one year (JQ, seed 002: "la tarifa … para el año en curso")."""

    plan = models.ForeignKey(
        "contracts.Plan",
        on_delete=models.CASCADE,
        related_name="hourly_rates",
        verbose_name=_("plan"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rate = models.DecimalField(
        _("hourly rate"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE_MONEY
    )

    class Meta:
        verbose_name = _("hourly rate of a year")
        verbose_name_plural = _("hourly rates by year")
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="hourly_rate_unique_year"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="hourly_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}: {self.rate}"


class ExtraService(models.Model):
    """A service of the policy's catalogue sold apart from the plans (CustomSoft, seed 001:
    "Descuento en servicios adicionales del catálogo de servicios"): quoted with the client's
    plan discount on extra services."""

    class Unit(models.TextChoices):
        HOUR = "hour", pgettext_lazy("unit", "hour")
        EVENT = "event", pgettext_lazy("unit", "event")
        DAY = "day", pgettext_lazy("unit", "day")
        UNIT = "unit", pgettext_lazy("unit", "unit")

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="extra_services",
        verbose_name=_("policy"),
    )
    key = models.SlugField(_("identifier"), max_length=50)
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.HOUR)
    price = models.DecimalField(
        _("price per unit"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE_MONEY
    )
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    discounted = models.BooleanField(
        _("the plan's discount on extra services applies"), default=True
    )

    class Meta:
        verbose_name = _("extra service")
        verbose_name_plural = _("catalogue of extra services")
        ordering = ["policy", "name"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "key"], name="extra_service_key_unique"),
            models.CheckConstraint(condition=Q(price__gte=0), name="extra_service_price"),
        ]

    def __str__(self) -> str:
        return self.name


class Quote(PricedLine):
    """A price offered to a client (an extra service, a feature study's custom development), with
    its inputs like a charge's; accepted, it becomes one `extra_service` charge."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.PROTECT,
        related_name="quotes",
        verbose_name=_("organization"),
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("contract whose discount applied"),
    )
    service = models.ForeignKey(
        ExtraService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quotes",
        verbose_name=_("extra service"),
    )
    kind = models.CharField(
        _("billed as"),
        max_length=16,
        choices=[
            (Charge.Kind.EXTRA_SERVICE, Charge.Kind.EXTRA_SERVICE.label),
            (Charge.Kind.ONSITE_VISIT, Charge.Kind.ONSITE_VISIT.label),
        ],
        default=Charge.Kind.EXTRA_SERVICE,
    )
    description = models.CharField(_("description"), max_length=200)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("e.g. the case number.")
    )
    travel_expenses = models.DecimalField(
        _("travel expenses"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE_MONEY,
        help_text=_("Billed as their own line when the quote is accepted."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quoted by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["organization", "-created_at"]
        indexes = [models.Index(fields=["organization", "status"], name="quote_org_status")]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="quote_quantity"),
            models.CheckConstraint(
                condition=Q(net__gte=0, gross__gte=F("net")), name="quote_net_within_gross"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.net} {self.currency}"
