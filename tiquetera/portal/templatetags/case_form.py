"""The case form's fields drawn as `portal/_field.html` draws them, kept per policy revision.

On a form not posted, a field whose value comes from the policy (none, one of its choices, the
type the form shows) draws the same HTML for every client of the policy in one language: its
label, help text, widget, choices and the scope categories' explanations come from the policy's
revision. The case form page draws about ten fields, each a template include and a widget
template — about half of the page's CPU —, so their HTML is kept with the revision
(`CasePolicy.drawn`, gone when the policy changes), in a bounded number of variants. What a
person typed (a form redrawn for another type), the phone on file, the form's one-time token
and a posted form with its errors are drawn every time. The guide beside the form
(`portal/_guide.html`: the policy's severities and writing rules) is kept the same way, per
language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms, template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

if TYPE_CHECKING:
    from tiquetera.tickets.intake.case_policy import CasePolicy

register = template.Library()

VARIANTS_MAX = 1000  # per policy revision and channel: languages × types × fields


@register.filter
def drawn(fields: forms.BoundField | Iterable[forms.BoundField]) -> SafeString:
    """Each field (or the one field) as `portal/_field.html` draws it, one after the other."""
    if isinstance(fields, forms.BoundField):
        fields = [fields]
    return mark_safe("".join(_drawn(field) for field in fields))  # HTML drawn by _field.html


@register.simple_tag
def guide(policy: CasePolicy) -> SafeString:
    """`portal/_guide.html` for `policy`, drawn once per revision and language."""
    key = ("guide", get_language())
    html = policy.drawn.get(key)
    if html is None:
        html = render_to_string("portal/_guide.html", {"policy": policy})
        if len(policy.drawn) < VARIANTS_MAX:
            policy.drawn[key] = html
    return mark_safe(html)  # HTML drawn by _guide.html


def _drawn(field: forms.BoundField) -> str:
    key = _key(field)
    if key is None:
        return _draw(field)
    kept: dict[tuple[Any, ...], str] = field.form.policy.drawn  # type: ignore[attr-defined]
    html = kept.get(key)
    if html is None:
        html = _draw(field)
        if len(kept) < VARIANTS_MAX:
            kept[key] = html
    return html


def _draw(field: forms.BoundField) -> str:
    return render_to_string("portal/_field.html", {"field": field})


def _key(field: forms.BoundField) -> tuple[Any, ...] | None:
    """What the field's HTML depends on besides the policy's revision, or None when it depends
    on something else (the form was posted, or the value is not the policy's)."""
    form: Any = field.form
    if form.is_bound or not hasattr(form, "policy"):
        return None
    value = field.value()
    chosen = form.chosen.key if form.chosen else ""
    if not _from_policy(field, value, chosen):
        return None
    widget = field.field.widget
    return (
        get_language(),
        chosen,
        field.html_name,
        field.auto_id,
        str(field.label),
        str(field.help_text),
        field.field.required,
        type(widget).__qualname__,
        repr(sorted(widget.attrs.items())),
        repr(value),
    )


def _from_policy(field: forms.BoundField, value: Any, chosen: str) -> bool:
    if value in (None, "", [], ()):
        return True
    if field.name == "shown_type":
        return bool(value == chosen)
    choices = getattr(field.field, "choices", None)
    return isinstance(value, str) and choices is not None and value in {str(k) for k, _ in choices}
