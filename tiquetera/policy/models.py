import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
