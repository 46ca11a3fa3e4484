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

from tiquetera.contracts.models import NOT_NEGATIVE_MONEY, currency_code


class Charge(models.Model):
    """One line of the ledger, in one currency, on the organization's local date."""

    class Kind(models.TextChoices):
        EXTRA_TICKET = "extra_ticket", _("extra ticket")
        PER_EVENT = "per_event", _("per-event service")
        TIME = "time", _("contractual time")
        ONSITE_VISIT = "onsite_visit", _("on-site visit")

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
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("e.g. the case number.")
    )
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
