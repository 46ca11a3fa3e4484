"""`{% load access %}`: links shown only to those they open for."""

from typing import Any

from django import template
from django.contrib import admin

register = template.Library()


@register.simple_tag(takes_context=True)
def may_configure(context: dict[str, Any]) -> bool:
    """Whether the configuration (Django's admin) has anything for the signed-in user: an agent
    without admin rights would find an empty page there, so the header hides its link."""
    request = context.get("request")
    if request is None or not admin.site.has_permission(request):
        return False
    return bool(request.user.is_superuser or admin.site.get_app_list(request))
