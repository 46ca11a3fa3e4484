"""The desk's forms about scope (seeds 002 and 004): the client's answer to a referral, given to an
agent, and an accepted case marked out of scope. Rendered by `desk/_case_scope.html`."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.tickets.models import Case


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


def scope_forms(case: Case) -> dict[str, Any]:
    """The blank scope forms of the case page."""
    return {"consent": ConsentDecisionForm()}
