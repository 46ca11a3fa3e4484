from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "tiquetera.tickets"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from tiquetera.policy.cache import watch

        from . import workload
        from .catalogue import CATALOGUE_MODELS
        from .lifecycle import billable  # noqa: F401  (opens cases their money released)

        watch(*CATALOGUE_MODELS)
        workload.connect()
