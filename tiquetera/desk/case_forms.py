"""The small forms of the agents' case page, one per action (`case_actions.py`).

Forms only parse: what the domain decides (a transition the table refuses, a duplicate of
itself, a rung skipped without reason…) is left to the service, whose Spanish message is shown
beside the form.
"""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tiquetera.core.queries import Prepared
from tiquetera.core.widgets import DatePicker
from tiquetera.directory.models import Agent, Team
from tiquetera.sla.models import Clock, Metric
from tiquetera.tickets.attachments import max_bytes
from tiquetera.tickets.catalogue import catalogue
from tiquetera.tickets.intake.forms import MultipleFileField, TextOrFiles
from tiquetera.tickets.models import Case, Channel, ContactAttempt
from tiquetera.tickets.statuses import TRANSITIONS, Status

from .models import CannedResponse, Macro

TEXT_MAX = 100_000
# Statuses with their own form: resolving needs the resolution, R&D the committed fix date.
OWN_FORM = frozenset({Status.RESOLVED, Status.ESCALATED_RD})


def canned_responses_for(case: Case) -> QuerySet[CannedResponse]:
    """The canned responses offered on the case: its policy's and the general ones."""
    return _canned_of(case.policy_id)


def canned_response_list(case: Case) -> list[CannedResponse]:
    """`canned_responses_for(case)`'s rows, by title: the case page's picker."""
    return _CANNED.all(case.policy_id)  # type: ignore[no-any-return]


def _canned_of(policy_id: int) -> QuerySet[CannedResponse]:
    return CannedResponse.objects.filter(Q(policy__isnull=True) | Q(policy_id=policy_id))


_CANNED = Prepared(_canned_of, int)  # on every case page: compiled once (core/queries.py)


# What "send and set status" may move the case to, after the reply (issue 17).
THEN_STATUSES = (Status.WAITING_ON_CLIENT, Status.RESOLVED)


class ComposerForm(TextOrFiles):
    """A text and files, each file checked as intake checks them (`checked_files`)."""

    body = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea)
    attachments = MultipleFileField(label=_("Attachments"), required=False)
    name = "reply"  # the action; it prefixes the fields' ids (both forms share one page)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.name}-%s")
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _("Up to %(size)s each.") % {
            "size": filesizeformat(max_bytes())
        }


class ReplyForm(ComposerForm):
    """The public reply; `then` is the status the case moves to once it is sent ("send and
    set status"), offered only where the lifecycle table allows it from the case's status."""

    then = forms.ChoiceField(required=False, choices=[("", "")])

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Reply")
        self.fields["body"].widget.attrs["rows"] = 5
        targets = TRANSITIONS.get(Status(case.status), frozenset())
        self.then_offered = [status for status in THEN_STATUSES if status in targets]
        self.fields["then"].choices = [  # type: ignore[attr-defined]
            ("", ""),
            *((status.value, status.label) for status in self.then_offered),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("then") == Status.RESOLVED and not (data.get("body") or "").strip():
            raise forms.ValidationError(
                _("Write the reply: it is the resolution the client reads."), code="resolution"
            )
        return data


class NoteForm(ComposerForm):
    name = "note"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Internal note")
        self.fields["body"].widget.attrs["rows"] = 3


class AssignForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.all(), required=False)
    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=Agent.objects.filter(is_active=True, user__is_active=True).select_related("user"),
        required=False,
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"team": case.team_id})
        super().__init__(*args, **kwargs)


class StatusForm(forms.Form):
    """Any status parses (the lifecycle table refuses what it does not allow); the select
    offers only the moves the table allows from the case's status."""

    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = TRANSITIONS.get(Status(case.status), frozenset()) - OWN_FORM
        self.allowed = [(value, label) for value, label in Status.choices if value in targets]
        self.fields["status"].widget.choices = self.allowed  # type: ignore[attr-defined]

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        if status in OWN_FORM:
            raise forms.ValidationError(
                _("Use its own form: resolving needs the resolution, R&D the fix date.")
            )
        return status


