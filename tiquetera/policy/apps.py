from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "tiquetera.policy"
    verbose_name = _("Support policy")
