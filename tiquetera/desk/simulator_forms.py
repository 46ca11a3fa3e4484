"""The Simulador's form: a policy file pasted (prefilled with the one in force) or uploaded, a
window and, optionally, one organization. A file's problems come back as lines of the file."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.core.widgets import DatePicker, FilePicker
from tiquetera.directory.models import Organization
from tiquetera.policy.models import Policy
from tiquetera.policy.problems import PolicyFileError, format_path

MAX_FILE_BYTES = 1_000_000  # a policy file is a few kilobytes


class SimulationForm(forms.Form):
    text = forms.CharField(
        label=_("Policy file"),
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 24, "spellcheck": "false", "class": "policy-text", "wrap": "off"}
        ),
        help_text=_("Edit the policy in force, or paste another file."),
    )
    upload = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        widget=FilePicker(attrs={"accept": ".toml,text/plain"}),
        help_text=_("A .toml file; when given, it is simulated instead of the text above."),
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=DatePicker(),
        help_text=_("Empty: the day the file takes effect, once it has come."),
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=DatePicker(), help_text=_("Empty: today.")
    )
    organization = forms.ChoiceField(label=_("Organization"), required=False)

    def __init__(self, *args: object, policy: Policy, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        organizations = Organization.objects.filter(policy=policy).order_by("legal_name")
        organization = self.fields["organization"]
        assert isinstance(organization, forms.ChoiceField)
        organization.choices = [("", _("All organizations"))] + [
            (tax_id, f"{name} ({tax_id})")
            for tax_id, name in organizations.values_list("tax_id", "legal_name")
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload:
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError(_("The file is too large for a policy file."))
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a policy file or upload one."))
        return data

    def filename(self, policy: Policy) -> str:
        upload = self.cleaned_data.get("upload")
        return upload.name if upload else f"{policy.slug}.toml"


@dataclass(frozen=True)
class FileProblem:
    """One problem of the file, beside the line it is on."""

    line: int | None
    source: str  # the line's text
    where: str  # the field path
    message: str


def file_problems(error: PolicyFileError, text: str) -> list[FileProblem]:
    lines = text.replace("\r\n", "\n").split("\n")
    return [
        FileProblem(
            line=problem.line,
            source=lines[problem.line - 1] if problem.line and problem.line <= len(lines) else "",
            where=format_path(problem.path),
            message=problem.message,
        )
        for problem in error.problems
    ]
