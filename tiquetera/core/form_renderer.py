"""The form renderer: Django's own widget templates, two of them made cheaper.

In Django's templates a `<select>` includes a template per option, which includes another for
its attributes (two template renders an option), and every `<input>` includes the attributes'
template. The case page's action forms hold about seventy options (the agents to assign to,
statuses, severities…) and twenty inputs, and those includes were about a sixth of the page's
CPU. `form_templates/django/forms/widgets/select.html` and `input.html` write the options and
attributes in their own loops, with the same markup, byte for byte; every other template is
Django's.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils.functional import cached_property

OURS = Path(__file__).resolve().parent / "form_templates"
DJANGO = Path(django.forms.__file__).resolve().parent / "templates"


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self) -> DjangoTemplatesBackend:
        return self.backend(
            {"APP_DIRS": True, "DIRS": [OURS, DJANGO], "NAME": "djangoforms", "OPTIONS": {}}
        )
