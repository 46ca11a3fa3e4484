"""Refusals of the tickets app: a code for programs and a translated message."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tiquetera.core.errors import DomainError

MESSAGES: dict[str, Promise] = {
    "illegal_transition": _("A case cannot go from “%(source)s” to “%(target)s”."),
    "unknown_status": _("“%(value)s” is not a case status."),
    # lifecycle (tickets/lifecycle/)
    "case_final": _("Case %(number)s is %(status)s: it can no longer change."),
    "invalid_choice": _("“%(value)s” is not a valid %(field)s."),
    "nothing_to_assign": _("Choose a team or an agent to assign the case to."),
    "agent_inactive": _("%(agent)s is not an active agent."),
    "agent_not_in_team": _("%(agent)s is not a member of the team “%(team)s”."),
    "unknown_modality": _("“%(modality)s” is not a support modality of this policy (%(ladder)s)."),
    "skip_reason_required": _(
        "“%(modality)s” skips %(skipped)s on the support ladder: say why the step is skipped."
    ),
    "remote_tool_required": _("Say which tool the remote session used."),
    "remote_tool_not_allowed": _("Remote sessions use %(tools)s, not “%(tool)s”."),
    "remote_session_required": _("A remote session needs its session id."),
    "subject_required": _("The new case needs a subject."),
    "merge_into_self": _("A case cannot be a duplicate of itself."),
    "merge_other_organization": _(
        "Case %(number)s belongs to another organization: only cases of the same organization "
        "can be merged."
    ),
    "merge_into_duplicate": _(
        "Case %(number)s is itself a duplicate of %(original)s: merge into that one."
    ),
    "already_duplicate": _("Case %(number)s is already a duplicate of %(original)s."),
    "duplicate_not_closable": _(
        "Only a new, pending, waiting or resolved case can be closed as a duplicate; this one is "
        "“%(status)s”."
    ),
    "fix_date_past": _("The committed fix date %(date)s has already passed."),
    "not_escalated": _("Case %(number)s is not escalated to R&D."),
    "not_a_feature_request": _("Case %(number)s is not a feature request."),
    "study_exists": _("Case %(number)s is already being studied."),
    "no_study": _("Case %(number)s has no feature study: start one first."),
    "study_decided": _("The study of case %(number)s is already decided: %(decision)s."),
    "bad_amount": _("A quote needs an amount above zero, not %(value)s."),
    "no_currency": _("No support plan of this policy says in which currency to quote."),
    "unknown_service": _("There is no extra service “%(service)s” in the policy's catalogue."),
    "release_required": _("Name the release the feature will ship in."),
    "reason_required": _("Give the reason."),
    "not_allowed_here": _(
        "Only the requester, the organization's supervisor (USR) or a person authorized to sign "
        "purchase orders may do this."
    ),
    "not_out_of_scope_now": _(
        "Only an open, in-progress or waiting case can be marked out of scope; this one is "
        "“%(status)s”."
    ),
    "unknown_scope_action": _(
        "“%(value)s” is not what to do with a case out of scope: refuse it, send it to sales or "
        "refer it to a partner."
    ),
    "unknown_scope_category": _("“%(value)s” is not a scope category of this case's policy."),
    "unknown_signer": _("The signer must be a contact of the case's organization."),
    "unknown_severity": _("“%(value)s” is not a severity of this case's policy."),
    "same_severity": _("The case already has the severity %(value)s."),
    "unknown_case_type": _("“%(value)s” is not a case type of this case's policy."),
    "same_case_type": _("The case is already of the type %(value)s."),
    "resolution_required": _("Write the resolution before resolving the case."),
    "tag_empty": _("Write the tag (words separated by commas for several)."),
    "tag_too_long": _("The tag “%(value)s…” is too long: at most %(max)s characters."),
    "not_allowed": _(
        "Only the person who opened the case, or who follows all of the organization's cases, "
        "may do this."
    ),
}


class TicketsError(DomainError):
    """A change the tickets app refuses: `code` says why."""

    messages = MESSAGES