class SeverityForm(forms.Form):
    """The policy's severities, most urgent first; the service refuses the case's own."""

    severity = forms.ChoiceField(label=_("New severity"))
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        severities = sorted(catalogue(case.policy_id).severities.values(), key=lambda s: s.rank)
        self.fields["severity"].choices = [  # type: ignore[attr-defined]
            (s.code, f"{s.code} · {s.name}") for s in severities if s.code != case.severity
        ]


class CaseTypeForm(forms.Form):
    """The policy's case types; the service refuses the case's own. Its SLA targets follow."""

    case_type = forms.ChoiceField(label=_("New type"))
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = sorted(catalogue(case.policy_id).case_types.values(), key=lambda t: t.position)
        self.fields["case_type"].choices = [  # type: ignore[attr-defined]
            (t.key, t.name) for t in types if t.key != case.case_type
        ]


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Resolution"),
        max_length=TEXT_MAX,
        required=False,  # the service says what is missing
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ContactAttemptForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial="phone")
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactAttempt.Outcome.choices)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class TimeForm(forms.Form):
    """Minutes worked on the case, billed as `billing.services.log_time` says (the plan's
    fraction and hourly rate) unless not billable."""

    minutes = forms.IntegerField(label=_("Minutes worked"), min_value=1, max_value=24 * 60)
    worked_on = forms.DateField(
        label=_("Day worked"), widget=DatePicker(), initial=timezone.localdate
    )
    description = forms.CharField(
        label=_("What was done"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    billable = forms.BooleanField(
        label=_("Billable"),
        required=False,
        initial=True,
        help_text=_("Unchecked, the time is recorded without a charge (time the plan covers)."),
    )


class RemoteSessionForm(forms.Form):
    tool = forms.CharField(label=_("Tool"), max_length=50, required=False)
    session_id = forms.CharField(label=_("Session id"), max_length=100, required=False)
    skip_reason = forms.CharField(label=_("Why a step is skipped"), max_length=1000, required=False)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class OnsiteVisitForm(forms.Form):
    skip_reason = forms.CharField(label=_("Why a step is skipped"), max_length=1000, required=False)
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        help_text=_("When and where the visit is, and what it is for."),
    )


class SplitForm(forms.Form):
    subject = forms.CharField(label=_("Subject of the new case"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Duplicate of case number"),
        max_length=32,
        widget=forms.TextInput(attrs={"placeholder": "JQ-2026-000123"}),
    )


class EscalateForm(forms.Form):
    fix_due_on = forms.DateField(
        label=_("Committed fix date"),
        widget=DatePicker(),
        help_text=_("The day R&D commits to; the client is told by email."),
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)


class PriceDecisionForm(forms.Form):
    """What the client answered about the price a case waits for (seeds 001, 003)."""

    decision = forms.ChoiceField(
        label=_("The client"),
        choices=[("accept", _("accepts the price")), ("decline", _("declines the price"))],
        widget=forms.RadioSelect,
    )


class OverrideForm(forms.Form):
    """The metric must be one of the case's clocks still counting (running or paused)."""

    metric = forms.ChoiceField(label=_("Target"), choices=Metric.choices)
    minutes = forms.IntegerField(label=_("Business minutes"), min_value=1, max_value=10_000_000)
    reason = forms.CharField(label=_("What was agreed, and why"), max_length=1000, required=False)

    def __init__(self, *args: Any, clocks: list[Clock], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offered = counting_metrics(clocks)
        self.fields["metric"].widget.choices = self.offered  # type: ignore[attr-defined]


def counting_metrics(clocks: list[Clock]) -> list[tuple[str, Any]]:
    """The metrics (value, label) of `clocks` still counting: the targets one may override."""
    counting = {clock.metric for clock in clocks if clock.state in ("running", "paused")}
    return [(value, label) for value, label in Metric.choices if value in counting]


class MacroForm(forms.Form):
    """A macro of the case's policy (or a general one); whose it is, the action checks."""

    macro = forms.ModelChoiceField(label=_("Macro"), queryset=Macro.objects.none())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["macro"].queryset = Macro.objects.filter(  # type: ignore[attr-defined]
            Q(policy__isnull=True) | Q(policy_id=case.policy_id)
        )
