"""The agents' decisions on emails whose sender was not verified (channels/email/senders.py): a
reply held on the case, and a case parked because the email that opened it was not vouched for."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.channels.email.models import InboundEmail
from tiquetera.channels.email.senders import accept_held, discard_held
from tiquetera.tickets.intake.pipeline import SENDER_UNVERIFIED, decide_sender
from tiquetera.tickets.models import Case
from tiquetera.tickets.statuses import Status

DECISIONS = [("accept", _("accept it")), ("discard", _("discard it"))]


class HeldEmailForm(forms.Form):
    """Which held email, and what becomes of it; a discarded one needs the reason."""

    email = forms.TypedChoiceField(label=_("Held email"), coerce=int)
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why it is discarded"), required=False, max_length=500, widget=forms.Textarea
    )

    def __init__(
        self, *args: Any, case: Case, emails: list[InboundEmail] | None = None, **kwargs: Any
    ) -> None:
        """`emails`: the case's emails when already read (the case page), else they are."""
        super().__init__(*args, **kwargs)
        if emails is None:
            emails = list(InboundEmail.objects.filter(case=case, status=InboundEmail.Status.HELD))
        held = sorted(
            (email for email in emails if email.status == InboundEmail.Status.HELD),
            key=lambda email: email.pk,
        )
        choices = [(email.pk, f"{email.sender} · {email.subject}") for email in held]
        field = self.fields["email"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices
        self.offered = bool(choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "discard" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the email is discarded."))
        return data


class SenderDecisionForm(forms.Form):
    """Let in or turn away a case parked because its sender was not verified."""

    decision = forms.ChoiceField(
        label=_("The case"),
        choices=[("accept", _("let it in: the sender is genuine")), ("refuse", _("turn it away"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


def sender_parked(case: Case) -> bool:
    return case.status == Status.PENDING_VERIFICATION and case.intake_reason == SENDER_UNVERIFIED


def decide_held_email(case: Case, data: dict[str, Any], user: Any) -> object:
    inbound = InboundEmail.objects.get(pk=data["email"], case=case)
    if data["decision"] == "accept":
        return accept_held(inbound, actor=user)
    return discard_held(inbound, actor=user, reason=data["reason"])


def decide_parked_sender(case: Case, data: dict[str, Any], user: Any) -> object:
    return decide_sender(case, actor=user, accept=data["decision"] == "accept", note=data["note"])
