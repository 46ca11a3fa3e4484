"""The words for our codes: intake rules, the flags and reasons they give, and audit verbs.

One place, so no page, email or CSV shows `other_channel` or `case.rated`: templates use the
`labels` filters (`{{ flag|reason_label }}`), Python calls `rule_label`, `reason_label` and
`verb_label`. A code without a label (a new one) falls back to a readable form of itself
("new_code" -> "New code") rather than the identifier.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RULES: dict[str, Promise] = {
    "requester": _("Who may open cases"),
    "standing": _("Payment standing"),
    "active_plan": _("Active plan"),
    "coverage": _("Plan coverage"),
    "required_fields": _("Required information"),
    "channel": _("Channel"),
    "generic_mailbox": _("Generic mailbox"),
    "phone": _("Phone number"),
    "urgent_word": _("Urgent in the subject"),
    "scope": _("Scope of support"),
    "prerequisites": _("Prior steps"),
    "out_of_hours": _("Service hours"),
    "sender": _("Email sender"),
}

# Flags raised for the agent and the reasons a case was parked or refused.
REASONS: dict[str, Promise] = {
    "behind_on_payments": _("Client behind on payments"),
    "no_active_plan": _("No active plan"),
    "not_covered": _("Not covered by the plan"),
    "not_authorized": _("Requester not authorized"),
    "needs_verification": _("Awaiting the supervisor's verification"),
    "sender_unverified": _("Sender not verified"),
    "sender_accepted": _("Sender accepted by an agent"),
    "sender_refused": _("Sender refused by an agent"),
    "insufficient_information": _("Information missing"),
    "other_channel": _("Arrived by another channel"),
    "wrong_channel": _("Channel not accepted"),
    "email_invalid": _("Invalid email address"),
    "generic_mailbox": _("Generic mailbox"),
    "phone_rewritten": _("Phone number rewritten"),
    "phone_invalid": _("Invalid phone number"),
    "phone_missing": _("Phone number missing"),
    "urgent_word": _("“Urgent” in the subject"),
    "possibly_out_of_scope": _("Possibly out of scope"),
    "out_of_scope": _("Out of scope"),
    "routed_to_sales": _("Referred to sales"),
    "needs_consent": _("Awaiting the client's consent"),
    "prerequisites_missing": _("Prior steps missing"),
    "out_of_hours": _("Out of service hours"),
    "billable_per_event": _("Billed per event"),
    "per_event": _("Per event"),
    "urgency_notice_pending": _("Urgency notice pending"),
    "urgency_notice": _("Urgency notice recorded"),
    "subject_cut": _("Subject shortened"),
    "attachment_refused": _("Attachment refused"),
    "bug_fix_included": _("Bug fix included in the plan"),
    "feature_study": _("Feature request to study"),
    "purchase_order_required": _("Purchase order required"),
    "price_acceptance_required": _("Price to be accepted"),
    "extra_ticket_offered": _("Extra ticket offered"),
    "quota_no_active_plan": _("Refused: no active plan"),
    "quota_not_included": _("Refused: not included in the plan"),
    "quota_exhausted": _("Refused: nothing left this period"),
    "quota_out_of_hours": _("Refused: out of the plan's hours"),
    "required_fields": _("Required information missing"),
    "verified": _("Verified by the supervisor"),
    # why a WhatsApp message was not taken in, or not sent (the channel's admin)
    "unknown_number": _("Number on no contact"),
    "ambiguous_number": _("Number on several contacts"),
    "unsupported_type": _("Message type not taken in"),
    "outside_window": _("Outside WhatsApp's 24-hour window"),
    "case_final": _("Case already closed"),
    "empty_article": _("Empty message"),
    "body_too_long": _("Message too long"),
    "too_long": _("Text too long"),
    "no_subject": _("No subject or description"),
    "unknown_requester": _("Unknown requester"),
}

VERBS: dict[str, Promise] = {
    "case.created": _("Case opened"),
    "case.intake_rerun": _("Intake rules run again"),
    "case.status_changed": _("Status changed"),
    "case.assigned": _("Assigned"),
    "case.replied": _("Public reply written"),
    "case.noted": _("Internal note written"),
    "case.event": _("System event"),
    "case.attachment_added": _("Attachment added"),
    "case.urgency_notified": _("Urgency notice recorded"),
    "case.contact_attempt_logged": _("Contact attempt logged"),
    "case.modality_step_recorded": _("Support modality step recorded"),
    "case.fix_date_changed": _("Committed fix date changed"),
    "case.study_started": _("Feature study started"),
    "case.study_quoted": _("Custom development quoted"),
    "case.study_on_roadmap": _("Feature put on the roadmap"),
    "case.study_rejected": _("Feature request found not viable"),
    "case.sla_overridden": _("SLA target agreed with the client"),
    "case.sla_breached": _("SLA target breached"),
    "case.severity_raised": _("Severity raised"),
    "case.severity_changed": _("Severity changed"),
    "case.tagged": _("Tags added"),
    "case.untagged": _("Tag removed"),
    "case.type_changed": _("Case type changed"),
    "case.rated": _("Service rated by the client"),
    "call.logged": _("Call logged"),
    "call.recorded_on_case": _("Call recorded on the case"),
    "call.case_opened": _("Case opened from a call"),
    "inquiry.opened": _("Inquiry received"),
    "inquiry.client_wrote": _("The client wrote on the inquiry"),
    "inquiry.answered": _("Inquiry answered"),
    "inquiry.closed": _("Inquiry closed"),
    "inquiry.turned_into_case": _("Inquiry turned into a case"),
    "inquiry.linked": _("Inquiry linked to a contact"),
    "organization.created": _("Organization created"),
    "organization.updated": _("Organization updated"),
    "organization.imported": _("Organization imported"),
    "organization.standing_set": _("Payment standing set"),
    "contact.created": _("Contact created"),
    "contact.updated": _("Contact updated"),
    "contact.invited": _("Contact invited to the portal"),
    "contact.portal_login_granted": _("Portal access granted"),
    "agent.added": _("Agent added"),
    "agent.updated": _("Agent updated"),
    "contract.started": _("Contract started"),
    "contract.renewed": _("Contract renewed"),
    "contract.expired": _("Contract expired"),
    "contract.cancelled": _("Contract cancelled"),
    "contract.cancellation_requested": _("Contract cancellation requested"),
    "consumption.credited_back": _("Ticket credited back"),
    "consumption.accepted": _("Price accepted"),
    "purchase_order.attached": _("Purchase order attached"),
    "billing.quote_created": _("Quote proposed"),
    "billing.quote_accepted": _("Quote accepted"),
    "billing.quote_declined": _("Quote declined"),
    "policy.loaded": _("Policy loaded"),
    "policy.revision_scheduled": _("Policy revision scheduled"),
    "policy.revision_applied": _("Scheduled policy revision applied"),
    "policy.revision_failed": _("Scheduled policy revision could not be applied"),
    "policy.revision_cancelled": _("Scheduled policy revision cancelled"),
    "policy.release_announced": _("Release announced"),
    "kb.entry_created": _("Knowledge-base entry created"),
    "kb.entry_changed": _("Knowledge-base entry changed"),
    "kb.entry_published": _("Knowledge-base entry published"),
    "kb.entry_unpublished": _("Knowledge-base entry unpublished"),
    "kb.requesters_notified": _("Requesters notified of the entry"),
    "kb.cases_linked": _("Cases linked to the entry"),
    "kb.rated": _("Knowledge-base entry rated"),
    "whatsapp.delivery_retried": _("WhatsApp delivery retried"),
    "email.retried": _("Email processed again"),
    "email.accepted": _("Held email accepted"),
    "email.discarded": _("Held email discarded"),
    "api_token.issued": _("API token issued"),
    "api_token.revoked": _("API token revoked"),
    "config.created": _("Configuration created"),
    "config.changed": _("Configuration changed"),
    "config.deleted": _("Configuration deleted"),
}

# The notes the system writes on an event as a code (what a status change came from); any other
# note is an agent's own words.
NOTES: dict[str, Promise] = {
    "purchase_order": _("The signed purchase order was received."),
    "accepted": _("The client accepted the price."),
    "declined": _("The client declined the price."),
    "consent": _("The client answered about the referral."),
}


def _readable(code: str) -> str:
    words = code.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def severity_label(code: str, name: str) -> str:
    """A severity as a list offers it: "S2 · Incidencia"; "Normal" alone when its name only
    repeats its code (Soho Apps' "NORMAL"), never "NORMAL · Normal"."""
    return name if name.casefold() == code.casefold() else f"{code} · {name}"


def rule_label(code: str) -> str:
    """The intake rule `code` in words ("active_plan" -> "Plan activo")."""
    return str(RULES[code]) if code in RULES else _readable(code)


def reason_label(code: str) -> str:
    """A flag or a park/refusal reason in words ("other_channel" -> "Llegó por otro canal")."""
    return str(REASONS[code]) if code in REASONS else _readable(code)


def verb_label(verb: str) -> str:
    """An audit verb in words ("case.rated" -> "Servicio calificado por el cliente")."""
    return str(VERBS[verb]) if verb in VERBS else _readable(verb)


def note_label(note: str) -> str:
    """An event's note: words for the system's codes ("purchase_order" -> "Se recibió la orden de
    compra firmada."), an agent's own text as written."""
    return str(NOTES[note]) if note in NOTES else note
