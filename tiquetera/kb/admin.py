"""Categories and entries are edited in the admin (every edit audited); entries are published
and withdrawn with actions that go through the services, so an announcement tells the
requesters of the feature requests it resolves. Ratings are read here, never written."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tiquetera.core.admin import AuditedAdmin, LabelledTabularInline

from .errors import KbError
from .models import Category, Entry, Rating, ResolvedCase
from .services import notify_resolved_requesters, publish_entry, unpublish_entry


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    list_display = ["name", "policy", "position"]
    list_editable = ["position"]
    list_filter = ["policy"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class ResolvedCaseInline(LabelledTabularInline):
    model = ResolvedCase
    extra = 0
    raw_id_fields = ["case"]
    readonly_fields = ["notified_at"]
    verbose_name = _("feature request it resolves")
    verbose_name_plural = _("feature requests it resolves (announcements)")


@admin.register(Entry)
class EntryAdmin(AuditedAdmin):
    list_display = ["title", "kind", "category", "status", "visibility", "published_at", "policy"]
    list_filter = ["policy", "kind", "status", "visibility", "category"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "published_at", "author", "updated_at"]
    inlines = [ResolvedCaseInline]
    actions = ["publish", "unpublish"]
    fields = [
        "policy",
        "kind",
        "category",
        "title",
        "slug",
        "visibility",
        "body_markdown",
        "related",
        "status",
        "published_at",
        "author",
        "updated_at",
    ]

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if not change and request.user.is_authenticated:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        entry = form.instance
        if entry.is_published and entry.kind == Entry.Kind.ANNOUNCEMENT:
            notify_resolved_requesters(entry, actor=request.user)  # cases linked just now

    @admin.action(description=_("Publish the selected entries"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Entry]) -> None:
        done = 0
        for entry in queryset:
            try:
                publish_entry(entry, actor=request.user)
            except KbError as error:
                self.message_user(request, f"{entry}: {error.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d entry published.", "%(count)d entries published.", done)
            % {"count": done},
        )

    @admin.action(description=_("Withdraw the selected entries (back to draft)"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Entry]) -> None:
        done = 0
        for entry in queryset:
            try:
                unpublish_entry(entry, actor=request.user)
            except KbError as error:
                self.message_user(request, f"{entry}: {error.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d entry withdrawn.", "%(count)d entries withdrawn.", done)
            % {"count": done},
        )


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["entry", "useful", "comment", "user", "updated_at"]
    list_filter = ["useful"]
    search_fields = ["entry__title", "comment"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
