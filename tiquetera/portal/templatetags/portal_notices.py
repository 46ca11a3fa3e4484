"""The portal's way of showing what intake told the requester (`case_selectors.portal_notice`)."""

from django import template

from tiquetera.directory.models import Organization
from tiquetera.tickets.models import Case

from ..case_selectors import portal_notice as notice_of
from ..selectors import without_a_plan as without_a_plan_of

register = template.Library()


@register.filter
def portal_notice(case: Case) -> str:
    """`{{ case|portal_notice|linebreaks }}`: the intake's message without the case page's own
    address."""
    return notice_of(case)


@register.simple_tag
def without_a_plan(organization: Organization) -> str:
    """`{% without_a_plan organization %}`: what a client with no plan in force can still do."""
    return without_a_plan_of(organization)
