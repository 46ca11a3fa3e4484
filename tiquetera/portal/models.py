"""What the portal itself stores: the client's satisfaction with a resolved case."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Satisfaction(models.Model):
    """The survey's one answer for a resolved or closed case: a score from 1 to 5 and a
    comment, by a contact of the case's organization (`services.rate_case`)."""

    SCORES = range(1, 6)

    case = models.OneToOneField(
        "tickets.Case",
        on_delete=models.CASCADE,
        related_name="satisfaction",
        verbose_name=_("case"),
    )
    contact = models.ForeignKey(
        "directory.Contact",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("contact"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("satisfaction answer")
        verbose_name_plural = _("satisfaction answers")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="satisfaction_score_1_to_5"
            )
        ]
        indexes = [models.Index(fields=["created"], name="satisfaction_created")]  # a month's

    def __str__(self) -> str:
        return f"{self.case_id}: {self.score}"
