"""The case form built from the organization's policy: its case types and severities, the
fields and prerequisites the chosen type asks for, the phone and the channel justification the
intake rules look for, and attachments checked as the tickets app will store them.

The form only makes sure what the policy makes mandatory is there and well formed; whether the
case is accepted, parked or refused is for the intake rules to say (`tickets.intake`). The phone
channel (`channels/phone`) uses the same form without attachments, for a case opened on a
client's behalf, and so does the desk's "new case" page.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiquetera.core.labels import severity_label
from tiquetera.core.widgets import FilePicker
from tiquetera.directory.errors import InvalidValue
from tiquetera.directory.validation import normalize_phone, phone_example
from tiquetera.tickets.attachments import AttachmentError, check_upload, max_bytes
from tiquetera.tickets.intake.request import SUBJECT_MAX
from tiquetera.tickets.models import CaseType, ScopeCategory

from .case_policy import CasePolicy
from .rules.scope import scope_notice

FIELD_PREFIX = "field_"


class MultipleFileInput(FilePicker):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, multiple=True)


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items:
            super().clean(None, initial)  # "required" when it is
            return []
        single = super().clean  # (a comprehension has no zero-argument super)
        return [single(item, initial) for item in items]


class CaseForm(forms.Form):
    """A new case as the policy of `case_policy.organization` asks for it.

    The chosen type decides the rest: its required fields (`field_<key>`, required), the policy's
    other fields (optional), its prerequisites (checkboxes) and whether a description or an
    attachment is required. `shown_type` is the type the form was drawn for: a submission whose
    type differs only redraws the form (how the type is changed without JavaScript); a type the
    policy does not offer is an error.
    """

    case_type = forms.ChoiceField(
        label=gettext_lazy("Type of case"),
        error_messages={
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not one of the types of case offered to you: choose one of the "
                "list."
            )
        },
    )
    shown_type = forms.CharField(widget=forms.HiddenInput, required=False)
    # one per drawn form: the same form sent twice (a double click, a resend) makes one case
    form_token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput, required=False)
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=SUBJECT_MAX,
        help_text=gettext_lazy(
            "What happens, in a few words: the more descriptive, the better we can prioritise it."
        ),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        strip=True,
        help_text=gettext_lazy(
            "The exact menu or path where it happens, the data you entered (names, dates, "
            "documents, values) and the error code the system shows, if any."
        ),
    )
    phone = forms.CharField(label=gettext_lazy("Contact phone"), max_length=32, required=False)
    attachments = MultipleFileField(label=gettext_lazy("Attachments"), required=False)
    channel_justification = forms.CharField(
        label=gettext_lazy("Why this channel"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=gettext_lazy(
            "Cases are received through the case form; say why this one comes another way "
            "(e.g. no Internet access)."
        ),
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        *,
        case_policy: CasePolicy,
        case_type: str | None = None,
        with_attachments: bool = True,
        redraw_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, **kwargs)  # type: ignore[arg-type]
        self.policy = case_policy
        self.scope_notices: list[tuple[str, str]] = []
        self.chosen = self._chosen_type(case_type)
        self._choices("case_type", [(t.key, t.name) for t in case_policy.case_types])
        self.fields["case_type"].initial = self.chosen.key if self.chosen else None
        self.fields["shown_type"].initial = self.chosen.key if self.chosen else ""
        self.fields["form_token"].initial = uuid.uuid4().hex
        if not case_policy.case_types:  # a policy without types: none is asked (nor required)
            del self.fields["case_type"]
        elif redraw_url:  # htmx redraws the type block when the type changes
            self.fields["case_type"].widget.attrs.update(
                {
                    "hx-get": redraw_url,
                    "hx-target": "#type-fields",
                    "hx-include": "#type-fields",
                    "hx-trigger": "change",
                }
            )
        self._severity(case_policy)
        self._category(case_policy)
        self._type_fields(case_policy)
        self._requester(case_policy)
        if not with_attachments:
            del self.fields["attachments"]
        else:
            self.fields["attachments"].help_text = _(
                "Screenshots or documents, up to %(size)s each."
            ) % {"size": filesizeformat(max_bytes())}
            self.fields["attachments"].required = self._requires("attachments")
        self.fields["description"].required = self._requires("description")
        self.order_fields(
            [
                "case_type",
                "shown_type",
                "severity",
                *self.type_field_names,
                "prerequisites",
                "category",
                "subject",
                "description",
                "phone",
                "attachments",
                "channel_justification",
            ]
        )

    # --- building ----------------------------------------------------------------------------
    def _chosen_type(self, requested: str | None) -> CaseType | None:
        key = self.data.get("case_type") if self.is_bound else None
        key = key or requested or self.initial.get("case_type")
        return self.policy.case_type(key) or next(iter(self.policy.case_types), None)

    def _requires(self, key: str) -> bool:
        return bool(self.chosen and key in self.chosen.required_fields)

    def _severity(self, case_policy: CasePolicy) -> None:
        if not case_policy.severities:
            del self.fields["severity"]
            return
        self._choices(
            "severity", [(s.code, severity_label(s.code, s.name)) for s in case_policy.severities]
        )
        field = self.fields["severity"]
        default = self.chosen.default_severity if self.chosen else ""
        field.initial = default or None
        if default:
            field.help_text = _("The type suggests %(severity)s; change it if it does not fit.") % {
                "severity": default
            }

    def _category(self, case_policy: CasePolicy) -> None:
        if not case_policy.categories:
            del self.fields["category"]
            return
        choices = [("", _("— none —")), *((c.key, c.name) for c in case_policy.categories)]
        self._choices("category", choices)
        # said before the case is sent: what happens to each category that is not support
        self.scope_notices = [
            (category.name, scope_notice(category))
            for category in case_policy.categories
            if category.action != ScopeCategory.Action.ACCEPT
        ]
        if self.scope_notices:
            self.fields["category"].help_text = _(
                "Choose it if your request is one of these: some are not technical support."
            )

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def _type_fields(self, case_policy: CasePolicy) -> None:
        required = [
            key
            for key in (self.chosen.required_fields if self.chosen else [])
            if key not in ("description", "attachments")
        ]
        by_key = {f.key: f for f in case_policy.fields}
        # the type's required fields first, in its order, then the policy's others (optional)
        specs = [(key, by_key.get(key)) for key in required]
        specs += [(f.key, f) for f in case_policy.fields if f.key not in required]
        self.type_field_names: list[str] = []
        for key, case_field in specs:
            name = FIELD_PREFIX + key
            self.fields[name] = forms.CharField(
                label=case_field.label if case_field else key,
                help_text=case_field.help_text if case_field else "",
                required=key in required,
            )
            self.type_field_names.append(name)
        steps = list(self.chosen.prerequisites) if self.chosen else []
        if steps:
            self.fields["prerequisites"] = forms.MultipleChoiceField(
                label=_("Before opening the case"),
                choices=[(str(i), step) for i, step in enumerate(steps)],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text=_("Confirm the steps you did: a case without them may be refused."),
            )

    def _requester(self, case_policy: CasePolicy) -> None:
        if not case_policy.phone_asked:
            del self.fields["phone"]
        else:
            phone = self.fields["phone"]
            phone.required = case_policy.phone_required
            example = phone_example(case_policy.organization.country)
            phone.help_text = _(
                "With country and area code, e.g. %(example)s, so we can call you back."
            ) % {"example": example}
        if not case_policy.justification:
            del self.fields["channel_justification"]
        else:
            required = case_policy.justification == "required"
            self.fields["channel_justification"].required = required

    # --- reading -----------------------------------------------------------------------------
    @property
    def redraw_requested(self) -> bool:
        """A submission drawn for another type than the one chosen, or sent with the "show the
        fields of this type" button: redraw the form for the chosen type, judge nothing. A type
        not offered is judged (an error says so), never silently swapped for the first one."""
        if not self.is_bound or self.chosen is None:
            return False
        if self.data.get("case_type") and self.chosen.key != self.data.get("case_type"):
            return False
        return "redraw" in self.data or self.data.get("shown_type", "") != self.chosen.key

    @property
    def block_fields(self) -> list[forms.BoundField]:
        """The fields of the type block, in order."""
        names = ["shown_type", "severity", *self.type_field_names, "prerequisites"]
        return [self[name] for name in names if name in self.fields]

    @property
    def case_fields(self) -> list[forms.BoundField]:
        """The fields after the type block, in order."""
        names = ["category", "subject", "description", "phone", "attachments"]
        return [self[name] for name in [*names, "channel_justification"] if name in self.fields]

    @property
    def requirements(self) -> str:
        """What else the chosen type requires, in words ("a description and attachments")."""
        needs = []
        if self._requires("description"):
            needs.append(_("a description"))
        if self._requires("attachments"):
            needs.append(_("screenshots or attachments"))
        return get_text_list(needs, _("and")) if needs else ""

    def clean_phone(self) -> str:
        value: str = self.cleaned_data.get("phone", "")
        if value:
            try:
                normalize_phone(value, self.policy.organization.country)
            except InvalidValue as error:
                raise forms.ValidationError(error.message, code=error.code) from None
        return value  # as typed: the phone rule normalises it and says so

    def clean_attachments(self) -> list[tuple[str, bytes]]:
        return checked_files(self.cleaned_data.get("attachments"))

    def case_values(self) -> dict[str, Any]:
        """What the pipeline's `IntakeRequest` takes from the form (cleaned)."""
        data = self.cleaned_data
        steps = list(self.chosen.prerequisites) if self.chosen else []
        return {
            "case_type": data.get("case_type", ""),
            "severity": data.get("severity", ""),
            "category": data.get("category", ""),
            "subject": data["subject"],
            "description": data.get("description", ""),
            "fields": {
                name[len(FIELD_PREFIX) :]: value
                for name, value in data.items()
                if name.startswith(FIELD_PREFIX) and value
            },
            "prerequisites_done": [steps[int(i)] for i in data.get("prerequisites", [])],
            "requester_phone": data.get("phone", ""),
            "channel_justification": data.get("channel_justification", ""),
            "attachments": data.get("attachments", []),
        }

    def posted(self) -> dict[str, Any]:
        """The submission as posted, for the raw payload: every field's text and the files'
        names and sizes (never their bytes, nor the CSRF token)."""
        assert self.is_bound
        values: dict[str, Any] = {}
        for key in self.data:
            if key == "csrfmiddlewaretoken":
                continue
            items: Sequence[str] = self.data.getlist(key)  # type: ignore[attr-defined]
            values[key] = items[0] if len(items) == 1 else list(items)
        uploads = self.files.getlist("attachments") if hasattr(self.files, "getlist") else []
        values["attachments"] = [
            {"name": upload.name, "size": upload.size, "content_type": upload.content_type}
            for upload in uploads
        ]
        return values


