"""Admin pieces shared by the apps."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tiquetera.audit.services import record


class AuditedAdmin(admin.ModelAdmin):
    """Configuration edited in the admin (calendars, plans, the case catalogue …) leaves one
    audit event per row created, changed or deleted — inline rows included — with the fields
    that changed, by the signed-in user: "config.created", "config.changed", "config.deleted"."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        changed = list(form.changed_data)
        before = {name: form.initial.get(name) for name in changed} if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and not changed:
                return
            record(
                actor=request.user,
                verb="config.changed" if change else "config.created",
                target=obj,
                before=before,
                after={name: form.cleaned_data.get(name) for name in changed},
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            _deleted(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                _deleted(request, obj)
            super().delete_queryset(request, queryset)

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        with transaction.atomic():
            for deleted in formset.deleted_forms:
                if deleted.instance.pk is not None:
                    _deleted(request, deleted.instance)
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                record(actor=request.user, verb="config.created", target=obj)
            for obj, fields in formset.changed_objects:
                record(
                    actor=request.user,
                    verb="config.changed",
                    target=obj,
                    after={name: _value(obj, name) for name in fields},
                )


def _deleted(request: HttpRequest, obj: models.Model) -> None:
    record(actor=request.user, verb="config.deleted", target=obj, before={"was": str(obj)})


def _value(obj: models.Model, name: str) -> Any:
    return getattr(obj, getattr(obj._meta.get_field(name), "attname", name), None)


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose inputs are named for screen readers: Django's table heads the
    columns but labels no input, so each one carries its field's label (`aria-label`)."""

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        for field in formset.form.base_fields.values():
            if field.label is not None:
                field.widget.attrs.setdefault("aria-label", field.label)

        def add_fields(self: Any, form: Any, index: int | None) -> None:
            formset.add_fields(self, form, index)
            if "DELETE" in form.fields:  # the formset's own checkbox, added per form
                form.fields["DELETE"].widget.attrs.setdefault("aria-label", _("Delete"))

        return type(formset.__name__, (formset,), {"add_fields": add_fields})


class NamedValuesListFilter(admin.AllValuesFieldListFilter):
    """Filter by a free-text column's values; the empty one reads "(empty)", not a blank link."""

    def choices(self, changelist: Any) -> Any:
        for choice in super().choices(changelist):
            if not str(choice.get("display", "")).strip():
                choice = {**choice, "display": _("(empty)")}
            yield choice
