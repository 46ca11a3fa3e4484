"""Knowledge base models: categories, entries (articles and announcements), the feature-request
cases an announcement resolves, and readers' "was this useful?" ratings. Everything hangs from a
support policy: an installation may run several vendors' policies side by side."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .rendering import render_markdown

# Paths under /kb/ an entry's slug may not take.
RESERVED_SLUGS = {"announcements"}


class Category(models.Model):
    """A shelf of articles in a policy's knowledge base, listed by `position`."""

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="kb_categories",
        verbose_name=_("policy"),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("identifier"), max_length=60)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["policy", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "slug"], name="kb_category_slug_in_policy")
        ]

    def __str__(self) -> str:
        return self.name


class Entry(models.Model):
    """An article or an announcement. `body_html` is the sanitised rendering of
    `body_markdown`, refreshed on every save. Slugs are unique in the installation: they are
    the entry's address, /kb/<slug>/."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        ANNOUNCEMENT = "announcement", _("announcement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("everyone")
        CLIENTS = "clients", _("clients of the policy")
        AGENTS = "agents", _("agents only")

    policy = models.ForeignKey(
        "policy.Policy",
        on_delete=models.CASCADE,
        related_name="kb_entries",
        verbose_name=_("policy"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ARTICLE)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("category"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    body_markdown = models.TextField(_("text (Markdown)"), blank=True)
    body_html = models.TextField(_("text (HTML)"), blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=Visibility.choices, default=Visibility.CLIENTS
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, verbose_name=_("related entries")
    )
    resolves = models.ManyToManyField(
        "tickets.Case",
        through="ResolvedCase",
        blank=True,
        related_name="kb_announcements",
        verbose_name=_("feature requests it resolves"),
    )

    class Meta:
        verbose_name = _("knowledge base entry")
        verbose_name_plural = _("knowledge base entries")
        ordering = ["title"]
        indexes = [
            models.Index(fields=["status", "visibility", "policy"], name="kb_entry_visible"),
            models.Index(fields=["kind", "published_at"], name="kb_entry_kind_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body_html = render_markdown(self.body_markdown)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body_markdown" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This identifier is reserved: choose another.")})
        if self.category is not None and self.category.policy_id != self.policy_id:
            raise ValidationError({"category": _("The category belongs to another policy.")})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ResolvedCase(models.Model):
    """A feature-request case an announcement resolves; its requester is told once
    (`notified_at`) when the announcement is published."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("announcement")
    )
    case = models.ForeignKey(
        "tickets.Case",
        on_delete=models.CASCADE,
        related_name="kb_resolutions",
        verbose_name=_("case"),
    )
    notified_at = models.DateTimeField(_("requester notified"), null=True, blank=True)

    class Meta:
        verbose_name = _("resolved feature request")
        verbose_name_plural = _("resolved feature requests")
        constraints = [
            models.UniqueConstraint(fields=["entry", "case"], name="kb_resolved_case_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry} → {self.case}"

    def clean(self) -> None:
        from .services import resolution_problem  # services import these models

        if self.case_id is None:
            return
        # In the admin the entry may be the one being added: set on the row, not yet saved.
        entry = getattr(self, "entry", None) if self.entry_id is None else self.entry
        if entry is not None and (problem := resolution_problem(entry, self.case)) is not None:
            raise ValidationError(problem.message)


class Rating(models.Model):
    """A reader's "was this useful?": one per signed-in user, or per anonymous session."""

    entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("entry")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    session_key = models.CharField(_("anonymous session"), max_length=40, blank=True)
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "user"],
                condition=Q(user__isnull=False),
                name="kb_rating_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["entry", "session_key"],
                condition=Q(user__isnull=True),
                name="kb_rating_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(session_key=""),
                name="kb_rating_has_a_rater",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry}: {'+' if self.useful else '-'}"