def redrawn(case_policy: CasePolicy, case_type: str | None, typed: Any, **kwargs: Any) -> CaseForm:
    """An unbound form for `case_type` that keeps what was typed (`typed`, a QueryDict) and
    shows no errors: the form redrawn after the type changed, by htmx or by a submission."""
    initial: dict[str, Any] = {
        key: typed.getlist(key) if key == "prerequisites" else typed.get(key)
        for key in typed
        if key not in ("csrfmiddlewaretoken", "shown_type", "severity")  # the new type's own
    }
    initial["case_type"] = case_type
    return CaseForm(case_policy=case_policy, case_type=case_type, initial=initial, **kwargs)


def door_case_form(
    case_policy: CasePolicy,
    data: Any = None,
    *,
    redraw: bool = False,
    redraw_url: str,
    initial: Mapping[str, Any],
    description_help: str,
) -> CaseForm:
    """The case form an agent fills at a door (a logged call, an inquiry): without files, the
    description optional (`description_help` says what stands in for it); posted `data` is
    judged, or only redrawn for the chosen type."""
    if redraw and data is not None:
        chosen = data.get("case_type")
        form = redrawn(case_policy, chosen, data, with_attachments=False, redraw_url=redraw_url)
    elif data is not None:
        form = CaseForm(
            data, case_policy=case_policy, with_attachments=False, redraw_url=redraw_url
        )
    else:
        form = CaseForm(
            case_policy=case_policy,
            with_attachments=False,
            redraw_url=redraw_url,
            initial=dict(initial),
        )
    form.fields["description"].required = False
    form.fields["description"].help_text = description_help
    return form


def checked_files(uploads: Any) -> list[tuple[str, bytes]]:
    """Each uploaded file checked as the tickets app will store it (size, type, not a program):
    (name, content) pairs, or one ValidationError listing every file refused."""
    files: list[tuple[str, bytes]] = []
    problems: list[str] = []
    for upload in uploads or []:
        try:
            checked = check_upload(upload)
        except AttachmentError as error:
            problems.append(error.message)
        else:
            files.append((checked.name, checked.content))
    if problems:
        raise forms.ValidationError(problems)
    return files


class TextOrFiles(forms.Form):
    """A message with an `attachments` field (replies and notes, from the desk and the portal):
    its files checked as intake checks them, and some text or at least one file."""

    def clean_attachments(self) -> list[tuple[str, bytes]]:
        return checked_files(self.cleaned_data.get("attachments"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("attachments") and not self.errors:
            raise forms.ValidationError(_("Write some text or attach a file."), code="empty")
        return data
