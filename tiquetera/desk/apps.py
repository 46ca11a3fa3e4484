from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "tiquetera.desk"
    verbose_name = _("Agents' desk")
