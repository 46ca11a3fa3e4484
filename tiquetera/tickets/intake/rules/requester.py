"""Who may open a case: the requester rule (seed 002's USR)."""

from __future__ import annotations

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from tiquetera.directory.models import Contact
from tiquetera.policy.sections import intake as spec

from ...statuses import Status
from .base import PASS, Draft, Verdict, park, reject


def requester(draft: Draft, params: spec.RequesterRule) -> Verdict:
    """Seed 002: only the USR — temporarily the manager or administrator — reports cases; others
    are invalid unless the USR verifies them."""
    contact = draft.requester
    if draft.verified:
        return PASS
    if contact and contact.is_active and contact.may_open_cases and contact.role in params.roles:
        return PASS
    allowed = get_text_list([str(Contact.Role(role).label) for role in params.roles], _("or"))
    if params.others == "verify":
        return park(
            Status.PENDING_VERIFICATION,
            "needs_verification",
            _(
                "Cases of %(organization)s are opened by its %(allowed)s. We have asked your "
                "supervisor (USR) to verify this case; it will be attended once verified."
            )
            % {"organization": draft.organization.legal_name, "allowed": allowed},
        )
    return reject(
        Status.INVALID,
        "not_authorized",
        _(
            "Cases of %(organization)s can only be opened by its %(allowed)s. Please ask one of "
            "them to open it."
        )
        % {"organization": draft.organization.legal_name, "allowed": allowed},
    )
