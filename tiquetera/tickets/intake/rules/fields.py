"""What the case says: the fields the policy requires, and a needless "URGENTE" in the subject."""

from __future__ import annotations

import re

from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from tiquetera.policy.sections import intake as spec

from ...statuses import Status
from .base import PASS, Draft, Verdict, flag, park, plain, reject


def required_fields(draft: Draft, params: spec.RequiredFieldsRule) -> Verdict:
    """Seed 004: tickets lacking application, module, process, description … are closed with the
    reason and a guide to writing them."""
    missing: list[str] = []
    labels = {"name": _("full name"), "email": _("email"), "phone": _("contact phone")}
    given = {"name": draft.name, "email": draft.email, "phone": draft.phone_given}
    missing += [str(labels[key]) for key in params.requester if not given[key].strip()]
    if draft.case_type is None and draft.case_types_defined:
        missing.append(_("type"))
    elif draft.case_type is not None:
        for key in draft.case_type.required_fields:
            if key == "description":
                present = bool(draft.request.description)
            elif key == "attachments":
                present = bool(draft.request.attachments)
            else:
                present = bool(draft.request.fields.get(key, "").strip())
            if not present:
                missing.append(_field_label(draft, key))
    if not missing:
        return PASS
    what = get_text_list(missing, _("and"))
    if params.missing == "close":
        return reject(
            Status.CLOSED,
            "insufficient_information",
            _(
                "The case lacks the information needed to attend it: %(missing)s. It has been "
                "closed; please open a new case with those details."
            )
            % {"missing": what}
            + draft.guide,
        )
    return park(
        Status.PENDING_INFORMATION,
        "insufficient_information",
        _(
            "The case lacks the information needed to attend it: %(missing)s. Reply to this "
            "case with those details and we will take it from there."
        )
        % {"missing": what}
        + draft.guide,
    )


def _field_label(draft: Draft, key: str) -> str:
    if key == "description":
        return _("description")
    if key == "attachments":
        return _("screenshots or attachments")
    found = draft.fields.get(key)
    return found.label if found else key


def urgent_word(draft: Draft, params: spec.UrgentWordRule) -> Verdict:
    """Seed 004: avoid "URGENTE" in a subject unless the need is critical and immediate."""
    if draft.severity is not None and draft.severity.urgent:
        return PASS
    subject = plain(draft.request.subject)
    for word in params.words:
        if re.search(rf"\b{re.escape(plain(word))}\b", subject):
            return flag(
                "urgent_word",
                _(
                    "The subject says “%(word)s” but the severity %(severity)s is not an urgency: "
                    "the case is attended by its severity."
                )
                % {"word": word, "severity": draft.severity_code or "—"},
            )
    return PASS
