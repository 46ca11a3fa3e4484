import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Policy(models.Model):
    """A vendor's support policy: the root every calendar, plan and rule hangs from.

    An installation usually runs one; several can live side by side (a vendor with two brands,
    or the five reference presets in tests), each loaded from and dumped to its own TOML file.
    """

    slug = models.SlugField(_("identifier"), max_length=50, unique=True)
    name = models.CharField(_("vendor"), max_length=200)
    country = models.CharField(_("country"), max_length=2, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    language = models.CharField(_("language"), max_length=8, default="es")
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Where this policy was loaded from.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A new value whenever the policy's case catalogue or SLA targets change, so each process
    # can keep them in memory and still see every change (`tickets.catalogue`).
    revision = models.UUIDField(_("revision"), default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = _("support policy")
        verbose_name_plural = _("support policies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def bump_revision(policy_id: int) -> None:
        """Tell every process that caches this policy's rules that they changed."""
        Policy.objects.filter(pk=policy_id).update(revision=uuid.uuid4())


class PolicyRevision(models.Model):
    """One policy file as it was loaded: its text, checksum and who loaded it when. A file with
    `effective_from` in the future waits here (scheduled) until the worker applies it at that
    moment (`revisions.apply_due_revisions`); the policy's current revision is its latest
    applied one."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("policy revision", "scheduled")
        APPLIED = "applied", pgettext_lazy("policy revision", "applied")
        CANCELLED = "cancelled", pgettext_lazy("policy revision", "cancelled")
        FAILED = "failed", pgettext_lazy("policy revision", "could not be applied")

    slug = models.SlugField(_("policy identifier"), max_length=50)
    # None until the policy exists: a first file can be scheduled before anything is loaded
    policy = models.ForeignKey(
        Policy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("support policy"),
    )
    source = models.CharField(_("file"), max_length=200)
    text = models.TextField(_("file text"))
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    effective_from = models.DateTimeField(_("in force from"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices)
    loaded_at = models.DateTimeField(_("loaded"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loaded by"),
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    error = models.TextField(_("why it could not be applied"), blank=True)

    class Meta:
        verbose_name = _("policy revision")
        verbose_name_plural = _("policy revisions")
        ordering = ["slug", "-loaded_at"]
        indexes = [models.Index(fields=["state", "effective_from"], name="policy_rev_due")]

    def __str__(self) -> str:
        return f"{self.slug} #{self.pk}"


class SimulationReport(models.Model):
    """A simulation asked for from the desk's Simulador (issue 19): the file, the window, who
    asked and when, and — once the worker has run it — the report (`simulation.report.build`).
    `tiquetera policy load --simulated ID` checks a file against one of these."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("simulation", "queued")
        RUNNING = "running", pgettext_lazy("simulation", "running")
        DONE = "done", pgettext_lazy("simulation", "done")
        FAILED = "failed", pgettext_lazy("simulation", "failed")

    policy = models.ForeignKey(
        Policy,
        on_delete=models.CASCADE,
        related_name="simulations",
        verbose_name=_("support policy"),
    )
    filename = models.CharField(_("file"), max_length=200)
    text = models.TextField(_("file text"))
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    organization = models.CharField(_("organization (tax id)"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=8, default="es")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("why it did not run"), blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy simulation")
        verbose_name_plural = _("policy simulations")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
