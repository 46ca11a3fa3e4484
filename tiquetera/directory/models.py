"""Who the clients are (organizations and their contacts) and who serves them (agents, teams)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    """A client company served under one of the vendor's policies: the tenant of every case."""

    class Standing(models.TextChoices):
        CURRENT = "current", _("current")
        BEHIND = "behind", _("behind on payments")

    class Locality(models.TextChoices):
        LOCAL = "local", _("local")
        OUT_OF_TOWN = "out_of_town", _("out of town")

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("policy"),
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    tax_id = models.CharField(
        _("tax id"), max_length=32, blank=True, help_text=_("NIT, RFC or RUC, as the country uses.")
    )
    country = models.CharField(_("country"), max_length=2, default="CO")
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    edition = models.CharField(
        _("product edition"),
        max_length=32,
        blank=True,
        help_text=_("The edition of the product the client runs, e.g. LOCAL or WEB."),
    )
    locality = models.CharField(
        _("locality"),
        max_length=12,
        choices=Locality.choices,
        default=Locality.LOCAL,
        help_text=_(
            "Out of town: on-site visits carry the plan's travel expenses, and a plan for local "
            "clients only quotes them by time."
        ),
    )
    standing = models.CharField(
        _("payment standing"), max_length=8, choices=Standing.choices, default=Standing.CURRENT
    )
    standing_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("standing set by"),
    )
    standing_set_at = models.DateTimeField(_("standing set at"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["legal_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "country", "tax_id"],
                condition=~models.Q(tax_id=""),
                name="organization_tax_id_unique_in_policy",
            )
        ]

    def __str__(self) -> str:
        return self.legal_name


class Contact(models.Model):
    """A person at a client organization; may have a portal login."""

    class Role(models.TextChoices):
        USR = "usr", _("registered supervisor user (USR)")
        MANAGER = "manager", _("manager")
        ADMINISTRATOR = "administrator", _("administrator")
        USER = "user", _("user")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, help_text=_("E.164, e.g. +576063134484.")
    )
    whatsapp = models.CharField(_("WhatsApp number"), max_length=20, blank=True)
    whatsapp_opt_in = models.BooleanField(_("accepts WhatsApp messages"), default=False)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.USER)
    may_open_cases = models.BooleanField(_("may open cases"), default=True)
    may_verify_cases = models.BooleanField(_("may verify others' cases"), default=False)
    may_sign_purchase_orders = models.BooleanField(_("may sign purchase orders"), default=False)
    language = models.CharField(_("language"), max_length=8, default="es")
    away_until = models.DateField(
        _("away until"),
        null=True,
        blank=True,
        help_text=_(
            "A USR's absence, last day included: meanwhile the policy's stand-ins (the manager "
            "or the administrator) may open cases in the USR's place."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact",
        verbose_name=_("portal login"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["organization", "name"]
        indexes = [models.Index(fields=["email"]), models.Index(fields=["phone"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"

    @property
    def away(self) -> bool:
        """Away today (the organization's day), by `away_until`."""
        if self.away_until is None:
            return False
        return self.away_until >= timezone.localdate(timezone=ZoneInfo(self.organization.time_zone))


class Team(models.Model):
    """A group of agents, e.g. Soporte N1, I+D, Comercial."""

    key = models.SlugField(_("identifier"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agent(models.Model):
    """The vendor's staff member behind a Django user: teams, skills and the admin role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agent",
        verbose_name=_("user"),
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="agents", verbose_name=_("teams"))
    skills = models.JSONField(
        _("skills"),
        default=list,
        blank=True,
        help_text=_('The product modules this agent knows, e.g. ["facturación", "nómina"].'),
    )
    is_vendor_admin = models.BooleanField(_("vendor administrator"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    # kept by tiquetera.tickets.workload as cases are saved; recounted every night
    working_cases = models.PositiveIntegerField(
        _("working cases"),
        default=0,
        editable=False,
        help_text=_(
            "Cases assigned to this agent that are open, in progress, waiting on the "
            "client or escalated to R&D."
        ),
    )

    class Meta:
        verbose_name = _("agent")
        verbose_name_plural = _("agents")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
