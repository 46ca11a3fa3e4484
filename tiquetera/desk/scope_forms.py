"""The desk's forms about scope (seeds 002 and 004): the client's answer to a referral, given to an
agent, and an accepted case marked out of scope. Rendered by `desk/_case_scope.html`."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.tickets.models import Case, ScopeCategory


class ConsentDecisionForm(forms.Form):
    """What the client answered about the referral of their case to the partner (seed 002)."""

    decision = forms.ChoiceField(
        label=_("The client"),
        choices=[
            ("accept", _("consents to the referral")),
            ("decline", _("declines the referral")),
        ],
        widget=forms.RadioSelect,
    )


class OutOfScopeForm(forms.Form):
    """An accepted case marked out of scope: what to do with it, the policy's category that
    names it (optional: its words, sales contact or partner are what the requester reads) and
    the reason, told to the requester."""

    action = forms.ChoiceField(
        label=_("What to do"),
        choices=[
            (ScopeCategory.Action.REJECT, _("refuse it: it is not support")),
            (ScopeCategory.Action.SALES, _("send it to sales")),
            (ScopeCategory.Action.REFER, _("refer it to a partner, with the client's consent")),
        ],
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    reason = forms.CharField(
        label=_("Reason, told to the requester"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = ScopeCategory.objects.filter(policy_id=case.policy_id).exclude(
            action=ScopeCategory.Action.ACCEPT
        )
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— none —")), *((c.key, c.name) for c in categories)]
