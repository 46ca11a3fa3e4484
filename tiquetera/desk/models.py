"""What the agents' workspace keeps of its own: each agent's saved queue views."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedView(models.Model):
    """A named set of queue filters an agent keeps (`desk.queue.QueueFilters.as_dict`)."""

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_views",
        verbose_name=_("agent"),
    )
    name = models.CharField(_("name"), max_length=80)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["agent", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "name"], name="saved_view_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
