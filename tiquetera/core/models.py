from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """The last run of one periodic job (the SLA sweep, one mailbox's fetch): what the metrics
    endpoint reads for the sweep's duration and lag and the email fetch lag. One row per job,
    overwritten by each run (tiquetera/core/jobruns.py)."""

    name = models.CharField(_("job"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    duration_seconds = models.FloatField(_("duration (seconds)"))
    succeeded_at = models.DateTimeField(_("last success"), null=True, blank=True)
    error = models.TextField(_("error of the last run"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")

    def __str__(self) -> str:
        return self.name
