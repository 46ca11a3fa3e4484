"""The portal's way of showing what intake told the requester (`case_selectors.portal_notice`)."""

from django import template

from tiquetera.tickets.models import Case

from ..case_selectors import portal_notice as notice_of

register = template.Library()


@register.filter
def portal_notice(case: Case) -> str:
    """`{{ case|portal_notice|linebreaks }}`: the intake's message without the case page's own
    address."""
    return notice_of(case)
