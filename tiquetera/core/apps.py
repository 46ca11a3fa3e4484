from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tiquetera.core"
    verbose_name = _("General")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deployment checks)
