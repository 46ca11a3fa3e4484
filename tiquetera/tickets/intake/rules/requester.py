"""Who may open a case: the requester rule (seed 002's USR and its temporary stand-ins)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from tiquetera.core.dates import long_date
from tiquetera.directory.models import Contact, Organization
from tiquetera.policy.sections import intake as spec

from ...statuses import Status
from .base import PASS, Draft, Verdict, park, reject


def requester(draft: Draft, params: spec.RequesterRule) -> Verdict:
    """Seed 002: only the USR — temporarily the manager or administrator — reports cases; others
    are invalid unless the USR verifies them."""
    contact = draft.requester
    if draft.verified:
        return PASS
    if contact and contact.is_active and contact.may_open_cases:
        if contact.role in params.roles:
            return PASS
        if contact.role in params.stand_ins:
            today = draft.now.astimezone(ZoneInfo(draft.organization.time_zone)).date()
            stood_for = draft.reads.principal_present(draft.organization, params.roles, today)
            if stood_for is None:
                return PASS
            return _refused(draft, params, _stand_in_message(draft, params, stood_for))
    allowed = get_text_list([_role(role) for role in params.roles], _("or"))
    return _refused(
        draft,
        params,
        _("Cases of %(organization)s are opened by its %(allowed)s.")
        % {"organization": draft.organization.legal_name, "allowed": allowed},
    )


def principals_present(
    organization: Organization, roles: Sequence[str], today: dt.date
) -> QuerySet[Contact]:
    """The organization's contacts with one of `roles` who can open cases today (not away)."""
    return organization.contacts.filter(
        Q(away_until__isnull=True) | Q(away_until__lt=today),
        role__in=list(roles),
        is_active=True,
        may_open_cases=True,
    ).order_by("pk")


def _refused(draft: Draft, params: spec.RequesterRule, why: str) -> Verdict:
    if params.others == "verify":
        return park(
            Status.PENDING_VERIFICATION,
            "needs_verification",
            why
            + " "
            + _(
                "We have asked your supervisor (USR) to verify this case; it will be attended "
                "once verified."
            ),
        )
    return reject(Status.INVALID, "not_authorized", why + " " + _("Please ask them to open it."))


def _stand_in_message(draft: Draft, params: spec.RequesterRule, stood_for: Contact) -> str:
    return _(
        "Cases of %(organization)s are opened by %(name)s, its %(role)s; the %(stand_ins)s open "
        "them only while there is none, or while they are away."
    ) % {
        "organization": draft.organization.legal_name,
        "name": stood_for.name,
        "role": _role(stood_for.role),
        "stand_ins": get_text_list([_role(role) for role in params.stand_ins], _("and")),
    }


def _role(role: str) -> str:
    return str(Contact.Role(role).label)


def stand_in_notice(organization: Organization, at: dt.datetime) -> str:
    """What the organization's page warns about when the policy's requester rule names roles (a
    USR) and none of them can open cases today: who opens them meanwhile. Empty otherwise."""
    from ...catalogue import catalogue

    kinds = {kind: params for _position, kind, params in catalogue(organization.policy_id).rules}
    if "requester" not in kinds:
        return ""
    params = spec.RequesterRule(rule="requester", **kinds["requester"])
    today = at.astimezone(ZoneInfo(organization.time_zone)).date()
    if principals_present(organization, params.roles, today).exists():
        return ""
    away = (
        organization.contacts.filter(
            role__in=params.roles, is_active=True, may_open_cases=True, away_until__gte=today
        )
        .order_by("away_until")
        .first()
    )
    if away is not None and away.away_until is not None:
        why = _("%(name)s, its %(role)s, is away until %(date)s.") % {
            "name": away.name,
            "role": _role(away.role),
            "date": long_date(away.away_until),
        }
    else:
        why = _("%(organization)s has no %(roles)s who can open cases.") % {
            "organization": organization.legal_name,
            "roles": get_text_list([_role(role) for role in params.roles], _("or")),
        }
    if params.stand_ins:
        then = _("Meanwhile its %(stand_ins)s open them.") % {
            "stand_ins": get_text_list([_role(role) for role in params.stand_ins], _("and"))
        }
    elif params.others == "verify":
        then = _("Meanwhile its cases wait for verification.")
    else:
        then = _("Meanwhile its cases are refused.")
    return f"{why} {then}"
