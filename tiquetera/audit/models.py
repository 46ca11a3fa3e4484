"""The append-only log of every state change: who did what to which row, before and after.

Append-only three times over: the model refuses to save an existing row or delete one, its
QuerySet refuses bulk update() and delete(), and database triggers (migration 0001) refuse any
UPDATE or DELETE by raw SQL. The one update the triggers allow is the database forgetting a
deleted user or organization (their foreign keys set to NULL); `actor_label` and
`target_label` keep the names.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import AuditError


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditError("append_only")

    def delete(self) -> NoReturn:
        raise AuditError("append_only")


class AuditEvent(models.Model):
    """One state change: `verb` done by `actor` to `target`, with the changed fields' values."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_label = models.CharField(
        _("actor's name"), max_length=200, help_text=_("Kept when the user is deleted.")
    )
    verb = models.CharField(_("verb"), max_length=64, help_text=_("e.g. contract.started"))
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("target type")
    )
    object_id = models.CharField(_("target id"), max_length=64)
    target_label = models.CharField(_("target"), max_length=200)
    before = models.JSONField(_("before"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="audit_target_at"),
            models.Index(fields=["organization", "at"], name="audit_organization_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.verb} {self.target_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditError("append_only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditError("append_only")
